//! Building one upstream request: parameters in every OpenAPI style, and
//! bodies by media type. A submodule of `runtime`, whose items it
//! re-exports.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{HeaderName, HeaderValue};
use serde_json::Value;

use super::{CallError, argument_error};

/// Left as they are in a path segment, query-free: RFC 3986's unreserved set.
/// Everything else, `/`, `?`, `#` and `%` included, is percent-encoded, so a
/// value can never leave its segment.
pub(super) const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// How a parameter value is written (OpenAPI `style`). Swagger 2.0's
/// `ssv`, `pipes` and `tsv` collection formats are also allowed in paths
/// and headers, joining array items with their delimiter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `a,b`: the default for path and header parameters.
    Simple,
    /// `.a.b` in a path.
    Label,
    /// `;x=a,b` in a path.
    Matrix,
    /// `x=a,b` (or `x=a&x=b` exploded): the default for query parameters.
    Form,
    /// `x=a%20b`.
    SpaceDelimited,
    /// `x=a|b`.
    PipeDelimited,
    /// Array items joined by tabs: Swagger 2.0's `collectionFormat: tsv`,
    /// which OpenAPI 3 has no style for.
    TabDelimited,
    /// The value as one JSON text: a parameter described by `content:
    /// application/json` instead of a schema (OpenAPI 3.0.3, section 4.7.12).
    Json,
    /// `x[k]=v` for an object.
    DeepObject,
}

/// A field of a multipart body that the spec says how to send: a file, or
/// a field with an `encoding.contentType`.
#[derive(Debug, Clone, Copy)]
pub struct Part {
    /// The field, which is also the part's name.
    pub name: &'static str,
    /// Given base64-encoded; sent as bytes.
    pub file: bool,
    /// The part's `Content-Type`, when the spec sets one.
    pub content_type: Option<&'static str>,
}

/// One HTTP request, assembled piece by piece: by an [`Operation`](super::Operation)
/// from its table, or by hand in a user's own tool.
pub struct Request {
    /// The tool name of the operation, for hooks and logs.
    pub(super) operation: &'static str,
    /// The operation's security alternatives, as indices into `SCHEMES`.
    pub(super) security: &'static [&'static [usize]],
    /// The operation's own server URL, if the spec gives one.
    pub(super) server: Option<&'static str>,
    /// The media types the spec promises for a success.
    pub(super) expected: &'static [&'static str],
    pub(super) method: reqwest::Method,
    pub(super) path: String,
    pub(super) query: Vec<(String, String)>,
    pub(super) headers: Vec<(HeaderName, HeaderValue)>,
    pub(super) cookies: Vec<String>,
    pub(super) body: Option<Body>,
}

/// A request body, ready to send.
pub(super) enum Body {
    Bytes(&'static str, Vec<u8>),
    Multipart(reqwest::multipart::Form),
}

impl Request {
    /// A request of `operation` (its tool name) with the alternative
    /// security requirements `security` (indices into the crate's
    /// `SCHEMES`); the path and parameters are added next.
    pub fn new(
        method: reqwest::Method,
        operation: &'static str,
        security: &'static [&'static [usize]],
    ) -> Self {
        Request {
            operation,
            security,
            server: None,
            expected: &[],
            method,
            path: String::new(),
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
        }
    }

    /// Sends this request to the operation's own server, unless the user
    /// set a base URL.
    pub fn server(&mut self, url: &'static str) {
        self.server = Some(url);
    }

    /// Sets the media types a successful response may have.
    pub fn expect(&mut self, media_types: &'static [&'static str]) {
        self.expected = media_types;
    }

    /// Appends literal text of the path template.
    pub fn push_path(&mut self, literal: &str) {
        self.path.push_str(literal);
    }

    /// Appends one path parameter, percent-encoded so it fills exactly one
    /// segment whatever it contains.
    pub fn path_param(
        &mut self,
        name: &str,
        value: Value,
        style: Style,
        explode: bool,
    ) -> Result<(), CallError> {
        let items = match style {
            Style::Json => vec![value.to_string()],
            _ => items(&value, explode, "="),
        };
        // An empty value would turn `/items/{id}` into `/items/`: another
        // endpoint.
        if items.iter().all(String::is_empty) {
            return Err(argument_error(name, "a path parameter cannot be empty"));
        }
        if items.iter().any(|i| i == "." || i == "..") {
            return Err(argument_error(
                name,
                "`.` and `..` cannot be sent as a path segment",
            ));
        }
        let encoded: Vec<String> = items
            .iter()
            .map(|i| utf8_percent_encode(i, SEGMENT).to_string())
            .collect();
        match style {
            Style::Label => {
                self.path.push('.');
                self.path
                    .push_str(&encoded.join(if explode { "." } else { "," }));
            }
            Style::Matrix => {
                if explode && value.is_array() {
                    for item in &encoded {
                        self.path.push_str(&format!(";{name}={item}"));
                    }
                } else {
                    self.path
                        .push_str(&format!(";{name}={}", encoded.join(",")));
                }
            }
            _ => {
                // A comma is a sub-delimiter that may stand in a segment
                // (RFC 3986, section 3.3); the others are encoded.
                let delimiter = match style.delimiter() {
                    "," => ",".to_string(),
                    other => utf8_percent_encode(other, SEGMENT).to_string(),
                };
                self.path.push_str(&encoded.join(&delimiter));
            }
        }
        Ok(())
    }

    /// Adds a query pair that the spec fixes in the path itself.
    pub fn push_query(&mut self, name: &str, value: &str) {
        self.query.push((name.to_string(), value.to_string()));
    }

    /// Adds a query parameter in its style; an absent value adds nothing.
    pub fn query(
        &mut self,
        name: &str,
        value: Value,
        style: Style,
        explode: bool,
    ) -> Result<(), CallError> {
        match (&value, style) {
            (Value::Null, _) => {}
            (_, Style::Json) => self.query.push((name.to_string(), value.to_string())),
            (Value::Object(map), Style::DeepObject) => {
                for (key, v) in map {
                    self.query.push((format!("{name}[{key}]"), text(v)));
                }
            }
            (Value::Object(map), _) if explode => {
                for (key, v) in map {
                    self.query.push((key.clone(), text(v)));
                }
            }
            (Value::Array(list), Style::Form) if explode => {
                for v in list {
                    self.query.push((name.to_string(), text(v)));
                }
            }
            _ => self.query.push((name.to_string(), joined(&value, style))),
        }
        Ok(())
    }

    /// Adds a header in its style; a value with CR, LF or other control
    /// bytes is refused, so no argument can inject headers.
    pub fn header(&mut self, name: &str, value: Value, style: Style) -> Result<(), CallError> {
        if value.is_null() {
            return Ok(());
        }
        let joined = joined(&value, style);
        let header_value = HeaderValue::from_str(&joined).map_err(|_| {
            argument_error(name, "a header value cannot contain control characters")
        })?;
        let header_name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| argument_error(name, "not a valid header name"))?;
        self.headers.push((header_name, header_value));
        Ok(())
    }

    /// Adds a cookie in its style, its value percent-encoded.
    pub fn cookie(&mut self, name: &str, value: Value, style: Style) -> Result<(), CallError> {
        if !value.is_null() {
            let joined = joined(&value, style);
            self.cookies
                .push(format!("{name}={}", utf8_percent_encode(&joined, SEGMENT)));
        }
        Ok(())
    }

    /// Sets the JSON body; an absent optional body sends none.
    pub fn json_body(&mut self, media_type: &'static str, value: Value) -> Result<(), CallError> {
        if !value.is_null() {
            let bytes =
                serde_json::to_vec(&value).map_err(|e| argument_error("body", e.to_string()))?;
            self.body = Some(Body::Bytes(media_type, bytes));
        }
        Ok(())
    }

    /// Sets an `application/x-www-form-urlencoded` body. Arrays of scalars
    /// repeat their key; nested objects and arrays use brackets
    /// (`items[0][price]=1`), the convention form APIs such as Stripe read.
    pub fn form_body(&mut self, value: Value) -> Result<(), CallError> {
        let Value::Object(fields) = value else {
            return match value {
                Value::Null => Ok(()),
                _ => Err(argument_error("body", "a form body must be an object")),
            };
        };
        let mut pairs = Vec::new();
        for (key, v) in &fields {
            form_pairs(key, v, true, &mut pairs);
        }
        let encoded: Vec<String> = pairs
            .iter()
            .map(|(k, v)| {
                format!(
                    "{}={}",
                    utf8_percent_encode(k, SEGMENT),
                    utf8_percent_encode(v, SEGMENT)
                )
            })
            .collect();
        self.body = Some(Body::Bytes(
            "application/x-www-form-urlencoded",
            encoded.join("&").into_bytes(),
        ));
        Ok(())
    }

    /// Sets a `multipart/form-data` body, one part per field (OpenAPI
    /// 3.0.3, section 4.7.15, Encoding Object). A field of `parts` that is
    /// a file is given base64-encoded and sent as bytes with its content
    /// type (`application/octet-stream` unless the spec sets one); an array
    /// of them is one part per file. Any other field goes by its value: an
    /// object, or an array holding objects or arrays, is one JSON part
    /// (`application/json`); an array of scalars is one text part per item,
    /// under the same name; a scalar is one text part. A content type that
    /// `parts` sets is sent with the part, and a JSON one makes the part
    /// the value's JSON text.
    pub fn multipart_body(&mut self, value: Value, parts: &[Part]) -> Result<(), CallError> {
        let Value::Object(fields) = value else {
            return match value {
                Value::Null => Ok(()),
                _ => Err(argument_error("body", "a multipart body must be an object")),
            };
        };
        let mut form = reqwest::multipart::Form::new();
        for (key, v) in fields {
            let declared = parts.iter().find(|p| p.name == key);
            let content_type = declared.and_then(|p| p.content_type);
            let typed = |part: reqwest::multipart::Part, fallback: Option<&str>| match content_type
                .or(fallback)
            {
                Some(media_type) => part.mime_str(media_type).map_err(|_| {
                    argument_error(&key, "the spec's content type is not a media type")
                }),
                None => Ok(part),
            };
            let json_type = content_type.is_some_and(|t| t.contains("json"));
            if declared.is_some_and(|p| p.file) {
                let files = match v {
                    Value::Null => continue,
                    Value::Array(items) => items,
                    other => vec![other],
                };
                for file in files {
                    let bytes = decode_base64(&format!("body.{key}"), &file)?;
                    let part = reqwest::multipart::Part::bytes(bytes).file_name(key.clone());
                    form = form.part(key.clone(), typed(part, Some("application/octet-stream"))?);
                }
                continue;
            }
            let scalars = |items: &[Value]| items.iter().all(|i| !i.is_array() && !i.is_object());
            match v {
                Value::Null => {}
                Value::Array(items) if !json_type && scalars(&items) => {
                    for item in &items {
                        let part = reqwest::multipart::Part::text(text(item));
                        form = form.part(key.clone(), typed(part, None)?);
                    }
                }
                v @ (Value::Object(_) | Value::Array(_)) => {
                    let part = reqwest::multipart::Part::text(v.to_string());
                    form = form.part(key.clone(), typed(part, Some("application/json"))?);
                }
                v if json_type => {
                    let part = reqwest::multipart::Part::text(v.to_string());
                    form = form.part(key.clone(), typed(part, None)?);
                }
                v => {
                    let part = reqwest::multipart::Part::text(text(&v));
                    form = form.part(key.clone(), typed(part, None)?);
                }
            }
        }
        self.body = Some(Body::Multipart(form));
        Ok(())
    }

    /// Sets a text body, sent as it is.
    pub fn text_body(&mut self, media_type: &'static str, value: Value) -> Result<(), CallError> {
        match value {
            Value::Null => {}
            Value::String(s) => self.body = Some(Body::Bytes(media_type, s.into_bytes())),
            _ => return Err(argument_error("body", "must be a string")),
        }
        Ok(())
    }

    /// Sets a binary body from its base64 text.
    pub fn binary_body(
        &mut self,
        media_type: &'static str,
        value: Value,
    ) -> Result<(), CallError> {
        if !value.is_null() {
            self.body = Some(Body::Bytes(media_type, decode_base64("body", &value)?));
        }
        Ok(())
    }
}

fn form_pairs(key: &str, value: &Value, top: bool, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Array(items) if top && items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            out.extend(items.iter().map(|i| (key.to_string(), text(i))));
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                form_pairs(&format!("{key}[{i}]"), item, false, out);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                form_pairs(&format!("{key}[{k}]"), v, false, out);
            }
        }
        scalar => out.push((key.to_string(), text(scalar))),
    }
}

fn decode_base64(name: &str, value: &Value) -> Result<Vec<u8>, CallError> {
    use base64::Engine as _;
    let Value::String(encoded) = value else {
        return Err(argument_error(name, "must be a base64 string"));
    };
    base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .map_err(|e| argument_error(name, format!("not valid base64: {e}")))
}

/// A scalar as parameter text: strings unquoted, everything else as JSON.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A value as one parameter text: JSON for [`Style::Json`], otherwise its
/// [`items`] joined by the style's delimiter.
fn joined(value: &Value, style: Style) -> String {
    match style {
        Style::Json => value.to_string(),
        _ => items(value, false, ",").join(style.delimiter()),
    }
}

impl Style {
    /// What joins array items in this style when they are not exploded.
    fn delimiter(self) -> &'static str {
        match self {
            Style::SpaceDelimited => " ",
            Style::PipeDelimited => "|",
            Style::TabDelimited => "\t",
            _ => ",",
        }
    }
}

/// The texts of a value: one per array item, key and value pairs for an
/// object (`k=v` when exploded, `k,v` otherwise), or the scalar itself.
fn items(value: &Value, explode: bool, pair: &str) -> Vec<String> {
    match value {
        Value::Null => Vec::new(),
        Value::Array(list) => list.iter().map(text).collect(),
        Value::Object(map) if explode => map
            .iter()
            .map(|(k, v)| format!("{k}{pair}{}", text(v)))
            .collect(),
        Value::Object(map) => map.iter().flat_map(|(k, v)| [k.clone(), text(v)]).collect(),
        other => vec![text(other)],
    }
}

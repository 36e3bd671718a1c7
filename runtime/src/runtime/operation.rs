//! An operation's request as data. Each operation of a generated crate is
//! one `static` [`Operation`]: its method, path pieces, parameters with
//! their OpenAPI location, `style` and `explode`, and its body's encoding.
//! [`Operation::request`] reads the JSON arguments (the ones a model sends,
//! already checked against the tool's input schema) through that table, and
//! the typed client serializes its argument struct to the same JSON first.
//!
//! So the build code is this one function for every operation. A function
//! body per operation, with a derived `Deserialize` for each argument
//! struct, took rustc 4 GB and minutes on APIs of a thousand operations. A
//! submodule of `runtime`, whose items it re-exports.

use serde::Serialize;
use serde_json::{Map, Value};

use super::{CallError, Part, Request, Style, argument_error, whole_numbers_as_integers};

/// One operation of the API, as the generated `client::requests` declares
/// it.
#[derive(Debug)]
pub struct Operation {
    /// The tool name, passed along for hooks, logs and metrics.
    pub name: &'static str,
    /// The HTTP method.
    pub method: reqwest::Method,
    /// The alternative security requirements, as indices into the crate's
    /// `SCHEMES`.
    pub security: &'static [&'static [usize]],
    /// The operation's own server URL, when the spec gives one.
    pub server: Option<&'static str>,
    /// The media types the spec promises for a success.
    pub expected: &'static [&'static str],
    /// The path template, split at its parameters.
    pub path: &'static [Segment],
    /// Query pairs the spec fixes in the path key (`/items?kind=book`).
    pub fixed_query: &'static [(&'static str, &'static str)],
    /// The query, header and cookie parameters, in spec order.
    pub params: &'static [(Location, Param)],
    /// The request body, when the operation takes one.
    pub body: Option<BodyDef>,
}

/// A piece of a path template.
#[derive(Debug)]
pub enum Segment {
    /// Text sent as it is.
    Literal(&'static str),
    /// A `{name}` parameter, percent-encoded into its segment.
    Param(Param),
}

/// A parameter (OpenAPI 3.1, section 4.8.12, Parameter Object).
#[derive(Debug)]
pub struct Param {
    /// The name on the wire, e.g. `X-Request-Id`.
    pub name: &'static str,
    /// The property of the JSON arguments that holds its value; it differs
    /// from `name` when two locations share a name (`id`, `id_header`).
    pub argument: &'static str,
    /// `style`.
    pub style: Style,
    /// `explode`.
    pub explode: bool,
}

/// Where a parameter other than a path parameter goes (`in`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// `in: query`.
    Query,
    /// `in: header`.
    Header,
    /// `in: cookie`.
    Cookie,
}

/// A request body: the argument that holds it and how it is sent.
#[derive(Debug)]
pub struct BodyDef {
    /// The property of the JSON arguments that holds the body.
    pub argument: &'static str,
    /// The `Content-Type` sent, for encodings that carry one.
    pub media_type: &'static str,
    /// How the value is put on the wire.
    pub encoding: Encoding,
}

/// How a body value is put on the wire.
#[derive(Debug)]
pub enum Encoding {
    /// The value as JSON text.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`, with the fields the spec says how to send.
    Multipart(&'static [Part]),
    /// A string, sent as it is.
    Text,
    /// Base64 text, sent as bytes.
    Binary,
}

impl Operation {
    /// Builds the request from JSON `arguments`: one property per
    /// parameter (its [`Param::argument`]) and one for the body. An absent
    /// or `null` property sends nothing, except that a path parameter
    /// cannot be empty. Whole-number floats (`5.0`) are sent as integers,
    /// as JSON Schema counts them integers (2020-12 validation, section
    /// 6.1.1). The error names the argument at fault.
    pub fn request(&'static self, arguments: &Map<String, Value>) -> Result<Request, CallError> {
        let value = |name: &str| {
            let mut value = arguments.get(name).cloned().unwrap_or(Value::Null);
            whole_numbers_as_integers(&mut value);
            value
        };
        let mut request = Request::new(self.method.clone(), self.name, self.security);
        if let Some(server) = self.server {
            request.server(server);
        }
        request.expect(self.expected);
        for segment in self.path {
            match segment {
                Segment::Literal(text) => request.push_path(text),
                Segment::Param(p) => request.path_param(p.name, value(p.argument), p.style, p.explode)?,
            }
        }
        for (name, fixed) in self.fixed_query {
            request.push_query(name, fixed);
        }
        for (location, p) in self.params {
            let v = value(p.argument);
            match location {
                Location::Query => request.query(p.name, v, p.style, p.explode)?,
                Location::Header => request.header(p.name, v, p.style)?,
                Location::Cookie => request.cookie(p.name, v, p.style)?,
            }
        }
        if let Some(body) = &self.body {
            let v = value(body.argument);
            match body.encoding {
                Encoding::Json => request.json_body(body.media_type, v)?,
                Encoding::Form => request.form_body(v)?,
                Encoding::Multipart(parts) => request.multipart_body(v, parts)?,
                Encoding::Text => request.text_body(body.media_type, v)?,
                Encoding::Binary => request.binary_body(body.media_type, v)?,
            }
        }
        Ok(request)
    }

    /// [`request`](Self::request) from a typed argument struct, serialized
    /// to JSON first: the typed client's way in.
    pub fn request_from<A: Serialize>(&'static self, arguments: &A) -> Result<Request, CallError> {
        match serde_json::to_value(arguments) {
            Ok(Value::Object(arguments)) => self.request(&arguments),
            Ok(_) => Err(argument_error("arguments", "must serialize to a JSON object")),
            Err(e) => Err(argument_error("arguments", e.to_string())),
        }
    }
}

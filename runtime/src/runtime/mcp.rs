//! The MCP side of a server that is the same for every API: RFC 6570
//! resource templates matched back to arguments, what `--get-as` shows,
//! prompt texts, and completions. A submodule of `runtime`, whose items it
//! re-exports.

use percent_encoding::percent_decode_str;
use rmcp::ErrorData as McpError;
use rmcp::model::{CompletionInfo, JsonObject, Reference};
use serde_json::{Map, Value};

/// How the text of a URI template variable becomes a JSON argument.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// A JSON string, as it is.
    Text,
    /// A JSON integer; other text is refused.
    Integer,
    /// A JSON number; other text is refused.
    Number,
    /// `true` or `false`; other text is refused.
    Boolean,
    /// JSON text, parsed; text that is not JSON stays a string.
    Json,
    /// A comma-separated list of strings.
    TextList,
    /// A comma-separated list of integers.
    IntegerList,
    /// A comma-separated list of numbers.
    NumberList,
    /// A comma-separated list of booleans.
    BooleanList,
}

/// One part of a URI template's path: literal text or a variable.
pub enum Piece {
    /// Text the URI must contain as it is.
    Literal(&'static str),
    /// A `{name}` variable: one path segment, percent-decoded.
    Var(&'static str, Kind),
}

/// An RFC 6570 template of the forms `scheme://a/{x}/b{?q,r}`.
pub struct UriTemplate {
    /// The part before the query, scheme and authority included.
    pub pieces: &'static [Piece],
    /// The variables of the `{?a,b}` expression, in order.
    pub query: &'static [(&'static str, Kind)],
    /// The JSON Schema of the variables, as a tool would have it.
    pub schema: &'static str,
}

impl UriTemplate {
    /// Checks a read's arguments against the schema, as a tool call's are.
    /// The schema is small and reads are rare next to calls, so it is
    /// parsed on each read rather than kept.
    pub fn check(&self, arguments: Map<String, Value>) -> Result<Map<String, Value>, String> {
        let schema: Map<String, Value> =
            serde_json::from_str(self.schema).map_err(|e| e.to_string())?;
        crate::validate::check(&schema, &arguments)?;
        Ok(arguments)
    }

    /// The arguments in `uri` if it matches; an error if it matches but a
    /// value has the wrong type.
    pub fn matches(&self, uri: &str) -> Option<Result<Map<String, Value>, String>> {
        let (path, query) = match uri.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (uri, None),
        };
        let mut args = Map::new();
        let mut rest = path;
        for (i, piece) in self.pieces.iter().enumerate() {
            match piece {
                Piece::Literal(text) => rest = rest.strip_prefix(text)?,
                Piece::Var(name, kind) => {
                    let end = match self.pieces.get(i + 1) {
                        Some(Piece::Literal(next)) => rest.find(next)?,
                        _ => rest.len(),
                    };
                    let raw = &rest[..end];
                    if raw.is_empty() || raw.contains('/') {
                        return None;
                    }
                    match coerce(name, &decode(raw), *kind) {
                        Ok(v) => args.insert(name.to_string(), v),
                        Err(e) => return Some(Err(e)),
                    };
                    rest = &rest[end..];
                }
            }
        }
        if !rest.is_empty() {
            return None;
        }
        for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (key, raw) = pair.split_once('=').unwrap_or((pair, ""));
            let key = decode(key);
            let Some((name, kind)) = self.query.iter().find(|(n, _)| *n == key) else {
                continue;
            };
            let value = match coerce(name, &decode(raw), *kind) {
                Ok(v) => v,
                Err(e) => return Some(Err(e)),
            };
            match (args.get_mut(*name), value) {
                (Some(Value::Array(existing)), Value::Array(more)) => existing.extend(more),
                (_, value) => {
                    args.insert(name.to_string(), value);
                }
            }
        }
        Some(Ok(args))
    }
}

fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

fn coerce(name: &str, text: &str, kind: Kind) -> Result<Value, String> {
    let scalar = |kind: Kind, text: &str| -> Result<Value, String> {
        let bad = |what: &str| format!("`{name}` must be {what}, not `{text}`");
        match kind {
            // `12.0` is the integer 12, as in a tool's arguments.
            Kind::Integer | Kind::IntegerList => text
                .parse::<i64>()
                .ok()
                .or_else(|| text.parse().ok().and_then(|n| super::whole_number(&n)))
                .map(Value::from)
                .ok_or_else(|| bad("an integer")),
            Kind::Number | Kind::NumberList => text
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map(Value::Number)
                .ok_or_else(|| bad("a number")),
            Kind::Boolean | Kind::BooleanList => text
                .parse::<bool>()
                .map(Value::Bool)
                .map_err(|_| bad("`true` or `false`")),
            Kind::Json => {
                Ok(serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string())))
            }
            Kind::Text | Kind::TextList => Ok(Value::String(text.to_string())),
        }
    };
    match kind {
        Kind::TextList | Kind::IntegerList | Kind::NumberList | Kind::BooleanList => text
            .split(',')
            .map(|item| scalar(kind, item))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        _ => scalar(kind, text),
    }
}

/// How GETs that can be both tools and resources reach clients (the
/// server's `--get-as`): hosts differ in what they read. Claude Desktop
/// reads no resource templates and Cursor no resources, so their users need
/// GETs as tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GetAs {
    /// Resources and resource templates: the MCP-native mapping.
    Resources,
    /// Tools.
    Tools,
    /// Both.
    Both,
}

impl GetAs {
    /// Whether clients see a tool; `switchable` marks the tool of a GET
    /// that is also a resource or template.
    pub fn shows_tool(self, switchable: bool) -> bool {
        !switchable || self != GetAs::Resources
    }

    /// Whether clients see a resource or resource template; `switchable`
    /// marks one of a GET that is also a tool.
    pub fn shows_resource(self, switchable: bool) -> bool {
        !switchable || self != GetAs::Tools
    }

    /// A prompt's text as clients see it. mcp-gen starts each line about an
    /// operation with `\u{1}`, a kind, the operation's tool name and
    /// `\u{2}`: kind `T` marks a GET's tool, `R` its resource or template,
    /// `A` an item that is one whatever `--get-as` says, and `H` a section
    /// heading (or the blank line before it). An item line is kept, without
    /// its marker, when this choice shows its kind and `visible` the
    /// operation; a heading only when an item line after it is kept.
    /// `None` when the text has item lines and none is kept: the prompt is
    /// about nothing the client can see.
    pub fn prompt_text(self, text: &str, visible: impl Fn(&str) -> bool) -> Option<String> {
        let mut out = String::with_capacity(text.len());
        let mut heading = String::new();
        let (mut items, mut kept) = (false, false);
        for line in text.split_inclusive('\n') {
            let Some((kind, name, body)) = line
                .strip_prefix('\u{1}')
                .and_then(|rest| Some((rest.chars().next()?, rest.get(1..)?)))
                .and_then(|(kind, rest)| rest.split_once('\u{2}').map(|(n, b)| (kind, n, b)))
            else {
                heading.clear();
                out.push_str(line);
                continue;
            };
            if kind == 'H' {
                heading.push_str(body);
                continue;
            }
            items = true;
            let shown = match kind {
                'T' => self.shows_tool(true),
                'R' => self.shows_resource(true),
                _ => true,
            };
            if shown && visible(name) {
                kept = true;
                out.push_str(&heading);
                heading.clear();
                out.push_str(body);
            }
        }
        (kept || !items).then_some(out)
    }
}

/// A prompt's text with `{argument}`s replaced by their values; a doubled
/// brace is a literal one. An absent optional argument is left empty.
pub fn fill_prompt(
    text: &str,
    arguments: &[(&str, bool)],
    given: Option<&JsonObject>,
) -> Result<String, McpError> {
    let value = |name: &str| -> Option<String> {
        given?.get(name).map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    };
    for &(name, required) in arguments {
        if required && value(name).is_none() {
            return Err(McpError::invalid_params(
                format!("missing prompt argument `{name}`"),
                None,
            ));
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        // A doubled brace is a literal one.
        let doubled = tail.len() > 1 && tail.as_bytes()[1] == tail.as_bytes()[0];
        if doubled {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
        } else if let (true, Some(end)) = (tail.starts_with('{'), tail.find('}')) {
            out.push_str(&value(&tail[1..end]).unwrap_or_default());
            rest = &tail[end + 1..];
        } else {
            out.push_str(&tail[..1]);
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    Ok(out.trim_end().to_string())
}

/// What one resource template variable or prompt argument completes to
/// (MCP `completion/complete`); mcp-gen writes the table from the spec's
/// `enum`, `const` and boolean schemas and the config's prompt `enum`s.
pub struct Completion {
    /// The resource template's URI template, or the prompt's name.
    pub reference: CompletionRef,
    /// The template variable or prompt argument.
    pub argument: &'static str,
    /// Every value, in the order the spec lists them.
    pub values: &'static [&'static str],
}

/// What a completion request refers to (MCP `ref/resource`, `ref/prompt`).
pub enum CompletionRef {
    /// A resource template, by its URI template.
    Template(&'static str),
    /// A prompt, by its name.
    Prompt(&'static str),
}

/// The values of `argument` of `reference` that start with `prefix`
/// (ignoring ASCII case), in table order and at most the 100 the MCP spec
/// allows, with `total` and `hasMore` set. An unknown reference or argument,
/// or one with no known values, completes to an empty list: nothing is
/// known about it, which is not an error.
pub fn complete(
    table: &[Completion],
    reference: &Reference,
    argument: &str,
    prefix: &str,
) -> CompletionInfo {
    let wanted = |c: &&Completion| {
        c.argument == argument
            && match (&c.reference, reference) {
                (CompletionRef::Template(uri), Reference::Resource(r)) => *uri == r.uri,
                (CompletionRef::Prompt(name), Reference::Prompt(p)) => *name == p.name,
                _ => false,
            }
    };
    let prefix = prefix.to_ascii_lowercase();
    let matching: Vec<String> = table
        .iter()
        .find(wanted)
        .map(|c| c.values)
        .unwrap_or_default()
        .iter()
        .filter(|v| v.to_ascii_lowercase().starts_with(&prefix))
        .map(|v| v.to_string())
        .collect();
    let total = matching.len();
    let values: Vec<String> = matching
        .into_iter()
        .take(CompletionInfo::MAX_VALUES)
        .collect();
    CompletionInfo::with_pagination(
        values,
        Some(total as u32),
        total > CompletionInfo::MAX_VALUES,
    )
    .expect("at most MAX_VALUES values are kept")
}

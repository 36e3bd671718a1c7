//! Stage 3: the intermediate representation.
//!
//! The model says what the API *is*: its operations with every parameter's
//! wire name, Rust name and argument name, and the Rust types they use. It
//! does not decide what an operation becomes (tool, resource or template)
//! and knows nothing of templates; `map` does. Two things are settled
//! here because types and function names depend on them: the config's
//! selection (excluded operations contribute no types), and each
//! operation's stable name, which must satisfy the MCP tool-name rules
//! and keep the names an earlier generation recorded. The operation's
//! settings ride along, unread, for `map`.

mod build;
mod media;
pub(crate) mod names;
mod params;
mod paths;
pub(crate) mod security;
pub mod toolsets;
pub(crate) mod types;

use std::collections::HashMap;
use std::path::Path;

use openapiv3::OpenAPI;

use crate::config::{Config, OperationSettings};
use crate::error::Result;
use media::essence;
use media::is_json;
use types::{TypeId, TypeRef, TypeSpace};

/// The whole API, ready for mapping.
#[derive(Debug)]
pub struct Api {
    /// The API's name, from `info.title`.
    pub title: String,
    /// The API's own version, from `info.version` (not the OpenAPI version).
    pub version: String,
    /// What the API is, from `info.description`, if the document says.
    pub description: Option<String>,
    /// The document's servers, in spec order.
    pub servers: Vec<Server>,
    /// The security schemes the document defines that can be sent.
    pub security_schemes: Vec<security::Scheme>,
    /// The operations the config selects and that could be mapped: paths in
    /// spec order, and each path's methods in the order of [`Method`].
    pub operations: Vec<Operation>,
    /// The toolsets of the operations, in the order of first use.
    pub toolsets: Vec<toolsets::Toolset>,
    /// Every Rust type the generated crate declares.
    pub types: TypeSpace,
    /// `components.schemas` as JSON, for building self-contained input schemas.
    pub schemas: serde_json::Map<String, serde_json::Value>,
    /// Operations that could not be mapped faithfully, with the reason.
    pub skipped: Vec<Skipped>,
}

/// An HTTP method an OpenAPI path item can hold an operation for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// `GET`.
    Get,
    /// `PUT`.
    Put,
    /// `POST`.
    Post,
    /// `DELETE`.
    Delete,
    /// `OPTIONS`.
    Options,
    /// `HEAD`.
    Head,
    /// `PATCH`.
    Patch,
    /// `TRACE`.
    Trace,
}

impl Method {
    /// The method as sent on the wire, uppercase: `GET`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// A server URL template and its variables.
#[derive(Debug, Clone)]
pub struct Server {
    /// The URL as written, with `{name}` placeholders.
    pub url: String,
    /// The variables that fill the placeholders.
    pub variables: Vec<ServerVariable>,
}

/// A variable of a server URL template (OpenAPI Server Variable Object).
#[derive(Debug, Clone)]
pub struct ServerVariable {
    /// The name inside the `{}` placeholder.
    pub name: String,
    /// The value used when none is given.
    pub default: String,
    /// The allowed values; empty means any.
    pub choices: Vec<String>,
    /// What the variable is for, if the spec says.
    pub description: Option<String>,
}

impl Server {
    fn of(server: &openapiv3::Server) -> Self {
        let variables = server
            .variables
            .iter()
            .flatten()
            .map(|(name, var)| ServerVariable {
                name: name.clone(),
                default: var.default.clone(),
                choices: var.enumeration.clone(),
                description: var.description.clone(),
            })
            .collect();
        Server {
            url: server.url.clone(),
            variables,
        }
    }

    /// The URL with every variable at its default.
    pub(crate) fn resolved(&self) -> String {
        let mut url = self.url.clone();
        for var in &self.variables {
            url = url.replace(&format!("{{{}}}", var.name), &var.default);
        }
        url
    }
}

/// One HTTP operation.
#[derive(Debug)]
pub struct Operation {
    /// The spec's `operationId`, if it gives one.
    pub operation_id: Option<String>,
    /// Unique, stable `snake_case` name, used as the tool name.
    pub name: String,
    /// The client method's name: `name`, made a valid identifier.
    pub rust_name: String,
    /// The HTTP method.
    pub method: Method,
    /// The path key as the spec writes it, e.g. `/books/{bookId}`.
    pub path: String,
    /// The path template, split at its parameters.
    pub path_parts: Vec<PathPart>,
    /// Query pairs written into the path key itself, sent on every call.
    pub fixed_query: Vec<(String, String)>,
    /// The parameters a call fills in: the path item's, then the
    /// operation's (which replace those of the same name and location),
    /// less those that carry a credential.
    pub params: Vec<Param>,
    /// The request body, if the operation takes one.
    pub body: Option<Body>,
    /// The responses the spec declares, `default` last.
    pub responses: Vec<Response>,
    /// Alternative sets of schemes (indices into `Api::security_schemes`);
    /// any one set, sent whole, satisfies the API. Empty sends nothing.
    pub security: Vec<Vec<usize>>,
    /// The OAuth scopes the spec requires for it (see
    /// [`security::Schemes::oauth_scopes`]).
    pub oauth_scopes: Vec<String>,
    /// An absolute server URL set on the operation or its path item, which
    /// replaces the document's.
    pub server: Option<String>,
    /// The operation's tags, in spec order; the first names its feature in
    /// APIs built by feature.
    pub tags: Vec<String>,
    /// The toolsets it is in, by name (see [`toolsets`]).
    pub toolsets: Vec<String>,
    /// `summary`, or the path item's.
    pub summary: Option<String>,
    /// `description`, or the path item's.
    pub description: Option<String>,
    /// The spec marks the operation `deprecated`.
    pub deprecated: bool,
    /// The struct that carries the operation's arguments.
    pub args_type: TypeId,
    /// What `x-mcp` and `mcp-gen.toml` say about the operation.
    pub settings: OperationSettings,
}

/// Literal path text, then the path parameter that follows it, if any.
#[derive(Debug, Clone)]
pub struct PathPart {
    /// Path text sent as it is; may be empty.
    pub literal: String,
    /// Index into [`Operation::params`].
    pub param: Option<usize>,
}

/// Where a parameter goes: OpenAPI's `in`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// A `{name}` placeholder of the path.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

/// An OpenAPI parameter `style`. Serialized as its variant name, which is
/// also the name of the generated runtime's `Style` variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum ParamStyle {
    /// `simple`: comma-separated, `a,b`; the default for paths and headers.
    Simple,
    /// `label`: dot-prefixed, `.a.b` or `.a,b`.
    Label,
    /// `matrix`: semicolon-prefixed, `;x=a;x=b` or `;x=a,b`.
    Matrix,
    /// `form`: `x=a&x=b` or `x=a,b`; the default for queries and cookies.
    Form,
    /// `spaceDelimited`: array items joined by spaces.
    SpaceDelimited,
    /// `pipeDelimited`: array items joined by `|`.
    PipeDelimited,
    /// Array items joined by tabs: Swagger 2.0's `collectionFormat: tsv`.
    TabDelimited,
    /// `deepObject`: object members as `x[key]=value`.
    DeepObject,
    /// One JSON text: a parameter described by `content: application/json`.
    Json,
}

/// A parameter of an operation (OpenAPI Parameter Object).
#[derive(Debug, Clone)]
pub struct Param {
    /// The name on the wire, e.g. `X-Request-Id`.
    pub wire_name: String,
    /// The property name in the tool's arguments, e.g. `x_request_id`.
    pub arg_name: String,
    /// The field in the arguments struct.
    pub rust_name: String,
    /// Where it goes: path, query, header or cookie.
    pub location: ParamLocation,
    /// How its value is serialized (OpenAPI `style`, or the location's
    /// default).
    pub style: ParamStyle,
    /// OpenAPI `explode`: array items and object members become separate
    /// parameters.
    pub explode: bool,
    /// A call must give it; always true for path parameters.
    pub required: bool,
    /// What the parameter is, if the spec says.
    pub description: Option<String>,
    /// Its Rust type in the arguments struct.
    pub ty: TypeRef,
    /// The parameter's schema as JSON (`$ref`s not yet inlined).
    pub schema: serde_json::Value,
}

/// A field of a multipart body (OpenAPI Encoding Object, section 4.7.15).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Part {
    /// The property name, which is also the part's name.
    pub name: String,
    /// A file: the argument is base64, the part carries the bytes.
    pub file: bool,
    /// `encoding.contentType`, the first type when it lists several.
    pub content_type: Option<String>,
}

/// The request body of an operation (OpenAPI Request Body Object).
#[derive(Debug, Clone)]
pub struct Body {
    /// The property name in the tool's arguments: `body`, unless a
    /// parameter has that name.
    pub arg_name: String,
    /// The field in the arguments struct.
    pub rust_name: String,
    /// A call must give it (the spec's `required`).
    pub required: bool,
    /// The media type sent, chosen from `media_types`.
    pub media_type: String,
    /// Every media type the operation accepts, in spec order.
    pub media_types: Vec<String>,
    /// How `media_type` is put on the wire.
    pub encoding: BodyEncoding,
    /// For multipart bodies: the top-level fields sent otherwise than by
    /// their value's shape: files (`format: binary`, passed base64-encoded
    /// in the arguments), and fields whose `encoding.contentType` the spec
    /// sets.
    pub parts: Vec<Part>,
    /// What the body is, if the spec says.
    pub description: Option<String>,
    /// Its Rust type in the arguments struct; a string for text and binary
    /// bodies.
    pub ty: TypeRef,
    /// The body's schema as JSON (`$ref`s not yet inlined); for text and
    /// binary bodies, a string schema that says so.
    pub schema: serde_json::Value,
}

/// How a request body is put on the wire. Serialized in `snake_case`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyEncoding {
    /// JSON: `application/json`, any `+json` type, and `*/*`.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// Text sent as it is (`text/*`, XML, NDJSON, ...).
    Text,
    /// Bytes, passed base64-encoded in the arguments.
    Binary,
}

impl BodyEncoding {
    /// Classifies a media type. `*/*` accepts anything, and JSON is the
    /// representation every schema has.
    pub(crate) fn of(media_type: &str) -> Self {
        let essence = essence(media_type);
        match essence.as_str() {
            _ if is_json(&essence) || essence == "*/*" => BodyEncoding::Json,
            "application/x-www-form-urlencoded" => BodyEncoding::Form,
            e if e.starts_with("multipart/") => BodyEncoding::Multipart,
            e if e.starts_with("text/")
                || e.ends_with("+xml")
                || e.ends_with("/xml")
                || e.ends_with("javascript")
                || e.ends_with("ndjson")
                || e.ends_with("yaml")
                || e == "application/sdp" =>
            {
                BodyEncoding::Text
            }
            _ => BodyEncoding::Binary,
        }
    }
}

/// A response an operation declares (OpenAPI Response Object).
#[derive(Debug, Clone)]
pub struct Response {
    /// `200`, `4XX` or `default`.
    pub status: String,
    /// What the spec says the response is (its required `description`).
    pub description: String,
    /// The media types of its `content`, in spec order; empty when it has
    /// no body.
    pub media_types: Vec<String>,
    /// The schema of its first JSON media type, as the spec writes it
    /// (`$ref`s into `#/components/schemas` included).
    pub json_schema: Option<serde_json::Value>,
    /// The names of the headers it declares (`Link`, `X-Total-Count`).
    pub headers: Vec<String>,
}

/// An operation (or path item) left out of the model.
#[derive(Debug, Clone)]
pub struct Skipped {
    /// `METHOD /path`, or just the path when a whole path item is skipped.
    pub operation: String,
    /// Why it cannot be mapped faithfully.
    pub reason: String,
}

/// Builds the model from a parsed document, keeping the operations the
/// config selects. `config_file` names the config in errors; `previous`
/// maps `METHOD /path` to the name an earlier generation gave it.
///
/// # Errors
///
/// [`crate::Error::Spec`] when an `x-mcp` extension or the config's
/// `[operations]` is invalid (an unknown key, a key that names no
/// operation, an invalid or duplicate tool name), or when a `$ref` the
/// operations need cannot be resolved or its schemas expand past mcp-gen's
/// limits. An operation that merely cannot be mapped is skipped instead.
pub fn build(
    file: &Path,
    spec: &OpenAPI,
    config: &Config,
    config_file: &Path,
    previous: &HashMap<String, String>,
) -> Result<Api> {
    build::Builder::new(file, spec, config, config_file, previous).build()
}

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
pub mod names;
mod params;
mod paths;
pub mod security;
pub mod types;

use std::collections::HashMap;
use std::path::Path;

use openapiv3::OpenAPI;

use crate::config::{Config, OperationSettings};
use crate::error::Result;
use media::essence;
pub use media::is_json;
use types::{TypeId, TypeRef, TypeSpace};

/// The whole API, ready for mapping.
#[derive(Debug)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// The document's servers, in spec order.
    pub servers: Vec<Server>,
    /// The security schemes the document defines that can be sent.
    pub security_schemes: Vec<security::Scheme>,
    pub operations: Vec<Operation>,
    pub types: TypeSpace,
    /// `components.schemas` as JSON, for building self-contained input schemas.
    pub schemas: serde_json::Map<String, serde_json::Value>,
    /// Operations that could not be mapped faithfully, with the reason.
    pub skipped: Vec<Skipped>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    pub fn as_str(self) -> &'static str {
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
    pub variables: Vec<ServerVariable>,
}

#[derive(Debug, Clone)]
pub struct ServerVariable {
    pub name: String,
    pub default: String,
    /// The allowed values; empty means any.
    pub choices: Vec<String>,
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
    pub fn resolved(&self) -> String {
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
    pub operation_id: Option<String>,
    /// Unique, stable `snake_case` name, used as the tool name.
    pub name: String,
    /// The client method's name: `name`, made a valid identifier.
    pub rust_name: String,
    pub method: Method,
    pub path: String,
    /// The path template, split at its parameters.
    pub path_parts: Vec<PathPart>,
    /// Query pairs written into the path key itself, sent on every call.
    pub fixed_query: Vec<(String, String)>,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub responses: Vec<Response>,
    /// Alternative sets of schemes (indices into `Api::security_schemes`);
    /// any one set, sent whole, satisfies the API. Empty sends nothing.
    pub security: Vec<Vec<usize>>,
    /// An absolute server URL set on the operation or its path item, which
    /// replaces the document's.
    pub server: Option<String>,
    pub tags: Vec<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// The struct that carries the operation's arguments.
    pub args_type: TypeId,
    /// What `x-mcp` and `mcp-gen.toml` say about the operation.
    pub settings: OperationSettings,
}

/// Literal path text, then the path parameter that follows it, if any.
#[derive(Debug, Clone)]
pub struct PathPart {
    pub literal: String,
    /// Index into [`Operation::params`].
    pub param: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

/// An OpenAPI parameter `style`. Serialized as its variant name, which is
/// also the name of the generated runtime's `Style` variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum ParamStyle {
    Simple,
    Label,
    Matrix,
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

#[derive(Debug, Clone)]
pub struct Param {
    /// The name on the wire, e.g. `X-Request-Id`.
    pub wire_name: String,
    /// The property name in the tool's arguments, e.g. `x_request_id`.
    pub arg_name: String,
    /// The field in the arguments struct.
    pub rust_name: String,
    pub location: ParamLocation,
    pub style: ParamStyle,
    pub explode: bool,
    pub required: bool,
    pub description: Option<String>,
    pub ty: TypeRef,
    /// The parameter's schema as JSON (`$ref`s not yet inlined).
    pub schema: serde_json::Value,
}

#[derive(Debug, Clone)]
pub struct Body {
    pub arg_name: String,
    pub rust_name: String,
    pub required: bool,
    /// The media type sent, chosen from `media_types`.
    pub media_type: String,
    /// Every media type the operation accepts, in spec order.
    pub media_types: Vec<String>,
    pub encoding: BodyEncoding,
    /// For multipart bodies: the top-level fields that are files
    /// (`format: binary`), passed base64-encoded in the arguments.
    pub file_fields: Vec<String>,
    pub description: Option<String>,
    pub ty: TypeRef,
    pub schema: serde_json::Value,
}

/// How a request body is put on the wire. Serialized in `snake_case`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyEncoding {
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
    pub fn of(media_type: &str) -> Self {
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

#[derive(Debug, Clone)]
pub struct Response {
    /// `200`, `4XX` or `default`.
    pub status: String,
    pub description: String,
    pub media_types: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Skipped {
    /// `METHOD /path`, or just the path when a whole path item is skipped.
    pub operation: String,
    pub reason: String,
}

/// Builds the model from a parsed document, keeping the operations the
/// config selects. `config_file` names the config in errors; `previous`
/// maps `METHOD /path` to the name an earlier generation gave it.
pub fn build(
    file: &Path,
    spec: &OpenAPI,
    config: &Config,
    config_file: &Path,
    previous: &HashMap<String, String>,
) -> Result<Api> {
    build::Builder::new(file, spec, config, config_file, previous).build()
}

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

pub mod names;
pub mod security;
pub mod types;

use std::collections::HashMap;
use std::path::Path;

use openapiv3::{
    OpenAPI, Parameter, ParameterSchemaOrContent, PathItem, QueryStyle, ReferenceOr, RequestBody,
    Schema, StatusCode,
};

use crate::config::{Config, OperationKey, OperationSettings};
use crate::error::{Error, Location, Result};
use names::{Namer, snake_ident, tool_name};
use types::{Field, SchemaErrorKind, TypeDef, TypeId, TypeKind, TypeRef, TypeSpace};

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// How a request body is put on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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
    Builder::new(file, spec, config, config_file, previous).build()
}

struct Builder<'a> {
    file: &'a Path,
    spec: &'a OpenAPI,
    config: &'a Config,
    config_file: &'a Path,
    previous: &'a HashMap<String, String>,
    /// Tool names, decided up front; see [`Builder::names`].
    names: HashMap<(String, Method), String>,
    types: TypeSpace,
    tool_names: Namer,
    fn_names: Namer,
    schemes: security::Schemes,
}

/// Why one operation is skipped; kept apart from fatal errors.
type SkipReason = String;

impl<'a> Builder<'a> {
    fn new(
        file: &'a Path,
        spec: &'a OpenAPI,
        config: &'a Config,
        config_file: &'a Path,
        previous: &'a HashMap<String, String>,
    ) -> Self {
        Builder {
            file,
            spec,
            config,
            config_file,
            previous,
            names: HashMap::new(),
            types: TypeSpace::default(),
            tool_names: Namer::default(),
            fn_names: Namer::default(),
            schemes: security::Schemes::new(spec),
        }
    }

    fn components(&self) -> &'a indexmap::IndexMap<String, ReferenceOr<Schema>> {
        static EMPTY: std::sync::OnceLock<indexmap::IndexMap<String, ReferenceOr<Schema>>> =
            std::sync::OnceLock::new();
        match &self.spec.components {
            Some(c) => &c.schemas,
            None => EMPTY.get_or_init(indexmap::IndexMap::new),
        }
    }

    fn error(&self, pointer: String, message: impl Into<String>, help: &str) -> Error {
        Error::spec(self.file, Location::Pointer(pointer), message, help)
    }

    /// Every operation of the spec with what the config says about it.
    fn operations(&self) -> Vec<(&'a str, &'a PathItem, Method, &'a openapiv3::Operation)> {
        let mut all = Vec::new();
        for (path, item) in &self.spec.paths.paths {
            let ReferenceOr::Item(item) = item else {
                continue;
            };
            for &(_, method) in PATH_METHODS {
                if let Some(op) = operation_of(item, method) {
                    all.push((path.as_str(), item, method, op));
                }
            }
        }
        all
    }

    /// Decides every tool name before any operation is built. Renames from
    /// the config and `x-mcp` come first, and must be valid and unique.
    /// Then each operation keeps the name the previous generation gave it,
    /// while that still derives from its operationId (or method and path),
    /// so a new operation never takes an existing one's name. The rest are
    /// named in path and method order, so spec order does not matter; a
    /// taken name gets a hash of the method and path.
    fn names(&mut self) -> Result<()> {
        let mut ops = self.operations();
        ops.sort_by(|a, b| (a.0, a.2).cmp(&(b.0, b.2)));
        let mut settled = Vec::new();
        for (path, _, method, op) in ops {
            let default = default_name(path, method, op);
            let key = operation_key(path, method, op, &default);
            if !self.config.selects(&key) {
                continue;
            }
            let (settings, name_at) = self.settings(path, method, op, &key)?;
            let rename = settings.name.map(|name| (name, name_at));
            settled.push((path, method, default, rename));
        }
        for (path, method, _, rename) in &settled {
            if let Some((name, (file, pointer))) = rename {
                let valid = !name.is_empty()
                    && name.len() <= names::MAX_TOOL_NAME
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
                if !valid {
                    return Err(Error::spec(
                        file,
                        Location::Pointer(pointer.clone()),
                        format!(
                            "the name `{name}` for {} {path} is not a valid tool name",
                            method.as_str()
                        ),
                        "a tool name has 1 to 64 ASCII letters, digits, `_` or `-`",
                    ));
                }
                if !self.tool_names.try_claim(name) {
                    return Err(Error::spec(
                        file,
                        Location::Pointer(pointer.clone()),
                        format!("two operations are named `{name}`"),
                        "give each operation its own name",
                    ));
                }
            }
        }
        let mut kept = HashMap::new();
        for (path, method, default, rename) in &settled {
            if rename.is_some() {
                continue;
            }
            if let Some(old) = self.previous.get(&format!("{} {path}", method.as_str()))
                && (old == default || old.starts_with(&format!("{default}_")))
                && self.tool_names.try_claim(old)
            {
                kept.insert((path.to_string(), *method), old.clone());
            }
        }
        for (path, method, default, rename) in settled {
            if let Some(old) = kept.remove(&(path.to_string(), method)) {
                self.names.insert((path.to_string(), method), old);
                continue;
            }
            let name = match rename {
                Some((name, _)) => name,
                None if self.tool_names.try_claim(&default) => default,
                None => {
                    let source = format!("{} {path}", method.as_str());
                    let name = names::fit(
                        format!("{default}_{:08x}", names::fnv1a(&source) as u32),
                        &source,
                    );
                    self.tool_names.claim(&name, "_")
                }
            };
            self.names.insert((path.to_string(), method), name);
        }
        // Every operation's key once, not once per config entry.
        let all = self.operations();
        let defaults: Vec<String> = all
            .iter()
            .map(|&(path, _, method, op)| default_name(path, method, op))
            .collect();
        for key in self.config.operations.keys() {
            let known = all
                .iter()
                .zip(&defaults)
                .any(|(&(path, _, method, op), default)| {
                    operation_key(path, method, op, default).is(key)
                });
            if !known {
                let ids: Vec<&str> = all
                    .iter()
                    .filter_map(|(_, _, _, op)| op.operation_id.as_deref())
                    .collect();
                let hint = crate::config::nearest(key, &ids)
                    .map(|n| format!(" (did you mean `{n}`?)"))
                    .unwrap_or_default();
                return Err(Error::spec(
                    self.config_file,
                    Location::Pointer(format!("/operations/{}", crate::pointer::escape(key))),
                    format!("`[operations.\"{key}\"]` names no operation of the spec{hint}"),
                    "name an operation by its operationId, its tool name, or `METHOD /path`",
                ));
            }
        }
        Ok(())
    }

    /// The operation's `x-mcp` settings, overridden by the config's, and
    /// where its name was set (file and pointer), for errors about it.
    fn settings(
        &self,
        path: &str,
        method: Method,
        op: &openapiv3::Operation,
        key: &OperationKey<'_>,
    ) -> Result<(OperationSettings, (&'a Path, String))> {
        let extension = format!(
            "/paths/{}/{}/x-mcp",
            crate::pointer::escape(path),
            method.as_str().to_ascii_lowercase()
        );
        let from_spec = match op.extensions.get("x-mcp") {
            Some(value) => OperationSettings::from_extension(self.file, &extension, value)?,
            None => OperationSettings::default(),
        };
        let over = self.config.settings(key);
        let name_at = match over {
            Some((written, o)) if o.name.is_some() => (
                self.config_file,
                format!("/operations/{}/name", crate::pointer::escape(written)),
            ),
            _ => (self.file, format!("{extension}/name")),
        };
        let settings = match over {
            Some((_, o)) => from_spec.merged(o),
            None => from_spec,
        };
        Ok((settings, name_at))
    }

    fn build(mut self) -> Result<Api> {
        self.names()?;
        let mut operations = Vec::new();
        let mut skipped = Vec::new();
        for (path, item) in &self.spec.paths.paths {
            let pointer = format!("/paths/{}", crate::pointer::escape(path));
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { reference } => {
                    skipped.push(Skipped {
                        operation: path.clone(),
                        reason: format!("the path item is a reference (`{reference}`) that leads to no path item"),
                    });
                    continue;
                }
            };
            for &(key, method) in PATH_METHODS {
                let Some(op) = operation_of(item, method) else {
                    continue;
                };
                let Some(name) = self.names.get(&(path.clone(), method)).cloned() else {
                    // Left out by the config.
                    continue;
                };
                let op_pointer = format!("{pointer}/{key}");
                match self.operation(name, path, item, method, op, &op_pointer)? {
                    Ok(operation) => operations.push(operation),
                    Err(reason) => skipped.push(Skipped {
                        operation: format!("{} {path}", method.as_str()),
                        reason,
                    }),
                }
            }
        }
        self.types.finish();
        let schemas = match &self.spec.components {
            Some(c) => serde_json::to_value(&c.schemas)
                .ok()
                .and_then(|v| v.as_object().cloned())
                .unwrap_or_default(),
            None => serde_json::Map::new(),
        };
        Ok(Api {
            title: self.spec.info.title.clone(),
            version: self.spec.info.version.clone(),
            description: self.spec.info.description.clone(),
            servers: self.spec.servers.iter().map(Server::of).collect(),
            security_schemes: self.schemes.all,
            operations,
            types: self.types,
            schemas,
            skipped,
        })
    }

    /// Builds one operation. The outer `Result` is fatal (a broken spec); the
    /// inner one skips just this operation with a reason.
    fn operation(
        &mut self,
        name: String,
        path: &str,
        item: &PathItem,
        method: Method,
        op: &openapiv3::Operation,
        pointer: &str,
    ) -> Result<std::result::Result<Operation, SkipReason>> {
        let default = default_name(path, method, op);
        let (settings, _) =
            self.settings(path, method, op, &operation_key(path, method, op, &default))?;

        // Operation-level parameters override path-level ones with the same name and location.
        let mut raw: Vec<(&Parameter, String)> = Vec::new();
        for (i, p) in item.parameters.iter().enumerate() {
            raw.push((
                self.parameter(
                    p,
                    &format!("/paths/{}/parameters/{i}", crate::pointer::escape(path)),
                )?,
                String::new(),
            ));
        }
        for (i, p) in op.parameters.iter().enumerate() {
            let param = self.parameter(p, &format!("{pointer}/parameters/{i}"))?;
            let key = (param.parameter_data_ref().name.clone(), location_of(param));
            raw.retain(|(q, _)| (q.parameter_data_ref().name.clone(), location_of(q)) != key);
            raw.push((param, format!("{pointer}/parameters/{i}")));
        }

        // Some specs put a fragment (`#v2`) or a fixed query (`?beta=true`)
        // into the path key: the fragment is never sent, the query always is.
        let template = path.split('#').next().unwrap_or(path);
        let (template, fixed_query) = match template.split_once('?') {
            Some((t, q)) => (t, fixed_pairs(q)),
            None => (template, Vec::new()),
        };
        let split = split_path(template);
        let placeholders: Vec<&str> = split.iter().filter_map(|(_, name)| *name).collect();

        let security = self.schemes.resolve(op.security.as_ref());
        // Credentials come from the server's environment, never from the model.
        raw.retain(|(p, _)| {
            !self.schemes.carries_credential(
                &security,
                location_of(p),
                &p.parameter_data_ref().name,
            )
        });

        let args_name = self.types.claim_name(&format!("{name} args"));
        let mut arg_names = Namer::default();
        let mut field_names = Namer::default();
        let mut params = Vec::new();
        for (param, _) in &raw {
            let data = param.parameter_data_ref();
            let location = location_of(param);
            if location == ParamLocation::Path && !placeholders.contains(&data.name.as_str()) {
                // Declared but not in the path template: nothing to fill in.
                continue;
            }
            let arg_base = if is_plain_name(&data.name) {
                data.name.clone()
            } else {
                snake_ident(&data.name, "param")
            };
            let arg_name = if arg_names_taken(&params, &arg_base) {
                arg_names.claim(&format!("{arg_base}_{}", location_word(location)), "_")
            } else {
                arg_names.claim(&arg_base, "_")
            };
            let rust_name = field_names.claim(&snake_ident(&arg_name, "param"), "_");
            let schema = match &data.format {
                ParameterSchemaOrContent::Schema(s) => Some(s.clone()),
                ParameterSchemaOrContent::Content(content) => {
                    content.values().next().and_then(|m| m.schema.clone())
                }
            };
            let ty = match &schema {
                Some(s) => self.convert(s, &format!("{args_name} {arg_name}"))?.0,
                None => TypeRef::String,
            };
            let (style, explode_default) = style_of(param);
            params.push(Param {
                wire_name: data.name.clone(),
                arg_name,
                rust_name,
                location,
                style,
                explode: data.explode.unwrap_or(explode_default),
                required: data.required || location == ParamLocation::Path,
                description: data.description.clone(),
                ty,
                schema: schema
                    .map(|s| serde_json::to_value(s).unwrap_or_default())
                    .unwrap_or_else(|| serde_json::json!({"type": "string"})),
            });
        }

        let mut path_parts = Vec::with_capacity(split.len());
        for (literal, placeholder) in split {
            let param = match placeholder {
                None => None,
                Some(name) => match params
                    .iter()
                    .position(|p| p.location == ParamLocation::Path && p.wire_name == name)
                {
                    Some(index) => Some(index),
                    None => {
                        return Ok(Err(format!(
                            "path placeholder `{{{name}}}` has no matching `in: path` parameter"
                        )));
                    }
                },
            };
            path_parts.push(PathPart {
                literal: literal.to_string(),
                param,
            });
        }

        let body = match &op.request_body {
            None => None,
            Some(body) => {
                let body = self.request_body(body, &format!("{pointer}/requestBody"))?;
                // The most structured encoding wins: JSON, then forms, text, bytes.
                let Some((media_type, media)) =
                    body.content.iter().min_by_key(|(m, _)| BodyEncoding::of(m))
                else {
                    return Ok(Err("the request body lists no media types".into()));
                };
                let encoding = BodyEncoding::of(media_type);
                let arg_name = arg_names.claim("body", "_");
                let rust_name = field_names.claim(&arg_name, "_");
                let (ty, schema, file_fields) = match (&media.schema, encoding) {
                    (_, BodyEncoding::Binary) => (
                        TypeRef::String,
                        serde_json::json!({
                            "type": "string",
                            "contentEncoding": "base64",
                            "description": format!("The request body ({media_type}), base64-encoded."),
                        }),
                        Vec::new(),
                    ),
                    (_, BodyEncoding::Text) => (
                        TypeRef::String,
                        serde_json::json!({
                            "type": "string",
                            "description": format!("The request body ({media_type}), as text."),
                        }),
                        Vec::new(),
                    ),
                    (Some(s), _) => (
                        self.convert(s, &format!("{name} body"))?.0,
                        serde_json::to_value(s).unwrap_or_default(),
                        if encoding == BodyEncoding::Multipart {
                            self.file_fields(s)
                        } else {
                            Vec::new()
                        },
                    ),
                    (None, _) => (TypeRef::Json, serde_json::json!({}), Vec::new()),
                };
                Some(Body {
                    arg_name,
                    rust_name,
                    required: body.required,
                    media_type: media_type.clone(),
                    media_types: body.content.keys().cloned().collect(),
                    encoding,
                    file_fields,
                    description: body.description.clone(),
                    ty,
                    schema,
                })
            }
        };

        let args_type = self.types.push(TypeDef {
            name: args_name,
            description: Some(format!("Arguments of `{}`.", name)),
            kind: TypeKind::Struct(args_fields(&params, body.as_ref())),
            nullable: false,
            closed: true,
            extra_field: None,
        });

        Ok(Ok(Operation {
            operation_id: op.operation_id.clone(),
            rust_name: self.fn_names.claim(&snake_ident(&name, "operation"), "_"),
            name,
            method,
            path: path.to_string(),
            path_parts,
            fixed_query,
            params,
            body,
            responses: responses(self.spec, &op.responses),
            security,
            server: op
                .servers
                .first()
                .or(item.servers.first())
                .map(|s| Server::of(s).resolved())
                .filter(|url| url.contains("://")),
            tags: op.tags.clone(),
            summary: op.summary.clone().or_else(|| item.summary.clone()),
            description: op.description.clone().or_else(|| item.description.clone()),
            deprecated: op.deprecated,
            args_type,
            settings,
        }))
    }

    fn convert(&mut self, schema: &ReferenceOr<Schema>, hint: &str) -> Result<(TypeRef, bool)> {
        let components = self.components();
        self.types.convert(components, schema, hint).map_err(|e| {
            let pointer = format!(
                "/components/schemas/{}",
                crate::pointer::escape(&crate::pointer::unescape(
                    e.reference.trim_start_matches("#/components/schemas/")
                ),)
            );
            match e.kind {
                SchemaErrorKind::Unresolved => self.error(
                    pointer,
                    format!("cannot resolve `$ref: {}`: {}", e.reference, e.message),
                    "point the reference at an existing entry of `components.schemas`",
                ),
                SchemaErrorKind::TooLarge => self.error(
                    pointer.trim_end_matches('/').to_string(),
                    e.message,
                    "give a merged schema a name of its own in `components.schemas` and reference it, instead of repeating the `allOf`",
                ),
                SchemaErrorKind::TooDeep => self.error(
                    pointer.trim_end_matches('/').to_string(),
                    e.message,
                    "flatten the schemas; no API needs values nested this deep",
                ),
            }
        })
    }

    /// Top-level properties of a multipart body that are files.
    fn file_fields(&self, schema: &ReferenceOr<Schema>) -> Vec<String> {
        let resolved = match schema {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/schemas/")
                .and_then(|k| self.components().get(&crate::pointer::unescape(k)))
                .and_then(ReferenceOr::as_item),
        };
        let Some(json) = resolved.and_then(|s| serde_json::to_value(s).ok()) else {
            return Vec::new();
        };
        json.get("properties")
            .and_then(|p| p.as_object())
            .into_iter()
            .flatten()
            .filter(|(_, p)| is_file(p) || p.get("items").is_some_and(is_file))
            .map(|(name, _)| name.clone())
            .collect()
    }

    fn parameter(&self, p: &'a ReferenceOr<Parameter>, pointer: &str) -> Result<&'a Parameter> {
        resolve_component(p, pointer, "parameters", |c| &c.parameters, self)
    }

    fn request_body(
        &self,
        b: &'a ReferenceOr<RequestBody>,
        pointer: &str,
    ) -> Result<&'a RequestBody> {
        resolve_component(b, pointer, "requestBodies", |c| &c.request_bodies, self)
    }
}

/// The tool name an operation gets when nothing renames it.
fn default_name(path: &str, method: Method, op: &openapiv3::Operation) -> String {
    tool_name(
        op.operation_id.as_deref(),
        &method.as_str().to_lowercase(),
        path,
    )
}

/// The ways the config can name an operation.
fn operation_key<'b>(
    path: &'b str,
    method: Method,
    op: &'b openapiv3::Operation,
    default: &'b str,
) -> OperationKey<'b> {
    OperationKey {
        operation_id: op.operation_id.as_deref(),
        tool_name: default,
        method: method.as_str(),
        path,
        tags: &op.tags,
    }
}

const PATH_METHODS: &[(&str, Method)] = &[
    ("get", Method::Get),
    ("put", Method::Put),
    ("post", Method::Post),
    ("delete", Method::Delete),
    ("options", Method::Options),
    ("head", Method::Head),
    ("patch", Method::Patch),
    ("trace", Method::Trace),
];

fn operation_of(item: &PathItem, method: Method) -> Option<&openapiv3::Operation> {
    match method {
        Method::Get => item.get.as_ref(),
        Method::Put => item.put.as_ref(),
        Method::Post => item.post.as_ref(),
        Method::Delete => item.delete.as_ref(),
        Method::Options => item.options.as_ref(),
        Method::Head => item.head.as_ref(),
        Method::Patch => item.patch.as_ref(),
        Method::Trace => item.trace.as_ref(),
    }
}

/// Follows a `$ref` to `#/components/<section>/<name>`, through chains.
fn resolve_component<'a, T>(
    item: &'a ReferenceOr<T>,
    pointer: &str,
    section: &str,
    get: impl Fn(&'a openapiv3::Components) -> &'a indexmap::IndexMap<String, ReferenceOr<T>>,
    builder: &Builder<'a>,
) -> Result<&'a T> {
    let mut current = item;
    for _ in 0..32 {
        match current {
            ReferenceOr::Item(t) => return Ok(t),
            ReferenceOr::Reference { reference } => {
                let prefix = format!("#/components/{section}/");
                let target = reference
                    .strip_prefix(&prefix)
                    .and_then(|key| {
                        builder.spec.components.as_ref().and_then(|c| get(c).get(&crate::pointer::unescape(key)))
                    })
                    .ok_or_else(|| {
                        builder.error(
                            format!("{pointer}/$ref"),
                            format!("`$ref: {reference}` does not point at an entry of `components.{section}`"),
                            "fix the reference, or add the missing component",
                        )
                    })?;
                current = target;
            }
        }
    }
    Err(builder.error(
        format!("{pointer}/$ref"),
        "the `$ref` chain does not end",
        "break the cycle of references",
    ))
}

fn location_of(p: &Parameter) -> ParamLocation {
    match p {
        Parameter::Path { .. } => ParamLocation::Path,
        Parameter::Query { .. } => ParamLocation::Query,
        Parameter::Header { .. } => ParamLocation::Header,
        Parameter::Cookie { .. } => ParamLocation::Cookie,
    }
}

fn location_word(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

/// The style and its default `explode`, per the OpenAPI 3.0 rules.
fn style_of(p: &Parameter) -> (ParamStyle, bool) {
    match p {
        Parameter::Path { style, .. } => match style {
            openapiv3::PathStyle::Matrix => (ParamStyle::Matrix, false),
            openapiv3::PathStyle::Label => (ParamStyle::Label, false),
            openapiv3::PathStyle::Simple => (ParamStyle::Simple, false),
        },
        Parameter::Query { style, .. } => match style {
            QueryStyle::Form => (ParamStyle::Form, true),
            QueryStyle::SpaceDelimited => (ParamStyle::SpaceDelimited, false),
            QueryStyle::PipeDelimited => (ParamStyle::PipeDelimited, false),
            QueryStyle::DeepObject => (ParamStyle::DeepObject, true),
        },
        Parameter::Header { .. } => (ParamStyle::Simple, false),
        Parameter::Cookie { .. } => (ParamStyle::Form, true),
    }
}

/// Names that are safe as a JSON property, an RFC 6570 variable and across
/// every client's argument-name rules.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn arg_names_taken(params: &[Param], base: &str) -> bool {
    params.iter().any(|p| p.arg_name == base) || base == "body"
}

fn args_fields(params: &[Param], body: Option<&Body>) -> Vec<Field> {
    let mut fields: Vec<Field> = params
        .iter()
        .map(|p| Field {
            rust_name: p.rust_name.clone(),
            wire_name: p.arg_name.clone(),
            ty: p.ty.clone(),
            required: p.required,
            nullable: false,
            boxed: false,
            description: p.description.clone(),
        })
        .collect();
    if let Some(body) = body {
        fields.push(Field {
            rust_name: body.rust_name.clone(),
            wire_name: body.arg_name.clone(),
            ty: body.ty.clone(),
            required: body.required,
            nullable: false,
            boxed: false,
            description: body.description.clone(),
        });
    }
    fields
}

fn responses(spec: &OpenAPI, responses: &openapiv3::Responses) -> Vec<Response> {
    let resolve = |r: &ReferenceOr<openapiv3::Response>| -> Option<openapiv3::Response> {
        match r {
            ReferenceOr::Item(r) => Some(r.clone()),
            ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/responses/")
                .and_then(|k| {
                    spec.components
                        .as_ref()?
                        .responses
                        .get(&crate::pointer::unescape(k))
                })
                .and_then(|r| r.as_item().cloned()),
        }
    };
    let mut out: Vec<Response> = responses
        .responses
        .iter()
        .filter_map(|(code, r)| {
            let r = resolve(r)?;
            Some(Response {
                status: match code {
                    StatusCode::Code(c) => c.to_string(),
                    StatusCode::Range(r) => format!("{r}XX"),
                },
                description: r.description,
                media_types: r.content.keys().cloned().collect(),
            })
        })
        .collect();
    if let Some(r) = responses.default.as_ref().and_then(resolve) {
        out.push(Response {
            status: "default".into(),
            description: r.description,
            media_types: r.content.keys().cloned().collect(),
        });
    }
    out
}

/// A string schema whose value is raw bytes.
fn is_file(schema: &serde_json::Value) -> bool {
    schema.get("format").and_then(|f| f.as_str()) == Some("binary")
}

/// `application/json`, `application/problem+json`, with or without parameters.
pub fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence.ends_with("+json")
}

/// A media type without its parameters, lowercased: `Text/Plain; charset=x`
/// is `text/plain`.
fn essence(media_type: &str) -> String {
    let bare = media_type.split(';').next().unwrap_or("");
    bare.trim().to_ascii_lowercase()
}

fn fixed_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (p.to_string(), String::new()),
        })
        .collect()
}

/// Splits a path template into runs of literal text, each followed by the
/// `{name}` placeholder after it, if any.
fn split_path(path: &str) -> Vec<(&str, Option<&str>)> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        out.push((&rest[..start], Some(&rest[start + 1..start + len])));
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        out.push((rest, None));
    }
    out
}

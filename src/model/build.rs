//! Building the model from a parsed document: one [`Builder`] walks the
//! paths and their operations in spec order, resolves parameters, bodies
//! and responses, and gives each operation its names and types.

use std::collections::HashMap;
use std::path::Path;

use openapiv3::{
    OpenAPI, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, RequestBody, Schema,
};

use super::media::{is_file, responses};
use super::names::{Namer, snake_ident};
use super::params::*;
use super::paths::{fixed_pairs, split_path};
use super::types::{SchemaErrorKind, TypeDef, TypeKind, TypeRef, TypeSpace};
use super::*;
use crate::config::{Config, OperationKey, OperationSettings};
use crate::error::{Error, Location, Result};

pub(super) struct Builder<'a> {
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
    pub(super) fn new(
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
            schemes: security::Schemes::new(spec, &config.security_schemes),
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

    pub(super) fn build(mut self) -> Result<Api> {
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
        let toolsets = toolsets::plan(&mut operations, &self.config.toolsets, self.config_file)?;
        Ok(Api {
            title: self.spec.info.title.clone(),
            version: self.spec.info.version.clone(),
            description: self.spec.info.description.clone(),
            servers: self.spec.servers.iter().map(Server::of).collect(),
            security_schemes: self.schemes.all,
            operations,
            toolsets,
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
        let (template, mut fixed_query) = match template.split_once('?') {
            Some((t, q)) => (t, fixed_pairs(q)),
            None => (template, Vec::new()),
        };
        // A `{placeholder}` there is a query value that an `in: path`
        // parameter fills (`/export?file={name}`): the parameter is sent as
        // that query key.
        let mut query_placeholders = Vec::new();
        fixed_query.retain(|(key, value)| {
            match value.strip_prefix('{').and_then(|v| v.strip_suffix('}')) {
                Some(name) => {
                    query_placeholders.push((name.to_string(), key.clone()));
                    false
                }
                None => true,
            }
        });
        let split = split_path(template);
        let placeholders: Vec<&str> = split.iter().filter_map(|(_, name)| *name).collect();

        let mut security = match self
            .config
            .security_rule(&operation_key(path, method, op, &default))
        {
            None => self.schemes.resolve(op.security.as_ref()),
            Some(rule) => self
                .schemes
                .resolve_rule(&rule.schemes, rule.optional)
                .map_err(|unknown| {
                    Error::spec(
                        self.config_file,
                        Location::Pointer("/security".into()),
                        format!("`[[security]]` names the scheme `{unknown}`, which neither the spec nor `[security_schemes]` declares, or which cannot be sent"),
                        "declare it under `[security_schemes.NAME]` (type = \"http\", scheme = \"bearer\"; or type = \"apiKey\", in, name)",
                    )
                })?,
        };
        // A parameter that is a declared API key is filled from its scheme's
        // variable even when the operation's requirement leaves the scheme
        // out: a required one joins every alternative; an optional one is
        // sent when set, and the call goes without it otherwise.
        for (p, _) in &raw {
            let (location, name) = (location_of(p), &p.parameter_data_ref().name);
            if self.schemes.carries_credential(&security, location, name) {
                continue;
            }
            let Some(key) = self.schemes.api_key_of(location, name) else {
                continue;
            };
            let with_key = |alternatives: &[Vec<usize>]| -> Vec<Vec<usize>> {
                match alternatives {
                    [] => vec![vec![key]],
                    all => all
                        .iter()
                        .map(|a| [a.as_slice(), &[key]].concat())
                        .collect(),
                }
            };
            security = match p.parameter_data_ref().required {
                true => with_key(&security),
                false if security.is_empty() => vec![vec![key], Vec::new()],
                false => [with_key(&security), security].concat(),
            };
        }
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
            let mut location = location_of(param);
            let mut wire_name = data.name.clone();
            let (mut style, explode_default) = style_of(param);
            if location == ParamLocation::Path && !placeholders.contains(&data.name.as_str()) {
                match query_placeholders
                    .iter()
                    .find(|(name, _)| *name == data.name)
                {
                    Some((_, key)) => {
                        location = ParamLocation::Query;
                        wire_name = key.clone();
                        style = ParamStyle::Form;
                    }
                    // Declared but not in the path template: nothing to fill in.
                    None => continue,
                }
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
            params.push(Param {
                wire_name,
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
                let (ty, schema, parts) = match (&media.schema, encoding) {
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
                            self.parts(s, &media.encoding)
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
                    parts,
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
            oauth_scopes: self.schemes.oauth_scopes(op.security.as_ref()),
            security,
            server: op
                .servers
                .first()
                .or(item.servers.first())
                .map(|s| Server::of(s).resolved())
                .filter(|url| url.contains("://")),
            tags: op.tags.clone(),
            toolsets: Vec::new(),
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

    /// The fields of a multipart body that are files, or whose content
    /// type `encoding` sets.
    fn parts(
        &self,
        schema: &ReferenceOr<Schema>,
        encoding: &indexmap::IndexMap<String, openapiv3::Encoding>,
    ) -> Vec<Part> {
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
            .filter_map(|(name, p)| {
                let file = is_file(p) || p.get("items").is_some_and(is_file);
                let content_type = encoding
                    .get(name)
                    .and_then(|e| e.content_type.as_deref())
                    .and_then(|t| t.split(',').next())
                    .map(|t| t.trim().to_string())
                    .filter(|t| !t.is_empty() && !t.contains('*'));
                (file || content_type.is_some()).then(|| Part {
                    name: name.clone(),
                    file,
                    content_type,
                })
            })
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

/// Follows a `$ref` to `#/components/<section>/<name>`, through chains.
fn resolve_component<'a, T>(
    item: &'a ReferenceOr<T>,
    pointer: &str,
    section: &str,
    get: impl Fn(&'a openapiv3::Components) -> &'a indexmap::IndexMap<String, ReferenceOr<T>>,
    builder: &Builder<'a>,
) -> Result<&'a T> {
    let mut current = item;
    for _ in 0..crate::pointer::MAX_REF_CHAIN {
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

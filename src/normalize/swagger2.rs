//! Swagger 2.0 → OpenAPI 3.0, on the JSON value, before typed parsing.
//!
//! Everything the later stages read is carried over: `host`, `basePath` and
//! `schemes` become `servers`; `body` and `formData` parameters become request
//! bodies in the media types of `consumes`; response schemas move under the
//! media types of `produces`; `collectionFormat` becomes `style`/`explode`;
//! `definitions`, global parameters and responses, and `securityDefinitions`
//! move under `components`, and every `$ref` is rewritten to match.

use serde_json::{Map, Value, json};

use super::{COLLECTION_FORMAT, METHODS};

/// Rewrites a Swagger 2.0 document in place as OpenAPI 3.0.3.
pub fn convert(doc: &mut Value) {
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    let consumes = strings(root.get("consumes"));
    let produces = strings(root.get("produces"));
    let global_params = root
        .get("parameters")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();

    let mut out = Map::new();
    out.insert("openapi".into(), json!("3.0.3"));
    for key in ["info", "tags", "externalDocs", "security"] {
        if let Some(v) = root.remove(key) {
            out.insert(key.into(), v);
        }
    }
    out.insert("servers".into(), servers(root));

    let mut components = Map::new();
    if let Some(defs) = root.remove("definitions") {
        components.insert("schemas".into(), defs);
    }
    let mut params = Map::new();
    let mut bodies = Map::new();
    for (name, p) in &global_params {
        match p.get("in").and_then(Value::as_str) {
            Some("body") | Some("formData") => {
                bodies.insert(
                    name.clone(),
                    request_body(std::slice::from_ref(p), &consumes),
                );
            }
            _ => {
                params.insert(name.clone(), parameter(p.clone()));
            }
        }
    }
    if !params.is_empty() {
        components.insert("parameters".into(), Value::Object(params));
    }
    if !bodies.is_empty() {
        components.insert("requestBodies".into(), Value::Object(bodies));
    }
    if let Some(Value::Object(responses)) = root.remove("responses") {
        let converted = responses
            .into_iter()
            .map(|(k, r)| (k, response(r, &produces)))
            .collect();
        components.insert("responses".into(), Value::Object(converted));
    }
    if let Some(Value::Object(schemes)) = root.remove("securityDefinitions") {
        let converted = schemes
            .into_iter()
            .map(|(k, s)| (k, security_scheme(s)))
            .collect();
        components.insert("securitySchemes".into(), Value::Object(converted));
    }
    out.insert("components".into(), Value::Object(components));

    let mut paths = Map::new();
    if let Some(Value::Object(items)) = root.remove("paths") {
        for (path, item) in items {
            paths.insert(path, path_item(item, &consumes, &produces, &global_params));
        }
    }
    out.insert("paths".into(), Value::Object(paths));
    for (key, value) in std::mem::take(root) {
        if key.starts_with("x-") {
            out.insert(key, value);
        }
    }
    *doc = Value::Object(out);
    rewrite_refs(doc, &global_params);
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn servers(root: &Map<String, Value>) -> Value {
    let base = root.get("basePath").and_then(Value::as_str).unwrap_or("");
    let Some(host) = root.get("host").and_then(Value::as_str) else {
        return if base.is_empty() {
            json!([])
        } else {
            json!([{ "url": base }])
        };
    };
    let mut schemes = strings(root.get("schemes"));
    if schemes.is_empty() {
        schemes.push("https".into());
    }
    // https first: the secure choice when an API offers both.
    schemes.sort_by_key(|s| s != "https");
    Value::Array(
        schemes
            .iter()
            .map(|scheme| json!({ "url": format!("{scheme}://{host}{base}") }))
            .collect(),
    )
}

fn path_item(
    item: Value,
    consumes: &[String],
    produces: &[String],
    globals: &Map<String, Value>,
) -> Value {
    let Value::Object(mut item) = item else {
        return item;
    };
    let shared: Vec<Value> = item
        .remove("parameters")
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default();
    let mut out = Map::new();
    for (key, value) in item {
        if METHODS.contains(&key.as_str()) {
            out.insert(key, operation(value, &shared, consumes, produces, globals));
        } else {
            out.insert(key, value);
        }
    }
    // Path-level parameters that are not bodies stay at the path level.
    let plain: Vec<Value> = shared
        .iter()
        .filter(|p| !is_body_like(p, globals))
        .cloned()
        .map(parameter)
        .collect();
    if !plain.is_empty() {
        out.insert("parameters".into(), Value::Array(plain));
    }
    Value::Object(out)
}

/// A `body` or `formData` parameter, directly or through a global `$ref`.
fn is_body_like(p: &Value, globals: &Map<String, Value>) -> bool {
    let target = resolve_param(p, globals);
    matches!(
        target.get("in").and_then(Value::as_str),
        Some("body" | "formData")
    )
}

fn resolve_param<'a>(p: &'a Value, globals: &'a Map<String, Value>) -> &'a Value {
    p.get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/parameters/"))
        .and_then(|name| globals.get(name))
        .unwrap_or(p)
}

fn operation(
    op: Value,
    shared: &[Value],
    consumes: &[String],
    produces: &[String],
    globals: &Map<String, Value>,
) -> Value {
    let Value::Object(mut op) = op else { return op };
    let consumes = match op.remove("consumes") {
        Some(v) => strings(Some(&v)),
        None => consumes.to_vec(),
    };
    let produces = match op.remove("produces") {
        Some(v) => strings(Some(&v)),
        None => produces.to_vec(),
    };
    let own: Vec<Value> = op
        .remove("parameters")
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default();
    let mut bodies = Vec::new();
    let mut params = Vec::new();
    // Shared body parameters apply unless the operation declares its own.
    for p in shared.iter().chain(own.iter()) {
        if is_body_like(p, globals) {
            bodies.push(resolve_param(p, globals).clone());
        } else if own.iter().any(|q| std::ptr::eq(q, p)) {
            params.push(parameter(p.clone()));
        }
    }
    if !params.is_empty() {
        op.insert("parameters".into(), Value::Array(params));
    }
    if !bodies.is_empty() {
        op.insert("requestBody".into(), request_body(&bodies, &consumes));
    }
    if let Some(Value::Object(responses)) = op.remove("responses") {
        let converted = responses
            .into_iter()
            .map(|(k, r)| (k, response(r, &produces)))
            .collect();
        op.insert("responses".into(), Value::Object(converted));
    }
    Value::Object(op)
}

/// A non-body parameter: type keywords move into `schema`, and
/// `collectionFormat` becomes `style` and `explode`.
fn parameter(p: Value) -> Value {
    let Value::Object(mut p) = p else { return p };
    if p.contains_key("$ref") {
        return Value::Object(p);
    }
    let location = p
        .get("in")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let mut schema = Map::new();
    for key in SCHEMA_KEYS {
        if let Some(v) = p.remove(*key) {
            schema.insert((*key).into(), v);
        }
    }
    file_to_binary(&mut schema);
    let format = p.remove("collectionFormat");
    if schema.get("type").and_then(Value::as_str) == Some("array") {
        let format = format.as_ref().and_then(Value::as_str).unwrap_or("csv");
        let in_query = location == "query" || location == "cookie";
        let (style, explode) = match format {
            "multi" if in_query => ("form", true),
            "ssv" if in_query => ("spaceDelimited", false),
            "pipes" if in_query => ("pipeDelimited", false),
            _ if in_query => ("form", false),
            _ => ("simple", false),
        };
        // OpenAPI 3 has no style for these here: the model reads the mark.
        if matches!(format, "tsv" | "ssv" | "pipes")
            && style != "spaceDelimited"
            && style != "pipeDelimited"
        {
            p.insert(COLLECTION_FORMAT.into(), json!(format));
        }
        p.insert("style".into(), json!(style));
        p.insert("explode".into(), json!(explode));
    }
    p.remove("allowEmptyValue");
    p.insert("schema".into(), Value::Object(schema));
    Value::Object(p)
}

/// The keywords a 2.0 parameter carries inline that belong in its schema.
const SCHEMA_KEYS: &[&str] = &[
    "type",
    "format",
    "items",
    "enum",
    "default",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "multipleOf",
    "x-nullable",
];

fn file_to_binary(schema: &mut Map<String, Value>) {
    if schema.get("type").and_then(Value::as_str) == Some("file") {
        schema.insert("type".into(), json!("string"));
        schema.insert("format".into(), json!("binary"));
    }
}

/// One request body from `body` or `formData` parameters. Form fields become
/// the properties of an object schema.
fn request_body(params: &[Value], consumes: &[String]) -> Value {
    if let Some(body) = params
        .iter()
        .find(|p| p.get("in").and_then(Value::as_str) == Some("body"))
    {
        let schema = body.get("schema").cloned().unwrap_or_else(|| json!({}));
        let content = content(consumes, &schema);
        let mut out = json!({ "content": content, "required": body.get("required").cloned().unwrap_or(json!(false)) });
        if let Some(d) = body.get("description") {
            out["description"] = d.clone();
        }
        return out;
    }
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut has_file = false;
    for p in params {
        let Some(name) = p.get("name").and_then(Value::as_str) else {
            continue;
        };
        let mut schema = Map::new();
        for key in SCHEMA_KEYS {
            if let Some(v) = p.get(*key) {
                schema.insert((*key).into(), v.clone());
            }
        }
        has_file |= schema.get("type").and_then(Value::as_str) == Some("file");
        file_to_binary(&mut schema);
        if let Some(d) = p.get("description") {
            schema.insert("description".into(), d.clone());
        }
        properties.insert(name.to_string(), Value::Object(schema));
        if p.get("required") == Some(&Value::Bool(true)) {
            required.push(json!(name));
        }
    }
    let media = if has_file
        || consumes
            .iter()
            .any(|c| c.starts_with("multipart/form-data"))
    {
        "multipart/form-data"
    } else {
        "application/x-www-form-urlencoded"
    };
    let mut schema = json!({ "type": "object", "properties": properties });
    if !required.is_empty() {
        schema["required"] = Value::Array(required.clone());
    }
    json!({ "content": { media: { "schema": schema } }, "required": !required.is_empty() })
}

/// A 3.0 `content` map: the schema under each media type (`consumes` or
/// `produces`), or under JSON when the spec names none.
fn content(media_types: &[String], schema: &Value) -> Value {
    let json = ["application/json".to_string()];
    let types = if media_types.is_empty() {
        &json[..]
    } else {
        media_types
    };
    Value::Object(
        types
            .iter()
            .map(|t| (t.clone(), json!({ "schema": schema })))
            .collect(),
    )
}

fn response(r: Value, produces: &[String]) -> Value {
    let Value::Object(mut r) = r else { return r };
    if r.contains_key("$ref") {
        return Value::Object(r);
    }
    r.remove("examples");
    if let Some(schema) = r.remove("schema") {
        let mut schema = schema;
        if let Some(s) = schema.as_object_mut() {
            file_to_binary(s);
        }
        r.insert("content".into(), content(produces, &schema));
    }
    if let Some(Value::Object(headers)) = r.remove("headers") {
        let converted: Map<String, Value> = headers
            .into_iter()
            .map(|(name, h)| {
                let mut schema = Map::new();
                let mut header = Map::new();
                if let Value::Object(h) = h {
                    for (k, v) in h {
                        if k == "description" {
                            header.insert(k, v);
                        } else if SCHEMA_KEYS.contains(&k.as_str()) {
                            schema.insert(k, v);
                        }
                    }
                }
                header.insert("schema".into(), Value::Object(schema));
                (name, Value::Object(header))
            })
            .collect();
        r.insert("headers".into(), Value::Object(converted));
    }
    r.entry("description").or_insert_with(|| json!(""));
    Value::Object(r)
}

fn security_scheme(s: Value) -> Value {
    let Value::Object(mut s) = s else { return s };
    match s.get("type").and_then(Value::as_str) {
        Some("basic") => {
            s.insert("type".into(), json!("http"));
            s.insert("scheme".into(), json!("basic"));
        }
        Some("oauth2") => {
            let flow = s
                .remove("flow")
                .and_then(|f| f.as_str().map(str::to_string))
                .unwrap_or_default();
            let mut details = Map::new();
            for key in ["authorizationUrl", "tokenUrl"] {
                if let Some(v) = s.remove(key) {
                    details.insert(key.into(), v);
                }
            }
            details.insert(
                "scopes".into(),
                s.remove("scopes").unwrap_or_else(|| json!({})),
            );
            let name = match flow.as_str() {
                "implicit" => "implicit",
                "password" => "password",
                "application" => "clientCredentials",
                _ => "authorizationCode",
            };
            s.insert("flows".into(), json!({ name: details }));
        }
        _ => {}
    }
    Value::Object(s)
}

/// Points every `$ref` at its OpenAPI 3.0 home.
fn rewrite_refs(value: &mut Value, globals: &Map<String, Value>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get_mut("$ref") {
                if let Some(rest) = r.strip_prefix("#/definitions/") {
                    *r = format!("#/components/schemas/{rest}");
                } else if let Some(rest) = r.strip_prefix("#/parameters/") {
                    let section = if is_body_like(&json!({ "$ref": r.clone() }), globals) {
                        "requestBodies"
                    } else {
                        "parameters"
                    };
                    *r = format!("#/components/{section}/{rest}");
                } else if let Some(rest) = r.strip_prefix("#/responses/") {
                    *r = format!("#/components/responses/{rest}");
                }
            }
            map.values_mut().for_each(|v| rewrite_refs(v, globals));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite_refs(v, globals)),
        _ => {}
    }
}

/// Where the conversion moved a document's parameters: the pointer of each
/// converted parameter or request body, mapped to the one in the Swagger 2.0
/// document (body and form parameters leave the lists, so indexes shift).
#[derive(Debug, Default)]
pub struct Origins(std::collections::HashMap<String, (String, Moved)>);

/// What the conversion did to the node at a pointer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Moved {
    /// A plain parameter: its schema keywords moved into `schema`.
    Parameter,
    /// A `body` parameter: its schema moved into `content/<type>/schema`.
    Body,
    /// `formData` parameters: merged into one schema.
    Form,
}

/// Records [`Origins`] before [`convert`] rewrites the document.
pub fn parameter_indexes(doc: &Value) -> Origins {
    let globals = doc
        .get("parameters")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut origins = Origins::default();
    let lists = |v: Option<&Value>| v.and_then(Value::as_array).cloned().unwrap_or_default();
    for (path, item) in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let base = format!("/paths/{}", crate::pointer::escape(path));
        let shared = lists(item.get("parameters"));
        let plain = |list: &[Value]| -> Vec<usize> {
            (0..list.len())
                .filter(|&i| !is_body_like(&list[i], &globals))
                .collect()
        };
        for (j, i) in plain(&shared).into_iter().enumerate() {
            origins.0.insert(
                format!("{base}/parameters/{j}"),
                (format!("{base}/parameters/{i}"), Moved::Parameter),
            );
        }
        for method in METHODS {
            let Some(op) = item.get(*method) else {
                continue;
            };
            let op_base = format!("{base}/{method}");
            let own = lists(op.get("parameters"));
            for (j, i) in plain(&own).into_iter().enumerate() {
                origins.0.insert(
                    format!("{op_base}/parameters/{j}"),
                    (format!("{op_base}/parameters/{i}"), Moved::Parameter),
                );
            }
            let body = own
                .iter()
                .position(|p| is_body_like(p, &globals))
                .map(|i| (format!("{op_base}/parameters/{i}"), &own[i]))
                .or_else(|| {
                    shared
                        .iter()
                        .position(|p| is_body_like(p, &globals))
                        .map(|i| (format!("{base}/parameters/{i}"), &shared[i]))
                });
            if let Some((pointer, p)) = body {
                let moved = match resolve_param(p, &globals).get("in").and_then(Value::as_str) {
                    Some("body") => Moved::Body,
                    _ => Moved::Form,
                };
                origins
                    .0
                    .insert(format!("{op_base}/requestBody"), (pointer, moved));
            }
        }
    }
    origins
}

/// The pointer in the Swagger 2.0 document for a pointer into its
/// conversion; a best effort, exact for parameters, bodies, responses and
/// the sections moved under `components`.
pub fn original_pointer(pointer: &str, origins: &Origins) -> String {
    for (from, to) in [
        ("/components/schemas", "/definitions"),
        ("/components/parameters", "/parameters"),
        ("/components/requestBodies", "/parameters"),
        ("/components/responses", "/responses"),
        ("/components/securitySchemes", "/securityDefinitions"),
    ] {
        if let Some(rest) = pointer.strip_prefix(from)
            && (rest.is_empty() || rest.starts_with('/'))
        {
            return moved_within(&format!("{to}{rest}"), origins);
        }
    }
    moved_within(pointer, origins)
}

/// Undoes the moves inside parameters, bodies, responses and headers.
fn moved_within(pointer: &str, origins: &Origins) -> String {
    let segments: Vec<&str> = pointer.split('/').skip(1).collect();
    let mut out = String::new();
    let mut i = 0;
    while i < segments.len() {
        out.push('/');
        out.push_str(segments[i]);
        i += 1;
        if let Some((original, moved)) = origins.0.get(&out) {
            out = original.clone();
            match moved {
                Moved::Parameter if segments.get(i) == Some(&"schema") => i += 1,
                // `content/<type>` leads to the body's `schema`.
                Moved::Body if segments.get(i) == Some(&"content") => i += 2,
                Moved::Form => break,
                _ => {}
            }
            continue;
        }
        let parent = segments.get(i.wrapping_sub(2)).copied();
        match (parent, segments.get(i).copied()) {
            // A response's schema moved under `content/<type>`.
            (Some("responses"), Some("content")) => i += 2,
            // A header's keywords moved into `schema`.
            (Some("headers"), Some("schema")) => i += 1,
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_lead_back_to_the_swagger_document() {
        let doc = json!({
            "swagger": "2.0",
            "parameters": {"Limit": {"name": "limit", "in": "query", "type": "integer"}},
            "paths": {"/a": {"post": {"parameters": [
                {"name": "body", "in": "body", "schema": {"type": "object"}},
                {"name": "q", "in": "query", "type": "string"}
            ]}}}
        });
        let origins = parameter_indexes(&doc);
        let back = |p: &str| original_pointer(p, &origins);
        assert_eq!(
            back("/paths/~1a/post/parameters/0/schema/pattern"),
            "/paths/~1a/post/parameters/1/pattern"
        );
        assert_eq!(
            back("/paths/~1a/post/requestBody/content/application~1json/schema/type"),
            "/paths/~1a/post/parameters/0/schema/type"
        );
        assert_eq!(
            back("/paths/~1a/post/responses/200/content/application~1json/schema"),
            "/paths/~1a/post/responses/200/schema"
        );
        assert_eq!(
            back("/components/schemas/Pet/properties"),
            "/definitions/Pet/properties"
        );
        assert_eq!(
            back("/components/responses/E/headers/X/schema/type"),
            "/responses/E/headers/X/type"
        );
    }
}

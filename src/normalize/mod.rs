//! Stage 2: bring every supported version to OpenAPI 3.0 and turn the JSON
//! value into typed `openapiv3` structures.
//!
//! Swagger 2.0 is converted up ([`swagger2`]); OpenAPI 3.1 schema keywords
//! are rewritten in their 3.0 form ([`schemas`]); references into odd places
//! are hoisted into `components.schemas` ([`refs`]).
//!
//! Deserialization goes through `serde_path_to_error`, so a structural problem
//! is reported with the JSON pointer of the offending node rather than a bare
//! serde message.

mod refs;
mod schemas;
mod swagger2;

use openapiv3::OpenAPI;
use serde_json::{Value, json};

use crate::error::{Error, Location, Result};
use crate::load::Document;

/// Checks the declared version and parses the document as OpenAPI 3.0.
pub fn normalize(doc: Document) -> Result<OpenAPI> {
    let Document {
        path, mut value, ..
    } = doc;
    let version = value
        .get("openapi")
        .and_then(|v| v.as_str())
        .map(str::to_string);
    let swagger = value
        .get("swagger")
        .map(|v| v.as_str().unwrap_or("").to_string());
    match (version.as_deref(), swagger.as_deref()) {
        (Some(v), _) if v.starts_with("3.0") || v.starts_with("3.1") => {}
        (Some(v), _) => {
            return Err(Error::spec(
                &path,
                Location::Pointer("/openapi".into()),
                format!("OpenAPI version `{v}` is not supported"),
                "mcp-gen reads Swagger 2.0 and OpenAPI 3.0 and 3.1 documents",
            ));
        }
        (None, Some("2.0")) => swagger2::convert(&mut value),
        (None, Some(v)) => {
            return Err(Error::spec(
                &path,
                Location::Pointer("/swagger".into()),
                format!("Swagger version `{v}` is not supported"),
                "mcp-gen reads Swagger 2.0 and OpenAPI 3.0 and 3.1 documents",
            ));
        }
        (None, None) => {
            return Err(Error::spec(
                &path,
                Location::Pointer(String::new()),
                "this is not an OpenAPI document: it has no `openapi` version field",
                "an OpenAPI document starts with `openapi: 3.0.x`, `info` and `paths`",
            ));
        }
    }
    schemas::fix(&mut value);
    refs::hoist(&mut value);
    fill_required_fields(&mut value);
    serde_path_to_error::deserialize(&value).map_err(|e| {
        let (pointer, message) =
            narrow(&value).unwrap_or_else(|| (json_pointer(e.path()), e.into_inner().to_string()));
        Error::spec(
            &path,
            Location::Pointer(pointer),
            format!("not a valid OpenAPI 3.0 document: {message}"),
            "compare this node with the OpenAPI 3.0 specification",
        )
    })
}

/// A problem found by [`check`]: a pointer relative to the checked node, and
/// the message.
type Found = Option<(String, String)>;
type Check = fn(&Value) -> Found;

/// OpenAPI 3.1 lets a document have only `webhooks` and an operation have no
/// `responses`; the 3.0 types require both, so empty ones are filled in.
fn fill_required_fields(doc: &mut Value) {
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    root.insert("openapi".into(), json!("3.0.3"));
    let paths = root.entry("paths").or_insert_with(|| json!({}));
    for item in paths
        .as_object_mut()
        .into_iter()
        .flat_map(|p| p.values_mut())
    {
        for (key, op) in item.as_object_mut().into_iter().flatten() {
            if METHODS.contains(&key.as_str())
                && let Some(op) = op.as_object_mut()
            {
                op.entry("responses").or_insert_with(|| json!({}));
            }
        }
    }
}

/// The operation keys of a path item.
pub(super) const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Checks that `value` deserializes as `T`; returns the error's pointer
/// (relative to `value`) and message.
fn check<T: serde::de::DeserializeOwned>(value: &Value) -> Found {
    serde_path_to_error::deserialize::<_, T>(value)
        .err()
        .map(|e| (json_pointer(e.path()), e.into_inner().to_string()))
}

/// serde loses track of the path inside `#[serde(flatten)]` and untagged
/// enums, which openapiv3 uses for every object with extensions and every
/// `$ref`-or-item. So when the whole document fails, this walks down the
/// known structure and deserializes piece by piece to find the smallest node
/// that is wrong.
fn narrow(doc: &Value) -> Option<(String, String)> {
    use openapiv3::{Header, Parameter, RequestBody, Response, Schema};
    let join = |base: String, (rel, msg): (String, String)| (format!("{base}{rel}"), msg);
    let entries = |v: &Value, base: &str| -> Vec<(String, Value)> {
        v.as_object()
            .into_iter()
            .flatten()
            .map(|(k, v)| (format!("{base}/{}", crate::pointer::escape(k)), v.clone()))
            .collect()
    };
    let not_ref = |v: &Value| v.get("$ref").is_none();

    for (pointer, item) in entries(doc.get("paths")?, "/paths") {
        if !not_ref(&item) {
            continue;
        }
        for (pointer, op) in entries(&item, &pointer) {
            if pointer.ends_with("/parameters") {
                for (i, p) in op.as_array().into_iter().flatten().enumerate() {
                    if not_ref(p)
                        && let Some(e) = check::<Parameter>(p)
                    {
                        return Some(join(format!("{pointer}/{i}"), e));
                    }
                }
                continue;
            }
            if !matches!(
                pointer.rsplit('/').next(),
                Some("get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace")
            ) {
                continue;
            }
            for (i, p) in op
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                if not_ref(p)
                    && let Some(e) = check::<Parameter>(p)
                {
                    return Some(join(format!("{pointer}/parameters/{i}"), e));
                }
            }
            if let Some(body) = op.get("requestBody").filter(|b| not_ref(b))
                && let Some(e) = check::<RequestBody>(body)
            {
                return Some(join(format!("{pointer}/requestBody"), e));
            }
            if let Some(responses) = op.get("responses") {
                for (pointer, r) in entries(responses, &format!("{pointer}/responses")) {
                    if not_ref(&r)
                        && let Some(e) = check::<Response>(&r)
                    {
                        return Some(join(pointer, e));
                    }
                }
            }
            if let Some(e) = check::<openapiv3::Operation>(&op) {
                return Some(join(pointer, e));
            }
        }
    }
    let components = doc.get("components")?;
    let sections: [(&str, Check); 5] = [
        ("schemas", check::<Schema>),
        ("parameters", check::<Parameter>),
        ("requestBodies", check::<RequestBody>),
        ("responses", check::<Response>),
        ("headers", check::<Header>),
    ];
    for (section, check_one) in sections {
        let Some(entries_value) = components.get(section) else {
            continue;
        };
        for (pointer, v) in entries(entries_value, &format!("/components/{section}")) {
            if not_ref(&v)
                && let Some(e) = check_one(&v)
            {
                return Some(join(pointer, e));
            }
        }
    }
    None
}

/// Renders a serde path as an RFC 6901 JSON pointer.
fn json_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        out.push('/');
        match segment {
            Segment::Seq { index } => out.push_str(&index.to_string()),
            Segment::Map { key } => out.push_str(&crate::pointer::escape(key)),
            Segment::Enum { variant } => out.push_str(variant),
            Segment::Unknown => out.push('?'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn normalize_text(text: &str) -> Result<OpenAPI> {
        normalize(crate::load::parse(Path::new("t.yaml"), text.as_bytes())?)
    }

    #[test]
    fn structural_errors_carry_a_json_pointer() {
        let err = normalize_text(
            "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters: 5\n      responses: {}\n",
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("at /paths/~1a/get/parameters"),
            "{err}"
        );
    }

    #[test]
    fn other_versions_are_refused_with_a_pointer() {
        let err = normalize_text("swagger: '1.2'\n").unwrap_err();
        assert!(err.to_string().contains("at /swagger"), "{err}");
        let err = normalize_text("info: {}\n").unwrap_err();
        assert!(err.to_string().contains("no `openapi` version"), "{err}");
    }
}

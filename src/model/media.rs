//! Media types and responses: which bodies are JSON or files, and the
//! responses an operation declares.

use openapiv3::{OpenAPI, ReferenceOr, StatusCode};

use super::Response;

pub(super) fn responses(spec: &OpenAPI, responses: &openapiv3::Responses) -> Vec<Response> {
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
                json_schema: json_schema(&r),
                headers: r.headers.keys().cloned().collect(),
                description: r.description,
                media_types: r.content.keys().cloned().collect(),
            })
        })
        .collect();
    if let Some(r) = responses.default.as_ref().and_then(resolve) {
        out.push(Response {
            status: "default".into(),
            json_schema: json_schema(&r),
            headers: r.headers.keys().cloned().collect(),
            description: r.description,
            media_types: r.content.keys().cloned().collect(),
        });
    }
    out
}

/// The schema of a response's first JSON media type, as written.
fn json_schema(response: &openapiv3::Response) -> Option<serde_json::Value> {
    let (_, media) = response.content.iter().find(|(media_type, _)| is_json(media_type))?;
    serde_json::to_value(media.schema.as_ref()?).ok()
}

/// A string schema whose value is raw bytes.
pub(super) fn is_file(schema: &serde_json::Value) -> bool {
    schema.get("format").and_then(|f| f.as_str()) == Some("binary")
}

/// `application/json`, `application/problem+json`, with or without parameters.
pub(super) fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence.ends_with("+json")
}

/// A media type without its parameters, lowercased: `Text/Plain; charset=x`
/// is `text/plain`.
pub(super) fn essence(media_type: &str) -> String {
    let bare = media_type.split(';').next().unwrap_or("");
    bare.trim().to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_media_types_include_structured_suffixes_and_parameters() {
        assert!(is_json("application/json"));
        assert!(is_json("Application/Problem+JSON; charset=utf-8"));
        assert!(!is_json("application/jsonl"));
        assert!(!is_json("text/json-seq"));
        assert_eq!(essence(" Text/Plain ; charset=x"), "text/plain");
    }

    #[test]
    fn a_binary_string_is_a_file() {
        assert!(is_file(
            &serde_json::json!({"type": "string", "format": "binary"})
        ));
        assert!(!is_file(
            &serde_json::json!({"type": "string", "format": "byte"})
        ));
    }
}

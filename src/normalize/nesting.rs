//! Deeply nested schemas are checked piecewise before the whole document is
//! parsed.
//!
//! `openapiv3` parses a schema through an untagged enum: when a schema does
//! not parse, serde tries the next variant, which parses the schema's
//! children again. A mistake deep inside nested schemas is therefore met
//! twice per level above it, and typed parsing takes time exponential in the
//! depth: 16 levels of `properties` take a second, 40 would take years. So
//! the schemas whose height (the most levels of schemas below them) is a
//! multiple of [`BLOCK`] are parsed alone first, lowest first: each such
//! parse then retries at most `BLOCK` levels, and the first that fails is
//! the error. Real specs nest schemas at most 11 deep (cloudflare), so this
//! parses few schemas twice.

use openapiv3::{ReferenceOr, Schema};
use serde_json::Value;

/// Levels of schemas between two checked ones.
const BLOCK: usize = 8;

/// The pointer of the lowest deeply nested schema that does not parse, with
/// the parser's message.
pub fn first_invalid(doc: &Value) -> Option<(String, String)> {
    let mut walk = Walk::default();
    walk.roots(doc);
    // Lowest first, so a failure is met where it is, not retried above.
    walk.found.sort_by_key(|(height, _, _)| *height);
    walk.found.into_iter().find_map(|(_, pointer, node)| {
        super::check::<ReferenceOr<Schema>>(node)
            .map(|(relative, message)| (format!("{pointer}{relative}"), message))
    })
}

#[derive(Default)]
struct Walk<'a> {
    /// The path to the current node, as keys (an array index is written
    /// out; it is rarely needed).
    path: Vec<std::borrow::Cow<'a, str>>,
    /// Height, pointer and node of each schema to check.
    found: Vec<(usize, String, &'a Value)>,
}

impl<'a> Walk<'a> {
    /// Finds the schemas outside schemas (as `schemas::fix` walks them) and
    /// measures each.
    fn roots(&mut self, value: &'a Value) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    self.path.push(key.into());
                    match key.as_str() {
                        "schema" => {
                            self.height(child);
                        }
                        "schemas" if child.is_object() => {
                            for (name, schema) in child.as_object().into_iter().flatten() {
                                self.path.push(name.into());
                                self.height(schema);
                                self.path.pop();
                            }
                        }
                        "example" | "examples" | "default" => {}
                        k if k.starts_with("x-") => {}
                        _ => self.roots(child),
                    }
                    self.path.pop();
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.path.push(i.to_string().into());
                    self.roots(item);
                    self.path.pop();
                }
            }
            _ => {}
        }
    }

    /// The height of the schema at the current path; records it when it is a
    /// positive multiple of [`BLOCK`]. Only the children that typed parsing
    /// reads count.
    fn height(&mut self, schema: &'a Value) -> usize {
        let Some(map) = schema.as_object() else {
            return 0;
        };
        // A reference: its siblings are not parsed.
        if map.get("$ref").is_some_and(Value::is_string) {
            return 0;
        }
        let mut below = 0;
        for (key, value) in map {
            match (key.as_str(), value) {
                ("items" | "additionalProperties" | "not", Value::Object(_)) => {
                    self.path.push(key.into());
                    below = below.max(1 + self.height(value));
                    self.path.pop();
                }
                ("allOf" | "anyOf" | "oneOf", Value::Array(items)) => {
                    self.path.push(key.into());
                    for (i, value) in items.iter().enumerate() {
                        self.path.push(i.to_string().into());
                        below = below.max(1 + self.height(value));
                        self.path.pop();
                    }
                    self.path.pop();
                }
                ("properties", Value::Object(properties)) => {
                    self.path.push(key.into());
                    for (name, value) in properties {
                        self.path.push(name.into());
                        below = below.max(1 + self.height(value));
                        self.path.pop();
                    }
                    self.path.pop();
                }
                _ => {}
            }
        }
        if below > 0 && below % BLOCK == 0 {
            let pointer = self
                .path
                .iter()
                .map(|segment| format!("/{}", crate::pointer::escape(segment)))
                .collect();
            self.found.push((below, pointer, schema));
        }
        below
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn nested(depth: usize, leaf: Value) -> Value {
        (0..depth).fold(
            leaf,
            |s, _| json!({"type": "object", "properties": {"p": s}}),
        )
    }

    #[test]
    fn a_mistake_deep_down_is_found_without_parsing_the_whole() {
        let doc = json!({"components": {"schemas": {
            "A": nested(60, json!({"type": "string", "maxLength": "x"}))
        }}});
        let (pointer, message) = first_invalid(&doc).unwrap();
        assert!(
            pointer.starts_with("/components/schemas/A/properties/p"),
            "{pointer}"
        );
        // Found from the lowest checked schema, `BLOCK` levels above the leaf.
        assert!(
            pointer.matches("/properties/p").count() >= 60 - BLOCK,
            "{pointer}"
        );
        assert!(
            message.contains("maxLength") || message.contains("string"),
            "{message}"
        );
    }

    #[test]
    fn shallow_or_valid_schemas_pass() {
        let doc = json!({"paths": {"/a": {"get": {"responses": {"200": {"content": {
            "application/json": {"schema": nested(40, json!({"type": "string"}))}
        }}}}}}});
        assert_eq!(first_invalid(&doc), None);
        let shallow = json!({"components": {"schemas": {
            "A": nested(BLOCK - 1, json!({"type": "string", "maxLength": "x"}))
        }}});
        assert_eq!(first_invalid(&shallow), None);
    }
}

//! MCP completions (`completion/complete`): the values a client may offer
//! for a resource template's variables and a prompt's arguments.
//!
//! Values come only from what the spec or the config states: a schema's
//! `enum` or `const`, and `true`/`false` for a boolean. The server filters
//! them by the prefix typed so far; an argument with no known values
//! completes to an empty list.

use serde::Serialize;
use serde_json::Value;

/// The values one argument completes to, in the order the spec lists them.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct CompletionView {
    /// The template variable or prompt argument name.
    pub argument: String,
    pub values: Vec<String>,
}

/// Completions for each property of an input schema (a JSON Schema object,
/// `$ref`s already inlined), in property order; properties with no known
/// values are left out.
pub fn of_schema(schema: &Value) -> Vec<CompletionView> {
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return Vec::new();
    };
    properties
        .iter()
        .filter_map(|(name, property)| {
            let mut values = Vec::new();
            collect(property, &mut values);
            (!values.is_empty()).then(|| CompletionView {
                argument: name.clone(),
                values,
            })
        })
        .collect()
}

/// Completions for a prompt argument declared with `enum` in the config.
pub fn of_values(argument: &str, values: &[String]) -> Option<CompletionView> {
    (!values.is_empty()).then(|| CompletionView {
        argument: argument.to_string(),
        values: values.to_vec(),
    })
}

/// Appends the values `schema` allows, once each. A nullable schema is an
/// `anyOf` with `null` (see map/schema.rs), and an array variable takes its
/// items one at a time, so both are looked through.
fn collect(schema: &Value, values: &mut Vec<String>) {
    let mut push = |v: String| {
        if !values.contains(&v) {
            values.push(v);
        }
    };
    if let Some(options) = schema.get("enum").and_then(Value::as_array) {
        options.iter().filter_map(as_text).for_each(&mut push);
    } else if let Some(one) = schema.get("const").and_then(as_text) {
        push(one);
    } else if schema.get("type").and_then(Value::as_str) == Some("boolean") {
        push("true".into());
        push("false".into());
    }
    for key in ["anyOf", "oneOf"] {
        for option in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            collect(option, values);
        }
    }
    if let Some(items) = schema.get("items") {
        collect(items, values);
    }
}

/// A value as the text a URI or prompt carries; `null` has none.
fn as_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn view(argument: &str, values: &[&str]) -> CompletionView {
        CompletionView {
            argument: argument.into(),
            values: values.iter().map(|v| v.to_string()).collect(),
        }
    }

    #[test]
    fn enums_consts_and_booleans_complete_in_spec_order() {
        let schema = json!({"type": "object", "properties": {
            "genre": {"type": "string", "enum": ["poetry", "prose", "drama"]},
            "limit": {"type": "integer"},
            "inStock": {"type": "boolean"},
            "version": {"const": 2},
            "size": {"enum": [1, 2.5, null]},
        }});
        assert_eq!(
            of_schema(&schema),
            vec![
                view("genre", &["poetry", "prose", "drama"]),
                view("inStock", &["true", "false"]),
                view("version", &["2"]),
                view("size", &["1", "2.5"]),
            ]
        );
    }

    #[test]
    fn nullable_and_array_variables_complete_from_their_inner_schema() {
        let schema = json!({"type": "object", "properties": {
            "status": {"anyOf": [{"type": "string", "enum": ["open", "closed"]}, {"type": "null"}]},
            "tags": {"type": "array", "items": {"enum": ["a", "b", "a"]}},
            "flag": {"oneOf": [{"type": "boolean"}, {"type": "null"}]},
        }});
        assert_eq!(
            of_schema(&schema),
            vec![
                view("status", &["open", "closed"]),
                view("tags", &["a", "b"]),
                view("flag", &["true", "false"]),
            ]
        );
    }

    #[test]
    fn nothing_known_is_nothing_offered() {
        assert!(of_schema(&json!({"type": "object"})).is_empty());
        assert!(of_schema(&json!({"properties": {"q": {"type": "string"}}})).is_empty());
        assert_eq!(of_values("tone", &[]), None);
        assert_eq!(
            of_values("tone", &["brief".into()]),
            Some(view("tone", &["brief"]))
        );
    }
}

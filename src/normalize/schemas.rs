//! Schema fixes applied to every document before typed parsing, so the rest
//! of the pipeline only ever sees OpenAPI 3.0 schemas.
//!
//! - OpenAPI 3.1 (JSON Schema 2020-12): type arrays and `type: "null"` become
//!   `nullable`, `const` becomes a one-value `enum`, `examples` arrays become
//!   `example`, numeric `exclusiveMinimum`/`exclusiveMaximum` become the 3.0
//!   boolean form, and tuple `items` arrays become one item schema.
//! - Swagger 2.0's `x-nullable` becomes `nullable`.
//! - A `$ref` with constraining siblings (`nullable`, bounds, ...) becomes an
//!   `allOf` of the reference plus the siblings, since a plain 3.0 reference
//!   ignores its siblings and the constraint would be lost.

use serde_json::{Map, Value, json};

/// Siblings of a `$ref` that only annotate and may be dropped.
const ANNOTATIONS: &[&str] = &[
    "$ref",
    "description",
    "summary",
    "title",
    "example",
    "examples",
    "$comment",
];

/// Fixes every schema in the document.
pub fn fix(doc: &mut Value) {
    walk(doc);
}

/// Walks the document outside schemas, fixing each schema it reaches.
fn walk(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match key.as_str() {
                    "schema" => fix_schema(v),
                    "schemas" if v.is_object() => {
                        v.as_object_mut()
                            .into_iter()
                            .flat_map(|m| m.values_mut())
                            .for_each(fix_schema);
                    }
                    // Example data is not spec structure.
                    "example" | "examples" | "default" => {}
                    k if k.starts_with("x-") => {}
                    _ => walk(v),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(walk),
        _ => {}
    }
}

fn fix_schema(schema: &mut Value) {
    let Some(map) = schema.as_object_mut() else {
        return;
    };
    if let Some(flag) = map.remove("x-nullable") {
        map.entry("nullable").or_insert(flag);
    }
    if map.contains_key("$ref") && map.keys().any(|k| !ANNOTATIONS.contains(&k.as_str())) {
        let reference = map.remove("$ref").unwrap_or_default();
        map.insert("allOf".into(), json!([{ "$ref": reference }]));
    }
    fix_type(map);
    if let Some(value) = map.remove("const") {
        map.entry("enum").or_insert_with(|| json!([value]));
    }
    // An untyped enum of strings (`const: order` in 3.1) is a string enum.
    if !map.contains_key("type")
        && let Some(Value::Array(values)) = map.get("enum")
        && values.iter().any(Value::is_string)
        && values.iter().all(|v| v.is_string() || v.is_null())
    {
        map.insert("type".into(), json!("string"));
    }
    if let Some(Value::Array(examples)) = map.get("examples") {
        let first = examples.first().cloned();
        map.remove("examples");
        if let Some(first) = first {
            map.entry("example").or_insert(first);
        }
    }
    for (flag, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(n @ Value::Number(_)) = map.get(flag).cloned() {
            map.insert(bound.into(), n);
            map.insert(flag.into(), json!(true));
        }
    }
    if let Some(Value::Array(items)) = map.get_mut("items") {
        let items = std::mem::take(items);
        let single = match items.len() {
            0 => json!({}),
            1 => items.into_iter().next().unwrap_or_default(),
            _ => json!({ "anyOf": items }),
        };
        map.insert("items".into(), single);
    }
    for key in ["properties", "patternProperties", "$defs", "definitions"] {
        if let Some(Value::Object(children)) = map.get_mut(key) {
            children.values_mut().for_each(fix_schema);
        }
    }
    for key in [
        "items",
        "additionalProperties",
        "not",
        "propertyNames",
        "contains",
    ] {
        if let Some(child) = map.get_mut(key) {
            fix_schema(child);
        }
    }
    for key in ["allOf", "anyOf", "oneOf", "prefixItems"] {
        if let Some(Value::Array(children)) = map.get_mut(key) {
            children.iter_mut().for_each(fix_schema);
        }
    }
}

/// `type: ["string", "null"]` → `type: string, nullable: true`; several
/// non-null types become an `anyOf`. `type: "null"` alone becomes
/// `nullable: true, enum: [null]`: OpenAPI 3.0 has no null type, and
/// `nullable` without a type would accept anything (a `oneOf` alternative
/// that is only `null` would let every value through).
fn fix_type(map: &mut Map<String, Value>) {
    let types: Vec<String> = match map.get("type") {
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(|t| t.as_str().map(str::to_string))
            .collect(),
        Some(Value::String(t)) if t == "null" => vec!["null".into()],
        _ => return,
    };
    map.remove("type");
    if types.iter().any(|t| t == "null") {
        map.insert("nullable".into(), json!(true));
    }
    let concrete: Vec<&String> = types.iter().filter(|t| *t != "null").collect();
    match concrete.as_slice() {
        [] => {
            map.entry("enum").or_insert(json!([null]));
        }
        [one] => {
            map.insert("type".into(), json!(one));
        }
        many if !map.contains_key("anyOf") => {
            let branches: Vec<Value> = many.iter().map(|t| json!({ "type": t })).collect();
            map.insert("anyOf".into(), Value::Array(branches));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openapi_31_keywords_become_30() {
        let mut doc = json!({"components": {"schemas": {"A": {
            "type": "object",
            "properties": {
                "a": {"type": ["string", "null"], "examples": ["x"]},
                "b": {"const": "fixed"},
                "c": {"type": "integer", "exclusiveMinimum": 0},
                "d": {"$ref": "#/components/schemas/B", "nullable": true},
                "e": {"type": ["integer", "string"]},
                "f": {"type": "null"}
            }
        }}}});
        fix(&mut doc);
        let p = &doc["components"]["schemas"]["A"]["properties"];
        assert_eq!(
            p["a"],
            json!({"type": "string", "nullable": true, "example": "x"})
        );
        assert_eq!(p["b"], json!({"enum": ["fixed"], "type": "string"}));
        assert_eq!(
            p["c"],
            json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true})
        );
        assert_eq!(
            p["d"],
            json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/B"}]})
        );
        assert_eq!(
            p["e"],
            json!({"anyOf": [{"type": "integer"}, {"type": "string"}]})
        );
        assert_eq!(p["f"], json!({"nullable": true, "enum": [null]}));
    }
}

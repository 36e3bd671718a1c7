//! Self-contained, portable JSON Schemas for tool inputs.
//!
//! OpenAPI 3.0 schemas are not quite JSON Schema, and a model host cannot
//! follow `$ref`s into a document it never sees. So every schema is rewritten:
//! references are inlined (recursion is cut at a bounded depth), `nullable`
//! becomes a `null` type, `example` becomes `examples`, boolean
//! `exclusiveMinimum`/`exclusiveMaximum` become numbers, read-only properties
//! are dropped (they are never sent), and OpenAPI-only keywords are removed.

use serde_json::{Map, Value, json};

/// How many `$ref`s deep inlining goes before it stops expanding.
const MAX_REF_DEPTH: usize = 8;

/// The size (in bytes of JSON, roughly) a tool's input schema should stay
/// within. Wide schema graphs grow exponentially with depth: msgraph's
/// entities reference hundreds of others, and fully expanded to
/// [`MAX_REF_DEPTH`] one tool's schema reached 400 KB, about 100k tokens
/// of a model's context, for every `tools/list`. A schema over budget is
/// expanded again to a shallower depth, so the cut falls evenly across its
/// properties rather than wherever a depth-first walk ran out.
const SIZE_BUDGET: usize = 32 * 1024;

/// The depth no budget cuts below: the operation's own parameters and
/// body fields are always described, however many there are.
const MIN_REF_DEPTH: usize = 1;

/// Keywords that mean nothing to a JSON Schema validator, or only to OpenAPI.
const DROPPED: &[&str] = &[
    "nullable",
    "discriminator",
    "xml",
    "externalDocs",
    "example",
    "readOnly",
    "writeOnly",
];

pub struct Inliner<'a> {
    schemas: &'a Map<String, Value>,
    stack: Vec<String>,
    /// References nested deeper than this become stubs.
    depth: usize,
    /// Roughly how many bytes of JSON the current schema has so far.
    size: usize,
}

impl<'a> Inliner<'a> {
    pub fn new(schemas: &'a Map<String, Value>) -> Self {
        Inliner {
            schemas,
            stack: Vec::new(),
            depth: MAX_REF_DEPTH,
            size: 0,
        }
    }

    /// Builds one tool's schema with `build`, which calls [`Self::inline`]
    /// for its parts: as deep as [`SIZE_BUDGET`] allows, from
    /// [`MAX_REF_DEPTH`] down to [`MIN_REF_DEPTH`]. A try that overruns
    /// the budget stops early, so each costs about the budget at most.
    pub fn within_budget(&mut self, mut build: impl FnMut(&mut Self) -> Value) -> Value {
        let mut depth = MAX_REF_DEPTH;
        loop {
            self.depth = depth;
            self.size = 0;
            let schema = build(self);
            if self.size <= SIZE_BUDGET || depth == MIN_REF_DEPTH {
                self.depth = MAX_REF_DEPTH;
                return schema;
            }
            depth -= 1;
        }
    }

    /// Whether this try has overrun the budget and a shallower one follows.
    fn abandoned(&self) -> bool {
        self.size > SIZE_BUDGET && self.depth > MIN_REF_DEPTH
    }

    /// Rewrites `schema` into a self-contained JSON Schema.
    pub fn inline(&mut self, schema: &Value) -> Value {
        if self.abandoned() {
            return Value::Null;
        }
        let Some(object) = schema.as_object() else {
            self.size += approximate_size(schema);
            return schema.clone();
        };
        if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
            return self.reference(reference);
        }
        let mut out = Map::new();
        for (key, value) in object {
            if DROPPED.contains(&key.as_str()) || key.starts_with("x-") {
                continue;
            }
            self.size += key.len() + 4;
            let value = match key.as_str() {
                "properties" => Value::Object(self.properties(value)),
                "items" | "not" | "additionalProperties" => self.inline(value),
                "allOf" | "oneOf" | "anyOf" => Value::Array(
                    value
                        .as_array()
                        .map(|parts| parts.iter().map(|p| self.inline(p)).collect())
                        .unwrap_or_default(),
                ),
                "required" => Value::Array(Self::required(object, value)),
                _ => {
                    self.size += approximate_size(value);
                    value.clone()
                }
            };
            out.insert(key.clone(), value);
        }
        if let Some(example) = object.get("example") {
            out.entry("examples").or_insert_with(|| json!([example]));
        }
        exclusive_bounds(&mut out);
        let out = merge_all_of(out);
        if object.get("nullable") == Some(&Value::Bool(true)) {
            allow_null(out)
        } else {
            out
        }
    }

    fn reference(&mut self, reference: &str) -> Value {
        let key = reference
            .strip_prefix("#/components/schemas/")
            .map(crate::pointer::unescape);
        let Some(target) = key.as_ref().and_then(|k| self.schemas.get(k)) else {
            // The model has already rejected dangling references; anything left
            // (a reference into another section) is described, not dropped.
            return json!({ "description": format!("See {reference}.") });
        };
        let key = key.unwrap_or_default();
        let recursive = self.stack.contains(&key);
        // A scalar (an enum, mostly) refers to nothing, so it costs little
        // and is never cut: a stub would lose its allowed values.
        if recursive || (self.stack.len() >= self.depth && !is_leaf(target)) {
            let kind = target.get("type").cloned();
            let why = if recursive {
                "recursive"
            } else {
                "nested too deep"
            };
            let mut cut = json!({
                "description": format!("A `{key}` ({why}; not expanded further)."),
            });
            if let Some(kind) = kind {
                cut["type"] = kind;
            }
            self.size += approximate_size(&cut);
            return cut;
        }
        self.stack.push(key);
        let out = self.inline(target);
        self.stack.pop();
        out
    }

    fn properties(&mut self, value: &Value) -> Map<String, Value> {
        let Some(props) = value.as_object() else {
            return Map::new();
        };
        props
            .iter()
            .filter(|(_, schema)| !is_read_only(schema))
            .map(|(name, schema)| (name.clone(), self.inline(schema)))
            .collect()
    }

    /// Keeps only required names that are still properties after read-only
    /// ones were dropped.
    fn required(object: &Map<String, Value>, value: &Value) -> Vec<Value> {
        let props = object.get("properties").and_then(Value::as_object);
        value
            .as_array()
            .map(|names| {
                names
                    .iter()
                    .filter(|name| {
                        let schema = name.as_str().and_then(|n| props.and_then(|p| p.get(n)));
                        !schema.is_some_and(is_read_only)
                    })
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// A schema that contains no other schema.
fn is_leaf(schema: &Value) -> bool {
    const NESTING: &[&str] = &[
        "$ref",
        "properties",
        "items",
        "additionalProperties",
        "allOf",
        "oneOf",
        "anyOf",
        "not",
    ];
    schema
        .as_object()
        .is_some_and(|o| !NESTING.iter().any(|k| o.contains_key(*k)))
}

/// About how many bytes `value` takes as JSON, without printing it.
fn approximate_size(value: &Value) -> usize {
    match value {
        Value::Null | Value::Bool(_) => 5,
        Value::Number(_) => 8,
        Value::String(s) => s.len() + 2,
        Value::Array(items) => items.iter().map(|v| approximate_size(v) + 1).sum::<usize>() + 2,
        Value::Object(o) => {
            o.iter()
                .map(|(k, v)| k.len() + 4 + approximate_size(v))
                .sum::<usize>()
                + 2
        }
    }
}

fn is_read_only(schema: &Value) -> bool {
    schema.get("readOnly") == Some(&Value::Bool(true))
}

/// OpenAPI 3.0 writes `exclusiveMinimum: true` beside `minimum`; JSON Schema
/// since draft 6 writes the bound itself.
fn exclusive_bounds(out: &mut Map<String, Value>) {
    for (flag, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        match out.get(flag) {
            Some(Value::Bool(true)) => {
                if let Some(value) = out.remove(bound) {
                    out.insert(flag.into(), value);
                } else {
                    out.remove(flag);
                }
            }
            Some(Value::Bool(false)) => {
                out.remove(flag);
            }
            _ => {}
        }
    }
}

/// Keywords that describe a value rather than constrain it; they stay on
/// the outside when a schema is wrapped.
const ANNOTATIONS: &[&str] = &["title", "description", "default", "examples", "deprecated"];

/// `nullable: true` becomes `anyOf: [<schema>, {"type": "null"}]`. A type
/// array (`["string", "null"]`) says the same, but hosts that map schemas onto
/// a single-`type` dialect (Gemini's) reject it, while nested `anyOf` is read
/// everywhere.
fn allow_null(schema: Value) -> Value {
    let Value::Object(mut inner) = schema else {
        return schema;
    };
    if !inner.contains_key("type") && !inner.contains_key("enum") {
        return Value::Object(inner);
    }
    let mut outer = Map::new();
    for key in ANNOTATIONS {
        if let Some(value) = inner.remove(*key) {
            outer.insert((*key).into(), value);
        }
    }
    // Only `null` (OpenAPI 3.1's `type: "null"`, normalized to `enum:
    // [null]`): the null branch alone says it.
    if inner.len() == 1 && inner.get("enum") == Some(&json!([null])) {
        outer.insert("type".into(), json!("null"));
        return Value::Object(outer);
    }
    outer.insert("anyOf".into(), json!([inner, {"type": "null"}]));
    Value::Object(outer)
}

/// Folds an `allOf` of plain objects into one object, which every host reads;
/// anything else is left as it is.
fn merge_all_of(mut out: Map<String, Value>) -> Value {
    let Some(Value::Array(parts)) = out.get("allOf") else {
        return Value::Object(out);
    };
    let mergeable = parts.iter().all(|p| {
        p.as_object().is_some_and(|o| {
            o.keys().all(|k| {
                matches!(
                    k.as_str(),
                    "type" | "properties" | "required" | "description" | "title"
                )
            }) && o.get("type").is_none_or(|t| t == "object")
        })
    });
    if !mergeable {
        return Value::Object(out);
    }
    let Some(Value::Array(parts)) = out.remove("allOf") else {
        unreachable!("checked above");
    };
    let mut properties = Map::new();
    let mut required: Vec<Value> = Vec::new();
    for part in parts {
        if let Some(Value::Object(p)) = part.get("properties") {
            properties.extend(p.clone());
        }
        if let Some(Value::Array(r)) = part.get("required") {
            required.extend(
                r.iter()
                    .filter(|n| !required.contains(n))
                    .cloned()
                    .collect::<Vec<_>>(),
            );
        }
        if let Some(d) = part.get("description") {
            out.entry("description").or_insert_with(|| d.clone());
        }
    }
    out.insert("type".into(), json!("object"));
    out.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        out.insert("required".into(), Value::Array(required));
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recursion_is_cut_and_refs_are_gone() {
        let schemas = json!({
            "Node": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Node"}}}
        });
        let schemas = schemas.as_object().unwrap();
        let out = Inliner::new(schemas).inline(&json!({"$ref": "#/components/schemas/Node"}));
        assert!(!out.to_string().contains("$ref"), "{out}");
        assert_eq!(out["properties"]["next"]["type"], "object");
        assert!(out["properties"]["next"].get("properties").is_none());
    }

    #[test]
    fn wide_graphs_are_cut_evenly_to_fit_the_budget() {
        // Every entity refers to every other: expanded fully, exponential.
        let names: Vec<String> = (0..12).map(|i| format!("E{i}")).collect();
        let mut schemas = Map::new();
        for name in &names {
            let properties: Map<String, Value> = names
                .iter()
                .map(|n| {
                    (
                        n.to_lowercase(),
                        json!({"$ref": format!("#/components/schemas/{n}")}),
                    )
                })
                .chain([(
                    "kind".to_string(),
                    json!({"$ref": "#/components/schemas/Kind"}),
                )])
                .collect();
            schemas.insert(
                name.clone(),
                json!({"type": "object", "properties": properties}),
            );
        }
        schemas.insert("Kind".into(), json!({"type": "string", "enum": ["a", "b"]}));
        let mut inliner = Inliner::new(&schemas);
        let out = inliner.within_budget(|i| i.inline(&json!({"$ref": "#/components/schemas/E0"})));
        let text = out.to_string();
        assert!(
            text.len() <= SIZE_BUDGET + SIZE_BUDGET / 4,
            "{}",
            text.len()
        );
        // Cut at one depth for all properties alike, not first come first served.
        let depth = |v: &Value| {
            let mut d = 0;
            let mut v = v;
            while let Some(next) = v.get("properties").and_then(|p| p.get("e1")) {
                d += 1;
                v = next;
            }
            d
        };
        let first = depth(&out["properties"]["e1"]);
        assert!(first >= 1, "{text}");
        assert_eq!(depth(&out["properties"]["e11"]), first);
        // The enum is kept even where its neighbours were cut.
        assert!(!text.contains("`Kind`"), "a stubbed enum in {text}");
        assert_eq!(
            out["properties"]["e11"]["properties"]["kind"]["enum"],
            json!(["a", "b"])
        );
    }

    #[test]
    fn openapi_keywords_become_json_schema() {
        let out = Inliner::new(&Map::new()).inline(&json!({
            "type": "integer", "nullable": true, "minimum": 1, "exclusiveMinimum": true,
            "example": 5, "x-internal": true
        }));
        assert_eq!(
            out,
            json!({"examples": [5], "anyOf": [{"type": "integer", "exclusiveMinimum": 1}, {"type": "null"}]})
        );
    }

    #[test]
    fn a_null_only_alternative_accepts_only_null() {
        // OpenAPI 3.1's `type: "null"`, as normalization leaves it.
        let out = Inliner::new(&Map::new()).inline(&json!({"oneOf": [
            {"type": "string"}, {"nullable": true, "enum": [null], "description": "none"}
        ]}));
        assert_eq!(
            out,
            json!({"oneOf": [{"type": "string"}, {"description": "none", "type": "null"}]})
        );
    }

    #[test]
    fn read_only_properties_are_not_inputs() {
        let out = Inliner::new(&Map::new()).inline(&json!({
            "type": "object", "required": ["id", "name"],
            "properties": {"id": {"type": "string", "readOnly": true}, "name": {"type": "string"}}
        }));
        assert_eq!(out["required"], json!(["name"]));
        assert!(out["properties"].get("id").is_none());
    }

    #[test]
    fn all_of_objects_merge() {
        let out = Inliner::new(&Map::new()).inline(&json!({"allOf": [
            {"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}},
            {"type": "object", "required": ["a", "b"], "properties": {"b": {"type": "string"}}}
        ]}));
        assert_eq!(out["type"], "object");
        assert_eq!(out["required"], json!(["a", "b"]));
    }
}

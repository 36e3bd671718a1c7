//! Repairs of schema nodes that are not what the specification says, made
//! on the document as written so each warning names the user's node.
//!
//! A client needs none of these to be right to send a request, so none
//! stops generation:
//!
//! - a boolean schema (`true` accepts anything, `false` nothing) is JSON
//!   Schema 2020-12 and so OpenAPI 3.1; it becomes `{}` or `{not: {}}`, with
//!   a warning in 2.0 and 3.0 documents, which do not have it;
//! - a node where a schema must stand that is a string, a list, a number or
//!   null becomes `{}`, an unconstrained schema, with a warning;
//! - a keyword whose value has the wrong JSON type (`pattern: 0`,
//!   `required: false`) is dropped, with a warning;
//! - a number or boolean in a string `enum` is read as the string it spells
//!   (an unquoted `4.1` in YAML); an `enum` whose values do not fit another
//!   `type` is dropped; each with a warning;
//! - callbacks are removed, `$ref` or not: they describe requests the API
//!   sends, which a client never serves.

use std::path::Path;

use serde_json::{Map, Value, json};

use super::METHODS;
use crate::error::{Error, Location};
use crate::pointer::escape;

/// Makes the repairs of the module doc; returns one warning per repair.
pub fn repair(file: &Path, doc: &mut Value, openapi_31: bool) -> Vec<Error> {
    drop_callbacks(doc);
    let mut r = Repairs {
        file,
        openapi_31,
        warnings: Vec::new(),
    };
    r.structure(doc, "");
    r.warnings
}

fn drop_callbacks(doc: &mut Value) {
    if let Some(components) = doc.get_mut("components").and_then(Value::as_object_mut) {
        components.remove("callbacks");
    }
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for item in paths.values_mut().filter_map(Value::as_object_mut) {
        for (_, op) in item
            .iter_mut()
            .filter(|(k, _)| METHODS.contains(&k.as_str()))
        {
            if let Some(op) = op.as_object_mut() {
                op.remove("callbacks");
            }
        }
    }
}

struct Repairs<'a> {
    file: &'a Path,
    openapi_31: bool,
    warnings: Vec<Error>,
}

/// The JSON type a schema keyword's value must have.
#[derive(Clone, Copy)]
enum Expect {
    String,
    Number,
    /// A non-negative integer.
    Count,
    Bool,
    /// A boolean in 3.0, a number in 3.1 (either is accepted).
    BoolOrNumber,
    Object,
    /// A string, or in 3.1 a list of them.
    Type,
    /// A list of strings.
    Names,
    List,
}

const KEYWORDS: &[(&str, Expect)] = &[
    ("type", Expect::Type),
    ("format", Expect::String),
    ("pattern", Expect::String),
    ("title", Expect::String),
    ("description", Expect::String),
    ("minimum", Expect::Number),
    ("maximum", Expect::Number),
    ("multipleOf", Expect::Number),
    ("exclusiveMinimum", Expect::BoolOrNumber),
    ("exclusiveMaximum", Expect::BoolOrNumber),
    ("minLength", Expect::Count),
    ("maxLength", Expect::Count),
    ("minItems", Expect::Count),
    ("maxItems", Expect::Count),
    ("minProperties", Expect::Count),
    ("maxProperties", Expect::Count),
    ("nullable", Expect::Bool),
    ("readOnly", Expect::Bool),
    ("writeOnly", Expect::Bool),
    ("deprecated", Expect::Bool),
    ("uniqueItems", Expect::Bool),
    ("required", Expect::Names),
    ("enum", Expect::List),
    ("allOf", Expect::List),
    ("anyOf", Expect::List),
    ("oneOf", Expect::List),
    ("properties", Expect::Object),
    ("discriminator", Expect::Object),
];

impl Expect {
    fn fits(self, v: &Value) -> bool {
        match self {
            Expect::String => v.is_string(),
            Expect::Number => v.is_number(),
            Expect::Count => v.is_u64(),
            Expect::Bool => v.is_boolean(),
            Expect::BoolOrNumber => v.is_boolean() || v.is_number(),
            Expect::Object => v.is_object(),
            Expect::Type => {
                v.is_string() || v.as_array().is_some_and(|l| l.iter().all(Value::is_string))
            }
            Expect::Names => v.as_array().is_some_and(|l| l.iter().all(Value::is_string)),
            Expect::List => v.is_array(),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Expect::String => "a string",
            Expect::Number => "a number",
            Expect::Count => "a non-negative integer",
            Expect::Bool => "a boolean",
            Expect::BoolOrNumber => "a boolean or a number",
            Expect::Object => "an object",
            Expect::Type => "a type name or a list of them",
            Expect::Names => "a list of property names",
            Expect::List => "a list",
        }
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

impl Repairs<'_> {
    fn warn(&mut self, pointer: &str, message: String, help: &str) {
        self.warnings.push(Error::spec(
            self.file,
            Location::Pointer(pointer.to_string()),
            message,
            help,
        ));
    }

    /// Walks the document outside schemas, repairing each schema it reaches.
    fn structure(&mut self, value: &mut Value, pointer: &str) {
        match value {
            Value::Object(map) => {
                for (key, v) in map.iter_mut() {
                    let at = format!("{pointer}/{}", escape(key));
                    match key.as_str() {
                        "schema" => self.schema(v, &at),
                        "schemas" | "definitions" if v.is_object() => self.schema_map(v, &at),
                        "example" | "examples" | "default" => {}
                        k if k.starts_with("x-") => {}
                        _ => self.structure(v, &at),
                    }
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter_mut().enumerate() {
                    self.structure(v, &format!("{pointer}/{i}"));
                }
            }
            _ => {}
        }
    }

    fn schema_map(&mut self, map: &mut Value, pointer: &str) {
        for (name, schema) in map.as_object_mut().into_iter().flatten() {
            self.schema(schema, &format!("{pointer}/{}", escape(name)));
        }
    }

    fn schema(&mut self, schema: &mut Value, pointer: &str) {
        if let Value::Object(map) = schema {
            return self.keywords(map, pointer);
        }
        match *schema {
            Value::Bool(accepts) => {
                if !self.openapi_31 {
                    self.warn(
                        pointer,
                        format!(
                            "a boolean schema (`{accepts}`) is OpenAPI 3.1; it is read as {}",
                            match accepts {
                                true => "a schema that accepts any value",
                                false => "a schema that accepts no value",
                            }
                        ),
                        "write `{}` (any value), or `not: {}` (no value)",
                    );
                }
                *schema = match accepts {
                    true => json!({}),
                    false => json!({"not": {}}),
                };
            }
            ref other => {
                let found = kind(other);
                self.warn(
                    pointer,
                    format!("{found} stands where a schema must; it is read as a schema that accepts any value"),
                    "replace it with a schema object, or remove it",
                );
                *schema = json!({});
            }
        }
    }

    /// Enum values of another type than the schema's: a YAML author's
    /// unquoted `4.1` or `true` in a string enum is read as the string it
    /// spells; in any other type the enum is dropped.
    fn enum_values(&mut self, map: &mut Map<String, Value>, ty: &str, pointer: &str) {
        let Some(Value::Array(values)) = map.get_mut("enum") else {
            return;
        };
        let Some(bad) = values.iter().find(|v| !fits_type(ty, v)).cloned() else {
            return;
        };
        let at = format!("{pointer}/enum");
        if ty == "string" && values.iter().all(|v| !v.is_array() && !v.is_object()) {
            for v in values.iter_mut().filter(|v| !v.is_string() && !v.is_null()) {
                *v = Value::String(v.to_string());
            }
            self.warn(
                &at,
                format!("the enum value {bad} is not a string; it is read as the string \"{bad}\""),
                "quote the enum values of a string schema",
            );
        } else {
            self.warn(
                &at,
                format!("the enum value {bad} is not of type `{ty}`; the enum is left out, so any {ty} is accepted"),
                "make every enum value match the schema's `type`",
            );
            map.remove("enum");
        }
    }

    fn keywords(&mut self, map: &mut Map<String, Value>, pointer: &str) {
        if map.contains_key("$ref") {
            return;
        }
        for (keyword, expect) in KEYWORDS {
            if let Some(v) = map.get(*keyword)
                && !expect.fits(v)
            {
                self.warn(
                    &format!("{pointer}/{keyword}"),
                    format!(
                        "`{keyword}` must be {}, not {}; it is left out",
                        expect.name(),
                        kind(v)
                    ),
                    "fix or remove the keyword",
                );
                map.remove(*keyword);
            }
        }
        if let Some(Value::String(ty)) = map.get("type") {
            let ty = ty.clone();
            self.enum_values(map, &ty, pointer);
        }
        for key in [
            "properties",
            "patternProperties",
            "$defs",
            "definitions",
            "dependentSchemas",
        ] {
            if let Some(children) = map.get_mut(key).filter(|c| c.is_object()) {
                self.schema_map(children, &format!("{pointer}/{key}"));
            }
        }
        for key in [
            "additionalProperties",
            "not",
            "propertyNames",
            "contains",
            "if",
            "then",
            "else",
            "unevaluatedItems",
            "unevaluatedProperties",
        ] {
            match map.get_mut(key) {
                // A boolean here is OpenAPI 3.0 too, and the typed parse reads it.
                Some(Value::Bool(_)) if key == "additionalProperties" => {}
                Some(child) => self.schema(child, &format!("{pointer}/{key}")),
                None => {}
            }
        }
        // `items` is one schema, or in 3.1's tuple form a list of them.
        for key in ["items", "allOf", "anyOf", "oneOf", "prefixItems"] {
            match map.get_mut(key) {
                Some(Value::Array(children)) => {
                    for (i, child) in children.iter_mut().enumerate() {
                        self.schema(child, &format!("{pointer}/{key}/{i}"));
                    }
                }
                Some(child) if key == "items" => self.schema(child, &format!("{pointer}/items")),
                _ => {}
            }
        }
    }
}

/// Whether an enum value can stand in a schema of type `ty`; `null` always
/// can (3.0 writes nullable enums with it).
fn fits_type(ty: &str, v: &Value) -> bool {
    v.is_null()
        || match ty {
            "string" => v.is_string(),
            "integer" => v.is_i64() || v.is_u64(),
            "number" => v.is_number(),
            "boolean" => v.is_boolean(),
            "array" => v.is_array(),
            "object" => v.is_object(),
            _ => true,
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repaired(doc: Value, openapi_31: bool) -> (Value, Vec<String>) {
        let mut doc = doc;
        let warnings = repair(Path::new("t.yaml"), &mut doc, openapi_31);
        (doc, warnings.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn boolean_schemas_stand_anywhere_a_schema_may() {
        let doc = json!({"components": {"schemas": {"A": {
            "properties": {"any": true, "none": {"type": "array", "items": false}, "additionalProperties": false},
            "allOf": [true],
            "additionalProperties": true
        }}}});
        let (doc, warnings) = repaired(doc, true);
        assert!(warnings.is_empty(), "{warnings:?}");
        let a = &doc["components"]["schemas"]["A"];
        assert_eq!(a["properties"]["any"], json!({}));
        assert_eq!(a["properties"]["none"]["items"], json!({"not": {}}));
        assert_eq!(a["properties"]["additionalProperties"], json!({"not": {}}));
        assert_eq!(a["allOf"][0], json!({}));
        assert_eq!(a["additionalProperties"], json!(true));
        let (_, warnings) = repaired(
            json!({"paths": {"/a": {"get": {"parameters": [{"schema": true}]}}}}),
            false,
        );
        assert!(
            warnings[0].contains("at /paths/~1a/get/parameters/0/schema"),
            "{warnings:?}"
        );
    }

    #[test]
    fn junk_is_dropped_where_it_stands() {
        let doc = json!({
            "paths": {"/a": {"post": {"callbacks": {"done": {"$ref": "#/nowhere"}}}}},
            "components": {
                "callbacks": {"Done": {}},
                "schemas": {
                    "Pick": {"properties": {"t": {"type": "string", "pattern": 0, "required": false}}},
                    "List": [{"type": "object"}],
                    "Text": "Moved temporarily.",
                    "Codes": {"type": "string", "enum": ["a", 1, true]},
                    "Counts": {"type": "integer", "enum": [1, "2"]}
                }
            }
        });
        let (doc, warnings) = repaired(doc, false);
        assert_eq!(doc["paths"]["/a"]["post"], json!({}));
        assert!(doc["components"].get("callbacks").is_none());
        let schemas = &doc["components"]["schemas"];
        assert_eq!(
            schemas["Pick"]["properties"]["t"],
            json!({"type": "string"})
        );
        assert_eq!(schemas["List"], json!({}));
        assert_eq!(schemas["Text"], json!({}));
        assert_eq!(
            schemas["Codes"],
            json!({"type": "string", "enum": ["a", "1", "true"]})
        );
        assert_eq!(schemas["Counts"], json!({"type": "integer"}));
        let at: Vec<&str> = warnings
            .iter()
            .map(|w| w.split(": ").nth(1).unwrap())
            .collect();
        assert_eq!(
            at,
            [
                "at /components/schemas/Pick/properties/t/pattern",
                "at /components/schemas/Pick/properties/t/required",
                "at /components/schemas/List",
                "at /components/schemas/Text",
                "at /components/schemas/Codes/enum",
                "at /components/schemas/Counts/enum",
            ]
        );
    }
}

//! The argument check against a tool's input schema: every keyword it
//! claims, the argument it names, and the keywords it lets pass.

use mcp_gen_runtime::validate::check;
use serde_json::{Map, Value, json};

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

/// The check of `{"x": value}` against a schema whose property `x` is `property`.
fn check_x(property: Value, value: Value) -> Result<(), String> {
    let schema = object(json!({"type": "object", "properties": {"x": property}}));
    check(&schema, &object(json!({"x": value})))
}

#[track_caller]
fn ok(property: Value, value: Value) {
    if let Err(message) = check_x(property.clone(), value.clone()) {
        panic!("{value} against {property} was refused: {message}");
    }
}

#[track_caller]
fn refused(property: Value, value: Value, expected: &str) {
    match check_x(property.clone(), value.clone()) {
        Ok(()) => panic!("{value} against {property} passed"),
        Err(message) => assert!(message.contains(expected), "{message:?} lacks {expected:?}"),
    }
}

#[test]
fn type_and_the_integer_that_json_writes_as_a_float() {
    ok(json!({"type": "integer"}), json!(12));
    // JSON Schema counts 12.0 as an integer; clients send it for integers.
    ok(json!({"type": "integer"}), json!(12.0));
    refused(
        json!({"type": "integer"}),
        json!(12.5),
        "invalid argument `x`: must be an integer, not number",
    );
    ok(json!({"type": "number"}), json!(1));
    refused(
        json!({"type": "string"}),
        json!(1),
        "must be a string, not integer",
    );
    ok(json!({"type": ["string", "null"]}), json!(null));
    refused(
        json!({"type": ["string", "null"]}),
        json!(true),
        "must be one of the types string, null, not boolean",
    );
}

#[test]
fn enum_and_const() {
    ok(json!({"enum": ["a", 1]}), json!(1));
    refused(
        json!({"enum": ["a", "b"]}),
        json!("c"),
        "must be one of \"a\", \"b\", not \"c\"",
    );
    ok(json!({"const": {"k": 1}}), json!({"k": 1}));
    refused(json!({"const": 2}), json!(3), "must be 2");
}

#[test]
fn numeric_bounds() {
    ok(json!({"minimum": 1, "maximum": 3}), json!(3));
    refused(json!({"minimum": 1}), json!(0), "must be at least 1");
    refused(json!({"maximum": 3}), json!(3.5), "must be at most 3");
    refused(
        json!({"exclusiveMinimum": 1}),
        json!(1),
        "must be greater than 1",
    );
    refused(
        json!({"exclusiveMaximum": 3}),
        json!(3),
        "must be less than 3",
    );
    ok(json!({"multipleOf": 0.1}), json!(0.3));
    refused(
        json!({"multipleOf": 5}),
        json!(12),
        "must be a multiple of 5",
    );
}

#[test]
fn string_length_and_pattern() {
    // Lengths count characters, not bytes.
    ok(json!({"minLength": 2, "maxLength": 2}), json!("äö"));
    refused(json!({"minLength": 2}), json!("a"), "at least 2 characters");
    refused(json!({"maxLength": 1}), json!("ab"), "at most 1 characters");
    ok(json!({"pattern": "^[a-z]+-\\d$"}), json!("ab-1"));
    refused(
        json!({"pattern": "^[a-z]+$"}),
        json!("AB"),
        "must match the pattern `^[a-z]+$`",
    );
    // A pattern the engine cannot compile checks nothing, so the check is
    // never stricter than the schema the model was shown.
    ok(json!({"pattern": "(?<=a)b"}), json!("zz"));
}

#[test]
fn arrays() {
    ok(
        json!({"minItems": 1, "maxItems": 2, "uniqueItems": true}),
        json!([1, 2]),
    );
    refused(json!({"minItems": 1}), json!([]), "at least 1 items");
    refused(json!({"maxItems": 1}), json!([1, 2]), "at most 1 items");
    refused(
        json!({"uniqueItems": true}),
        json!([1, 2, 1]),
        "1 appears twice",
    );
    let items = json!({"items": {"type": "object", "properties": {"price": {"type": "number"}}}});
    refused(
        items,
        json!([{"price": 1}, {"price": "2"}]),
        "invalid argument `x[1].price`",
    );
}

#[test]
fn objects() {
    let shape = json!({
        "type": "object",
        "required": ["id"],
        "properties": {"id": {"type": "string"}},
        "additionalProperties": false,
        "minProperties": 1,
        "maxProperties": 2,
    });
    ok(shape.clone(), json!({"id": "a"}));
    refused(
        shape.clone(),
        json!({"name": "a"}),
        "invalid argument `x.id`: is required",
    );
    refused(
        shape.clone(),
        json!({"id": "a", "nmae": 1}),
        "`x.nmae`: is not a known argument; expected one of: id",
    );
    refused(
        json!({"minProperties": 1}),
        json!({}),
        "at least 1 properties",
    );
    refused(
        json!({"maxProperties": 1}),
        json!({"a": 1, "b": 2}),
        "at most 1 properties",
    );
    let typed_extra = json!({"additionalProperties": {"type": "integer"}});
    ok(typed_extra.clone(), json!({"any": 1}));
    refused(
        typed_extra,
        json!({"any": "1"}),
        "`x.any`: must be an integer",
    );
}

#[test]
fn all_of_any_of_and_one_of() {
    refused(
        json!({"allOf": [{"minimum": 1}, {"maximum": 2}]}),
        json!(3),
        "at most 2",
    );
    let nullable = json!({"anyOf": [{"type": "string", "enum": ["a"]}, {"type": "null"}]});
    ok(nullable.clone(), json!(null));
    refused(
        nullable,
        json!("b"),
        "must be one of \"a\", not \"b\" (and it matches no other allowed form)",
    );
    // oneOf is checked as anyOf: a value matching two forms is let through,
    // since overlapping forms are common in real specs.
    ok(
        json!({"oneOf": [{"type": "number"}, {"type": "integer"}]}),
        json!(1),
    );
}

#[test]
fn the_top_level_names_no_argument_and_unknown_keywords_pass() {
    let schema = object(json!({"type": "object", "required": ["a"], "minProperties": 2}));
    let message = check(&schema, &Map::new()).unwrap_err();
    assert_eq!(message, "invalid argument `a`: is required");
    let message = check(&object(json!({"minProperties": 1})), &Map::new()).unwrap_err();
    assert_eq!(
        message,
        "invalid arguments: must have at least 1 properties"
    );
    ok(
        json!({"format": "email", "x-custom": 1, "contentEncoding": "base64"}),
        json!("not an email"),
    );
}

#[test]
fn prefix_items_then_items_and_contains() {
    let tuple = json!({"prefixItems": [{"type": "string"}, {"type": "integer"}], "items": {"type": "boolean"}});
    ok(tuple.clone(), json!(["a", 1, true, false]));
    refused(tuple.clone(), json!([1]), "`x[0]`: must be a string");
    refused(tuple, json!(["a", 1, "no"]), "`x[2]`: must be a boolean");
    let some_strings = json!({"contains": {"type": "string"}, "minContains": 2, "maxContains": 3});
    ok(some_strings.clone(), json!([1, "a", "b"]));
    refused(
        some_strings.clone(),
        json!([1, "a"]),
        "at least 2 items of the required form, not 1",
    );
    refused(
        some_strings,
        json!(["a", "b", "c", "d"]),
        "at most 3 items of the required form, not 4",
    );
    refused(
        json!({"contains": {"type": "string"}}),
        json!([1, 2]),
        "at least 1 items of the required form",
    );
}

#[test]
fn dependent_keywords_property_names_and_pattern_properties() {
    let dependent = json!({"dependentRequired": {"card": ["cvc"]}});
    ok(dependent.clone(), json!({"cvc": "1"}));
    refused(
        dependent,
        json!({"card": "4242"}),
        "`x.cvc`: is required with `card`",
    );
    let schemas = json!({"dependentSchemas": {"card": {"required": ["expiry"]}}});
    refused(schemas, json!({"card": "4242"}), "`x.expiry`: is required");
    refused(
        json!({"propertyNames": {"maxLength": 2}}),
        json!({"abc": 1}),
        "`x.abc`: is not an allowed property name",
    );
    let patterned = json!({
        "properties": {"id": {"type": "string"}},
        "patternProperties": {"^n_": {"type": "integer"}},
        "additionalProperties": false,
    });
    ok(patterned.clone(), json!({"id": "a", "n_count": 2}));
    refused(
        patterned.clone(),
        json!({"n_count": "2"}),
        "`x.n_count`: must be an integer",
    );
    refused(
        patterned,
        json!({"other": 1}),
        "`x.other`: is not a known argument; expected one of: id",
    );
}

#[test]
fn not_and_if_then_else() {
    refused(
        json!({"not": {"type": "string"}}),
        json!("s"),
        "must not match {\"type\":\"string\"}",
    );
    ok(json!({"not": {"type": "string"}}), json!(1));
    let conditional =
        json!({"if": {"minimum": 5}, "then": {"multipleOf": 5}, "else": {"maximum": 2}});
    ok(conditional.clone(), json!(10));
    refused(conditional.clone(), json!(7), "must be a multiple of 5");
    ok(conditional.clone(), json!(2));
    refused(conditional, json!(3), "must be at most 2");
}

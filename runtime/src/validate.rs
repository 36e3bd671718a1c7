//! Checks tool arguments against the tool's input schema before anything is
//! sent upstream, with the JSON Schema 2020-12 applicator and validation
//! keywords: `type`, `enum`, `const`, numeric bounds and `multipleOf`,
//! string lengths and `pattern`, `items`, `prefixItems`, `contains` (with
//! `minContains`/`maxContains`), array sizes and `uniqueItems`,
//! `properties`, `patternProperties`, `additionalProperties`, `required`,
//! `dependentRequired`, `dependentSchemas`, `propertyNames`, property
//! counts, `allOf`, `anyOf`, `oneOf`, `not`, and `if`/`then`/`else`.
//! mcp-gen copies this file into every crate it generates, unchanged, from
//! the `mcp-gen-runtime` crate where it is tested.
//!
//! It is the one check of a model's arguments: the request is built from
//! the same JSON afterwards, with no typed parse in between. The error
//! names the argument at fault by its path (`body.items[2].price`).
//! Keywords it does not know pass, so the check is never stricter than the
//! schema the model was shown; two leniencies are deliberate: `oneOf`
//! passes a value that matches more than one form (overlapping forms are
//! common in real specs, and the API decides), and a `pattern` the regex
//! engine cannot run (look-around, backreferences) is not enforced.
//! `format` is an annotation, as 2020-12 defines it by default.
//!
//! It was measured against the jsonschema crate (scripts/bench-validator):
//! that crate builds a generated server 60% slower and 46% larger, for the
//! keywords this module now has too; see the README.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use serde_json::{Map, Value};

/// Nested schemas deeper than this are not checked further.
const MAX_DEPTH: usize = 64;

/// Checks `arguments` against `schema`; the error names the first argument
/// at fault and what is wrong with it.
pub fn check(schema: &Map<String, Value>, arguments: &Map<String, Value>) -> Result<(), String> {
    let value = Value::Object(arguments.clone());
    let mut errors = Vec::new();
    check_value(schema, &value, "", 0, &mut errors);
    match errors.into_iter().next() {
        None => Ok(()),
        Some((path, message)) if path.is_empty() => Err(format!("invalid arguments: {message}")),
        Some((path, message)) => Err(format!("invalid argument `{path}`: {message}")),
    }
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0) => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn has_type(value: &Value, ty: &str) -> bool {
    let actual = type_name(value);
    actual == ty || (ty == "number" && actual == "integer")
}

fn check_value(
    schema: &Map<String, Value>,
    value: &Value,
    path: &str,
    depth: usize,
    errors: &mut Vec<(String, String)>,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let fail = |errors: &mut Vec<(String, String)>, message: String| {
        errors.push((path.to_string(), message))
    };

    match schema.get("type") {
        Some(Value::String(ty)) if !has_type(value, ty) => {
            return fail(
                errors,
                format!("must be {} {ty}, not {}", article(ty), type_name(value)),
            );
        }
        Some(Value::Array(types))
            if !types
                .iter()
                .any(|t| t.as_str().is_some_and(|t| has_type(value, t))) =>
        {
            let names: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
            return fail(
                errors,
                format!(
                    "must be one of the types {}, not {}",
                    names.join(", "),
                    type_name(value)
                ),
            );
        }
        _ => {}
    }
    if let Some(Value::Array(allowed)) = schema.get("enum")
        && !allowed.iter().any(|a| same(a, value))
    {
        let shown: Vec<String> = allowed.iter().take(20).map(Value::to_string).collect();
        return fail(
            errors,
            format!("must be one of {}, not {value}", shown.join(", ")),
        );
    }
    if let Some(expected) = schema.get("const")
        && !same(expected, value)
    {
        return fail(errors, format!("must be {expected}"));
    }

    match value {
        Value::Number(n) => {
            if let Some(x) = n.as_f64() {
                check_number(schema, x, path, errors);
            }
        }
        Value::String(s) => check_string(schema, s, path, errors),
        Value::Array(items) => {
            let count = items.len() as u64;
            if let Some(min) = schema.get("minItems").and_then(Value::as_u64)
                && count < min
            {
                fail(
                    errors,
                    format!("must have at least {min} items, not {count}"),
                );
            }
            if let Some(max) = schema.get("maxItems").and_then(Value::as_u64)
                && count > max
            {
                fail(
                    errors,
                    format!("must have at most {max} items, not {count}"),
                );
            }
            if schema.get("uniqueItems") == Some(&Value::Bool(true)) {
                for (i, item) in items.iter().enumerate() {
                    if items[..i].iter().any(|earlier| same(earlier, item)) {
                        fail(
                            errors,
                            format!("must not repeat items, but {item} appears twice"),
                        );
                        break;
                    }
                }
            }
            // `prefixItems` checks the first items by position; `items`
            // the rest.
            let prefix: Vec<&Map<String, Value>> = match schema.get("prefixItems") {
                Some(Value::Array(forms)) => forms.iter().filter_map(Value::as_object).collect(),
                _ => Vec::new(),
            };
            for (i, item) in items.iter().enumerate() {
                let item_schema = match prefix.get(i) {
                    Some(form) => Some(*form),
                    None => schema.get("items").and_then(Value::as_object),
                };
                if let Some(item_schema) = item_schema {
                    check_value(
                        item_schema,
                        item,
                        &format!("{path}[{i}]"),
                        depth + 1,
                        errors,
                    );
                }
            }
            if let Some(Value::Object(wanted)) = schema.get("contains") {
                let found = items
                    .iter()
                    .filter(|item| passes(wanted, item, depth))
                    .count() as u64;
                let min = schema
                    .get("minContains")
                    .and_then(Value::as_u64)
                    .unwrap_or(1);
                let max = schema.get("maxContains").and_then(Value::as_u64);
                if found < min {
                    fail(
                        errors,
                        format!("must have at least {min} items of the required form, not {found}"),
                    );
                } else if let Some(max) = max.filter(|&max| found > max) {
                    fail(
                        errors,
                        format!("must have at most {max} items of the required form, not {found}"),
                    );
                }
            }
        }
        Value::Object(fields) => check_object(schema, fields, path, depth, errors),
        _ => {}
    }

    if let Some(Value::Array(all)) = schema.get("allOf") {
        for sub in all.iter().filter_map(Value::as_object) {
            check_value(sub, value, path, depth + 1, errors);
        }
    }
    for keyword in ["anyOf", "oneOf"] {
        if let Some(Value::Array(alternatives)) = schema.get(keyword) {
            let subs: Vec<&Map<String, Value>> =
                alternatives.iter().filter_map(Value::as_object).collect();
            if subs.is_empty() {
                continue;
            }
            let outcomes: Vec<Vec<(String, String)>> = subs
                .iter()
                .map(|sub| {
                    let mut sub_errors = Vec::new();
                    check_value(sub, value, path, depth + 1, &mut sub_errors);
                    sub_errors
                })
                .collect();
            if !outcomes.iter().any(Vec::is_empty) {
                // Report why the first form failed: for a nullable value,
                // that is the value's own schema.
                let (at, why) = outcomes
                    .into_iter()
                    .next()
                    .and_then(|e| e.into_iter().next())
                    .unwrap_or_default();
                errors.push((at, format!("{why} (and it matches no other allowed form)")));
            }
        }
    }
    if let Some(Value::Object(forbidden)) = schema.get("not")
        && passes(forbidden, value, depth)
    {
        fail(
            errors,
            format!("must not match {}", Value::Object(forbidden.clone())),
        );
    }
    if let Some(Value::Object(condition)) = schema.get("if") {
        let branch = if passes(condition, value, depth) {
            "then"
        } else {
            "else"
        };
        if let Some(Value::Object(sub)) = schema.get(branch) {
            check_value(sub, value, path, depth + 1, errors);
        }
    }
}

/// Whether `value` satisfies `schema`, for the keywords that ask whether a
/// value matches a form (`contains`, `not`, `if`).
fn passes(schema: &Map<String, Value>, value: &Value, depth: usize) -> bool {
    let mut errors = Vec::new();
    check_value(schema, value, "", depth + 1, &mut errors);
    errors.is_empty()
}

/// JSON Schema equality: numbers by value, so `1` and `1.0` are the same.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

fn check_number(
    schema: &Map<String, Value>,
    x: f64,
    path: &str,
    errors: &mut Vec<(String, String)>,
) {
    let bound = |key: &str| schema.get(key).and_then(Value::as_f64);
    let mut fail = |message: String| errors.push((path.to_string(), message));
    if let Some(min) = bound("minimum")
        && x < min
    {
        fail(format!("must be at least {min}, not {x}"));
    }
    if let Some(max) = bound("maximum")
        && x > max
    {
        fail(format!("must be at most {max}, not {x}"));
    }
    if let Some(min) = bound("exclusiveMinimum")
        && x <= min
    {
        fail(format!("must be greater than {min}, not {x}"));
    }
    if let Some(max) = bound("exclusiveMaximum")
        && x >= max
    {
        fail(format!("must be less than {max}, not {x}"));
    }
    if let Some(step) = bound("multipleOf")
        && step > 0.0
        && ((x / step).round() * step - x).abs() > 1e-9 * x.abs().max(1.0)
    {
        fail(format!("must be a multiple of {step}, not {x}"));
    }
}

fn check_string(
    schema: &Map<String, Value>,
    s: &str,
    path: &str,
    errors: &mut Vec<(String, String)>,
) {
    let length = s.chars().count() as u64;
    let mut fail = |message: String| errors.push((path.to_string(), message));
    if let Some(min) = schema.get("minLength").and_then(Value::as_u64)
        && length < min
    {
        fail(format!(
            "must be at least {min} characters long, not {length}"
        ));
    }
    if let Some(max) = schema.get("maxLength").and_then(Value::as_u64)
        && length > max
    {
        fail(format!(
            "must be at most {max} characters long, not {length}"
        ));
    }
    if let Some(Value::String(pattern)) = schema.get("pattern")
        && matches(pattern, s) == Some(false)
    {
        fail(format!("must match the pattern `{pattern}`"));
    }
}

fn check_object(
    schema: &Map<String, Value>,
    fields: &Map<String, Value>,
    path: &str,
    depth: usize,
    errors: &mut Vec<(String, String)>,
) {
    if let Some(Value::Array(required)) = schema.get("required") {
        for name in required.iter().filter_map(Value::as_str) {
            if !fields.contains_key(name) {
                errors.push((child(path, name), "is required".to_string()));
            }
        }
    }
    if let Some(Value::Object(dependent)) = schema.get("dependentRequired") {
        for (present, needed) in dependent.iter().filter(|(k, _)| fields.contains_key(*k)) {
            for name in needed
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                if !fields.contains_key(name) {
                    errors.push((child(path, name), format!("is required with `{present}`")));
                }
            }
        }
    }
    if let Some(Value::Object(dependent)) = schema.get("dependentSchemas") {
        for (_, sub) in dependent.iter().filter(|(k, _)| fields.contains_key(*k)) {
            if let Value::Object(sub) = sub {
                let whole = Value::Object(fields.clone());
                check_value(sub, &whole, path, depth + 1, errors);
            }
        }
    }
    if let Some(Value::Object(names)) = schema.get("propertyNames") {
        for name in fields.keys() {
            if !passes(names, &Value::String(name.clone()), depth) {
                errors.push((child(path, name), "is not an allowed property name".into()));
            }
        }
    }
    let properties = schema.get("properties").and_then(Value::as_object);
    let patterns: Vec<(&str, &Map<String, Value>)> = match schema.get("patternProperties") {
        Some(Value::Object(map)) => map
            .iter()
            .filter_map(|(p, sub)| Some((p.as_str(), sub.as_object()?)))
            .collect(),
        None | Some(_) => Vec::new(),
    };
    for (name, value) in fields {
        let at = child(path, name);
        // Properties a pattern names are checked by it, and are not additional.
        let mut by_pattern = false;
        for (pattern, sub) in &patterns {
            if matches(pattern, name) == Some(true) {
                by_pattern = true;
                check_value(sub, value, &at, depth + 1, errors);
            }
        }
        match properties.and_then(|p| p.get(name)) {
            Some(Value::Object(sub)) => check_value(sub, value, &at, depth + 1, errors),
            Some(_) => {}
            None if by_pattern => {}
            None => match schema.get("additionalProperties") {
                Some(Value::Bool(false)) => {
                    let known: Vec<&str> = properties
                        .map(|p| p.keys().map(String::as_str).collect())
                        .unwrap_or_default();
                    errors.push((
                        at,
                        format!(
                            "is not a known argument; expected one of: {}",
                            known.join(", ")
                        ),
                    ));
                }
                Some(Value::Object(sub)) => check_value(sub, value, &at, depth + 1, errors),
                _ => {}
            },
        }
    }
    let count = fields.len() as u64;
    if let Some(min) = schema.get("minProperties").and_then(Value::as_u64)
        && count < min
    {
        errors.push((
            path.to_string(),
            format!("must have at least {min} properties"),
        ));
    }
    if let Some(max) = schema.get("maxProperties").and_then(Value::as_u64)
        && count > max
    {
        errors.push((
            path.to_string(),
            format!("must have at most {max} properties"),
        ));
    }
}

fn article(ty: &str) -> &'static str {
    if ty.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// Whether `text` matches `pattern`, or `None` when the pattern uses a
/// feature this regex engine lacks (lookaround, backreferences): such a
/// pattern is not checked rather than wrongly refused. Compiled patterns
/// are cached, with a bounded size.
fn matches(pattern: &str, text: &str) -> Option<bool> {
    static CACHE: OnceLock<Mutex<HashMap<String, Option<regex::Regex>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if !cache.contains_key(pattern) {
        let compiled = regex::RegexBuilder::new(pattern)
            .size_limit(1 << 20)
            .build()
            .ok();
        if cache.len() > 4096 {
            cache.clear();
        }
        cache.insert(pattern.to_string(), compiled);
    }
    cache
        .get(pattern)
        .and_then(Option::as_ref)
        .map(|re| re.is_match(text))
}

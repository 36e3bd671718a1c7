//! Moves schemas, parameters, responses, headers and request bodies that
//! are referenced from odd places into their `components` section.
//!
//! The model resolves a schema `$ref` by its component name. OpenAPI 3.1 and
//! real specs also point into `$defs`, into a property of another schema, or
//! into a path's parameters (`#/components/schemas/A/$defs/B`,
//! `#/paths/~1pets/get/...`). Each such target is copied into
//! its `components` section under a fresh name, and the references rewritten,
//! until none is left.
//!
//! A path item may itself be a local `$ref` (to another path, or to 3.1's
//! `components.pathItems`); it is replaced by a copy of its target, so
//! later stages only ever see path items.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value};

use crate::load::bundle::Origin;

const PREFIX: &str = "#/components/schemas/";

/// Replaces each path item that is a local `$ref` with its target, the
/// `$ref`'s siblings (a summary, a description) taking precedence. A
/// reference that leads nowhere, or only to more references, is left for
/// validation to report.
pub fn inline_path_items(doc: &mut Value) {
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return;
    };
    let mut resolved = Vec::new();
    for (key, item) in paths {
        let mut target = item;
        // Chains are short in practice; a loop is validation's to report.
        for _ in 0..16 {
            let Some(pointer) = target
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix('#'))
            else {
                break;
            };
            match doc.pointer(&crate::pointer::percent_decode(pointer)) {
                Some(next) => target = next,
                None => break,
            }
        }
        if std::ptr::eq(target, item) || target.get("$ref").is_some() {
            continue;
        }
        let mut copy = target.clone();
        if let (Some(copy), Some(item)) = (copy.as_object_mut(), item.as_object()) {
            for (k, v) in item.iter().filter(|(k, _)| *k != "$ref") {
                copy.insert(k.clone(), v.clone());
            }
        }
        resolved.push((key.clone(), copy));
    }
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for (key, item) in resolved {
            paths.insert(key, item);
        }
    }
}

/// Rewrites deep references to component references; returns where each
/// copy came from, so errors inside a copy name the user's node.
///
/// A copy goes to the section of its kind: a bundler's `$ref` to a
/// parameter or a response under `/paths` must stay a parameter or a
/// response, never become a schema.
pub fn hoist(file: &Path, doc: &mut Value) -> Vec<Origin> {
    let mut origins = Vec::new();
    // Each round hoists the references found so far; hoisted copies can hold
    // deep references of their own. Bounded, in case of pathological chains.
    for _ in 0..16 {
        let mut deep = BTreeMap::new();
        collect(doc, &mut deep);
        if deep.is_empty() {
            break;
        }
        let mut renamed = BTreeMap::new();
        // One copy per target, however many spellings (`%70aths` is
        // `paths`) reference it: a copy each would let a spec of N
        // references to a large node grow by N copies of it.
        let mut copies: BTreeMap<String, String> = BTreeMap::new();
        for reference in deep.into_keys() {
            let pointer = crate::pointer::percent_decode(&reference[1..]);
            if let Some(copy) = copies.get(&pointer) {
                renamed.insert(reference, copy.clone());
                continue;
            }
            let Some(target) = doc.pointer(&pointer).cloned() else {
                continue;
            };
            let section = section_of(&pointer);
            let Some(components) = section_mut(doc, section) else {
                break;
            };
            let base = match target.get("name").and_then(Value::as_str) {
                Some(name) if section == "parameters" => name.to_string(),
                _ => reference
                    .rsplit('/')
                    .find(|s| {
                        !s.is_empty() && !s.starts_with('$') && *s != "properties" && *s != "schema"
                    })
                    .unwrap_or("Schema")
                    .replace("~1", "_")
                    .replace("~0", "_"),
            };
            let mut name = base.clone();
            let mut n = 2;
            while components.contains_key(&name) {
                name = format!("{base}{n}");
                n += 1;
            }
            let copy = format!("/components/{section}/{}", crate::pointer::escape(&name));
            components.insert(name, target);
            let new = format!("#{copy}");
            origins.push(Origin {
                pointer: copy,
                file: file.to_path_buf(),
                fragment: pointer.clone(),
            });
            copies.insert(pointer, new.clone());
            renamed.insert(reference, new);
        }
        rewrite(doc, &renamed);
    }
    origins
}

/// The `components` section a copy of the node at `pointer` belongs in:
/// anything at or inside a schema is a schema; otherwise the kind of object
/// the position holds.
fn section_of(pointer: &str) -> &'static str {
    let segments: Vec<&str> = pointer.split('/').collect();
    let in_schema = pointer.starts_with("/components/schemas/")
        || pointer.starts_with("/definitions/")
        || segments.contains(&"schema");
    match segments.as_slice() {
        _ if in_schema => "schemas",
        [.., "parameters", _] => "parameters",
        [.., "responses", _] => "responses",
        [.., "headers", _] => "headers",
        [.., "requestBody"] => "requestBodies",
        _ => "schemas",
    }
}

/// A local reference that the model cannot resolve by component name.
fn is_deep(reference: &str) -> bool {
    reference.starts_with("#/")
        && match reference.strip_prefix(PREFIX) {
            Some(key) => key.contains('/'),
            None => !is_component(reference),
        }
}

/// `#/components/<section>/<name>` of a section the model reads by name.
fn is_component(reference: &str) -> bool {
    [
        "parameters",
        "requestBodies",
        "responses",
        "headers",
        "securitySchemes",
        "examples",
        "links",
        "callbacks",
        "pathItems",
    ]
    .iter()
    .any(|section| {
        reference
            .strip_prefix(&format!("#/components/{section}/"))
            .is_some_and(|key| !key.contains('/'))
    })
}

fn collect(value: &Value, out: &mut BTreeMap<String, ()>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref")
                && is_deep(r)
            {
                out.insert(r.clone(), ());
            }
            map.values().for_each(|v| collect(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
        _ => {}
    }
}

fn rewrite(value: &mut Value, renamed: &BTreeMap<String, String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get_mut("$ref")
                && let Some(new) = renamed.get(r.as_str())
            {
                *r = new.clone();
            }
            map.values_mut().for_each(|v| rewrite(v, renamed));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite(v, renamed)),
        _ => {}
    }
}

fn section_mut<'a>(doc: &'a mut Value, section: &str) -> Option<&'a mut Map<String, Value>> {
    let root = doc.as_object_mut()?;
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    let schemas = components
        .as_object_mut()?
        .entry(section)
        .or_insert_with(|| Value::Object(Map::new()));
    schemas.as_object_mut()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn deep_references_become_components() {
        let mut doc = json!({
            "components": {"schemas": {"A": {
                "$defs": {"B": {"type": "string"}},
                "properties": {"b": {"$ref": "#/components/schemas/A/$defs/B"}}
            }}},
            "paths": {"/x": {"get": {"parameters": [{"schema": {"$ref": "#/components/schemas/A/properties/b"}}]}}}
        });
        hoist(Path::new("t.yaml"), &mut doc);
        assert_eq!(doc["components"]["schemas"]["B"], json!({"type": "string"}));
        assert_eq!(
            doc["components"]["schemas"]["A"]["properties"]["b"]["$ref"],
            "#/components/schemas/B"
        );
        let param = &doc["paths"]["/x"]["get"]["parameters"][0]["schema"]["$ref"];
        assert!(param.as_str().unwrap().starts_with(PREFIX));
        assert!(!is_deep(param.as_str().unwrap()));
    }

    #[test]
    fn one_copy_per_target_however_spelled() {
        let mut doc = json!({
            "components": {"schemas": {"A": {"properties": {"b": {"type": "string"}}}}},
            "x": [
                {"$ref": "#/components/schemas/A/properties/b"},
                {"$ref": "#/components/schemas/A/%70roperties/b"},
                {"$ref": "#/components/schemas/A/properties/%62"}
            ]
        });
        hoist(Path::new("t.yaml"), &mut doc);
        assert_eq!(doc["components"]["schemas"].as_object().unwrap().len(), 2);
        for r in doc["x"].as_array().unwrap() {
            assert_eq!(r["$ref"], "#/components/schemas/b");
        }
    }
}

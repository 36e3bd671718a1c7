//! Checks that typed parsing cannot make: the document deserializes, but it
//! describes an API that cannot be called as written.
//!
//! Everything here runs on the document as the user wrote it (Swagger 2.0
//! before conversion), so every pointer names a node in their file:
//!
//! - every local `$ref` is a string and points at something, and no chain of
//!   bare references loops back on itself without a definition in between;
//! - every `{placeholder}` of a path template is declared `in: path`;
//! - response keys are status codes, ranges (`2XX`) or `default`;
//! - Swagger 2.0: a `body` parameter has a `schema`, and an operation has at
//!   most one `body` parameter and not both `body` and `formData`.
//!
//! Some findings are only warnings, because real specs have them and the
//! generator copes: a duplicated `operationId` (SendGrid has one; the model
//! gives the second operation a numbered tool name); a `pattern` the Rust
//! `regex` engine cannot run (Asana uses backreferences; it stays in the
//! schema, unchecked) or that is not ECMA-262 at all (a Java class, a typo:
//! it is dropped), each translated by [`super::patterns`] where it can be;
//! an `in: path` parameter the template has no placeholder for (it can fill
//! nothing, so the model leaves it out of the tool's arguments and the
//! request stays well defined); and two templates that differ only in
//! parameter names (`/a/{x}`, `/a/{y}`) with the same method (each is still
//! a request of its own).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::Value;

use super::METHODS;
use super::patterns::{Outcome, translate};
use crate::error::{Error, Location, Result};
use crate::pointer::escape;

/// What [`validate`] found that does not stop generation.
#[derive(Debug, Default)]
pub struct Warnings {
    /// Each naming the file and a pointer.
    pub warnings: Vec<Error>,
    /// Patterns to rewrite, by the pointer of their `pattern` keyword: the
    /// translation, or `None` to drop the keyword (see [`super::patterns`]).
    pub patterns: Vec<(String, Option<String>)>,
}

/// Checks the raw document; returns the first error, or the warnings.
///
/// # Errors
///
/// [`Error::Spec`] at the first problem that is not only a warning: a
/// check of the module doc fails, or a path key or server URL holds a
/// control character.
pub fn validate(file: &Path, doc: &Value) -> Result<Warnings> {
    let mut v = Validator {
        file,
        doc,
        swagger2: doc.get("swagger").is_some(),
        warnings: Vec::new(),
        patterns: HashMap::new(),
        refs_checked: HashSet::new(),
    };
    v.walk(doc, "", false)?;
    v.urls()?;
    v.paths()?;
    let patterns = v.pattern_outcomes();
    Ok(Warnings {
        warnings: v.warnings,
        patterns,
    })
}

/// A parameter as listed: name, location, pointer of the list entry, and
/// the parameter itself (through its references).
type Param<'a> = (String, String, String, &'a Value);

/// Keys whose object value maps names (chosen by the spec's author) to
/// nodes: the names are not keywords, so a property called `$ref` or
/// `pattern` is not a reference or a pattern.
const NAMED_MAPS: &[&str] = &[
    "paths",
    "properties",
    "patternProperties",
    "definitions",
    "$defs",
    "dependentSchemas",
    "schemas",
    "parameters",
    "requestBodies",
    "responses",
    "headers",
    "content",
    "encoding",
    "links",
    "callbacks",
    "securitySchemes",
    "securityDefinitions",
    "pathItems",
    "webhooks",
    "variables",
    "scopes",
    "mapping",
];

/// Keys whose values are data (or vendor extensions), not spec structure.
fn is_data(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "enum" | "const") || key.starts_with("x-")
}

use crate::pointer::MAX_REF_CHAIN as MAX_CHAIN;

struct Validator<'a> {
    file: &'a Path,
    doc: &'a Value,
    swagger2: bool,
    warnings: Vec<Error>,
    /// Each distinct pattern once, with its outcome and every pointer that uses it.
    patterns: HashMap<String, (Outcome, Vec<String>)>,
    /// Reference targets whose chain is already known to end.
    refs_checked: HashSet<String>,
}

impl<'a> Validator<'a> {
    fn error(&self, pointer: &str, message: impl Into<String>, help: impl Into<String>) -> Error {
        Error::spec(
            self.file,
            Location::Pointer(pointer.to_string()),
            message,
            help,
        )
    }

    /// Walks the document for `$ref`s and `pattern`s. `named` says that
    /// `value` is a map of names rather than an object of keywords.
    fn walk(&mut self, value: &Value, pointer: &str, named: bool) -> Result<()> {
        match value {
            Value::Object(map) => {
                if !named {
                    if let Some(reference) = map.get("$ref") {
                        self.reference(reference, &format!("{pointer}/$ref"))?;
                    }
                    if let Some(Value::String(pattern)) = map.get("pattern") {
                        self.pattern(pattern, &format!("{pointer}/pattern"));
                    }
                }
                for (key, child) in map {
                    if !named && is_data(key) {
                        continue;
                    }
                    let child_named =
                        !named && NAMED_MAPS.contains(&key.as_str()) && child.is_object();
                    self.walk(child, &format!("{pointer}/{}", escape(key)), child_named)?;
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.walk(item, &format!("{pointer}/{i}"), false)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// A `$ref` must be a string that points at something, through a chain
    /// of references that ends.
    fn reference(&mut self, reference: &Value, pointer: &str) -> Result<()> {
        let Value::String(reference) = reference else {
            return Err(self.error(
                pointer,
                format!("`$ref` must be a string, not {}", kind(reference)),
                "write the reference as a quoted string, e.g. `$ref: \"#/components/schemas/Pet\"`",
            ));
        };
        // Only local JSON-pointer references are checked: external ones were
        // resolved while loading, and `#anchor` names a JSON Schema anchor.
        let Some(fragment) = local_pointer(reference) else {
            return Ok(());
        };
        if self.refs_checked.contains(&fragment) {
            return Ok(());
        }
        // The chain starts at the node holding this `$ref`, so a loop
        // through it is reported here rather than at the next node.
        let own = pointer.strip_suffix("/$ref").unwrap_or(pointer).to_string();
        let mut chain: Vec<(String, String)> = vec![(format!("#{own}"), own)];
        let mut next = Some((reference.clone(), fragment));
        while let Some((next_ref, next_fragment)) = next {
            if let Some(start) = chain.iter().position(|(_, f)| *f == next_fragment) {
                let cycle: Vec<&str> = chain[start..]
                    .iter()
                    .map(|(r, _)| r.as_str())
                    .chain(std::iter::once(next_ref.as_str()))
                    .collect();
                return Err(self.error(
                    &format!("{}/$ref", chain[start].1),
                    format!("`$ref` loop with nothing in between: {}", cycle.join(" → ")),
                    "one of these must be a definition rather than another `$ref`",
                ));
            }
            if chain.len() > MAX_CHAIN {
                return Err(self.error(
                    pointer,
                    format!(
                        "the chain of references from `{reference}` is longer than {MAX_CHAIN}"
                    ),
                    "point the reference at the definition itself",
                ));
            }
            let Some(target) = self.doc.pointer(&next_fragment) else {
                let message = if chain.len() == 1 {
                    format!("`$ref: {next_ref}` points at nothing: the document has no such node")
                } else {
                    format!("`$ref: {reference}` leads to `{next_ref}`, which points at nothing")
                };
                return Err(self.error(pointer, message, missing_help(&next_ref)));
            };
            chain.push((next_ref, next_fragment));
            next = match target.get("$ref") {
                Some(Value::String(r)) => local_pointer(r).map(|f| (r.clone(), f)),
                _ => None,
            };
        }
        for (_, fragment) in chain {
            self.refs_checked.insert(fragment);
        }
        Ok(())
    }

    fn pattern(&mut self, pattern: &str, pointer: &str) {
        let (_, uses) = self
            .patterns
            .entry(pattern.to_string())
            .or_insert_with(|| (translate(pattern), Vec::new()));
        uses.push(pointer.to_string());
    }

    /// The rewrites of translated and dropped patterns, and one warning
    /// per distinct pattern that is dropped or goes unchecked.
    fn pattern_outcomes(&mut self) -> Vec<(String, Option<String>)> {
        let mut edits = Vec::new();
        let mut found = Vec::new();
        for (pattern, (outcome, uses)) in &self.patterns {
            let (dropped, why) = match outcome {
                Outcome::Same => continue,
                Outcome::Translated(rust) => {
                    edits.extend(uses.iter().map(|u| (u.clone(), Some(rust.clone()))));
                    continue;
                }
                Outcome::Unchecked(why) => (false, why),
                Outcome::Dropped(why) => {
                    edits.extend(uses.iter().map(|u| (u.clone(), None)));
                    (true, why)
                }
            };
            found.push((uses[0].clone(), pattern, dropped, why, uses.len()));
        }
        found.sort();
        for (pointer, pattern, dropped, why, uses) in found {
            let more = match uses {
                1 => String::new(),
                n => format!(" (and {} more places)", n - 1),
            };
            let warning = match dropped {
                false => self.error(
                    &pointer,
                    format!("the Rust regex engine cannot run `pattern: {pattern}`{more}: {why}; it stays in the schema, unchecked"),
                    "the generated server skips checking it; rewrite it without look-around or backreferences to have it checked",
                ),
                true => self.error(
                    &pointer,
                    format!("`pattern: {pattern}`{more} is not an ECMA-262 regular expression: {why}; it is left out of the schema"),
                    "fix the pattern to have values checked against it; JSON Schema patterns are ECMA-262 regular expressions",
                ),
            };
            self.warnings.push(warning);
        }
        edits.sort();
        edits
    }

    /// Path templates against their parameters; operation IDs; response keys.
    /// Path keys and server URLs (with their variables' values) end up in
    /// request URLs, generated source and the output's file list; a control
    /// character is never valid in them, and a newline could split a line
    /// of any of those.
    fn urls(&self) -> Result<()> {
        let doc = self.doc;
        let mut texts: Vec<(String, &'a str)> = Vec::new();
        for key in ["host", "basePath"] {
            if let Some(text) = doc.get(key).and_then(Value::as_str) {
                texts.push((format!("/{key}"), text));
            }
        }
        let mut servers = |owner: &'a Value, pointer: &str| {
            let list = owner.get("servers").and_then(Value::as_array);
            for (i, server) in list.into_iter().flatten().enumerate() {
                let at = format!("{pointer}/servers/{i}");
                if let Some(url) = server.get("url").and_then(Value::as_str) {
                    texts.push((format!("{at}/url"), url));
                }
                let variables = server.get("variables").and_then(Value::as_object);
                for (name, variable) in variables.into_iter().flatten() {
                    let at = format!("{at}/variables/{}", escape(name));
                    if let Some(default) = variable.get("default").and_then(Value::as_str) {
                        texts.push((format!("{at}/default"), default));
                    }
                    let choices = variable.get("enum").and_then(Value::as_array);
                    for (j, choice) in choices.into_iter().flatten().enumerate() {
                        if let Some(choice) = choice.as_str() {
                            texts.push((format!("{at}/enum/{j}"), choice));
                        }
                    }
                }
            }
        };
        servers(doc, "");
        let paths = doc.get("paths").and_then(Value::as_object);
        for (path, item) in paths.into_iter().flatten() {
            let at = format!("/paths/{}", escape(path));
            if let Some(c) = path.chars().find(|c| c.is_control()) {
                return Err(self.error(
                    &at,
                    format!(
                        "the path {path:?} contains the control character U+{:04X}",
                        c as u32
                    ),
                    "remove it: a URL path cannot contain control characters",
                ));
            }
            servers(item, &at);
            for &method in METHODS {
                if let Some(op) = item.get(method) {
                    servers(op, &format!("{at}/{method}"));
                }
            }
        }
        for (pointer, text) in texts {
            if let Some(c) = text.chars().find(|c| c.is_control()) {
                return Err(self.error(
                    &pointer,
                    format!("{text:?} contains the control character U+{:04X}", c as u32),
                    "remove it: a URL cannot contain control characters",
                ));
            }
        }
        Ok(())
    }

    fn paths(&mut self) -> Result<()> {
        let doc = self.doc;
        let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
            return Ok(());
        };
        // (shape, method) → the first path with that shape and method.
        let mut shapes: HashMap<(String, &str), &str> = HashMap::new();
        let mut operation_ids: HashMap<&str, (String, &str)> = HashMap::new();
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            if item.contains_key("$ref") {
                continue;
            }
            let base = format!("/paths/{}", escape(path));
            let placeholders = placeholders(path);
            let shared = self.parameters(item.get("parameters"), &format!("{base}/parameters"));
            for (name, location, pointer, _) in &shared {
                if location == "path" && !placeholders.contains(name) {
                    let warning = self.unused(path, name, pointer);
                    self.warnings.push(warning);
                }
            }
            for &method in METHODS {
                let Some(op) = item.get(method).and_then(Value::as_object) else {
                    continue;
                };
                let op_pointer = format!("{base}/{method}");
                let own =
                    self.parameters(op.get("parameters"), &format!("{op_pointer}/parameters"));
                for (name, location, pointer, _) in &own {
                    if location == "path" && !placeholders.contains(name) {
                        let warning = self.unused(path, name, pointer);
                        self.warnings.push(warning);
                    }
                }
                for placeholder in &placeholders {
                    let declared = shared
                        .iter()
                        .chain(own.iter())
                        .any(|(n, l, _, _)| n == placeholder && l == "path");
                    if !declared {
                        return Err(self.error(
                            &op_pointer,
                            format!(
                                "the path `{path}` has `{{{placeholder}}}`, but {} declares no `in: path` parameter `{placeholder}`",
                                method.to_uppercase()
                            ),
                            format!(
                                "add `{{name: {placeholder}, in: path, required: true, schema: {{type: string}}}}` to the operation's or the path's `parameters`, or take `{{{placeholder}}}` out of the path"
                            ),
                        ));
                    }
                }
                if self.swagger2 {
                    self.swagger2_bodies(&shared, &own)?;
                }
                let shape = (shape(path), method);
                if let Some(other) = shapes.get(&shape) {
                    // Each is still a well-defined request; only a router
                    // could not tell them apart.
                    let warning = self.error(
                        &op_pointer,
                        format!(
                            "`{path}` and `{other}` differ only in parameter names and both have {}: both are generated, as tools of their own; as resource templates a read goes to the one listed first",
                            method.to_uppercase()
                        ),
                        "merge the two paths into one, with the same parameter names",
                    );
                    self.warnings.push(warning);
                } else {
                    shapes.insert(shape, path);
                }
                self.responses(op.get("responses"), &format!("{op_pointer}/responses"))?;
                if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                    let here = format!("{} {path}", method.to_uppercase());
                    if let Some((first, _)) = operation_ids.get(id) {
                        let warning = self.error(
                            &format!("{op_pointer}/operationId"),
                            format!(
                                "operationId `{id}` is also used by {first}; this operation's tool gets a numbered name"
                            ),
                            "",
                        );
                        self.warnings.push(warning);
                    } else {
                        operation_ids.insert(id, (here, method));
                    }
                }
            }
        }
        if self.swagger2 {
            for (name, p) in doc
                .get("parameters")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                self.body_schema(p, &format!("/parameters/{}", escape(name)))?;
            }
        }
        Ok(())
    }

    /// The warning for a path parameter without a placeholder: it can fill
    /// nothing, so it is left out of the arguments, and the request stays
    /// well defined.
    fn unused(&self, path: &str, name: &str, pointer: &str) -> Error {
        if let Some(key) = query_placeholder(path, name) {
            return self.error(
                pointer,
                format!("`{{{name}}}` stands in the query part of the path `{path}`; it is sent as the query parameter `{key}`"),
                "declare it `in: query` and take the query out of the path key",
            );
        }
        self.error(
            pointer,
            format!("`{name}` is declared `in: path`, but the path `{path}` has no `{{{name}}}`; it is left out of the tool's arguments"),
            "match the name to a placeholder of the path (names are case-sensitive), or declare it `in: query`",
        )
    }

    /// The parameters of a list, each followed through its references:
    /// (name, location, pointer of the list entry, the parameter).
    fn parameters(&self, list: Option<&'a Value>, pointer: &str) -> Vec<Param<'a>> {
        let mut out = Vec::new();
        for (i, p) in list
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let p = self.resolve(p);
            let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
            let location = p.get("in").and_then(Value::as_str).unwrap_or_default();
            out.push((
                name.to_string(),
                location.to_string(),
                format!("{pointer}/{i}"),
                p,
            ));
        }
        out
    }

    /// Follows local references (already checked to end) to the node.
    fn resolve(&self, mut value: &'a Value) -> &'a Value {
        for _ in 0..MAX_CHAIN {
            let Some(target) = value
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(local_pointer)
                .and_then(|f| self.doc.pointer(&f))
            else {
                break;
            };
            value = target;
        }
        value
    }

    /// Swagger 2.0: one `body` parameter at most, with a schema, and never
    /// together with `formData`. An operation's parameter overrides a path's
    /// one with the same name and location.
    fn swagger2_bodies(&self, shared: &[Param<'a>], own: &[Param<'a>]) -> Result<()> {
        let effective = shared
            .iter()
            .filter(|(n, l, _, _)| !own.iter().any(|(m, k, _, _)| m == n && k == l))
            .chain(own.iter());
        let mut body: Option<&str> = None;
        let mut form: Option<&str> = None;
        for (name, location, pointer, p) in effective {
            match location.as_str() {
                "body" => {
                    self.body_schema(p, pointer)?;
                    if let Some(first) = body {
                        return Err(self.error(
                            pointer,
                            format!("a second `body` parameter (`{name}`): Swagger 2.0 allows one per operation"),
                            format!("merge it into the body parameter at {first}"),
                        ));
                    }
                    if let Some(first) = form {
                        return Err(self.both_bodies(pointer, first));
                    }
                    body = Some(pointer);
                }
                "formData" => {
                    if let Some(first) = body {
                        return Err(self.both_bodies(pointer, first));
                    }
                    form.get_or_insert(pointer);
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn both_bodies(&self, pointer: &str, first: &str) -> Error {
        self.error(
            pointer,
            format!("the operation has both `body` and `formData` parameters (the other at {first}); Swagger 2.0 allows one kind or the other"),
            "send the form fields as properties of the body's schema, or the body as form fields",
        )
    }

    fn body_schema(&self, p: &Value, pointer: &str) -> Result<()> {
        if p.get("in").and_then(Value::as_str) == Some("body") && p.get("schema").is_none() {
            return Err(self.error(
                pointer,
                "a `body` parameter needs a `schema`",
                "add `schema:` describing the request body (`schema: {}` accepts any JSON)",
            ));
        }
        Ok(())
    }

    fn responses(&self, responses: Option<&Value>, pointer: &str) -> Result<()> {
        for key in responses
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(k, _)| k)
        {
            if !is_status_key(key) {
                return Err(self.error(
                    &format!("{pointer}/{}", escape(key)),
                    format!("`{key}` is not an HTTP status code"),
                    "key responses by a status code (`200`), a range (`2XX`) or `default`",
                ));
            }
        }
        Ok(())
    }
}

/// `default`, a three-digit code, a range like `2XX`, or an extension.
fn is_status_key(key: &str) -> bool {
    let b = key.as_bytes();
    key == "default"
        || key.starts_with("x-")
        || (b.len() == 3
            && (b'1'..=b'9').contains(&b[0])
            && ((b[1].is_ascii_digit() && b[2].is_ascii_digit())
                || (b[1].eq_ignore_ascii_case(&b'X') && b[2].eq_ignore_ascii_case(&b'X'))))
}

/// The JSON pointer of a local reference (`#/a/b`), percent-decoded; `None`
/// for external references and `#anchor`s.
fn local_pointer(reference: &str) -> Option<String> {
    let fragment = reference.strip_prefix('#')?;
    if !fragment.is_empty() && !fragment.starts_with('/') {
        return None;
    }
    Some(crate::pointer::percent_decode(fragment))
}

fn missing_help(reference: &str) -> String {
    let section = reference
        .strip_prefix("#/")
        .and_then(|r| r.rsplit_once('/'))
        .map(|(section, _)| section.replace('/', "."));
    match section {
        Some(section) => {
            format!("fix the reference, or add the missing entry under `{section}`")
        }
        None => "fix the reference".to_string(),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// The query key whose value is the placeholder `{name}` in the query part
/// of a path key (`/export?file={name}`), as the model sends it.
fn query_placeholder<'p>(path: &'p str, name: &str) -> Option<&'p str> {
    let query = path.split('#').next()?.split_once('?')?.1;
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (value.strip_prefix('{')?.strip_suffix('}')? == name).then_some(key)
    })
}

/// The `{placeholder}` names of a path key, as the model splits it: the
/// fragment and a fixed query are not part of the template.
fn placeholders(path: &str) -> Vec<String> {
    let template = path.split('#').next().unwrap_or(path);
    let template = template.split('?').next().unwrap_or(template);
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        out.push(rest[start + 1..start + len].to_string());
        rest = &rest[start + len + 1..];
    }
    out
}

/// The path with every placeholder's name erased: `/a/{x}` → `/a/{}`.
fn shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        out.push_str(&rest[..=start]);
        out.push('}');
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(text: &str) -> String {
        let value: Value = serde_yaml::from_str(text).unwrap();
        validate(Path::new("t.yaml"), &value)
            .unwrap_err()
            .to_string()
    }

    fn warnings_of(text: &str) -> Vec<String> {
        let value: Value = serde_yaml::from_str(text).unwrap();
        validate(Path::new("t.yaml"), &value)
            .unwrap()
            .warnings
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn status_keys() {
        for ok in ["200", "4XX", "4xx", "default", "x-extra", "599"] {
            assert!(is_status_key(ok), "{ok}");
        }
        for bad in ["twohundred", "20", "2000", "0XX", "XX2", ""] {
            assert!(!is_status_key(bad), "{bad}");
        }
    }

    #[test]
    fn names_in_named_maps_are_not_keywords() {
        // Kubernetes has a schema property literally called `$ref`.
        let text = "openapi: 3.0.3\npaths: {}\ncomponents:\n  schemas:\n    A:\n      properties:\n        $ref: {type: string}\n        pattern: {type: string}\n";
        assert!(warnings_of(text).is_empty());
    }

    #[test]
    fn reference_loops_name_the_loop() {
        let err = error_of(
            "openapi: 3.0.3\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n",
        );
        assert!(err.contains("at /components/schemas/A/$ref"), "{err}");
        assert!(
            err.contains("#/components/schemas/B → #/components/schemas/A"),
            "{err}"
        );
    }

    #[test]
    fn duplicate_operation_ids_and_ecma_patterns_warn() {
        let warnings = warnings_of(
            "openapi: 3.0.3\npaths:\n  /a:\n    get: {operationId: x, responses: {}}\n  /b:\n    get: {operationId: x, responses: {}}\ncomponents:\n  schemas:\n    A: {type: string, pattern: '(?=a)'}\n    B: {type: string, pattern: '(?=a)'}\n",
        );
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("at /components/schemas/A/pattern") && w.contains("1 more"))
        );
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("at /paths/~1b/get/operationId") && w.contains("GET /a"))
        );
    }

    #[test]
    fn shapes_erase_names() {
        assert_eq!(shape("/a/{x}/b/{yy}"), "/a/{}/b/{}");
        assert_eq!(placeholders("/a/{x}/b/{y}?q={z}#{w}"), ["x", "y"]);
    }
}

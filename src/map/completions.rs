//! MCP completions (`completion/complete`): the values a client may offer
//! for a resource template's variables and a prompt's arguments.
//!
//! Values come only from what the spec or the config states: a schema's
//! `enum` or `const`, and `true`/`false` for a boolean. The server filters
//! them by the prefix typed so far; an argument with no known values
//! completes to an empty list.

use serde::Serialize;
use serde_json::Value;

use crate::config::Prompt;

/// One argument's completion values, in the order the spec lists them: a
/// row of the server's completion table.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct CompletionView {
    /// The `cfg` predicate of the resource template, for APIs built by feature.
    pub cfg: Option<String>,
    /// What the argument belongs to.
    pub kind: CompletionKind,
    /// The resource template's URI template, or the prompt's name.
    pub reference: String,
    /// The template variable or prompt argument name.
    pub argument: String,
    /// The values, in spec order.
    pub values: Vec<String>,
    /// Its values' index in [`CompletionTable::lists`]; set by [`table`].
    pub list: usize,
}

/// The completion rows, and their value lists stored once each: large APIs
/// repeat the same lists (msgraph's 10,949 rows have 974 distinct ones).
#[derive(Debug, Serialize, Default)]
pub struct CompletionTable {
    /// The rows, each naming its list by index.
    pub rows: Vec<CompletionView>,
    /// The distinct value lists, in the order rows first use them.
    pub lists: Vec<Vec<String>>,
}

/// The table of `rows`: equal value lists become one.
pub fn table(mut rows: Vec<CompletionView>) -> CompletionTable {
    let mut lists: Vec<Vec<String>> = Vec::new();
    let mut index: std::collections::HashMap<Vec<String>, usize> = std::collections::HashMap::new();
    for row in &mut rows {
        let values = std::mem::take(&mut row.values);
        row.list = *index.entry(values.clone()).or_insert_with(|| {
            lists.push(values);
            lists.len() - 1
        });
    }
    CompletionTable { rows, lists }
}

/// The runtime's `CompletionRef` variant: an MCP `ref/resource` (a resource
/// template) or `ref/prompt`.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub enum CompletionKind {
    /// A resource template variable.
    Template,
    /// A prompt argument.
    Prompt,
}

/// Completions for the variables of a resource template: each property of
/// its input schema (a JSON Schema object, `$ref`s already inlined) with
/// known values, in property order.
pub fn of_template(uri_template: &str, cfg: Option<&str>, schema: &Value) -> Vec<CompletionView> {
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return Vec::new();
    };
    properties
        .iter()
        .filter_map(|(name, property)| {
            let mut values = Vec::new();
            collect(property, &mut values);
            (!values.is_empty()).then(|| CompletionView {
                cfg: cfg.map(str::to_string),
                kind: CompletionKind::Template,
                reference: uri_template.to_string(),
                argument: name.clone(),
                values,
                list: 0,
            })
        })
        .collect()
}

/// Completions for the arguments of the config's prompts that declare an
/// `enum`.
pub fn of_prompts(prompts: &[Prompt]) -> Vec<CompletionView> {
    prompts
        .iter()
        .flat_map(|prompt| {
            prompt
                .arguments
                .iter()
                .filter(|a| !a.values.is_empty())
                .map(|a| CompletionView {
                    cfg: None,
                    kind: CompletionKind::Prompt,
                    reference: prompt.name.clone(),
                    argument: a.name.clone(),
                    values: a.values.clone(),
                    list: 0,
                })
        })
        .collect()
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

    /// (argument, values) of each row.
    fn rows(views: Vec<CompletionView>) -> Vec<(String, Vec<String>)> {
        views.into_iter().map(|v| (v.argument, v.values)).collect()
    }

    fn row(argument: &str, values: &[&str]) -> (String, Vec<String>) {
        (
            argument.into(),
            values.iter().map(|v| v.to_string()).collect(),
        )
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
        let views = of_template("x://books{?genre}", Some("feature = \"b\""), &schema);
        assert_eq!(views[0].kind, CompletionKind::Template);
        assert_eq!(views[0].reference, "x://books{?genre}");
        assert_eq!(views[0].cfg.as_deref(), Some("feature = \"b\""));
        assert_eq!(
            rows(views),
            vec![
                row("genre", &["poetry", "prose", "drama"]),
                row("inStock", &["true", "false"]),
                row("version", &["2"]),
                row("size", &["1", "2.5"]),
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
            rows(of_template("x://t", None, &schema)),
            vec![
                row("status", &["open", "closed"]),
                row("tags", &["a", "b"]),
                row("flag", &["true", "false"]),
            ]
        );
    }

    #[test]
    fn prompt_arguments_complete_from_their_enum_and_nothing_known_is_nothing_offered() {
        assert!(of_template("x://t", None, &json!({"type": "object"})).is_empty());
        assert!(
            of_template(
                "x://t",
                None,
                &json!({"properties": {"q": {"type": "string"}}})
            )
            .is_empty()
        );
        let prompts: Vec<Prompt> = toml::from_str::<std::collections::HashMap<String, Vec<Prompt>>>(
            r#"prompts = [{ name = "p", text = "{a}{b}", arguments = [{ name = "a" }, { name = "b", enum = ["x", "y"] }] }]"#,
        )
        .unwrap()
        .remove("prompts")
        .unwrap();
        let views = of_prompts(&prompts);
        assert_eq!(
            (views[0].kind, views[0].reference.as_str()),
            (CompletionKind::Prompt, "p")
        );
        assert_eq!(rows(views), vec![row("b", &["x", "y"])]);
    }

    #[test]
    fn equal_value_lists_are_stored_once() {
        let schema = json!({"properties": {"a": {"enum": ["x", "y"]}, "b": {"enum": ["x", "y"]}, "c": {"type": "boolean"}}});
        let table = table(of_template("x://t{?a,b,c}", None, &schema));
        assert_eq!(
            table.lists,
            vec![
                vec!["x".to_string(), "y".into()],
                vec!["true".into(), "false".into()]
            ]
        );
        let lists: Vec<usize> = table.rows.iter().map(|r| r.list).collect();
        assert_eq!(lists, [0, 0, 1]);
        assert!(table.rows.iter().all(|r| r.values.is_empty()));
    }
}

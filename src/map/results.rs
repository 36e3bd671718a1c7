//! How a tool's results are shaped, decided from the spec: the tolerant
//! `outputSchema` of a JSON object response, the `jq` argument of a JSON
//! response, and how the operation pages.

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::model::{Method, Operation, ParamLocation};

/// The argument's name, as the runtime takes it.
const JQ: &str = "jq";

/// What `jq` is for, as the model reads it on every tool: one sentence,
/// since it is paid for in tokens on every tool.
const JQ_DESCRIPTION: &str =
    "jq filter applied to the JSON response, to return only what you need, e.g. `map({id, name})`";

/// The bytes an output schema should stay within; a larger one is built
/// again shallower.
const OUTPUT_BUDGET: usize = 4 * 1024;

/// How the operation pages, for the template to print as a
/// `runtime::Paging`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PagingView {
    /// `None`, `Page`, `Offset`, `Cursor` or `After`.
    pub kind: &'static str,
    /// The argument that asks for the next page.
    pub param: String,
    /// `Cursor`: the response field with the next cursor, dotted;
    /// `After`: the boolean field that says there is more.
    pub field: String,
}

/// How one operation's results are shaped.
#[derive(Debug, Clone)]
pub struct Shape {
    /// The tolerant output schema, compact JSON, or empty.
    pub output_schema: String,
    /// The tool takes `jq`.
    pub jq: bool,
    pub paging: PagingView,
    /// The page size argument, named when a result is cut.
    pub page_size: Option<String>,
}

/// Decides `op`'s shape; `schemas` are the components' schemas, and
/// `output_schemas` and `jq` the config's choice.
pub fn shape(op: &Operation, schemas: &Map<String, Value>, output_schemas: bool, jq: bool) -> Shape {
    let success = op
        .responses
        .iter()
        .find(|r| r.status.starts_with('2') && r.json_schema.is_some());
    let response = success.and_then(|r| r.json_schema.as_ref());
    let taken = op.params.iter().any(|p| p.arg_name == JQ)
        || op.body.as_ref().is_some_and(|b| b.arg_name == JQ);
    let output_schema = match (output_schemas, response) {
        (true, Some(schema)) => output_schema(schema, schemas).map(|s| s.to_string()).unwrap_or_default(),
        _ => String::new(),
    };
    let query: Vec<&str> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .map(|p| p.arg_name.as_str())
        .collect();
    Shape {
        output_schema,
        jq: jq && response.is_some() && !taken,
        paging: paging(op.method, &query, response, schemas),
        page_size: PAGE_SIZE.iter().find(|n| query.contains(n)).map(|n| n.to_string()),
    }
}

/// Adds the `jq` argument to an input schema.
pub fn add_jq(schema: &mut Value) {
    if let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) {
        properties.insert(
            JQ.into(),
            json!({ "type": "string", "description": JQ_DESCRIPTION }),
        );
    }
}

const PAGE_SIZE: &[&str] = &["per_page", "perPage", "limit", "page_size", "pageSize", "max_results", "maxResults", "count", "size"];
const CURSOR_PARAMS: &[&str] = &["cursor", "page_token", "pageToken", "next_token", "nextToken", "continuation_token", "continuationToken", "marker"];
const CURSOR_FIELDS: &[&str] = &["next_cursor", "nextCursor", "next_page_token", "nextPageToken", "next_token", "nextToken", "cursor"];
const PAGE_PARAMS: &[&str] = &["page", "page_number", "pageNumber"];
const OFFSET_PARAMS: &[&str] = &["offset", "skip"];
const AFTER_PARAMS: &[&str] = &["starting_after", "startingAfter"];
const MORE_FIELDS: &[&str] = &["has_more", "hasMore"];

/// How a GET with `query` arguments and a `response` schema pages: a
/// cursor argument with a cursor field in the response (at the top or one
/// level down, as Slack's `response_metadata.next_cursor`), an `after`
/// argument with a `has_more` field, a page number or an offset.
fn paging(method: Method, query: &[&str], response: Option<&Value>, schemas: &Map<String, Value>) -> PagingView {
    let none = PagingView { kind: "None", param: String::new(), field: String::new() };
    if method != Method::Get {
        return none;
    }
    let find = |names: &[&str]| names.iter().find(|n| query.contains(n)).map(|n| n.to_string());
    let fields = response.map(|r| field_paths(r, schemas)).unwrap_or_default();
    let field = |names: &[&str]| {
        fields
            .iter()
            .find(|path| names.contains(&path.rsplit('.').next().unwrap_or_default()))
            .cloned()
    };
    if let (Some(param), Some(more)) = (find(AFTER_PARAMS), field(MORE_FIELDS)) {
        return PagingView { kind: "After", param, field: more };
    }
    if let (Some(param), Some(cursor)) = (find(CURSOR_PARAMS), field(CURSOR_FIELDS)) {
        return PagingView { kind: "Cursor", param, field: cursor };
    }
    if let Some(param) = find(PAGE_PARAMS) {
        return PagingView { kind: "Page", param, field: String::new() };
    }
    if let Some(param) = find(OFFSET_PARAMS) {
        return PagingView { kind: "Offset", param, field: String::new() };
    }
    none
}

/// The dotted paths of a response's properties, two levels deep.
fn field_paths(schema: &Value, schemas: &Map<String, Value>) -> Vec<String> {
    let mut paths = Vec::new();
    for (name, child) in properties(schema, schemas, &mut Vec::new()) {
        for (inner, _) in properties(child, schemas, &mut Vec::new()) {
            paths.push(format!("{name}.{inner}"));
        }
        paths.insert(0, name.to_string());
    }
    paths
}

/// `schema` with its `$ref` followed; `stack` holds the references being
/// followed, so a recursive one is not.
fn resolved<'a>(schema: &'a Value, schemas: &'a Map<String, Value>, stack: &mut Vec<String>) -> Option<&'a Value> {
    match schema.get("$ref").and_then(Value::as_str) {
        None => Some(schema),
        Some(reference) => {
            let key = crate::pointer::unescape(reference.strip_prefix("#/components/schemas/")?);
            if stack.contains(&key) {
                return None;
            }
            let target = schemas.get(&key)?;
            stack.push(key);
            let found = resolved(target, schemas, stack);
            stack.pop();
            found
        }
    }
}

/// The properties of an object schema, with those of its `allOf`, `anyOf`
/// and `oneOf` parts (a union: the output schema describes, it does not
/// assert).
fn properties<'a>(
    schema: &'a Value,
    schemas: &'a Map<String, Value>,
    stack: &mut Vec<String>,
) -> Vec<(&'a str, &'a Value)> {
    let Some(schema) = resolved(schema, schemas, stack) else {
        return Vec::new();
    };
    let mut out: Vec<(&str, &Value)> = schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| p.iter().map(|(k, v)| (k.as_str(), v)).collect())
        .unwrap_or_default();
    for key in ["allOf", "anyOf", "oneOf"] {
        for part in schema.get(key).and_then(Value::as_array).into_iter().flatten() {
            for (name, property) in properties(part, schemas, stack) {
                if !out.iter().any(|(n, _)| *n == name) {
                    out.push((name, property));
                }
            }
        }
    }
    out
}

/// The output schema of a JSON object response: `type: object` at the top
/// and nothing else that asserts. Below the top there are only
/// `properties`, `items` and short descriptions, which apply to a value of
/// any type and reject none: upstreams send more fields, fewer fields and
/// other types than their specs say, and a client that validates
/// `structuredContent` (the Python SDK does) must never turn a good call
/// into a failure. `None` when the response is not an object.
pub fn output_schema(schema: &Value, schemas: &Map<String, Value>) -> Option<Value> {
    let root = resolved(schema, schemas, &mut Vec::new())?;
    let object = root.get("type").and_then(Value::as_str) == Some("object")
        || (root.get("type").is_none() && !properties(root, schemas, &mut Vec::new()).is_empty());
    if !object {
        return None;
    }
    (1..=2).rev().find_map(|depth| {
        let mut out = describe(root, schemas, depth, &mut Vec::new());
        out.insert("type".into(), "object".into());
        let out = Value::Object(out);
        (out.to_string().len() <= OUTPUT_BUDGET || depth == 1).then_some(out)
    })
}

fn describe(schema: &Value, schemas: &Map<String, Value>, depth: usize, stack: &mut Vec<String>) -> Map<String, Value> {
    let mut out = Map::new();
    let Some(schema) = resolved(schema, schemas, stack) else {
        return out;
    };
    if depth == 0 {
        return out;
    }
    let props = properties(schema, schemas, stack);
    if !props.is_empty() {
        let described: Map<String, Value> = props
            .iter()
            .map(|(name, property)| {
                let mut inner = describe(property, schemas, depth - 1, stack);
                if let Some(text) = resolved(property, schemas, stack)
                    .and_then(|p| p.get("description"))
                    .and_then(Value::as_str)
                    .map(first_sentence)
                    .filter(|t| !t.is_empty())
                {
                    inner.insert("description".into(), text.into());
                }
                (name.to_string(), Value::Object(inner))
            })
            .collect();
        out.insert("properties".into(), Value::Object(described));
    }
    if let Some(items) = schema.get("items") {
        // An array's items take no level of their own: `data: [Item]`
        // describes the items' fields.
        let inner = describe(items, schemas, depth, stack);
        if !inner.is_empty() {
            out.insert("items".into(), Value::Object(inner));
        }
    }
    out
}

/// The first sentence of a description, at most 100 characters.
fn first_sentence(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    let sentence = line.split_once(". ").map_or(line, |(s, _)| s);
    if sentence.chars().count() <= 100 {
        sentence.to_string()
    } else {
        format!("{}…", sentence.chars().take(99).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schemas() -> Map<String, Value> {
        json!({
            "Item": {
                "type": "object",
                "required": ["id"],
                "additionalProperties": false,
                "properties": {
                    "id": {"type": "string", "format": "uuid", "description": "The id. Never reused."},
                    "parent": {"$ref": "#/components/schemas/Item"}
                }
            },
            "Page": {
                "allOf": [
                    {"type": "object", "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}}},
                    {"type": "object", "properties": {"meta": {"type": "object", "properties": {"next_cursor": {"type": "string"}}}}}
                ]
            }
        })
        .as_object()
        .unwrap()
        .clone()
    }

    #[test]
    fn output_schemas_describe_and_never_assert() {
        let schemas = schemas();
        let item = output_schema(&json!({"$ref": "#/components/schemas/Item"}), &schemas).unwrap();
        assert_eq!(
            item,
            json!({
                "type": "object",
                "properties": {
                    "id": {"description": "The id"},
                    "parent": {"properties": {"id": {"description": "The id"}, "parent": {}}}
                }
            })
        );
        let page = output_schema(&json!({"$ref": "#/components/schemas/Page"}), &schemas).unwrap();
        assert!(page["properties"]["data"].get("items").is_some());
        assert_eq!(output_schema(&json!({"type": "array", "items": {}}), &schemas), None);
        assert_eq!(output_schema(&json!({"type": "string"}), &schemas), None);
    }

    #[test]
    fn paging_is_read_from_arguments_and_fields() {
        let schemas = schemas();
        let page = json!({"$ref": "#/components/schemas/Page"});
        let cursor = paging(Method::Get, &["cursor", "limit"], Some(&page), &schemas);
        assert_eq!((cursor.kind, cursor.field.as_str()), ("Cursor", "meta.next_cursor"));
        let stripe = json!({"type": "object", "properties": {"data": {}, "has_more": {"type": "boolean"}}});
        let after = paging(Method::Get, &["starting_after", "limit"], Some(&stripe), &schemas);
        assert_eq!((after.kind, after.param.as_str(), after.field.as_str()), ("After", "starting_after", "has_more"));
        assert_eq!(paging(Method::Get, &["page", "per_page"], None, &schemas).kind, "Page");
        assert_eq!(paging(Method::Get, &["offset"], None, &schemas).kind, "Offset");
        // A cursor argument with no cursor field in the response: the page
        // cannot be followed, so none is claimed.
        assert_eq!(paging(Method::Get, &["cursor"], None, &schemas).kind, "None");
        assert_eq!(paging(Method::Post, &["page"], None, &schemas).kind, "None");
    }
}

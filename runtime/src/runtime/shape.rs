//! Results a model can use: a JSON result cut to fit a token budget with a
//! note on how to narrow it, and the arguments of the next page of a paged
//! operation. A submodule of `runtime`, whose items it re-exports.

use serde_json::{Map, Value, json};

/// About how many bytes of JSON make one token of OpenAI's o200k_base
/// vocabulary, on the low side (API responses measure 3.5 to 4.5), so a
/// result is cut a little early rather than late.
const BYTES_PER_TOKEN: usize = 3;

/// How a server shapes results, for every tool (its flags).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shaping {
    /// Tools advertise the `outputSchema`s mcp-gen derived (`--output-schemas`).
    pub output_schemas: bool,
    /// Tools take the `jq` argument (`--jq`).
    pub jq: bool,
    /// A JSON or text result longer than this many tokens (estimated) is
    /// cut (`--max-result-tokens`).
    pub max_result_tokens: usize,
}

impl Default for Shaping {
    fn default() -> Self {
        Shaping {
            output_schemas: true,
            jq: true,
            max_result_tokens: 25_000,
        }
    }
}

/// How an operation pages, as mcp-gen read it from the spec. Whatever it
/// is, a `Link` header with `rel="next"` (RFC 8288 §3.3) also gives the
/// next page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// It does not page, or mcp-gen cannot tell how.
    None,
    /// A page number argument: the next page is one more (the first is 1).
    Page {
        /// The argument: `page`.
        param: &'static str,
    },
    /// An offset argument: the next offset skips the items received.
    Offset {
        /// The argument: `offset`, `skip`.
        param: &'static str,
    },
    /// A cursor argument, filled from a field of the response.
    Cursor {
        /// The argument: `cursor`, `page_token`.
        param: &'static str,
        /// The field, as a dotted path: `next_cursor`,
        /// `response_metadata.next_cursor`.
        field: &'static str,
    },
    /// An argument that takes the `id` of the last item received
    /// (`starting_after`), while a field says there is more (`has_more`).
    After {
        /// The argument: `starting_after`, `after`.
        param: &'static str,
        /// The boolean field: `has_more`.
        more: &'static str,
    },
}

/// The arguments of the call that gets the page after this one, or `None`
/// at the last page (or when the operation does not page). `arguments`
/// are the call's own; `body` its response, before any `jq` filter;
/// `link` its `Link` header; `params` the names of the operation's
/// arguments, which are all a `Link` URL may set.
pub fn next_page(
    paging: Paging,
    arguments: &Map<String, Value>,
    body: &Value,
    link: Option<&str>,
    params: &[String],
) -> Option<Map<String, Value>> {
    let mut next = arguments.clone();
    if let Some(url) = link.and_then(next_link) {
        let query = url.split_once('?').map_or("", |(_, q)| q);
        let mut changed = false;
        for (name, value) in query.split('&').filter_map(|pair| pair.split_once('=')) {
            let name = percent_decode(name);
            if !params.contains(&name) {
                continue;
            }
            let value = percent_decode(value);
            let value = value.parse::<i64>().map(Value::from).unwrap_or(Value::String(value));
            if next.get(&name) != Some(&value) {
                next.insert(name, value);
                changed = true;
            }
        }
        return changed.then_some(next);
    }
    let items = main_items(body);
    match paging {
        Paging::None => return None,
        Paging::Page { param } => {
            if items.is_none_or(|items| items.is_empty()) || says_no_more(body) {
                return None;
            }
            let page = arguments.get(param).and_then(Value::as_i64).unwrap_or(1);
            next.insert(param.into(), Value::from(page + 1));
        }
        Paging::Offset { param } => {
            let received = items.filter(|items| !items.is_empty())?.len() as i64;
            if says_no_more(body) {
                return None;
            }
            let offset = arguments.get(param).and_then(Value::as_i64).unwrap_or(0);
            next.insert(param.into(), Value::from(offset + received));
        }
        Paging::Cursor { param, field } => {
            let cursor = field
                .split('.')
                .try_fold(body, |value, key| value.get(key))
                .filter(|cursor| match cursor {
                    Value::String(s) => !s.is_empty(),
                    Value::Number(_) => true,
                    _ => false,
                })?;
            next.insert(param.into(), cursor.clone());
        }
        Paging::After { param, more } => {
            if body.get(more).and_then(Value::as_bool) != Some(true) {
                return None;
            }
            let last = items?.last()?.get("id")?.clone();
            next.insert(param.into(), last);
        }
    }
    Some(next)
}

/// The URL of the `rel="next"` link of a `Link` header.
fn next_link(header: &str) -> Option<&str> {
    header.split(',').find_map(|link| {
        let (url, params) = link.trim().split_once(';')?;
        let next = params.split(';').any(|p| {
            p.trim()
                .strip_prefix("rel=")
                .is_some_and(|rel| rel.trim_matches('"').split_whitespace().any(|r| r.eq_ignore_ascii_case("next")))
        });
        next.then(|| url.trim().trim_start_matches('<').trim_end_matches('>'))
    })
}

fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(&text.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

/// The items of a list response: the body itself when it is an array, or
/// its longest array field (`data`, `items`, `results`).
fn main_items(body: &Value) -> Option<&Vec<Value>> {
    match body {
        Value::Array(items) => Some(items),
        Value::Object(fields) => fields
            .values()
            .filter_map(Value::as_array)
            .max_by_key(|items| items.len()),
        _ => None,
    }
}

/// The body says this is the last page: `has_more: false`, or a `next`
/// that is `null`.
fn says_no_more(body: &Value) -> bool {
    body.get("has_more") == Some(&Value::Bool(false))
        || body.get("hasMore") == Some(&Value::Bool(false))
        || body.get("next") == Some(&Value::Null)
}

/// `value`, cut to about `max_tokens`: the longest arrays lose items from
/// their end first, then the longest strings are shortened, so the result
/// stays valid JSON. The second part says, for each array cut, where it is
/// (a JSON Pointer, RFC 6901) and how many items it kept.
pub fn fit(mut value: Value, max_tokens: usize) -> (Value, Vec<(String, usize, usize)>) {
    let budget = max_tokens.saturating_mul(BYTES_PER_TOKEN);
    let mut cuts: Vec<(String, usize, usize)> = Vec::new();
    loop {
        let size = value.to_string().len();
        if size <= budget {
            return (value, cuts);
        }
        let (pointer, length) = longest_array(&value, String::new());
        if length > 1 {
            let items = value
                .pointer_mut(&pointer)
                .and_then(Value::as_array_mut)
                .expect("the pointer was just found");
            // Keep about the share that fits, and at least one item fewer.
            let keep = ((length as f64) * (budget as f64 / size as f64) * 0.9) as usize;
            let keep = keep.clamp(1, length - 1);
            items.truncate(keep);
            match cuts.iter_mut().find(|(p, _, _)| *p == pointer) {
                Some(cut) => cut.1 = keep,
                None => cuts.push((pointer, keep, length)),
            }
            continue;
        }
        let Some(text) = longest_string(&mut value) else {
            return (value, cuts);
        };
        let keep = text.chars().count() / 2;
        if keep < 64 {
            return (value, cuts);
        }
        *text = format!("{}…", text.chars().take(keep).collect::<String>());
    }
}

/// The pointer and length of the longest array in `value`.
fn longest_array(value: &Value, pointer: String) -> (String, usize) {
    let mut best = match value {
        Value::Array(items) => (pointer.clone(), items.len()),
        _ => (String::new(), 0),
    };
    let children: Vec<(String, &Value)> = match value {
        Value::Array(items) => items.iter().enumerate().map(|(i, v)| (i.to_string(), v)).collect(),
        Value::Object(fields) => fields.iter().map(|(k, v)| (k.replace('~', "~0").replace('/', "~1"), v)).collect(),
        _ => Vec::new(),
    };
    for (key, child) in children {
        let found = longest_array(child, format!("{pointer}/{key}"));
        if found.1 > best.1 {
            best = found;
        }
    }
    best
}

fn longest_string(value: &mut Value) -> Option<&mut String> {
    match value {
        Value::String(text) => Some(text),
        Value::Array(items) => items.iter_mut().filter_map(longest_string).max_by_key(|s| s.len()),
        Value::Object(fields) => fields.values_mut().filter_map(longest_string).max_by_key(|s| s.len()),
        _ => None,
    }
}

/// `text`, cut at a line boundary to about `max_tokens`, with how many of
/// its lines it kept; `None` when it fits.
pub fn fit_text(text: &str, max_tokens: usize) -> Option<(String, usize, usize)> {
    let budget = max_tokens.saturating_mul(BYTES_PER_TOKEN);
    if text.len() <= budget {
        return None;
    }
    let total = text.lines().count();
    let mut kept = String::new();
    let mut lines = 0;
    for line in text.lines() {
        if kept.len() + line.len() + 1 > budget {
            break;
        }
        kept.push_str(line);
        kept.push('\n');
        lines += 1;
    }
    if lines == 0 {
        // One line longer than the budget: cut inside it, at a character.
        kept = text.chars().take(budget).collect();
        lines = 1;
    }
    Some((kept, lines, total))
}

/// The note that follows a cut result: what was left out, and how to ask
/// for less. `page_param` is the operation's page size or page argument.
pub fn cut_note(max_tokens: usize, cuts: &[String], jq: bool, page_param: Option<&str>) -> String {
    let mut note = format!(
        "[The result was cut to fit {max_tokens} tokens (--max-result-tokens): {}.",
        cuts.join("; ")
    );
    if jq {
        note.push_str(" Ask for less with the `jq` argument, for example `.[:20]` or `map({id, name})`.");
    }
    if let Some(param) = page_param {
        note.push_str(&format!(" Or ask for smaller pages with `{param}`."));
    }
    note.push(']');
    note
}

/// The line and `_meta` entry that say how to get the next page.
pub fn next_page_note(tool: &str, next: &Map<String, Value>) -> (String, Value) {
    let arguments = Value::Object(next.clone());
    (
        format!("[More results: call `{tool}` with {arguments} for the next page.]"),
        json!({ "name": tool, "arguments": arguments }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn pages_follow_each_style() {
        let none = Map::new();
        let list = json!([{"id": "a"}, {"id": "b"}]);
        let page = next_page(Paging::Page { param: "page" }, &object(json!({"page": 2})), &list, None, &[]);
        assert_eq!(page, Some(object(json!({"page": 3}))));
        assert_eq!(next_page(Paging::Page { param: "page" }, &none, &json!([]), None, &[]), None);
        let offset = next_page(Paging::Offset { param: "offset" }, &object(json!({"offset": 10})), &list, None, &[]);
        assert_eq!(offset, Some(object(json!({"offset": 12}))));
        let cursor = Paging::Cursor { param: "cursor", field: "meta.next" };
        let body = json!({"items": [], "meta": {"next": "c2"}});
        assert_eq!(next_page(cursor, &none, &body, None, &[]), Some(object(json!({"cursor": "c2"}))));
        assert_eq!(next_page(cursor, &none, &json!({"meta": {"next": ""}}), None, &[]), None);
        let after = Paging::After { param: "starting_after", more: "has_more" };
        let body = json!({"data": [{"id": "x"}, {"id": "y"}], "has_more": true});
        assert_eq!(next_page(after, &none, &body, None, &[]), Some(object(json!({"starting_after": "y"}))));
        assert_eq!(next_page(after, &none, &json!({"data": [{"id": "y"}], "has_more": false}), None, &[]), None);
    }

    #[test]
    fn link_headers_give_the_next_page() {
        let link = r#"<https://api.example/items?page=3&per_page=2&state=open>; rel="next", <https://api.example/items?page=9>; rel="last""#;
        let params = vec!["page".to_string(), "per_page".to_string()];
        let next = next_page(Paging::None, &object(json!({"page": 2, "per_page": 2})), &json!([]), Some(link), &params);
        assert_eq!(next, Some(object(json!({"page": 3, "per_page": 2}))));
        let last = r#"<https://api.example/items?page=1>; rel="first""#;
        assert_eq!(next_page(Paging::None, &Map::new(), &json!([]), Some(last), &params), None);
    }

    #[test]
    fn longest_arrays_are_cut_first_and_json_stays_valid() {
        let value = json!({"items": (0..1000).map(|i| json!({"id": i})).collect::<Vec<_>>(), "tags": ["a", "b"]});
        let (cut, cuts) = fit(value, 500);
        assert!(cut.to_string().len() <= 1500, "{}", cut.to_string().len());
        assert_eq!(cut["tags"], json!(["a", "b"]));
        assert_eq!(cuts.len(), 1);
        assert_eq!(cuts[0].0, "/items");
        assert_eq!(cuts[0].2, 1000);
        assert_eq!(cut["items"].as_array().unwrap().len(), cuts[0].1);
        let (same, none) = fit(json!({"a": 1}), 500);
        assert_eq!((same, none.len()), (json!({"a": 1}), 0));
    }

    #[test]
    fn text_is_cut_at_a_line() {
        let text = "line\n".repeat(1000);
        let (kept, lines, total) = fit_text(&text, 100).unwrap();
        assert!(kept.len() <= 300 && kept.ends_with("line\n"));
        assert_eq!((lines, total), (kept.lines().count(), 1000));
        assert!(fit_text("short", 100).is_none());
    }
}

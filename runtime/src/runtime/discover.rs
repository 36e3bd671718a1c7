//! The operations a server offers as tools, and discovery mode
//! (`--tool-mode discover`): three meta-tools in place of one tool per
//! operation, so that a large API fits a model's context. A submodule of
//! `runtime`, whose items it re-exports.
//!
//! `search_operations` ranks operations by words, with BM25 (the `bm25`
//! crate) over their names, descriptions, paths, toolsets and argument
//! names (how a task and an operation become terms: `terms`), and by
//! meaning, with word vectors of their names and summaries (`vectors`),
//! and fuses the two rankings;
//! `describe_operation` gives one operation's input schema and response;
//! `call_operation` calls it exactly as its direct tool would be called.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use bm25::{Embedder, EmbedderBuilder, Scorer};
use rmcp::model::{CallToolResult, ContentBlock, JsonObject, Tool, ToolAnnotations};
use serde_json::{Value, json};

use super::jq::JQ;
use super::select::{Item, Selection};
use super::shape::{Paging, Shaping};
use super::terms::{Words, expanded, verbs, without_values, words};
use super::vectors::WordVectors;

/// An operation's tool, as the server embeds it.
#[derive(Debug)]
pub struct ToolDef {
    /// The tool name, also the operation's name in discovery mode.
    pub name: &'static str,
    /// A display name, when the settings give one.
    pub title: Option<&'static str>,
    /// What a model reads.
    pub description: &'static str,
    /// The input schema, a JSON object.
    pub input_schema: &'static str,
    /// `readOnlyHint`.
    pub read_only: bool,
    /// `destructiveHint`.
    pub destructive: bool,
    /// `idempotentHint`.
    pub idempotent: bool,
    /// `openWorldHint`.
    pub open_world: bool,
    /// The tool of a GET that is also a resource or template.
    pub switchable: bool,
    /// The toolsets it is in.
    pub toolsets: &'static [&'static str],
    /// `METHOD /path`.
    pub endpoint: &'static str,
    /// What a success returns, in a few words (`200 application/json: a
    /// Book`).
    pub response: &'static str,
    /// The `outputSchema` of its JSON object response, tolerant of what
    /// upstreams send (no `required`, no `type` below the top, nothing
    /// closed), or empty when it has none.
    pub output_schema: &'static str,
    /// Its input schema has the `jq` argument: its response is JSON.
    pub jq: bool,
    /// How it pages.
    pub paging: Paging,
    /// Its page size argument (`per_page`, `limit`), named when a result
    /// is cut.
    pub page_size: Option<&'static str>,
    /// The OAuth scopes the spec requires for it; a client's access token
    /// must carry them (`--oauth-issuer`).
    pub oauth_scopes: &'static [&'static str],
}

impl ToolDef {
    /// What the selection knows of it.
    pub fn item(&self) -> Item<'static> {
        Item {
            name: self.name,
            toolsets: self.toolsets,
            read_only: self.read_only,
        }
    }

    /// The first line of its description: what it does, in a line.
    pub fn summary(&self) -> &'static str {
        self.description.lines().next().unwrap_or_default()
    }

    /// The names of its arguments: its input schema's properties.
    pub fn argument_names(&self) -> Vec<String> {
        serde_json::from_str::<Value>(self.input_schema)
            .ok()
            .and_then(|s| Some(s.get("properties")?.as_object()?.keys().cloned().collect()))
            .unwrap_or_default()
    }

    /// Its `tools/list` entry, as `shaping` has it: without the `jq`
    /// argument under `--jq off`, and without the output schema under
    /// `--output-schemas off`.
    ///
    /// # Panics
    ///
    /// When `input_schema` or `output_schema` is not a JSON object, which
    /// mcp-gen never embeds.
    pub fn tool(&self, shaping: &Shaping) -> Tool {
        let mut schema: JsonObject = serde_json::from_str(self.input_schema)
            .expect("mcp-gen embeds every input schema as a JSON object");
        if self.jq
            && !shaping.jq
            && let Some(Value::Object(properties)) = schema.get_mut("properties")
        {
            properties.remove(JQ);
        }
        let annotations = ToolAnnotations::new()
            .read_only(self.read_only)
            .destructive(self.destructive)
            .idempotent(self.idempotent)
            .open_world(self.open_world);
        let mut tool = Tool::new(self.name, self.description, std::sync::Arc::new(schema))
            .with_annotations(annotations);
        if shaping.output_schemas && !self.output_schema.is_empty() {
            let output: JsonObject = serde_json::from_str(self.output_schema)
                .expect("mcp-gen embeds every output schema as a JSON object");
            tool.output_schema = Some(std::sync::Arc::new(output));
        }
        match self.title {
            Some(title) => tool.with_title(title),
            None => tool,
        }
    }
}

/// How a server lists its tools (`--tool-mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToolMode {
    /// One tool per operation.
    Direct,
    /// `search_operations`, `describe_operation` and `call_operation`.
    Discover,
}

/// The meta-tool that searches.
pub const SEARCH: &str = "search_operations";
/// The meta-tool that describes one operation.
pub const DESCRIBE: &str = "describe_operation";
/// The meta-tool that calls one operation.
pub const CALL: &str = "call_operation";

/// The three meta-tools, parsed once from the file mcp-gen also counts the
/// tokens of (`discover_tools.json`).
///
/// `call_operation` takes `jq` unless `shaping` turns it off.
pub fn meta_tools(shaping: &Shaping) -> &'static [Tool] {
    static TOOLS: [OnceLock<Vec<Tool>>; 2] = [OnceLock::new(), OnceLock::new()];
    TOOLS[usize::from(shaping.jq)].get_or_init(|| {
        let mut tools: Vec<Tool> = serde_json::from_str(include_str!("discover_tools.json"))
            .expect("the meta-tools file holds three MCP tools");
        if !shaping.jq {
            for tool in &mut tools {
                let mut schema = tool.input_schema.as_ref().clone();
                if let Some(Value::Object(properties)) = schema.get_mut("properties") {
                    properties.remove(JQ);
                }
                tool.input_schema = std::sync::Arc::new(schema);
            }
        }
        tools
    })
}

/// The search index of the operations: BM25 (the `bm25` crate's embedder
/// and scorer, without the search engine's copies of every document), each
/// operation's prior, and each operation's embedding.
struct Index {
    embedder: Embedder<u32, Words>,
    scorer: Scorer<u32, u32>,
    /// The BM25 terms the operations use.
    terms: HashSet<u32>,
    /// The BM25 terms of the operations' paths, but for their parameters:
    /// the API's collections (`/repos/{owner}/{repo}/issues`).
    collections: HashSet<u32>,
    prior: Vec<f32>,
    /// The unit vector of each operation's name and summary, in operation
    /// order, `dims` components each, row after row (zeros when no word of
    /// it has a vector).
    embeddings: Vec<f32>,
}

/// How many of each ranking's best the fusion reads.
const FUSION_DEPTH: usize = 100;
/// Reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009): an
/// operation scores `1 / (RRF_K + rank)` for its rank by words, plus
/// `MEANING_WEIGHT` times that for its rank by meaning. A small k lets
/// either ranking's first few places decide; words weigh more, since a
/// word the operation uses is stronger evidence than a neighbouring one.
const RRF_K: f32 = 10.0;
const MEANING_WEIGHT: f32 = 0.7;
/// The least cosine that makes an operation a match by meaning. A task
/// unrelated to the API ("banana bread recipe") reaches 0.1 to 0.4 with the
/// nearest operation, and is answered with nothing. The benchmark's recall
/// is within one task of its best for any least cosine from 0.3 to 0.5,
/// and falls above (six tasks fewer at 0.6).
const MIN_COSINE: f32 = 0.45;

/// Best score first, then the operation's order.
fn best_first(a: &(f32, usize), b: &(f32, usize)) -> std::cmp::Ordering {
    b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
}

impl Index {
    /// The operations `allowed` keeps that match `query`, best first: the
    /// fusion of their ranking by words (BM25 times the prior) and by
    /// meaning ([`Index::nearest`]), then the other word matches.
    fn ranked(&self, query: &str, allowed: impl Fn(usize) -> bool) -> Vec<usize> {
        let mut by_words: Vec<(f32, usize)> = self
            .scorer
            .matches(&self.embedder.embed(&expanded(
                query,
                |w| self.uses(w),
                |w| self.names_collection(w),
            )))
            .into_iter()
            .map(|r| (r.score * self.prior[r.id as usize], r.id as usize))
            .filter(|(_, id)| allowed(*id))
            .collect();
        by_words.sort_by(best_first);
        let by_meaning = self.nearest(query, &allowed);
        let mut fused: HashMap<usize, f32> = HashMap::new();
        for (weight, ranking) in [(1.0, &by_words), (MEANING_WEIGHT, &by_meaning)] {
            for (rank, (_, id)) in ranking.iter().take(FUSION_DEPTH).enumerate() {
                *fused.entry(*id).or_default() += weight / (RRF_K + rank as f32);
            }
        }
        let mut fused: Vec<(f32, usize)> = fused.into_iter().map(|(id, s)| (s, id)).collect();
        fused.sort_by(best_first);
        let head: HashSet<usize> = fused.iter().map(|(_, id)| *id).collect();
        let rest = by_words
            .into_iter()
            .map(|(_, id)| id)
            .filter(|id| !head.contains(id));
        fused.into_iter().map(|(_, id)| id).chain(rest).collect()
    }

    /// The operations `allowed` keeps whose embedding is within
    /// [`MIN_COSINE`] of the query's, the nearest [`FUSION_DEPTH`], nearest
    /// first, with their cosines.
    fn nearest(&self, query: &str, allowed: impl Fn(usize) -> bool) -> Vec<(f32, usize)> {
        let vectors = WordVectors::get();
        let query_words = words(&without_values(query));
        let Some(q) = vectors.embed(query_words.iter().map(String::as_str)) else {
            return Vec::new();
        };
        let mut nearest: Vec<(f32, usize)> = self
            .embeddings
            .chunks_exact(vectors.dims())
            .map(|e| dot(e, &q))
            .enumerate()
            .filter(|(id, cosine)| *cosine >= MIN_COSINE && allowed(*id))
            .map(|(id, cosine)| (cosine, id))
            .collect();
        if nearest.len() > FUSION_DEPTH {
            // The nearest FUSION_DEPTH, without sorting the rest.
            nearest.select_nth_unstable_by(FUSION_DEPTH, best_first);
            nearest.truncate(FUSION_DEPTH);
        }
        nearest.sort_by(best_first);
        nearest
    }

    /// Whether `word` is a term of the operations (a stop word, "this", is
    /// none).
    fn uses(&self, word: &str) -> bool {
        self.has_terms(word, &self.terms)
    }

    /// Whether `word` is a term of the operations' paths.
    fn names_collection(&self, word: &str) -> bool {
        self.has_terms(word, &self.collections)
    }

    fn has_terms(&self, word: &str, of: &HashSet<u32>) -> bool {
        let term = self.embedder.embed(word);
        let mut terms = term.indices().peekable();
        terms.peek().is_some() && terms.all(|t| of.contains(t))
    }
}

/// The dot product of two vectors, summed in eight lanes: a single running
/// sum must add in order, which keeps the compiler from using SIMD
/// instructions (a search over msgraph computes 11,422 of these).
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0f32; 8];
    let (a8, b8) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = a8
        .remainder()
        .iter()
        .zip(b8.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in a8.zip(b8) {
        for i in 0..8 {
            lanes[i] += x[i] * y[i];
        }
    }
    lanes.iter().sum::<f32>() + tail
}

/// The operations of discovery mode, with their search index, built on the
/// first search (a server in direct mode never builds it).
pub struct Catalog {
    tools: &'static [ToolDef],
    index: OnceLock<Index>,
}

impl Catalog {
    /// A catalog of `tools`.
    pub const fn new(tools: &'static [ToolDef]) -> Self {
        Catalog {
            tools,
            index: OnceLock::new(),
        }
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            let documents: Vec<String> = self
                .tools
                .iter()
                .map(|t| {
                    // The name and the first line count thrice: they say
                    // what the operation is. Of the rest, only the start:
                    // long descriptions repeat the API's vocabulary
                    // everywhere.
                    let summary = t.summary();
                    let rest: String = t.description.lines().skip(1).collect::<Vec<_>>().join(" ");
                    let rest: String = rest.chars().take(200).collect();
                    let properties = t.argument_names().join(" ");
                    format!(
                        "{name} {name} {name} {summary} {summary} {summary} {rest} {endpoint} {verbs} {toolsets} {properties}",
                        name = t.name,
                        endpoint = t.endpoint,
                        verbs = verbs(t),
                        toolsets = t.toolsets.join(" "),
                    )
                })
                .collect();
            let corpus: Vec<&str> = documents.iter().map(String::as_str).collect();
            let embedder =
                EmbedderBuilder::<u32, Words>::with_tokenizer_and_fit_to_corpus(Words, &corpus).build();
            let mut scorer = Scorer::new();
            let mut terms = HashSet::new();
            for (i, document) in corpus.iter().enumerate() {
                let embedding = embedder.embed(document);
                terms.extend(embedding.indices().copied());
                scorer.upsert(&(i as u32), embedding);
            }
            let collections = self
                .tools
                .iter()
                .flat_map(|t| t.endpoint.split(['/', ' ']).skip(1).filter(|s| !s.contains('{')))
                .flat_map(|segment| embedder.embed(segment).indices().copied().collect::<Vec<_>>())
                .collect();
            // Of two matches, the more general operation (the shorter
            // path) is more often the one a task means.
            let prior = self
                .tools
                .iter()
                .map(|t| 1.0 / (1.0 + 0.15 * t.endpoint.matches('/').count() as f32))
                .collect();
            let vectors = WordVectors::get();
            let embeddings = self
                .tools
                .iter()
                .flat_map(|t| {
                    let text = words(&format!("{} {}", t.name, t.summary()));
                    vectors
                        .embed(text.iter().map(String::as_str))
                        .unwrap_or_else(|| vec![0.0; vectors.dims()])
                })
                .collect();
            Index { embedder, scorer, terms, collections, prior, embeddings }
        })
    }

    /// The operation `name`, if the selection allows it.
    fn find(&self, name: &str, selection: &Selection) -> Result<&'static ToolDef, String> {
        let tools: &'static [ToolDef] = self.tools;
        let tool = tools.iter().find(|t| t.name == name).ok_or_else(|| {
            format!("no operation is called `{name}`; search_operations finds the names")
        })?;
        match selection.refusal(&tool.item()) {
            Some(refusal) => Err(refusal),
            None => Ok(tool),
        }
    }

    /// `search_operations`: the best matches the selection allows, as JSON
    /// (`{"operations": [{"name", "summary", "endpoint", "readOnly",
    /// "destructive", "toolsets"}]}`), at most `limit`.
    pub fn search(
        &self,
        query: &str,
        toolset: Option<&str>,
        limit: usize,
        selection: &Selection,
    ) -> Value {
        let allowed = |id: usize| {
            let t: &ToolDef = &self.tools[id];
            selection.allows(&t.item()) && toolset.is_none_or(|s| t.toolsets.contains(&s))
        };
        let operations: Vec<Value> = self
            .index()
            .ranked(query, allowed)
            .into_iter()
            .take(limit.clamp(1, 50))
            .map(|id| {
                let t = &self.tools[id];
                json!({
                    "name": t.name,
                    "summary": t.summary(),
                    "endpoint": t.endpoint,
                    "readOnly": t.read_only,
                    "destructive": t.destructive,
                    "toolsets": t.toolsets,
                })
            })
            .collect();
        json!({ "operations": operations })
    }

    /// `describe_operation`: the description, input schema and response of
    /// one operation the selection allows.
    ///
    /// # Errors
    ///
    /// A message when no operation has the name, or the selection hides it.
    pub fn describe(&self, name: &str, selection: &Selection) -> Result<Value, String> {
        let tool = self.find(name, selection)?;
        let schema: Value = serde_json::from_str(tool.input_schema).unwrap_or_else(|_| json!({}));
        Ok(json!({
            "name": tool.name,
            "description": tool.description,
            "inputSchema": schema,
            "response": tool.response,
            "outputSchema": serde_json::from_str::<Value>(tool.output_schema).ok(),
            "readOnly": tool.read_only,
            "destructive": tool.destructive,
        }))
    }

    /// The operation `call_operation` names, checked against the selection.
    ///
    /// # Errors
    ///
    /// As [`Catalog::describe`].
    pub fn callable(&self, name: &str, selection: &Selection) -> Result<&'static ToolDef, String> {
        self.find(name, selection)
    }
}

/// What a call of a meta-tool comes to.
#[derive(Debug)]
pub enum MetaCall {
    /// A search or a description, answered; or a refused call.
    Done(CallToolResult),
    /// `call_operation`: the operation to call, and its arguments, which
    /// go through the same checks as a direct call of its tool.
    Call(String, Option<JsonObject>),
    /// Not a meta-tool.
    Unknown,
}

/// Answers a call of the meta-tool `name` with `arguments`. A missing or
/// mistyped argument, or an operation the selection hides, is an error
/// result that says why.
pub fn meta_call(
    catalog: &Catalog,
    name: &str,
    arguments: JsonObject,
    selection: &Selection,
) -> MetaCall {
    let text = |key: &str| arguments.get(key).and_then(Value::as_str);
    let refused =
        |message: String| MetaCall::Done(CallToolResult::error(vec![ContentBlock::text(message)]));
    match name {
        SEARCH => {
            let Some(query) = text("query") else {
                return refused("invalid arguments: `query` is required, a string".into());
            };
            let limit = match arguments.get("limit") {
                None | Some(Value::Null) => 10,
                Some(Value::Number(n))
                    if n.as_f64().is_some_and(|f| f.fract() == 0.0 && f >= 1.0) =>
                {
                    n.as_f64().unwrap_or(10.0) as usize
                }
                Some(other) => {
                    return refused(format!(
                        "invalid argument `limit`: must be an integer from 1 to 50, not {other}"
                    ));
                }
            };
            MetaCall::Done(CallToolResult::structured(catalog.search(
                query,
                text("toolset"),
                limit,
                selection,
            )))
        }
        DESCRIBE => match text("name") {
            None => refused("invalid arguments: `name` is required, a string".into()),
            Some(operation) => match catalog.describe(operation, selection) {
                Ok(description) => MetaCall::Done(CallToolResult::structured(description)),
                Err(message) => refused(message),
            },
        },
        CALL => {
            let Some(operation) = text("name") else {
                return refused("invalid arguments: `name` is required, a string".into());
            };
            let mut given = match arguments.get("arguments") {
                None | Some(Value::Null) => None,
                Some(Value::Object(given)) => Some(given.clone()),
                Some(other) => {
                    return refused(format!(
                        "invalid argument `arguments`: must be an object, not {other}"
                    ));
                }
            };
            // `jq` is taken once, beside the arguments, for any operation.
            if let Some(jq) = arguments.get(JQ).filter(|jq| !jq.is_null()) {
                given
                    .get_or_insert_with(JsonObject::new)
                    .insert(JQ.into(), jq.clone());
            }
            match catalog.callable(operation, selection) {
                Ok(tool) => MetaCall::Call(tool.name.to_string(), given),
                Err(message) => refused(message),
            }
        }
        _ => MetaCall::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn tool(name: &'static str, endpoint: &'static str) -> ToolDef {
        ToolDef {
            name,
            title: None,
            description: "",
            input_schema: r#"{"type":"object"}"#,
            read_only: false,
            destructive: false,
            idempotent: false,
            open_world: true,
            switchable: false,
            toolsets: &[],
            endpoint,
            response: "",
            output_schema: "",
            jq: false,
            paging: Paging::None,
            page_size: None,
            oauth_scopes: &[],
        }
    }

    #[test]
    fn a_method_implies_verbs_only_for_a_name_without_one() {
        assert_eq!(
            verbs(&tool("lend_book", "POST /books/{id}/loans")),
            "create add"
        );
        // RPC style: the name says it reads.
        assert_eq!(
            verbs(&tool("transactions_get", "POST /transactions/get")),
            ""
        );
    }

    #[test]
    fn a_stop_word_is_no_term_of_the_operations() {
        static TOOLS: [ToolDef; 1] = [tool("list_books", "GET /books")];
        static CATALOG: Catalog = Catalog::new(&TOOLS);
        let index = CATALOG.index();
        assert!(index.uses("books"));
        assert!(!index.uses("this"));
        assert!(!index.uses("euros"));
    }

    #[test]
    fn collections_are_the_words_of_paths_but_their_parameters() {
        static TOOLS: [ToolDef; 1] = [tool("lend_book", "POST /books/{book_id}/loans")];
        static CATALOG: Catalog = Catalog::new(&TOOLS);
        let index = CATALOG.index();
        assert!(index.names_collection("loan"));
        assert!(index.names_collection("books"));
        assert!(!index.names_collection("lend"));
        assert!(!index.names_collection("id"));
        assert!(!index.names_collection("post"));
    }
}

//! Stage 4: decide what each operation becomes in MCP, and compute every name,
//! type, schema and doc line the templates print.
//!
//! The output is a tree of plain serializable view structs. Templates receive
//! it as their whole context and only loop and print.

mod budget;
pub(crate) use budget::prepare as prepare_tokenizer;
mod client;
mod completions;
mod crate_name;
mod dependencies;
mod exposure;
mod features;
mod prompts;
mod results;
mod schema;
mod security;
mod text;
mod toolsets;
mod view;

pub use view::*;

use serde::Serialize;

use crate::config::Prompt;
use crate::model::types::TypeRef;
use crate::model::{Api, Method, Operation, Param, ParamLocation};
pub(crate) use budget::grouped;
use client::{operation, type_view};
use crate_name::crate_name;
use exposure::{exposure, has_uri_params};
use schema::Inliner;
pub use toolsets::summary as budget_summary;

/// How GET operations are exposed. Some hosts never read resources (Cursor)
/// or resource templates (Claude Desktop), so GETs can be tools as well.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum GetAs {
    /// Resources and resource templates (the MCP-native mapping).
    #[default]
    Resources,
    /// Tools only.
    Tools,
    /// Both a resource (or template) and a tool.
    Both,
}

impl GetAs {
    /// Every choice, in `--get-as` order.
    pub const ALL: [GetAs; 3] = [GetAs::Resources, GetAs::Tools, GetAs::Both];

    /// The `--get-as` word: `resources`, `tools` or `both`.
    pub fn as_str(self) -> &'static str {
        match self {
            GetAs::Resources => "resources",
            GetAs::Tools => "tools",
            GetAs::Both => "both",
        }
    }

    /// Whether clients see a tool under this choice; `switchable` marks
    /// the tool of a GET that is also a resource or template. The generated
    /// runtime's `GetAs::shows_tool` decides the same at run time.
    fn lists_tool(self, switchable: bool) -> bool {
        !switchable || self != GetAs::Resources
    }

    /// Whether clients see a resource or template under this choice.
    fn lists_resource(self, switchable: bool) -> bool {
        !switchable || self != GetAs::Tools
    }
}

/// Choices that change the mapping.
#[derive(Debug, Clone, Default)]
pub struct MapOptions {
    /// Crate and binary name; derived from `info.title` when absent.
    pub name: Option<String>,
    /// How GET operations are exposed: resources, tools, or both.
    pub get_as: GetAs,
}

/// Builds the view of the whole generated crate, with the user's prompts.
pub(crate) fn map(
    api: &Api,
    options: &MapOptions,
    user_prompts: &[Prompt],
    tools_config: &crate::config::ToolsConfig,
) -> CrateView {
    let crate_name = crate_name(options.name.as_deref(), &api.title);
    let uri_scheme = crate_name.clone();
    let mut tools = Vec::new();
    let mut resources = Vec::new();
    let mut resource_templates = Vec::new();
    let mut completions = Vec::new();
    let mut warnings = Vec::new();
    if let Some(asked) = options.name.as_deref()
        && asked != crate_name
    {
        warnings.push(format!(
            "the crate and binary are named `{crate_name}`, not `{asked}`: a name is lowercase ASCII letters, digits and `-`, starting with a letter"
        ));
    }
    let features = features::plan(api);
    let op_cfg = |i: usize| {
        features
            .as_ref()
            .map(|f| format!("feature = \"{}\"", f.of_operation[i]))
    };
    let exposures: Vec<_> = api
        .operations
        .iter()
        .map(|op| exposure(&api.types, op, options.get_as, &mut warnings))
        .collect();
    let inputs = inputs(api, &exposures, tools_config);
    let prepared = api.operations.iter().zip(exposures.into_iter().zip(inputs));
    for (i, (op, (exposure, (shape, schema)))) in prepared.enumerate() {
        let description = op
            .settings
            .description
            .clone()
            .unwrap_or_else(|| description(op));
        let (as_resource, as_tool, switchable) =
            (exposure.resource, exposure.tool, exposure.switchable);
        let as_template = as_resource && has_uri_params(op);
        if as_tool {
            let hints = &op.settings.annotations;
            tools.push(ToolView {
                cfg: op_cfg(i),
                summary: first_line(&description),
                name: op.name.clone(),
                title: op.settings.title.clone(),
                op: client::table_name(op),
                description: description.clone(),
                // A tool that is also a template shares the template's
                // schema text rather than carrying a second copy.
                schema: match as_template {
                    true => String::new(),
                    false => schema.to_string(),
                },
                schema_of: as_template.then(|| uri_const_name(op)),
                read_only: hints.read_only.unwrap_or(matches!(
                    op.method,
                    Method::Get | Method::Head | Method::Options
                )),
                destructive: hints.destructive.unwrap_or(op.method == Method::Delete),
                idempotent: hints.idempotent.unwrap_or(matches!(
                    op.method,
                    Method::Get | Method::Head | Method::Options | Method::Put | Method::Delete
                )),
                open_world: hints.open_world.unwrap_or(true),
                switchable,
                listed: options.get_as.lists_tool(switchable),
                toolsets: op.toolsets.clone(),
                endpoint: format!("{} {}", op.method.as_str(), op.path),
                response: response_summary(op),
                output_schema: shape.output_schema.clone(),
                jq: shape.jq,
                paging: shape.paging.clone(),
                page_size: shape.page_size.clone(),
                oauth_scopes: op.oauth_scopes.clone(),
            });
        }
        if as_resource {
            let mime_type = response_mime(op);
            if as_template {
                let mut view = resource_template(&uri_scheme, op, description, mime_type, shape.jq);
                view.cfg = op_cfg(i);
                view.switchable = switchable;
                view.listed = options.get_as.lists_resource(switchable);
                view.toolsets = op.toolsets.clone();
                completions.extend(completions::of_template(
                    &view.uri_template,
                    view.cfg.as_deref(),
                    &schema,
                ));
                view.schema = schema.to_string();
                resource_templates.push(view);
            } else {
                resources.push(ResourceView {
                    cfg: op_cfg(i),
                    summary: first_line(&description),
                    uri: format!(
                        "{uri_scheme}://{}",
                        op.path_parts
                            .iter()
                            .map(|p| p.literal.as_str())
                            .collect::<String>()
                            .trim_start_matches('/')
                    ),
                    name: op.name.clone(),
                    description,
                    mime_type,
                    op: client::table_name(op),
                    switchable,
                    listed: options.get_as.lists_resource(switchable),
                    toolsets: op.toolsets.clone(),
                });
            }
        }
    }
    // Most specific first: a template with more literal text wins a tie.
    resource_templates.sort_by_key(|t| {
        std::cmp::Reverse(t.pieces.iter().map(|p| p.literal.len()).sum::<usize>())
    });

    let env_prefix = crate_name.replace('-', "_").to_uppercase();
    let default_server = api.servers.first().filter(|s| s.resolved().contains("://"));
    let default_base_url = default_server.map(|s| s.url.trim_end_matches('/').to_string());
    let default_base_url_resolved =
        default_server.map(|s| s.resolved().trim_end_matches('/').to_string());
    let server_vars = security::server_vars(default_server, &env_prefix);
    let (schemes, scheme_index) = security::schemes(api, &env_prefix, &server_vars, &mut warnings);
    let why = match api.servers.first() {
        Some(server) => format!("the spec's server URL `{}` is relative", server.url),
        None => "the spec lists no servers".to_string(),
    };
    let no_base_url_message = format!(
        "error: no base URL for the API: {why}\n  help: pass --base-url URL or set {env_prefix}_BASE_URL"
    );
    let docs = Docs::new(
        &crate_name,
        &api.title,
        &api.version,
        default_base_url_resolved.as_deref(),
    );
    let prompts = prompts::prompts(
        api,
        &tools,
        &resources,
        &resource_templates,
        features.as_ref(),
        user_prompts,
    );
    completions.extend(completions::of_prompts(user_prompts));
    let tool_tokens = toolsets::tool_tokens(&tools, &resource_templates);
    let toolsets = toolsets::views(&api.toolsets, &tools, &tool_tokens);
    let tokens = budget::tokens(
        &tools,
        &tool_tokens,
        &resources,
        &resource_templates,
        &prompts,
        &discover_tools_json(),
    );
    let budget = toolsets::budget_view(tokens, tools_config);
    let switchable_gets = tools.iter().filter(|t| t.switchable).count();
    let listed = Listed {
        tools: tools.iter().filter(|t| t.listed).count(),
        resources: resources.iter().filter(|r| r.listed).count(),
        resource_templates: resource_templates.iter().filter(|t| t.listed).count(),
        switchable_gets,
    };
    CrateView {
        capabilities: Capabilities {
            prompts: !prompts.is_empty(),
            completions: !prompts.is_empty() || !resource_templates.is_empty(),
        },
        prompts,
        get_as: options.get_as,
        regenerate_command: String::new(),
        after_help: toolsets::help(&toolsets) + &security::credentials_help(&schemes, &env_prefix),
        toolsets,
        budget,
        oauth_scopes: {
            let mut scopes: Vec<String> =
                api.security_schemes.iter().flat_map(|s| s.scopes.iter().cloned()).collect();
            scopes.sort();
            scopes.dedup();
            scopes
        },
        listed,
        host_args: host_args(options.get_as, switchable_gets > 0),
        completions: completions::table(completions),
        warnings,
        crate_ident: crate_name.replace('-', "_"),
        env_prefix,
        crate_name,
        title: api.title.clone(),
        api_version: api.version.clone(),
        description_lines: lines(api.description.as_deref()),
        mcp_gen_version: env!("CARGO_PKG_VERSION"),
        default_base_url,
        default_base_url_resolved,
        server_vars,
        schemes,
        no_base_url_message,
        instructions: instructions(api),
        docs,
        uri_scheme,
        tools,
        resources,
        resource_templates,
        operations: api
            .operations
            .iter()
            .enumerate()
            .map(|(i, op)| OperationView {
                cfg: op_cfg(i),
                security: op
                    .security
                    .iter()
                    .map(|alt| alt.iter().filter_map(|&s| scheme_index[s]).collect())
                    .collect(),
                ..operation(&api.types, op)
            })
            .collect(),
        types: api
            .types
            .defs()
            .map(|(id, def)| TypeView {
                cfg: features.as_ref().and_then(|f| f.of_type.get(&id).cloned()),
                ..type_view(&api.types, def)
            })
            .collect(),
        features: features
            .as_ref()
            .map(|f| {
                f.all
                    .iter()
                    .map(|(name, operations)| FeatureView {
                        name: name.clone(),
                        operations: *operations,
                        default: f.default.contains(name),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        dependencies: dependencies::dependencies(),
        skipped: api
            .skipped
            .iter()
            .map(|s| SkippedView {
                operation: s.operation.clone(),
                reason: s.reason.clone(),
            })
            .collect(),
    }
}

/// What a model reads about an operation: summary, description (unless it
/// repeats the summary), a deprecation notice, and the method and path.
/// The last line ties the tool to the API's own documentation, which
/// speaks in paths, and tells a model which HTTP verb it is about to use.
fn description(op: &Operation) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(summary) = op.summary.as_deref().filter(|s| !s.trim().is_empty()) {
        parts.push(text::for_model(summary));
    }
    if let Some(desc) = op
        .description
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(text::for_model)
        && parts.first() != Some(&desc)
    {
        parts.push(desc);
    }
    if op.deprecated {
        parts.push("Deprecated.".into());
    }
    parts.push(format!("{} {}", op.method.as_str(), op.path));
    parts.join("\n\n")
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or("").to_string()
}

/// The media type of the first success response, for resource contents.
fn response_mime(op: &Operation) -> String {
    op.responses
        .iter()
        .filter(|r| r.status.starts_with('2'))
        .flat_map(|r| r.media_types.iter())
        .next()
        .cloned()
        .unwrap_or_else(|| "application/json".into())
}

/// The first success response in a few words: `200 application/json: The
/// book.`; `no success response documented` when the spec gives none.
fn response_summary(op: &Operation) -> String {
    let Some(r) = op.responses.iter().find(|r| r.status.starts_with('2')) else {
        return "no success response documented".into();
    };
    let media = match r.media_types.first() {
        Some(m) => format!(" {m}"),
        None => " (no body)".into(),
    };
    let description = first_line(&text::for_model(&r.description));
    match description.is_empty() {
        true => format!("{}{media}", r.status),
        false => format!("{}{media}: {description}", r.status),
    }
}

/// Each operation's result shape, and the input schema that its tool and
/// its template share (`null` for an operation that is neither).
///
/// Inlining the schemas is most of mapping a large spec (2.3 s of
/// msgraph's 11,422 operations), and no operation's depends on another's,
/// so the two halves run on two threads.
fn inputs(
    api: &Api,
    exposures: &[exposure::Exposure],
    tools_config: &crate::config::ToolsConfig,
) -> Vec<(results::Shape, serde_json::Value)> {
    let work: Vec<(&Operation, &exposure::Exposure)> =
        api.operations.iter().zip(exposures).collect();
    in_two_halves(&work, |half| {
        let mut inliner = Inliner::new(&api.schemas);
        let prepare = |&(op, exposure): &(&Operation, &exposure::Exposure)| {
            let shape = results::shape(
                op,
                &api.schemas,
                tools_config.output_schemas.unwrap_or(true),
                tools_config.jq.unwrap_or(true),
            );
            let schema = match exposure.tool || (exposure.resource && has_uri_params(op)) {
                true => {
                    let mut schema = input_schema(&mut inliner, op);
                    text::schema_descriptions(&mut schema);
                    if shape.jq {
                        results::add_jq(&mut schema);
                    }
                    schema
                }
                false => serde_json::Value::Null,
            };
            (shape, schema)
        };
        half.iter().map(prepare).collect()
    })
}

/// `each` applied to the two halves of `items` at once, one on this thread
/// and one on a helper, its results in the order of `items`: for the few
/// steps of a large spec that take seconds and whose items are
/// independent (the machine the targets are set on has two cores).
fn in_two_halves<T: Sync, R: Send>(items: &[T], each: impl Fn(&[T]) -> Vec<R> + Sync) -> Vec<R> {
    let (first, second) = items.split_at(items.len().div_ceil(2));
    std::thread::scope(|scope| {
        let helper = scope.spawn(|| each(second));
        let mut results = each(first);
        results.extend(
            helper
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        );
        results
    })
}

/// The tool's input schema: one property per parameter, plus `body`.
fn input_schema(inliner: &mut Inliner<'_>, op: &Operation) -> serde_json::Value {
    inliner.within_budget(|inliner| input_schema_at_depth(inliner, op))
}

/// [`input_schema`] at the inliner's current depth.
fn input_schema_at_depth(inliner: &mut Inliner<'_>, op: &Operation) -> serde_json::Value {
    let mut properties = serde_json::Map::new();
    let mut required = Vec::new();
    for p in &op.params {
        let mut schema = inliner.inline(&p.schema);
        if let (Some(desc), Some(obj)) = (&p.description, schema.as_object_mut()) {
            obj.insert("description".into(), desc.clone().into());
        }
        properties.insert(p.arg_name.clone(), schema);
        if p.required {
            required.push(serde_json::Value::from(p.arg_name.clone()));
        }
    }
    if let Some(body) = &op.body {
        let mut schema = inliner.inline(&body.schema);
        for field in body.parts.iter().filter(|p| p.file).map(|p| &p.name) {
            if let Some(file) =
                schema.pointer_mut(&format!("/properties/{}", crate::pointer::escape(field)))
            {
                base64_file(file);
            }
        }
        if let (Some(desc), Some(obj)) = (&body.description, schema.as_object_mut()) {
            obj.entry("description")
                .or_insert_with(|| desc.clone().into());
        }
        properties.insert(body.arg_name.clone(), schema);
        if body.required {
            required.push(body.arg_name.clone().into());
        }
    }
    // Closed like the arguments struct, which refuses unknown names.
    let mut schema = serde_json::json!({
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    });
    if !required.is_empty() {
        schema["required"] = required.into();
    }
    schema
}

/// A file field of a multipart body is passed as base64 text.
fn base64_file(schema: &mut serde_json::Value) {
    if let Some(items) = schema.get_mut("items") {
        return base64_file(items);
    }
    if let Some(obj) = schema.as_object_mut() {
        obj.remove("format");
        obj.insert("contentEncoding".into(), "base64".into());
        let note = "A file, base64-encoded.";
        let desc = match obj.get("description").and_then(|d| d.as_str()) {
            Some(d) => format!("{d} {note}"),
            None => note.to_string(),
        };
        obj.insert("description".into(), desc.into());
    }
}

/// A GET with parameters as an RFC 6570 template: `scheme://` and the
/// path without its leading `/` (so the first segment reads as the URI's
/// authority: `bookshelf://books/{bookId}`), path
/// parameters as `{name}`, query parameters as one `{?a,b}` expression.
/// The pieces let the server match a concrete URI back to its arguments.
fn resource_template(
    scheme: &str,
    op: &Operation,
    description: String,
    mime_type: String,
    jq: bool,
) -> ResourceTemplateView {
    let mut pieces = Vec::new();
    let mut uri = format!("{scheme}://");
    for (i, part) in op.path_parts.iter().enumerate() {
        // The URI is `scheme://path` with the path's leading `/` dropped.
        let text = if i == 0 {
            part.literal.trim_start_matches('/')
        } else {
            &part.literal
        };
        let literal = if i == 0 {
            format!("{uri}{text}")
        } else {
            text.to_string()
        };
        uri.push_str(text);
        let var = part.param.map(|index| {
            let param = &op.params[index];
            uri.push_str(&format!("{{{}}}", param.arg_name));
            var(param)
        });
        pieces.push(PieceView { literal, var });
    }
    let mut query: Vec<VarView> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .map(var)
        .collect();
    if jq {
        query.push(VarView { name: "jq".into(), kind: VarKind::Text });
    }
    if !query.is_empty() {
        let names: Vec<&str> = query.iter().map(|v| v.name.as_str()).collect();
        uri.push_str(&format!("{{?{}}}", names.join(",")));
    }
    ResourceTemplateView {
        cfg: None,
        summary: first_line(&description),
        uri_template: uri,
        const_name: uri_const_name(op),
        name: op.name.clone(),
        description,
        mime_type,
        op: client::table_name(op),
        pieces,
        query,
        schema: String::new(),
        switchable: false,
        listed: true,
        toolsets: Vec::new(),
    }
}

/// The Rust constant of an operation's resource template (`GET_BOOK_URI`),
/// whose schema its tool shares.
fn uri_const_name(op: &Operation) -> String {
    format!("{}_URI", client::table_name(op))
}

fn var(p: &Param) -> VarView {
    let kind = |t: &TypeRef| match t {
        TypeRef::Integer(_) => VarKind::Integer,
        TypeRef::Number => VarKind::Number,
        TypeRef::Boolean => VarKind::Boolean,
        TypeRef::Json => VarKind::Json,
        _ => VarKind::Text,
    };
    VarView {
        name: p.arg_name.clone(),
        kind: match &p.ty {
            TypeRef::Array(item) => match kind(item) {
                VarKind::Integer => VarKind::IntegerList,
                VarKind::Number => VarKind::NumberList,
                VarKind::Boolean => VarKind::BooleanList,
                _ => VarKind::TextList,
            },
            other => kind(other),
        },
    }
}

/// Each host's `args`: hosts that cannot read what a GET is by default
/// are told `--get-as`, so every GET is reachable from them.
fn host_args(default: GetAs, switchable: bool) -> HostArgs {
    let args = |wanted: GetAs| match switchable && wanted != default {
        true => format!(r#"["--get-as", "{}"]"#, wanted.as_str()),
        false => "[]".to_string(),
    };
    HostArgs {
        claude_desktop: args(GetAs::Both),
        cursor: args(GetAs::Tools),
        vs_code: "[]".to_string(),
    }
}

/// Splits text into doc-comment lines, one `#[doc]` each, so prettyplease
/// keeps them as `///` lines.
///
/// Doc comments are printed as `///` lines, where rustc refuses a bare CR:
/// CRLF and a lone CR end a line, and other control characters (NUL, ESC,
/// ...) are dropped; a tab stays.
fn lines(text: Option<&str>) -> Vec<String> {
    text.map(|t| {
        let t: String = t
            .replace("\r\n", "\n")
            .chars()
            .map(|c| if c == '\r' { '\n' } else { c })
            .filter(|&c| !c.is_control() || c == '\n' || c == '\t')
            .collect();
        t.trim_end()
            .lines()
            .map(|l| format!(" {}", l.trim_end()).trim_end().to_string())
            .collect()
    })
    .unwrap_or_default()
}

/// The discovery mode's `tools/list` entries, as compact JSON: the runtime
/// serves the same file.
fn discover_tools_json() -> String {
    let tools: serde_json::Value = serde_json::from_str(include_str!(
        "../../runtime/src/runtime/discover_tools.json"
    ))
    .expect("the meta-tools file is JSON");
    tools.to_string()
}

/// The server's `instructions`: what the API is and how its parts map.
fn instructions(api: &Api) -> String {
    let mut text = format!("{} (version {}).", api.title, api.version);
    if let Some(desc) = api
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        text.push(' ');
        text.push_str(desc);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_lines_hold_no_carriage_return_or_control_character() {
        assert_eq!(
            lines(Some("A\r\nB\rC\0D\u{1b}E\tF\r")),
            [" A", " B", " CDE\tF"]
        );
    }
}

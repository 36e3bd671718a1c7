//! Stage 4: decide what each operation becomes in MCP, and compute every name,
//! type, schema and doc line the templates print.
//!
//! The output is a tree of plain serializable view structs. Templates receive
//! it as their whole context and only loop and print.

pub mod schema;

use serde::Serialize;

use crate::model::types::{Field, IntWidth, TypeDef, TypeKind, TypeRef, TypeSpace};
use crate::model::{Api, Method, Operation, Param, ParamLocation, ParamStyle};
use schema::Inliner;

/// How GET operations are exposed. Some hosts never read resources (Cursor)
/// or resource templates (Claude Desktop), so GETs can be tools as well.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GetAs {
    /// Resources and resource templates (the MCP-native mapping).
    #[default]
    Resources,
    /// Tools only.
    Tools,
    /// Both a resource (or template) and a tool.
    Both,
}

/// Choices that change the mapping.
#[derive(Debug, Clone, Default)]
pub struct MapOptions {
    /// Crate and binary name; derived from `info.title` when absent.
    pub name: Option<String>,
    pub get_as: GetAs,
}

/// Everything the templates need.
#[derive(Debug, Serialize)]
pub struct CrateView {
    pub crate_name: String,
    /// The binary's module path name (`snake_case` of the crate name).
    pub crate_ident: String,
    pub title: String,
    pub api_version: String,
    pub description_lines: Vec<String>,
    pub mcp_gen_version: &'static str,
    /// Prefix of every environment variable the server reads, e.g. `BOOKSHELF_API`.
    pub env_prefix: String,
    /// The spec's first server URL, if it is absolute.
    pub default_base_url: Option<String>,
    /// The spec's first server URL when it is relative (needs `--base-url`).
    pub relative_server_url: Option<String>,
    pub uri_scheme: String,
    pub instructions: String,
    pub tools: Vec<ToolView>,
    pub resources: Vec<ResourceView>,
    pub templates: Vec<TemplateView>,
    pub operations: Vec<OperationView>,
    pub types: Vec<TypeView>,
    pub skipped: Vec<SkippedView>,
}

#[derive(Debug, Serialize)]
pub struct ToolView {
    pub name: String,
    pub op: String,
    pub description: String,
    /// The input schema, serialized as compact JSON.
    pub schema: String,
    pub read_only: bool,
    pub destructive: bool,
    pub idempotent: bool,
}

#[derive(Debug, Serialize)]
pub struct ResourceView {
    pub uri: String,
    pub name: String,
    pub description: String,
    pub mime_type: String,
    pub op: String,
}

#[derive(Debug, Serialize)]
pub struct TemplateView {
    pub uri_template: String,
    pub name: String,
    pub description: String,
    pub mime_type: String,
    pub op: String,
    /// The path part, split into literal text and variables.
    pub pieces: Vec<PieceView>,
    /// Variables of the `{?a,b}` query expression.
    pub query: Vec<VarView>,
}

#[derive(Debug, Serialize)]
pub struct PieceView {
    /// Literal text, or empty for a variable.
    pub literal: String,
    pub var: Option<VarView>,
}

#[derive(Debug, Serialize)]
pub struct VarView {
    pub name: String,
    /// The runtime's `Kind` variant that turns the text into JSON.
    pub kind: &'static str,
}

#[derive(Debug, Serialize)]
pub struct OperationView {
    pub name: String,
    pub args_type: String,
    pub method: &'static str,
    pub path: String,
    pub doc_lines: Vec<String>,
    pub path_pieces: Vec<PathPieceView>,
    pub query: Vec<ParamView>,
    pub headers: Vec<ParamView>,
    pub cookies: Vec<ParamView>,
    pub body: Option<BodyView>,
}

#[derive(Debug, Serialize)]
pub struct PathPieceView {
    pub literal: String,
    pub param: Option<ParamView>,
}

#[derive(Debug, Serialize)]
pub struct ParamView {
    pub wire_name: String,
    pub field: String,
    pub style: &'static str,
    pub explode: bool,
}

#[derive(Debug, Serialize)]
pub struct BodyView {
    pub field: String,
    pub media_type: String,
    pub required: bool,
}

#[derive(Debug, Serialize)]
pub struct TypeView {
    pub name: String,
    pub doc_lines: Vec<String>,
    /// `struct`, `enum` or `alias`.
    pub kind: &'static str,
    pub fields: Vec<FieldView>,
    pub variants: Vec<VariantView>,
    /// For aliases: the aliased Rust type.
    pub target: String,
}

#[derive(Debug, Serialize)]
pub struct FieldView {
    pub name: String,
    pub rename: Option<String>,
    pub ty: String,
    pub optional: bool,
    pub doc_lines: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct VariantView {
    pub name: String,
    pub wire_name: String,
}

#[derive(Debug, Serialize)]
pub struct SkippedView {
    pub operation: String,
    pub reason: String,
}

/// Builds the view of the whole generated crate.
pub fn map(api: &Api, options: &MapOptions) -> CrateView {
    let crate_name = crate_name(options.name.as_deref(), &api.title);
    let uri_scheme = crate_name.clone();
    let mut inliner = Inliner::new(&api.schemas);
    let mut tools = Vec::new();
    let mut resources = Vec::new();
    let mut templates = Vec::new();
    for op in &api.operations {
        let description = description(op);
        let (as_resource, as_tool) = exposure(op, options.get_as);
        if as_tool {
            tools.push(ToolView {
                name: op.name.clone(),
                op: op.name.clone(),
                description: description.clone(),
                schema: input_schema(&mut inliner, op).to_string(),
                read_only: matches!(op.method, Method::Get | Method::Head | Method::Options),
                destructive: op.method == Method::Delete,
                idempotent: matches!(
                    op.method,
                    Method::Get | Method::Head | Method::Options | Method::Put | Method::Delete
                ),
            });
        }
        if as_resource {
            let mime_type = response_mime(op);
            if has_uri_params(op) {
                templates.push(template(&uri_scheme, op, description, mime_type));
            } else {
                resources.push(ResourceView {
                    uri: format!("{uri_scheme}://{}", op.path.trim_start_matches('/')),
                    name: op.name.clone(),
                    description,
                    mime_type,
                    op: op.name.clone(),
                });
            }
        }
    }
    // Most specific first: a template with more literal text wins a tie.
    templates.sort_by_key(|t| {
        std::cmp::Reverse(t.pieces.iter().map(|p| p.literal.len()).sum::<usize>())
    });

    let (default_base_url, relative_server_url) = match api.servers.first() {
        Some(url) if url.contains("://") => (Some(url.trim_end_matches('/').to_string()), None),
        Some(url) => (None, Some(url.clone())),
        None => (None, Some("/".to_string())),
    };
    CrateView {
        crate_ident: crate_name.replace('-', "_"),
        env_prefix: crate_name.replace('-', "_").to_uppercase(),
        crate_name,
        title: api.title.clone(),
        api_version: api.version.clone(),
        description_lines: lines(api.description.as_deref()),
        mcp_gen_version: env!("CARGO_PKG_VERSION"),
        default_base_url,
        relative_server_url,
        instructions: instructions(api),
        uri_scheme,
        tools,
        resources,
        templates,
        operations: api
            .operations
            .iter()
            .map(|op| operation(&api.types, op))
            .collect(),
        types: api
            .types
            .defs()
            .map(|(_, def)| type_view(&api.types, def))
            .collect(),
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

/// A crate name cargo accepts: lowercase ASCII words joined by `-`.
fn crate_name(explicit: Option<&str>, title: &str) -> String {
    let source = explicit.unwrap_or(title);
    let name = heck::AsKebabCase(
        source
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
            .collect::<String>(),
    )
    .to_string();
    match name.chars().next() {
        None => "mcp-server".into(),
        Some(c) if c.is_ascii_digit() => format!("api-{name}"),
        Some(_) => name,
    }
}

/// Whether an operation becomes a resource (or template) and/or a tool.
fn exposure(op: &Operation, get_as: GetAs) -> (bool, bool) {
    if op.method != Method::Get {
        return (false, true);
    }
    // A header or cookie cannot be written into a URI, so a GET that requires
    // one can only be called as a tool.
    let needs_headers = op
        .params
        .iter()
        .any(|p| p.required && matches!(p.location, ParamLocation::Header | ParamLocation::Cookie));
    match get_as {
        GetAs::Resources if needs_headers => (false, true),
        GetAs::Resources => (true, false),
        GetAs::Tools => (false, true),
        GetAs::Both => (!needs_headers, true),
    }
}

fn has_uri_params(op: &Operation) -> bool {
    op.params
        .iter()
        .any(|p| matches!(p.location, ParamLocation::Path | ParamLocation::Query))
}

fn description(op: &Operation) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(summary) = op.summary.as_deref().filter(|s| !s.trim().is_empty()) {
        parts.push(summary.trim().to_string());
    }
    if let Some(desc) = op.description.as_deref().filter(|s| !s.trim().is_empty()) {
        if parts.first().map(String::as_str) != Some(desc.trim()) {
            parts.push(desc.trim().to_string());
        }
    }
    if op.deprecated {
        parts.push("Deprecated.".into());
    }
    parts.push(format!("{} {}", op.method.as_str(), op.path));
    parts.join("\n\n")
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

/// The tool's input schema: one property per parameter, plus `body`.
fn input_schema(inliner: &mut Inliner<'_>, op: &Operation) -> serde_json::Value {
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
        if let (Some(desc), Some(obj)) = (&body.description, schema.as_object_mut()) {
            obj.entry("description")
                .or_insert_with(|| desc.clone().into());
        }
        properties.insert(body.arg_name.clone(), schema);
        if body.required {
            required.push(body.arg_name.clone().into());
        }
    }
    let mut schema = serde_json::json!({ "type": "object", "properties": properties });
    if !required.is_empty() {
        schema["required"] = required.into();
    }
    schema
}

fn template(scheme: &str, op: &Operation, description: String, mime_type: String) -> TemplateView {
    let mut pieces = Vec::new();
    let mut uri = format!("{scheme}://");
    let mut literal = uri.clone();
    let mut rest = op.path.trim_start_matches('/');
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        literal.push_str(&rest[..start]);
        uri.push_str(&rest[..start]);
        let wire = &rest[start + 1..start + len];
        let param = op
            .params
            .iter()
            .find(|p| p.location == ParamLocation::Path && p.wire_name == wire)
            .expect("the model drops operations whose placeholders are undeclared");
        uri.push_str(&format!("{{{}}}", param.arg_name));
        pieces.push(PieceView {
            literal: std::mem::take(&mut literal),
            var: Some(var(param)),
        });
        rest = &rest[start + len + 1..];
    }
    literal.push_str(rest);
    uri.push_str(rest);
    if !literal.is_empty() {
        pieces.push(PieceView { literal, var: None });
    }
    let query: Vec<VarView> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .map(var)
        .collect();
    if !query.is_empty() {
        let names: Vec<&str> = query.iter().map(|v| v.name.as_str()).collect();
        uri.push_str(&format!("{{?{}}}", names.join(",")));
    }
    TemplateView {
        uri_template: uri,
        name: op.name.clone(),
        description,
        mime_type,
        op: op.name.clone(),
        pieces,
        query,
    }
}

fn var(p: &Param) -> VarView {
    let kind = |t: &TypeRef| match t {
        TypeRef::Integer(_) => "Integer",
        TypeRef::Number => "Number",
        TypeRef::Boolean => "Boolean",
        TypeRef::Json => "Json",
        _ => "Text",
    };
    VarView {
        name: p.arg_name.clone(),
        kind: match &p.ty {
            TypeRef::Array(item) => match kind(item) {
                "Integer" => "IntegerList",
                "Number" => "NumberList",
                "Boolean" => "BooleanList",
                _ => "TextList",
            },
            other => kind(other),
        },
    }
}

fn operation(types: &TypeSpace, op: &Operation) -> OperationView {
    let param_view = |p: &Param| ParamView {
        wire_name: p.wire_name.clone(),
        field: p.rust_name.clone(),
        style: style_name(p.style),
        explode: p.explode,
    };
    let mut path_pieces = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let wire = &rest[start + 1..start + len];
        let param = op
            .params
            .iter()
            .find(|p| p.location == ParamLocation::Path && p.wire_name == wire)
            .expect("the model drops operations whose placeholders are undeclared");
        path_pieces.push(PathPieceView {
            literal: rest[..start].to_string(),
            param: Some(param_view(param)),
        });
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        path_pieces.push(PathPieceView {
            literal: rest.to_string(),
            param: None,
        });
    }
    let by_location = |l: ParamLocation| -> Vec<ParamView> {
        op.params
            .iter()
            .filter(|p| p.location == l)
            .map(param_view)
            .collect()
    };
    let mut doc_lines = lines(Some(&description(op)));
    if let Some(id) = &op.operation_id {
        doc_lines.push(String::new());
        doc_lines.push(format!("operationId: `{id}`"));
    }
    OperationView {
        name: op.name.clone(),
        args_type: types.get(op.args_type).name.clone(),
        method: op.method.as_str(),
        path: op.path.clone(),
        doc_lines,
        path_pieces,
        query: by_location(ParamLocation::Query),
        headers: by_location(ParamLocation::Header),
        cookies: by_location(ParamLocation::Cookie),
        body: op.body.as_ref().map(|b| BodyView {
            field: b.rust_name.clone(),
            media_type: b.media_type.clone(),
            required: b.required,
        }),
    }
}

fn style_name(style: ParamStyle) -> &'static str {
    match style {
        ParamStyle::Simple => "Simple",
        ParamStyle::Label => "Label",
        ParamStyle::Matrix => "Matrix",
        ParamStyle::Form => "Form",
        ParamStyle::SpaceDelimited => "SpaceDelimited",
        ParamStyle::PipeDelimited => "PipeDelimited",
        ParamStyle::DeepObject => "DeepObject",
    }
}

fn type_view(types: &TypeSpace, def: &TypeDef) -> TypeView {
    let mut view = TypeView {
        name: def.name.clone(),
        doc_lines: lines(def.description.as_deref()),
        kind: "alias",
        fields: Vec::new(),
        variants: Vec::new(),
        target: String::new(),
    };
    match &def.kind {
        TypeKind::Struct(fields) => {
            view.kind = "struct";
            view.fields = fields.iter().map(|f| field_view(types, f)).collect();
        }
        TypeKind::Enum(variants) => {
            view.kind = "enum";
            view.variants = variants
                .iter()
                .map(|v| VariantView {
                    name: v.rust_name.clone(),
                    wire_name: v.wire_name.clone(),
                })
                .collect();
        }
        TypeKind::Alias(target) => view.target = rust_type(types, target),
        TypeKind::Pending => view.target = "::serde_json::Value".into(),
    }
    view
}

fn field_view(types: &TypeSpace, field: &Field) -> FieldView {
    let mut ty = rust_type(types, &field.ty);
    if field.boxed {
        ty = format!("::std::boxed::Box<{ty}>");
    }
    if field.is_optional() {
        ty = format!("::std::option::Option<{ty}>");
    }
    FieldView {
        rename: (field.rust_name != field.wire_name).then(|| field.wire_name.clone()),
        name: field.rust_name.clone(),
        ty,
        optional: field.is_optional(),
        doc_lines: lines(field.description.as_deref()),
    }
}

/// The Rust spelling of a type. Standard library paths are fully qualified,
/// so a schema named `Option` or `Vec` cannot shadow them.
pub fn rust_type(types: &TypeSpace, ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "::std::string::String".into(),
        TypeRef::Integer(IntWidth::I32) => "i32".into(),
        TypeRef::Integer(IntWidth::I64) => "i64".into(),
        TypeRef::Number => "f64".into(),
        TypeRef::Boolean => "bool".into(),
        TypeRef::Json => "::serde_json::Value".into(),
        TypeRef::Array(item) => format!("::std::vec::Vec<{}>", rust_type(types, item)),
        TypeRef::Map(value) => format!(
            "::std::collections::BTreeMap<::std::string::String, {}>",
            rust_type(types, value)
        ),
        TypeRef::Named(id) => types.get(*id).name.clone(),
    }
}

/// Splits text into doc-comment lines, one `#[doc]` each, so prettyplease
/// keeps them as `///` lines.
fn lines(text: Option<&str>) -> Vec<String> {
    text.map(|t| {
        t.trim_end()
            .lines()
            .map(|l| l.trim_end().to_string())
            .collect()
    })
    .unwrap_or_default()
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
    fn crate_names_are_cargo_names() {
        assert_eq!(
            crate_name(None, "Swagger Petstore - OpenAPI 3.0"),
            "swagger-petstore-open-api-3-0"
        );
        assert_eq!(crate_name(Some("my_server"), "x"), "my-server");
        assert_eq!(crate_name(None, "42 API"), "api-42-api");
        assert_eq!(crate_name(None, "日本"), "mcp-server");
    }
}

//! The view model: everything the templates print, decided by `map`.
//! Templates only print these values; they decide nothing.

use serde::Serialize;

use super::GetAs;

pub use super::toolsets::{BudgetView, ToolsetView};
pub use crate::model::{BodyEncoding, ParamStyle, Part};

use super::completions::CompletionTable;
use super::prompts::PromptView;
use super::security::{SchemeView, ServerVarView};

/// Everything the templates need.
#[derive(Debug, Serialize)]
pub struct CrateView {
    /// What the server advertises in `initialize`: tools always, the rest
    /// only when it has some, since hosts list what is advertised.
    pub capabilities: Capabilities,
    /// The crate and binary name: lowercase ASCII words joined by `-`.
    pub crate_name: String,
    /// The OAuth scopes the spec's OAuth2 flows declare, sorted.
    pub oauth_scopes: Vec<String>,
    /// The binary's module path name (`snake_case` of the crate name).
    pub crate_ident: String,
    /// The API's name, from `info.title`.
    pub title: String,
    /// The API's own version, from `info.version` (not the OpenAPI version).
    pub api_version: String,
    /// `info.description` as doc-comment lines, each with a leading space.
    pub description_lines: Vec<String>,
    /// The version of mcp-gen that generated the crate.
    pub mcp_gen_version: &'static str,
    /// Prefix of every environment variable the server reads, e.g. `BOOKSHELF`.
    pub env_prefix: String,
    /// The spec's first server URL, if it is absolute, with `{var}`
    /// placeholders for its variables.
    pub default_base_url: Option<String>,
    /// The same URL with every variable at its default.
    pub default_base_url_resolved: Option<String>,
    /// The variables of the default server URL, as flags.
    pub server_vars: Vec<ServerVarView>,
    /// Security schemes used by some operation; operations refer to them by index.
    pub schemes: Vec<SchemeView>,
    /// The end of the server's `--help`: the toolsets, with their sizes,
    /// and the credential variables.
    pub after_help: String,
    /// The toolsets, with their listed tools and tokens.
    pub toolsets: Vec<ToolsetView>,
    /// The tokens of the lists, and the default tool mode they chose.
    pub budget: BudgetView,
    /// What the server says at startup when it has no absolute base URL.
    pub no_base_url_message: String,
    /// The scheme of every resource URI (`bookshelf` in
    /// `bookshelf://books`): the crate name.
    pub uri_scheme: String,
    /// The server's `instructions` in the MCP `initialize` result: the API's
    /// title, version and description.
    pub instructions: String,
    /// Doc comments and help texts that name the API.
    pub docs: Docs,
    /// The MCP tools, in spec order.
    pub tools: Vec<ToolView>,
    /// The MCP resources, each read at a fixed URI.
    pub resources: Vec<ResourceView>,
    /// The MCP resource templates, most specific first: the server tries
    /// them in this order.
    pub resource_templates: Vec<ResourceTemplateView>,
    /// Every operation of the model, in spec order: one client function each.
    pub operations: Vec<OperationView>,
    /// Every Rust type of `types.rs`, the argument structs included.
    pub types: Vec<TypeView>,
    /// Operations left out because they cannot be mapped faithfully.
    pub skipped: Vec<SkippedView>,
    /// Mapping choices the user should know about, printed at generation.
    pub warnings: Vec<String>,
    /// The MCP prompts: the tag prompts, then those of `mcp-gen.toml`.
    pub prompts: Vec<PromptView>,
    /// The command that regenerates the crate from its own directory, with
    /// the options recorded in `.mcp-gen`; set after mapping.
    pub regenerate_command: String,
    /// The server's default `--get-as`: the generator's `--get-as`.
    pub get_as: GetAs,
    /// What clients see under the default `--get-as`.
    pub listed: Listed,
    /// The `args` of each host's configuration snippet: the `--get-as`
    /// that lets the host reach every GET, when the default does not.
    pub host_args: HostArgs,
    /// What `completion/complete` offers: enum-valued and boolean resource
    /// template variables, then prompt arguments with an `enum`.
    pub completions: CompletionTable,
    /// The `[dependencies]` of the generated `Cargo.toml`.
    pub dependencies: Vec<Dependency>,
    /// Cargo features per tag; empty for APIs small enough to build whole.
    pub features: Vec<FeatureView>,
}

/// A cargo feature of the generated crate: the operations whose first tag
/// it is named after.
#[derive(Debug, Serialize)]
pub struct FeatureView {
    /// The feature name: the tag in lowercase words joined by `-`.
    pub name: String,
    /// How many operations it enables.
    pub operations: usize,
    /// Whether a default build enables it.
    pub default: bool,
}

/// Sentences that name the API, for module docs and `--help`.
#[derive(Debug, Serialize)]
pub struct Docs {
    /// The crate doc of `lib.rs`, with a leading space.
    pub lib: String,
    /// The crate doc of `main.rs`, with a leading space.
    pub main: String,
    /// The module doc of `types.rs`, with a leading space.
    pub types: String,
    /// The binary's `--help` description (clap's `about`).
    pub about: String,
    /// `--base-url`'s help, which names the spec's default URL.
    pub base_url_flag: String,
}

impl Docs {
    pub(super) fn new(
        crate_name: &str,
        title: &str,
        version: &str,
        default_base_url: Option<&str>,
    ) -> Self {
        let generator = concat!("mcp-gen ", env!("CARGO_PKG_VERSION"));
        let default = default_base_url
            .map(|url| format!(" [default: {url}]"))
            .unwrap_or_default();
        Docs {
            base_url_flag: format!(" Base URL of the API, for every operation{default}."),
            lib: format!(" An MCP server for {title}, generated by {generator}."),
            main: format!(
                " The {crate_name} MCP server: serves {title} over stdio or Streamable HTTP."
            ),
            types: format!(
                " Types for the request data of {title}, generated from the spec's schemas."
            ),
            about: format!(
                "MCP server for {title} (API version {version}), generated by {generator}."
            ),
        }
    }
}

/// The MCP capabilities beyond tools that the server offers.
#[derive(Debug, Serialize)]
pub struct Capabilities {
    /// `prompts`, offered when there is a prompt.
    pub prompts: bool,
    /// `completion/complete`, offered when there is a prompt or a resource
    /// template to complete arguments of.
    pub completions: bool,
}

/// One line of the generated `[dependencies]` table.
#[derive(Debug, Serialize)]
pub struct Dependency {
    /// The crate's name: the line's key.
    pub name: &'static str,
    /// The TOML value, e.g. `{ version = "1", features = ["derive"] }`.
    pub spec: &'static str,
    /// Comment lines (`# ...`) to print above the line; most have none.
    pub comment: Vec<String>,
}

/// An MCP tool: one operation, called with the arguments a model sends.
#[derive(Debug, Serialize)]
pub struct ToolView {
    /// The `cfg` predicate that gates this item, for APIs built by feature.
    pub cfg: Option<String>,
    /// The first line of the description, for the README.
    pub summary: String,
    /// The tool name: the operation's stable name, unique in the server.
    pub name: String,
    /// A display name, when the settings give one.
    pub title: Option<String>,
    /// The operation's request table in `client::requests`.
    pub op: String,
    /// What a model reads: the summary, the description and `METHOD /path`,
    /// unless the settings give a description.
    pub description: String,
    /// The input schema, serialized as compact JSON.
    pub schema: String,
    /// The resource template constant whose schema this tool shares (the
    /// same GET as both); `schema` is empty then.
    pub schema_of: Option<String>,
    /// `readOnlyHint`: the tool changes nothing.
    pub read_only: bool,
    /// `destructiveHint`: the tool may delete or overwrite.
    pub destructive: bool,
    /// `idempotentHint`: repeating a call has no further effect.
    pub idempotent: bool,
    /// `openWorldHint`: the tool reaches an open world of outside entities.
    pub open_world: bool,
    /// A GET that is both a tool and a resource (or template): the
    /// server's `--get-as` chooses which clients see.
    pub switchable: bool,
    /// `METHOD /path`, for discovery mode's search results.
    pub endpoint: String,
    /// What a success returns, in a few words, for `describe_operation`.
    pub response: String,
    /// The toolsets it is in (the server's `--toolsets` and
    /// `X-MCP-Toolsets` choose by them).
    pub toolsets: Vec<String>,
    /// Whether clients see it under the server's default `--get-as`.
    pub listed: bool,
    /// Its tolerant `outputSchema`, compact JSON, or empty.
    pub output_schema: String,
    /// It takes the `jq` argument.
    pub jq: bool,
    /// How it pages.
    pub paging: super::results::PagingView,
    /// Its page size argument.
    pub page_size: Option<String>,
    /// The OAuth scopes the spec requires for it.
    pub oauth_scopes: Vec<String>,
}

/// An MCP resource: an operation without path or query parameters (a GET,
/// unless its settings say otherwise), read at a fixed URI.
#[derive(Debug, Serialize)]
pub struct ResourceView {
    /// The `cfg` predicate that gates this item, for APIs built by feature.
    pub cfg: Option<String>,
    /// The first line of the description, for the README.
    pub summary: String,
    /// The resource's URI, e.g. `bookshelf://books`: the scheme, then
    /// the path without its leading `/`.
    pub uri: String,
    /// The resource name: the operation's stable name.
    pub name: String,
    /// What a model reads, as for a tool.
    pub description: String,
    /// The MIME type of the contents: the first media type of the first
    /// success response, or `application/json`.
    pub mime_type: String,
    /// The operation's request table in `client::requests`.
    pub op: String,
    /// A GET that is both a tool and a resource (or template): the
    /// server's `--get-as` chooses which clients see.
    pub switchable: bool,
    /// The toolsets it is in (the server's `--toolsets` and
    /// `X-MCP-Toolsets` choose by them).
    pub toolsets: Vec<String>,
    /// Whether clients see it under the server's default `--get-as`.
    pub listed: bool,
}

/// An MCP resource template: an operation with path or query parameters (a
/// GET, unless its settings say otherwise), read at any URI that matches an
/// RFC 6570 URI template.
#[derive(Debug, Serialize)]
pub struct ResourceTemplateView {
    /// The `cfg` predicate that gates this item, for APIs built by feature.
    pub cfg: Option<String>,
    /// The first line of the description, for the README.
    pub summary: String,
    /// The URI template, e.g. `bookshelf://books/{bookId}{?fields}`.
    pub uri_template: String,
    /// The Rust constant holding the parsed URI template, named after the
    /// operation (`GET_BOOK_URI`).
    pub const_name: String,
    /// The template name: the operation's stable name.
    pub name: String,
    /// What a model reads, as for a tool.
    pub description: String,
    /// The MIME type of the contents, as for a resource.
    pub mime_type: String,
    /// The operation's request table in `client::requests`.
    pub op: String,
    /// The path part, split into literal text and variables.
    pub pieces: Vec<PieceView>,
    /// Variables of the `{?a,b}` query expression.
    pub query: Vec<VarView>,
    /// The JSON Schema of the variables, as for a tool: reads are checked
    /// against it before anything is sent.
    pub schema: String,
    /// A GET that is both a tool and a resource (or template): the
    /// server's `--get-as` chooses which clients see.
    pub switchable: bool,
    /// The toolsets it is in (the server's `--toolsets` and
    /// `X-MCP-Toolsets` choose by them).
    pub toolsets: Vec<String>,
    /// Whether clients see it under the server's default `--get-as`.
    pub listed: bool,
}

/// A piece of a URI template's path: literal text, then the variable that
/// follows it, if any. The first piece's text starts with `scheme://`.
#[derive(Debug, Serialize)]
pub struct PieceView {
    /// Literal text, or empty for a variable.
    pub literal: String,
    /// The `{name}` variable after the text.
    pub var: Option<VarView>,
}

/// A variable of a URI template: a path or query parameter.
#[derive(Debug, Serialize)]
pub struct VarView {
    /// The variable's name, which is also the argument's.
    pub name: String,
    /// How the runtime turns the variable's text into JSON.
    pub kind: VarKind,
}

/// One operation as the client prints it: a typed function, and the
/// operation's request table (`client::requests`), which both that function
/// and the server build requests from.
#[derive(Debug, Serialize)]
pub struct OperationView {
    /// The `cfg` predicate that gates this item, for APIs built by feature.
    pub cfg: Option<String>,
    /// The operation's stable name (the tool name), passed along with each
    /// request.
    pub name: String,
    /// The client function's name: `name` as a unique Rust identifier.
    pub fn_name: String,
    /// The `static` of its request table: `fn_name` in upper case.
    pub table: String,
    /// The arguments struct the function takes, a type of `types.rs`.
    pub args_type: String,
    /// The HTTP method, uppercase, e.g. `GET`.
    pub method: &'static str,
    /// The path key as the spec writes it, e.g. `/books/{bookId}`.
    pub path: String,
    /// The function's doc comment, one line each: the description, then
    /// the `operationId`.
    pub doc_lines: Vec<String>,
    /// The path, split at its parameters.
    pub path_pieces: Vec<PathPieceView>,
    /// Query pairs fixed in the path key.
    pub fixed_query: Vec<(String, String)>,
    /// The query, header and cookie parameters, in spec order.
    pub params: Vec<ParamView>,
    /// The request body, when the operation takes one.
    pub body: Option<BodyView>,
    /// Alternative sets of scheme indices into `CrateView::schemes`.
    pub security: Vec<Vec<usize>>,
    /// A server URL of the operation's own, replacing the default.
    pub server: Option<String>,
    /// The media types the spec promises for a success; empty when it
    /// promises none.
    pub expected: Vec<String>,
}

/// A piece of an operation's path: literal text, then the path parameter
/// that follows it, if any.
#[derive(Debug, Serialize)]
pub struct PathPieceView {
    /// Path text sent as it is; may be empty.
    pub literal: String,
    /// The `{name}` parameter after the text.
    pub param: Option<ParamView>,
}

/// A parameter as the client sends it.
#[derive(Debug, Serialize)]
pub struct ParamView {
    /// The name on the wire, e.g. `X-Request-Id`.
    pub wire_name: String,
    /// The property of the JSON arguments that holds the value.
    pub argument: String,
    /// `in`, as the runtime's `Location` variant (`Query`, `Header`,
    /// `Cookie`; `Path` for a path parameter, which the path pieces place).
    pub location: &'static str,
    /// How the value is serialized (OpenAPI `style`).
    pub style: ParamStyle,
    /// OpenAPI `explode`: whether array items and object members become
    /// separate parameters.
    pub explode: bool,
}

/// A request body as the client sends it.
#[derive(Debug, Serialize)]
pub struct BodyView {
    /// The property of the JSON arguments that holds the body.
    pub argument: String,
    /// The `Content-Type` sent, chosen from those the operation accepts.
    pub media_type: String,
    /// How the body is put on the wire.
    pub encoding: BodyEncoding,
    /// Multipart fields sent as files (base64 in the arguments) or with the
    /// content type the spec's `encoding` sets.
    pub parts: Vec<Part>,
}

/// A Rust type of `types.rs`. Which fields apply depends on `kind`.
#[derive(Debug, Serialize)]
pub struct TypeView {
    /// The `cfg` predicate that gates this item, for APIs built by feature.
    pub cfg: Option<String>,
    /// The type's name, `UpperCamelCase`.
    pub name: String,
    /// The schema's description as doc-comment lines.
    pub doc_lines: Vec<String>,
    /// What the type is declared as.
    pub kind: TypeKindView,
    /// For structs: the fields.
    pub fields: Vec<FieldView>,
    /// For enums: the variants, one per distinct value of the schema's `enum`.
    pub variants: Vec<VariantView>,
    /// For aliases: the aliased Rust type.
    pub target: String,
    /// For unions: the alternatives, tried in order (`#[serde(untagged)]`).
    pub union_variants: Vec<UnionVariantView>,
    /// A catch-all field for undeclared properties, if the struct has one.
    pub extra_field: Option<String>,
}

/// An alternative of a union (`oneOf`/`anyOf`): a variant holding one value.
#[derive(Debug, Serialize)]
pub struct UnionVariantView {
    /// The variant's name.
    pub name: String,
    /// The Rust type it holds, boxed when it contains the union again.
    pub ty: String,
}

/// A field of a struct.
#[derive(Debug, Serialize)]
pub struct FieldView {
    /// The field's Rust name.
    pub name: String,
    /// The property's name on the wire, when it differs from `name`.
    pub rename: Option<String>,
    /// The field's full Rust type, `Option` and `Box` included.
    pub ty: String,
    /// The property may be absent: its `None` is left out when
    /// serializing. (A required nullable property is an `Option` whose
    /// `None` is sent as `null`; an optional nullable one is an
    /// `Option<Option<_>>`, absent, `null`, or a value.)
    pub optional: bool,
    /// The property's description as doc-comment lines.
    pub doc_lines: Vec<String>,
}

/// A variant of a string enum.
#[derive(Debug, Serialize)]
pub struct VariantView {
    /// The variant's Rust name.
    pub name: String,
    /// The string on the wire.
    pub wire_name: String,
}

/// An operation left out of the crate, for the README and the CLI's warnings.
#[derive(Debug, Serialize)]
pub struct SkippedView {
    /// `METHOD /path`, or just the path when a whole path item is skipped.
    pub operation: String,
    /// Why it cannot be mapped faithfully.
    pub reason: String,
}

/// The runtime's `Kind`: how a resource template variable's text becomes a
/// JSON argument. Printed as the variant's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum VarKind {
    /// A JSON string, as it is.
    Text,
    /// A JSON integer.
    Integer,
    /// A JSON number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// JSON text, parsed.
    Json,
    /// A comma-separated list of strings.
    TextList,
    /// A comma-separated list of integers.
    IntegerList,
    /// A comma-separated list of numbers.
    NumberList,
    /// A comma-separated list of booleans.
    BooleanList,
}

/// What a Rust type of the type store is declared as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeKindView {
    /// A struct of named fields.
    Struct,
    /// A string enum.
    Enum,
    /// An untagged enum, one variant per alternative.
    Union,
    /// A type alias.
    Alias,
}

/// Counts of what clients see under the server's default `--get-as`.
#[derive(Debug, Default, Serialize)]
pub struct Listed {
    /// Tools listed.
    pub tools: usize,
    /// Resources listed.
    pub resources: usize,
    /// Resource templates listed.
    pub resource_templates: usize,
    /// GETs that are both a tool and a resource or template, of which
    /// `--get-as` chooses what clients see.
    pub switchable_gets: usize,
}

/// Server arguments for each host's configuration snippet, as JSON arrays.
#[derive(Debug, Serialize)]
pub struct HostArgs {
    /// Claude Desktop, which reads resources but no resource templates:
    /// `--get-as both` when any GET would otherwise be a template.
    pub claude_desktop: String,
    /// Cursor, which reads no resources: `--get-as tools`.
    pub cursor: String,
    /// VS Code, which reads both.
    pub vs_code: String,
}

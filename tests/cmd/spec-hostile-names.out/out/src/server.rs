//! The MCP server: a hand-written `ServerHandler` whose tool schemas are
//! embedded JSON, parsed once on first use, and whose calls dispatch with a
//! `match` on the tool name.
use std::sync::{Arc, OnceLock};
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, Implementation, JsonObject,
    ListResourceTemplatesResult, ListResourcesResult, ListToolsResult,
    PaginatedRequestParams, ReadResourceRequestParams, ReadResourceResponse, Resource,
    ResourceTemplate, ServerCapabilities, ServerConfig, Tool, ToolAnnotations,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData as McpError, RoleServer, ServerHandler};
use crate::client::Client;
use crate::runtime;
/// Reported to clients in `initialize`.
pub const SERVER_NAME: &str = "hostile-names-x-y-z-r-w";
/// The API's version, from the spec's `info.version`.
pub const SERVER_VERSION: &str = r#"0.0.1-"beta""#;
const INSTRUCTIONS: &str = r##"Hostile "names" */ {{ x }} {% y %} #[z] r#"w" (version 0.0.1-"beta"). Names chosen to break a generator: Rust keywords, standard library type
names, wire names that collide after case conversion, odd enum values,
missing operationIds and text that would escape a string or comment.
"quotes", back/slashes, */ comment ends, {{ tera }} and {% tags %}, #[attr], r#"raw"#
</script>"##;
/// A tool as embedded in the binary.
struct ToolDef {
    name: &'static str,
    description: &'static str,
    input_schema: &'static str,
    read_only: bool,
    destructive: bool,
    idempotent: bool,
}
const TOOLS: &[ToolDef] = &[
    ToolDef {
        name: "get_items_id",
        description: "No operationId: the name comes from the method and path/n/nGET /items/{id}",
        input_schema: r#"{"type":"object","properties":{"id":{"type":"integer","format":"int64"},"id_query":{"type":"string","description":"Same name as the path parameter, different location."},"x_trace_id":{"type":"string"},"filter":{"type":"object","additionalProperties":{"type":"string"}}},"additionalProperties":false,"required":["id"]}"#,
        read_only: true,
        destructive: false,
        idempotent: true,
    },
    ToolDef {
        name: "type",
        description: "An operationId that is a Rust keyword/n/nPOST /items/{id}",
        input_schema: r#"{"type":"object","properties":{"id":{"type":"integer","format":"int64"},"body":{"type":"object","properties":{"type":{"type":"string"},"self":{"type":"string"},"@id":{"type":"string"},"id":{"type":"string"},"+1":{"type":"integer"},"-1":{"type":"integer"},"String":{"description":"A schema named String /"quoted/" */","type":"string","enum":["in-transit","1st","+1","-1","","Self","/"}"]},"Vec":{"type":"array","items":{"type":"object","properties":{"ok":{"type":"boolean"},"next":{"description":"A `Result` (recursive; not expanded further).","type":"object"},"children":{"type":"array","items":{"description":"A `Result` (recursive; not expanded further).","type":"object"}}},"required":["ok"]}}}}},"additionalProperties":false,"required":["id"]}"#,
        read_only: false,
        destructive: false,
        idempotent: false,
    },
    ToolDef {
        name: "delete_items_id",
        description: "Deprecated./n/nDELETE /items/{id}",
        input_schema: r#"{"type":"object","properties":{"id":{"type":"integer","format":"int64"}},"additionalProperties":false,"required":["id"]}"#,
        read_only: false,
        destructive: true,
        idempotent: true,
    },
    ToolDef {
        name: "do_the_thing_now",
        description: "PUT /items/{id}/self",
        input_schema: r#"{"type":"object","properties":{"id":{"type":"string"},"session":{"type":"string"},"body":{"type":"object","properties":{"type":{"type":"string"},"self":{"type":"string"},"@id":{"type":"string"},"id":{"type":"string"},"+1":{"type":"integer"},"-1":{"type":"integer"},"String":{"description":"A schema named String /"quoted/" */","type":"string","enum":["in-transit","1st","+1","-1","","Self","/"}"]},"Vec":{"type":"array","items":{"type":"object","properties":{"ok":{"type":"boolean"},"next":{"description":"A `Result` (recursive; not expanded further).","type":"object"},"children":{"type":"array","items":{"description":"A `Result` (recursive; not expanded further).","type":"object"}}},"required":["ok"]}},"fn":{"anyOf":[{"type":"string"},{"type":"null"}]}}}},"additionalProperties":false,"required":["id","body"]}"#,
        read_only: false,
        destructive: false,
        idempotent: true,
    },
];
/// A resource or resource template as embedded in the binary.
struct ResourceDef {
    uri: &'static str,
    name: &'static str,
    description: &'static str,
    mime_type: &'static str,
}
const RESOURCES: &[ResourceDef] = &[];
/// Templates, most specific first: reads try them in this order.
const TEMPLATES: &[ResourceDef] = &[];
/// Every tool, parsed once from the embedded schemas.
fn tools() -> &'static [Tool] {
    static CACHE: OnceLock<Vec<Tool>> = OnceLock::new();
    CACHE
        .get_or_init(|| {
            TOOLS
                .iter()
                .map(|def| {
                    let schema: JsonObject = serde_json::from_str(def.input_schema)
                        .expect("mcp-gen embeds every input schema as a JSON object");
                    let annotations = ToolAnnotations::new()
                        .read_only(def.read_only)
                        .destructive(def.destructive)
                        .idempotent(def.idempotent)
                        .open_world(true);
                    Tool::new(def.name, def.description, Arc::new(schema))
                        .with_annotations(annotations)
                })
                .collect()
        })
}
/// The server. Cloning is cheap: the HTTP transport makes one per request.
#[derive(Clone)]
pub struct Server {
    client: Client,
}
impl Server {
    pub fn new(client: Client) -> Self {
        Server { client }
    }
    /// The typed API client the tools and resources call.
    pub fn client(&self) -> &Client {
        &self.client
    }
}
impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        let capabilities = ServerCapabilities::builder().enable_tools().build();
        ServerConfig::new(capabilities)
            .with_server_info(Implementation::new(SERVER_NAME, SERVER_VERSION))
            .with_instructions(INSTRUCTIONS)
    }
    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, McpError> {
        Ok(ListToolsResult::with_all_items(tools().to_vec()))
    }
    fn get_tool(&self, name: &str) -> Option<Tool> {
        tools().iter().find(|tool| tool.name == name).cloned()
    }
    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, McpError> {
        let arguments = request.arguments;
        let result = match request.name.as_ref() {
            "get_items_id" => {
                runtime::call_tool(arguments, |args| self.client.get_items_id(args))
                    .await
            }
            "type" => runtime::call_tool(arguments, |args| self.client.type_(args)).await,
            "delete_items_id" => {
                runtime::call_tool(arguments, |args| self.client.delete_items_id(args))
                    .await
            }
            "do_the_thing_now" => {
                runtime::call_tool(arguments, |args| self.client.do_the_thing_now(args))
                    .await
            }
            other => return Err(runtime::unknown_tool(other)),
        };
        Ok(result.into())
    }
    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, McpError> {
        let resources = RESOURCES
            .iter()
            .map(|r| {
                Resource::new(r.uri, r.name)
                    .with_description(r.description)
                    .with_mime_type(r.mime_type)
            })
            .collect();
        Ok(ListResourcesResult::with_all_items(resources))
    }
    async fn list_resource_templates(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourceTemplatesResult, McpError> {
        let templates = TEMPLATES
            .iter()
            .map(|t| {
                ResourceTemplate::new(t.uri, t.name)
                    .with_description(t.description)
                    .with_mime_type(t.mime_type)
            })
            .collect();
        Ok(ListResourceTemplatesResult::with_all_items(templates))
    }
    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, McpError> {
        let uri = request.uri.as_str();
        Err(runtime::unknown_resource(uri))
    }
}

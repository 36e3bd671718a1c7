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
pub const SERVER_NAME: &str = "catalog-swagger-2-0";
/// The API's version, from the spec's `info.version`.
pub const SERVER_VERSION: &str = "2.0.1";
const INSTRUCTIONS: &str = "Catalog (Swagger 2.0) (version 2.0.1). A Swagger 2.0 spec for the end-to-end tests of the 2.0 conversion.";
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
        name: "create_item",
        description: "POST /items",
        input_schema: r#"{"type":"object","properties":{"body":{"type":"object","properties":{"name":{"type":"string"},"color":{"anyOf":[{"type":"string","enum":["red","green"]},{"type":"null"}]},"parent":{"description":"A `Item` (recursive; not expanded further).","type":"object"}},"required":["name"]}},"additionalProperties":false,"required":["body"]}"#,
        read_only: false,
        destructive: false,
        idempotent: false,
    },
    ToolDef {
        name: "add_note",
        description: "POST /items/{itemId}/notes",
        input_schema: r#"{"type":"object","properties":{"itemId":{"type":"string"},"body":{"type":"object","properties":{"note":{"type":"string"},"priority":{"type":"integer"}},"required":["note"]}},"additionalProperties":false,"required":["itemId","body"]}"#,
        read_only: false,
        destructive: false,
        idempotent: false,
    },
    ToolDef {
        name: "upload_photo",
        description: "PUT /items/{itemId}/photo",
        input_schema: r#"{"type":"object","properties":{"itemId":{"type":"string"},"body":{"type":"object","properties":{"photo":{"type":"string","contentEncoding":"base64","description":"A file, base64-encoded."},"caption":{"type":"string"}},"required":["photo"]}},"additionalProperties":false,"required":["itemId","body"]}"#,
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
const TEMPLATES: &[ResourceDef] = &[
    ResourceDef {
        uri: "catalog-swagger-2-0://items{?tags,limit}",
        name: "list_items",
        description: "GET /items",
        mime_type: "application/json",
    },
];
const TEMPLATE_1: runtime::UriTemplate = runtime::UriTemplate {
    pieces: &[runtime::Piece::Literal("catalog-swagger-2-0://items")],
    query: &[("tags", runtime::Kind::TextList), ("limit", runtime::Kind::Integer)],
};
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
        let capabilities = ServerCapabilities::builder()
            .enable_tools()
            .enable_resources()
            .build();
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
            "create_item" => {
                runtime::call_tool(arguments, |args| self.client.create_item(args)).await
            }
            "add_note" => {
                runtime::call_tool(arguments, |args| self.client.add_note(args)).await
            }
            "upload_photo" => {
                runtime::call_tool(arguments, |args| self.client.upload_photo(args))
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
        if let Some(arguments) = TEMPLATE_1.matches(uri) {
            let result = runtime::read_resource(
                    uri,
                    arguments,
                    "application/json",
                    |args| self.client.list_items(args),
                )
                .await;
            return result.map(Into::into);
        }
        Err(runtime::unknown_resource(uri))
    }
}

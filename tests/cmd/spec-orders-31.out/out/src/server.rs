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
pub const SERVER_NAME: &str = "orders-open-api-3-1";
/// The API's version, from the spec's `info.version`.
pub const SERVER_VERSION: &str = "3.1.0-test";
const INSTRUCTIONS: &str = "Orders (OpenAPI 3.1) (version 3.1.0-test). An OpenAPI 3.1 spec for the end-to-end tests of 3.1 keywords and non-JSON bodies.";
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
        name: "place_order",
        description: "POST /echo/orders",
        input_schema: r#"{"type":"object","properties":{"body":{"type":"object","properties":{"kind":{"type":"string","enum":["order"]},"quantity":{"type":"integer","exclusiveMinimum":0,"examples":[3]},"note":{"anyOf":[{"type":"string"},{"type":"null"}]},"shipping":{"type":"string","enum":["ground","air"]},"payment":{"description":"Card or bank transfer; anything else is refused.","oneOf":[{"type":"object","properties":{"method":{"type":"string","enum":["card"]},"number":{"type":"string"}},"required":["method","number"]},{"type":"object","properties":{"method":{"type":"string","enum":["transfer"]},"iban":{"type":"string"}},"required":["method","iban"]},{}]},"reference":{"anyOf":[{"type":"string"},{"type":"integer"}]}},"required":["kind","quantity"]}},"additionalProperties":false,"required":["body"]}"#,
        read_only: false,
        destructive: false,
        idempotent: false,
    },
    ToolDef {
        name: "upload_blob",
        description: "POST /echo/uploads",
        input_schema: r#"{"type":"object","properties":{"body":{"type":"string","contentEncoding":"base64","description":"The request body (application/octet-stream), base64-encoded."}},"additionalProperties":false,"required":["body"]}"#,
        read_only: false,
        destructive: false,
        idempotent: false,
    },
    ToolDef {
        name: "add_note",
        description: "POST /echo/notes",
        input_schema: r#"{"type":"object","properties":{"body":{"type":"string","description":"The request body (text/plain), as text."}},"additionalProperties":false}"#,
        read_only: false,
        destructive: false,
        idempotent: false,
    },
];
/// A resource or resource template as embedded in the binary.
struct ResourceDef {
    uri: &'static str,
    name: &'static str,
    description: &'static str,
    mime_type: &'static str,
}
const RESOURCES: &[ResourceDef] = &[
    ResourceDef {
        uri: "orders-open-api-3-1://raw/logo.png",
        name: "get_logo",
        description: "GET /raw/logo.png",
        mime_type: "image/png",
    },
    ResourceDef {
        uri: "orders-open-api-3-1://raw/report.csv",
        name: "get_report",
        description: "GET /raw/report.csv",
        mime_type: "text/csv",
    },
];
/// Templates, most specific first: reads try them in this order.
const TEMPLATES: &[ResourceDef] = &[
    ResourceDef {
        uri: "orders-open-api-3-1://echo/orders/{orderId}",
        name: "get_order",
        description: "GET /echo/orders/{orderId}",
        mime_type: "application/json",
    },
];
const TEMPLATE_1: runtime::UriTemplate = runtime::UriTemplate {
    pieces: &[
        runtime::Piece::Literal("orders-open-api-3-1://echo/orders/"),
        runtime::Piece::Var("orderId", runtime::Kind::Integer),
    ],
    query: &[],
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
            "place_order" => {
                runtime::call_tool(arguments, |args| self.client.place_order(args)).await
            }
            "upload_blob" => {
                runtime::call_tool(arguments, |args| self.client.upload_blob(args)).await
            }
            "add_note" => {
                runtime::call_tool(arguments, |args| self.client.add_note(args)).await
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
        if uri == "orders-open-api-3-1://raw/logo.png" {
            let result = runtime::read_resource(
                    uri,
                    Ok(JsonObject::new()),
                    "image/png",
                    |args| self.client.get_logo(args),
                )
                .await;
            return result.map(Into::into);
        }
        if uri == "orders-open-api-3-1://raw/report.csv" {
            let result = runtime::read_resource(
                    uri,
                    Ok(JsonObject::new()),
                    "text/csv",
                    |args| self.client.get_report(args),
                )
                .await;
            return result.map(Into::into);
        }
        if let Some(arguments) = TEMPLATE_1.matches(uri) {
            let result = runtime::read_resource(
                    uri,
                    arguments,
                    "application/json",
                    |args| self.client.get_order(args),
                )
                .await;
            return result.map(Into::into);
        }
        Err(runtime::unknown_resource(uri))
    }
}

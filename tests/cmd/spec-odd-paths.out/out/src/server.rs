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
pub const SERVER_NAME: &str = "odd-paths";
/// The API's version, from the spec's `info.version`.
pub const SERVER_VERSION: &str = "1";
const INSTRUCTIONS: &str = "Odd paths (version 1). Path keys that break naive templating; each operation is one case.";
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
        name: "post_b_sid_json",
        description: "POST /b/{Sid}.json",
        input_schema: r#"{"type":"object","properties":{"Sid":{"type":"string"}},"additionalProperties":false,"required":["Sid"]}"#,
        read_only: false,
        destructive: false,
        idempotent: false,
    },
    ToolDef {
        name: "post_c_id_batch_update",
        description: "POST /c/{id}:batchUpdate",
        input_schema: r#"{"type":"object","properties":{"id":{"type":"string"}},"additionalProperties":false,"required":["id"]}"#,
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
        uri: "odd-paths://d",
        name: "get_d_frag",
        description: "GET /d#frag",
        mime_type: "application/json",
    },
    ResourceDef {
        uri: "odd-paths://e",
        name: "get_e_beta_true",
        description: "GET /e?beta=true",
        mime_type: "application/json",
    },
];
/// Templates, most specific first: reads try them in this order.
const TEMPLATES: &[ResourceDef] = &[
    ResourceDef {
        uri: "odd-paths://f/{base}...{head}",
        name: "get_f_base_head",
        description: "GET /f/{base}...{head}",
        mime_type: "application/json",
    },
    ResourceDef {
        uri: "odd-paths://a/{x},{y}",
        name: "get_a_x_y",
        description: "GET /a/{x},{y}",
        mime_type: "application/json",
    },
];
const TEMPLATE_1: runtime::UriTemplate = runtime::UriTemplate {
    pieces: &[
        runtime::Piece::Literal("odd-paths://f/"),
        runtime::Piece::Var("base", runtime::Kind::Text),
        runtime::Piece::Literal("..."),
        runtime::Piece::Var("head", runtime::Kind::Text),
    ],
    query: &[],
};
const TEMPLATE_2: runtime::UriTemplate = runtime::UriTemplate {
    pieces: &[
        runtime::Piece::Literal("odd-paths://a/"),
        runtime::Piece::Var("x", runtime::Kind::Text),
        runtime::Piece::Literal(","),
        runtime::Piece::Var("y", runtime::Kind::Text),
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
            "post_b_sid_json" => {
                runtime::call_tool(arguments, |args| self.client.post_b_sid_json(args))
                    .await
            }
            "post_c_id_batch_update" => {
                runtime::call_tool(
                        arguments,
                        |args| self.client.post_c_id_batch_update(args),
                    )
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
        if uri == "odd-paths://d" {
            let result = runtime::read_resource(
                    uri,
                    Ok(JsonObject::new()),
                    "application/json",
                    |args| self.client.get_d_frag(args),
                )
                .await;
            return result.map(Into::into);
        }
        if uri == "odd-paths://e" {
            let result = runtime::read_resource(
                    uri,
                    Ok(JsonObject::new()),
                    "application/json",
                    |args| self.client.get_e_beta_true(args),
                )
                .await;
            return result.map(Into::into);
        }
        if let Some(arguments) = TEMPLATE_1.matches(uri) {
            let result = runtime::read_resource(
                    uri,
                    arguments,
                    "application/json",
                    |args| self.client.get_f_base_head(args),
                )
                .await;
            return result.map(Into::into);
        }
        if let Some(arguments) = TEMPLATE_2.matches(uri) {
            let result = runtime::read_resource(
                    uri,
                    arguments,
                    "application/json",
                    |args| self.client.get_a_x_y(args),
                )
                .await;
            return result.map(Into::into);
        }
        Err(runtime::unknown_resource(uri))
    }
}

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
pub const SERVER_NAME: &str = "bookshelf-api";
/// The API's version, from the spec's `info.version`.
pub const SERVER_VERSION: &str = "1.2.0";
const INSTRUCTIONS: &str = "Bookshelf API (version 1.2.0). A small library catalogue. It ships with mcp-gen as the example spec and as the/nfixture for the end-to-end tests.";
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
        name: "create_book",
        description: "Add a book to the catalogue/n/nPOST /books",
        input_schema: r#"{"type":"object","properties":{"body":{"description":"A book as submitted by a librarian.","type":"object","properties":{"title":{"description":"The full title.","type":"string","minLength":1},"author":{"type":"string"},"year":{"description":"Year of first publication.","type":"integer"},"status":{"description":"Where the book is.","anyOf":[{"enum":["available","on-loan","lost"],"type":"string"},{"type":"null"}]},"tags":{"type":"array","items":{"type":"string"}},"series":{"description":"A series of books; a series can continue another one.","type":"object","properties":{"name":{"type":"string"},"continues":{"description":"A `Series` (recursive; not expanded further).","type":"object"}},"required":["name"]}},"required":["title","author"]}},"additionalProperties":false,"required":["body"]}"#,
        read_only: false,
        destructive: false,
        idempotent: false,
    },
    ToolDef {
        name: "update_book",
        description: "Replace a book's record/n/nPUT /books/{bookId}",
        input_schema: r#"{"type":"object","properties":{"bookId":{"type":"string","description":"The book's catalogue id."},"body":{"description":"A book as submitted by a librarian.","type":"object","properties":{"title":{"description":"The full title.","type":"string","minLength":1},"author":{"type":"string"},"year":{"description":"Year of first publication.","type":"integer"},"status":{"description":"Where the book is.","anyOf":[{"enum":["available","on-loan","lost"],"type":"string"},{"type":"null"}]},"tags":{"type":"array","items":{"type":"string"}},"series":{"description":"A series of books; a series can continue another one.","type":"object","properties":{"name":{"type":"string"},"continues":{"description":"A `Series` (recursive; not expanded further).","type":"object"}},"required":["name"]}},"required":["title","author"]}},"additionalProperties":false,"required":["bookId","body"]}"#,
        read_only: false,
        destructive: false,
        idempotent: true,
    },
    ToolDef {
        name: "delete_book",
        description: "Remove a book from the catalogue/n/nDELETE /books/{bookId}",
        input_schema: r#"{"type":"object","properties":{"bookId":{"type":"string","description":"The book's catalogue id."}},"additionalProperties":false,"required":["bookId"]}"#,
        read_only: false,
        destructive: true,
        idempotent: true,
    },
    ToolDef {
        name: "lend_book",
        description: "Lend a book to a member/n/nPOST /books/{bookId}/loans",
        input_schema: r#"{"type":"object","properties":{"bookId":{"type":"string"},"x_request_id":{"type":"string","description":"Echoed back by the library, for tracing."},"body":{"type":"object","properties":{"member":{"description":"The borrowing member's id.","type":"string"},"days":{"description":"Length of the loan in days.","default":14,"type":"integer"}},"required":["member"]}},"additionalProperties":false,"required":["bookId","body"]}"#,
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
        uri: "bookshelf-api://shelves",
        name: "list_shelves",
        description: "List every shelf in the library/n/nGET /shelves",
        mime_type: "application/json",
    },
];
/// Templates, most specific first: reads try them in this order.
const TEMPLATES: &[ResourceDef] = &[
    ResourceDef {
        uri: "bookshelf-api://books/{bookId}",
        name: "get_book",
        description: "Fetch one book/n/nGET /books/{bookId}",
        mime_type: "application/json",
    },
    ResourceDef {
        uri: "bookshelf-api://books{?author,tags,limit}",
        name: "list_books",
        description: "Search the catalogue/n/nReturns books that match every filter given./n/nGET /books",
        mime_type: "application/json",
    },
];
const TEMPLATE_1: runtime::UriTemplate = runtime::UriTemplate {
    pieces: &[
        runtime::Piece::Literal("bookshelf-api://books/"),
        runtime::Piece::Var("bookId", runtime::Kind::Text),
    ],
    query: &[],
};
const TEMPLATE_2: runtime::UriTemplate = runtime::UriTemplate {
    pieces: &[runtime::Piece::Literal("bookshelf-api://books")],
    query: &[
        ("author", runtime::Kind::Text),
        ("tags", runtime::Kind::TextList),
        ("limit", runtime::Kind::Integer),
    ],
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
            "create_book" => {
                runtime::call_tool(arguments, |args| self.client.create_book(args)).await
            }
            "update_book" => {
                runtime::call_tool(arguments, |args| self.client.update_book(args)).await
            }
            "delete_book" => {
                runtime::call_tool(arguments, |args| self.client.delete_book(args)).await
            }
            "lend_book" => {
                runtime::call_tool(arguments, |args| self.client.lend_book(args)).await
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
        if uri == "bookshelf-api://shelves" {
            let result = runtime::read_resource(
                    uri,
                    Ok(JsonObject::new()),
                    "application/json",
                    |args| self.client.list_shelves(args),
                )
                .await;
            return result.map(Into::into);
        }
        if let Some(arguments) = TEMPLATE_1.matches(uri) {
            let result = runtime::read_resource(
                    uri,
                    arguments,
                    "application/json",
                    |args| self.client.get_book(args),
                )
                .await;
            return result.map(Into::into);
        }
        if let Some(arguments) = TEMPLATE_2.matches(uri) {
            let result = runtime::read_resource(
                    uri,
                    arguments,
                    "application/json",
                    |args| self.client.list_books(args),
                )
                .await;
            return result.map(Into::into);
        }
        Err(runtime::unknown_resource(uri))
    }
}

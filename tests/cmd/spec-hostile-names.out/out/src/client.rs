//! One typed async function per operation of the API.
//!
//! Each function turns its arguments struct into a request (path segments,
//! query pairs in the parameter's style, headers, cookies and a JSON body)
//! and hands it to the shared upstream connection pool.
use crate::runtime::Upstream;
/// The API's operations over one upstream connection pool. Cloning is cheap.
#[derive(Clone)]
pub struct Client {
    upstream: Upstream,
}
impl Client {
    pub fn new(upstream: Upstream) -> Self {
        Client { upstream }
    }
    /// The upstream connection this client calls.
    pub fn upstream(&self) -> &Upstream {
        &self.upstream
    }
    /// No operationId: the name comes from the method and path
    ///
    /// GET /items/{id}
    pub async fn get_items_id(
        &self,
        args: crate::types::GetItemsIdArgs,
    ) -> Result<crate::runtime::ApiResponse, crate::runtime::CallError> {
        let mut request = crate::runtime::Request::new(::reqwest::Method::GET);
        request.push_path("/items/");
        request.path_param("id", &args.id, crate::runtime::Style::Simple, false)?;
        request.query("id", &args.id_query, crate::runtime::Style::Form, true)?;
        request.query("filter", &args.filter, crate::runtime::Style::DeepObject, true)?;
        request.header("X-Trace-Id", &args.x_trace_id)?;
        self.upstream.send(request).await
    }
    /// An operationId that is a Rust keyword
    ///
    /// POST /items/{id}
    ///
    ///operationId: `type`
    pub async fn type_(
        &self,
        args: crate::types::TypeArgs,
    ) -> Result<crate::runtime::ApiResponse, crate::runtime::CallError> {
        let mut request = crate::runtime::Request::new(::reqwest::Method::POST);
        request.push_path("/items/");
        request.path_param("id", &args.id, crate::runtime::Style::Simple, false)?;
        request.json_body("application/json", &args.body)?;
        self.upstream.send(request).await
    }
    /// Deprecated.
    ///
    /// DELETE /items/{id}
    pub async fn delete_items_id(
        &self,
        args: crate::types::DeleteItemsIdArgs,
    ) -> Result<crate::runtime::ApiResponse, crate::runtime::CallError> {
        let mut request = crate::runtime::Request::new(::reqwest::Method::DELETE);
        request.push_path("/items/");
        request.path_param("id", &args.id, crate::runtime::Style::Simple, false)?;
        self.upstream.send(request).await
    }
    /// PUT /items/{id}/self
    ///
    ///operationId: `do.the-thing/now`
    pub async fn do_the_thing_now(
        &self,
        args: crate::types::DoTheThingNowArgs,
    ) -> Result<crate::runtime::ApiResponse, crate::runtime::CallError> {
        let mut request = crate::runtime::Request::new(::reqwest::Method::PUT);
        request.push_path("/items/");
        request.path_param("id", &args.id, crate::runtime::Style::Simple, false)?;
        request.push_path("/self");
        request.cookie("session", &args.session)?;
        request.json_body("application/merge-patch+json", &args.body)?;
        self.upstream.send(request).await
    }
}

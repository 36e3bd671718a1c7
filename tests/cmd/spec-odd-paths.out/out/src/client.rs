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
    /// GET /a/{x},{y}
    pub async fn get_a_x_y(
        &self,
        args: crate::types::GetAXYArgs,
    ) -> Result<crate::runtime::ApiResponse, crate::runtime::CallError> {
        let mut request = crate::runtime::Request::new(::reqwest::Method::GET);
        request.push_path("/a/");
        request.path_param("x", &args.x, crate::runtime::Style::Simple, false)?;
        request.push_path(",");
        request.path_param("y", &args.y, crate::runtime::Style::Simple, false)?;
        self.upstream.send(request).await
    }
    /// POST /b/{Sid}.json
    pub async fn post_b_sid_json(
        &self,
        args: crate::types::PostBSidJsonArgs,
    ) -> Result<crate::runtime::ApiResponse, crate::runtime::CallError> {
        let mut request = crate::runtime::Request::new(::reqwest::Method::POST);
        request.push_path("/b/");
        request.path_param("Sid", &args.sid, crate::runtime::Style::Simple, false)?;
        request.push_path(".json");
        self.upstream.send(request).await
    }
    /// POST /c/{id}:batchUpdate
    pub async fn post_c_id_batch_update(
        &self,
        args: crate::types::PostCIdBatchUpdateArgs,
    ) -> Result<crate::runtime::ApiResponse, crate::runtime::CallError> {
        let mut request = crate::runtime::Request::new(::reqwest::Method::POST);
        request.push_path("/c/");
        request.path_param("id", &args.id, crate::runtime::Style::Simple, false)?;
        request.push_path(":batchUpdate");
        self.upstream.send(request).await
    }
    /// GET /d#frag
    pub async fn get_d_frag(
        &self,
        _args: crate::types::GetDFragArgs,
    ) -> Result<crate::runtime::ApiResponse, crate::runtime::CallError> {
        let mut request = crate::runtime::Request::new(::reqwest::Method::GET);
        request.push_path("/d");
        self.upstream.send(request).await
    }
    /// GET /e?beta=true
    pub async fn get_e_beta_true(
        &self,
        _args: crate::types::GetEBetaTrueArgs,
    ) -> Result<crate::runtime::ApiResponse, crate::runtime::CallError> {
        let mut request = crate::runtime::Request::new(::reqwest::Method::GET);
        request.push_path("/e");
        request.push_query("beta", "true");
        self.upstream.send(request).await
    }
    /// GET /f/{base}...{head}
    pub async fn get_f_base_head(
        &self,
        args: crate::types::GetFBaseHeadArgs,
    ) -> Result<crate::runtime::ApiResponse, crate::runtime::CallError> {
        let mut request = crate::runtime::Request::new(::reqwest::Method::GET);
        request.push_path("/f/");
        request.path_param("base", &args.base, crate::runtime::Style::Simple, false)?;
        request.push_path("...");
        request.path_param("head", &args.head, crate::runtime::Style::Simple, false)?;
        self.upstream.send(request).await
    }
}

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
    /// POST /echo/orders
    ///
    ///operationId: `placeOrder`
    pub async fn place_order(
        &self,
        args: crate::types::PlaceOrderArgs,
    ) -> Result<crate::runtime::ApiResponse, crate::runtime::CallError> {
        let mut request = crate::runtime::Request::new(::reqwest::Method::POST);
        request.push_path("/echo/orders");
        request.json_body("application/json", &args.body)?;
        self.upstream.send(request).await
    }
    /// GET /echo/orders/{orderId}
    ///
    ///operationId: `getOrder`
    pub async fn get_order(
        &self,
        args: crate::types::GetOrderArgs,
    ) -> Result<crate::runtime::ApiResponse, crate::runtime::CallError> {
        let mut request = crate::runtime::Request::new(::reqwest::Method::GET);
        request.push_path("/echo/orders/");
        request
            .path_param(
                "orderId",
                &args.order_id,
                crate::runtime::Style::Simple,
                false,
            )?;
        self.upstream.send(request).await
    }
    /// POST /echo/uploads
    ///
    ///operationId: `uploadBlob`
    pub async fn upload_blob(
        &self,
        args: crate::types::UploadBlobArgs,
    ) -> Result<crate::runtime::ApiResponse, crate::runtime::CallError> {
        let mut request = crate::runtime::Request::new(::reqwest::Method::POST);
        request.push_path("/echo/uploads");
        request.binary_body("application/octet-stream", &args.body)?;
        self.upstream.send(request).await
    }
    /// POST /echo/notes
    ///
    ///operationId: `addNote`
    pub async fn add_note(
        &self,
        args: crate::types::AddNoteArgs,
    ) -> Result<crate::runtime::ApiResponse, crate::runtime::CallError> {
        let mut request = crate::runtime::Request::new(::reqwest::Method::POST);
        request.push_path("/echo/notes");
        request.text_body("text/plain", &args.body)?;
        self.upstream.send(request).await
    }
    /// GET /raw/logo.png
    ///
    ///operationId: `getLogo`
    pub async fn get_logo(
        &self,
        _args: crate::types::GetLogoArgs,
    ) -> Result<crate::runtime::ApiResponse, crate::runtime::CallError> {
        let mut request = crate::runtime::Request::new(::reqwest::Method::GET);
        request.push_path("/raw/logo.png");
        self.upstream.send(request).await
    }
    /// GET /raw/report.csv
    ///
    ///operationId: `getReport`
    pub async fn get_report(
        &self,
        _args: crate::types::GetReportArgs,
    ) -> Result<crate::runtime::ApiResponse, crate::runtime::CallError> {
        let mut request = crate::runtime::Request::new(::reqwest::Method::GET);
        request.push_path("/raw/report.csv");
        self.upstream.send(request).await
    }
}

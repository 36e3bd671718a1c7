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
    /// GET /items
    ///
    ///operationId: `listItems`
    pub async fn list_items(
        &self,
        args: crate::types::ListItemsArgs,
    ) -> Result<crate::runtime::ApiResponse, crate::runtime::CallError> {
        let mut request = crate::runtime::Request::new(::reqwest::Method::GET);
        request.push_path("/items");
        request.query("tags", &args.tags, crate::runtime::Style::PipeDelimited, false)?;
        request.query("limit", &args.limit, crate::runtime::Style::Form, true)?;
        self.upstream.send(request).await
    }
    /// POST /items
    ///
    ///operationId: `createItem`
    pub async fn create_item(
        &self,
        args: crate::types::CreateItemArgs,
    ) -> Result<crate::runtime::ApiResponse, crate::runtime::CallError> {
        let mut request = crate::runtime::Request::new(::reqwest::Method::POST);
        request.push_path("/items");
        request.json_body("application/json", &args.body)?;
        self.upstream.send(request).await
    }
    /// POST /items/{itemId}/notes
    ///
    ///operationId: `addNote`
    pub async fn add_note(
        &self,
        args: crate::types::AddNoteArgs,
    ) -> Result<crate::runtime::ApiResponse, crate::runtime::CallError> {
        let mut request = crate::runtime::Request::new(::reqwest::Method::POST);
        request.push_path("/items/");
        request
            .path_param("itemId", &args.item_id, crate::runtime::Style::Simple, false)?;
        request.push_path("/notes");
        request.form_body(&args.body)?;
        self.upstream.send(request).await
    }
    /// PUT /items/{itemId}/photo
    ///
    ///operationId: `uploadPhoto`
    pub async fn upload_photo(
        &self,
        args: crate::types::UploadPhotoArgs,
    ) -> Result<crate::runtime::ApiResponse, crate::runtime::CallError> {
        let mut request = crate::runtime::Request::new(::reqwest::Method::PUT);
        request.push_path("/items/");
        request
            .path_param("itemId", &args.item_id, crate::runtime::Style::Simple, false)?;
        request.push_path("/photo");
        request.multipart_body(&args.body, &["photo"])?;
        self.upstream.send(request).await
    }
}

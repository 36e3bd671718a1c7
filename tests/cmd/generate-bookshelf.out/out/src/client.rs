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
    /// List every shelf in the library
    ///
    /// GET /shelves
    ///
    ///operationId: `listShelves`
    pub async fn list_shelves(
        &self,
        _args: crate::types::ListShelvesArgs,
    ) -> Result<crate::runtime::ApiResponse, crate::runtime::CallError> {
        let mut request = crate::runtime::Request::new(::reqwest::Method::GET);
        request.push_path("/shelves");
        self.upstream.send(request).await
    }
    /// Search the catalogue
    ///
    /// Returns books that match every filter given.
    ///
    /// GET /books
    ///
    ///operationId: `listBooks`
    pub async fn list_books(
        &self,
        args: crate::types::ListBooksArgs,
    ) -> Result<crate::runtime::ApiResponse, crate::runtime::CallError> {
        let mut request = crate::runtime::Request::new(::reqwest::Method::GET);
        request.push_path("/books");
        request.query("author", &args.author, crate::runtime::Style::Form, true)?;
        request.query("tags", &args.tags, crate::runtime::Style::Form, false)?;
        request.query("limit", &args.limit, crate::runtime::Style::Form, true)?;
        self.upstream.send(request).await
    }
    /// Add a book to the catalogue
    ///
    /// POST /books
    ///
    ///operationId: `createBook`
    pub async fn create_book(
        &self,
        args: crate::types::CreateBookArgs,
    ) -> Result<crate::runtime::ApiResponse, crate::runtime::CallError> {
        let mut request = crate::runtime::Request::new(::reqwest::Method::POST);
        request.push_path("/books");
        request.json_body("application/json", &args.body)?;
        self.upstream.send(request).await
    }
    /// Fetch one book
    ///
    /// GET /books/{bookId}
    ///
    ///operationId: `getBook`
    pub async fn get_book(
        &self,
        args: crate::types::GetBookArgs,
    ) -> Result<crate::runtime::ApiResponse, crate::runtime::CallError> {
        let mut request = crate::runtime::Request::new(::reqwest::Method::GET);
        request.push_path("/books/");
        request
            .path_param("bookId", &args.book_id, crate::runtime::Style::Simple, false)?;
        self.upstream.send(request).await
    }
    /// Replace a book's record
    ///
    /// PUT /books/{bookId}
    ///
    ///operationId: `updateBook`
    pub async fn update_book(
        &self,
        args: crate::types::UpdateBookArgs,
    ) -> Result<crate::runtime::ApiResponse, crate::runtime::CallError> {
        let mut request = crate::runtime::Request::new(::reqwest::Method::PUT);
        request.push_path("/books/");
        request
            .path_param("bookId", &args.book_id, crate::runtime::Style::Simple, false)?;
        request.json_body("application/json", &args.body)?;
        self.upstream.send(request).await
    }
    /// Remove a book from the catalogue
    ///
    /// DELETE /books/{bookId}
    ///
    ///operationId: `deleteBook`
    pub async fn delete_book(
        &self,
        args: crate::types::DeleteBookArgs,
    ) -> Result<crate::runtime::ApiResponse, crate::runtime::CallError> {
        let mut request = crate::runtime::Request::new(::reqwest::Method::DELETE);
        request.push_path("/books/");
        request
            .path_param("bookId", &args.book_id, crate::runtime::Style::Simple, false)?;
        self.upstream.send(request).await
    }
    /// Lend a book to a member
    ///
    /// POST /books/{bookId}/loans
    ///
    ///operationId: `lendBook`
    pub async fn lend_book(
        &self,
        args: crate::types::LendBookArgs,
    ) -> Result<crate::runtime::ApiResponse, crate::runtime::CallError> {
        let mut request = crate::runtime::Request::new(::reqwest::Method::POST);
        request.push_path("/books/");
        request
            .path_param("bookId", &args.book_id, crate::runtime::Style::Simple, false)?;
        request.push_path("/loans");
        request.header("X-Request-Id", &args.x_request_id)?;
        request.json_body("application/json", &args.body)?;
        self.upstream.send(request).await
    }
}

//! Types for the request data of Bookshelf API, generated from the spec's schemas.
//!
//! They type the arguments a model sends, so a call is checked before any
//! upstream request. Responses are passed on as the upstream sent them and
//! are not parsed into these types: an API that deviates from its spec must
//! not turn into a tool failure.
/// Arguments of `list_shelves`.
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListShelvesArgs {}
/// Arguments of `list_books`.
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListBooksArgs {
    /// Only books by this author.
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub author: ::std::option::Option<::std::string::String>,
    /// Only books carrying all of these tags.
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub tags: ::std::option::Option<::std::vec::Vec<::std::string::String>>,
    /// At most this many books.
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub limit: ::std::option::Option<i32>,
}
/// A book as submitted by a librarian.
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
pub struct NewBook {
    /// The full title.
    pub title: ::std::string::String,
    pub author: ::std::string::String,
    /// Year of first publication.
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub year: ::std::option::Option<i64>,
    #[serde(
        default,
        skip_serializing_if = "::std::option::Option::is_none",
        deserialize_with = "crate::runtime::absent_or_null"
    )]
    pub status: ::std::option::Option<::std::option::Option<Status>>,
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub tags: ::std::option::Option<::std::vec::Vec<::std::string::String>>,
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub series: ::std::option::Option<Series>,
}
/// Where the book is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ::serde::Serialize, ::serde::Deserialize)]
pub enum Status {
    #[serde(rename = "available")]
    Available,
    #[serde(rename = "on-loan")]
    OnLoan,
    #[serde(rename = "lost")]
    Lost,
}
/// A series of books; a series can continue another one.
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
pub struct Series {
    pub name: ::std::string::String,
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub continues: ::std::option::Option<::std::boxed::Box<Series>>,
}
/// Arguments of `create_book`.
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateBookArgs {
    pub body: NewBook,
}
/// Arguments of `get_book`.
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GetBookArgs {
    /// The book's catalogue id.
    #[serde(rename = "bookId")]
    pub book_id: ::std::string::String,
}
/// Arguments of `update_book`.
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateBookArgs {
    /// The book's catalogue id.
    #[serde(rename = "bookId")]
    pub book_id: ::std::string::String,
    pub body: NewBook,
}
/// Arguments of `delete_book`.
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeleteBookArgs {
    /// The book's catalogue id.
    #[serde(rename = "bookId")]
    pub book_id: ::std::string::String,
}
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
pub struct LendBookBody {
    /// The borrowing member's id.
    pub member: ::std::string::String,
    /// Length of the loan in days.
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub days: ::std::option::Option<i64>,
}
/// Arguments of `lend_book`.
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LendBookArgs {
    #[serde(rename = "bookId")]
    pub book_id: ::std::string::String,
    /// Echoed back by the library, for tracing.
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub x_request_id: ::std::option::Option<::std::string::String>,
    pub body: LendBookBody,
}

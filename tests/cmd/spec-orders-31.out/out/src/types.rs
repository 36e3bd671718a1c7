//! Types for the request data of Orders (OpenAPI 3.1), generated from the spec's schemas.
//!
//! They type the arguments a model sends, so a call is checked before any
//! upstream request. Responses are passed on as the upstream sent them and
//! are not parsed into these types: an API that deviates from its spec must
//! not turn into a tool failure.
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
pub struct Order {
    pub kind: OrderKind,
    pub quantity: i64,
    #[serde(
        default,
        skip_serializing_if = "::std::option::Option::is_none",
        deserialize_with = "crate::runtime::absent_or_null"
    )]
    pub note: ::std::option::Option<::std::option::Option<::std::string::String>>,
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub shipping: ::std::option::Option<Shipping>,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq, ::serde::Serialize, ::serde::Deserialize)]
pub enum OrderKind {
    #[serde(rename = "order")]
    Order,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq, ::serde::Serialize, ::serde::Deserialize)]
pub enum Shipping {
    #[serde(rename = "ground")]
    Ground,
    #[serde(rename = "air")]
    Air,
}
/// Arguments of `place_order`.
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceOrderArgs {
    pub body: Order,
}
/// Arguments of `get_order`.
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GetOrderArgs {
    #[serde(rename = "orderId")]
    pub order_id: i64,
}
/// Arguments of `upload_blob`.
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UploadBlobArgs {
    pub body: ::std::string::String,
}
/// Arguments of `add_note`.
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddNoteArgs {
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub body: ::std::option::Option<::std::string::String>,
}
/// Arguments of `get_logo`.
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GetLogoArgs {}
/// Arguments of `get_report`.
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GetReportArgs {}

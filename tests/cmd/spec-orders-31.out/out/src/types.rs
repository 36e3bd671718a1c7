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
    /// Card or bank transfer; anything else is refused.
    #[serde(
        default,
        skip_serializing_if = "::std::option::Option::is_none",
        deserialize_with = "crate::runtime::absent_or_null"
    )]
    pub payment: ::std::option::Option<::std::option::Option<OrderPayment>>,
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub reference: ::std::option::Option<OrderReference>,
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
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
pub struct Card {
    pub method: CardMethod,
    pub number: ::std::string::String,
    /// Properties the schema does not declare, kept as they came.
    #[serde(flatten)]
    pub additional_properties: ::serde_json::Map<
        ::std::string::String,
        ::serde_json::Value,
    >,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq, ::serde::Serialize, ::serde::Deserialize)]
pub enum CardMethod {
    #[serde(rename = "card")]
    Card,
}
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
pub struct Transfer {
    pub method: TransferMethod,
    pub iban: ::std::string::String,
    /// Properties the schema does not declare, kept as they came.
    #[serde(flatten)]
    pub additional_properties: ::serde_json::Map<
        ::std::string::String,
        ::serde_json::Value,
    >,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq, ::serde::Serialize, ::serde::Deserialize)]
pub enum TransferMethod {
    #[serde(rename = "transfer")]
    Transfer,
}
/// Card or bank transfer; anything else is refused.
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
#[serde(untagged)]
pub enum OrderPayment {
    Card(Card),
    Transfer(Transfer),
}
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
#[serde(untagged)]
pub enum OrderReference {
    String(::std::string::String),
    Integer(i64),
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

//! Types for the request data of Hostile "names" */ {{ x }} {% y %} #[z] r#"w", generated from the spec's schemas.
//!
//! They type the arguments a model sends, so a call is checked before any
//! upstream request. Responses are passed on as the upstream sent them and
//! are not parsed into these types: an API that deviates from its spec must
//! not turn into a tool failure.
/// Arguments of `get_items_id`.
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GetItemsIdArgs {
    pub id: i64,
    /// Same name as the path parameter, different location.
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub id_query: ::std::option::Option<::std::string::String>,
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub x_trace_id: ::std::option::Option<::std::string::String>,
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub filter: ::std::option::Option<
        ::std::collections::BTreeMap<::std::string::String, ::std::string::String>,
    >,
}
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
pub struct Option {
    #[serde(rename = "type")]
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub type_: ::std::option::Option<::std::string::String>,
    #[serde(rename = "self")]
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub self_: ::std::option::Option<::std::string::String>,
    #[serde(rename = "@id")]
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub id: ::std::option::Option<::std::string::String>,
    #[serde(rename = "id")]
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub id_2: ::std::option::Option<::std::string::String>,
    #[serde(rename = "+1")]
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub _1: ::std::option::Option<i64>,
    #[serde(rename = "-1")]
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub _1_2: ::std::option::Option<i64>,
    #[serde(rename = "String")]
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub string: ::std::option::Option<String>,
    #[serde(rename = "Vec")]
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub vec: ::std::option::Option<::std::vec::Vec<Result>>,
}
/// A schema named String "quoted" */
#[derive(Debug, Clone, Copy, PartialEq, Eq, ::serde::Serialize, ::serde::Deserialize)]
pub enum String {
    #[serde(rename = "in-transit")]
    InTransit,
    #[serde(rename = "1st")]
    V1st,
    #[serde(rename = "+1")]
    Plus1,
    #[serde(rename = "-1")]
    Minus1,
    #[serde(rename = "")]
    Empty,
    #[serde(rename = "Self")]
    Self_,
    #[serde(rename = r#""}"#)]
    V,
}
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
pub struct Result {
    pub ok: bool,
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub next: ::std::option::Option<::std::boxed::Box<Result>>,
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub children: ::std::option::Option<::std::vec::Vec<Result>>,
}
/// Arguments of `type`.
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeArgs {
    pub id: i64,
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub body: ::std::option::Option<Option>,
}
/// Arguments of `delete_items_id`.
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeleteItemsIdArgs {
    pub id: i64,
}
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
pub struct Box {
    #[serde(rename = "type")]
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub type_: ::std::option::Option<::std::string::String>,
    #[serde(rename = "self")]
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub self_: ::std::option::Option<::std::string::String>,
    #[serde(rename = "@id")]
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub id: ::std::option::Option<::std::string::String>,
    #[serde(rename = "id")]
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub id_2: ::std::option::Option<::std::string::String>,
    #[serde(rename = "+1")]
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub _1: ::std::option::Option<i64>,
    #[serde(rename = "-1")]
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub _1_2: ::std::option::Option<i64>,
    #[serde(rename = "String")]
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub string: ::std::option::Option<String>,
    #[serde(rename = "Vec")]
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub vec: ::std::option::Option<::std::vec::Vec<Result>>,
    #[serde(rename = "fn")]
    #[serde(
        default,
        skip_serializing_if = "::std::option::Option::is_none",
        deserialize_with = "crate::runtime::absent_or_null"
    )]
    pub fn_: ::std::option::Option<::std::option::Option<::std::string::String>>,
}
/// Arguments of `do_the_thing_now`.
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DoTheThingNowArgs {
    pub id: ::std::string::String,
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub session: ::std::option::Option<::std::string::String>,
    pub body: Box,
}

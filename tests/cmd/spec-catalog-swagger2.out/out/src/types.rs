//! Types for the request data of Catalog (Swagger 2.0), generated from the spec's schemas.
//!
//! They type the arguments a model sends, so a call is checked before any
//! upstream request. Responses are passed on as the upstream sent them and
//! are not parsed into these types: an API that deviates from its spec must
//! not turn into a tool failure.
/// Arguments of `list_items`.
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListItemsArgs {
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub tags: ::std::option::Option<::std::vec::Vec<::std::string::String>>,
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub limit: ::std::option::Option<i64>,
}
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
pub struct Item {
    pub name: ::std::string::String,
    #[serde(
        default,
        skip_serializing_if = "::std::option::Option::is_none",
        deserialize_with = "crate::runtime::absent_or_null"
    )]
    pub color: ::std::option::Option<::std::option::Option<ItemColor>>,
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub parent: ::std::option::Option<::std::boxed::Box<Item>>,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq, ::serde::Serialize, ::serde::Deserialize)]
pub enum ItemColor {
    #[serde(rename = "red")]
    Red,
    #[serde(rename = "green")]
    Green,
}
/// Arguments of `create_item`.
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateItemArgs {
    pub body: Item,
}
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
pub struct AddNoteBody {
    pub note: ::std::string::String,
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub priority: ::std::option::Option<i64>,
}
/// Arguments of `add_note`.
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddNoteArgs {
    #[serde(rename = "itemId")]
    pub item_id: ::std::string::String,
    pub body: AddNoteBody,
}
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
pub struct UploadPhotoBody {
    pub photo: ::std::string::String,
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub caption: ::std::option::Option<::std::string::String>,
}
/// Arguments of `upload_photo`.
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UploadPhotoArgs {
    #[serde(rename = "itemId")]
    pub item_id: ::std::string::String,
    pub body: UploadPhotoBody,
}

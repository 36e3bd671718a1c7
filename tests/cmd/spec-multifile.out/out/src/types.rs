//! Types for the request data of Multi-file pets, generated from the spec's schemas.
//!
//! They type the arguments a model sends, so a call is checked before any
//! upstream request. Responses are passed on as the upstream sent them and
//! are not parsed into these types: an API that deviates from its spec must
//! not turn into a tool failure.
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
pub struct Pet {
    pub name: ::std::string::String,
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub owner: ::std::option::Option<Owner>,
}
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
pub struct Owner {
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub name: ::std::option::Option<::std::string::String>,
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub pets: ::std::option::Option<::std::vec::Vec<Pet>>,
}
/// Arguments of `add_pet`.
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddPetArgs {
    pub body: Pet,
}
/// Arguments of `get_pet`.
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GetPetArgs {
    #[serde(rename = "petId")]
    pub pet_id: ::std::string::String,
}

//! Types for the request data of Odd paths, generated from the spec's schemas.
//!
//! They type the arguments a model sends, so a call is checked before any
//! upstream request. Responses are passed on as the upstream sent them and
//! are not parsed into these types: an API that deviates from its spec must
//! not turn into a tool failure.
/// Arguments of `get_a_x_y`.
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GetAXYArgs {
    pub x: ::std::string::String,
    pub y: ::std::string::String,
}
/// Arguments of `post_b_sid_json`.
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostBSidJsonArgs {
    #[serde(rename = "Sid")]
    pub sid: ::std::string::String,
}
/// Arguments of `post_c_id_batch_update`.
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostCIdBatchUpdateArgs {
    pub id: ::std::string::String,
}
/// Arguments of `get_d_frag`.
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GetDFragArgs {}
/// Arguments of `get_e_beta_true`.
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GetEBetaTrueArgs {}
/// Arguments of `get_f_base_head`.
#[derive(Debug, Clone, ::serde::Serialize, ::serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GetFBaseHeadArgs {
    pub base: ::std::string::String,
    pub head: ::std::string::String,
}

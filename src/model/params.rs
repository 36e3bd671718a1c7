//! Parameters: where they go, their OpenAPI style, and the argument
//! fields they become; and the ways the config names an operation.

use openapiv3::{Parameter, PathItem, QueryStyle};

use super::names::tool_name;
use super::types::Field;
use super::{Body, Method, Param, ParamLocation, ParamStyle};
use crate::config::OperationKey;
use crate::normalize::COLLECTION_FORMAT;

/// The tool name an operation gets when nothing renames it.
pub(super) fn default_name(path: &str, method: Method, op: &openapiv3::Operation) -> String {
    tool_name(
        op.operation_id.as_deref(),
        &method.as_str().to_lowercase(),
        path,
    )
}

/// The ways the config can name an operation.
pub(super) fn operation_key<'b>(
    path: &'b str,
    method: Method,
    op: &'b openapiv3::Operation,
    default: &'b str,
) -> OperationKey<'b> {
    OperationKey {
        operation_id: op.operation_id.as_deref(),
        tool_name: default,
        method: method.as_str(),
        path,
        tags: &op.tags,
    }
}

pub(super) const PATH_METHODS: &[(&str, Method)] = &[
    ("get", Method::Get),
    ("put", Method::Put),
    ("post", Method::Post),
    ("delete", Method::Delete),
    ("options", Method::Options),
    ("head", Method::Head),
    ("patch", Method::Patch),
    ("trace", Method::Trace),
];

pub(super) fn operation_of(item: &PathItem, method: Method) -> Option<&openapiv3::Operation> {
    match method {
        Method::Get => item.get.as_ref(),
        Method::Put => item.put.as_ref(),
        Method::Post => item.post.as_ref(),
        Method::Delete => item.delete.as_ref(),
        Method::Options => item.options.as_ref(),
        Method::Head => item.head.as_ref(),
        Method::Patch => item.patch.as_ref(),
        Method::Trace => item.trace.as_ref(),
    }
}

pub(super) fn location_of(p: &Parameter) -> ParamLocation {
    match p {
        Parameter::Path { .. } => ParamLocation::Path,
        Parameter::Query { .. } => ParamLocation::Query,
        Parameter::Header { .. } => ParamLocation::Header,
        Parameter::Cookie { .. } => ParamLocation::Cookie,
    }
}

pub(super) fn location_word(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

/// The style and its default `explode`, per the OpenAPI 3.0 rules; a
/// parameter with JSON `content` is one JSON text.
pub(super) fn style_of(p: &Parameter) -> (ParamStyle, bool) {
    let data = p.parameter_data_ref();
    if let openapiv3::ParameterSchemaOrContent::Content(content) = &data.format
        && content.keys().any(|m| super::media::is_json(m))
    {
        return (ParamStyle::Json, false);
    }
    match data
        .extensions
        .get(COLLECTION_FORMAT)
        .and_then(|f| f.as_str())
    {
        Some("ssv") => return (ParamStyle::SpaceDelimited, false),
        Some("pipes") => return (ParamStyle::PipeDelimited, false),
        Some("tsv") => return (ParamStyle::TabDelimited, false),
        _ => {}
    }
    match p {
        Parameter::Path { style, .. } => match style {
            openapiv3::PathStyle::Matrix => (ParamStyle::Matrix, false),
            openapiv3::PathStyle::Label => (ParamStyle::Label, false),
            openapiv3::PathStyle::Simple => (ParamStyle::Simple, false),
        },
        Parameter::Query { style, .. } => match style {
            QueryStyle::Form => (ParamStyle::Form, true),
            QueryStyle::SpaceDelimited => (ParamStyle::SpaceDelimited, false),
            QueryStyle::PipeDelimited => (ParamStyle::PipeDelimited, false),
            QueryStyle::DeepObject => (ParamStyle::DeepObject, true),
        },
        Parameter::Header { .. } => (ParamStyle::Simple, false),
        Parameter::Cookie { .. } => (ParamStyle::Form, true),
    }
}

/// Names that are safe as a JSON property, an RFC 6570 variable and across
/// every client's argument-name rules.
pub(super) fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

pub(super) fn arg_names_taken(params: &[Param], base: &str) -> bool {
    params.iter().any(|p| p.arg_name == base) || base == "body"
}

pub(super) fn args_fields(params: &[Param], body: Option<&Body>) -> Vec<Field> {
    let mut fields: Vec<Field> = params
        .iter()
        .map(|p| Field {
            rust_name: p.rust_name.clone(),
            wire_name: p.arg_name.clone(),
            ty: p.ty.clone(),
            required: p.required,
            nullable: false,
            boxed: false,
            description: p.description.clone(),
        })
        .collect();
    if let Some(body) = body {
        fields.push(Field {
            rust_name: body.rust_name.clone(),
            wire_name: body.arg_name.clone(),
            ty: body.ty.clone(),
            required: body.required,
            nullable: false,
            boxed: false,
            description: body.description.clone(),
        });
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parameter(yaml: &str) -> Parameter {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn styles_and_explode_default_per_location() {
        let cases = [
            (
                "{name: a, in: path, required: true, schema: {type: string}}",
                (ParamStyle::Simple, false),
            ),
            (
                "{name: a, in: query, schema: {type: string}}",
                (ParamStyle::Form, true),
            ),
            (
                "{name: a, in: query, style: deepObject, schema: {type: object}}",
                (ParamStyle::DeepObject, true),
            ),
            (
                "{name: a, in: query, style: pipeDelimited, schema: {type: array}}",
                (ParamStyle::PipeDelimited, false),
            ),
            (
                "{name: a, in: header, schema: {type: string}}",
                (ParamStyle::Simple, false),
            ),
            (
                "{name: a, in: cookie, schema: {type: string}}",
                (ParamStyle::Form, true),
            ),
        ];
        for (yaml, expected) in cases {
            assert_eq!(style_of(&parameter(yaml)), expected, "{yaml}");
        }
        let matrix =
            parameter("{name: a, in: path, required: true, style: matrix, schema: {type: string}}");
        assert_eq!(
            (location_word(location_of(&matrix)), style_of(&matrix)),
            ("path", (ParamStyle::Matrix, false))
        );
    }

    #[test]
    fn plain_names_suit_json_uri_templates_and_clients() {
        assert!(is_plain_name("page_size2"));
        for name in ["", "a-b", "a.b", "ä", &"x".repeat(65)] {
            assert!(!is_plain_name(name), "{name}");
        }
    }
}

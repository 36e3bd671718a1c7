//! The typed client and its types: one function per operation, and the
//! serde types of the type store, as the templates print them.

use heck::ToShoutySnakeCase;

use super::view::*;
use super::{description, lines};
use crate::model::types::{Field, IntWidth, TypeDef, TypeKind, TypeRef, TypeSpace};
use crate::model::{Operation, Param, ParamLocation};

pub(super) fn operation(types: &TypeSpace, op: &Operation) -> OperationView {
    let param_view = |p: &Param| ParamView {
        wire_name: p.wire_name.clone(),
        argument: p.arg_name.clone(),
        location: match p.location {
            ParamLocation::Path => "Path",
            ParamLocation::Query => "Query",
            ParamLocation::Header => "Header",
            ParamLocation::Cookie => "Cookie",
        },
        style: p.style,
        explode: p.explode,
    };
    let path_pieces = op
        .path_parts
        .iter()
        .map(|part| PathPieceView {
            literal: part.literal.clone(),
            param: part.param.map(|index| param_view(&op.params[index])),
        })
        .collect();
    let mut doc_lines = lines(Some(&description(op)));
    if let Some(id) = &op.operation_id {
        doc_lines.push(String::new());
        doc_lines.push(format!(" operationId: `{id}`"));
    }
    OperationView {
        cfg: None,
        name: op.name.clone(),
        fn_name: op.rust_name.clone(),
        table: table_name(op),
        args_type: types.get(op.args_type).name.clone(),
        method: op.method.as_str(),
        path: op.path.clone(),
        doc_lines,
        path_pieces,
        fixed_query: op.fixed_query.clone(),
        params: op
            .params
            .iter()
            .filter(|p| p.location != ParamLocation::Path)
            .map(param_view)
            .collect(),
        body: op.body.as_ref().map(|b| BodyView {
            argument: b.arg_name.clone(),
            media_type: b.media_type.clone(),
            encoding: b.encoding,
            parts: b.parts.clone(),
        }),
        security: Vec::new(),
        server: op.server.clone(),
        expected: {
            let mut all: Vec<String> = op
                .responses
                .iter()
                .filter(|r| r.status.starts_with('2'))
                .flat_map(|r| r.media_types.iter().cloned())
                .collect();
            all.sort();
            all.dedup();
            all
        },
    }
}

/// The name of an operation's request table (`GET_BOOK`): a `static`, so
/// its function name in upper case, without a raw identifier's `r#`.
pub(super) fn table_name(op: &Operation) -> String {
    op.rust_name.trim_start_matches("r#").to_shouty_snake_case()
}

pub(super) fn type_view(types: &TypeSpace, def: &TypeDef) -> TypeView {
    let mut view = TypeView {
        cfg: None,
        name: def.name.clone(),
        doc_lines: lines(def.description.as_deref()),
        kind: TypeKindView::Alias,
        fields: Vec::new(),
        variants: Vec::new(),
        target: String::new(),
        union_variants: Vec::new(),
        extra_field: def.extra_field.clone(),
    };
    match &def.kind {
        TypeKind::Struct(fields) => {
            view.kind = TypeKindView::Struct;
            view.fields = fields.iter().map(|f| field_view(types, f)).collect();
        }
        TypeKind::Enum(variants) => {
            view.kind = TypeKindView::Enum;
            view.variants = variants
                .iter()
                .map(|v| VariantView {
                    name: v.rust_name.clone(),
                    wire_name: v.wire_name.clone(),
                })
                .collect();
        }
        TypeKind::Alias(target) => view.target = rust_type(types, target),
        TypeKind::Union(variants) => {
            view.kind = TypeKindView::Union;
            view.union_variants = variants
                .iter()
                .map(|v| {
                    let ty = rust_type(types, &v.ty);
                    UnionVariantView {
                        name: v.rust_name.clone(),
                        ty: if v.boxed {
                            format!("::std::boxed::Box<{ty}>")
                        } else {
                            ty
                        },
                    }
                })
                .collect();
        }
        TypeKind::Pending => view.target = "::serde_json::Value".into(),
    }
    view
}

fn field_view(types: &TypeSpace, field: &Field) -> FieldView {
    let mut ty = rust_type(types, &field.ty);
    if field.boxed {
        ty = format!("::std::boxed::Box<{ty}>");
    }
    if field.is_optional() {
        ty = format!("::std::option::Option<{ty}>");
    }
    // Absent and `null` differ for an optional nullable field (`null` often
    // clears a value), so it keeps both: `None`, `Some(None)`, `Some(Some(_))`.
    if !field.required && field.nullable {
        ty = format!("::std::option::Option<{ty}>");
    }
    FieldView {
        rename: (field.rust_name != field.wire_name).then(|| field.wire_name.clone()),
        name: field.rust_name.clone(),
        ty,
        optional: !field.required,
        doc_lines: lines(field.description.as_deref()),
    }
}

/// The Rust spelling of a type. Standard library paths are fully qualified,
/// so a schema named `Option` or `Vec` cannot shadow them.
fn rust_type(types: &TypeSpace, ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "::std::string::String".into(),
        TypeRef::Integer(IntWidth::I32) => "i32".into(),
        TypeRef::Integer(IntWidth::I64) => "i64".into(),
        TypeRef::Number => "f64".into(),
        TypeRef::Boolean => "bool".into(),
        TypeRef::Json => "::serde_json::Value".into(),
        TypeRef::Array(item) => format!("::std::vec::Vec<{}>", rust_type(types, item)),
        TypeRef::Map(value) => format!(
            "::std::collections::BTreeMap<::std::string::String, {}>",
            rust_type(types, value)
        ),
        TypeRef::Named(id) => types.get(*id).name.clone(),
    }
}

//! What an operation becomes: a resource or resource template, a tool, or
//! both; and the warnings when that may surprise the user.

use super::GetAs;
use crate::config::Kind;
use crate::model::types::{TypeKind, TypeRef, TypeSpace};
use crate::model::{Method, Operation, ParamLocation};

/// What an operation becomes in the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Exposure {
    /// A resource, or a resource template when it takes parameters.
    pub resource: bool,
    /// A tool.
    pub tool: bool,
    /// A GET that is both, of which the server's `--get-as` chooses what
    /// clients see; `get_as` is only the default then.
    pub switchable: bool,
}

impl Exposure {
    const fn fixed(resource: bool, tool: bool) -> Self {
        Exposure {
            resource,
            tool,
            switchable: false,
        }
    }
}

/// What an operation becomes. Settings from `x-mcp` or `mcp-gen.toml` win
/// where they can be honoured; surprising outcomes are reported in
/// `warnings`, judged by `get_as`, the server's default.
pub(super) fn exposure(
    types: &TypeSpace,
    op: &Operation,
    get_as: GetAs,
    warnings: &mut Vec<String>,
) -> Exposure {
    let what = format!("{} {}", op.method.as_str(), op.path);
    // A URI carries text: an operation with a body, a required header or
    // cookie, or an object parameter can only be called as a tool.
    let fits_a_uri = op.body.is_none()
        && op.params.iter().all(|p| match p.location {
            ParamLocation::Header | ParamLocation::Cookie => !p.required,
            ParamLocation::Path | ParamLocation::Query => !is_object(types, &p.ty),
        });
    let is_get = op.method == Method::Get;
    match op.settings.kind {
        Some(Kind::Skip) => {
            if is_get {
                warnings.push(format!("{what} is left out of MCP, as its settings ask"));
            }
            return Exposure::fixed(false, false);
        }
        Some(Kind::Tool) => {
            if is_get && get_as != GetAs::Tools {
                warnings.push(format!("{what} is remapped to a tool, as its settings ask"));
            }
            return Exposure::fixed(false, true);
        }
        Some(kind @ (Kind::Resource | Kind::Template)) if fits_a_uri => {
            match (kind, has_uri_params(op)) {
                (Kind::Resource, true) => warnings.push(format!(
                    "{what} becomes a resource template, not a plain resource, since it takes parameters"
                )),
                (Kind::Template, false) => warnings.push(format!(
                    "{what} becomes a plain resource, not a template, since it takes no parameters"
                )),
                _ => {}
            }
            if !is_get {
                warnings.push(format!(
                    "{what} is exposed as a resource, as its settings ask: every read sends a {}",
                    op.method.as_str()
                ));
            }
            return Exposure::fixed(true, false);
        }
        Some(Kind::Resource | Kind::Template) => {
            warnings.push(format!(
                "{what} cannot be a resource (a URI cannot carry its body, required headers or object parameters); it stays a tool"
            ));
            return Exposure::fixed(false, true);
        }
        None => {}
    }
    if !is_get || !fits_a_uri {
        return Exposure::fixed(false, true);
    }
    if get_as != GetAs::Tools
        && let Some(word) = mutating_word(op.operation_id.as_deref(), &op.path)
    {
        warnings.push(format!(
            "{what} looks like it changes state (`{word}`), yet a GET becomes a resource that hosts may read without asking; if it does, set `kind = \"tool\"` for it in mcp-gen.toml or x-mcp"
        ));
    }
    Exposure {
        resource: true,
        tool: true,
        switchable: true,
    }
}

/// The verb that makes a GET look like it mutates. An operationId names
/// the action, so when there is one it alone decides, by its first word
/// (of its last dotted part: msgraph writes `users.calendar.GetSet`). Only
/// without one does the last literal path segment stand in: a path is
/// mostly nouns, and `/terms/{id}/set` names a term's set, not an action.
pub(super) fn mutating_word(operation_id: Option<&str>, path: &str) -> Option<String> {
    const VERBS: &[&str] = &[
        "add", "approve", "archive", "cancel", "create", "delete", "disable", "enable", "execute",
        "insert", "purge", "remove", "reset", "restart", "revoke", "run", "send", "set", "start",
        "stop", "trigger", "update", "upsert",
    ];
    let first_word = |text: &str| {
        crate::model::names::snake_ident(text, "")
            .split('_')
            .next()
            .unwrap_or("")
            .to_string()
    };
    let word = match operation_id {
        Some(id) => first_word(id.rsplit('.').next().unwrap_or(id)),
        None => first_word(
            path.rsplit('/')
                .find(|s| !s.is_empty() && !s.starts_with('{'))
                .unwrap_or(""),
        ),
    };
    VERBS.contains(&word.as_str()).then_some(word)
}

/// A value that is a JSON object, which URI template text cannot express.
/// Free-form values are read from the text as JSON, so they stay in URIs.
pub(super) fn is_object(types: &TypeSpace, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Map(_) => true,
        TypeRef::Array(item) => is_object(types, item),
        TypeRef::Named(id) => match &types.get(*id).kind {
            TypeKind::Struct(_) | TypeKind::Pending => true,
            TypeKind::Alias(inner) => is_object(types, inner),
            TypeKind::Union(variants) => variants.iter().any(|v| is_object(types, &v.ty)),
            TypeKind::Enum(_) => false,
        },
        _ => false,
    }
}

pub(super) fn has_uri_params(op: &Operation) -> bool {
    op.params
        .iter()
        .any(|p| matches!(p.location, ParamLocation::Path | ParamLocation::Query))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_get_mutates_by_its_operation_id_or_else_its_path() {
        let word = mutating_word;
        assert_eq!(
            word(Some("archiveTask"), "/tasks/{id}"),
            Some("archive".into())
        );
        assert_eq!(
            word(Some("users.terms.SetDefault"), "/x"),
            Some("set".into())
        );
        // A noun at the end of the path does not count when an id names the action.
        assert_eq!(word(Some("terms.GetSet"), "/terms/{id}/set"), None);
        assert_eq!(word(None, "/tasks/{id}/archive"), Some("archive".into()));
        assert_eq!(word(None, "/tasks/{id}"), None);
    }
}

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
    // URIs end up in logs, caches and histories: a GET that takes a secret
    // in its path or query is a tool only.
    if let Some(secret) = op.params.iter().find(|p| {
        matches!(p.location, ParamLocation::Path | ParamLocation::Query)
            && p.ty == TypeRef::String
            && is_secret(&p.wire_name)
    }) {
        warnings.push(format!(
            "{what} takes `{}`, which looks like a secret, so it is a tool only, never a resource: URIs get logged and cached",
            secret.wire_name
        ));
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
/// the action, so when there is one it alone decides: by its first word (of
/// its last dotted part: msgraph writes `users.calendar.GetSet`) or else its
/// last (Slack writes `auth_revoke`), unless any word is one of reading
/// (`get`, `list`, `watch`, ...).
/// Only without one does the last literal path segment stand in: a path is
/// mostly nouns, and `/terms/{id}/set` names a term's set, not an action.
pub(super) fn mutating_word(operation_id: Option<&str>, path: &str) -> Option<String> {
    const VERBS: &[&str] = &[
        "activate",
        "add",
        "approve",
        "archive",
        "assign",
        "ban",
        "block",
        "cancel",
        "clear",
        "close",
        "create",
        "deactivate",
        "decline",
        "delete",
        "destroy",
        "disable",
        "dismiss",
        "enable",
        "execute",
        "flush",
        "follow",
        "grant",
        "increment",
        "insert",
        "kill",
        "lock",
        "logout",
        "mark",
        "merge",
        "pause",
        "publish",
        "purge",
        "reboot",
        "reject",
        "remove",
        "rename",
        "reset",
        "restart",
        "resume",
        "retry",
        "revoke",
        "rotate",
        "run",
        "send",
        "set",
        "shutdown",
        "signout",
        "start",
        "stop",
        "submit",
        "subscribe",
        "terminate",
        "trigger",
        "unassign",
        "unblock",
        "unfollow",
        "unlock",
        "unpublish",
        "unsubscribe",
        "update",
        "upsert",
        "vote",
    ];
    const READS: &[&str] = &[
        "check", "count", "describe", "download", "export", "fetch", "find", "get", "head",
        "inspect", "list", "lookup", "query", "read", "retrieve", "search", "show", "view",
        "watch",
    ];
    let words = |text: &str| -> Vec<String> {
        crate::model::names::snake_ident(text, "")
            .split('_')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let verb = |word: &String| VERBS.contains(&word.as_str()).then(|| word.clone());
    match operation_id {
        Some(id) => {
            let words = words(id.rsplit('.').next().unwrap_or(id));
            if words.iter().any(|w| READS.contains(&w.as_str())) {
                return None;
            }
            verb(words.first()?).or_else(|| words.last().and_then(verb))
        }
        None => {
            let segment = path
                .rsplit('/')
                .find(|s| !s.is_empty() && !s.starts_with('{'))
                .unwrap_or("");
            words(segment).first().and_then(verb)
        }
    }
}

/// Whether a parameter name looks like it carries a secret: it ends in
/// password, secret, API key, or token other than a page cursor (`PageToken`,
/// `next_token`), in any case or separator style. A name that goes on
/// (`secret_name`, `token_id`) names something about a secret, not one.
pub(super) fn is_secret(name: &str) -> bool {
    const CURSORS: &[&str] = &[
        "continuation",
        "cursor",
        "delta",
        "next",
        "skip",
        "page",
        "pagination",
        "prev",
        "previous",
        "start",
        "starting",
        "sync",
    ];
    let snake = crate::model::names::snake_ident(name, "");
    let words: Vec<&str> = snake.split('_').filter(|w| !w.is_empty()).collect();
    match words.as_slice() {
        [.., "api", "key"] => true,
        [before @ .., "token"] => !before.iter().any(|w| CURSORS.contains(w)),
        [.., last] => matches!(
            *last,
            "password" | "passwd" | "passphrase" | "secret" | "apikey"
        ),
        [] => false,
    }
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

    #[test]
    fn the_mutation_heuristic_over_corpus_operations() {
        // (operationId, path, the verb flagged), from ../shared/specs.
        let table = [
            (Some("logoutUser"), "/user/logout", Some("logout")), // petstore3
            (Some("auth_revoke"), "/auth.revoke", Some("revoke")), // slack-web
            (Some("loginUser"), "/user/login", None),             // petstore3
            (Some("invite_resolve"), "/invites/{code}", None),    // discord
            (
                Some("actions/get-workflow-run"),
                "/repos/{owner}/{repo}/actions/runs/{run_id}",
                None,
            ), // github-rest
            (
                Some("repos/download-zipball-archive"),
                "/repos/{owner}/{repo}/zipball/{ref}",
                None,
            ), // github-rest
            (
                Some("watchAppsV1NamespacedStatefulSet"),
                "/apis/apps/v1/watch/namespaces/{namespace}/statefulsets/{name}",
                None,
            ), // kubernetes
            (
                Some("users.calendar.GetSet"),
                "/users/{id}/calendar/set",
                None,
            ), // msgraph style
            (None, "/user/logout", Some("logout")),
        ];
        for (id, path, expected) in table {
            assert_eq!(
                mutating_word(id, path).as_deref(),
                expected,
                "{id:?} {path}"
            );
        }
    }

    #[test]
    fn the_secret_parameter_rule_over_corpus_names() {
        // Parameter names from ../shared/specs: secrets, then names about them.
        for name in [
            "password",
            "token",
            "client_secret",
            "webhook_token",
            "access_token",
            "api_key",
            "X-Api-Key",
            "apiKey",
        ] {
            assert!(is_secret(name), "{name}");
        }
        for name in [
            "PageToken",
            "next_token",
            "skipToken",
            "secret_name",
            "token_id",
            "api_key_ids",
            "tokenLifetimePolicy-id",
            "secret_type",
            "username",
        ] {
            assert!(!is_secret(name), "{name}");
        }
    }
}

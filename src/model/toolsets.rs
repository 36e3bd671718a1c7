//! Toolsets: the groups by which a generated server enables its tools
//! (`--toolsets`, `X-MCP-Toolsets`), decided once here.
//!
//! A toolset is a tag, named in kebab case (`Pull Requests` is
//! `pull-requests`); an operation with several tags is in each, and one
//! without tags is in the toolset of its first path segment. `[toolsets]` in
//! `mcp-gen.toml` renames them (several tags renamed to one name merge) and
//! chooses the ones enabled by default.

use std::path::Path;

use super::{Operation, PathPart};
use crate::config::{ToolsetsConfig, nearest};
use crate::error::{Error, Location, Result};

/// One toolset of the API.
#[derive(Debug, Clone)]
pub struct Toolset {
    /// Its name on the command line and in headers: lowercase ASCII letters,
    /// digits and `-`.
    pub name: String,
    /// The tags (or path segments) it gathers, as the spec writes them.
    pub sources: Vec<String>,
    /// Enabled when the server is started without `--toolsets`.
    pub default: bool,
}

/// Sets each operation's toolsets and returns every toolset, in the order
/// of first use.
///
/// # Errors
///
/// [`Error::Spec`] in the config when a new name is not a toolset name, or
/// `default` names a toolset that does not exist.
pub(super) fn plan(
    operations: &mut [Operation],
    config: &ToolsetsConfig,
    config_file: &Path,
) -> Result<Vec<Toolset>> {
    let error = |pointer: &str, message: String, help: &str| {
        Error::spec(
            config_file,
            Location::Pointer(pointer.into()),
            message,
            help,
        )
    };
    for (from, to) in &config.rename {
        if kebab(to) != *to {
            return Err(error(
                &format!("/toolsets/rename/{}", crate::pointer::escape(from)),
                format!("`{to}` is not a toolset name"),
                "use lowercase ASCII letters, digits and single `-`s",
            ));
        }
    }
    let mut all: Vec<Toolset> = Vec::new();
    for op in operations.iter_mut() {
        let sources: Vec<String> = match op.tags.is_empty() {
            false => op.tags.clone(),
            true => vec![first_segment(&op.path_parts)],
        };
        let mut names: Vec<String> = Vec::new();
        for source in sources {
            let derived = kebab(&source);
            let name = config
                .rename
                .get(&source)
                .or_else(|| config.rename.get(&derived))
                .cloned()
                .unwrap_or(derived);
            match all.iter_mut().find(|t| t.name == name) {
                Some(t) if !t.sources.contains(&source) => t.sources.push(source),
                Some(_) => {}
                None => all.push(Toolset {
                    name: name.clone(),
                    sources: vec![source],
                    default: true,
                }),
            }
            if !names.contains(&name) {
                names.push(name);
            }
        }
        op.toolsets = names;
    }
    if let Some(default) = &config.default {
        let known: Vec<&str> = all.iter().map(|t| t.name.as_str()).collect();
        for (i, name) in default.iter().enumerate() {
            if !known.contains(&name.as_str()) {
                let hint = nearest(name, &known)
                    .map(|n| format!(" (did you mean `{n}`?)"))
                    .unwrap_or_default();
                return Err(error(
                    &format!("/toolsets/default/{i}"),
                    format!("`{name}` is not a toolset of this API{hint}"),
                    "name toolsets as the generated README lists them",
                ));
            }
        }
        for toolset in &mut all {
            toolset.default = default.contains(&toolset.name);
        }
    }
    Ok(all)
}

/// The first literal segment of a path (`/repos/{owner}` gives `repos`),
/// or `other` when the path starts with a placeholder or has none.
fn first_segment(parts: &[PathPart]) -> String {
    parts
        .first()
        .and_then(|p| p.literal.split('/').find(|s| !s.is_empty()))
        .filter(|s| !kebab(s).is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| "other".into())
}

/// ASCII words, lowercase, joined by `-`; `other` when none is left.
pub(crate) fn kebab(text: &str) -> String {
    let name = heck::AsKebabCase(
        text.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
            .collect::<String>(),
    )
    .to_string();
    if name.is_empty() {
        "other".into()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toolset_names_are_kebab_case_words() {
        assert_eq!(kebab("Pull Requests"), "pull-requests");
        assert_eq!(kebab("git"), "git");
        assert_eq!(kebab("users.user"), "users-user");
        assert_eq!(kebab("日本"), "other");
    }

    #[test]
    fn untagged_operations_take_their_first_segment() {
        let parts = |literal: &str| {
            vec![PathPart {
                literal: literal.into(),
                param: None,
            }]
        };
        assert_eq!(first_segment(&parts("/repos/")), "repos");
        assert_eq!(first_segment(&parts("/")), "other");
        assert_eq!(first_segment(&[]), "other");
    }
}

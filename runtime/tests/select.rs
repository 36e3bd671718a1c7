//! The selection of tools: toolsets, names, exclusions and read-only, from
//! the server's flags and narrowed by HTTP headers.

use mcp_gen_runtime::runtime::{Item, Selection};
use reqwest::header::{HeaderMap, HeaderValue};

const TOOLSETS: &[&str] = &["repos", "issues", "users"];
const TOOLS: &[&str] = &["get_repo", "delete_repo", "create_issue", "get_user"];

fn items() -> [Item<'static>; 4] {
    [
        Item {
            name: "get_repo",
            toolsets: &["repos"],
            read_only: true,
        },
        Item {
            name: "delete_repo",
            toolsets: &["repos"],
            read_only: false,
        },
        Item {
            name: "create_issue",
            toolsets: &["issues", "repos"],
            read_only: false,
        },
        Item {
            name: "get_user",
            toolsets: &["users"],
            read_only: true,
        },
    ]
}

fn flags(toolsets: Option<&str>, tools: &str, excluded: &str, read_only: bool) -> Selection {
    let list = |s: &str| {
        if s.is_empty() {
            vec![]
        } else {
            vec![s.to_string()]
        }
    };
    let toolsets = toolsets.map(|t| vec![t.to_string()]);
    Selection::from_flags(
        toolsets.as_deref(),
        Some(&["repos", "issues"]),
        &list(tools),
        &list(excluded),
        read_only,
        TOOLSETS,
        TOOLS,
    )
    .unwrap()
}

fn visible(selection: &Selection) -> Vec<&'static str> {
    items()
        .iter()
        .filter(|i| selection.allows(i))
        .map(|i| i.name)
        .collect()
}

#[test]
fn flags_choose_by_toolset_name_and_mutation() {
    // No flags: the default toolsets.
    assert_eq!(
        visible(&flags(None, "", "", false)),
        ["get_repo", "delete_repo", "create_issue"]
    );
    assert_eq!(visible(&flags(Some("all"), "", "", false)).len(), 4);
    // An operation in several toolsets is in each.
    assert_eq!(
        visible(&flags(Some("issues"), "", "", false)),
        ["create_issue"]
    );
    // --tools alone shows just those; with --toolsets, those too.
    assert_eq!(visible(&flags(None, "get_user", "", false)), ["get_user"]);
    assert_eq!(
        visible(&flags(Some("issues"), "get_user", "", false)),
        ["create_issue", "get_user"]
    );
    assert_eq!(
        visible(&flags(Some("all"), "", "delete_repo", false)),
        ["get_repo", "create_issue", "get_user"]
    );
    // --read-only wins over everything.
    assert_eq!(
        visible(&flags(Some("all"), "delete_repo", "", true)),
        ["get_repo", "get_user"]
    );
}

#[test]
fn unknown_names_are_refused_with_the_known_ones() {
    let error = Selection::from_flags(
        Some(&["repo".into()]),
        None,
        &[],
        &[],
        false,
        TOOLSETS,
        TOOLS,
    )
    .unwrap_err();
    assert_eq!(
        error,
        "--toolsets: `repo` is not a toolset; the toolsets are all, repos, issues, users"
    );
    let error = Selection::from_flags(None, None, &[], &["nope".into()], false, TOOLSETS, TOOLS)
        .unwrap_err();
    assert_eq!(
        error,
        "--exclude-tools: `nope` is not a tool of this server"
    );
}

fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.append(*name, HeaderValue::from_static(value));
    }
    map
}

#[test]
fn headers_narrow_and_never_widen() {
    let server = flags(Some("repos,issues"), "", "delete_repo", false);
    assert_eq!(visible(&server.narrowed(&headers(&[]))), visible(&server));
    let narrowed = server.narrowed(&headers(&[("X-MCP-Toolsets", "issues")]));
    assert_eq!(visible(&narrowed), ["create_issue"]);
    // `users` and `delete_repo` stay hidden whatever the headers say.
    let widened = server.narrowed(&headers(&[
        ("X-MCP-Toolsets", "all"),
        ("X-MCP-Tools", "get_user,delete_repo"),
    ]));
    assert_eq!(visible(&widened), ["get_repo", "create_issue"]);
    let read_only = server.narrowed(&headers(&[("X-MCP-Readonly", "true")]));
    assert_eq!(visible(&read_only), ["get_repo"]);
    let tools = server.narrowed(&headers(&[
        ("X-MCP-Tools", "get_repo"),
        ("x-mcp-tools", "create_issue"),
    ]));
    assert_eq!(visible(&tools), ["get_repo", "create_issue"]);
}

#[test]
fn a_refusal_names_what_would_enable_the_tool() {
    let [get_repo, delete_repo, create_issue, get_user] = items();
    let server = flags(Some("repos,issues"), "", "delete_repo", false);
    assert_eq!(server.refusal(&get_repo), None);
    assert_eq!(
        server.refusal(&get_user).unwrap(),
        "the tool `get_user` is in the toolset `users`, which is not enabled: add it to --toolsets, or name the tool in --tools"
    );
    assert_eq!(
        server.refusal(&delete_repo).unwrap(),
        "the tool `delete_repo` is excluded by --exclude-tools"
    );
    let read_only = server.narrowed(&headers(&[("X-MCP-Readonly", "1")]));
    assert_eq!(
        read_only.refusal(&create_issue).unwrap(),
        "the tool `create_issue` changes data, and the X-MCP-Readonly header allows only read-only tools"
    );
    let narrowed = server.narrowed(&headers(&[("X-MCP-Toolsets", "issues")]));
    assert!(
        narrowed
            .refusal(&get_repo)
            .unwrap()
            .contains("the X-MCP-Toolsets header")
    );
    let flags_read_only = flags(Some("all"), "", "", true);
    assert!(
        flags_read_only
            .refusal(&delete_repo)
            .unwrap()
            .contains("--read-only allows only read-only tools")
    );
}

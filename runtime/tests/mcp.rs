//! What the MCP side of a server is made of: RFC 6570 resource templates
//! matched back to arguments, completions, prompts, and API responses
//! turned into results.

use mcp_gen_runtime::runtime::{
    ApiResponse, Completion, CompletionRef, Kind, Piece, UriTemplate, complete, fill_prompt,
};
use rmcp::model::{JsonObject, Reference};
use serde_json::{Value, json};

/// `shop://stores/{store}/items/{id}{?tags,limit,open}`.
const ITEMS: UriTemplate = UriTemplate {
    pieces: &[
        Piece::Literal("shop://stores/"),
        Piece::Var("store", Kind::Text),
        Piece::Literal("/items/"),
        Piece::Var("id", Kind::Integer),
    ],
    query: &[
        ("tags", Kind::TextList),
        ("limit", Kind::Integer),
        ("open", Kind::Boolean),
    ],
    schema: r#"{"type":"object","properties":{"limit":{"type":"integer","maximum":50}}}"#,
};

fn arguments(value: Value) -> JsonObject {
    value.as_object().unwrap().clone()
}

#[test]
fn a_uri_matches_its_template_and_yields_typed_arguments() {
    let matched =
        ITEMS.matches("shop://stores/a%20b/items/7?tags=x,y&tags=z&limit=5&open=true&other=1");
    assert_eq!(
        matched,
        Some(Ok(arguments(
            json!({"store": "a b", "id": 7, "tags": ["x", "y", "z"], "limit": 5, "open": true})
        )))
    );
    assert_eq!(
        ITEMS.matches("shop://stores/s/items/7"),
        Some(Ok(arguments(json!({"store": "s", "id": 7}))))
    );
}

#[test]
fn a_uri_of_another_shape_does_not_match() {
    for uri in [
        "shop://stores/s/items/",
        "shop://stores/s/x/items/7",
        "shop://stores/s/items/7/more",
        "shop://stores//items/7",
        "other://stores/s/items/7",
    ] {
        assert_eq!(ITEMS.matches(uri), None, "{uri}");
    }
}

#[test]
fn a_matching_uri_with_a_mistyped_value_is_an_error() {
    let error = ITEMS
        .matches("shop://stores/s/items/seven")
        .unwrap()
        .unwrap_err();
    assert_eq!(error, "`id` must be an integer, not `seven`");
    let error = ITEMS
        .matches("shop://stores/s/items/7?open=yes")
        .unwrap()
        .unwrap_err();
    assert_eq!(error, "`open` must be `true` or `false`, not `yes`");
    // A whole-number float is the integer it equals; a fraction is not.
    assert_eq!(
        ITEMS.matches("shop://stores/s/items/7.0?limit=5.0"),
        Some(Ok(arguments(json!({"store": "s", "id": 7, "limit": 5}))))
    );
    let error = ITEMS
        .matches("shop://stores/s/items/7.5")
        .unwrap()
        .unwrap_err();
    assert_eq!(error, "`id` must be an integer, not `7.5`");
}

#[test]
fn template_arguments_are_checked_against_its_schema() {
    let fine = arguments(json!({"limit": 50}));
    assert_eq!(ITEMS.check(fine.clone()), Ok(fine));
    let error = ITEMS.check(arguments(json!({"limit": 51}))).unwrap_err();
    assert_eq!(
        error,
        "invalid argument `limit`: must be at most 50, not 51"
    );
}

const COMPLETIONS: &[Completion] = &[
    Completion {
        reference: CompletionRef::Template("shop://items{?state}"),
        argument: "state",
        values: &["open", "Closed", "on-hold"],
    },
    Completion {
        reference: CompletionRef::Prompt("triage"),
        argument: "state",
        values: &["urgent"],
    },
];

#[test]
fn completions_filter_by_prefix_ignoring_case() {
    let template = Reference::for_resource("shop://items{?state}");
    let all = complete(COMPLETIONS, &template, "state", "");
    assert_eq!(all.values, ["open", "Closed", "on-hold"]);
    assert_eq!((all.total, all.has_more), (Some(3), Some(false)));
    assert_eq!(
        complete(COMPLETIONS, &template, "state", "O").values,
        ["open", "on-hold"]
    );
    assert_eq!(
        complete(COMPLETIONS, &template, "state", "cl").values,
        ["Closed"]
    );
    let prompt = Reference::for_prompt("triage");
    assert_eq!(
        complete(COMPLETIONS, &prompt, "state", "").values,
        ["urgent"]
    );
}

#[test]
fn completions_of_unknown_references_and_arguments_are_empty() {
    let cases = [
        (Reference::for_prompt("shop://items{?state}"), "state"),
        (Reference::for_resource("shop://other{?state}"), "state"),
        (Reference::for_resource("shop://items{?state}"), "owner"),
        (Reference::for_prompt("unknown"), "state"),
    ];
    for (reference, argument) in cases {
        let info = complete(COMPLETIONS, &reference, argument, "");
        assert!(info.values.is_empty(), "{reference:?} {argument}");
        assert_eq!(info.total, Some(0));
    }
}

#[test]
fn completions_stop_at_the_hundred_values_mcp_allows() {
    let many: &'static [&'static str] = Box::leak(
        (0..150)
            .map(|i| &*format!("v{i}").leak())
            .collect::<Vec<&str>>()
            .into_boxed_slice(),
    );
    let table = [Completion {
        reference: CompletionRef::Prompt("p"),
        argument: "a",
        values: many,
    }];
    let info = complete(&table, &Reference::for_prompt("p"), "a", "v");
    assert_eq!(info.values.len(), 100);
    assert_eq!((info.total, info.has_more), (Some(150), Some(true)));
}

#[test]
fn prompts_fill_placeholders_and_require_their_required_arguments() {
    let text = "Summarize {topic}{tone}. Quote ids as {{id}}.";
    let names = [("topic", true), ("tone", false)];
    let given = arguments(json!({"topic": "travel", "tone": ", briefly"}));
    assert_eq!(
        fill_prompt(text, &names, Some(&given)).unwrap(),
        "Summarize travel, briefly. Quote ids as {id}."
    );
    let bare = arguments(json!({"topic": 3}));
    assert_eq!(
        fill_prompt(text, &names, Some(&bare)).unwrap(),
        "Summarize 3. Quote ids as {id}."
    );
    let error = fill_prompt(text, &names, None).unwrap_err();
    assert!(
        error.message.contains("missing prompt argument `topic`"),
        "{}",
        error.message
    );
}

fn response(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
    expected: &'static [&'static str],
) -> ApiResponse {
    ApiResponse {
        status: reqwest::StatusCode::from_u16(status).unwrap(),
        content_type: content_type.map(str::to_string),
        link: None,
        body: body.to_vec(),
        truncated: false,
        expected,
    }
}

fn text_of(result: &rmcp::model::CallToolResult) -> String {
    result.content[0]
        .as_text()
        .map(|t| t.text.clone())
        .unwrap_or_default()
}

#[test]
fn a_json_object_success_is_text_and_structured_content() {
    let result = response(
        200,
        Some("application/json"),
        br#"{"id":1}"#,
        &["application/json"],
    )
    .into_tool_result();
    assert_eq!(result.is_error, Some(false));
    assert_eq!(text_of(&result), r#"{"id":1}"#);
    assert_eq!(result.structured_content, Some(json!({"id": 1})));
    let list = response(200, Some("application/json"), b"[1]", &[]).into_tool_result();
    assert_eq!(list.structured_content, None);
}

#[test]
fn errors_and_broken_successes_are_error_results_that_say_why() {
    let not_found =
        response(404, Some("application/json"), br#"{"message":"no"}"#, &[]).into_tool_result();
    assert_eq!(not_found.is_error, Some(true));
    assert_eq!(
        text_of(&not_found),
        "HTTP 404 Not Found\n{\"message\":\"no\"}"
    );
    let html = response(
        200,
        Some("text/html"),
        b"<p>login</p>",
        &["application/json"],
    )
    .into_tool_result();
    assert!(
        text_of(&html)
            .contains("answered with `text/html`, but the spec promises `application/json`")
    );
    let broken = response(200, Some("application/json"), b"{", &[]).into_tool_result();
    assert!(text_of(&broken).starts_with("the API sent malformed JSON"));
    // A structured-syntax suffix counts as the media type it extends.
    let problem = response(
        200,
        Some("application/problem+json"),
        b"{}",
        &["application/json"],
    );
    assert_eq!(problem.problem(), None);
    let mut cut = response(200, Some("text/plain"), b"abc", &[]);
    cut.truncated = true;
    assert!(
        cut.problem()
            .unwrap()
            .contains("longer than the server's limit of 3 bytes")
    );
}

#[test]
fn get_as_chooses_what_clients_see_of_a_switchable_get() {
    use mcp_gen_runtime::runtime::GetAs;
    let cases = [
        (GetAs::Resources, false, true),
        (GetAs::Tools, true, false),
        (GetAs::Both, true, true),
    ];
    for (mode, tool, resource) in cases {
        assert_eq!(
            (mode.shows_tool(true), mode.shows_resource(true)),
            (tool, resource),
            "{mode:?}"
        );
        // What is only ever a tool or a resource is always shown.
        assert!(mode.shows_tool(false) && mode.shows_resource(false));
    }
    let text = "Intro.\n\u{1}H\u{2}\n\u{1}H\u{2}Reads:\n\u{1}Tget_book\u{2}- tool `get_book`: Fetch\n\u{1}Rget_book\u{2}- resource template `x://books/{{id}}`: Fetch\n\u{1}H\u{2}\n\u{1}H\u{2}Changes:\n\u{1}Adelete_book\u{2}- tool `delete_book`: Remove\n\n{task}";
    let all = |_: &str| true;
    assert_eq!(
        GetAs::Resources.prompt_text(text, all).unwrap(),
        "Intro.\n\nReads:\n- resource template `x://books/{{id}}`: Fetch\n\nChanges:\n- tool `delete_book`: Remove\n\n{task}"
    );
    assert_eq!(
        GetAs::Tools.prompt_text(text, all).unwrap(),
        "Intro.\n\nReads:\n- tool `get_book`: Fetch\n\nChanges:\n- tool `delete_book`: Remove\n\n{task}"
    );
    assert_eq!(
        GetAs::Both
            .prompt_text(text, all)
            .unwrap()
            .matches("- ")
            .count(),
        3
    );
    // The selection hides lines, and a heading with nothing left under it.
    assert_eq!(
        GetAs::Both
            .prompt_text(text, |name| name != "delete_book")
            .unwrap(),
        "Intro.\n\nReads:\n- tool `get_book`: Fetch\n- resource template `x://books/{{id}}`: Fetch\n\n{task}"
    );
    // A prompt about nothing visible is not offered; one without items is.
    assert_eq!(GetAs::Both.prompt_text(text, |_| false), None);
    assert_eq!(
        GetAs::Tools.prompt_text("Plain {x}", |_| false).as_deref(),
        Some("Plain {x}")
    );
}

//! `search_operations` ranks by words and by meaning.

use mcp_gen_runtime::runtime::{Catalog, Paging, Selection, ToolDef};

const fn tool(name: &'static str, description: &'static str, endpoint: &'static str) -> ToolDef {
    ToolDef {
        name,
        title: None,
        description,
        input_schema: r#"{"type":"object","properties":{}}"#,
        read_only: false,
        destructive: false,
        idempotent: false,
        open_world: true,
        switchable: false,
        toolsets: &["default"],
        endpoint,
        response: "",
        output_schema: "",
        jq: false,
        paging: Paging::None,
        page_size: None,
        oauth_scopes: &[],
    }
}

static TOOLS: [ToolDef; 5] = [
    tool("create_transfer", "Create a transfer", "POST /transfers"),
    tool("list_transfers", "List transfers", "GET /transfers"),
    tool(
        "skip_to_next_track",
        "Skip to next track",
        "POST /me/player/next",
    ),
    tool(
        "set_playback_volume",
        "Set the playback volume",
        "PUT /me/player/volume",
    ),
    tool(
        "get_weather_forecast",
        "Get the weather forecast",
        "GET /forecast",
    ),
];

static CATALOG: Catalog = Catalog::new(&TOOLS);

fn first(query: &str) -> String {
    let found = CATALOG.search(query, None, 5, &Selection::default());
    found["operations"][0]["name"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_default()
}

#[test]
fn a_task_without_a_word_of_the_operation_finds_it_by_meaning() {
    // No word is shared, nor related by the word lists: only the vectors
    // of "rain" and "tomorrow" lead to the forecast.
    assert_eq!(first("rain tomorrow"), "get_weather_forecast");
}

#[test]
fn a_task_unrelated_to_the_api_finds_nothing() {
    let found = CATALOG.search("banana bread recipe", None, 5, &Selection::default());
    assert_eq!(found["operations"], serde_json::json!([]));
}

#[test]
fn a_toolset_is_searched_by_meaning_past_the_nearest_elsewhere() {
    // 120 operations nearer "rain tomorrow" than the one of the toolset
    // asked for: it must still be found by meaning within its toolset.
    let mut tools: Vec<ToolDef> = (0..120)
        .map(|i| ToolDef {
            toolsets: &["forecasts"],
            ..tool(
                leak(format!("get_rainfall_forecast_{i}")),
                "Get the rainfall forecast",
                "GET /forecast",
            )
        })
        .collect();
    tools.push(ToolDef {
        toolsets: &["precipitation"],
        ..tool(
            "get_precipitation_forecast",
            "Get the precipitation forecast",
            "GET /precipitation",
        )
    });
    let catalog = Catalog::new(Box::leak(tools.into_boxed_slice()));
    let found = catalog.search(
        "rain tomorrow",
        Some("precipitation"),
        5,
        &Selection::default(),
    );
    assert_eq!(found["operations"][0]["name"], "get_precipitation_forecast");
}

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

#[test]
fn an_operation_found_both_ways_is_listed_once() {
    let found = CATALOG.search("transfer the track", None, 50, &Selection::default());
    let mut names: Vec<&str> = found["operations"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|op| op["name"].as_str())
        .collect();
    let all = names.len();
    names.sort_unstable();
    names.dedup();
    assert!(all > 1);
    assert_eq!(names.len(), all);
}

//! Every environment variable a generated server reads has a name of its
//! own: credentials never share one with the server's settings, its server
//! variables, or each other.

use std::collections::HashSet;
use std::path::PathBuf;

use mcp_gen::{MapOptions, Options, plan};

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Clash, version: '1'}
servers:
  - url: https://{region}.example.com
    variables: {region: {default: eu}}
security: [{mcp: []}, {base_url: []}, {a-b: []}, {a_b: []}, {server_region: []}]
paths:
  /x:
    post: {operationId: x, responses: {'200': {description: ok}}}
components:
  securitySchemes:
    mcp: {type: http, scheme: bearer}
    base_url: {type: apiKey, in: header, name: X-Key}
    a-b: {type: http, scheme: basic}
    a_b: {type: http, scheme: basic}
    server_region: {type: apiKey, in: query, name: key}
"#;

#[test]
fn colliding_variable_names_get_a_suffix_and_a_warning() {
    let dir = std::env::temp_dir().join(format!("mcp-gen-env-names-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("clash.yaml");
    std::fs::write(&spec, SPEC).unwrap();
    let options = Options {
        spec,
        spec_root: None,
        config: None,
        output: PathBuf::from("never-written"),
        map: MapOptions::default(),
        force: false,
        strict: false,
        check: true,
    };
    let (view, _) = plan(&options).unwrap();
    let names = |key: &str| -> Vec<String> {
        let scheme = view.schemes.iter().find(|s| s.key == key).unwrap();
        scheme.env.iter().map(|v| v.name.clone()).collect()
    };
    // The server's own MCP_TOKEN and BASE_URL, and its --server-region
    // variable, keep their names; the schemes move aside.
    assert_eq!(names("mcp"), ["CLASH_MCP_2_TOKEN"]);
    assert_eq!(names("base_url"), ["CLASH_BASE_URL_2"]);
    assert_eq!(view.server_vars[0].env, "CLASH_SERVER_REGION");
    assert_eq!(names("server_region"), ["CLASH_SERVER_REGION_2"]);
    // Two keys with the same SHOUTY_SNAKE form.
    assert_eq!(names("a-b"), ["CLASH_A_B_USERNAME", "CLASH_A_B_PASSWORD"]);
    assert_eq!(
        names("a_b"),
        ["CLASH_A_B_2_USERNAME", "CLASH_A_B_2_PASSWORD"]
    );
    let all: Vec<String> = view
        .schemes
        .iter()
        .flat_map(|s| s.env.iter().map(|v| v.name.clone()))
        .collect();
    assert_eq!(all.len(), all.iter().collect::<HashSet<_>>().len());
    let moved = view
        .warnings
        .iter()
        .filter(|w| w.contains("its usual variable names are taken"))
        .count();
    assert_eq!(moved, 4, "{:#?}", view.warnings);
    let _ = std::fs::remove_dir_all(dir);
}

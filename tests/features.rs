//! APIs above 2,000 operations get one cargo feature per tag (msgraph).
//! A tag prompt names tools of every operation with that tag; it must only
//! exist when all of their features are built.

use std::fmt::Write as _;
use std::path::PathBuf;

use mcp_gen::{MapOptions, Options, plan};

#[test]
fn a_tag_prompt_needs_the_features_of_every_tool_it_names() {
    // 1,001 operations tagged `alpha`, 1,001 tagged `beta` first and
    // `alpha` second: the `alpha` prompt names tools of both features.
    let mut spec = String::from("openapi: 3.0.3\ninfo: {title: Wide, version: '1'}\npaths:\n");
    for i in 0..2002 {
        let tags = if i < 1001 { "[alpha]" } else { "[beta, alpha]" };
        writeln!(
            spec,
            "  /op{i}:\n    post: {{operationId: op{i}, tags: {tags}, responses: {{'200': {{description: ok}}}}}}"
        )
        .unwrap();
    }
    let dir = std::env::temp_dir().join(format!("mcp-gen-features-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("wide.yaml");
    std::fs::write(&path, spec).unwrap();
    let options = Options {
        spec: path,
        spec_root: None,
        config: None,
        output: PathBuf::from("never-written"),
        map: MapOptions::default(),
        force: false,
        strict: false,
        check: true,
    };
    let (view, _) = plan(&options).unwrap();
    let cfg_of = |name: &str| {
        view.prompts
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("no prompt {name}"))
            .cfg
            .clone()
    };
    assert_eq!(
        cfg_of("alpha_guide").as_deref(),
        Some(r#"all(feature = "alpha", feature = "beta")"#)
    );
    assert_eq!(cfg_of("beta_guide").as_deref(), Some(r#"feature = "beta""#));
    let _ = std::fs::remove_dir_all(dir);
}

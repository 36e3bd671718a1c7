//! Arbitrary bytes through `load::parse`, `normalize::normalize` and
//! `model::build` with the default configuration.
#![no_main]

use std::collections::HashMap;
use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file = Path::new("fuzz.yaml");
    let Ok(doc) = mcp_gen::load::parse(file, data) else {
        return;
    };
    let Ok((openapi, _warnings)) = mcp_gen::normalize::normalize(doc) else {
        return;
    };
    let _ = mcp_gen::model::build(
        file,
        &openapi,
        &mcp_gen::config::Config::default(),
        Path::new("mcp-gen.toml"),
        &HashMap::new(),
    );
});

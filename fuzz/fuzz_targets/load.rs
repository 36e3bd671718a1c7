//! Arbitrary bytes through `load::parse`, which detects JSON or YAML from
//! the content: it must return a document or an error, never panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = mcp_gen::load::parse(Path::new("fuzz.yaml"), data);
});

//! Arbitrary bytes through `load::parse`, then `normalize::normalize`.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = mcp_gen::load::parse(Path::new("fuzz.yaml"), data) {
        let _ = mcp_gen::normalize::normalize(doc);
    }
});

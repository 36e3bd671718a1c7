//! Snapshot tests of the command line: each `tests/cmd/*.toml` is one run,
//! with its arguments, expected output and exit code; `.in`/`.out`
//! directories are the working directory before and after. Regenerate with
//! `TRYCMD=overwrite cargo test --test cli`, then read every diff.
//!
//! trycmd normalizes path separators in `.out` files, so every `\` of the
//! generated code appears as `/` in the snapshots (`'\n'` reads `'/n'`). The
//! build test compiles the real, unnormalized output.

#[test]
fn cli() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}

//! Inputs that fuzzing (see `fuzz/README.md`) found interesting, kept as
//! regression cases: every file under `tests/fuzz-regressions/` (or, for a
//! case that references other files, the `spec.*` in a directory there) runs
//! through `mcp-gen CASE -o OUT`, which must
//!
//! - not panic: exit status other than 101, no "panicked" on standard error;
//! - exit 0 (generated) or 1 (a problem in the spec);
//! - on 1, start standard error with `error: ` and leave no `OUT` behind;
//! - finish within two minutes.
//!
//! Cases run one after another; a failure names every case that broke.

use std::path::{Path, PathBuf};

mod common;

use common::{Scratch, run};

/// The cases: files, and the `spec.*` of directories.
fn cases() -> Vec<(String, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("read tests/fuzz-regressions") {
        let path = entry.expect("a directory entry").path();
        let name = path
            .file_name()
            .expect("a file name")
            .to_string_lossy()
            .into_owned();
        if name.starts_with('.') || name == "README.md" {
            continue;
        }
        let spec = if path.is_dir() {
            std::fs::read_dir(&path)
                .expect("read a case directory")
                .map(|e| e.expect("a directory entry").path())
                .find(|p| p.file_stem().is_some_and(|s| s == "spec"))
                .unwrap_or_else(|| panic!("{name}/ has no spec.* file"))
        } else {
            path
        };
        cases.push((name, spec));
    }
    cases.sort();
    cases
}

/// Runs one case; the problem with it, if any.
fn check(spec: &Path, out: &Path) -> Result<(), String> {
    let result = run(spec, out)?;
    let stderr = result.stderr;
    let first = stderr.lines().next().unwrap_or("");
    match result.code {
        _ if stderr.contains("panicked") => Err(format!("panicked: {stderr}")),
        Some(0) => Ok(()),
        Some(1) if !stderr.starts_with("error: ") => Err(format!(
            "exit 1, but standard error does not start with `error: `: {stderr}"
        )),
        Some(1) if result.output_left => {
            Err(format!("exit 1, but {} was left behind", out.display()))
        }
        Some(1) => Ok(()),
        Some(code) => Err(format!("exit {code}: {first}")),
        None => Err(format!("killed by a signal: {first}")),
    }
}

#[test]
fn fuzz_regressions_never_panic_and_fail_cleanly() {
    let scratch = Scratch::new("fuzz-regressions");
    let cases = cases();
    assert!(!cases.is_empty(), "tests/fuzz-regressions/ has no cases");
    let mut failures = Vec::new();
    for (i, (name, spec)) in cases.iter().enumerate() {
        let out = scratch.0.join(format!("out-{i}"));
        if let Err(problem) = check(spec, &out) {
            failures.push(format!("{name}: {problem}"));
        }
        let _ = std::fs::remove_dir_all(&out);
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

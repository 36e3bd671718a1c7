//! Inputs that fuzzing (see `fuzz/README.md`) found interesting, kept as
//! regression cases: every file under `tests/fuzz-regressions/` (or, for a
//! case that references other files, the `spec.*` in a directory there) runs
//! through `mcp-gen CASE -o OUT`, which must
//!
//! - not panic: exit status other than 101, no "panicked" on standard error;
//! - exit 0 (generated) or 1 (a problem in the spec);
//! - on 1, start standard error with `error: ` and leave no `OUT` behind;
//! - finish within [`TIMEOUT`].
//!
//! Cases run one after another; a failure names every case that broke.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_mcp-gen");

/// Longer than any case takes, even in a debug build on a slow machine.
const TIMEOUT: Duration = Duration::from_secs(120);

/// A scratch directory, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Self {
        let dir =
            std::env::temp_dir().join(format!("mcp-gen-fuzz-regressions-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create a scratch directory");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

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
    let mut child = Command::new(BIN)
        .arg(spec)
        .arg("-o")
        .arg(out)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {BIN}: {e}"))?;
    // Read stderr on a thread, so a chatty child cannot block on a full pipe.
    let mut pipe = child.stderr.take().expect("stderr is piped");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut pipe, &mut text);
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("still running after {TIMEOUT:?}; killed"));
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let stderr = reader.join().unwrap_or_default();
    let first = stderr.lines().next().unwrap_or("");
    match status.code() {
        _ if stderr.contains("panicked") => Err(format!("panicked: {stderr}")),
        Some(0) => Ok(()),
        Some(1) if !stderr.starts_with("error: ") => Err(format!(
            "exit 1, but standard error does not start with `error: `: {stderr}"
        )),
        Some(1) if out.exists() => Err(format!("exit 1, but {} was left behind", out.display())),
        Some(1) => Ok(()),
        Some(code) => Err(format!("exit {code}: {first}")),
        None => Err(format!("killed by a signal ({status}): {first}")),
    }
}

#[test]
fn fuzz_regressions_never_panic_and_fail_cleanly() {
    let scratch = Scratch::new();
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

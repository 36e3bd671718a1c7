//! The malformed-spec suite: every spec under `tests/malformed/` (listed with
//! its expectation in `tests/malformed/cases.tsv`), and a few generated ones
//! too large to check in, must be refused cleanly, or, where a client can do
//! without the broken part, generate with a warning.
//!
//! A case whose expectation starts with `warning: ` must exit with status 0
//! and print a `warning: ` line that names the file and contains the rest.
//! For every other case, `mcp-gen CASE -o OUT` must
//!
//! - exit with status 1 (a problem in the spec): no panic, no crash;
//! - print, as the first line of standard error, one `error: ` line that
//!   names the file and a location (`at /json/pointer`, `at the document
//!   root`, or `line L, column C`), containing the case's expected text;
//!   a second line, if any, is `  help: ...`;
//! - leave no `OUT` behind.
//!
//! Cases run one after another; a failure names every case that broke.

use std::path::{Path, PathBuf};

mod common;

use common::{Run, Scratch, run};

/// Every way `run` breaks the rules, for a case read from `spec`.
fn violations(spec: &Path, run: &Run, expected: &str) -> Vec<String> {
    if let Some(warning) = expected.strip_prefix("warning: ") {
        return repaired(spec, run, warning);
    }
    let mut found = Vec::new();
    match run.code {
        Some(1) => {}
        Some(101) => found.push("exit code 101: mcp-gen panicked".into()),
        Some(code) => found.push(format!("exit code {code}, expected 1")),
        None => found.push("killed by a signal (a crash or a stack overflow?)".into()),
    }
    if run.stderr.contains("panicked") {
        found.push("standard error mentions a panic".into());
    }
    if run.output_left {
        found.push("the output directory exists afterwards".into());
    }
    let mut lines = run.stderr.lines();
    let first = lines.next().unwrap_or("");
    let name = spec.display().to_string();
    match first.strip_prefix("error: ") {
        None => found.push(format!(
            "the first line does not start with `error: `: {first:?}"
        )),
        Some(rest) => match rest.strip_prefix(&name).and_then(|r| r.strip_prefix(": ")) {
            None => found.push(format!(
                "the first line does not start with the file name `{name}: `: {first:?}"
            )),
            Some(rest) => {
                if !starts_with_location(rest) {
                    found.push(format!(
                        "the file name is not followed by a location (`at /...`, `at the document root`, `line L, column C`): {first:?}"
                    ));
                }
            }
        },
    }
    if !first.contains(expected) {
        found.push(format!("the first line lacks {expected:?}: {first:?}"));
    }
    if let Some(second) = lines.next()
        && !second.starts_with("  help: ")
    {
        found.push(format!("the second line is not `  help: ...`: {second:?}"));
    }
    found
}

/// Every way `run` breaks the rules for a case that generates with a
/// warning.
fn repaired(spec: &Path, run: &Run, warning: &str) -> Vec<String> {
    let mut found = Vec::new();
    if run.code != Some(0) {
        found.push(format!("exit code {:?}, expected 0", run.code));
    }
    if !run.output_left {
        found.push("no output directory was written".into());
    }
    let line = format!("warning: {}: {warning}", spec.display());
    if !run.stderr.lines().any(|l| l.starts_with(&line)) {
        found.push(format!("no line starts with {line:?}"));
    }
    found
}

/// `at /pointer: `, `at the document root: ` or `line L, column C: `.
fn starts_with_location(text: &str) -> bool {
    if text.starts_with("at /") || text.starts_with("at the document root: ") {
        return true;
    }
    let Some(rest) = text.strip_prefix("line ") else {
        return false;
    };
    digits(rest)
        .and_then(|r| r.strip_prefix(", column "))
        .and_then(digits)
        .is_some_and(|r| r.starts_with(": "))
}

/// `s` after its leading digits, if it has any.
fn digits(s: &str) -> Option<&str> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    (n > 0).then_some(&s[n..])
}

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/malformed")
}

/// `(file, expected)` rows of `cases.tsv`.
fn table() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(cases_dir().join("cases.tsv")).expect("read cases.tsv");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("file\texpected"), "cases.tsv header");
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (file, expected) = l
                .split_once('\t')
                .unwrap_or_else(|| panic!("cases.tsv: no tab in {l:?}"));
            assert!(!expected.is_empty(), "cases.tsv: {file} expects nothing");
            (file.to_string(), expected.to_string())
        })
        .collect()
}

/// Runs each case and fails with the list of cases that broke a rule.
fn check_all(scratch: &Scratch, cases: &[(PathBuf, String)]) {
    let mut failures = Vec::new();
    for (spec, expected) in cases {
        let name = spec.file_name().unwrap().to_string_lossy().into_owned();
        let out = scratch.0.join(format!("out-{name}"));
        match run(spec, &out) {
            Err(e) => failures.push(format!("{name}: {e}")),
            Ok(result) => {
                let found = violations(spec, &result, expected);
                if !found.is_empty() {
                    failures.push(format!(
                        "{name}:\n    - {}\n    stderr: {:?}",
                        found.join("\n    - "),
                        result.stderr.chars().take(600).collect::<String>()
                    ));
                }
            }
        }
        let _ = std::fs::remove_dir_all(&out);
    }
    assert!(
        failures.is_empty(),
        "{} of {} malformed specs broke the rules:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn checked_in_cases_are_refused_cleanly_or_repaired_with_a_warning() {
    let rows = table();
    assert!(rows.len() >= 45, "only {} cases", rows.len());
    // Every file is a case and every case a file, so none is forgotten.
    let mut listed: Vec<&str> = rows.iter().map(|(f, _)| f.as_str()).collect();
    listed.sort_unstable();
    let before = listed.len();
    listed.dedup();
    assert_eq!(before, listed.len(), "cases.tsv lists a file twice");
    let mut files: Vec<String> = std::fs::read_dir(cases_dir())
        .expect("read tests/malformed")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f != "cases.tsv")
        .collect();
    files.sort_unstable();
    assert_eq!(listed, files, "cases.tsv and tests/malformed/ disagree");

    let scratch = Scratch::new("malformed-checked-in");
    let cases: Vec<(PathBuf, String)> = rows
        .into_iter()
        .map(|(file, expected)| (cases_dir().join(file), expected))
        .collect();
    check_all(&scratch, &cases);
}

#[test]
fn generated_deep_nesting_is_refused_cleanly() {
    const MILLION: usize = 1_000_000;
    let scratch = Scratch::new("malformed-deep");
    let header = "openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths: {}\n";
    let mut block_mapping = format!("{header}x-deep:\n");
    for depth in 1..=2_000 {
        block_mapping.push_str(&" ".repeat(depth));
        block_mapping.push_str("a:\n");
    }
    block_mapping.push_str(&" ".repeat(2_001));
    block_mapping.push_str("leaf\n");
    let generated: Vec<(&str, String, &str)> = vec![
        (
            "deep-flow-sequence.yaml",
            format!(
                "{header}x-deep: {}{}\n",
                "[".repeat(MILLION),
                "]".repeat(MILLION)
            ),
            "line 4, column 1009: the YAML nests deeper than 1000 levels",
        ),
        (
            "deep-flow-mapping.yaml",
            format!(
                "{header}x-deep: {}1{}\n",
                "{a: ".repeat(MILLION),
                "}".repeat(MILLION)
            ),
            "line 4, column 4009: the YAML nests deeper than 1000 levels",
        ),
        (
            "deep-array.json",
            format!(
                "{{\"openapi\": \"3.0.3\", \"x-deep\": {}{}}}",
                "[".repeat(MILLION),
                "]".repeat(MILLION)
            ),
            "line 1, column 158: invalid JSON: recursion limit exceeded",
        ),
        (
            "deep-object.json",
            format!(
                "{{\"openapi\": \"3.0.3\", \"x-deep\": {}1{}}}",
                "{\"a\": ".repeat(MILLION),
                "}".repeat(MILLION)
            ),
            "invalid JSON: recursion limit exceeded",
        ),
        (
            "deep-block-mapping.yaml",
            block_mapping,
            "invalid YAML: recursion limit exceeded",
        ),
        (
            // Compact nested sequences: `- - - - x`, all on one line.
            "deep-block-sequence.yaml",
            format!("{header}x-deep:\n{}x\n", "- ".repeat(100_000)),
            "line 5, column 255: invalid YAML: recursion limit exceeded",
        ),
    ];
    let mut cases = Vec::new();
    for (name, text, expected) in generated {
        let spec = scratch.0.join(name);
        std::fs::write(&spec, text).expect("write a generated case");
        cases.push((spec, expected.to_string()));
    }
    check_all(&scratch, &cases);
}

/// Findings that real specs have are warnings: generation goes on.
#[test]
fn duplicate_operation_ids_and_ecma_only_patterns_only_warn() {
    let scratch = Scratch::new("malformed-warn");
    let spec = scratch.0.join("warn.yaml");
    std::fs::write(
        &spec,
        r#"openapi: 3.0.3
info: {title: Warn, version: "1"}
paths:
  /a:
    post:
      operationId: create
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                code: {type: string, pattern: "^(?!x)[a-z]+$"}
      responses:
        "200": {description: ok}
  /b:
    post:
      operationId: create
      responses:
        "200": {description: ok}
"#,
    )
    .unwrap();
    let out = scratch.0.join("out");
    let result = run(&spec, &out).unwrap();
    assert_eq!(result.code, Some(0), "stderr: {}", result.stderr);
    let name = spec.display();
    for expected in [
        format!(
            "warning: {name}: at /paths/~1b/post/operationId: operationId `create` is also used by POST /a"
        ),
        format!(
            "warning: {name}: at /paths/~1a/post/requestBody/content/application~1json/schema/properties/code/pattern: the Rust regex engine cannot run `pattern: ^(?!x)[a-z]+$`: look-around; it stays in the schema, unchecked"
        ),
    ] {
        assert!(
            result.stderr.lines().any(|l| l.starts_with(&expected)),
            "no line starts with {expected:?} in:\n{}",
            result.stderr
        );
    }
    assert!(result.output_left, "the crate was generated");
}

/// The rules themselves must be able to fail: a valid spec breaks them.
#[test]
fn the_rules_catch_a_successful_run() {
    let scratch = Scratch::new("malformed-valid");
    let spec = scratch.0.join("valid.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.0.3\ninfo: {title: V, version: \"1\"}\npaths:\n  /a:\n    get:\n      responses:\n        \"200\": {description: ok}\n",
    )
    .unwrap();
    let result = run(&spec, &scratch.0.join("out")).unwrap();
    let found = violations(&spec, &result, "at /");
    assert!(found.iter().any(|v| v.contains("exit code 0")), "{found:?}");
    assert!(
        found.iter().any(|v| v.contains("output directory")),
        "{found:?}"
    );
    assert!(found.iter().any(|v| v.contains("`error: `")), "{found:?}");
    assert!(starts_with_location("line 3, column 14: x"));
    assert!(!starts_with_location("line 3: x"));
    assert!(!starts_with_location("invalid YAML"));
}

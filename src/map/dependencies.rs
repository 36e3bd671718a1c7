//! The crates a generated crate depends on, and the versions it asks for.

use super::view::Dependency;

/// Every crate the generated code uses, in one place. Each requirement is
/// the version the tests build with, pinned in `tests/generated/Cargo.lock`
/// (a unit test keeps the two equal), so a generated crate never asks for
/// less than what was tested.
pub(super) const DEPENDENCIES: &[(&str, &str)] = &[
    (
        "axum",
        r#"{ version = "0.8.9", default-features = false, features = ["http1", "tokio"] }"#,
    ),
    ("base64", r#""0.22.1""#),
    // Chooses the Unicode back end of idna: COMMENTS says why.
    ("idna_adapter", r#""~1.1.0""#),
    // Discovery mode's search ranks with BM25; our own tokenizer, so none
    // of the crate's language tables.
    ("bm25", r#"{ version = "2.3.2", default-features = false }"#),
    (
        "clap",
        r#"{ version = "4.6.9", features = ["derive", "env"] }"#,
    ),
    // The legacy HTTP+SSE transport's event streams.
    ("futures-util", r#"{ version = "0.3.34", default-features = false }"#),
    // The `jq` argument: a maintained jq implementation, the full
    // standard library.
    ("jaq-core", r#""3.1.2""#),
    ("jaq-json", r#""2.0.3""#),
    ("jaq-std", r#""3.0.4""#),
    // The HTTP transport as an OAuth 2.1 resource server: JWT checks
    // against the issuer's JWKS. Its signatures are checked with ring
    // (`oauth/jws.rs`), which rustls compiles anyway.
    ("jsonwebtoken", r#"{ version = "12.0.0", default-features = false }"#),
    ("percent-encoding", r#""2.3.2""#),
    // /metrics in the Prometheus text format.
    ("prometheus-client", r#""0.26.0""#),
    // The engine normalize checks `pattern`s with, so every pattern that
    // passes generation compiles here.
    (
        "regex",
        r#"{ version = "1.13.2", default-features = false, features = ["std", "perf", "unicode"] }"#,
    ),
    (
        "reqwest",
        r#"{ version = "0.12.28", default-features = false, features = ["rustls-tls", "multipart"] }"#,
    ),
    ("ring", r#""0.17.14""#),
    (
        "rmcp",
        r#"{ version = "3.11.0", default-features = false, features = ["server", "transport-io", "transport-streamable-http-server"] }"#,
    ),
    ("serde", r#"{ version = "1.0.229", features = ["derive"] }"#),
    ("serde_json", r#""1.0.154""#),
    (
        "tokio",
        r#"{ version = "1.54.1", features = ["macros", "rt", "net", "signal", "sync"] }"#,
    ),
    ("tokio-util", r#"{ version = "0.7.20", default-features = false }"#),
    ("tracing", r#""0.1.44""#),
    (
        "tracing-subscriber",
        r#"{ version = "0.3.23", default-features = false, features = ["fmt", "std"] }"#,
    ),
    // Unguessable session ids for the legacy HTTP+SSE transport.
    ("uuid", r#"{ version = "1.26.1", features = ["v4"] }"#),
];

/// What a user reading the generated `Cargo.toml` needs told about a
/// line, printed above it.
const COMMENTS: &[(&str, &str)] = &[(
    "idna_adapter",
    "Not used directly: it chooses the Unicode back end of the idna crate\n\
     (reqwest -> url -> idna, for non-ASCII host names). 1.1 is unicode-rs;\n\
     1.2, the default, is ICU4X: about 11 s of a cold build's compiler\n\
     time against under 5 s, and 8 s of its wall time on 2 cores.",
)];

/// The generated `[dependencies]` table, one line per crate.
pub(super) fn dependencies() -> Vec<Dependency> {
    DEPENDENCIES
        .iter()
        .map(|&(name, spec)| Dependency {
            name,
            spec,
            comment: COMMENTS
                .iter()
                .filter(|(n, _)| *n == name)
                .flat_map(|(_, c)| c.lines().map(|l| format!("# {l}")))
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_runtime_crate_builds_with_the_generated_crates_requirements() {
        let manifest = include_str!("../../runtime/Cargo.toml");
        let section = manifest.split("[dependencies]\n").nth(1).unwrap();
        let lines = section.lines().take_while(|l| !l.starts_with('['));
        for line in lines.filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let (name, spec) = line.split_once(" = ").unwrap();
            assert!(
                DEPENDENCIES.contains(&(name, spec)),
                "runtime/Cargo.toml asks for {name} = {spec}, unlike DEPENDENCIES"
            );
        }
    }

    #[test]
    fn every_dependency_asks_for_the_version_the_tests_build_with() {
        let lock = include_str!("../../tests/generated/Cargo.lock");
        for &(name, spec) in DEPENDENCIES {
            let entry = format!("[[package]]\nname = \"{name}\"\nversion = \"");
            let at = lock
                .find(&entry)
                .unwrap_or_else(|| panic!("{name} is not in the lockfile"));
            let rest = &lock[at + entry.len()..];
            let locked = &rest[..rest.find('"').unwrap()];
            assert!(
                spec.contains(&format!("\"{locked}\""))
                    || spec.contains(&format!("\"~{locked}\"")),
                "{name}: the requirement {spec} is not the locked {locked}"
            );
        }
    }
}

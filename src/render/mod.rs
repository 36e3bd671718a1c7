//! Stage 5: print the view model through the Tera templates in `templates/`.
//!
//! Templates are embedded in the binary, so an installed mcp-gen needs no
//! files beside it. Every `.rs` output is parsed with syn and formatted with
//! prettyplease: a template that renders invalid Rust is reported as a bug
//! with the template's name, never written out.

use tera::{Context, Tera, Value};

use crate::error::{Error, Result};
use crate::map::CrateView;

/// (template name, output path, template source), in output order.
const FILES: &[(&str, &str, &str)] = &[
    (
        "Cargo.toml",
        "Cargo.toml",
        include_str!("../../templates/Cargo.toml.tera"),
    ),
    (
        "README.md",
        "README.md",
        include_str!("../../templates/README.md.tera"),
    ),
    (
        ".gitignore",
        ".gitignore",
        include_str!("../../templates/gitignore.tera"),
    ),
    (
        "main.rs",
        "src/main.rs",
        include_str!("../../templates/main.rs.tera"),
    ),
    (
        "lib.rs",
        "src/lib.rs",
        include_str!("../../templates/lib.rs.tera"),
    ),
    (
        "server.rs",
        "src/server.rs",
        include_str!("../../templates/server.rs.tera"),
    ),
    (
        "client.rs",
        "src/client.rs",
        include_str!("../../templates/client.rs.tera"),
    ),
    (
        "types.rs",
        "src/types.rs",
        include_str!("../../templates/types.rs.tera"),
    ),
    (
        "runtime.rs",
        "src/runtime.rs",
        include_str!("../../templates/runtime.rs.tera"),
    ),
];

/// One generated file: its path inside the crate and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub path: String,
    pub contents: String,
}

/// Renders every file of the crate.
pub fn render(view: &CrateView) -> Result<Vec<File>> {
    let mut tera = Tera::default();
    tera.autoescape_on(Vec::new());
    tera.register_filter("rust_string", rust_string);
    tera.add_raw_templates(FILES.iter().map(|(name, _, source)| (*name, *source)))
        .map_err(|e| bug("(all)", &e))?;
    let context = Context::from_serialize(view).map_err(|e| bug("(context)", &e))?;
    FILES
        .iter()
        .map(|(name, path, _)| {
            let text = tera.render(name, &context).map_err(|e| bug(name, &e))?;
            let contents = if path.ends_with(".rs") {
                format_rust(name, &text)?
            } else {
                text
            };
            Ok(File {
                path: path.to_string(),
                contents,
            })
        })
        .collect()
}

fn format_rust(template: &str, text: &str) -> Result<String> {
    let file = syn::parse_file(text).map_err(|e| {
        let line = e.span().start().line;
        let snippet = text
            .lines()
            .nth(line.saturating_sub(1))
            .unwrap_or("")
            .trim();
        Error::Bug {
            template: template.to_string(),
            message: format!("{e} (rendered line {line}: `{snippet}`)"),
        }
    })?;
    Ok(prettyplease::unparse(&file))
}

fn bug(template: &str, e: &dyn std::error::Error) -> Error {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    Error::Bug {
        template: template.to_string(),
        message,
    }
}

/// Tera filter: a Rust string literal for any string, so no spec text can
/// break out of it.
///
/// Text with quotes or backslashes (embedded JSON schemas, mostly) becomes a
/// raw string with enough `#`s, which keeps it readable. Anything else, and
/// any text with control characters other than newline and tab (Rust rejects
/// a bare CR even in raw strings), uses Rust's own `Debug` escaping, which
/// emits exactly the escapes Rust accepts (`\u{..}`, not JSON's `\uXXXX`).
fn rust_string(value: &Value, _: &std::collections::HashMap<String, Value>) -> tera::Result<Value> {
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    Ok(Value::String(rust_literal(&text)))
}

fn rust_literal(text: &str) -> String {
    let plain_controls = text
        .chars()
        .all(|c| !c.is_control() || c == '\n' || c == '\t');
    if plain_controls && (text.contains('"') || text.contains('\\')) {
        // One more `#` than the longest run of `#`s that follows a quote.
        let mut hashes = 0;
        for (i, _) in text.match_indices('"') {
            let run = text[i + 1..].chars().take_while(|&c| c == '#').count();
            hashes = hashes.max(run + 1);
        }
        let fence = "#".repeat(hashes);
        return format!("r{fence}\"{text}\"{fence}");
    }
    format!("{text:?}")
}

#[cfg(test)]
mod tests {
    use super::rust_literal;

    #[test]
    fn every_literal_parses_back_to_its_text() {
        for text in [
            "plain",
            "{\"a\":\"b\"}",
            "ends with \"#",
            "\"## and \"### inside",
            "back\\slash",
            "cr\r\nlf",
            "nul\0 and \u{1b}",
            "*/ {{ x }} {% y %} #[z] r#\"w\"#",
            "tab\tand\nnewline \"q\"",
        ] {
            let literal = rust_literal(text);
            let parsed: syn::LitStr =
                syn::parse_str(&literal).unwrap_or_else(|e| panic!("{literal}: {e}"));
            assert_eq!(parsed.value(), text, "{literal}");
        }
    }
}

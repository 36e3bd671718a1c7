//! Stage 1: read the spec file into a JSON value.
//!
//! The format is detected from the content, not the file name: a document whose
//! first significant character is `{` is JSON, anything else is YAML. Both
//! parsers bound nesting depth (serde_json at 128 levels; serde_yaml limits
//! recursion and alias expansion), so hostile input fails with an error instead
//! of exhausting the stack or memory.

pub(crate) mod bundle;
mod value;

use std::path::{Path, PathBuf};

use serde_json::Value;
use value::Lenient;

use crate::error::{Error, Location, Result};

/// The serialization a spec was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Yaml,
}

/// A parsed spec file, not yet checked against any OpenAPI version.
#[derive(Debug)]
pub struct Document {
    /// The file it was read from, as errors name it (`<stdin>` for
    /// standard input).
    pub path: PathBuf,
    /// The parsed document: always a JSON object. After loading, external
    /// `$ref`s are bundled into it.
    pub value: serde_json::Value,
    /// SHA-256 of the file's bytes in hex, as `sha256sum` prints it, so a
    /// generated crate names the exact spec it came from.
    pub sha256: String,
    /// Where each schema bundled in from another file came from.
    pub origins: Vec<bundle::Origin>,
}

/// Reads and parses `path`, and bundles the files it references; `-` reads
/// standard input, so a spec can be piped in from another tool. Referenced
/// files must lie below `root` (default: the spec's own directory; the
/// working directory for standard input).
///
/// # Errors
///
/// [`Error::Spec`] when the spec or a file it references cannot be read or
/// parsed (see [`parse`]), or when a reference is remote, leads outside
/// `root`, points at nothing, or expands past the inlining limit.
pub(crate) fn load(path: &Path, root: Option<&Path>) -> Result<Document> {
    if path.as_os_str() == "-" {
        let stdin = Path::new("<stdin>");
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).map_err(|e| {
            Error::spec(
                stdin,
                Location::File,
                format!("cannot read the spec: {e}"),
                "pipe the spec into mcp-gen, or pass its path instead of `-`",
            )
        })?;
        let mut doc = parse(stdin, &bytes)?;
        let cwd = Path::new(".");
        doc.origins = bundle::bundle(&cwd.join("<stdin>"), &mut doc.value, root.unwrap_or(cwd))?;
        return Ok(doc);
    }
    let mut doc = parse(path, &read(path)?)?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    doc.origins = bundle::bundle(path, &mut doc.value, root.unwrap_or(dir))?;
    Ok(doc)
}

/// Reads and parses one file of a multi-file spec.
fn load_file(path: &Path) -> Result<serde_json::Value> {
    Ok(parse(path, &read(path)?)?.value)
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| {
        let help = if e.kind() == std::io::ErrorKind::NotFound {
            "check the path; it is resolved against the current directory"
        } else {
            "check that the file is readable"
        };
        Error::spec(
            path,
            Location::File,
            format!("cannot read the spec: {e}"),
            help,
        )
    })
}

/// SHA-256 in hex, as `sha256sum` prints it.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Parses spec text that has already been read from `path`; `path` only
/// names the file in errors. References are left as they are.
///
/// # Errors
///
/// [`Error::Spec`] when the bytes are not UTF-8, are not valid JSON or
/// YAML, nest deeper than the parsers allow, or hold something other than
/// a mapping (an empty document, a list, a single value).
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Document> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_column(bytes, e.valid_up_to());
        let message = if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
            "the file is UTF-16 (it starts with a UTF-16 byte-order mark), not UTF-8"
        } else {
            "the file is not valid UTF-8"
        };
        Error::spec(
            path,
            Location::Line { line, column },
            message,
            "save the spec as UTF-8",
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let format = detect(text);
    let value: serde_json::Value = match format {
        Format::Json => serde_json::from_str(text)
            .map(|Lenient(v)| v)
            .map_err(|e| {
                Error::spec(
                    path,
                    Location::Line {
                        line: e.line(),
                        column: e.column(),
                    },
                    format!("invalid JSON: {}", strip_position(&e.to_string())),
                    "fix the JSON syntax at that position",
                )
            })?,
        Format::Yaml => {
            check_flow_depth(path, text)?;
            serde_yaml::from_str(text)
                .map(|Lenient(v)| v)
                .map_err(|e| yaml_error(path, text, &e))?
        }
    };
    if !value.is_object() {
        let message = match &value {
            Value::Null => "the document is empty",
            Value::Array(_) => "the document is a list, not a mapping of OpenAPI fields",
            _ => "the document is a single value, not a mapping of OpenAPI fields",
        };
        return Err(Error::spec(
            path,
            Location::Pointer(String::new()),
            message,
            "an OpenAPI document starts with `openapi: 3.0.x`, `info` and `paths`",
        ));
    }
    Ok(Document {
        path: path.to_path_buf(),
        value,
        sha256: sha256_hex(bytes),
        origins: Vec::new(),
    })
}

/// A YAML error with the best location there is. libyaml's reader errors
/// carry a byte offset in the message instead of a mark; a few serde_yaml
/// errors carry no location at all, and are pinned to the construct that
/// causes them.
fn yaml_error(path: &Path, text: &str, e: &serde_yaml::Error) -> Error {
    let full = e.to_string();
    let mut message = strip_position(&full).to_string();
    let mut help = "fix the YAML syntax at that position";
    let mut location = e.location().map(|l| (l.line(), l.column()));
    if let Some((before, offset)) = message.rsplit_once(" at position ")
        && let Ok(offset) = offset.trim().parse::<usize>()
    {
        location = Some(line_column(text.as_bytes(), offset.min(text.len())));
        message = before.to_string();
    }
    if location.is_none() {
        if message.contains("repetition limit") {
            message = format!("{message}: its aliases expand to too much data");
            help = "expand the aliases by hand; a spec has no need to repeat this much";
            location = first_alias(text);
        } else if message.contains("more than one document") {
            help = "keep one document per file: remove the second `---` and what follows it";
            location = second_document(text);
        } else if message.contains("merg") {
            help = "a `<<` merge key takes a mapping or a list of mappings";
            location = find_line(text, |line| line.trim_start().starts_with("<<"));
        }
    }
    let location = match location {
        Some((line, column)) => Location::Line { line, column },
        None => Location::Pointer(String::new()),
    };
    Error::spec(path, location, format!("invalid YAML: {message}"), help)
}

/// Where the first alias (`*name`) is, ignoring quoted text and comments.
fn first_alias(text: &str) -> Option<(usize, usize)> {
    for (n, line) in text.lines().enumerate() {
        let mut quote = None;
        let mut previous = ' ';
        for (i, c) in line.char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') if previous.is_whitespace() || "[{,:".contains(previous) => {
                    quote = Some(c)
                }
                (None, '#') if previous.is_whitespace() => break,
                (None, '*')
                    if (previous.is_whitespace() || "[{,".contains(previous))
                        && line[i + 1..].starts_with(|c: char| !c.is_whitespace()) =>
                {
                    return Some((n + 1, line[..i].chars().count() + 1));
                }
                _ => {}
            }
            previous = c;
        }
    }
    None
}

/// Where the second document of a stream starts.
fn second_document(text: &str) -> Option<(usize, usize)> {
    let mut in_document = false;
    find_line(text, |line| {
        let marker =
            line.starts_with("---") && line[3..].chars().next().is_none_or(char::is_whitespace);
        let content = !line.trim().is_empty()
            && !line.starts_with('#')
            && !line.starts_with('%')
            && !line.starts_with("...");
        if marker && in_document {
            return true;
        }
        in_document |= marker || content;
        false
    })
}

fn find_line(text: &str, hit: impl FnMut(&str) -> bool) -> Option<(usize, usize)> {
    text.lines().position(hit).map(|n| (n + 1, 1))
}

/// Deepest flow nesting (`[` and `{`) a YAML spec may have.
const MAX_FLOW_DEPTH: usize = 1000;

/// The YAML scanner takes time quadratic in flow nesting depth (40,000 levels
/// take seconds, in serde_yaml and its forks alike), long before the parser's
/// own recursion limit applies. A linear pre-scan refuses such input first.
/// It ignores quoting, so brackets inside strings count too; real specs stay
/// far below the limit even so.
fn check_flow_depth(path: &Path, text: &str) -> Result<()> {
    let mut depth = 0usize;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    let (line, column) = line_column(text.as_bytes(), i);
                    return Err(Error::spec(
                        path,
                        Location::Line { line, column },
                        format!("the YAML nests deeper than {MAX_FLOW_DEPTH} levels"),
                        "flatten the document; no OpenAPI spec needs this depth",
                    ));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

fn detect(text: &str) -> Format {
    match text.trim_start().chars().next() {
        Some('{') => Format::Json,
        _ => Format::Yaml,
    }
}

/// Parser messages end with " at line X column Y"; the location is reported
/// separately, so drop it from the message.
fn strip_position(message: &str) -> &str {
    message.find(" at line ").map_or(message, |i| &message[..i])
}

/// The 1-based line and byte column of `offset` in `bytes`.
pub(crate) fn line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let offset = offset.min(bytes.len());
    let before = &bytes[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = offset
        - before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1)
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_json_by_content_not_extension() {
        let err = parse(Path::new("spec.yaml"), b"\xef\xbb\xbf  {\"openapi\": }").unwrap_err();
        assert!(err.to_string().contains("invalid JSON"), "{err}");
        let err = parse(Path::new("spec.json"), b"openapi: [3.0.0\n").unwrap_err();
        assert!(err.to_string().contains("invalid YAML"), "{err}");
    }

    #[test]
    fn yaml_integer_keys_become_strings() {
        let doc = parse(Path::new("s"), b"responses:\n  200:\n    description: ok\n").unwrap();
        assert_eq!(doc.value["responses"]["200"]["description"], "ok");
    }

    #[test]
    fn big_integers_and_duplicate_keys_are_accepted() {
        let doc = parse(
            Path::new("s.yaml"),
            b"a: -9223372036854776000\nb: 1\nb: 2\ntrue: yes\n",
        )
        .unwrap();
        assert_eq!(doc.value["a"], -9223372036854776000.0);
        assert_eq!(doc.value["b"], 2);
        assert_eq!(doc.value["true"], "yes");
        let doc = parse(
            Path::new("s.json"),
            b"{\"a\": 18446744073709551616, \"b\": 1, \"b\": 3}",
        )
        .unwrap();
        assert_eq!(doc.value["b"], 3);
    }

    #[test]
    fn invalid_utf8_reports_the_line() {
        let err = parse(Path::new("s.yaml"), b"a: 1\nb: \xff\n").unwrap_err();
        assert!(err.to_string().contains("line 2, column 4"), "{err}");
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = (b'a' + i - 1) as char;
            let cur = (b'a' + i) as char;
            bomb.push_str(&format!(
                "{cur}: &{cur} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        assert!(parse(Path::new("s.yaml"), bomb.as_bytes()).is_err());
    }

    #[test]
    fn yaml_errors_without_a_mark_get_a_line() {
        let err = parse(Path::new("s.yaml"), b"a: 1\nb: \"x\x01\"\n").unwrap_err();
        assert!(err.to_string().contains("line 2, column 6"), "{err}");
        assert!(!err.to_string().contains("position"), "{err}");
        let err = parse(Path::new("s.yaml"), b"# c\n---\na: 1\n---\nb: 2\n").unwrap_err();
        assert!(err.to_string().contains("line 4, column 1"), "{err}");
        assert_eq!(first_alias("a: '*x'\nb: [1, *y] # *z\n"), Some((2, 8)));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse(Path::new("s.json"), format!("{{\"a\": {deep}}}").as_bytes()).is_err());
        let deep_yaml = format!("a: {}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse(Path::new("s.yaml"), deep_yaml.as_bytes()).is_err());
    }
}

//! Errors that reach the user.
//!
//! Every error a user can cause names the file, a location inside it (a JSON
//! pointer or a line), what is wrong and what to do about it. The CLI maps the
//! [`Error::exit_code`] onto a stable process exit code, so scripts can tell a
//! bad spec (1) from a bad invocation (2) and from a bug in mcp-gen itself (3).

use std::fmt;
use std::path::{Path, PathBuf};

/// Where inside a file a problem sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A JSON pointer into the parsed document, e.g. `/paths/~1pets/get`.
    Pointer(String),
    /// A 1-based line and column in the source text.
    Line {
        /// The line, counted from 1.
        line: usize,
        /// The column, counted from 1.
        column: usize,
    },
    /// The whole file (it could not be read at all).
    File,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Pointer(p) if p.is_empty() => f.write_str("at the document root"),
            // A key can hold any text; the error stays on one line.
            Location::Pointer(p) => {
                f.write_str("at ")?;
                for c in p.chars() {
                    if c.is_control() {
                        write!(f, "{}", c.escape_default())?;
                    } else {
                        write!(f, "{c}")?;
                    }
                }
                Ok(())
            }
            Location::Line { line, column } => write!(f, "line {line}, column {column}"),
            Location::File => Ok(()),
        }
    }
}

/// Everything that can stop a generation run.
#[derive(Debug)]
pub enum Error {
    /// The spec cannot be read, parsed or understood.
    Spec {
        /// The file the problem is in: the spec, a file it references, or
        /// the config.
        file: PathBuf,
        /// Where in the file.
        location: Location,
        /// What is wrong; folded onto one line when shown.
        message: String,
        /// What to do about it; empty when there is no advice.
        help: String,
    },
    /// The invocation asks for something mcp-gen will not do as asked.
    Usage {
        /// What is wrong with the invocation.
        message: String,
        /// What to do instead.
        help: String,
    },
    /// Reading or writing the output failed.
    Io {
        /// The file or directory being read or written.
        path: PathBuf,
        /// What mcp-gen was doing, as it completes "cannot ...", e.g.
        /// `replace the file`.
        action: &'static str,
        /// The operating system's error; also [`std::error::Error::source`].
        source: std::io::Error,
    },
    /// `--strict`: the spec has findings that are otherwise only warnings
    /// (and skipped operations); nothing was written.
    Strict {
        /// Each finding, one line, as a warning would print it.
        findings: Vec<String>,
    },
    /// A template rendered code that does not parse: a bug in mcp-gen.
    Bug {
        /// The template's name (`server.rs`), or `(all)` or `(context)`
        /// when the templates or their context could not be loaded at all.
        template: String,
        /// What went wrong, e.g. the Rust parser's report.
        message: String,
    },
}

impl Error {
    /// An [`Error::Spec`]: a problem at `location` in `file`.
    pub(crate) fn spec(
        file: &Path,
        location: Location,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Error::Spec {
            file: file.to_path_buf(),
            location,
            message: message.into(),
            help: help.into(),
        }
    }

    /// An [`Error::Io`]: `action` on `path` failed with `source`.
    pub(crate) fn io(path: &Path, action: &'static str, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            action,
            source,
        }
    }

    /// The process exit code for this error; part of the CLI's contract.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Spec { .. } | Error::Strict { .. } => 1,
            Error::Usage { .. } => 2,
            Error::Io { .. } | Error::Bug { .. } => 3,
        }
    }

    /// The error as one JSON object, for `--json`: tools that drive mcp-gen
    /// (editors, CI annotations) get the file and location as fields, not
    /// as text to parse.
    pub fn to_json(&self) -> serde_json::Value {
        let (kind, file, location, message) = match self {
            Error::Spec {
                file,
                location,
                message,
                ..
            } => {
                let location = match location {
                    Location::Pointer(p) => serde_json::json!({ "pointer": p }),
                    Location::Line { line, column } => {
                        serde_json::json!({ "line": line, "column": column })
                    }
                    Location::File => serde_json::Value::Null,
                };
                ("spec", Some(file.clone()), location, one_line(message))
            }
            Error::Usage { message, .. } => {
                ("usage", None, serde_json::Value::Null, message.clone())
            }
            Error::Io { path, .. } => (
                "io",
                Some(path.clone()),
                serde_json::Value::Null,
                self.to_string(),
            ),
            Error::Bug { .. } => ("bug", None, serde_json::Value::Null, self.to_string()),
            Error::Strict { findings } => {
                return serde_json::json!({
                    "error": {
                        "kind": "strict",
                        "message": self.to_string(),
                        "findings": findings,
                        "help": self.help(),
                        "exit_code": self.exit_code(),
                    }
                });
            }
        };
        serde_json::json!({
            "error": {
                "kind": kind,
                "file": file,
                "location": location,
                "message": message,
                "help": self.help(),
                "exit_code": self.exit_code(),
            }
        })
    }

    /// What the user should do next, if there is advice to give.
    pub fn help(&self) -> Option<&str> {
        match self {
            Error::Spec { help, .. } | Error::Usage { help, .. } if !help.is_empty() => Some(help),
            Error::Bug { .. } => {
                Some("this is a bug in mcp-gen; please report it with the spec that triggers it")
            }
            Error::Strict { .. } => Some(
                "fix what each line names, or generate without --strict to accept mcp-gen's repairs",
            ),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Spec {
                file,
                location,
                message,
                ..
            } => {
                write!(f, "{}", file.display())?;
                if *location != Location::File {
                    write!(f, ": {location}")?;
                }
                write!(f, ": {}", one_line(message))
            }
            Error::Usage { message, .. } => f.write_str(message),
            Error::Io {
                path,
                action,
                source,
            } => write!(f, "{}: cannot {action}: {source}", path.display()),
            Error::Strict { findings } => write!(
                f,
                "--strict: {} {} an error; nothing was written",
                findings.len(),
                if findings.len() == 1 {
                    "warning is"
                } else {
                    "warnings are each"
                }
            ),
            Error::Bug { template, message } => write!(
                f,
                "template `{template}` produced invalid Rust: {}",
                one_line(message)
            ),
        }
    }
}

impl std::error::Error for Error {
    /// The I/O error under an [`Error::Io`]; the other variants carry no
    /// underlying error.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            Error::Spec { .. } | Error::Usage { .. } | Error::Bug { .. } | Error::Strict { .. } => {
                None
            }
        }
    }
}

/// Folds text onto one line: every error is a single greppable line, and
/// spec text in a Markdown list item or table cell must not end it.
pub(crate) fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A `Result` whose error is mcp-gen's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use super::*;

    #[test]
    fn an_io_error_is_the_source_of_its_error() {
        let cause = std::io::Error::new(std::io::ErrorKind::PermissionDenied, "denied");
        let error = Error::io(Path::new("out"), "replace the file", cause);
        let source = error.source().expect("an I/O error has a source");
        let io = source
            .downcast_ref::<std::io::Error>()
            .expect("the source is the io::Error");
        assert_eq!(io.kind(), std::io::ErrorKind::PermissionDenied);
        assert_eq!(error.to_string(), "out: cannot replace the file: denied");

        let usage = Error::Usage {
            message: "no".into(),
            help: String::new(),
        };
        assert!(usage.source().is_none());
    }
}

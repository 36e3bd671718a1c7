//! Stage 5: print the view model through the Tera templates in `templates/`.
//!
//! Templates are embedded in the binary, so an installed mcp-gen needs no
//! files beside it. Every `.rs` output is parsed with syn and formatted with
//! prettyplease: a template that renders invalid Rust is reported as a bug
//! with the template's name, never written out.

use tera::{Context, Tera, Value};

use crate::error::{Error, Result};
use crate::map::CrateView;

/// A template and the file it renders.
struct Template {
    name: &'static str,
    path: &'static str,
    source: Source,
    /// The user's file: written only when absent, never overwritten.
    once: bool,
}

/// Where a file's text comes from.
#[derive(Clone, Copy)]
enum Source {
    /// A Tera template, rendered from the view and, for Rust, formatted.
    Tera(&'static str),
    /// A text file of the runtime crate (`runtime/src`), copied as it is:
    /// Rust (already formatted, and tested there) with the generated-file
    /// header; JSON and the vectors' licence notice without one.
    Runtime(&'static str),
    /// A binary file of the runtime crate, copied byte for byte, without a
    /// header.
    Data(&'static [u8]),
}

/// Every file of a generated crate, in output order.
const FILES: &[Template] = &[
    Template {
        name: "Cargo.toml",
        path: "Cargo.toml",
        source: Source::Tera(include_str!("../../templates/Cargo.toml.tera")),
        once: false,
    },
    Template {
        name: "README.md",
        path: "README.md",
        source: Source::Tera(include_str!("../../templates/README.md.tera")),
        once: false,
    },
    Template {
        name: "Dockerfile",
        path: "Dockerfile",
        source: Source::Tera(include_str!("../../templates/Dockerfile.tera")),
        once: false,
    },
    Template {
        name: ".dockerignore",
        path: ".dockerignore",
        source: Source::Tera(include_str!("../../templates/dockerignore.tera")),
        once: false,
    },
    Template {
        name: "deploy/kubernetes.yaml",
        path: "deploy/kubernetes.yaml",
        source: Source::Tera(include_str!("../../templates/kubernetes.yaml.tera")),
        once: false,
    },
    Template {
        name: ".gitignore",
        path: ".gitignore",
        source: Source::Tera(include_str!("../../templates/gitignore.tera")),
        once: false,
    },
    Template {
        name: "main.rs",
        path: "src/main.rs",
        source: Source::Tera(include_str!("../../templates/main.rs.tera")),
        once: false,
    },
    Template {
        name: "lib.rs",
        path: "src/lib.rs",
        source: Source::Tera(include_str!("../../templates/lib.rs.tera")),
        once: false,
    },
    Template {
        name: "server.rs",
        path: "src/server.rs",
        source: Source::Tera(include_str!("../../templates/server.rs.tera")),
        once: false,
    },
    Template {
        name: "client.rs",
        path: "src/client.rs",
        source: Source::Tera(include_str!("../../templates/client.rs.tera")),
        once: false,
    },
    Template {
        name: "requests.rs",
        path: "src/client/requests.rs",
        source: Source::Tera(include_str!("../../templates/requests.rs.tera")),
        once: false,
    },
    Template {
        name: "types.rs",
        path: "src/types.rs",
        source: Source::Tera(include_str!("../../templates/types.rs.tera")),
        once: false,
    },
    Template {
        name: "runtime.rs",
        path: "src/runtime.rs",
        source: Source::Runtime(include_str!("../../runtime/src/runtime.rs")),
        once: false,
    },
    Template {
        name: "runtime/mcp.rs",
        path: "src/runtime/mcp.rs",
        source: Source::Runtime(include_str!("../../runtime/src/runtime/mcp.rs")),
        once: false,
    },
    Template {
        name: "runtime/operation.rs",
        path: "src/runtime/operation.rs",
        source: Source::Runtime(include_str!("../../runtime/src/runtime/operation.rs")),
        once: false,
    },
    Template {
        name: "runtime/request.rs",
        path: "src/runtime/request.rs",
        source: Source::Runtime(include_str!("../../runtime/src/runtime/request.rs")),
        once: false,
    },
    Template {
        name: "runtime/results.rs",
        path: "src/runtime/results.rs",
        source: Source::Runtime(include_str!("../../runtime/src/runtime/results.rs")),
        once: false,
    },
    Template {
        name: "runtime/discover.rs",
        path: "src/runtime/discover.rs",
        source: Source::Runtime(include_str!("../../runtime/src/runtime/discover.rs")),
        once: false,
    },
    Template {
        name: "runtime/discover_tools.json",
        path: "src/runtime/discover_tools.json",
        source: Source::Runtime(include_str!(
            "../../runtime/src/runtime/discover_tools.json"
        )),
        once: false,
    },
    Template {
        name: "runtime/terms.rs",
        path: "src/runtime/terms.rs",
        source: Source::Runtime(include_str!("../../runtime/src/runtime/terms.rs")),
        once: false,
    },
    Template {
        name: "runtime/vectors.rs",
        path: "src/runtime/vectors.rs",
        source: Source::Runtime(include_str!("../../runtime/src/runtime/vectors.rs")),
        once: false,
    },
    Template {
        name: "runtime/word_vectors.bin",
        path: "src/runtime/word_vectors.bin",
        source: Source::Data(include_bytes!("../../runtime/src/runtime/word_vectors.bin")),
        once: false,
    },
    Template {
        name: "runtime/word_vectors.NOTICE",
        path: "src/runtime/word_vectors.NOTICE",
        source: Source::Runtime(include_str!("../../runtime/src/runtime/word_vectors.NOTICE")),
        once: false,
    },
    Template {
        name: "runtime/select.rs",
        path: "src/runtime/select.rs",
        source: Source::Runtime(include_str!("../../runtime/src/runtime/select.rs")),
        once: false,
    },
    Template {
        name: "runtime/jq.rs",
        path: "src/runtime/jq.rs",
        source: Source::Runtime(include_str!("../../runtime/src/runtime/jq.rs")),
        once: false,
    },
    Template {
        name: "runtime/shape.rs",
        path: "src/runtime/shape.rs",
        source: Source::Runtime(include_str!("../../runtime/src/runtime/shape.rs")),
        once: false,
    },
    Template {
        name: "runtime/watch.rs",
        path: "src/runtime/watch.rs",
        source: Source::Runtime(include_str!("../../runtime/src/runtime/watch.rs")),
        once: false,
    },
    Template {
        name: "runtime/metrics.rs",
        path: "src/runtime/metrics.rs",
        source: Source::Runtime(include_str!("../../runtime/src/runtime/metrics.rs")),
        once: false,
    },
    Template {
        name: "http.rs",
        path: "src/http.rs",
        source: Source::Runtime(include_str!("../../runtime/src/http.rs")),
        once: false,
    },
    Template {
        name: "oauth.rs",
        path: "src/oauth.rs",
        source: Source::Runtime(include_str!("../../runtime/src/oauth.rs")),
        once: false,
    },
    Template {
        name: "oauth/jws.rs",
        path: "src/oauth/jws.rs",
        source: Source::Runtime(include_str!("../../runtime/src/oauth/jws.rs")),
        once: false,
    },
    Template {
        name: "sse.rs",
        path: "src/sse.rs",
        source: Source::Runtime(include_str!("../../runtime/src/sse.rs")),
        once: false,
    },
    Template {
        name: "validate.rs",
        path: "src/validate.rs",
        source: Source::Runtime(include_str!("../../runtime/src/validate.rs")),
        once: false,
    },
    Template {
        name: "auth.rs",
        path: "src/auth.rs",
        source: Source::Runtime(include_str!("../../runtime/src/auth.rs")),
        once: false,
    },
    Template {
        name: "hooks.rs",
        path: "src/hooks.rs",
        source: Source::Tera(include_str!("../../templates/hooks.rs.tera")),
        once: true,
    },
    Template {
        name: "extra_tools.rs",
        path: "src/extra_tools.rs",
        source: Source::Tera(include_str!("../../templates/extra_tools.rs.tera")),
        once: true,
    },
];

/// One generated file: its path inside the crate and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub path: String,
    /// UTF-8 text, but for the runtime's data files.
    pub contents: Vec<u8>,
    /// The user's file: written only when absent, never overwritten.
    pub once: bool,
}

/// Renders every file of the crate. `provenance` goes into each file's
/// header, so a crate names the exact spec (and config) it came from.
///
/// # Errors
///
/// [`Error::Bug`] when a template does not load or render, renders Rust
/// that does not parse, or loses a set-aside literal in formatting: each
/// is a bug in mcp-gen, not in the spec.
pub fn render(view: &CrateView, provenance: &str) -> Result<Vec<File>> {
    let mut tera = Tera::default();
    tera.autoescape_on(Vec::new());
    tera.register_filter("rust_string", rust_string);
    tera.register_filter("md", |v: &Value, _: &_| {
        Ok(Value::String(markdown_text(&text_of(v))))
    });
    tera.register_filter("md_code", |v: &Value, _: &_| {
        Ok(Value::String(markdown_code(&text_of(v))))
    });
    tera.register_filter("grouped", |v: &Value, _: &_| {
        let n = v.as_u64().unwrap_or_default();
        Ok(Value::String(crate::map::grouped(n as usize)))
    });
    tera.register_filter("json_string", |v: &Value, _: &_| {
        Ok(Value::String(json_string(&text_of(v))))
    });
    tera.add_raw_templates(FILES.iter().filter_map(|t| match t.source {
        Source::Tera(source) => Some((t.name, source)),
        Source::Runtime(_) | Source::Data(_) => None,
    }))
    .map_err(|e| bug("(all)", &e))?;
    let context = Context::from_serialize(view).map_err(|e| bug("(context)", &e))?;
    // Formatting the large files dominates generation time, so it runs on
    // two threads: this one takes server.rs and client.rs, a helper the
    // request tables, types.rs and the rest, about even halves. The tables
    // are a file of their own for this balance: in client.rs, they made
    // this thread's share two thirds of the work. A helper thread's
    // allocator arena starts empty, so formatting the two largest files at
    // once would raise peak memory; server.rs, the largest, stays here,
    // where the memory mapping freed is reused.
    let mine = |t: &Template| matches!(t.name, "server.rs" | "client.rs");
    let render_all = |pick: &dyn Fn(&Template) -> bool| -> Vec<(usize, Result<File>)> {
        FILES
            .iter()
            .enumerate()
            .filter(|(_, t)| pick(t))
            .map(|(i, t)| (i, render_one(&tera, &context, t, provenance)))
            .collect()
    };
    let mut rendered = std::thread::scope(|scope| {
        let helper = scope.spawn(|| render_all(&|t| !mine(t)));
        let mut rendered = render_all(&mine);
        rendered.extend(
            helper
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        );
        rendered
    });
    rendered.sort_by_key(|(i, _)| *i);
    rendered.into_iter().map(|(_, file)| file).collect()
}

/// Renders, formats and heads one file.
fn render_one(tera: &Tera, context: &Context, t: &Template, provenance: &str) -> Result<File> {
    let header = if t.once {
        format!(
            "Your code: mcp-gen {} created this file once and never overwrites it.",
            env!("CARGO_PKG_VERSION")
        )
    } else {
        format!(
            "@generated by mcp-gen {} from {provenance}. Do not edit: regenerate.",
            env!("CARGO_PKG_VERSION")
        )
    };
    let file = |contents: Vec<u8>| {
        Ok(File {
            path: t.path.to_string(),
            contents,
            once: t.once,
        })
    };
    match t.source {
        // Only Rust gets a header: JSON and the others have no comment
        // syntax (the marker file lists them as generated all the same).
        Source::Runtime(source) if t.path.ends_with(".rs") => {
            return file(format!("// {header}\n{source}").into_bytes());
        }
        Source::Runtime(source) => return file(source.as_bytes().to_vec()),
        Source::Data(bytes) => return file(bytes.to_vec()),
        Source::Tera(_) => {}
    }
    LONG_LITERALS.with(|set_aside| set_aside.borrow_mut().clear());
    let text = tera.render(t.name, context).map_err(|e| bug(t.name, &e))?;
    let formatted = if t.path.ends_with(".rs") {
        format_rust(t.name, &text)?
    } else {
        text
    };
    let literals = LONG_LITERALS.with(|set_aside| std::mem::take(&mut *set_aside.borrow_mut()));
    let (body, restored) = restore_literals(&formatted, &literals);
    if restored != literals.len() {
        return Err(Error::Bug {
            template: t.name.to_string(),
            message: format!(
                "{restored} of {} set-aside literals came back after formatting",
                literals.len()
            ),
        });
    }
    let contents = match t.path.rsplit('.').next() {
        Some("rs") => format!("// {header}\n{body}"),
        Some("md") => format!("<!-- {header} -->\n{body}"),
        _ => format!("# {header}\n{body}"),
    };
    file(contents.into_bytes())
}

fn format_rust(template: &str, text: &str) -> Result<String> {
    let file = syn::parse_file(text).map_err(|e| {
        let message = match failing_item(text) {
            Some((line, first)) => format!("{e} (in the item at rendered line {line}: `{first}`)"),
            None => e.to_string(),
        };
        Error::Bug {
            template: template.to_string(),
            message,
        }
    })?;
    Ok(space_items(&prettyplease::unparse(&file)))
}

/// prettyplease leaves no blank line between items; this puts one before
/// each item (with its doc comment and attributes) that follows another at
/// the top level or directly inside an `impl`, `trait` or `mod` block, as
/// rustfmt keeps hand-written code, and one after the module doc.
/// Consecutive `use` lines stay together.
fn space_items(text: &str) -> String {
    const STARTS: &[&str] = &[
        "///",
        "#[",
        "pub ",
        "pub(",
        "fn ",
        "async fn ",
        "const ",
        "static ",
        "struct ",
        "enum ",
        "impl ",
        "impl<",
        "mod ",
        "type ",
        "trait ",
        "use ",
        "unsafe ",
    ];
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut previous = "";
    // Whether the block at indentation 4 holds items (an `impl`, `trait` or
    // `mod`) rather than fields, variants or statements.
    let mut in_item_block = false;
    for line in text.lines() {
        let body = line.trim_start();
        let indent = line.len() - body.len();
        if indent == 0 && !body.is_empty() {
            let head = body
                .trim_start_matches("pub ")
                .trim_start_matches("unsafe ");
            in_item_block = ["impl", "trait ", "mod "]
                .iter()
                .any(|k| head.starts_with(k))
                && body.ends_with('{');
        }
        let previous_body = previous.trim_start();
        let ends_item = (previous_body.ends_with('}') || previous_body.ends_with(';'))
            && !previous_body.starts_with("//");
        let both_uses = body.starts_with("use ") && previous_body.starts_with("use ");
        let after_item = (indent == 0 || (indent == 4 && in_item_block))
            && previous.len() - previous_body.len() == indent
            && ends_item
            && !both_uses
            && STARTS.iter().any(|s| body.starts_with(s));
        let after_module_doc =
            previous.starts_with("//!") && !body.is_empty() && !body.starts_with("//!");
        if after_item || after_module_doc {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = line;
    }
    out
}

/// Where a rendered file stops parsing: the first line of the first
/// top-level item that does not parse on its own. Only a template bug
/// gets here. syn's spans would say it directly, but tracking them
/// (proc-macro2's `span-locations`) costs every generation a tenth of its
/// time, so the item is found again when it matters.
fn failing_item(text: &str) -> Option<(usize, &str)> {
    let lines: Vec<&str> = text.lines().collect();
    // Items start at column 0; their attributes and doc comments with them.
    let starts: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            let line = lines[i];
            !line.is_empty()
                && !line.starts_with([' ', '\t', '}', ')', ']'])
                && (i == 0 || !lines[i - 1].starts_with(['#', '/']))
        })
        .collect();
    starts.iter().enumerate().find_map(|(n, &start)| {
        let end = starts.get(n + 1).copied().unwrap_or(lines.len());
        let item = lines[start..end].join("\n");
        syn::parse_file(&item)
            .is_err()
            .then(|| (start + 1, lines[start].trim()))
    })
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
///
/// A long literal (an embedded JSON schema, mostly) is set aside and a
/// placeholder identifier printed instead; [`restore_literals`] puts it back
/// after formatting. syn and prettyplease then never tokenize megabytes of
/// schema text: on msgraph that is most of the formatting time. Spec text
/// cannot forge a placeholder, since each carries a random number drawn
/// when mcp-gen starts (see [`placeholder`]); and [`render_one`] checks that
/// every placeholder came back exactly once.
fn rust_string(value: &Value, _: &std::collections::HashMap<String, Value>) -> tera::Result<Value> {
    let literal = rust_literal(&text_of(value));
    if literal.len() < LONG_LITERAL {
        return Ok(Value::String(literal));
    }
    LONG_LITERALS.with(|set_aside| {
        let mut set_aside = set_aside.borrow_mut();
        set_aside.push(literal);
        Ok(Value::String(format!(
            "{}{}",
            placeholder(),
            set_aside.len() - 1
        )))
    })
}

/// Literals at least this long are set aside during formatting.
const LONG_LITERAL: usize = 256;

/// The identifier that stands for a set-aside literal, before its index:
/// fixed text and a random 64-bit number drawn once per process. Spec text
/// can contain anything, even the fixed part, and prettyplease prints doc
/// attributes as plain `///` comments, so only a value the spec's author
/// cannot know keeps text from being mistaken for a placeholder. It never
/// reaches the output, which stays byte-identical across runs.
fn placeholder() -> &'static str {
    static PREFIX: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PREFIX.get_or_init(|| {
        use std::hash::{BuildHasher, Hasher};
        let random = std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish();
        format!("__mcp_gen_literal_{random:016x}_")
    })
}

thread_local! {
    /// The literals set aside while rendering the current file; each file
    /// renders on one thread.
    static LONG_LITERALS: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Replaces each placeholder in `text` with its literal; returns the text
/// and how many placeholders it replaced.
fn restore_literals(text: &str, literals: &[String]) -> (String, usize) {
    let mut out =
        String::with_capacity(text.len() + literals.iter().map(String::len).sum::<usize>());
    let mut rest = text;
    let prefix = placeholder();
    let mut restored = 0;
    while let Some(at) = rest.find(prefix) {
        out.push_str(&rest[..at]);
        let digits = &rest[at + prefix.len()..];
        let len = digits.bytes().take_while(u8::is_ascii_digit).count();
        match digits[..len]
            .parse::<usize>()
            .ok()
            .and_then(|i| literals.get(i))
        {
            Some(literal) => {
                out.push_str(literal);
                restored += 1;
            }
            None => out.push_str(&rest[at..at + prefix.len() + len]),
        }
        rest = &digits[len..];
    }
    out.push_str(rest);
    (out, restored)
}

/// A template value as text: strings as they are, anything else as JSON.
fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Spec text as one line of inline Markdown that renders as the text
/// itself: in a list item or a table cell, a newline, a `|` or a stray `*`
/// would end or restyle it, and `<` would open raw HTML. Balanced code spans
/// (`` `id` ``) stay code spans; everything else that Markdown reads as
/// syntax is backslash-escaped.
fn markdown_text(text: &str) -> String {
    let line = crate::error::one_line(text);
    let escape = |part: &str, out: &mut String, in_code: bool| {
        for c in part.chars() {
            let special = if in_code {
                c == '|'
            } else {
                matches!(
                    c,
                    '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~'
                )
            };
            if special {
                out.push('\\');
            }
            out.push(c);
        }
    };
    let mut out = String::with_capacity(line.len());
    if line.matches('`').count().is_multiple_of(2) {
        for (i, part) in line.split('`').enumerate() {
            let in_code = i % 2 == 1;
            if in_code {
                out.push('`');
            }
            escape(part, &mut out, in_code);
            if in_code {
                out.push('`');
            }
        }
    } else {
        escape(&line, &mut out, false);
    }
    out
}

/// A Markdown code span that shows `text` verbatim: fenced by more
/// backticks than any run inside it, and table-safe.
fn markdown_code(text: &str) -> String {
    let line = crate::error::one_line(text);
    let longest = line.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if line.starts_with('`') || line.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{}{pad}{fence}", line.replace('|', "\\|"))
}

/// A JSON string literal for a snippet in a fenced code block; a backtick
/// is escaped so that no text can close the fence.
fn json_string(text: &str) -> String {
    serde_json::Value::from(text)
        .to_string()
        .replace('`', "\\u0060")
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
    use super::{
        json_string, markdown_code, markdown_text, placeholder, restore_literals, rust_literal,
        space_items,
    };

    #[test]
    fn items_get_blank_lines_and_statements_keep_theirs() {
        let dense = "//! Doc.\nuse a;\nuse b;\nconst X: u8 = 1;\n/// `/a/{b}`\n/// c;\nfn f() {\n    let x = 1;\n    #[cfg(x)]\n    g();\n}\nimpl S {\n    fn a() {}\n    fn b() {}\n}\nstruct T {\n    a: u8,\n    #[serde(x)]\n    b: u8,\n}\n";
        let spaced = "//! Doc.\n\nuse a;\nuse b;\n\nconst X: u8 = 1;\n\n/// `/a/{b}`\n/// c;\nfn f() {\n    let x = 1;\n    #[cfg(x)]\n    g();\n}\n\nimpl S {\n    fn a() {}\n\n    fn b() {}\n}\n\nstruct T {\n    a: u8,\n    #[serde(x)]\n    b: u8,\n}\n";
        assert_eq!(space_items(dense), spaced);
    }

    #[test]
    fn markdown_text_is_one_inert_line() {
        assert_eq!(
            markdown_text("Get a `repo`.\n\n| a | *b* <script> [x](y) _z_"),
            "Get a `repo`. \\| a \\| \\*b\\* \\<script\\> \\[x\\](y) \\_z\\_"
        );
        // An unbalanced backtick cannot open a span that swallows the rest.
        assert_eq!(markdown_text("it's `odd"), "it's \\`odd");
        assert_eq!(markdown_text("a `x|y` b"), "a `x\\|y` b");
    }

    #[test]
    fn markdown_code_spans_hold_any_text() {
        assert_eq!(markdown_code("/pets/{id}"), "`/pets/{id}`");
        assert_eq!(markdown_code("a`b"), "``a`b``");
        assert_eq!(markdown_code("`x``"), "``` `x`` ```");
        assert_eq!(markdown_code("a|b\nc"), "`a\\|b c`");
    }

    #[test]
    fn json_strings_cannot_end_a_code_fence() {
        assert_eq!(
            json_string("http://h/\"```"),
            r#""http://h/\"\u0060\u0060\u0060""#
        );
    }

    #[test]
    fn a_template_bug_names_the_item_that_does_not_parse() {
        let text =
            "/// A.\nconst A: u8 = 1;\n#[derive(Debug)]\nstruct B {\n    x: u8,,\n}\nfn c() {}\n";
        assert_eq!(super::failing_item(text), Some((3, "#[derive(Debug)]")));
        let err = super::format_rust("t", text).unwrap_err().to_string();
        assert!(err.contains("rendered line 3"), "{err}");
    }

    #[test]
    fn set_aside_literals_come_back_in_place() {
        let literals = vec!["r#\"{\"a\": 1}\"#".to_string(), "\"b\"".to_string()];
        let text = format!(
            "const A: &str = {p}0;\nconst B: &str = {p}1;\n{p}9",
            p = placeholder()
        );
        assert_eq!(
            restore_literals(&text, &literals).0,
            format!(
                "const A: &str = r#\"{{\"a\": 1}}\"#;\nconst B: &str = \"b\";\n{}9",
                placeholder()
            )
        );
    }

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

//! Naming: turning arbitrary spec strings into Rust identifiers and MCP names.
//!
//! Names are decided here, once, and every later stage only reads them. Each
//! function is total: any input, including empty, non-ASCII or keyword-only
//! strings, yields a valid name, and the same input always yields the same name.

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// MCP clients reject tool names outside `^[A-Za-z0-9_-]{1,64}$`.
pub const MAX_TOOL_NAME: usize = 64;

/// Words that cannot be plain Rust identifiers (strict and reserved keywords).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Replaces everything but ASCII letters and digits with spaces, so heck sees
/// word boundaries at punctuation and never keeps characters Rust rejects.
fn ascii_words(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// A `snake_case` identifier for a field, function or module.
pub fn snake_ident(s: &str, fallback: &str) -> String {
    let mut name = ascii_words(s).to_snake_case();
    if name.is_empty() {
        name = fallback.to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// An `UpperCamelCase` identifier for a type or enum variant.
pub fn camel_ident(s: &str, fallback: &str) -> String {
    let mut name = ascii_words(s).to_upper_camel_case();
    if name.is_empty() {
        name = fallback.to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, fallback);
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// The ASCII words of `text`, lowercase, joined by `-` (`Pull Requests`
/// gives `pull-requests`); empty when it has none.
pub fn kebab_words(text: &str) -> String {
    heck::AsKebabCase(
        text.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
            .collect::<String>(),
    )
    .to_string()
}

/// A variant name for an enum value. Signs are spelled out, so `+1` and `-1`
/// stay distinct.
pub fn variant_ident(value: &str) -> String {
    let spelled = match value.chars().next() {
        Some('+') => format!("plus {}", &value[1..]),
        Some('-') => format!("minus {}", &value[1..]),
        _ => value.to_string(),
    };
    if value.is_empty() {
        return "Empty".into();
    }
    camel_ident(&spelled, "V")
}

/// An MCP tool name: `snake_case`, at most 64 characters, from the
/// operationId, or from the method and path when there is none. A name cut to
/// fit keeps a hash of the whole, so two long ids with a common prefix differ.
pub fn tool_name(operation_id: Option<&str>, method: &str, path: &str) -> String {
    let source = match operation_id {
        Some(id) if !id.trim().is_empty() => id.to_string(),
        _ => format!("{method} {}", path.replace(['{', '}'], " ")),
    };
    let mut name = ascii_words(&source).to_snake_case();
    if name.is_empty() {
        name = format!("{method}_operation");
    }
    fit(name, &source)
}

/// Shortens `name` to [`MAX_TOOL_NAME`], ending in a hash of `source`.
pub fn fit(name: String, source: &str) -> String {
    if name.len() <= MAX_TOOL_NAME {
        return name;
    }
    let hash = format!("_{:08x}", fnv1a(source) as u32);
    let keep = MAX_TOOL_NAME - hash.len();
    format!("{}{hash}", name[..keep].trim_end_matches('_'))
}

/// FNV-1a: a small, stable hash (the standard library's hasher is not stable
/// across releases, and names must be).
pub fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Hands out unique names within one namespace, in a deterministic order:
/// the first claimant of a name keeps it, later ones get `2`, `3`, ...
#[derive(Debug, Default)]
pub struct Namer {
    used: HashSet<String>,
}

impl Namer {
    /// Claims `base`, or the first free `base{sep}N`.
    pub fn claim(&mut self, base: &str, sep: &str) -> String {
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        // `Self_` (a keyword escaped) numbers as `Self2`: `Self_2` is not
        // UpperCamelCase, and `-D warnings` refuses it.
        let stem = match base.trim_end_matches('_') {
            stem if sep.is_empty() && !stem.is_empty() => stem,
            _ => base,
        };
        (2..)
            .map(|n| format!("{stem}{sep}{n}"))
            .find(|candidate| self.used.insert(candidate.clone()))
            .expect("an unbounded counter always finds a free name")
    }

    /// Claims exactly `name`; false when it is taken.
    pub fn try_claim(&mut self, name: &str) -> bool {
        self.used.insert(name.to_string())
    }

    /// Marks `name` as taken without returning it.
    pub fn reserve(&mut self, name: &str) {
        self.used.insert(name.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_always_valid() {
        assert_eq!(snake_ident("bookId", "f"), "book_id");
        assert_eq!(snake_ident("X-Request-Id", "f"), "x_request_id");
        assert_eq!(snake_ident("type", "f"), "type_");
        assert_eq!(snake_ident("1st", "f"), "_1st");
        assert_eq!(snake_ident("日本", "field"), "field");
        assert_eq!(camel_ident("new-book.v2", "T"), "NewBookV2");
        assert_eq!(camel_ident("self", "T"), "Self_");
        assert_eq!(camel_ident("1st", "V"), "V1st");
        for s in ["", "@id", "a b", "Ωmega", "__", "fn"] {
            assert!(
                syn::parse_str::<syn::Ident>(&snake_ident(s, "f")).is_ok(),
                "{s}"
            );
            assert!(
                syn::parse_str::<syn::Ident>(&camel_ident(s, "T")).is_ok(),
                "{s}"
            );
        }
    }

    #[test]
    fn signed_enum_values_stay_distinct() {
        assert_eq!(variant_ident("+1"), "Plus1");
        assert_eq!(variant_ident("-1"), "Minus1");
        assert_eq!(variant_ident("in-transit"), "InTransit");
        assert_eq!(variant_ident("1st"), "V1st");
        assert_eq!(variant_ident(""), "Empty");
    }

    #[test]
    fn tool_names_fit_the_client_pattern() {
        assert_eq!(
            tool_name(Some("createBook"), "post", "/books"),
            "create_book"
        );
        assert_eq!(
            tool_name(None, "get", "/books/{bookId}/loans"),
            "get_books_book_id_loans"
        );
        let long = "a".repeat(100) + "X";
        let long2 = "a".repeat(100) + "Y";
        let (n1, n2) = (
            tool_name(Some(&long), "get", "/"),
            tool_name(Some(&long2), "get", "/"),
        );
        assert!(n1.len() <= MAX_TOOL_NAME && n2.len() <= MAX_TOOL_NAME);
        assert_ne!(n1, n2);
        assert_eq!(n1, tool_name(Some(&long), "get", "/"));
    }

    #[test]
    fn namer_is_first_come_first_served() {
        let mut namer = Namer::default();
        assert_eq!(namer.claim("id", "_"), "id");
        assert_eq!(namer.claim("id", "_"), "id_2");
        assert_eq!(namer.claim("id", "_"), "id_3");
        // Numbered camel-case names stay UpperCamelCase.
        assert_eq!(namer.claim("Self_", ""), "Self_");
        assert_eq!(namer.claim("Self_", ""), "Self2");
    }
}

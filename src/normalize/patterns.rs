//! Schema `pattern`s: ECMA-262 regular expressions, brought to a form the
//! Rust `regex` engine runs with the same meaning.
//!
//! JSON Schema patterns are ECMA-262, read with the `u` flag as JSON Schema
//! validators do. The generated server checks them with the Rust engine, so
//! each pattern is translated once here and the translation replaces it in
//! the schema. A translation only uses syntax both engines read alike
//! (`\[`, `\-`, `\x26`, `\u{1F600}`), so the schema shown to clients stays
//! valid ECMA-262.
//!
//! What differs and is translated: `[` inside a class is literal in ECMA and
//! opens a nested class in Rust; `&&`, `~~` and `--` are Rust set operators;
//! a `-` next to a class escape (`[\w-.]`) is literal (ECMA Annex B); `[\b]`
//! is a backspace; `\cX`, `\0` and surrogate pairs name characters; `[^]`
//! and `[]` match any character and none; a lone `{`, `}` or `]` is literal
//! (Annex B).
//!
//! Rust's `\d`, `\w`, `\s`, `\b` and `.` are Unicode-aware where ECMA's are
//! ASCII (or exclude more line terminators): they are kept, so the server
//! may accept a value an ECMA engine refuses, never the other way round.

/// What becomes of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The Rust engine reads it as ECMA-262 does.
    Same,
    /// This spelling has the pattern's ECMA-262 meaning for both engines.
    Translated(String),
    /// Valid ECMA-262 that the Rust engine cannot run (look-around,
    /// backreferences, or too large): it stays in the schema, unchecked.
    Unchecked(String),
    /// Not ECMA-262, or a meaning no translation keeps (a lone surrogate):
    /// it is dropped from the schema.
    Dropped(String),
}

/// The compiled-size limit of the generated server's pattern check; keep in
/// step with `size_limit` in runtime/src/validate.rs.
const PATTERN_SIZE_LIMIT: usize = 1 << 20;

/// Translates `pattern` and checks that the Rust engine accepts the result.
pub fn translate(pattern: &str) -> Outcome {
    let rust = match Translator::new(pattern).run() {
        Ok(rust) => rust,
        Err(Stop::Unchecked(why)) => return Outcome::Unchecked(why),
        Err(Stop::Dropped(why)) => return Outcome::Dropped(why),
    };
    match regex::RegexBuilder::new(&rust)
        .size_limit(PATTERN_SIZE_LIMIT)
        .build()
    {
        Ok(_) if rust == pattern => Outcome::Same,
        Ok(_) => Outcome::Translated(rust),
        Err(regex::Error::CompiledTooBig(limit)) => Outcome::Unchecked(format!(
            "it compiles to more than the {limit}-byte limit of the generated server's engine"
        )),
        Err(regex::Error::Syntax(e)) => Outcome::Dropped(
            e.lines()
                .last()
                .unwrap_or("not a regular expression")
                .trim_start_matches("error: ")
                .to_string(),
        ),
        Err(e) => Outcome::Dropped(e.to_string()),
    }
}

/// Puts `pattern` in place of the `pattern` keyword at `pointer`, or with
/// `None` removes the keyword.
pub fn rewrite(doc: &mut serde_json::Value, pointer: &str, pattern: Option<&str>) {
    let Some((parent, _)) = pointer.rsplit_once('/') else {
        return;
    };
    let Some(schema) = doc.pointer_mut(parent).and_then(|s| s.as_object_mut()) else {
        return;
    };
    match pattern {
        Some(p) => {
            schema.insert("pattern".into(), p.into());
        }
        None => {
            schema.remove("pattern");
        }
    }
}

enum Stop {
    Unchecked(String),
    Dropped(String),
}

struct Translator<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    out: String,
    /// Open groups, so a stray `)` is caught here with a clear message.
    depth: usize,
}

/// The class escapes, which stand for a set rather than one character.
fn is_class_escape(c: char) -> bool {
    matches!(c, 'd' | 'D' | 'w' | 'W' | 's' | 'S' | 'p' | 'P')
}

impl<'a> Translator<'a> {
    fn new(pattern: &'a str) -> Self {
        Translator {
            chars: pattern.chars().peekable(),
            out: String::with_capacity(pattern.len()),
            depth: 0,
        }
    }

    fn next(&mut self) -> Option<char> {
        self.chars.next()
    }

    fn peek(&mut self) -> Option<char> {
        self.chars.peek().copied()
    }

    /// The next `n` characters, not consumed.
    fn ahead(&self, n: usize) -> String {
        self.chars.clone().take(n).collect()
    }

    fn eat(&mut self, c: char) -> bool {
        let found = self.peek() == Some(c);
        if found {
            self.chars.next();
        }
        found
    }

    fn run(mut self) -> Result<String, Stop> {
        // Whether the last token can take a quantifier: an atom can, an
        // assertion, a quantifier or an opening can not.
        let mut repeatable = false;
        while let Some(c) = self.next() {
            let mut atom = true;
            match c {
                '\\' => atom = self.escape(false)?,
                '[' => self.class()?,
                '(' => {
                    self.group()?;
                    atom = false;
                }
                ')' => {
                    if self.depth == 0 {
                        return Err(Stop::Dropped("an unopened `)`".into()));
                    }
                    self.depth -= 1;
                    self.out.push(')');
                }
                '{' => match self.quantifier()? {
                    Some(q) if repeatable => {
                        self.out.push_str(&q);
                        atom = false;
                    }
                    Some(_) => return Err(nothing_to_repeat('{')),
                    None => self.out.push_str("\\{"),
                },
                '}' => self.out.push_str("\\}"),
                ']' => self.out.push_str("\\]"),
                '*' | '+' | '?' => {
                    if !repeatable {
                        return Err(nothing_to_repeat(c));
                    }
                    self.out.push(c);
                    if self.eat('?') {
                        self.out.push('?');
                    }
                    atom = false;
                }
                '|' | '^' | '$' => {
                    self.out.push(c);
                    atom = false;
                }
                _ => self.out.push(c),
            }
            repeatable = atom;
        }
        if self.depth > 0 {
            return Err(Stop::Dropped("an unclosed `(`".into()));
        }
        Ok(self.out)
    }

    /// After `{`: a whole quantifier (`{2}`, `{2,}`, `{2,5}`, with a lazy
    /// `?`), `None` for a literal brace (Annex B), or a stop for a brace
    /// that starts like a quantifier and is not one (`{1-70}`), which is a
    /// typo rather than text.
    fn quantifier(&mut self) -> Result<Option<String>, Stop> {
        let rest = self.ahead(usize::MAX);
        let Some(close) = rest.find('}') else {
            return match rest.starts_with(|c: char| c.is_ascii_digit()) {
                true => Err(Stop::Dropped("an unclosed `{` quantifier".into())),
                false => Ok(None),
            };
        };
        let body = &rest[..close];
        let valid = match body.split_once(',') {
            None => !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit()),
            Some((min, max)) => {
                !min.is_empty()
                    && min.bytes().all(|b| b.is_ascii_digit())
                    && max.bytes().all(|b| b.is_ascii_digit())
            }
        };
        if !valid {
            return match body.starts_with(|c: char| c.is_ascii_digit()) {
                true => Err(Stop::Dropped(format!("`{{{body}}}` is not a quantifier"))),
                false => Ok(None),
            };
        }
        for _ in 0..=body.chars().count() {
            self.chars.next();
        }
        let mut q = format!("{{{body}}}");
        if self.eat('?') {
            q.push('?');
        }
        Ok(Some(q))
    }

    fn group(&mut self) -> Result<(), Stop> {
        self.depth += 1;
        self.out.push('(');
        if !self.eat('?') {
            return Ok(());
        }
        let rest = self.ahead(2);
        if rest.starts_with(':') {
            self.next();
            self.out.push_str("?:");
        } else if rest.starts_with('=') || rest.starts_with('!') || rest == "<=" || rest == "<!" {
            return Err(Stop::Unchecked("look-around".into()));
        } else if rest.starts_with('<') {
            self.out.push('?');
        } else {
            return Err(Stop::Dropped(format!(
                "`(?{rest}` is not ECMA-262 group syntax"
            )));
        }
        Ok(())
    }

    /// After `\`, outside a class or (with `in_class`) inside one; says
    /// whether what it wrote is an atom (`\b` and `\B` are assertions).
    fn escape(&mut self, in_class: bool) -> Result<bool, Stop> {
        let Some(c) = self.next() else {
            return Err(Stop::Dropped("a trailing `\\`".into()));
        };
        match c {
            'd' | 'D' | 'w' | 'W' | 's' | 'S' | 't' | 'n' | 'r' | 'f' | 'v' => {
                self.out.push('\\');
                self.out.push(c);
            }
            'b' if in_class => self.out.push_str("\\x08"),
            'b' | 'B' => {
                self.out.push('\\');
                self.out.push(c);
                return Ok(false);
            }
            'p' | 'P' => {
                self.out.push('\\');
                self.out.push(c);
                if self.peek() != Some('{') {
                    return Err(Stop::Dropped(format!("`\\{c}` without a `{{property}}`")));
                }
                for n in self.chars.by_ref() {
                    self.out.push(n);
                    if n == '}' {
                        break;
                    }
                }
            }
            '0' if !self.peek().is_some_and(|d| d.is_ascii_digit()) => self.out.push_str("\\x00"),
            '1'..='9' if !in_class => return Err(Stop::Unchecked("a backreference".into())),
            'k' if !in_class && self.peek() == Some('<') => {
                return Err(Stop::Unchecked("a backreference".into()));
            }
            'c' => match self.next() {
                Some(l) if l.is_ascii_alphabetic() => {
                    self.out.push_str(&format!("\\x{:02X}", (l as u8) % 32))
                }
                _ => return Err(Stop::Dropped("`\\c` without a control letter".into())),
            },
            'x' => {
                let hex = self.hex_digits(2);
                if hex.len() != 2 {
                    return Err(Stop::Dropped("`\\x` without two hex digits".into()));
                }
                self.out.push_str(&format!("\\x{hex}"));
            }
            'u' => {
                let unit = self.code_unit()?;
                self.code_point(unit)?;
            }
            '/' => self.out.push('/'),
            '-' => self.out.push_str("\\-"),
            c if c.is_ascii_alphanumeric() || c == '_' => {
                return Err(Stop::Dropped(format!("`\\{c}` is not an ECMA-262 escape")));
            }
            c => self.out.push_str(&regex::escape(&c.to_string())),
        }
        Ok(true)
    }

    fn hex_digits(&mut self, n: usize) -> String {
        let mut hex = String::new();
        while hex.len() < n {
            match self.peek() {
                Some(h) if h.is_ascii_hexdigit() => {
                    hex.push(h);
                    self.next();
                }
                _ => break,
            }
        }
        hex
    }

    /// After `\u`: four hex digits, or `{...}`.
    fn code_unit(&mut self) -> Result<u32, Stop> {
        let hex = if self.eat('{') {
            let mut hex = String::new();
            while let Some(h) = self.next() {
                if h == '}' {
                    break;
                }
                hex.push(h);
            }
            hex
        } else {
            self.hex_digits(4)
        };
        match u32::from_str_radix(&hex, 16) {
            Ok(unit) if !hex.is_empty() && hex.len() <= 6 => Ok(unit),
            _ => Err(Stop::Dropped("`\\u` without a hex code".into())),
        }
    }

    /// Writes the character `unit` names, joining a surrogate pair.
    fn code_point(&mut self, unit: u32) -> Result<(), Stop> {
        let point = if (0xD800..0xDC00).contains(&unit) {
            let low = self
                .ahead(6)
                .strip_prefix("\\u")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .filter(|l| (0xDC00..0xE000).contains(l));
            match low {
                Some(low) => {
                    for _ in 0..6 {
                        self.next();
                    }
                    0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                }
                None => return Err(lone_surrogate()),
            }
        } else {
            unit
        };
        match char::from_u32(point) {
            Some(_) if point < 0x10000 => self.out.push_str(&format!("\\u{point:04X}")),
            Some(_) => self.out.push_str(&format!("\\u{{{point:X}}}")),
            None => return Err(lone_surrogate()),
        }
        Ok(())
    }

    /// After `[`: the class, up to its `]`.
    fn class(&mut self) -> Result<(), Stop> {
        if self.eat(']') {
            // `[]` matches nothing.
            self.out.push_str("[^\\s\\S]");
            return Ok(());
        }
        if self.ahead(2) == "^]" {
            self.next();
            self.next();
            self.out.push_str("[\\s\\S]");
            return Ok(());
        }
        self.out.push('[');
        if self.eat('^') {
            self.out.push('^');
        }
        // Whether the item before a `-` was a class escape, which makes
        // the `-` literal.
        let mut after_set = false;
        let mut first = true;
        loop {
            let Some(c) = self.next() else {
                return Err(Stop::Dropped("an unclosed `[`".into()));
            };
            let mut set = false;
            match c {
                ']' => break,
                '\\' => {
                    set = self.peek().is_some_and(is_class_escape);
                    self.escape(true)?;
                }
                '-' => {
                    let next = self.ahead(2);
                    let literal = first
                        || after_set
                        || next.starts_with(']')
                        || next.starts_with('-')
                        || (next.starts_with('\\') && next[1..].starts_with(is_class_escape));
                    self.out.push_str(if literal { "\\-" } else { "-" });
                }
                '[' => self.out.push_str("\\["),
                '&' => self.out.push_str("\\x26"),
                '~' => self.out.push_str("\\x7E"),
                c => self.out.push(c),
            }
            after_set = set;
            first = false;
        }
        self.out.push(']');
        Ok(())
    }
}

fn lone_surrogate() -> Stop {
    Stop::Dropped("a lone surrogate (`\\uD800`-`\\uDFFF`), which no string can hold".into())
}

fn nothing_to_repeat(quantifier: char) -> Stop {
    Stop::Dropped(format!("`{quantifier}` with nothing to repeat"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rust(pattern: &str) -> String {
        match translate(pattern) {
            Outcome::Same => pattern.to_string(),
            Outcome::Translated(t) => t,
            other => panic!("{pattern}: {other:?}"),
        }
    }

    fn accepts(pattern: &str, text: &str) -> bool {
        regex::Regex::new(&rust(pattern)).unwrap().is_match(text)
    }

    #[test]
    fn ecma_meanings_are_kept() {
        // `[` is a member of the class.
        assert!(accepts("^[[A-Z0-9]{1,18}$", "[AB12"));
        assert!(accepts("^[[A-Z0-9]{1,18}$", "ZZ"));
        assert!(!accepts("^[[A-Z0-9]{1,18}$", "ab"));
        // A `-` beside a class escape is literal.
        assert!(accepts("^[\\w-.+]+@[\\w-.+]+$", "a-b.c+d@x-y.z"));
        assert!(!accepts("^[\\w-.+]+$", "a,b"));
        assert!(accepts("^[a-c&&~]+$", "a&~"));
        assert!(accepts("^[\\b]$", "\u{8}"));
        assert!(accepts("^\\cJ$", "\n"));
        assert!(accepts("^\\uD83D\\uDE00$", "😀"));
        assert!(accepts("^[^]$", "\n"));
        assert!(!accepts("a[]", "a"));
        assert!(accepts("^\\{x}]$", "{x}]"));
        assert!(accepts("^a{2}?b{1,}c{0,1}$", "aabc"));
        assert!(accepts("^\\/\\@$", "/@"));
    }

    #[test]
    fn rust_readable_patterns_are_left_as_written() {
        for same in [
            "^[a-z]+$",
            "\\d{1,3}",
            "(?<name>x)",
            "\\u0041",
            "^\\p{Lu}{3}$",
            "a|b*?",
        ] {
            assert_eq!(translate(same), Outcome::Same, "{same}");
        }
    }

    #[test]
    fn look_around_and_backreferences_stay_unchecked() {
        for ecma in [
            "(?=a)b",
            "(?!a)b",
            "(?<=a)b",
            "(?<!a)b",
            "(a)\\1",
            "(?<n>a)\\k<n>",
        ] {
            assert!(matches!(translate(ecma), Outcome::Unchecked(_)), "{ecma}");
        }
        assert!(matches!(
            translate("(\\w{1000}){1000}"),
            Outcome::Unchecked(_)
        ));
    }

    #[test]
    fn what_is_not_ecma_is_dropped() {
        for bad in [
            "\\p{Print}",
            "\\A[a-z]+\\z",
            "[a-zA-Z]{1-70}",
            "(abc",
            "abc)",
            "*a",
            "a**",
            "[z-a]",
            "(?i)a",
            "\\q",
            "[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDBFF-\\uDC00\\uDFFF\\r\\n\\t]*",
        ] {
            assert!(matches!(translate(bad), Outcome::Dropped(_)), "{bad}");
        }
    }
}

//! The `jq` argument of tools and template reads: a jq filter applied to a
//! JSON response before it reaches the model, with the jaq crates (a jq
//! implementation in Rust; the jq 1.7 manual describes the language). A
//! submodule of `runtime`, whose items it re-exports.

use jaq_core::load::{Arena, File, Loader};
use jaq_core::{Compiler, Ctx, Native, Vars, data, unwrap_valr};
use jaq_json::Val;
use serde_json::Value;

/// The name of the argument.
pub const JQ: &str = "jq";

type Filter = jaq_core::compile::Filter<Native<data::JustLut<Val>>>;

/// A parsed jq filter.
pub struct Jq(Filter);

impl std::fmt::Debug for Jq {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Jq")
    }
}

impl Jq {
    /// Parses `code` with jq's standard library of filters.
    ///
    /// # Errors
    ///
    /// What is wrong with the filter, as a sentence for the model: a lexical
    /// or syntax error with the text where it happened, or an undefined
    /// filter or variable.
    pub fn parse(code: &str) -> Result<Self, String> {
        let defs = jaq_core::defs().chain(jaq_std::defs()).chain(jaq_json::defs());
        let funs = jaq_core::funs().chain(jaq_std::funs()).chain(jaq_json::funs());
        let arena = Arena::default();
        let modules = Loader::new(defs)
            .load(&arena, File { code, path: () })
            .map_err(|errors| {
                let reasons: Vec<String> = errors
                    .into_iter()
                    .flat_map(|(_, error)| match error {
                        jaq_core::load::Error::Io(e) => {
                            e.into_iter().map(|(_, m)| m).collect::<Vec<_>>()
                        }
                        jaq_core::load::Error::Lex(e) => e
                            .into_iter()
                            .map(|(expect, at)| format!("expected {} at `{}`", expect.as_str(), start(at)))
                            .collect(),
                        jaq_core::load::Error::Parse(e) => e
                            .into_iter()
                            .map(|(expect, at)| format!("expected {} at `{}`", expect.as_str(), start(at)))
                            .collect(),
                    })
                    .collect();
                format!("the jq filter does not parse: {}", reasons.join("; "))
            })?;
        let filter = Compiler::default()
            .with_funs(funs)
            .compile(modules)
            .map_err(|errors| {
                let reasons: Vec<String> = errors
                    .into_iter()
                    .flat_map(|(_, e)| e)
                    .map(|(name, undefined)| format!("{} `{name}` is not defined", undefined.as_str()))
                    .collect();
                format!("the jq filter does not compile: {}", reasons.join("; "))
            })?;
        Ok(Jq(filter))
    }

    /// Runs the filter on the JSON text `input`: one output is the result,
    /// several are an array of them, none is `null`.
    ///
    /// # Errors
    ///
    /// The input is not JSON, or the filter fails on it (jq's message).
    pub fn run(&self, input: &[u8]) -> Result<Value, String> {
        let input = jaq_json::read::parse_single(input)
            .map_err(|e| format!("the response is not JSON, so the jq filter cannot run: {e}"))?;
        let ctx = Ctx::<data::JustLut<Val>>::new(&self.0.lut, Vars::new([]));
        let mut outputs = Vec::new();
        for output in self.0.id.run((ctx, input)).map(unwrap_valr) {
            let output = output.map_err(|e| format!("the jq filter failed: {e}"))?;
            let text = output.to_string();
            outputs.push(serde_json::from_str(&text).unwrap_or(Value::String(text)));
        }
        Ok(match outputs.len() {
            0 => Value::Null,
            1 => outputs.swap_remove(0),
            _ => Value::Array(outputs),
        })
    }
}

/// The start of a filter's text where an error was found.
fn start(at: &str) -> String {
    let cut: String = at.chars().take(20).collect();
    if cut.is_empty() { "the end".into() } else { cut }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_select_and_count() {
        let jq = Jq::parse("map(select(.n > 1)) | length").unwrap();
        assert_eq!(jq.run(br#"[{"n":1},{"n":2},{"n":3}]"#).unwrap(), Value::from(2));
        let names = Jq::parse(".[].name").unwrap();
        assert_eq!(names.run(br#"[{"name":"a"},{"name":"b"}]"#).unwrap(), serde_json::json!(["a", "b"]));
        assert_eq!(Jq::parse("empty").unwrap().run(b"1").unwrap(), Value::Null);
    }

    #[test]
    fn errors_say_what_is_wrong() {
        assert_eq!(Jq::parse(".[").unwrap_err(), "the jq filter does not parse: expected closing bracket at `the end`");
        assert_eq!(Jq::parse("frobnicate(1)").unwrap_err(), "the jq filter does not compile: filter `frobnicate` is not defined");
        let failed = Jq::parse(".a + 1").unwrap().run(br#"{"a":"x"}"#).unwrap_err();
        assert!(failed.starts_with("the jq filter failed: cannot calculate"), "{failed}");
    }
}

//! Spec text as a model reads it: descriptions written in HTML (Stripe's
//! `<p>` and `<a href>`) become Markdown, and every description is held to
//! a size, so one long text cannot fill a model's context.

use serde_json::Value;

/// The most characters a description keeps; longer ones are cut at a word
/// with `…`.
pub(super) const MAX_DESCRIPTION: usize = 2_000;

/// `text` as Markdown when it holds HTML tags, cut to [`MAX_DESCRIPTION`].
pub(super) fn for_model(text: &str) -> String {
    let text = if has_html(text) {
        htmd::convert(text).unwrap_or_else(|_| text.to_string())
    } else {
        text.to_string()
    };
    capped(text.trim())
}

/// Every `description` in a JSON Schema, in place, through [`for_model`].
pub(super) fn schema_descriptions(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match value {
                    Value::String(text) if key == "description" => *text = for_model(text),
                    // Property names can be `description` too: only strings
                    // under that key are texts.
                    other => schema_descriptions(other),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(schema_descriptions),
        _ => {}
    }
}

/// Whether `text` holds an HTML tag of the kinds descriptions use (`<p>`,
/// `</a>`, `<br/>`): a lone `<` (`a < b`) or a generic type (`List<String>`)
/// is not one.
fn has_html(text: &str) -> bool {
    const TAGS: &[&str] = &[
        "a",
        "b",
        "blockquote",
        "br",
        "code",
        "dd",
        "div",
        "dl",
        "dt",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "li",
        "ol",
        "p",
        "pre",
        "span",
        "strong",
        "sub",
        "sup",
        "table",
        "td",
        "th",
        "tr",
        "u",
        "ul",
    ];
    text.match_indices('<').any(|(i, _)| {
        let rest = text[i + 1..].trim_start_matches('/');
        let name: String = rest
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        let after = &rest[name.len()..];
        TAGS.contains(&name.as_str()) && after.starts_with(['>', ' ', '/', '\n'])
    })
}

fn capped(text: &str) -> String {
    if text.chars().count() <= MAX_DESCRIPTION {
        return text.to_string();
    }
    let cut: String = text.chars().take(MAX_DESCRIPTION).collect();
    let at_word = cut.rfind(char::is_whitespace).unwrap_or(cut.len());
    format!("{}…", cut[..at_word].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn html_becomes_markdown_and_plain_text_stays() {
        assert_eq!(
            for_model("<p>Creates a <a href=\"https://stripe.com/docs\">charge</a>.</p>"),
            "Creates a [charge](https://stripe.com/docs)."
        );
        assert_eq!(for_model("  a < b and c > d  "), "a < b and c > d");
        assert_eq!(
            for_model("Use `List<String>` here"),
            "Use `List<String>` here"
        );
    }

    #[test]
    fn long_descriptions_are_cut_at_a_word() {
        let long = "word ".repeat(1_000);
        let cut = for_model(&long);
        assert!(cut.chars().count() <= MAX_DESCRIPTION + 1);
        assert!(cut.ends_with("word…"));
    }

    #[test]
    fn every_description_in_a_schema_is_converted_and_names_are_not() {
        let mut schema = json!({
            "description": "<b>Top</b>",
            "properties": {
                "description": {"type": "string", "description": "<i>The</i> text"},
                "items": {"type": "array", "items": {"description": "<code>x</code>"}},
            },
        });
        schema_descriptions(&mut schema);
        assert_eq!(schema["description"], "**Top**");
        assert_eq!(
            schema["properties"]["description"]["description"],
            "*The* text"
        );
        assert_eq!(schema["properties"]["items"]["items"]["description"], "`x`");
    }
}

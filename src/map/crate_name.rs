//! The crate's name, which is also the binary's, the URI scheme and (upper
//! snake case) the environment-variable prefix: a short, readable name
//! derived from `info.title`.
//!
//! Titles are written for people: "GitHub's official OpenAPI spec +
//! Octokit extension", "Swagger Petstore - OpenAPI 3.0". The name keeps
//! what names the API: the title up to an aside (`(`, `+`, `:`, "with"),
//! words whole (GitHub, OpenAI and OAuth are one word each), possessives
//! and filler dropped (API, official, OpenAPI, spec, versions), at most
//! three words.

use crate::model::names::kebab_words as kebab;

/// Words that say the document is an API description, not which API.
const FILLER: &[&str] = &[
    "a",
    "an",
    "and",
    "api",
    "apis",
    "definition",
    "description",
    "document",
    "documentation",
    "example",
    "for",
    "http",
    "https",
    "namespace",
    "odata",
    "of",
    "official",
    "openapi",
    "rest",
    "restful",
    "service",
    "spec",
    "specification",
    "swagger",
    "the",
    "version",
];

/// Words that start an aside: what follows is not the API's name.
const ASIDES: &[&str] = &["with", "from", "by", "including"];

const MAX_WORDS: usize = 3;

/// The crate name: `explicit` (`--name`) in kebab case, or a short name
/// derived from `title`. Always a valid Cargo package name.
pub(super) fn crate_name(explicit: Option<&str>, title: &str) -> String {
    let name = match explicit {
        Some(name) => kebab(name),
        None => short_name(title).unwrap_or_else(|| kebab(title)),
    };
    match name.chars().next() {
        None => "mcp-server".into(),
        Some(c) if c.is_ascii_digit() => format!("api-{name}"),
        Some(_) => name,
    }
}

/// The title's name words, as the module doc says; `None` when none is
/// left.
fn short_name(title: &str) -> Option<String> {
    let head = title
        .split(['(', '[', '+', ':', '|'])
        .next()
        .unwrap_or(title);
    let mut words: Vec<String> = Vec::new();
    for raw in head.split(|c: char| !(c.is_ascii_alphanumeric() || c == '\'' || c == '’')) {
        let word = raw
            .trim_end_matches("'s")
            .trim_end_matches("’s")
            .replace(['\'', '’'], "")
            .to_ascii_lowercase();
        if ASIDES.contains(&word.as_str()) {
            break;
        }
        if !word.is_empty() && !FILLER.contains(&word.as_str()) {
            words.push(word);
        }
    }
    // Version words (`v2`, `3`, `2010`, `beta`) go when a name word is left.
    let is_version = |w: &String| {
        w.trim_start_matches('v')
            .bytes()
            .all(|b| b.is_ascii_digit())
            || matches!(w.as_str(), "beta" | "alpha" | "preview")
    };
    if words.iter().any(|w| !is_version(w)) {
        words.retain(|w| !is_version(w));
    }
    words.truncate(MAX_WORDS);
    (!words.is_empty()).then(|| words.join("-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The titles of the specs in ../shared/specs, and a few of our own.
    #[test]
    fn titles_give_short_readable_names() {
        for (title, name) in [
            (
                "GitHub's official OpenAPI spec + Octokit extension",
                "github",
            ),
            ("Box Platform API", "box-platform"),
            ("Cloudflare API", "cloudflare"),
            ("Discord HTTP API (Preview)", "discord"),
            ("Kubernetes", "kubernetes"),
            ("Letta API", "letta"),
            (
                "OData Service for namespace microsoft.graph",
                "microsoft-graph",
            ),
            ("Non-oAuth Scopes example", "non-oauth-scopes"),
            ("Notion API", "notion"),
            ("OpenAI API", "openai"),
            ("Swagger Petstore", "petstore"),
            ("Swagger Petstore - OpenAPI 3.0", "petstore"),
            ("Email Activity (beta)", "email-activity"),
            ("Slack Web API", "slack-web"),
            ("Twilio - Api", "twilio"),
            ("Twilio - Lookups", "twilio-lookups"),
            ("Uber API", "uber"),
            ("weather.gov API", "weather-gov"),
            ("Webhook Example", "webhook"),
            ("Simple API overview", "simple-overview"),
            ("Asana", "asana"),
            ("The Plaid API", "plaid"),
            ("Scalar Galaxy", "scalar-galaxy"),
            (
                "Spotify Web API with fixes and improvements from sonallux",
                "spotify-web",
            ),
            ("Stripe API", "stripe"),
            ("USPTO Data Set API", "uspto-data-set"),
            ("Catalog (Swagger 2.0)", "catalog"),
            ("Orders (OpenAPI 3.1)", "orders"),
            ("Bookshelf API", "bookshelf"),
            ("Acme API v2", "acme"),
        ] {
            assert_eq!(crate_name(None, title), name, "{title}");
        }
    }

    #[test]
    fn every_name_is_a_cargo_name() {
        assert_eq!(crate_name(Some("my_server"), "x"), "my-server");
        assert_eq!(crate_name(None, "42 API"), "api-42");
        assert_eq!(crate_name(None, "API"), "api");
        assert_eq!(crate_name(None, "日本"), "mcp-server");
        assert_eq!(
            crate_name(None, "Hostile \"names\" */ {{ x }}"),
            "hostile-names-x"
        );
    }
}

//! How a task and an operation become search terms: the words of each,
//! the values a task names (left out), and the words a task implies that
//! the operations use ("make" for "create", a method's verbs). A submodule
//! of `runtime`, used by `discover`.

use bm25::Tokenizer;

use super::discover::ToolDef;

/// Words for BM25: [`words`], plural `s` and `ies` folded, so "issues"
/// finds `list_issues` and "repositories" finds "repository".
#[derive(Debug, Clone, Copy, Default)]
pub struct Words;

const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "do", "for", "from", "how", "i", "in", "is",
    "it", "me", "my", "of", "on", "or", "please", "that", "the", "this", "to", "want", "we",
    "what", "with", "you", "your",
];

impl Tokenizer for Words {
    fn tokenize(&self, text: &str) -> Vec<String> {
        words(text).into_iter().map(stem).collect()
    }
}

/// The ASCII words of `text`, split at case changes too (`listRepoIssues`),
/// lowercase, without the commonest English words.
pub(super) fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut previous_lower = false;
    let flush = |word: &mut String, words: &mut Vec<String>| {
        let lower = word.to_ascii_lowercase();
        word.clear();
        if !lower.is_empty() && !STOP_WORDS.contains(&lower.as_str()) {
            words.push(lower);
        }
    };
    for c in text.chars() {
        if !c.is_ascii_alphanumeric() {
            flush(&mut word, &mut words);
            previous_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && previous_lower {
            flush(&mut word, &mut words);
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        word.push(c);
    }
    flush(&mut word, &mut words);
    words
}

fn stem(word: String) -> String {
    let word = if word.len() > 4 && word.ends_with("ies") {
        format!("{}y", &word[..word.len() - 3])
    } else if word.len() > 3 && word.ends_with('s') && !word.ends_with("ss") {
        word[..word.len() - 1].to_string()
    } else {
        word
    };
    // Spellings of one thing, read as one word on both sides.
    match word.as_str() {
        "repository" => "repo".into(),
        "organization" | "organisation" => "org".into(),
        "pr" => "pull".into(),
        "remove" => "delete".into(),
        "add" => "create".into(),
        "mail" => "email".into(),
        "configuration" => "config".into(),
        _ => word,
    }
}

/// A query without the values it names: `octocat/hello-world`, `#42`,
/// `2.0`, `"v1"`, `'write blog post'`, `example.com`, `report.xlsx`,
/// `LOG_LEVEL`. They are arguments of the call, not words of the
/// operation, and a rare one (GitHub has an operation named after
/// `octocat`) would outweigh every word that says what the task is. A query
/// that is all values in quotes (`'pull request reviews'`) quotes the words
/// to look for: they are kept, without the quotes.
pub(super) fn without_values(query: &str) -> String {
    let kept = values_dropped(&without_quoted(query));
    if kept.chars().any(char::is_alphanumeric) {
        return kept;
    }
    let unquoted: String = query
        .chars()
        .map(|c| if is_quote(c) { ' ' } else { c })
        .collect();
    values_dropped(&unquoted)
}

fn values_dropped(text: &str) -> String {
    text.split_whitespace()
        .filter(|chunk| !is_value(chunk))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a chunk of a query (between spaces) is a value. An operation's
/// name (`issues_create`, `list_core_v1_node`: lowercase words and digits
/// joined by underscores) is none: a model may search by it.
fn is_value(chunk: &str) -> bool {
    let word = chunk.trim_end_matches(|c: char| c.is_ascii_punctuation());
    let operation_name = word.contains('_')
        && word
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    !operation_name
        && (chunk.contains(['/', '"', '`', '@', '#'])
            || chunk.chars().any(|c| c.is_ascii_digit())
            // A file or host name.
            || word.contains('.')
            // An environment variable or constant.
            || (word.contains('_') && !word.chars().any(|c| c.is_ascii_lowercase())))
}

/// Each kind of quote and the quote that closes it.
const QUOTES: &[(char, char)] = &[
    ('\'', '\''),
    ('"', '"'),
    ('`', '`'),
    ('\u{2018}', '\u{2019}'),
    ('\u{201c}', '\u{201d}'),
];

fn is_quote(c: char) -> bool {
    QUOTES.iter().any(|&(open, close)| c == open || c == close)
}

/// `text` without its quoted spans: a quote that opens a word, to the next
/// quote of its kind that closes one (no letter or digit follows it). An
/// apostrophe within a word ("customer's", "can't") opens none. Linear in
/// the text: a quote that no later quote closes is not searched past.
fn without_quoted(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let closes = |j: usize, close: char| {
        chars[j] == close && chars.get(j + 1).is_none_or(|c| !c.is_alphanumeric())
    };
    // The last place each kind of quote closes a span.
    let last_close: Vec<Option<usize>> = QUOTES
        .iter()
        .map(|&(_, close)| (0..chars.len()).rev().find(|&j| closes(j, close)))
        .collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let opens_word = i == 0 || !chars[i - 1].is_alphanumeric();
        let span_end = QUOTES
            .iter()
            .zip(&last_close)
            .find(|((open, _), last)| {
                opens_word && chars[i] == *open && last.is_some_and(|last| last > i)
            })
            .and_then(|(&(_, close), _)| (i + 1..chars.len()).find(|&j| closes(j, close)));
        match span_end {
            Some(j) => {
                out.push(' ');
                i = j + 1;
            }
            None => {
                out.push(chars[i]);
                i += 1;
            }
        }
    }
    out
}

/// Words a task is phrased with, and the words API operations use for the
/// same thing: a query gains the latter (the verbs of REST operations,
/// "my" for the authenticated user), so "make a new repository under my
/// account" finds `repos_create_for_authenticated_user`.
const RELATED: &[(&[&str], &str)] = &[
    (
        &[
            "make", "new", "open", "start", "add", "submit", "share", "publish", "give", "grant",
            "register", "post", "send", "put", "upload", "propose", "suggest", "request", "sign",
            "signup", "enroll", "onboard", "reply", "respond",
        ],
        "create",
    ),
    (&["bug", "ticket", "defect"], "issue"),
    (&["merge", "merging"], "pull"),
    (&["charge", "pay"], "create charge payment"),
    (
        &["monthly", "yearly", "recurring", "subscribe"],
        "subscription",
    ),
    (&["money", "reimburse"], "refund"),
    (
        // "rid": "get rid of".
        &[
            "remove", "destroy", "erase", "drop", "purge", "discard", "rid",
        ],
        "delete",
    ),
    (
        &[
            "close", "change", "edit", "modify", "rename", "reopen", "set", "mark", "move",
        ],
        "update",
    ),
    (
        &["find", "look", "lookup", "locate", "search", "query"],
        "search list",
    ),
    (
        &[
            "show", "see", "view", "fetch", "read", "retrieve", "which", "what", "detail", "info",
        ],
        "get list",
    ),
    (&["history", "all", "every", "recent"], "list"),
    (
        &["my", "me", "i", "am", "logged", "login", "myself", "mine"],
        "authenticated user",
    ),
    (&["teammate", "colleague", "coworker"], "collaborator"),
    (&["ci", "build", "pipeline"], "workflow run"),
    (&["bill"], "invoice"),
    (&["approve", "reject"], "review"),
];

/// The words of a query, with the words [`RELATED`] adds; a plural of a
/// word the operations use asks for a list ("books by Frank Herbert"), a
/// plural of another does not ("a payment of 50 euros"). A task that opens
/// with a collection of the API (`collection`: a word of its paths) used as
/// a verb asks to create one: "call a phone number" (Twilio's `/Calls`),
/// "star octocat/hello-world" (see [`opening_verb`]).
pub(super) fn expanded(
    query: &str,
    used: impl Fn(&str) -> bool,
    collection: impl Fn(&str) -> bool,
) -> String {
    let query_words = without_values(query);
    let mut out = query_words.clone();
    for word in query_words.split(|c: char| !c.is_ascii_alphanumeric()) {
        let word = word.to_ascii_lowercase();
        if is_plural(&word) && used(&word) {
            out.push_str(" list");
        }
        for words in related(&word) {
            out.push(' ');
            out.push_str(words);
        }
    }
    if opening_verb(query).is_some_and(|verb| collection(&verb)) {
        out.push_str(" create");
    }
    out
}

/// The words [`RELATED`] adds for `word` (lowercase).
fn related(word: &str) -> impl Iterator<Item = &'static str> + '_ {
    RELATED
        .iter()
        .filter(move |(phrasings, _)| phrasings.contains(&word))
        .map(|(_, words)| *words)
}

fn is_plural(word: &str) -> bool {
    word.len() > 3 && word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us")
}

/// Words that, after a task's first word, make it a verb with its object:
/// "call a phone number", "tag my issue".
const DETERMINERS: &[&str] = &[
    "a", "an", "the", "my", "our", "your", "their", "his", "her", "its", "this", "that", "these",
    "those", "some", "another",
];

/// The first word of a task, lowercase, when it reads as a verb none of
/// [`NAME_VERBS`] or [`RELATED`] knows: not a plural, and followed by a
/// determiner or a value ("star octocat/hello-world"). A task that opens
/// with a noun phrase ("issue comments on acme/widgets") has none.
fn opening_verb(query: &str) -> Option<String> {
    let mut chunks = query.split_whitespace().skip_while(|chunk| is_value(chunk));
    let first = chunks.next()?;
    let word = first
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()?
        .to_ascii_lowercase();
    let known = NAME_VERBS.contains(&word.as_str()) || related(&word).next().is_some();
    let object = chunks.next().is_some_and(|next| {
        let next_word = next
            .trim_matches(|c: char| c.is_ascii_punctuation())
            .to_ascii_lowercase();
        DETERMINERS.contains(&next_word.as_str()) || is_value(next) || next.starts_with(is_quote)
    });
    (!word.is_empty() && !known && !is_plural(&word) && object).then_some(word)
}

/// The verbs that, in an operation's name, say what it does (HTTP
/// methods' names among them: Stripe's `post_customers`).
const NAME_VERBS: &[&str] = &[
    "get", "list", "create", "add", "update", "set", "delete", "remove", "search", "fetch",
    "retrieve", "cancel", "send", "post", "put", "patch",
];

/// The words an operation's HTTP method implies, what a task asks for;
/// none when its name has one of [`NAME_VERBS`]. The name says what it does,
/// and in RPC-style APIs the method does not: Plaid's `transactions_get`
/// is `POST /transactions/get`, no "create".
pub(super) fn verbs(t: &ToolDef) -> &'static str {
    if words(t.name)
        .iter()
        .any(|w| NAME_VERBS.contains(&w.as_str()))
    {
        return "";
    }
    match t.endpoint.split(' ').next().unwrap_or_default() {
        "POST" => "create add",
        "DELETE" => "delete remove",
        "PUT" | "PATCH" => "update change",
        "GET" => "get list",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lists(query: &str) -> usize {
        let used = |word: &str| word == "transfers";
        expanded(query, used, |_| false)
            .split(' ')
            .filter(|w| *w == "list")
            .count()
    }

    #[test]
    fn a_plural_asks_for_a_list_only_of_what_the_operations_use() {
        assert_eq!(lists("transfers please"), 1);
        // "euros" is an amount's unit, not a collection the API lists.
        assert_eq!(lists("transfer 20 euros"), 0);
    }

    #[test]
    fn a_collection_used_as_the_opening_verb_asks_to_create_one() {
        let collections = |word: &str| ["call", "calls", "star", "post"].contains(&word);
        // Whether the rule adds "create": RELATED may add one of its own.
        let creates = |query: &str| {
            expanded(query, |_| true, collections) != expanded(query, |_| true, |_| false)
        };
        assert!(creates("call a phone number"));
        assert!(creates("star octocat/hello-world"));
        assert!(creates("call 'Front desk'"));
        // Not a collection, a known verb, not the first word, a plural, or
        // a noun phrase (no determiner or value after the first word).
        assert!(!creates("phone the office"));
        assert!(!creates("post a message"));
        assert!(!creates("hang up the call"));
        assert!(!creates("calls of today"));
        assert!(!creates("call recordings from today"));
    }

    #[test]
    fn quoted_names_files_hosts_and_constants_are_values() {
        assert_eq!(
            without_values("push the 'write blog post' task to Friday"),
            "push the task to Friday"
        );
        assert_eq!(
            without_values("rename \u{201c}Q3 plan\u{201d}\u{3002} ('Q4 plan') now"),
            "rename \u{3002} ( ) now"
        );
        // An apostrophe within a word quotes nothing, nor does a quote
        // that nothing closes, nor a quote of another kind.
        assert_eq!(
            without_values("the customer's birthday can't wait"),
            "the customer's birthday can't wait"
        );
        assert_eq!(without_values("a 'b c"), "a 'b c");
        assert_eq!(without_values("\u{201c}a\u{2019} b\u{201d} c"), "c");
        assert_eq!(
            without_values("upload report.xlsx to example.com. (open ones only.)"),
            "upload to (open ones only.)"
        );
        assert_eq!(without_values("set LOG_LEVEL to debug"), "set to debug");
    }

    #[test]
    fn an_operation_name_or_a_query_all_quoted_is_searched() {
        assert_eq!(without_values("issues_create"), "issues_create");
        assert_eq!(without_values("list_core_v1_node"), "list_core_v1_node");
        assert_eq!(
            without_values("'pull request reviews'"),
            "pull request reviews"
        );
        assert_eq!(without_values("`issues_create`"), "issues_create");
        assert_eq!(without_values("octocat/hello-world"), "");
    }
}

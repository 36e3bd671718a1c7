//! Path keys: a path template split into literal text and placeholders,
//! and query pairs fixed in the key itself.

pub(super) fn fixed_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (p.to_string(), String::new()),
        })
        .collect()
}

/// Splits a path template into runs of literal text, each followed by the
/// `{name}` placeholder after it, if any.
pub(super) fn split_path(path: &str) -> Vec<(&str, Option<&str>)> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        out.push((&rest[..start], Some(&rest[start + 1..start + len])));
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        out.push((rest, None));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_splits_into_literals_each_with_the_placeholder_after_it() {
        assert_eq!(
            split_path("/a/{x}/b{y}.json"),
            vec![("/a/", Some("x")), ("/b", Some("y")), (".json", None)]
        );
        assert_eq!(split_path("/plain"), vec![("/plain", None)]);
        // An unclosed brace is literal text.
        assert_eq!(split_path("/a/{x"), vec![("/a/{x", None)]);
    }

    #[test]
    fn fixed_query_pairs_keep_empty_values() {
        assert_eq!(
            fixed_pairs("a=1&flag&&b="),
            vec![
                ("a".into(), "1".into()),
                ("flag".into(), String::new()),
                ("b".into(), String::new())
            ]
        );
    }
}

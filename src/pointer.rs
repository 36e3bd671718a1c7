//! JSON pointer segments (RFC 6901): every stage names locations in a spec
//! with pointers, and path keys like `/pets/{id}` must be escaped to be one.

/// The longest chain of `$ref`s to `$ref`s any stage follows before it
/// reports the chain as endless; one limit, so normalize, which checks
/// every reference first, refuses what a later stage would.
pub const MAX_REF_CHAIN: usize = 32;

/// Escapes a key for use as one pointer segment: `~` → `~0`, `/` → `~1`.
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Decodes one segment of a `$ref`'s fragment: percent-escapes first (the
/// fragment is part of a URI, so a schema named `My Pet` is referenced as
/// `My%20Pet`), then `~1` and `~0`. Every stage resolves references with
/// this, so they all agree on what a reference names.
pub fn unescape(segment: &str) -> String {
    percent_decode(segment)
        .replace("~1", "/")
        .replace("~0", "~")
}

/// Decodes `%XX` escapes; a `%` not followed by two hex digits stays.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn round_trips() {
        for key in ["/pets/{id}", "a~b", "~1", "plain"] {
            assert_eq!(super::unescape(&super::escape(key)), key);
        }
        assert_eq!(super::escape("/a~b"), "~1a~0b");
        assert_eq!(super::unescape("My%20Pet~1x"), "My Pet/x");
        assert_eq!(super::unescape("100%"), "100%");
        assert_eq!(super::unescape("%zz%2"), "%zz%2");
    }
}

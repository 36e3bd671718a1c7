//! JSON pointer segments (RFC 6901): every stage names locations in a spec
//! with pointers, and path keys like `/pets/{id}` must be escaped to be one.

/// Escapes a key for use as one pointer segment: `~` → `~0`, `/` → `~1`.
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Decodes the `~1` and `~0` escapes of one pointer segment.
pub fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    #[test]
    fn round_trips() {
        for key in ["/pets/{id}", "a~b", "~1", "plain"] {
            assert_eq!(super::unescape(&super::escape(key)), key);
        }
        assert_eq!(super::escape("/a~b"), "~1a~0b");
    }
}

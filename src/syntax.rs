//! HTTP and OAuth character classes the edge layer checks names and values
//! against: header names and methods (RFC 9110 tokens), scope tokens.

/// RFC 9110 §5.6.2 `tchar`.
pub(crate) fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// RFC 6749 §3.3 `scope-token` characters: `%x21 / %x23-5B / %x5D-7E`.
pub(crate) fn is_scope_char(b: u8) -> bool {
    b == 0x21 || (0x23..=0x5B).contains(&b) || (0x5D..=0x7E).contains(&b)
}

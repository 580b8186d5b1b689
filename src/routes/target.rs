//! The request target, read once: the one spelling the guard matches routes
//! against and the upstream receives (`forwardRequest` sends exactly this).
//!
//! [`RequestTarget::parse`] takes the URL as the worker got it: origin-form
//! (`/bookings/42?x=1`, RFC 9112 §3.2.1) or an absolute `http`/`https` URL
//! (RFC 9112 §3.2.2; the authority is not used). A fragment is refused: no
//! request line carries one (RFC 9112 §3.2), yet Deno, Bun and a Node
//! `Request` keep a raw `#…` in `request.url`, and a router that does not
//! stop at `#` would read another path than the guard. The
//! result is in RFC 3986 §6.2.2 normal form: percent-encoded unreserved
//! characters decoded (`%62` → `b`, `%2E` → `.`), every other
//! percent-encoding in upper-case hex (`%3d` → `%3D`), and characters RFC 3986
//! does not allow where they stand percent-encoded (`|` → `%7C`; in the query
//! `'` too, as WHATWG URL does), so the text is a fixed point of the WHATWG
//! URL parser that `fetch` runs on it.
//!
//! What backends are known to read differently is refused with
//! [`Error::InvalidRequest`] (400), never normalised:
//! - anything but visible ASCII in the URL (spaces, controls, raw UTF-8),
//!   which WHATWG URL strips or encodes;
//! - a raw `\` (WHATWG URL and Windows servers read it as `/`), and
//!   `%2F` / `%5C` in the path (Hono and CGI decode them into separators);
//! - `%25` in the path (servers that decode twice read `%252e` as `.`), bad
//!   percent-encoding, `%00`–`%1F` and `%7F`;
//! - a dot segment in any spelling (`.`, `..`, `%2e`, `.%2E`, RFC 3986 §3.3),
//!   and segments whose decoded bytes are not UTF-8 (overlong `%C0%AE`) or
//!   hold a character that Unicode compatibility normalisation (NFKC) turns
//!   into `.`, `/` or `\` (`%EF%BC%8E`, fullwidth `．`);
//! - `;` in the path, raw or encoded (`/bookings;x/1`, `..;`: Tomcat, Jetty
//!   and Spring drop path parameters), and encoded `?` or `#` (`%3F`, `%23`);
//! - an empty segment (`/a//b`): nginx and others merge slashes, others don't.

use crate::error::Error;

/// Longest request target (path and query) accepted, in bytes.
pub const MAX_TARGET_LEN: usize = 8 * 1024;

/// A request target in canonical form: the path (starting with `/`), then the
/// query with its `?` when there is one. Built only by [`RequestTarget::parse`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestTarget {
    text: String,
    path_len: usize,
}

impl RequestTarget {
    /// Reads `url` (origin-form or absolute `http`/`https`) into canonical form.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] naming the problem (never echoing the URL).
    pub fn parse(url: &str) -> Result<Self, Error> {
        if !url.bytes().all(|b| (0x21..=0x7E).contains(&b)) {
            return Err(Error::InvalidRequest("request url holds a space, control or non-ascii byte"));
        }
        let target = origin_form(url)?;
        if target.contains('#') {
            return Err(Error::InvalidRequest("request url holds a fragment ('#'), which no request line carries"));
        }
        if target.len() > MAX_TARGET_LEN {
            return Err(Error::InvalidRequest("request target is longer than 8192 bytes"));
        }
        let (path, query) = target.split_once('?').map_or((target, None), |(p, q)| (p, Some(q)));
        // An absolute URL without a path has the path "/" (RFC 9112 §3.2.1).
        let path = if path.is_empty() { "/" } else { path };
        let mut text = String::with_capacity(target.len());
        canonical_path(path, &mut text)?;
        let path_len = text.len();
        if let Some(query) = query {
            text.push('?');
            canonical_query(query, &mut text)?;
        }
        Ok(Self { text, path_len })
    }

    /// The canonical path, starting with `/`.
    #[must_use]
    pub fn path(&self) -> &str {
        self.text.get(..self.path_len).unwrap_or("/")
    }

    /// The canonical query with its leading `?`, or `""` when there is none.
    #[must_use]
    pub fn query(&self) -> &str {
        self.text.get(self.path_len..).unwrap_or("")
    }

    /// Path and query: what goes upstream after the upstream's base URL.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// What follows `scheme://authority` in an absolute URL (possibly `""` or
/// starting with `?`), or `url` itself when it starts with `/`.
fn origin_form(url: &str) -> Result<&str, Error> {
    if url.starts_with('/') {
        return Ok(url);
    }
    let not_http = Error::InvalidRequest("request url must be a path starting with '/' or an absolute http(s) url");
    let rest = ["http://", "https://"]
        .iter()
        .find_map(|scheme| url.get(..scheme.len()).filter(|s| s.eq_ignore_ascii_case(scheme)).and_then(|_| url.get(scheme.len()..)));
    let Some(rest) = rest else { return Err(not_http) };
    // WHATWG URL ends an http(s) authority at '/', '\', '?' or '#'.
    let end = rest.find(['/', '\\', '?', '#']).unwrap_or(rest.len());
    let target = rest.get(end..).unwrap_or_default();
    if target.starts_with('\\') {
        return Err(Error::InvalidRequest("request path holds a backslash"));
    }
    Ok(target)
}

fn canonical_path(path: &str, out: &mut String) -> Result<(), Error> {
    let Some(body) = path.strip_prefix('/') else {
        return Err(Error::InvalidRequest("request path must start with '/'"));
    };
    let mut segments = body.split('/').peekable();
    while let Some(segment) = segments.next() {
        out.push('/');
        if segment.is_empty() && segments.peek().is_some() {
            return Err(Error::InvalidRequest("request path holds an empty segment"));
        }
        canonical_segment(segment, out)?;
    }
    Ok(())
}

fn canonical_segment(segment: &str, out: &mut String) -> Result<(), Error> {
    let start = out.len();
    let mut decoded: Vec<u8> = Vec::new();
    let mut escaped = false;
    let mut bytes = segment.bytes();
    while let Some(b) = bytes.next() {
        let value = if b == b'%' {
            escaped = true;
            let v = percent_value(&mut bytes)?;
            if v == b'/' || v == b'\\' {
                return Err(Error::InvalidRequest("request path holds an encoded '/' or '\\'"));
            }
            if v == b'%' {
                return Err(Error::InvalidRequest("request path holds '%25' (an encoded '%', read twice by some servers)"));
            }
            if v == b';' || v == b'?' || v == b'#' {
                return Err(Error::InvalidRequest("request path holds an encoded ';', '?' or '#'"));
            }
            if v < 0x20 || v == 0x7F {
                return Err(Error::InvalidRequest("request path holds an encoded control byte"));
            }
            v
        } else {
            if b == b'\\' {
                return Err(Error::InvalidRequest("request path holds a backslash"));
            }
            if b == b';' {
                return Err(Error::InvalidRequest("request path holds a ';' path parameter"));
            }
            b
        };
        push_octet(out, value, b == b'%', is_path_char);
        decoded.push(value);
    }
    let canonical = out.get(start..).unwrap_or_default();
    if canonical == "." || canonical == ".." {
        return Err(Error::InvalidRequest("request path holds a dot segment"));
    }
    if escaped {
        check_decoded(&decoded)?;
    }
    Ok(())
}

/// A segment's decoded bytes must be UTF-8 (no overlong `.`) without a
/// character that NFKC folds into `.`, `/` or `\`.
fn check_decoded(decoded: &[u8]) -> Result<(), Error> {
    let Ok(text) = std::str::from_utf8(decoded) else {
        return Err(Error::InvalidRequest("request path segment is not utf-8 once decoded"));
    };
    if text.chars().any(|c| NFKC_SEPARATORS.contains(&c)) {
        return Err(Error::InvalidRequest("request path holds a character that unicode normalisation reads as '.', '/' or '\\'"));
    }
    Ok(())
}

/// Characters whose NFKC form is or contains `.`, `/` or `\` (Unicode 15):
/// one/two dot leader, ellipsis, small full stop, fullwidth full stop,
/// fullwidth solidus, small and fullwidth reverse solidus.
const NFKC_SEPARATORS: &[char] = &['\u{2024}', '\u{2025}', '\u{2026}', '\u{FE52}', '\u{FF0E}', '\u{FF0F}', '\u{FE68}', '\u{FF3C}'];

fn canonical_query(query: &str, out: &mut String) -> Result<(), Error> {
    let mut bytes = query.bytes();
    while let Some(b) = bytes.next() {
        if b == b'%' {
            let v = percent_value(&mut bytes)?;
            push_octet(out, v, true, is_query_char);
        } else {
            push_octet(out, b, false, is_query_char);
        }
    }
    Ok(())
}

/// The octet of `%HH` (the `%` already read).
fn percent_value(bytes: &mut std::str::Bytes<'_>) -> Result<u8, Error> {
    let hi = bytes.next().and_then(hex_value);
    let lo = bytes.next().and_then(hex_value);
    match (hi, lo) {
        (Some(hi), Some(lo)) => Ok(hi * 16 + lo),
        _ => Err(Error::InvalidRequest("request url holds bad percent-encoding")),
    }
}

/// Writes one octet in canonical form: unreserved characters as themselves;
/// an octet that was percent-encoded, or that `allowed` refuses raw, as `%HH`.
fn push_octet(out: &mut String, value: u8, was_encoded: bool, allowed: fn(u8) -> bool) {
    if is_unreserved(value) || (!was_encoded && allowed(value)) {
        out.push(char::from(value));
    } else {
        out.push_str(&format!("%{value:02X}"));
    }
}

/// RFC 3986 §2.3 unreserved characters.
pub(crate) fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~".contains(&b)
}

/// RFC 3986 `pchar` and `/`, without `%` (handled apart) and `;` (refused).
fn is_path_char(b: u8) -> bool {
    is_unreserved(b) || b"!$&'()*+,=:@/".contains(&b)
}

/// RFC 3986 §3.4 query characters, without `'`, which WHATWG URL encodes in
/// an http(s) query.
fn is_query_char(b: u8) -> bool {
    is_unreserved(b) || b"!$&()*+,;=:@/?".contains(&b)
}

fn hex_value(b: u8) -> Option<u8> {
    char::from(b).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

#[cfg(test)]
mod tests;

//! The `Authorization` request header: which credential a request carries.
//!
//! Grammar (RFC 9110 §11.4, RFC 7235 §2.1): `credentials = auth-scheme
//! [ 1*SP ( token68 / #auth-param ) ]`, with the scheme matched
//! case-insensitively. Bearer follows RFC 6750 §2.1: `"Bearer" 1*SP b64token`,
//! `b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`.
//! Basic follows RFC 7617 §2: base64 (standard alphabet, padded) of
//! `user-id ":" password`, UTF-8.
//!
//! Whitespace is accepted only where HTTP allows it: optional whitespace
//! around the field value (RFC 9110 §5.5, which parsers strip) and one or
//! more spaces between scheme and credential. Two credentials (two headers
//! combined with `,`, or `Bearer a b`) are refused: which one counts would be
//! ambiguous. Tokens in the query string are never looked at (RFC 6750 §2.3
//! is not supported).

use std::fmt;

use base64ct::{Base64, Encoding};
use zeroize::Zeroizing;

use crate::error::Error;

/// The credential a request presents.
#[derive(Clone, PartialEq, Eq)]
pub enum Credential<'a> {
    /// `Authorization: Bearer <b64token>` (RFC 6750 §2.1): the token as sent.
    Bearer(&'a str),
    /// `Authorization: Basic <base64(user:password)>` (RFC 7617).
    Basic {
        /// The user-id (everything before the first `:`).
        user: String,
        /// The password; zeroized on drop, never printed.
        password: Zeroizing<String>,
    },
}

impl fmt::Debug for Credential<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bearer(_) => f.write_str("Bearer([redacted])"),
            Self::Basic { user, .. } => f.debug_struct("Basic").field("user", user).field("password", &"[redacted]").finish(),
        }
    }
}

/// Parses an `Authorization` header value (`None` when the header is absent).
///
/// # Errors
/// - [`Error::TokenMissing`] when the header is absent or blank;
/// - [`Error::InvalidRequest`] when it is malformed, holds several
///   credentials, uses a scheme other than Bearer or Basic, or its credential
///   does not follow that scheme's syntax.
///
/// The messages never contain any part of the header.
pub fn parse_authorization(value: Option<&str>) -> Result<Credential<'_>, Error> {
    let value = value.map(trim_ows).unwrap_or_default();
    if value.is_empty() {
        return Err(Error::TokenMissing);
    }
    if value.contains(',') {
        return Err(Error::InvalidRequest("several credentials were sent"));
    }
    let (scheme, rest) = value.split_once(' ').unwrap_or((value, ""));
    if scheme.is_empty() || !scheme.bytes().all(crate::syntax::is_tchar) {
        return Err(Error::InvalidRequest("authorization header is malformed"));
    }
    let credential = rest.trim_start_matches(' ');
    if credential.contains([' ', '\t']) {
        return Err(Error::InvalidRequest("several credentials were sent"));
    }
    if scheme.eq_ignore_ascii_case("bearer") {
        parse_bearer(credential).map(Credential::Bearer)
    } else if scheme.eq_ignore_ascii_case("basic") {
        parse_basic(credential)
    } else {
        Err(Error::InvalidRequest("unsupported authorization scheme"))
    }
}

/// OWS = *( SP / HTAB ) around a field value (RFC 9110 §5.5).
fn trim_ows(value: &str) -> &str {
    value.trim_matches([' ', '\t'])
}

/// RFC 6750 §2.1 `b64token`.
fn parse_bearer(token: &str) -> Result<&str, Error> {
    if token.is_empty() {
        return Err(Error::InvalidRequest("bearer credential is empty"));
    }
    let body = token.trim_end_matches('=');
    if body.is_empty() || !body.bytes().all(is_b64token_char) {
        return Err(Error::InvalidRequest("bearer token holds characters outside RFC 6750 b64token"));
    }
    Ok(token)
}

fn is_b64token_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~+/".contains(&b)
}

/// RFC 7617 §2: `base64(user-id ":" password)`, standard alphabet with padding.
fn parse_basic(encoded: &str) -> Result<Credential<'static>, Error> {
    if encoded.is_empty() {
        return Err(Error::InvalidRequest("basic credential is empty"));
    }
    let bytes = Zeroizing::new(
        Base64::decode_vec(encoded).map_err(|_| Error::InvalidRequest("basic credential is not valid base64"))?,
    );
    let text = std::str::from_utf8(&bytes).map_err(|_| Error::InvalidRequest("basic credential is not utf-8"))?;
    let Some((user, password)) = text.split_once(':') else {
        return Err(Error::InvalidRequest("basic credential lacks the ':' between user and password"));
    };
    if text.chars().any(char::is_control) {
        return Err(Error::InvalidRequest("basic credential holds control characters"));
    }
    Ok(Credential::Basic { user: user.to_owned(), password: Zeroizing::new(password.to_owned()) })
}

#[cfg(test)]
mod tests;

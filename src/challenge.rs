//! The RFC 6750 §3 `WWW-Authenticate` challenge of a refused request.
//!
//! - no credentials (§3.1): `Bearer realm="…"`, no `error` attribute;
//! - 400: `error="invalid_request"`; 401: `error="invalid_token"`;
//!   403: `error="insufficient_scope"` with `scope="…"` (the scopes needed),
//!   or without `scope` when the account a request acts for is not allowed;
//! - 404 and 503 (`keys_unavailable`) have no challenge: the credentials are
//!   not the problem.
//!
//! `error_description` is the error's short, secret-free message, reduced to
//! the characters §3 allows (`%x20-21 / %x23-5B / %x5D-7E`).

use crate::error::{ConfigError, Error};

/// Longest accepted `realm`.
const MAX_REALM_LEN: usize = 256;

/// Checks a configured `realm`: 1–256 characters of visible ASCII or space,
/// without `"` or `\` (so it is a plain RFC 9110 quoted-string).
///
/// # Errors
/// [`ConfigError`] at `realm`.
pub fn validate_realm(realm: &str) -> Result<&str, ConfigError> {
    if realm.is_empty() || realm.len() > MAX_REALM_LEN {
        return Err(ConfigError::new("realm", format!("must be 1 to {MAX_REALM_LEN} characters")));
    }
    if !realm.bytes().all(is_attr_char) {
        return Err(ConfigError::new("realm", "may hold only printable ASCII and spaces, without '\"' or '\\'"));
    }
    Ok(realm)
}

/// The challenge for `error`, or `None` when the answer needs none (404).
#[must_use]
pub fn challenge(error: &Error, realm: Option<&str>) -> Option<String> {
    let scopes = match error {
        Error::InsufficientScope(scopes) => scopes.as_slice(),
        _ => &[],
    };
    challenge_for(error.status(), error.code(), &error.to_string(), scopes, realm)
}

/// The challenge of a refusal with this status, code and message (and, on
/// 403, the scopes needed), or `None` when the status needs none.
#[must_use]
pub fn challenge_for(status: u16, code: &str, message: &str, scopes: &[String], realm: Option<&str>) -> Option<String> {
    let error = match status {
        400 => "invalid_request",
        401 => "invalid_token",
        403 => "insufficient_scope",
        _ => return None,
    };
    let mut attrs: Vec<String> = Vec::new();
    if let Some(realm) = realm {
        attrs.push(format!("realm=\"{realm}\""));
    }
    if code != "token_missing" {
        attrs.push(format!("error=\"{error}\""));
        attrs.push(format!("error_description=\"{}\"", description(message)));
        if status == 403 && !scopes.is_empty() {
            attrs.push(format!("scope=\"{}\"", scopes.join(" ")));
        }
    }
    Some(if attrs.is_empty() { "Bearer".to_owned() } else { format!("Bearer {}", attrs.join(", ")) })
}

/// `error_description` characters (RFC 6750 §3): `"` becomes `'`, others outside the set are dropped.
fn description(message: &str) -> String {
    message.chars().filter_map(|c| if c == '"' { Some('\'') } else { u8::try_from(c).ok().filter(|b| is_attr_char(*b)).map(char::from) }).collect()
}

fn is_attr_char(b: u8) -> bool {
    (0x20..=0x7E).contains(&b) && b != b'"' && b != b'\\'
}

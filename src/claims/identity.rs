//! Who the token is from and for: `iss` (RFC 7519 §4.1.1) must equal one of
//! the configured issuers exactly; `aud` (§4.1.3), a string or an array of
//! strings, must contain one configured audience exactly; the header `typ`
//! (RFC 7515 §4.1.9) must match when configured, case-insensitively and with
//! an optional `application/` prefix; configured required claims must exist.

use super::Claims;
use crate::config::Policy;
use crate::error::Error;
use crate::header::{normalize_typ, Header};
use crate::json::Json;
use std::borrow::Cow;

/// Checks `iss`, `aud`, `typ` and the required claims.
///
/// # Errors
/// See [`Claims::check`].
pub fn check(claims: &Claims<'_>, header: &Header, policy: &Policy) -> Result<(), Error> {
    if !policy.issuers.is_empty() {
        let iss = claims.get("iss").ok_or(Error::ClaimMissing(Cow::Borrowed("iss")))?;
        if !iss.as_str().is_some_and(|iss| policy.issuers.iter().any(|want| want == iss)) {
            return Err(Error::ClaimInvalid(Cow::Borrowed("iss")));
        }
    }
    if !policy.audiences.is_empty() {
        let aud = claims.get("aud").ok_or(Error::ClaimMissing(Cow::Borrowed("aud")))?;
        if !audience_matches(aud, &policy.audiences) {
            return Err(Error::ClaimInvalid(Cow::Borrowed("aud")));
        }
    }
    if let Some(want) = &policy.typ {
        let got = header.typ.as_ref().ok_or(Error::ClaimMissing(Cow::Borrowed("typ")))?;
        if !got.as_deref().is_some_and(|typ| normalize_typ(typ) == *want) {
            return Err(Error::ClaimInvalid(Cow::Borrowed("typ")));
        }
    }
    match policy.required_claims.iter().find(|name| !claims.contains(name)) {
        Some(name) => Err(Error::ClaimMissing(Cow::Owned(name.clone()))),
        None => Ok(()),
    }
}

fn audience_matches(aud: &Json<'_>, accepted: &[String]) -> bool {
    match aud {
        Json::String(one) => accepted.iter().any(|a| a == one),
        Json::Strings(many) => many.iter().any(|one| accepted.iter().any(|a| a == one)),
        _ => false,
    }
}

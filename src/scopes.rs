//! Step 6 of the verification order: scopes. Granted scopes are the union of
//! `scope` (a space-separated string, RFC 8693 §4.2 / RFC 6749 §3.3), `scp`
//! (an array of strings or a space-separated string) and `scopes` (an array of
//! strings), first occurrence kept. Each required scope must be granted by
//! exact string match: `bookings:readonly` does not grant `bookings:read`.

use crate::claims::Claims;
use crate::error::Error;
use crate::json::Json;
use std::borrow::Cow;

/// The scopes a verified token grants.
///
/// # Errors
/// [`Error::ClaimInvalid`] when `scope`, `scp` or `scopes` has another type.
pub fn granted(claims: &Claims<'_>) -> Result<Vec<String>, Error> {
    let mut out: Vec<String> = Vec::new();
    for (name, split_strings) in [("scope", true), ("scp", true), ("scopes", false)] {
        let add = |out: &mut Vec<String>, s: &str| {
            if !s.is_empty() && !out.iter().any(|have| have == s) {
                out.push(s.to_owned());
            }
        };
        match claims.get(name) {
            None => {}
            Some(Json::String(s)) if split_strings => s.split(' ').for_each(|p| add(&mut out, p)),
            Some(Json::Strings(list)) if name != "scope" => list.iter().for_each(|p| add(&mut out, p)),
            Some(_) => return Err(Error::ClaimInvalid(Cow::Borrowed(name))),
        }
    }
    Ok(out)
}

/// Checks that every required scope is granted.
///
/// # Errors
/// [`Error::InsufficientScope`] carrying the required scopes (for the RFC 6750
/// `scope` attribute) when one is missing.
pub fn require(granted: &[String], required: &[&str]) -> Result<(), Error> {
    if required.iter().all(|r| granted.iter().any(|g| g == r)) {
        Ok(())
    } else {
        Err(Error::InsufficientScope(required.iter().map(|s| (*s).to_owned()).collect()))
    }
}

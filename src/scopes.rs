//! Step 6 of the verification order: scopes. Granted scopes are the union of
//! `scope` (a space-separated string, RFC 8693 §4.2 / RFC 6749 §3.3), `scp`
//! (an array of strings or a space-separated string) and `scopes` (an array of
//! strings), first occurrence kept. Each required scope must be granted by
//! exact string match: `bookings:readonly` does not grant `bookings:read`.

use crate::claims::Claims;
use crate::error::Error;
use crate::json::Json;
use std::borrow::Cow;
use std::collections::HashSet;

/// The scopes a verified token grants.
///
/// # Errors
/// [`Error::ClaimInvalid`] when `scope`, `scp` or `scopes` has another type.
pub fn granted(claims: &Claims<'_>) -> Result<Vec<String>, Error> {
    let mut out: Vec<String> = Vec::new();
    // Hashed, so that a token with thousands of scopes costs linear time, not quadratic.
    let mut seen: HashSet<&str> = HashSet::new();
    for (name, split_strings) in [("scope", true), ("scp", true), ("scopes", false)] {
        let mut add = |s| {
            if !str::is_empty(s) && seen.insert(s) {
                out.push(s.to_owned());
            }
        };
        match claims.get(name) {
            None => {}
            Some(Json::String(s)) if split_strings => s.split(' ').for_each(&mut add),
            Some(Json::Strings(list)) if name != "scope" => list.iter().for_each(|p| add(p)),
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

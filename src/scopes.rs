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

/// Scopes deduplicated by comparing with each before (beyond this many: hashed).
const LINEAR: usize = 16;

/// The scopes a verified token grants.
///
/// # Errors
/// [`Error::ClaimInvalid`] when `scope`, `scp` or `scopes` has another type.
pub fn granted(claims: &Claims<'_>) -> Result<Vec<String>, Error> {
    let mut out: Vec<String> = Vec::new();
    // A handful of scopes is deduplicated by a look at the few before; past that, hashed, so
    // that a token with thousands of scopes costs linear time, not quadratic.
    let mut seen: Option<HashSet<String>> = None;
    for (name, split_strings) in [("scope", true), ("scp", true), ("scopes", false)] {
        let mut add = |s: &str| {
            if s.is_empty() {
                return;
            }
            let new = match &mut seen {
                Some(set) => set.insert(s.to_owned()),
                None => !out.iter().any(|o| o == s),
            };
            if new {
                out.push(s.to_owned());
                if seen.is_none() && out.len() >= LINEAR {
                    seen = Some(out.iter().cloned().collect());
                }
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn of(json: &str) -> Vec<String> {
        granted(&Claims::parse(json.as_bytes()).unwrap()).unwrap()
    }

    #[test]
    fn union_in_first_seen_order_without_repeats_below_and_past_the_linear_limit() {
        assert_eq!(of(r#"{"scope":"a b  a","scp":["b","c"],"scopes":["c","d"]}"#), ["a", "b", "c", "d"]);
        let many: Vec<String> = (0..40).map(|i| format!("s{}", i % 25)).collect();
        let json = format!(r#"{{"scope":"{}","scopes":["s3","s30","s24"]}}"#, many.join(" "));
        let want: Vec<String> = (0..25).map(|i| format!("s{i}")).chain(["s30".to_owned()]).collect();
        assert_eq!(of(&json), want);
    }
}

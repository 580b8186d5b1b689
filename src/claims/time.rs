//! Date claims (RFC 7519 §4.1.4–4.1.6): `exp`, `nbf`, `iat` are NumericDate
//! values, finite JSON numbers. `exp` is required unless `requireExp: false`.
//! With tolerance `t`: expired when `exp + t <= now` (RFC 7519 §4.1.4: "on or
//! after"), not yet valid when `nbf − t > now` or `iat − t > now`, too old
//! when `now − iat − t > maxTokenAge`.

use super::Claims;
use crate::config::Policy;
use crate::error::Error;
use crate::json::Json;
use std::borrow::Cow;

/// Checks `exp`, `nbf`, `iat` and `maxTokenAge`.
///
/// # Errors
/// See [`Claims::check`].
pub fn check(claims: &Claims<'_>, policy: &Policy, now: f64) -> Result<(), Error> {
    if policy.require_exp && !claims.contains("exp") {
        return Err(Error::ClaimMissing(Cow::Borrowed("exp")));
    }
    let exp = date(claims, "exp")?;
    let nbf = date(claims, "nbf")?;
    let iat = date(claims, "iat")?;
    let tolerance = policy.clock_tolerance;
    if exp.is_some_and(|exp| exp + tolerance <= now) {
        return Err(Error::TokenExpired);
    }
    if nbf.is_some_and(|nbf| nbf - tolerance > now) || iat.is_some_and(|iat| iat - tolerance > now) {
        return Err(Error::TokenNotYetValid);
    }
    if let Some(max_age) = policy.max_token_age {
        let iat = iat.ok_or(Error::ClaimMissing(Cow::Borrowed("iat")))?;
        if now - iat - tolerance > max_age {
            return Err(Error::TokenTooOld);
        }
    }
    Ok(())
}

fn date(claims: &Claims<'_>, name: &'static str) -> Result<Option<f64>, Error> {
    match claims.get(name) {
        None => Ok(None),
        Some(Json::Number(n)) if n.is_finite() => Ok(Some(*n)),
        Some(_) => Err(Error::ClaimInvalid(Cow::Borrowed(name))),
    }
}

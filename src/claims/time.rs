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
    Dates::read(claims, policy)?.check(policy, now)
}

/// The date claims of a token, read and type-checked once; [`Dates::check`]
/// applies the time rules at a given `now` (also on a verified-token cache hit).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dates {
    /// `exp`, when present.
    pub exp: Option<f64>,
    /// `nbf`, when present.
    pub nbf: Option<f64>,
    /// `iat`, when present.
    pub iat: Option<f64>,
}

impl Dates {
    /// Reads `exp`, `nbf`, `iat`; `exp` must be present when the policy requires it.
    ///
    /// # Errors
    /// [`Error::ClaimMissing`] for a required `exp`, [`Error::ClaimInvalid`]
    /// for a date that is not a finite number.
    pub fn read(claims: &Claims<'_>, policy: &Policy) -> Result<Self, Error> {
        if policy.require_exp && !claims.contains("exp") {
            return Err(Error::ClaimMissing(Cow::Borrowed("exp")));
        }
        Ok(Self { exp: date(claims, "exp")?, nbf: date(claims, "nbf")?, iat: date(claims, "iat")? })
    }

    /// The time rules at `now`: expiry, not-before, `iat` in the future, `maxTokenAge`.
    ///
    /// # Errors
    /// See [`Claims::check`].
    pub fn check(&self, policy: &Policy, now: f64) -> Result<(), Error> {
        let Self { exp, nbf, iat } = *self;
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
}

fn date(claims: &Claims<'_>, name: &'static str) -> Result<Option<f64>, Error> {
    match claims.get(name) {
        None => Ok(None),
        Some(Json::Number(n)) if n.is_finite() => Ok(Some(*n)),
        Some(_) => Err(Error::ClaimInvalid(Cow::Borrowed(name))),
    }
}

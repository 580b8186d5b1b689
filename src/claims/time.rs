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

/// The times `from <= now < until` at which [`Dates::check`] accepts a
/// token's dates under a policy, cut at `stored + ttl`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Window {
    /// First accepted time (`-inf` without `nbf` and `iat`).
    pub from: f64,
    /// First time after `from` that is not accepted, or when the entry goes stale.
    pub until: f64,
}

/// Most float steps taken to find an exact bound (each step is one ulp).
const MAX_STEPS: usize = 64;

impl Window {
    /// The window of `dates` stored at `now` (when they were accepted), with
    /// the policy's tolerance and `maxTokenAge`. Each bound is found with
    /// [`Dates::check`] itself, so the window cannot disagree with it: every
    /// rule is monotonic in `now`, so checking the end points covers the
    /// whole interval. `None` when `now` itself is not accepted or a bound
    /// cannot be pinned down (the token is then not cached).
    #[must_use]
    pub fn of(dates: &Dates, policy: &Policy, now: f64, ttl: f64) -> Option<Self> {
        let accepts = |t: f64| t.is_finite() && dates.check(policy, t).is_ok();
        if !accepts(now) {
            return None;
        }
        let tolerance = policy.clock_tolerance;
        // Not yet valid exactly when `nbf − t > now` or `iat − t > now`: the
        // same differences are the first accepted time.
        let from = [dates.nbf, dates.iat].into_iter().flatten().map(|d| d - tolerance).fold(f64::NEG_INFINITY, f64::max);
        // Expired exactly when `exp + t <= now`: the same sum is the first refused time.
        let mut until = now + ttl;
        if let Some(exp) = dates.exp {
            until = until.min(exp + tolerance);
        }
        // Too old when `now − iat − t > maxTokenAge`: found by stepping from `iat + t + maxTokenAge`.
        if let (Some(max_age), Some(iat)) = (policy.max_token_age, dates.iat) {
            let age_only = Dates { exp: None, nbf: None, iat: Some(iat) };
            let young = |t: f64| t.is_finite() && age_only.check(policy, t).is_ok();
            until = until.min(next_up(last_accepted(young, iat + tolerance + max_age, now)?));
        }
        let ends_hold = (from == f64::NEG_INFINITY || accepts(from)) && accepts(next_down(until));
        (from <= now && now < until && ends_hold).then_some(Self { from, until })
    }
}

/// The last time at or after `now` that `accepts`, near `guess` (within
/// [`MAX_STEPS`] ulps); `None` when it is not found there.
fn last_accepted(accepts: impl Fn(f64) -> bool, guess: f64, now: f64) -> Option<f64> {
    let mut t = guess.max(now);
    for _ in 0..MAX_STEPS {
        if accepts(t) {
            for _ in 0..MAX_STEPS {
                let up = next_up(t);
                if !accepts(up) {
                    return Some(t);
                }
                t = up;
            }
            return None;
        }
        t = next_down(t);
    }
    None
}

/// The next representable number above `x` (finite `x`).
pub(crate) fn next_up(x: f64) -> f64 {
    if x == 0.0 {
        return f64::from_bits(1);
    }
    let bits = x.to_bits();
    f64::from_bits(if x > 0.0 { bits + 1 } else { bits - 1 })
}

/// The next representable number below `x` (finite `x`).
pub(crate) fn next_down(x: f64) -> f64 {
    -next_up(-x)
}

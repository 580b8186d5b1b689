//! The verified-token cache settings (opt-in, config `cache`) and what the
//! cache needs from the core to answer a repeat without verifying again.
//!
//! The cache itself is the package's (pkg/src/cache.js), keyed by the whole
//! token string. For each token the core accepted it holds the result, the
//! granted scopes and a [`Window`]: the times at which the core's own time
//! rules ([`Dates::check`]) hold, cut at `ttl` seconds after the token was
//! stored. A hit needs `from <= now < until` and every required scope among
//! the granted ones; anything else is verified again by the core, so every
//! refusal comes from the core. A changed key set (`setKeys`, also how a key
//! is revoked) or API-key table empties the cache.

use crate::claims::time::Dates;
use crate::config::Policy;
use crate::error::ConfigError;
use serde_json::Value;

/// Default and largest `cache.maxEntries`.
pub const DEFAULT_MAX_ENTRIES: usize = 1000;
/// Largest `cache.maxEntries`.
pub const MAX_ENTRIES: usize = 100_000;
/// Default and largest `cache.ttl`, in seconds.
pub const DEFAULT_TTL: f64 = 300.0;
/// Largest `cache.ttl`, in seconds.
pub const MAX_TTL: f64 = 86_400.0;

/// The `cache` config: `false`/absent (off), `true` (defaults) or
/// `{ maxEntries, ttl }`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CacheConfig {
    /// Most tokens held.
    pub max_entries: usize,
    /// Longest time an entry is used, in seconds (never past the token's `exp`).
    pub ttl: f64,
}

impl CacheConfig {
    /// Reads the `cache` config value; `None` means no cache.
    ///
    /// # Errors
    /// [`ConfigError`] naming `cache`, `cache.maxEntries` or `cache.ttl`.
    pub fn from_value(value: &Value) -> Result<Option<Self>, ConfigError> {
        let defaults = Self { max_entries: DEFAULT_MAX_ENTRIES, ttl: DEFAULT_TTL };
        let fields = match value {
            Value::Null | Value::Bool(false) => return Ok(None),
            Value::Bool(true) => return Ok(Some(defaults)),
            Value::Object(fields) => fields,
            _ => return Err(ConfigError::new("cache", "must be true, false or { maxEntries, ttl }")),
        };
        if let Some(name) = fields.keys().find(|k| !matches!(k.as_str(), "maxEntries" | "ttl")) {
            return Err(ConfigError::new(format!("cache.{name}"), "unknown config field"));
        }
        let max_entries = match fields.get("maxEntries").map(Value::as_u64) {
            None => defaults.max_entries,
            Some(Some(n)) if (1..=MAX_ENTRIES as u64).contains(&n) => usize::try_from(n).unwrap_or(MAX_ENTRIES),
            Some(_) => return Err(ConfigError::new("cache.maxEntries", "must be an integer from 1 to 100000")),
        };
        let ttl = match fields.get("ttl").map(Value::as_f64) {
            None => defaults.ttl,
            Some(Some(t)) if t > 0.0 && t <= MAX_TTL => t,
            Some(_) => return Err(ConfigError::new("cache.ttl", "must be more than 0 and at most 86400 seconds")),
        };
        Ok(Some(Self { max_entries, ttl }))
    }

    /// Reads the `cache` config from JSON text.
    ///
    /// # Errors
    /// As [`CacheConfig::from_value`]; text that is not JSON names `cache`.
    pub fn from_json(text: &str) -> Result<Option<Self>, ConfigError> {
        let value: Value = serde_json::from_slice(text.as_bytes()).map_err(|_| ConfigError::new("cache", "is not valid JSON"))?;
        Self::from_value(&value)
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
fn next_up(x: f64) -> f64 {
    if x == 0.0 {
        return f64::from_bits(1);
    }
    let bits = x.to_bits();
    f64::from_bits(if x > 0.0 { bits + 1 } else { bits - 1 })
}

/// The next representable number below `x` (finite `x`).
fn next_down(x: f64) -> f64 {
    -next_up(-x)
}

#[cfg(test)]
#[path = "cache/tests.rs"]
mod tests;

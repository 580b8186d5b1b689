//! A key set kept current from outside (config `keySource`): the package
//! loads JWK Sets (a JWKS URL, a Workers KV key) and hands each one over with
//! the time it was loaded; this module decides, from the clock passed in,
//! when a load is due and whether the set in force may still be used.
//!
//! - A load is due when no set has been loaded yet, when the set is older
//!   than `refreshInterval` (or than the `max-age` its loader reported, if
//!   shorter), or early when a token names a `kid` the set does not hold —
//!   but never twice within `cooldown` seconds of the last attempt, whether
//!   it succeeded or failed, so neither a storm of unknown `kid`s nor a
//!   source that is down turns every request into a load.
//! - A failed or invalid load changes nothing: the old set stays in force.
//! - With `maxStaleness`, a set loaded longer ago than that is no longer used:
//!   every token is refused with `keys_unavailable` (503) until a load
//!   succeeds. Without a set loaded yet, the same — unless the config gave
//!   one (`keys`), which is used until the first load succeeds.

use crate::read::Object;
use crate::error::{ConfigError, Error};
use serde_json::Value;

/// Default `keySource.refreshInterval`, seconds.
pub const DEFAULT_REFRESH_INTERVAL: f64 = 300.0;
/// Default `keySource.cooldown`, seconds.
pub const DEFAULT_COOLDOWN: f64 = 30.0;
/// Largest `refreshInterval` and `maxStaleness`, seconds (30 days).
pub const MAX_SECONDS: f64 = 2_592_000.0;

/// The `keySource` timing config.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KeySourcePolicy {
    /// Seconds after a load that the next one is due.
    pub refresh_interval: f64,
    /// Least seconds between two load attempts.
    pub cooldown: f64,
    /// Seconds after a load past which the set is not used; `None`: no limit.
    pub max_staleness: Option<f64>,
}

impl KeySourcePolicy {
    /// Reads `keySource`: `{ refreshInterval?, cooldown?, maxStaleness? }`
    /// (the package keeps the loader and hooks); `cooldown` ≤ `refreshInterval`
    /// ≤ `maxStaleness`.
    ///
    /// # Errors
    /// [`ConfigError`] naming `keySource` or the member.
    #[inline(never)] // config code: compiled only when the field is there (cold start)
    pub fn from_value(value: &Value) -> Result<Self, ConfigError> {
        const FIELDS: &[&str] = &["refreshInterval", "cooldown", "maxStaleness"];
        let at = |e: ConfigError| e.under("keySource");
        let o = Object::new(value, "an object { refreshInterval, cooldown, maxStaleness }", Some(FIELDS)).map_err(at)?;
        let seconds = |name: &str| match o.number(name) {
            Ok(Some(t)) if t.is_finite() && t > 0.0 && t <= MAX_SECONDS => Ok(Some(t)),
            Ok(None) => Ok(None),
            _ => Err(ConfigError::new(format!("keySource.{name}"), "must be more than 0 and at most 2592000 seconds")),
        };
        let refresh_interval = seconds("refreshInterval")?.unwrap_or(DEFAULT_REFRESH_INTERVAL);
        let cooldown = seconds("cooldown")?.unwrap_or(DEFAULT_COOLDOWN.min(refresh_interval));
        let max_staleness = seconds("maxStaleness")?;
        if cooldown > refresh_interval {
            return Err(ConfigError::new("keySource.cooldown", "must not be longer than refreshInterval"));
        }
        if max_staleness.is_some_and(|m| m < refresh_interval) {
            return Err(ConfigError::new("keySource.maxStaleness", "must not be shorter than refreshInterval"));
        }
        Ok(Self { refresh_interval, cooldown, max_staleness })
    }
}

/// Where the key set in force came from and when, for a guard with a key source.
#[derive(Debug, Clone, PartialEq)]
pub struct KeySourceState {
    policy: KeySourcePolicy,
    /// When the set in force was loaded; `None` before the first load.
    loaded_at: Option<f64>,
    /// When the set in force is due for a refresh.
    fresh_until: f64,
    /// When the last load was started.
    last_attempt: Option<f64>,
    /// Whether the config gave a set to start with: used until the first load
    /// succeeds, without a staleness limit (it is config, like any other).
    bootstrap: bool,
}

impl KeySourceState {
    /// No set loaded yet.
    #[must_use]
    pub fn new(policy: KeySourcePolicy) -> Self {
        Self { policy, loaded_at: None, fresh_until: f64::NEG_INFINITY, last_attempt: None, bootstrap: false }
    }

    /// The same, with a set from config in force until the first load.
    #[must_use]
    pub fn with_bootstrap_set(mut self) -> Self {
        self.bootstrap = true;
        self
    }

    /// The timing config.
    #[must_use]
    pub fn policy(&self) -> KeySourcePolicy {
        self.policy
    }

    /// Whether a load should start at `now`; `unknown_kid`: a token named a
    /// `kid` the set does not hold (an early refresh).
    #[must_use]
    pub fn load_due(&self, now: f64, unknown_kid: bool) -> bool {
        let cooled = self.last_attempt.map_or(true, |at| now - at >= self.policy.cooldown);
        cooled && (self.loaded_at.is_none() || now >= self.fresh_until || unknown_kid)
    }

    /// A load starts at `now`.
    pub fn attempted(&mut self, now: f64) {
        self.last_attempt = Some(now);
    }

    /// A set loaded at `now` is now in force; its loader said it is fresh for
    /// `max_age` seconds (an HTTP `Cache-Control: max-age`), which shortens
    /// the refresh interval but never below the cooldown.
    pub fn loaded(&mut self, now: f64, max_age: Option<f64>) {
        let interval = max_age.filter(|a| a.is_finite()).map_or(self.policy.refresh_interval, |a| {
            a.clamp(self.policy.cooldown, self.policy.refresh_interval)
        });
        self.loaded_at = Some(now);
        self.fresh_until = now + interval;
    }

    /// The time from which the set in force is no longer used (`+∞`: never).
    #[must_use]
    pub fn stale_at(&self) -> f64 {
        match (self.loaded_at, self.policy.max_staleness) {
            (None, _) if self.bootstrap => f64::INFINITY,
            (None, _) => f64::NEG_INFINITY,
            (Some(at), Some(max)) => at + max,
            (Some(_), None) => f64::INFINITY,
        }
    }

    /// Whether a set is in force at all (loaded, or given in config).
    ///
    /// # Errors
    /// [`Error::KeysUnavailable`] before the first load.
    pub fn check_loaded(&self) -> Result<(), Error> {
        if self.loaded_at.is_none() && !self.bootstrap {
            return Err(Error::KeysUnavailable("no key set has been loaded yet"));
        }
        Ok(())
    }

    /// Whether the set in force may be used at `now`.
    ///
    /// # Errors
    /// [`Error::KeysUnavailable`] before the first load, or once the set is
    /// older than `maxStaleness`.
    pub fn check_current(&self, now: f64) -> Result<(), Error> {
        self.check_loaded()?;
        match self.loaded_at {
            None => Ok(()),
            Some(_) if now >= self.stale_at() => {
                Err(Error::KeysUnavailable("the key set is older than keySource.maxStaleness and could not be refreshed"))
            }
            Some(_) => Ok(()),
        }
    }
}

#[cfg(test)]
#[path = "source_tests.rs"]
mod tests;

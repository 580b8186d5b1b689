//! The verified-token cache settings (opt-in, config `cache`) and what the
//! cache needs from the core to answer a repeat without verifying again.
//!
//! The cache itself is the package's (pkg/src/cache.js), keyed by the whole
//! token string. For each token the core accepted it holds the result, the
//! granted scopes and a window (`claims::time::Window`): the times at which the
//! core's own time rules hold, cut at `ttl` seconds after the token was
//! stored. A hit needs `from <= now < until` and every required scope among
//! the granted ones; anything else is verified again by the core, so every
//! refusal comes from the core. A changed key set (`setKeys`, also how a key
//! is revoked) or API-key table empties the cache.

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
    #[inline(never)] // config code: compiled only when the field is there (cold start)
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
        let value = crate::json::parse_value(text.as_bytes()).map_err(|_| ConfigError::new("cache", "is not valid JSON"))?;
        Self::from_value(&value)
    }
}

#[cfg(test)]
#[path = "cache/tests.rs"]
mod tests;

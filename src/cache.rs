//! The verified-token cache (opt-in, config `cache`): remembers tokens that
//! passed steps 1–5 so a repeat skips parsing and the signature.
//!
//! - Key: SHA-256 of the key-set version and the whole token, never a part of
//!   it, so a token that differs in any byte misses, and no token is kept in
//!   memory. The policy is fixed for a guard, so a guard's cache is its own.
//! - Value: the [`Verified`] result and the token's date claims.
//! - On a hit the time rules ([`Dates::check`]: `exp`, `nbf`, `iat`,
//!   `maxTokenAge`) and the caller's required scopes run again with the
//!   caller's `now`, so a hit answers exactly what a full verification would.
//! - Entries live no longer than `exp` (+ tolerance) and `ttl` seconds; a
//!   changed key set (`setKeys`, which is also how a key is revoked) clears
//!   the cache. Only successes are stored; a bad token is verified every time.
//! - Bounded: at most `maxEntries`; when full, expired entries go first, then
//!   the oldest.

use crate::claims::time::Dates;
use crate::claims::Claims;
use crate::config::Policy;
use crate::error::{ConfigError, Error};
use crate::guard::Verified;
use crate::scopes;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

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

/// The date claims of a verified token, read as the core reads them, for a
/// cache kept in front of the core (the package's, keyed by the whole token
/// string) that re-applies [`Dates::check`] on every hit. `None` when the
/// claims do not read (never for a [`Verified`] that came out of the core).
#[must_use]
pub fn dates_of(verified: &Verified, policy: &Policy) -> Option<Dates> {
    let claims = Claims::parse(verified.claims_json.as_bytes()).ok()?;
    Dates::read(&claims, policy).ok()
}

/// The SHA-256 of key-set version and token: what an entry is filed under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CacheKey([u8; 32]);

impl CacheKey {
    /// Hashes the whole token together with the key-set version.
    #[must_use]
    pub fn new(keys_version: u64, token: &str) -> Self {
        let mut hash = Sha256::new();
        hash.update(keys_version.to_le_bytes());
        hash.update(token.as_bytes());
        Self(hash.finalize().into())
    }
}

#[derive(Debug)]
struct Entry {
    verified: Verified,
    dates: Dates,
    /// `now` past which the entry is not used (ttl after insertion).
    stale_at: f64,
}

#[derive(Debug, Default)]
struct Entries {
    map: HashMap<CacheKey, Entry>,
    /// Insertion order, for evicting the oldest.
    order: VecDeque<CacheKey>,
}

/// A bounded cache of verified tokens, safe to share (interior mutex).
#[derive(Debug)]
pub struct VerifiedCache {
    config: CacheConfig,
    entries: Mutex<Entries>,
}

impl Clone for VerifiedCache {
    /// A clone starts empty, with the same limits.
    fn clone(&self) -> Self {
        Self::new(self.config)
    }
}

impl VerifiedCache {
    /// An empty cache.
    #[must_use]
    pub fn new(config: CacheConfig) -> Self {
        Self { config, entries: Mutex::new(Entries::default()) }
    }

    /// The limits in force.
    #[must_use]
    pub fn config(&self) -> CacheConfig {
        self.config
    }

    /// Number of entries held.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.lock().map(|e| e.map.len()).unwrap_or(0)
    }

    /// Whether no entry is held.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Drops every entry (the key set changed).
    pub fn clear(&self) {
        if let Ok(mut e) = self.entries.lock() {
            e.map.clear();
            e.order.clear();
        }
    }

    /// The answer for a cached token at `now` with these required scopes:
    /// `None` on a miss; otherwise exactly what a full verification gives
    /// (time rules and scopes are checked again).
    ///
    /// # Errors
    /// [`Error::TokenExpired`], [`Error::TokenNotYetValid`],
    /// [`Error::TokenTooOld`], [`Error::ClaimMissing`] (`iat`) or
    /// [`Error::InsufficientScope`] for a cached token.
    pub fn lookup(&self, key: &CacheKey, policy: &Policy, now: f64, required: &[&str]) -> Option<Result<Verified, Error>> {
        let mut entries = self.entries.lock().ok()?;
        let entry = entries.map.get(key)?;
        if now >= entry.stale_at {
            entries.map.remove(key);
            return None;
        }
        let answer = entry.dates.check(policy, now).and_then(|()| {
            scopes::require(&entry.verified.scopes, required)?;
            Ok(entry.verified.clone())
        });
        if answer == Err(Error::TokenExpired) {
            entries.map.remove(key);
        }
        Some(answer)
    }

    /// Stores a token that passed steps 1–5 at `now`.
    pub fn insert(&self, key: CacheKey, verified: &Verified, dates: Dates, now: f64, policy: &Policy) {
        let ttl_end = now + self.config.ttl;
        let stale_at = dates.exp.map_or(ttl_end, |exp| ttl_end.min(exp + policy.clock_tolerance));
        let Ok(mut entries) = self.entries.lock() else { return };
        if entries.map.len() >= self.config.max_entries || entries.order.len() >= 2 * self.config.max_entries {
            entries.map.retain(|_, e| e.stale_at > now);
            let Entries { map, order } = &mut *entries;
            order.retain(|k| map.contains_key(k));
        }
        while entries.map.len() >= self.config.max_entries {
            let Some(oldest) = entries.order.pop_front() else { break };
            entries.map.remove(&oldest);
        }
        let entry = Entry { verified: verified.clone(), dates, stale_at };
        if entries.map.insert(key, entry).is_none() {
            entries.order.push_back(key);
        }
    }
}

#[cfg(test)]
#[path = "cache/tests.rs"]
mod tests;

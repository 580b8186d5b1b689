//! API keys kept outside the config (config `apiKeyStore`): a table too big
//! for config lives in a store such as Workers KV, one entry per key under the
//! key's lower-case hex SHA-256, each entry shaped like an `apiKeys` item. The
//! package reads the store; the core keeps what was read in two bounded maps:
//!
//! - **found**: compiled entries, used for `ttl` seconds after they were read;
//! - **missing**: digests the store did not hold (or held an invalid entry
//!   for), refused for `negativeTtl` seconds without asking the store again.
//!
//! So a key revoked or deleted in the store is refused by every isolate at
//! most `ttl` seconds (plus the store's own propagation) after the write, and
//! a new key is accepted at most `negativeTtl` seconds after it. Each map holds
//! at most `maxEntries`; when full, expired entries go first, then the oldest.
//! A flood of unknown keys only churns the missing map: found keys stay.
//! An entry is trusted only for the digest it is filed under: its own
//! `sha256` must be that digest.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use serde_json::Value;

use super::digest::{DigestMap, KeyDigest};
use super::{compile, ApiKey, RawApiKey};
use crate::error::ConfigError;

/// Defaults and limits of `apiKeyStore`.
pub const DEFAULT_MAX_ENTRIES: usize = 10_000;
/// Largest `apiKeyStore.maxEntries`.
pub const MAX_ENTRIES: usize = 1_000_000;
/// Default `apiKeyStore.ttl`, seconds.
pub const DEFAULT_TTL: f64 = 60.0;
/// Default `apiKeyStore.negativeTtl`, seconds.
pub const DEFAULT_NEGATIVE_TTL: f64 = 10.0;
/// Largest `ttl` and `negativeTtl`, seconds.
pub const MAX_TTL: f64 = 3600.0;

/// The `apiKeyStore` config (the package keeps the store's `get` function).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StoreConfig {
    /// Most entries each map holds.
    pub max_entries: usize,
    /// Seconds a found entry is used before the store is asked again.
    pub ttl: f64,
    /// Seconds a digest the store did not hold is refused without asking again.
    pub negative_ttl: f64,
}

impl StoreConfig {
    /// Reads `apiKeyStore`: `{ maxEntries?, ttl?, negativeTtl? }`.
    ///
    /// # Errors
    /// [`ConfigError`] naming `apiKeyStore` or the member.
    #[inline(never)] // config code: compiled only when the field is there (cold start)
    pub fn from_value(value: &Value) -> Result<Self, ConfigError> {
        const FIELDS: &[&str] = &["maxEntries", "ttl", "negativeTtl"];
        let o = crate::read::Object::new(value, "an object { maxEntries, ttl, negativeTtl }", Some(FIELDS))
            .map_err(|e| e.under("apiKeyStore"))?;
        let max_entries = match o.u32("maxEntries").map_err(|e| e.under("apiKeyStore"))? {
            None => DEFAULT_MAX_ENTRIES,
            Some(n) if (1..=MAX_ENTRIES).contains(&(n as usize)) => n as usize,
            Some(_) => return Err(ConfigError::new("apiKeyStore.maxEntries", "must be an integer from 1 to 1000000")),
        };
        let seconds = |name: &str, default: f64| match o.number(name) {
            Ok(None) => Ok(default),
            Ok(Some(t)) if t > 0.0 && t <= MAX_TTL => Ok(t),
            _ => Err(ConfigError::new(format!("apiKeyStore.{name}"), "must be more than 0 and at most 3600 seconds")),
        };
        Ok(Self { max_entries, ttl: seconds("ttl", DEFAULT_TTL)?, negative_ttl: seconds("negativeTtl", DEFAULT_NEGATIVE_TTL)? })
    }
}

/// What the local cache knows about a digest.
#[derive(Debug, Clone)]
pub enum Stored {
    /// The store holds this entry.
    Found(Arc<ApiKey>),
    /// The store holds no (valid) entry for it.
    Missing,
    /// Not read lately: ask the store.
    Unknown,
}

/// The local cache of a store's entries, safe to share (interior mutexes).
#[derive(Debug)]
pub struct StoredKeys {
    config: StoreConfig,
    found: Mutex<Bounded<Arc<ApiKey>>>,
    missing: Mutex<Bounded<()>>,
}

impl Clone for StoredKeys {
    /// A clone starts empty, with the same limits.
    fn clone(&self) -> Self {
        Self::new(self.config)
    }
}

impl PartialEq for StoredKeys {
    fn eq(&self, other: &Self) -> bool {
        self.config == other.config
    }
}

impl StoredKeys {
    /// An empty cache.
    #[must_use]
    pub fn new(config: StoreConfig) -> Self {
        Self { config, found: Mutex::new(Bounded::default()), missing: Mutex::new(Bounded::default()) }
    }

    /// The limits in force.
    #[must_use]
    pub fn config(&self) -> StoreConfig {
        self.config
    }

    /// What is known about `digest` at `now`.
    #[must_use]
    pub fn get(&self, digest: &KeyDigest, now: f64) -> Stored {
        if let Some(key) = self.found.lock().ok().and_then(|mut m| m.get(digest, now)) {
            return Stored::Found(key);
        }
        match self.missing.lock().ok().and_then(|mut m| m.get(digest, now)) {
            Some(()) => Stored::Missing,
            None => Stored::Unknown,
        }
    }

    /// Records what the store answered for `digest` at `now`: the entry's
    /// JSON text, or `None` when it holds none. An entry that does not
    /// compile, or whose `sha256` is not `digest`, is recorded as missing.
    ///
    /// # Errors
    /// [`ConfigError`] naming the entry's field, for the caller to report.
    pub fn put(&self, digest: KeyDigest, entry_json: Option<&str>, now: f64) -> Result<(), ConfigError> {
        let compiled = entry_json.map(|text| compile_entry(text, &digest)).transpose();
        if let Ok(mut found) = self.found.lock() {
            found.remove(&digest);
        }
        match compiled {
            Ok(Some(key)) => {
                if let Ok(mut missing) = self.missing.lock() {
                    missing.remove(&digest);
                }
                if let Ok(mut found) = self.found.lock() {
                    found.insert(digest, Arc::new(key), now + self.config.ttl, now, self.config.max_entries);
                }
                Ok(())
            }
            other => {
                if let Ok(mut missing) = self.missing.lock() {
                    missing.insert(digest, (), now + self.config.negative_ttl, now, self.config.max_entries);
                }
                other.map(|_| ())
            }
        }
    }

    /// Forgets everything read (the operator replaced the table).
    pub fn clear(&self) {
        if let Ok(mut found) = self.found.lock() {
            found.clear();
        }
        if let Ok(mut missing) = self.missing.lock() {
            missing.clear();
        }
    }

    /// Entries held: `(found, missing)`.
    #[must_use]
    pub fn len(&self) -> (usize, usize) {
        let found = self.found.lock().map(|m| m.map.len()).unwrap_or(0);
        let missing = self.missing.lock().map(|m| m.map.len()).unwrap_or(0);
        (found, missing)
    }
}

fn compile_entry(text: &str, digest: &KeyDigest) -> Result<ApiKey, ConfigError> {
    let value = crate::read::parse(text, "")?;
    let key = compile::compile_key(&RawApiKey::from_value(&value)?)?;
    if key.digest() != digest {
        return Err(ConfigError::new("sha256", "is not the digest the entry is stored under"));
    }
    Ok(key)
}

/// A map from digest to value with a time limit per entry and a size bound.
#[derive(Debug)]
struct Bounded<V> {
    map: DigestMap<(V, f64)>,
    /// Insertion order, for evicting the oldest.
    order: VecDeque<KeyDigest>,
}

impl<V> Default for Bounded<V> {
    fn default() -> Self {
        Self { map: DigestMap::default(), order: VecDeque::new() }
    }
}

impl<V: Clone> Bounded<V> {
    fn get(&mut self, digest: &KeyDigest, now: f64) -> Option<V> {
        let (value, stale_at) = self.map.get(digest)?;
        if now < *stale_at {
            return Some(value.clone());
        }
        self.map.remove(digest);
        None
    }

    fn remove(&mut self, digest: &KeyDigest) {
        self.map.remove(digest);
    }

    fn insert(&mut self, digest: KeyDigest, value: V, stale_at: f64, now: f64, max_entries: usize) {
        if self.map.len() >= max_entries || self.order.len() >= 2 * max_entries {
            self.map.retain(|_, (_, stale)| *stale > now);
            let Self { map, order } = self;
            order.retain(|d| map.contains_key(d));
        }
        while self.map.len() >= max_entries {
            let Some(oldest) = self.order.pop_front() else { break };
            self.map.remove(&oldest);
        }
        if self.map.insert(digest, (value, stale_at)).is_none() {
            self.order.push_back(digest);
        }
    }

    fn clear(&mut self) {
        self.map.clear();
        self.order.clear();
    }
}

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;

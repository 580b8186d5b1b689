//! Opaque API keys: the `apiKeys` config table and the lookup of a presented key.
//!
//! Config stores only the SHA-256 digest of each key, never the key:
//! `apiKeys: [{ id, sha256, secretSha256?, scopes?, status?, expiresAt?,
//! environment?, subject?, claims? }]`. A digest is 32 bytes written as 64
//! hex digits or 43 unpadded base64url characters. Several keys may be active
//! at once, which is how keys are rotated: add the new key, move callers
//! over, then set the old one's `status` to `revoked`.
//!
//! A lookup hashes the presented key once and finds its digest in a map
//! ([`digest`]): the time does not grow with the table, and it depends only
//! on the digest, never on the key's bytes (the argument is in SECURITY.md).
//! A table too big for config lives in a store (Workers KV) keyed by digest
//! and is read through a bounded local cache ([`store`]). Only after the key
//! is found are status, expiry and environment read, in that order:
//!
//! 1. no entry matches → [`Error::ApiKeyInvalid`];
//! 2. `status` is `suspended` or `revoked`, or `expiresAt` ≤ now → [`Error::ApiKeyRevoked`];
//! 3. the key's environment (`live_`/`test_` prefix, or the entry's
//!    `environment`) is not the one required → [`Error::ApiKeyInvalid`].

use serde_json::{Map, Value};
use std::collections::HashSet;
use subtle::ConstantTimeEq;

use crate::error::{ConfigError, Error};

mod compile;
pub mod digest;
mod environment;
mod output;
pub mod presented;
mod sources;
pub mod store;

pub use digest::KeyDigest;
pub use environment::Environment;
pub use output::checked_json;
pub use presented::Presented;
pub use sources::{KeyRef, KeySources};
pub use store::{StoreConfig, StoredKeys};
/// Longest presented key that is hashed; longer ones are refused unhashed.
pub const MAX_PRESENTED_KEY_LEN: usize = 1024;

/// One `apiKeys` entry as written in config (camelCase JSON).
#[derive(Debug, Clone, Default)]
pub struct RawApiKey {
    /// Public identifier of the key (forwarded as `X-Auth-Key-Id`).
    pub id: String,
    /// SHA-256 of the key: 64 hex digits or 43 base64url characters.
    pub sha256: String,
    /// SHA-256 of the secret paired with the key for a token exchange.
    pub secret_sha256: Option<String>,
    /// Scopes the key grants.
    pub scopes: Option<Vec<String>>,
    /// `active` (default), `suspended` or `revoked`.
    pub status: Option<String>,
    /// Unix seconds after which the key is refused.
    pub expires_at: Option<f64>,
    /// `live` or `test`.
    pub environment: Option<String>,
    /// The caller's identity (`X-Auth-Subject`, a token's `sub`); default `id`.
    pub subject: Option<String>,
    /// Extra identity claims (`companyId`, `accounts` …): strings, numbers, booleans or
    /// arrays of strings; forwarded through `forwardClaims`, put in exchanged tokens.
    pub claims: Option<Map<String, Value>>,
}

/// Whether a key may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyStatus {
    /// Accepted.
    Active,
    /// Temporarily refused.
    Suspended,
    /// Refused for good.
    Revoked,
}

/// A compiled `apiKeys` entry. Holds digests only.
#[derive(Clone, PartialEq)]
pub struct ApiKey {
    /// The configured `id`.
    pub id: String,
    digest: KeyDigest,
    secret_digest: Option<KeyDigest>,
    /// Scopes the key grants.
    pub scopes: Vec<String>,
    /// `status`.
    pub status: KeyStatus,
    /// `expiresAt`, Unix seconds.
    pub expires_at: Option<f64>,
    /// `environment`.
    pub environment: Option<Environment>,
    /// `subject`, or `id` when absent.
    pub subject: String,
    /// `claims` (string, number and boolean values only).
    pub claims: Map<String, Value>,
    /// `{"sub": subject, …claims}` as JSON text: the identity the key stands for.
    claims_json: String,
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiKey").field("id", &self.id).field("status", &self.status).finish_non_exhaustive()
    }
}

impl ApiKey {
    /// Whether a token exchange is configured for this key (`secretSha256`).
    #[must_use]
    pub fn has_secret(&self) -> bool {
        self.secret_digest.is_some()
    }

    /// The identity as a claims object, `{"sub": subject, …claims}`, for
    /// identity headers (`forwardClaims`) and for tokens issued to the key.
    #[must_use]
    pub fn claims_json(&self) -> &str {
        &self.claims_json
    }

    /// The key's digest, which it is filed under.
    #[must_use]
    pub fn digest(&self) -> &KeyDigest {
        &self.digest
    }

    /// Steps 2–3 of the module docs for this key, presented as `presented`:
    /// usable at `now`, and of the `required` environment (`None`: any).
    ///
    /// # Errors
    /// [`Error::ApiKeyRevoked`] for a suspended, revoked or expired key;
    /// [`Error::ApiKeyInvalid`] for one of another environment.
    pub fn admit(&self, presented: &str, now: f64, required: Option<Environment>) -> Result<(), Error> {
        if self.status != KeyStatus::Active || self.expires_at.is_some_and(|at| at <= now) {
            return Err(Error::ApiKeyRevoked);
        }
        let environment = environment::of_key(presented, self.environment).ok_or(Error::ApiKeyInvalid)?;
        match required {
            Some(want) if environment != Some(want) => Err(Error::ApiKeyInvalid),
            _ => Ok(()),
        }
    }

    /// Whether `secret` hashes to the key's `secretSha256` (constant time). A
    /// key without a configured secret cannot be exchanged.
    ///
    /// # Errors
    /// [`Error::ApiKeyInvalid`] when the secret does not match or none is configured.
    pub fn check_secret(&self, secret: &str) -> Result<(), Error> {
        let given = KeyDigest::of(secret.as_bytes());
        let expected = self.secret_digest.unwrap_or(KeyDigest([0; 32]));
        let matches = given.0.ct_eq(&expected.0) & u8::from(self.secret_digest.is_some()).ct_eq(&1);
        if secret.len() <= MAX_PRESENTED_KEY_LEN && bool::from(matches) {
            Ok(())
        } else {
            Err(Error::ApiKeyInvalid)
        }
    }
}

/// The digest of a presented key.
///
/// # Errors
/// [`Error::ApiKeyInvalid`] for an empty key or one longer than
/// [`MAX_PRESENTED_KEY_LEN`] (refused unhashed).
pub fn presented_digest(presented: &str) -> Result<KeyDigest, Error> {
    if presented.is_empty() || presented.len() > MAX_PRESENTED_KEY_LEN {
        return Err(Error::ApiKeyInvalid);
    }
    Ok(KeyDigest::of(presented.as_bytes()))
}

/// The compiled `apiKeys` table: entries in config order, found by digest.
#[derive(Debug, Clone, Default)]
pub struct ApiKeyTable {
    keys: Vec<ApiKey>,
    by_digest: digest::DigestMap<usize>,
}

impl PartialEq for ApiKeyTable {
    fn eq(&self, other: &Self) -> bool {
        self.keys == other.keys
    }
}

impl ApiKeyTable {
    /// Validates and compiles `apiKeys`; any number of entries.
    ///
    /// # Errors
    /// [`ConfigError`] naming the field (`apiKeys[2].sha256`): an empty or
    /// repeated `id`, a digest that is not 32 bytes of hex or base64url, a
    /// digest used by an earlier entry, an unknown `status` or `environment`,
    /// a non-finite or negative `expiresAt`, a bad scope, an object claim value.
    #[inline(never)] // config code: compiled only when the field is there (cold start)
    pub fn compile(raw: &[RawApiKey]) -> Result<Self, ConfigError> {
        let mut keys: Vec<ApiKey> = Vec::with_capacity(raw.len());
        let mut by_digest = digest::DigestMap::with_capacity_and_hasher(raw.len(), Default::default());
        let mut ids: HashSet<&str> = HashSet::with_capacity(raw.len());
        for (i, entry) in raw.iter().enumerate() {
            let key = compile::compile_key(entry).map_err(|e| e.under(&format!("apiKeys[{i}]")))?;
            if !ids.insert(entry.id.as_str()) {
                return Err(ConfigError::new(format!("apiKeys[{i}].id"), "repeats an earlier key id"));
            }
            if by_digest.insert(key.digest, i).is_some() {
                return Err(ConfigError::new(format!("apiKeys[{i}].sha256"), "repeats the digest of an earlier key"));
            }
            keys.push(key);
        }
        Ok(Self { keys, by_digest })
    }

    /// Parses and compiles an `apiKeys` list given as JSON text (a key push).
    ///
    /// # Errors
    /// [`ConfigError`] at `apiKeys` for text that is not a JSON array of
    /// entries, else those of [`ApiKeyTable::compile`].
    pub fn from_json(text: &str) -> Result<Self, ConfigError> {
        let value = crate::read::parse(text, "apiKeys")?;
        let Value::Array(items) = &value else {
            return Err(ConfigError::new("apiKeys", "must be an array of API key objects"));
        };
        Self::compile(&crate::read::each("apiKeys", items, RawApiKey::from_value)?)
    }

    /// Number of keys.
    #[must_use]
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// `true` when no key is configured.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The entries in config order.
    #[must_use]
    pub fn keys(&self) -> &[ApiKey] {
        &self.keys
    }

    /// The entry filed under `digest`: one map lookup, whatever the table's size.
    #[must_use]
    pub fn get(&self, digest: &KeyDigest) -> Option<&ApiKey> {
        self.by_digest.get(digest).and_then(|&i| self.keys.get(i))
    }

    /// Finds the entry for a presented key and checks that it may be used at
    /// `now`, in the order of the module docs. `required`: the environment
    /// the caller insists on (`None`: any).
    ///
    /// # Errors
    /// [`Error::ApiKeyInvalid`] for an unknown key, one longer than
    /// [`MAX_PRESENTED_KEY_LEN`], or one from another environment;
    /// [`Error::ApiKeyRevoked`] for a suspended, revoked or expired key.
    pub fn authenticate(&self, presented: &str, now: f64, required: Option<Environment>) -> Result<&ApiKey, Error> {
        let key = self.get(&presented_digest(presented)?).ok_or(Error::ApiKeyInvalid)?;
        key.admit(presented, now, required)?;
        Ok(key)
    }

    /// Like [`ApiKeyTable::authenticate`], and then the key's `secretSha256`
    /// must match `secret` ([`ApiKey::check_secret`]).
    ///
    /// # Errors
    /// Those of [`ApiKeyTable::authenticate`] and [`ApiKey::check_secret`].
    pub fn authenticate_with_secret(
        &self,
        presented: &str,
        secret: &str,
        now: f64,
        required: Option<Environment>,
    ) -> Result<&ApiKey, Error> {
        let key = self.authenticate(presented, now, required)?;
        key.check_secret(secret)?;
        Ok(key)
    }
}

#[cfg(test)]
mod tests;

//! Opaque API keys: the `apiKeys` config table and the lookup of a presented key.
//!
//! Config stores only the SHA-256 digest of each key, never the key:
//! `apiKeys: [{ id, sha256, secretSha256?, scopes?, status?, expiresAt?,
//! environment?, subject?, claims? }]`. A digest is 32 bytes written as 64
//! hex digits or 43 unpadded base64url characters. Several keys may be active
//! at once, which is how keys are rotated: add the new key, move callers
//! over, then set the old one's `status` to `revoked`.
//!
//! A lookup hashes the presented key once and compares the digest with every
//! entry using [`subtle::ConstantTimeEq`], without stopping at a match, so its
//! time does not depend on which key (if any) matched or on how many bytes of
//! a digest agree. Only after the scan are status, expiry and environment
//! read, in that order:
//!
//! 1. no entry matches → [`Error::ApiKeyInvalid`];
//! 2. `status` is `suspended` or `revoked`, or `expiresAt` ≤ now → [`Error::ApiKeyRevoked`];
//! 3. the key's environment (`live_`/`test_` prefix, or the entry's
//!    `environment`) is not the one required → [`Error::ApiKeyInvalid`].

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use subtle::{ConditionallySelectable, ConstantTimeEq};
use zeroize::Zeroizing;

use crate::error::{ConfigError, Error};

mod compile;
mod environment;
mod output;
pub mod presented;

pub use environment::Environment;
pub use output::checked_json;
pub use presented::Presented;

/// Most keys one table may hold (every lookup compares against all of them).
pub const MAX_API_KEYS: usize = 1000;
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
    digest: [u8; 32],
    secret_digest: Option<[u8; 32]>,
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
}

/// The compiled `apiKeys` table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ApiKeyTable {
    keys: Vec<ApiKey>,
}

impl ApiKeyTable {
    /// Validates and compiles `apiKeys`.
    ///
    /// # Errors
    /// [`ConfigError`] naming the field (`apiKeys[2].sha256`): an empty or
    /// repeated `id`, a digest that is not 32 bytes of hex or base64url, a
    /// digest used by an earlier entry, an unknown `status` or `environment`,
    /// a non-finite or negative `expiresAt`, a bad scope, an object claim
    /// value, or more than [`MAX_API_KEYS`] entries.
    pub fn compile(raw: &[RawApiKey]) -> Result<Self, ConfigError> {
        if raw.len() > MAX_API_KEYS {
            return Err(ConfigError::new("apiKeys", format!("at most {MAX_API_KEYS} keys are supported")));
        }
        let mut keys: Vec<ApiKey> = Vec::with_capacity(raw.len());
        for (i, entry) in raw.iter().enumerate() {
            let key = compile::compile_key(entry).map_err(|e| e.under(&format!("apiKeys[{i}]")))?;
            if keys.iter().any(|k| k.id == key.id) {
                return Err(ConfigError::new(format!("apiKeys[{i}].id"), "repeats an earlier key id"));
            }
            if keys.iter().any(|k| bool::from(k.digest.ct_eq(&key.digest))) {
                return Err(ConfigError::new(format!("apiKeys[{i}].sha256"), "repeats the digest of an earlier key"));
            }
            keys.push(key);
        }
        Ok(Self { keys })
    }

    /// Parses and compiles an `apiKeys` list given as JSON text (a key push).
    ///
    /// # Errors
    /// [`ConfigError`] at `apiKeys` for text that is not a JSON array of
    /// entries, else those of [`ApiKeyTable::compile`].
    pub fn from_json(text: &str) -> Result<Self, ConfigError> {
        let value = crate::config::read::parse(text, "apiKeys")?;
        let Value::Array(items) = &value else {
            return Err(ConfigError::new("apiKeys", "must be an array of API key objects"));
        };
        Self::compile(&crate::config::read::each("apiKeys", items, RawApiKey::from_value)?)
    }

    /// Number of keys.
    #[must_use]
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// `true` when no key is configured (opaque keys are then never looked up).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The entries in config order.
    #[must_use]
    pub fn keys(&self) -> &[ApiKey] {
        &self.keys
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
        let key = self.find(presented)?;
        usable(key, now)?;
        let environment = environment::of_key(presented, key.environment).ok_or(Error::ApiKeyInvalid)?;
        match required {
            Some(want) if environment != Some(want) => Err(Error::ApiKeyInvalid),
            _ => Ok(key),
        }
    }

    /// Like [`ApiKeyTable::authenticate`], and then the key's `secretSha256`
    /// must match `secret` (compared in constant time). A key without a
    /// configured secret cannot be exchanged.
    ///
    /// # Errors
    /// Those of [`ApiKeyTable::authenticate`]; [`Error::ApiKeyInvalid`] when
    /// the secret does not match or none is configured.
    pub fn authenticate_with_secret(
        &self,
        presented: &str,
        secret: &str,
        now: f64,
        required: Option<Environment>,
    ) -> Result<&ApiKey, Error> {
        let key = self.authenticate(presented, now, required)?;
        let given = sha256(secret.as_bytes());
        let expected = key.secret_digest.unwrap_or([0; 32]);
        let matches = given.as_slice().ct_eq(expected.as_slice()) & u8::from(key.secret_digest.is_some()).ct_eq(&1);
        if secret.len() <= MAX_PRESENTED_KEY_LEN && bool::from(matches) {
            Ok(key)
        } else {
            Err(Error::ApiKeyInvalid)
        }
    }

    /// The entry whose digest is SHA-256(`presented`): every entry is compared,
    /// the match (if any) is picked with a constant-time select.
    fn find(&self, presented: &str) -> Result<&ApiKey, Error> {
        if presented.is_empty() || presented.len() > MAX_PRESENTED_KEY_LEN {
            return Err(Error::ApiKeyInvalid);
        }
        let digest = sha256(presented.as_bytes());
        let mut found = subtle::Choice::from(0);
        let mut index = 0u32;
        for (i, key) in (0u32..).zip(&self.keys) {
            let hit = key.digest.as_slice().ct_eq(digest.as_slice());
            index.conditional_assign(&i, hit);
            found |= hit;
        }
        if bool::from(found) {
            self.keys.get(index as usize).ok_or(Error::ApiKeyInvalid)
        } else {
            Err(Error::ApiKeyInvalid)
        }
    }
}

/// SHA-256 of `bytes`; the intermediate buffer is wiped.
fn sha256(bytes: &[u8]) -> Zeroizing<[u8; 32]> {
    Zeroizing::new(Sha256::digest(bytes).into())
}

fn usable(key: &ApiKey, now: f64) -> Result<(), Error> {
    if key.status != KeyStatus::Active || key.expires_at.is_some_and(|at| at <= now) {
        return Err(Error::ApiKeyRevoked);
    }
    Ok(())
}

#[cfg(test)]
mod tests;

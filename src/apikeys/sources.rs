//! Where a presented key is looked up: the config's `apiKeys` table first,
//! then the store's local cache ([`super::store`]). A key the cache has not
//! read lately is refused here; the package reads it from the store first
//! ([`KeySources::to_load`]), then asks again.

use std::ops::Deref;
use std::sync::Arc;

use super::store::{Stored, StoredKeys};
use super::{presented_digest, ApiKey, ApiKeyTable, Environment, KeyDigest};
use crate::error::Error;

/// A found key: an entry of the config table or one read from the store.
#[derive(Debug, Clone)]
pub enum KeyRef<'a> {
    /// From `apiKeys`.
    Config(&'a ApiKey),
    /// From the store.
    Stored(Arc<ApiKey>),
}

impl Deref for KeyRef<'_> {
    type Target = ApiKey;

    fn deref(&self) -> &ApiKey {
        match self {
            Self::Config(key) => key,
            Self::Stored(key) => key,
        }
    }
}

/// The config table and, when configured, the store's cache.
#[derive(Debug, Clone, Copy)]
pub struct KeySources<'a> {
    /// `apiKeys`.
    pub table: &'a ApiKeyTable,
    /// `apiKeyStore`.
    pub store: Option<&'a StoredKeys>,
}

impl<'a> KeySources<'a> {
    /// Whether any opaque key can be accepted (a table or a store is configured).
    #[must_use]
    pub fn accepts_keys(&self) -> bool {
        !self.table.is_empty() || self.store.is_some()
    }

    /// The digest the store must be read for before `presented` can be
    /// decided at `now`; `None` when the table or the cache can answer.
    #[must_use]
    pub fn to_load(&self, presented: &str, now: f64) -> Option<KeyDigest> {
        let store = self.store?;
        let digest = presented_digest(presented).ok()?;
        if self.table.get(&digest).is_some() {
            return None;
        }
        matches!(store.get(&digest, now), Stored::Unknown).then_some(digest)
    }

    /// Finds `presented` (table, then store cache) and checks that it may be
    /// used at `now` in the `required` environment ([`ApiKey::admit`]).
    ///
    /// # Errors
    /// [`Error::ApiKeyInvalid`] for an unknown key (one the cache has not
    /// read counts as unknown) or another environment; [`Error::ApiKeyRevoked`]
    /// for a suspended, revoked or expired key.
    pub fn authenticate(&self, presented: &str, now: f64, required: Option<Environment>) -> Result<KeyRef<'a>, Error> {
        let digest = presented_digest(presented)?;
        let key = match (self.table.get(&digest), self.store) {
            (Some(key), _) => KeyRef::Config(key),
            (None, Some(store)) => match store.get(&digest, now) {
                Stored::Found(key) => KeyRef::Stored(key),
                Stored::Missing | Stored::Unknown => return Err(Error::ApiKeyInvalid),
            },
            (None, None) => return Err(Error::ApiKeyInvalid),
        };
        key.admit(presented, now, required)?;
        Ok(key)
    }

    /// [`KeySources::authenticate`], then the key's secret ([`ApiKey::check_secret`]).
    ///
    /// # Errors
    /// Those of both.
    pub fn authenticate_with_secret(
        &self,
        presented: &str,
        secret: &str,
        now: f64,
        required: Option<Environment>,
    ) -> Result<KeyRef<'a>, Error> {
        let key = self.authenticate(presented, now, required)?;
        key.check_secret(secret)?;
        Ok(key)
    }
}

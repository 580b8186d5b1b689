//! Checking an API key outside a request: the first half of the key+secret
//! exchange an API offers at `POST /auth/token` (the second half is
//! [`Guard::sign`]). The same table, store, rules and lookup as `authorize`
//! ([`crate::apikeys`]).

use crate::apikeys::{ApiKeyTable, Environment, KeyRef};
use crate::error::Error;
use crate::guard::Guard;

impl Guard {
    /// The `apiKeys` table in force.
    #[must_use]
    pub fn api_keys(&self) -> &ApiKeyTable {
        self.edge().api_keys()
    }

    /// Checks `key` (and, when given, its `secret`) at `now`: the key must be
    /// known, active, unexpired and of `environment` (default: the guard's).
    ///
    /// # Errors
    /// [`Error::ApiKeyInvalid`] for an unknown key, a wrong or unconfigured
    /// secret, or another environment; [`Error::ApiKeyRevoked`] for a
    /// suspended, revoked or expired key.
    pub fn check_api_key(&self, key: &str, secret: Option<&str>, now: f64, environment: Option<Environment>) -> Result<KeyRef<'_>, Error> {
        let environment = environment.or(self.edge().environment());
        let sources = self.edge().api_key_sources();
        match secret {
            Some(secret) => sources.authenticate_with_secret(key, secret, now, environment),
            None => sources.authenticate(key, now, environment),
        }
    }
}

//! Keys kept in a store (`apiKeyStore`): before a request is decided, the
//! package asks which digest, if any, it must read from the store first; it
//! records the answer ([`crate::apikeys::StoredKeys::put`]) and then asks for
//! the decision, which finds the key in the cache. Requests that will not
//! look at an API key (bad path, no route, a JWT, a key the table or the
//! cache already knows) need no read. (A public route may still read one: a
//! call can demand scopes there.)

use super::RequestParts;
use crate::apikeys::presented::{self, Presented};
use crate::apikeys::KeyDigest;
use crate::credentials::parse_authorization;
use crate::guard::Guard;

impl Guard {
    /// The digest to read from the store before [`Guard::authorize`] can
    /// decide `request` at `now`; `None` when no read is needed.
    #[must_use]
    pub fn api_key_to_load(&self, request: &RequestParts<'_>, now: f64) -> Option<KeyDigest> {
        let edge = self.edge();
        let sources = edge.api_key_sources();
        sources.store?;
        if let Some(table) = edge.routes() {
            let method = crate::routes::canonical_method(request.method).ok()?;
            let target = crate::routes::RequestTarget::parse(request.url).ok()?;
            table.resolve(&method, &target).ok()?;
        }
        let credential = parse_authorization(request.authorization).ok()?;
        match presented::sort(&credential, sources.accepts_keys()).ok()? {
            Presented::ApiKey(key) => sources.to_load(key, now),
            Presented::Jwt(_) => None,
        }
    }

    /// The digest to read from the store before [`Guard::check_api_key`] can
    /// answer for `key` at `now`; `None` when no read is needed.
    #[must_use]
    pub fn api_key_to_load_for(&self, key: &str, now: f64) -> Option<KeyDigest> {
        self.edge().api_key_sources().to_load(key, now)
    }

    /// Records the store's answer for `digest` read at `now` (`None`: it
    /// holds no entry); see [`crate::apikeys::StoredKeys::put`].
    ///
    /// # Errors
    /// [`crate::ConfigError`] for an entry that does not compile or is filed
    /// under another digest (recorded as missing).
    pub fn put_stored_api_key(&self, digest: KeyDigest, entry_json: Option<&str>, now: f64) -> Result<(), crate::ConfigError> {
        match self.edge().api_key_sources().store {
            Some(store) => store.put(digest, entry_json, now).map_err(|e| e.under("apiKeyStore")),
            None => Ok(()),
        }
    }
}

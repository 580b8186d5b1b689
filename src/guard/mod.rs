//! The guard: the edge layer on top of the token layer. A [`Guard`] is a
//! token [`Verifier`] (policy, keys, verification) with the request-facing
//! [`EdgePolicy`] (routes, credentials, API keys, forwarding, refusals).
//! `authorize` ([`crate::authorize`]) and the API-key checks
//! ([`crate::exchange`]) are its own; token verification is the verifier's,
//! reached through it.

use std::ops::{Deref, DerefMut};

use crate::edge::EdgePolicy;
use crate::config::{Config, TOKEN_FIELDS};
use crate::edge_config::{edge_policy, EDGE_FIELDS};
use crate::error::ConfigError;
use crate::read::{self, Object};
use crate::verifier::Verifier;

/// A compiled config of both layers.
#[derive(Debug, Clone)]
pub struct Guard {
    verifier: Verifier,
    edge: EdgePolicy,
}

impl Guard {
    /// A guard from config JSON (the JS config object, stringified): parsed
    /// once, unknown fields refused, then each layer reads its own fields.
    ///
    /// # Errors
    /// [`ConfigError`] naming the first offending field.
    pub fn from_config_json(text: &str) -> Result<Self, ConfigError> {
        let value = read::parse(text, "")?;
        let known: Vec<&str> = TOKEN_FIELDS.iter().chain(EDGE_FIELDS).copied().collect();
        Object::new(&value, "a config object", Some(&known))?;
        let verifier = Verifier::from_config(Config::from_value(&value)?);
        let edge = edge_policy(&value)?;
        Ok(Self { verifier, edge })
    }

    /// The token layer: policy, keys and verification.
    #[must_use]
    pub fn verifier(&self) -> &Verifier {
        &self.verifier
    }

    /// The edge policy in force.
    #[must_use]
    pub fn edge(&self) -> &EdgePolicy {
        &self.edge
    }

    /// Replaces the `apiKeys` table with the list in `json` (key rotation).
    /// The new table is validated completely first; on error the old one stays.
    ///
    /// # Errors
    /// [`ConfigError`] naming the offending field (`apiKeys[1].sha256`).
    pub fn set_api_keys_json(&mut self, json: &str) -> Result<(), ConfigError> {
        let table = crate::apikeys::ApiKeyTable::from_json(json)?;
        self.edge.set_api_keys(table);
        Ok(())
    }
}

/// A guard verifies tokens as its verifier does.
impl Deref for Guard {
    type Target = Verifier;

    fn deref(&self) -> &Verifier {
        &self.verifier
    }
}

impl DerefMut for Guard {
    fn deref_mut(&mut self) -> &mut Verifier {
        &mut self.verifier
    }
}

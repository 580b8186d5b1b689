//! The guard: a compiled policy and key set, and `verify`, which runs the
//! verification order of DESIGN.md top to bottom. Each step is one call that
//! returns the first error it finds; nothing after a failed step runs.

use crate::alg::Algorithm;
use crate::claims::Claims;
use crate::config::{Config, Policy};
use crate::error::{ConfigError, Error};
use crate::header::Header;
use crate::jws::CompactJws;
use crate::keys::{jwk, KeySet};
use crate::scopes;

/// Per-call options of [`Guard::verify`].
#[derive(Debug, Clone, Copy)]
pub struct VerifyOptions<'a> {
    /// Scopes the token must grant (all of them).
    pub scopes: &'a [&'a str],
    /// The current time, Unix seconds.
    pub now: f64,
}

/// A token that passed every step.
#[derive(Debug, Clone, PartialEq)]
pub struct Verified {
    /// The token's algorithm.
    pub alg: Algorithm,
    /// The `kid` of the key that verified it.
    pub kid: String,
    /// The header `typ`, when it is a string.
    pub typ: Option<String>,
    /// Granted scopes (`scope` ∪ `scp` ∪ `scopes`).
    pub scopes: Vec<String>,
    /// The claims set as sent: UTF-8 JSON text of one I-JSON object.
    pub claims_json: String,
}

/// Verifies tokens against one compiled config.
#[derive(Debug, Clone)]
pub struct Guard {
    policy: Policy,
    keys: KeySet,
}

impl Guard {
    /// A guard from a compiled policy and key set.
    #[must_use]
    pub fn new(policy: Policy, keys: KeySet) -> Self {
        Self { policy, keys }
    }

    /// A guard from config JSON (the JS config object, stringified).
    ///
    /// # Errors
    /// [`ConfigError`] naming the first offending field.
    pub fn from_config_json(text: &str) -> Result<Self, ConfigError> {
        let Config { policy, keys } = Config::from_json(text)?;
        Ok(Self { policy, keys })
    }

    /// The policy in force.
    #[must_use]
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The keys in force.
    #[must_use]
    pub fn keys(&self) -> &KeySet {
        &self.keys
    }

    /// Replaces the key set with the JWK Set in `jwks_json`. The new set is
    /// validated completely first; on error the old keys stay in use.
    ///
    /// # Errors
    /// [`ConfigError`] naming the offending field (`keys[1].k`).
    pub fn set_keys_json(&mut self, jwks_json: &str) -> Result<(), ConfigError> {
        self.keys = jwk::key_set_from_json(jwks_json)?;
        Ok(())
    }

    /// Replaces the key set.
    pub fn set_keys(&mut self, keys: KeySet) {
        self.keys = keys;
    }

    /// Verifies a compact JWT, in the order of DESIGN.md.
    ///
    /// # Errors
    /// The [`Error`] of the first step that fails.
    pub fn verify(&self, token: &str, options: &VerifyOptions<'_>) -> Result<Verified, Error> {
        let policy = &self.policy;
        // 1. size limit, three segments, strict base64url
        let jws = CompactJws::parse(token, policy.max_token_size)?;
        // 2. header: I-JSON object, alg in the allow-list, no crit
        let header = Header::parse(&jws.header, policy.algorithms)?;
        // 3. key selection by kid, key bound to alg
        let candidates = self.keys.select(&header.kid, header.alg, policy.require_kid)?;
        // 4. signature
        let kid = candidates
            .verify(jws.signing_input.as_bytes(), &jws.signature)
            .ok_or(Error::SignatureInvalid)?;
        // 5. claims, only now that the signature holds
        let claims = Claims::parse(&jws.payload)?;
        claims.check(&header, policy, options.now)?;
        // 6. scopes
        let granted = scopes::granted(&claims)?;
        scopes::require(&granted, options.scopes)?;
        let kid = kid.to_owned();
        drop(claims);
        let claims_json = String::from_utf8(jws.payload).map_err(|_| Error::TokenMalformed("claims are not UTF-8"))?;
        let typ = header.typ.flatten();
        Ok(Verified { alg: header.alg, kid, typ, scopes: granted, claims_json })
    }
}

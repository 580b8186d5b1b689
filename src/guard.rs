//! The guard: a compiled policy and key set, and `verify`, which runs the
//! verification order of DESIGN.md top to bottom. Each step is one call that
//! returns the first error it finds; nothing after a failed step runs.

use crate::alg::Algorithm;
use crate::cache::{CacheConfig, CacheKey, VerifiedCache};
use crate::claims::time::Dates;
use crate::claims::Claims;
use crate::config::{Config, Policy};
use crate::error::{ConfigError, Error};
use crate::header::Header;
use crate::jws::CompactJws;
use crate::keys::{jwk, Candidates, KeySet};
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

/// A token after steps 1–3, its signature (step 4) not yet checked: what an
/// outside verifier (WebCrypto) needs, and what [`Guard::finish`] takes.
#[derive(Debug)]
pub struct Prepared<'t, 'g> {
    token: &'t str,
    jws: CompactJws<'t>,
    header: Header,
    candidates: Candidates<'g>,
}

impl<'t, 'g> Prepared<'t, 'g> {
    /// The token's algorithm.
    #[must_use]
    pub fn alg(&self) -> Algorithm {
        self.header.alg
    }

    /// The bytes that are signed (`header '.' payload`, as sent).
    #[must_use]
    pub fn signing_input(&self) -> &'t str {
        self.jws.signing_input
    }

    /// The decoded signature.
    #[must_use]
    pub fn signature(&self) -> &[u8] {
        &self.jws.signature
    }

    /// The `kid`s of the keys to try, in order.
    #[must_use]
    pub fn candidate_kids(&self) -> Vec<&'g str> {
        self.candidates.kids()
    }

    /// Step 4 format rules that come before any key is used: HS256 tags are
    /// 32 bytes; ES256 signatures are 64 bytes `R‖S` with `r`, `s` in `[1, n−1]`.
    #[must_use]
    pub fn signature_well_formed(&self) -> bool {
        crate::keys::signature_well_formed(self.header.alg, &self.jws.signature)
    }

    /// Step 4 here: the `kid` of the key that verifies the signature.
    #[must_use]
    pub fn verify_signature(&self) -> Option<&'g str> {
        self.candidates.verify(self.jws.signing_input.as_bytes(), &self.jws.signature)
    }

    /// What [`Guard::finish_suspended`] needs, owned, to hold while the
    /// signature is checked outside: the token, its checked header and payload.
    #[must_use]
    pub fn suspend(self) -> Suspended {
        Suspended { token: self.token.to_owned(), header: self.header, payload: self.jws.payload }
    }
}

/// A token after steps 1–2 (parsed, header checked), held between the two
/// halves of an outside signature check (see [`Prepared::suspend`]).
#[derive(Debug)]
pub struct Suspended {
    token: String,
    header: Header,
    payload: Vec<u8>,
}

impl Suspended {
    /// The token these parts were read from.
    #[must_use]
    pub fn token(&self) -> &str {
        &self.token
    }
}

/// Verifies tokens against one compiled config.
#[derive(Debug, Clone)]
pub struct Guard {
    policy: Policy,
    keys: KeySet,
    /// Bumped by every key swap; part of the cache key.
    keys_version: u64,
    cache: Option<VerifiedCache>,
}

impl Guard {
    /// A guard from a compiled policy and key set.
    #[must_use]
    pub fn new(policy: Policy, keys: KeySet) -> Self {
        Self { policy, keys, keys_version: 0, cache: None }
    }

    /// Turns the verified-token cache on (`Some`) or off (see [`crate::cache`]).
    pub fn set_cache(&mut self, config: Option<CacheConfig>) {
        self.cache = config.map(VerifiedCache::new);
    }

    /// The verified-token cache, when on.
    #[must_use]
    pub fn cache(&self) -> Option<&VerifiedCache> {
        self.cache.as_ref()
    }

    /// Counts key swaps: changes whenever [`Guard::set_keys`] succeeds.
    #[must_use]
    pub fn keys_version(&self) -> u64 {
        self.keys_version
    }

    /// A guard from config JSON (the JS config object, stringified).
    ///
    /// # Errors
    /// [`ConfigError`] naming the first offending field.
    pub fn from_config_json(text: &str) -> Result<Self, ConfigError> {
        let Config { policy, keys } = Config::from_json(text)?;
        Ok(Self::new(policy, keys))
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
    /// validated completely first; on error the old keys stay in use. Returns
    /// the keys of the set that were skipped ([`jwk`]).
    ///
    /// # Errors
    /// [`ConfigError`] naming the offending field (`keys[1].k`), or at `keys`
    /// when the set holds no usable key.
    pub fn set_keys_json(&mut self, jwks_json: &str) -> Result<&[jwk::SkippedKey], ConfigError> {
        let keys = jwk::key_set_from_json(jwks_json)?;
        self.set_keys(keys);
        Ok(self.keys.skipped())
    }

    /// Replaces the `apiKeys` table with the list in `json` (key rotation).
    /// The new table is validated completely first; on error the old one stays.
    ///
    /// # Errors
    /// [`ConfigError`] naming the offending field (`apiKeys[1].sha256`).
    pub fn set_api_keys_json(&mut self, json: &str) -> Result<(), ConfigError> {
        let table = crate::apikeys::ApiKeyTable::from_json(json)?;
        self.policy.edge.set_api_keys(table);
        Ok(())
    }

    /// Replaces the key set; cached verifications are dropped.
    pub fn set_keys(&mut self, keys: KeySet) {
        self.keys = keys;
        self.keys_version = self.keys_version.wrapping_add(1);
        if let Some(cache) = &self.cache {
            cache.clear();
        }
    }

    /// Verifies a compact JWT, in the order of DESIGN.md. With the cache on,
    /// a token verified before answers from the cache (time rules and scopes
    /// still run; see [`crate::cache`]).
    ///
    /// # Errors
    /// The [`Error`] of the first step that fails.
    pub fn verify(&self, token: &str, options: &VerifyOptions<'_>) -> Result<Verified, Error> {
        if let Some(hit) = self.cached(token, options) {
            return hit;
        }
        let prepared = self.prepare(token)?;
        // 4. signature
        let kid = prepared.verify_signature();
        self.finish(prepared, kid, options)
    }

    /// Steps 1–3: parses the token and selects its key(s).
    ///
    /// # Errors
    /// The [`Error`] of the first step that fails.
    pub fn prepare<'t>(&self, token: &'t str) -> Result<Prepared<'t, '_>, Error> {
        let policy = &self.policy;
        // 1. size limit, three segments, strict base64url
        let jws = CompactJws::parse(token, policy.max_token_size)?;
        // 2. header: I-JSON object, alg in the allow-list, no crit
        let header = Header::parse(&jws.header, policy.algorithms)?;
        // 3. key selection by kid, key bound to alg
        let candidates = self.keys.select(&header.kid, header.alg, policy.require_kid)?;
        Ok(Prepared { token, jws, header, candidates })
    }

    /// The cached answer for `token`, when the cache is on and holds it.
    #[must_use]
    pub fn cached(&self, token: &str, options: &VerifyOptions<'_>) -> Option<Result<Verified, Error>> {
        let cache = self.cache.as_ref()?;
        if token.len() > self.policy.max_token_size {
            return None; // refused by step 1 before anything is hashed
        }
        cache.lookup(&CacheKey::new(self.keys_version, token), &self.policy, options.now, options.scopes)
    }

    /// [`Guard::finish`] for a suspended token: step 3 (keys from the key set
    /// in force now) again, then steps 5–6, without parsing the token again.
    ///
    /// # Errors
    /// As [`Guard::finish`]; [`Error::KeyNotFound`] or
    /// [`Error::AlgNotAllowed`] when the key set changed meanwhile.
    pub fn finish_suspended(
        &self,
        suspended: Suspended,
        verified_kid: Option<&str>,
        options: &VerifyOptions<'_>,
    ) -> Result<Verified, Error> {
        let Suspended { token, header, payload } = suspended;
        // 3. key selection, against the keys in force now
        let candidates = self.keys.select(&header.kid, header.alg, self.policy.require_kid)?;
        let jws = CompactJws { signing_input: "", header: Vec::new(), payload, signature: Vec::new() };
        self.finish(Prepared { token: &token, jws, header, candidates }, verified_kid, options)
    }

    /// Steps 5–6 for a prepared token whose signature step 4 found valid
    /// under the key `verified_kid` (`None`: no key verified it). A `kid`
    /// that is not one of the prepared candidates counts as `None`.
    ///
    /// # Errors
    /// [`Error::SignatureInvalid`], or the [`Error`] of the first later step that fails.
    pub fn finish(
        &self,
        prepared: Prepared<'_, '_>,
        verified_kid: Option<&str>,
        options: &VerifyOptions<'_>,
    ) -> Result<Verified, Error> {
        let Prepared { token, jws, header, candidates } = prepared;
        let kid = verified_kid.and_then(|kid| candidates.find(kid)).ok_or(Error::SignatureInvalid)?;
        // 5. claims, only now that the signature holds
        let claims = Claims::parse(&jws.payload)?;
        claims.check(&header, &self.policy, options.now)?;
        let dates = Dates::read(&claims, &self.policy)?;
        // 6. scopes: what the token grants, then what the call requires
        let granted = scopes::granted(&claims)?;
        drop(claims);
        let claims_json = String::from_utf8(jws.payload).map_err(|_| Error::TokenMalformed("claims are not UTF-8"))?;
        let typ = header.typ.flatten();
        let verified = Verified { alg: header.alg, kid: kid.to_owned(), typ, scopes: granted, claims_json };
        if let Some(cache) = &self.cache {
            cache.insert(CacheKey::new(self.keys_version, token), &verified, dates, options.now, &self.policy);
        }
        scopes::require(&verified.scopes, options.scopes)?;
        Ok(verified)
    }
}

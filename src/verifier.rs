//! The token layer's verifier: a compiled token policy and key set, and
//! `verify`, which runs the verification order of DESIGN.md top to bottom. Each step is one call that
//! returns the first error it finds; nothing after a failed step runs.
//!
//! A [`Verified`] result is made in one place, [`Verifier::finish`], from a
//! [`Signed`] token; a [`Signed`] token is made only where step 4 held: by
//! the key itself ([`Prepared::check_signature`]), or by [`Verifier::resume`]
//! when an outside verifier (WebCrypto) said yes for the one key, signing
//! input and signature the core handed out in a [`Deferred`] check.

use crate::alg::Algorithm;
use crate::cache::CacheConfig;
use crate::claims::time::Window;
use crate::claims::time::Dates;
use crate::claims::Claims;
use crate::config::{Config, Policy};
use crate::error::{ConfigError, Error};
use crate::header::Header;
use crate::jws::CompactJws;
use crate::keys::source::KeySourceState;
use crate::keys::{jwk, Candidates, KeySet};
use crate::scopes;

/// Per-call options of [`Verifier::verify`].
#[derive(Debug, Clone, Copy)]
pub struct VerifyOptions<'a> {
    /// Scopes the token must grant (all of them).
    pub scopes: &'a [&'a str],
    /// The current time, Unix seconds.
    pub now: f64,
}

/// A token that passed every step. Made only by [`Verifier::finish`].
#[derive(Debug, Clone, PartialEq)]
pub struct Verified {
    /// The token's algorithm.
    pub alg: Algorithm,
    /// The `kid` of the key that verified it (`keyId`; the token's own `kid`,
    /// if any, stays in `header_json`).
    pub kid: String,
    /// The protected header exactly as sent: UTF-8 JSON text of one object.
    pub header_json: String,
    /// The header `typ`, when it is a string.
    pub typ: Option<String>,
    /// The `sub` claim, when it is a string.
    pub subject: Option<String>,
    /// Granted scopes (`scope` ∪ `scp` ∪ `scopes`).
    pub scopes: Vec<String>,
    /// The claims set as sent: UTF-8 JSON text of one I-JSON object.
    pub claims_json: String,
    /// The token's date claims, as step 5 read them.
    pub dates: Dates,
    /// Private: a `Verified` cannot be written down outside this module.
    signature: SignatureHeld,
}

/// That step 4 held. Private: only this module makes one, in [`Verifier::finish`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SignatureHeld;

/// A token after steps 1–3, its signature (step 4) not yet checked.
#[derive(Debug)]
pub struct Prepared<'t, 'g> {
    token: &'t str,
    jws: CompactJws<'t>,
    header: Header,
    candidates: Candidates<'g>,
}

/// A token whose signature holds (steps 1–4). Its fields are private: only
/// [`Prepared::check_signature`] and [`Verifier::resume`] make one.
#[derive(Debug)]
pub struct Signed {
    header: Header,
    payload: Vec<u8>,
    kid: String,
}

/// An ES256 signature check left to an outside verifier: which key (by
/// `kid`), over which bytes (the token's signing input) and which 64-byte
/// signature (already checked for form). Only [`Verifier::begin`] and
/// [`Verifier::resume`] make one; [`Verifier::resume`] takes it back with the
/// verifier's yes or no for exactly that key.
#[derive(Debug)]
pub struct Deferred {
    token: String,
    keys_version: u64,
    /// Position of `kid` among the token's candidate keys.
    candidate: usize,
    kid: String,
    header: Header,
    payload: Vec<u8>,
    signature: Vec<u8>,
}

impl Deferred {
    /// The `kid` of the key to check the signature with.
    #[must_use]
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The token, whose signing input (up to the last `.`) is the signed message.
    #[must_use]
    pub fn token(&self) -> &str {
        &self.token
    }

    /// Bytes of the signing input: `BASE64URL(header) '.' BASE64URL(payload)`.
    #[must_use]
    pub fn signing_input_len(&self) -> usize {
        self.token.rfind('.').unwrap_or(0)
    }

    /// The 64-byte `R‖S` signature.
    #[must_use]
    pub fn signature(&self) -> &[u8] {
        &self.signature
    }
}

/// Steps 1–4 with the signature either checked or handed out.
#[derive(Debug)]
pub enum Begun {
    /// The signature holds: continue with [`Verifier::finish`].
    Signed(Signed),
    /// An outside verifier is to check the signature; then [`Verifier::resume`].
    Deferred(Deferred),
}

/// What [`Verifier::resume`] makes of an outside verifier's answer.
#[derive(Debug)]
pub enum Resumed {
    /// The signature holds: continue with [`Verifier::finish`].
    Signed(Signed),
    /// No, but another candidate key (a token without `kid`) is to be tried.
    Deferred(Deferred),
    /// The key set changed since the check was handed out: start again.
    Stale,
}

impl<'t, 'g> Prepared<'t, 'g> {
    /// The token's algorithm.
    #[must_use]
    pub fn alg(&self) -> Algorithm {
        self.header.alg
    }

    /// Step 4 here, with each candidate key in turn.
    ///
    /// # Errors
    /// [`Error::SignatureInvalid`] when no candidate key verifies it.
    pub fn check_signature(self) -> Result<Signed, Error> {
        let kid = self.candidates.verify(self.jws.signing_input.as_bytes(), &self.jws.signature).ok_or(Error::SignatureInvalid)?;
        Ok(Signed { header: self.header, payload: self.jws.payload, kid: kid.to_owned() })
    }

    /// Whether step 4 may be left to an outside verifier: ES256 only, and only
    /// a signature of the right form (64 bytes `R‖S`, `r` and `s` in
    /// `[1, n−1]`, checked here because implementations differ on those).
    #[must_use]
    pub fn deferrable(&self) -> bool {
        self.header.alg == Algorithm::Es256 && crate::keys::signature_well_formed(self.header.alg, &self.jws.signature)
    }
}

/// Verifies tokens against one compiled config.
#[derive(Debug, Clone)]
pub struct Verifier {
    policy: Policy,
    keys: KeySet,
    /// Bumped by every key swap: a [`Deferred`] check from before is stale.
    keys_version: u64,
    /// `keySource`: when the set in force was loaded, when the next load is due.
    key_source: Option<KeySourceState>,
}

impl Verifier {
    /// A guard from a compiled policy and key set.
    #[must_use]
    pub fn new(policy: Policy, keys: KeySet) -> Self {
        Self { policy, keys, keys_version: 0, key_source: None }
    }

    /// The verified-token cache settings, when `cache` is on.
    #[must_use]
    pub fn cache(&self) -> Option<CacheConfig> {
        self.policy.cache
    }

    /// Counts key swaps: changes whenever [`Verifier::set_keys`] succeeds.
    #[must_use]
    pub fn keys_version(&self) -> u64 {
        self.keys_version
    }

    /// A verifier from the token layer's config.
    #[must_use]
    pub fn from_config(config: Config) -> Self {
        let Config { policy, keys, key_source } = config;
        let bootstrap = !keys.is_empty();
        let mut verifier = Self::new(policy, keys);
        verifier.key_source = key_source.map(|p| {
            let state = KeySourceState::new(p);
            if bootstrap { state.with_bootstrap_set() } else { state }
        });
        verifier
    }

    /// A verifier from config JSON with only the token layer's fields
    /// ([`crate::config::TOKEN_FIELDS`]).
    ///
    /// # Errors
    /// [`ConfigError`] naming the first offending field.
    pub fn from_config_json(text: &str) -> Result<Self, ConfigError> {
        Config::from_json(text).map(Self::from_config)
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

    /// The key source's state, for a guard with `keySource`.
    #[must_use]
    pub fn key_source(&self) -> Option<&KeySourceState> {
        self.key_source.as_ref()
    }

    /// Whether the package should start a key load at `now` (see
    /// [`crate::keys::source`]); `unknown_kid` after a `key_not_found`.
    #[must_use]
    pub fn key_load_due(&self, now: f64, unknown_kid: bool) -> bool {
        self.key_source.as_ref().is_some_and(|s| s.load_due(now, unknown_kid))
    }

    /// A key load starts at `now`.
    pub fn key_load_attempted(&mut self, now: f64) {
        if let Some(state) = &mut self.key_source {
            state.attempted(now);
        }
    }

    /// A key source loaded `jwks_json` at `now`, fresh for `max_age`
    /// seconds if its loader knows; `None` for the JWK Set: the source
    /// confirmed the set in force is unchanged (HTTP 304, same version).
    /// An invalid set changes nothing.
    ///
    /// # Errors
    /// As [`Verifier::set_keys_json`].
    pub fn keys_loaded(&mut self, jwks_json: Option<&str>, now: f64, max_age: Option<f64>) -> Result<&[jwk::SkippedKey], ConfigError> {
        if let Some(json) = jwks_json {
            let keys = jwk::key_set_from_json(json)?;
            self.set_keys(keys);
        }
        if let Some(state) = &mut self.key_source {
            state.loaded(now, max_age);
        }
        Ok(self.keys.skipped())
    }

    /// Replaces the key set; checks handed out before become stale.
    pub fn set_keys(&mut self, keys: KeySet) {
        self.keys = keys;
        self.keys_version = self.keys_version.wrapping_add(1);
    }

    /// Verifies a compact JWT, in the order of DESIGN.md, every step here.
    ///
    /// # Errors
    /// The [`Error`] of the first step that fails.
    pub fn verify(&self, token: &str, options: &VerifyOptions<'_>) -> Result<Verified, Error> {
        let prepared = self.prepare(token)?;
        // 4. signature
        let signed = prepared.check_signature()?;
        self.finish(signed, options)
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
        // 3. key selection by kid, key bound to alg (from a key source: once it has loaded a set)
        if let Some(source) = &self.key_source {
            source.check_loaded()?;
        }
        let candidates = self.keys.select(&header.kid, header.alg, policy.require_kid)?;
        Ok(Prepared { token, jws, header, candidates })
    }

    /// Steps 1–4, with the signature handed out ([`Begun::Deferred`]) when
    /// `defer` is set and [`Prepared::deferrable`] says it may be.
    ///
    /// # Errors
    /// The [`Error`] of the first step that fails.
    pub fn begin(&self, token: &str, defer: bool) -> Result<Begun, Error> {
        let prepared = self.prepare(token)?;
        if !(defer && prepared.deferrable()) {
            return prepared.check_signature().map(Begun::Signed);
        }
        let Prepared { token, jws, header, candidates } = prepared;
        let kid = candidates.kids().first().map(|k| (*k).to_owned()).ok_or(Error::KeyNotFound(crate::keys::NO_KEY_FOR_ALG))?;
        Ok(Begun::Deferred(Deferred {
            token: token.to_owned(),
            keys_version: self.keys_version,
            candidate: 0,
            kid,
            header,
            payload: jws.payload,
            signature: jws.signature,
        }))
    }

    /// Takes back a [`Deferred`] check with the outside verifier's answer for
    /// its key. The binding is checked again: the key set must be the one the
    /// check was handed out under (else [`Resumed::Stale`]), and the key the
    /// one the core chose for that position. `valid` counts for that key only;
    /// a no moves on to the next candidate, if there is one.
    ///
    /// # Errors
    /// [`Error::SignatureInvalid`] when no candidate key verified it.
    pub fn resume(&self, deferred: Deferred, valid: bool) -> Result<Resumed, Error> {
        if deferred.keys_version != self.keys_version {
            return Ok(Resumed::Stale);
        }
        let candidates = self.keys.select(&deferred.header.kid, deferred.header.alg, self.policy.require_kid)?;
        let kids = candidates.kids();
        if kids.get(deferred.candidate).copied() != Some(deferred.kid.as_str()) {
            return Ok(Resumed::Stale);
        }
        if valid {
            let Deferred { header, payload, kid, .. } = deferred;
            return Ok(Resumed::Signed(Signed { header, payload, kid }));
        }
        let next = deferred.candidate + 1;
        let kid = kids.get(next).map(|k| (*k).to_owned()).ok_or(Error::SignatureInvalid)?;
        Ok(Resumed::Deferred(Deferred { candidate: next, kid, ..deferred }))
    }

    /// Steps 5–6 for a token whose signature holds.
    ///
    /// # Errors
    /// The [`Error`] of the first step that fails.
    pub fn finish(&self, signed: Signed, options: &VerifyOptions<'_>) -> Result<Verified, Error> {
        // A key set from a key source past `maxStaleness` accepts nothing (fail closed).
        if let Some(source) = &self.key_source {
            source.check_current(options.now)?;
        }
        let Signed { header, payload, kid } = signed;
        // 5. claims, only now that the signature holds
        let claims = Claims::parse(&payload)?;
        let dates = claims.check_dates(&header, &self.policy, options.now)?;
        // 6. scopes: what the token grants, then what the call requires
        let granted = scopes::granted(&claims)?;
        let subject = claims.get_str("sub").map(str::to_owned);
        drop(claims);
        let claims_json = String::from_utf8(payload).map_err(|_| Error::TokenMalformed("claims are not UTF-8"))?;
        let Header { alg, typ, json: header_json, .. } = header;
        scopes::require(&granted, options.scopes)?;
        Ok(Verified { alg, kid, header_json, typ: typ.flatten(), subject, scopes: granted, claims_json, dates, signature: SignatureHeld })
    }

    /// When a cache may answer for `verified` again, accepted at `now`: the
    /// times at which the time rules hold, cut at `now + ttl`. `None` when
    /// the cache is off.
    #[must_use]
    pub fn cache_window(&self, verified: &Verified, now: f64) -> Option<Window> {
        let cache = self.policy.cache?;
        let mut window = Window::of(&verified.dates, &self.policy, now, cache.ttl)?;
        if let Some(source) = &self.key_source {
            window.until = window.until.min(source.stale_at()); // no answers from a stale key set
        }
        Some(window)
    }
}

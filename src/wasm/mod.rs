//! The JavaScript boundary: converts values and calls the core, nothing else.
//! Results cross as one JSON string each (see [`crate::outcome`]); config
//! errors cross as their message, which the JS wrapper throws as `TypeError`.
//!
//! The WebCrypto path is one protocol for `verify` and `authorize`: a
//! `…Begin` call answers, or hands out a check (`{"defer":kid,"signed":n}`:
//! the signing input at the start of the input buffer, the signature after
//! it) whose state the wrapper takes with `takeCheck()`. The wrapper asks
//! WebCrypto about exactly that key and those bytes and gives the answer
//! back to `…Finish`, which answers, hands out the next check, or says
//! `{"stale":true}` (start again). See [`crate::verifier::Verifier::resume`].

use crate::authorize::{decision_json, AuthorizeStep, RequestParts};
use crate::error::Error;
use crate::guard::Guard;
use crate::verifier::{Deferred, Verified, VerifyOptions};
use crate::{decode, outcome};
use wasm_bindgen::prelude::*;

mod credentials;
mod input;

/// A compiled guard held by the JS `Guard` class.
#[wasm_bindgen]
pub struct WasmGuard {
    inner: Guard,
    /// Token and scopes written by the wrapper (see [`input`]).
    input: Vec<u8>,
    /// The check the last `…Begin`/`…Finish` handed out, until `takeCheck`.
    handed_out: Option<Check>,
}

/// A signature check handed out to the wrapper, taken back by `…Finish`.
#[wasm_bindgen]
pub struct Check {
    deferred: Deferred,
    /// The required scopes of a `verify` call (empty for `authorize`).
    scopes: Vec<String>,
    /// Whether the answer should carry the cache window.
    window: bool,
}

#[wasm_bindgen]
impl WasmGuard {
    /// Compiles config JSON; the error is the message naming the field.
    #[wasm_bindgen(constructor)]
    pub fn new(config_json: &str) -> Result<WasmGuard, String> {
        let inner = Guard::from_config_json(config_json).map_err(|e| e.to_string())?;
        let input = vec![0; inner.policy().max_token_size + input::INPUT_SLACK];
        Ok(Self { inner, input, handed_out: None })
    }

    /// Verifies `token`; `scopes` is the required scopes separated by spaces.
    pub fn verify(&self, token: &str, scopes: &str, now: f64) -> String {
        let required = split_scopes(scopes);
        result_json(self.inner.verify(token, &VerifyOptions { scopes: &required, now }))
    }

    /// Decides a request (`url`: the request's URL as given, absolute or a
    /// path; `authorization`: the header value, `undefined` when
    /// absent; `headers`: `[[name, value], …]` JSON of the `requestHeaders()`
    /// sent; `scopes`, `any_scopes`: the call's required scopes, each list
    /// space-separated); the decision as JSON (`authorize::decision_json`).
    // The request crosses as plain values, one parameter each: a JS object would cost a
    // conversion per request.
    #[allow(clippy::too_many_arguments)]
    pub fn authorize(&self, method: &str, url: &str, authorization: Option<String>, headers: Option<String>, scopes: &str, any_scopes: &str, now: f64) -> String {
        let headers = credentials::parse_headers(headers.as_deref());
        let (all, any) = (owned_scopes(scopes), owned_scopes(any_scopes));
        let request = RequestParts { method, url, authorization: authorization.as_deref(), headers: &headers, scopes: &all, any_scopes: &any };
        decision_json(&self.inner.authorize(&request, now))
    }

    /// `authorize` that hands out an ES256 signature check (module docs).
    #[wasm_bindgen(js_name = authorizeBegin)]
    #[allow(clippy::too_many_arguments)] // as `authorize`
    pub fn authorize_begin(
        &mut self,
        method: &str,
        url: &str,
        authorization: Option<String>,
        headers: Option<String>,
        scopes: &str,
        any_scopes: &str,
        now: f64,
    ) -> String {
        let parsed = credentials::parse_headers(headers.as_deref());
        let (all, any) = (owned_scopes(scopes), owned_scopes(any_scopes));
        let request = RequestParts { method, url, authorization: authorization.as_deref(), headers: &parsed, scopes: &all, any_scopes: &any };
        let step = self.inner.authorize_start(&request, now);
        self.authorize_answer(step)
    }

    /// `authorizeBegin`'s request again, with WebCrypto's answer for `check`.
    #[wasm_bindgen(js_name = authorizeFinish)]
    #[allow(clippy::too_many_arguments, clippy::needless_pass_by_value)] // as `authorize`
    pub fn authorize_finish(
        &mut self,
        check: Check,
        valid: bool,
        method: &str,
        url: &str,
        authorization: Option<String>,
        headers: Option<String>,
        scopes: &str,
        any_scopes: &str,
        now: f64,
    ) -> String {
        let parsed = credentials::parse_headers(headers.as_deref());
        let (all, any) = (owned_scopes(scopes), owned_scopes(any_scopes));
        let request = RequestParts { method, url, authorization: authorization.as_deref(), headers: &parsed, scopes: &all, any_scopes: &any };
        let step = self.inner.authorize_resume(&request, now, check.deferred, valid);
        self.authorize_answer(step)
    }

    /// Of the header names given (one per line), those a client may not send
    /// upstream in any spelling (`forward::ReservedHeaders`), one per line.
    #[wasm_bindgen(js_name = reservedHeaders)]
    pub fn reserved_headers(&self, names: &str) -> String {
        let edge = self.inner.edge();
        names.split('\n').filter(|n| !n.is_empty() && edge.is_reserved_header(n)).collect::<Vec<_>>().join("\n")
    }

    /// The check the last `…Begin`/`…Finish` handed out (call right after it).
    #[wasm_bindgen(js_name = takeCheck)]
    pub fn take_check(&mut self) -> Option<Check> {
        self.handed_out.take()
    }

    /// The public key `kid` as a JWK (`{"kty":"EC","crv":"P-256","x","y"}`)
    /// for WebCrypto, when it is an ES256 key of the set in force.
    #[wasm_bindgen(js_name = publicKey)]
    pub fn public_key(&self, kid: &str) -> Option<String> {
        match self.inner.keys().get(kid)? {
            crate::keys::Key::Es256(key) => Some(key.to_jwk_json()),
            crate::keys::Key::Hs256(_) => None,
        }
    }

    /// `cache.maxEntries`; 0 when the cache is off.
    #[wasm_bindgen(js_name = cacheSize)]
    #[must_use]
    #[allow(clippy::cast_precision_loss)]
    pub fn cache_size(&self) -> f64 {
        self.inner.cache().map_or(0.0, |c| c.max_entries as f64)
    }

    /// Swaps in a new JWK Set (JSON); on error the old keys stay. Returns the
    /// skipped keys as JSON ([`outcome::skipped_json`]). Checks handed out
    /// before become stale.
    #[wasm_bindgen(js_name = setKeys)]
    pub fn set_keys(&mut self, jwks_json: &str) -> Result<String, String> {
        let skipped = self.inner.set_keys_json(jwks_json).map_err(|e| e.to_string())?;
        Ok(outcome::skipped_json(skipped))
    }

    /// `keySource`: whether a key load should start at `now` (`unknownKid`:
    /// after a `key_not_found`); false without a key source.
    #[wasm_bindgen(js_name = keyLoadDue)]
    pub fn key_load_due(&self, now: f64, unknown_kid: bool) -> bool {
        self.inner.key_load_due(now, unknown_kid)
    }

    /// `keySource`: a key load starts at `now`.
    #[wasm_bindgen(js_name = keyLoadAttempted)]
    pub fn key_load_attempted(&mut self, now: f64) {
        self.inner.key_load_attempted(now);
    }

    /// `keySource`: a load at `now` gave this JWK Set (JSON; `undefined`: the
    /// set in force is unchanged), fresh for `max_age` seconds if known. The
    /// skipped keys as JSON; on error the old keys stay.
    #[wasm_bindgen(js_name = keysLoaded)]
    pub fn keys_loaded(&mut self, jwks_json: Option<String>, now: f64, max_age: Option<f64>) -> Result<String, String> {
        let skipped = self.inner.keys_loaded(jwks_json.as_deref(), now, max_age).map_err(|e| e.to_string())?;
        Ok(outcome::skipped_json(skipped))
    }

    /// From when the set in force may not be used (`keySource.maxStaleness`;
    /// +∞ without a limit, −∞ before a first load): the package waits for a
    /// load in flight only when `now` is past it.
    #[wasm_bindgen(js_name = keysStaleAt)]
    pub fn keys_stale_at(&self) -> f64 {
        self.inner.key_source().map_or(f64::INFINITY, crate::keys::source::KeySourceState::stale_at)
    }

    /// The keys of the set in force that were skipped, as JSON ([`outcome::skipped_json`]).
    #[wasm_bindgen(js_name = skippedKeys)]
    pub fn skipped_keys(&self) -> String {
        outcome::skipped_json(self.inner.keys().skipped())
    }
}

/// A space-separated scope list (the call's `scopes` or `anyScopes`).
fn owned_scopes(scopes: &str) -> Vec<String> {
    split_scopes(scopes).into_iter().map(str::to_owned).collect()
}

impl WasmGuard {
    fn authorize_answer(&mut self, step: AuthorizeStep) -> String {
        match step {
            AuthorizeStep::Done(d) => decision_json(&d),
            AuthorizeStep::Deferred(deferred) => self.hand_out(Check { deferred, scopes: Vec::new(), window: false }),
            AuthorizeStep::Stale => STALE.to_owned(),
        }
    }

    /// Writes the check's signing input and signature to the input buffer and
    /// keeps the check for `takeCheck`: `{"defer":kid,"signed":n}`.
    fn hand_out(&mut self, check: Check) -> String {
        let signed = check.deferred.signing_input_len();
        let token = check.deferred.token().as_bytes();
        let (Some(input), Some(signature)) = (token.get(..signed), self.input.get_mut(..signed + 64)) else {
            return outcome::error_json(&Error::SignatureInvalid);
        };
        let (data, sig) = signature.split_at_mut(signed);
        data.copy_from_slice(input);
        sig.copy_from_slice(check.deferred.signature());
        let answer = outcome::deferred_json(check.deferred.kid(), signed);
        self.handed_out = Some(check);
        answer
    }
}

/// The answer to a finish whose check no longer applies: start again.
const STALE: &str = r#"{"stale":true}"#;

fn split_scopes(scopes: &str) -> Vec<&str> {
    scopes.split(' ').filter(|s| !s.is_empty()).collect()
}

fn result_json(result: Result<Verified, Error>) -> String {
    match result {
        Ok(v) => outcome::verified_json(&v),
        Err(e) => outcome::error_json(&e),
    }
}

/// Decodes a token for display without verifying it.
#[wasm_bindgen]
pub fn decode(token: &str) -> String {
    outcome::decoded_json(&decode::decode(token))
}

/// The refusal of a token that is not a string.
#[wasm_bindgen(js_name = notAToken)]
pub fn not_a_token() -> String {
    outcome::error_json(&Error::TokenMalformed("a token is a string"))
}

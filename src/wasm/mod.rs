//! The JavaScript boundary: converts values and calls the core, nothing else.
//! Results cross as one JSON string each (see [`crate::outcome`]); config
//! errors cross as their message, which the JS wrapper throws as `TypeError`.

use crate::cache::CacheConfig;
use crate::error::Error;
use crate::guard::{Guard, Verified, VerifyOptions};
use crate::authorize::{decision_json, AuthorizeStep, RequestParts};
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
    /// The token `prepareInput` left pending, with its candidate kids.
    suspended: Option<(crate::guard::Suspended, Vec<String>)>,
}

#[wasm_bindgen]
impl WasmGuard {
    /// Compiles config JSON; the error is the message naming the field.
    #[wasm_bindgen(constructor)]
    pub fn new(config_json: &str) -> Result<WasmGuard, String> {
        let inner = Guard::from_config_json(config_json).map_err(|e| e.to_string())?;
        let input = vec![0; inner.policy().max_token_size + input::INPUT_SLACK];
        Ok(Self { inner, input, suspended: None })
    }

    /// Verifies `token`; `scopes` is the required scopes separated by spaces.
    pub fn verify(&self, token: &str, scopes: &str, now: f64) -> String {
        let required = split_scopes(scopes);
        result_json(self.inner.verify(token, &VerifyOptions { scopes: &required, now }))
    }

    /// Decides a request (`authorization`: the header value, `undefined` when
    /// absent; `headers`: `[[name, value], …]` JSON of the `requestHeaders()`
    /// sent; `scopes`, `any_scopes`: the call's required scopes, each list
    /// space-separated); the decision as JSON (`authorize::decision_json`).
    // The request crosses as plain values, one parameter each: a JS object would cost a
    // conversion per request.
    #[allow(clippy::too_many_arguments)]
    pub fn authorize(&self, method: &str, path: &str, authorization: Option<String>, headers: Option<String>, scopes: &str, any_scopes: &str, now: f64) -> String {
        let headers = credentials::parse_headers(headers.as_deref());
        let (all, any) = (owned_scopes(scopes), owned_scopes(any_scopes));
        let request = RequestParts { method, path, authorization: authorization.as_deref(), headers: &headers, scopes: &all, any_scopes: &any };
        decision_json(&self.inner.authorize(&request, now), &self.inner.policy().edge)
    }

    /// `authorize` with the WebCrypto path: an ES256 token comes back as
    /// `{"pending":[kids…]}` with its signature written to `signature`;
    /// anything else is the decision JSON.
    #[wasm_bindgen(js_name = authorizeStart)]
    #[allow(clippy::too_many_arguments)] // as `authorize`
    pub fn authorize_start(
        &self,
        method: &str,
        path: &str,
        authorization: Option<String>,
        headers: Option<String>,
        scopes: &str,
        any_scopes: &str,
        now: f64,
        signature: &mut [u8],
    ) -> String {
        let parsed = credentials::parse_headers(headers.as_deref());
        let (all, any) = (owned_scopes(scopes), owned_scopes(any_scopes));
        let request = RequestParts { method, path, authorization: authorization.as_deref(), headers: &parsed, scopes: &all, any_scopes: &any };
        match self.inner.authorize_start(&request, now) {
            AuthorizeStep::Done(d) => decision_json(&d, &self.inner.policy().edge),
            AuthorizeStep::Pending(p) => match signature.get_mut(..p.signature.len()) {
                Some(out) => {
                    out.copy_from_slice(&p.signature);
                    outcome::pending_json(&p.kids.iter().map(String::as_str).collect::<Vec<_>>())
                }
                None => self.authorize_finish(method, path, authorization, headers, scopes, any_scopes, "", now),
            },
        }
    }

    /// Second half of `authorizeStart`, given the `kid` whose key verified the
    /// signature outside (empty: none did).
    #[wasm_bindgen(js_name = authorizeFinish)]
    #[allow(clippy::too_many_arguments)] // as `authorize`
    pub fn authorize_finish(
        &self,
        method: &str,
        path: &str,
        authorization: Option<String>,
        headers: Option<String>,
        scopes: &str,
        any_scopes: &str,
        kid: &str,
        now: f64,
    ) -> String {
        let headers = credentials::parse_headers(headers.as_deref());
        let (all, any) = (owned_scopes(scopes), owned_scopes(any_scopes));
        let request = RequestParts { method, path, authorization: authorization.as_deref(), headers: &headers, scopes: &all, any_scopes: &any };
        let verified_kid = (!kid.is_empty()).then_some(kid);
        decision_json(&self.inner.authorize_finish(&request, now, verified_kid), &self.inner.policy().edge)
    }

    /// Turns the verified-token cache on or off (`cache` config as JSON).
    #[wasm_bindgen(js_name = setCache)]
    pub fn set_cache(&mut self, cache_json: &str) -> Result<(), String> {
        CacheConfig::from_json(cache_json).map(|c| self.inner.set_cache(c)).map_err(|e| e.to_string())
    }

    /// Counts key swaps (the async path checks it did not change meanwhile).
    #[wasm_bindgen(js_name = keysVersion)]
    #[allow(clippy::cast_precision_loss)]
    pub fn keys_version(&self) -> f64 {
        self.inner.keys_version() as f64
    }

    /// Swaps in a new JWK Set (JSON); on error the old keys stay. Returns the
    /// skipped keys as JSON ([`outcome::skipped_json`]).
    #[wasm_bindgen(js_name = setKeys)]
    pub fn set_keys(&mut self, jwks_json: &str) -> Result<String, String> {
        let skipped = self.inner.set_keys_json(jwks_json).map_err(|e| e.to_string())?;
        let json = outcome::skipped_json(skipped);
        self.suspended = None;
        Ok(json)
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

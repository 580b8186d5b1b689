//! The JavaScript boundary: converts values and calls the core, nothing else.
//! Results cross as one JSON string each (see [`crate::outcome`]); config
//! errors cross as their message, which the JS wrapper throws as `TypeError`.

use crate::guard::{Guard, VerifyOptions};
use crate::{decode, outcome};
use wasm_bindgen::prelude::*;

/// A compiled guard held by the JS `Guard` class.
#[wasm_bindgen]
pub struct WasmGuard {
    inner: Guard,
}

#[wasm_bindgen]
impl WasmGuard {
    /// Compiles config JSON; the error is the message naming the field.
    #[wasm_bindgen(constructor)]
    pub fn new(config_json: &str) -> Result<WasmGuard, String> {
        Guard::from_config_json(config_json).map(|inner| Self { inner }).map_err(|e| e.to_string())
    }

    /// Verifies `token`; `scopes` is the required scopes separated by spaces.
    pub fn verify(&self, token: &str, scopes: &str, now: f64) -> String {
        let required: Vec<&str> = scopes.split(' ').filter(|s| !s.is_empty()).collect();
        match self.inner.verify(token, &VerifyOptions { scopes: &required, now }) {
            Ok(v) => outcome::verified_json(&v),
            Err(e) => outcome::error_json(&e),
        }
    }

    /// Swaps in a new JWK Set (JSON); on error the old keys stay.
    #[wasm_bindgen(js_name = setKeys)]
    pub fn set_keys(&mut self, jwks_json: &str) -> Result<(), String> {
        self.inner.set_keys_json(jwks_json).map_err(|e| e.to_string())
    }
}

/// Decodes a token for display without verifying it.
#[wasm_bindgen]
pub fn decode(token: &str) -> String {
    outcome::decoded_json(&decode::decode(token))
}

//! Boundary for API keys and issued tokens: converts values and calls the
//! core ([`crate::exchange`], [`crate::sign`], [`crate::apikeys`]), nothing else.

use super::WasmGuard;
use crate::apikeys::{checked_json, Environment, KeyDigest};
use crate::authorize::RequestParts;
use crate::refusal::{refusal_json, Refusal, RequestIds};
use crate::sign::SignOptions;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl WasmGuard {
    /// The request headers `authorize` reads besides `Authorization`, as a
    /// JSON array of lower-case names.
    #[wasm_bindgen(js_name = requestHeaders)]
    pub fn request_headers(&self) -> String {
        serde_json::to_string(&self.inner.edge().request_headers()).unwrap_or_else(|_| "[]".to_owned())
    }

    /// Checks an API key (and its secret, when given) at `now`; `environment`
    /// is `live`, `test` or empty (the guard's). The result as JSON
    /// ([`crate::apikeys::checked_json`]); an unknown environment is a `TypeError` message.
    #[wasm_bindgen(js_name = checkApiKey)]
    pub fn check_api_key(&self, key: &str, secret: Option<String>, environment: &str, now: f64) -> Result<String, String> {
        let environment = match environment {
            "" => None,
            name => Some(Environment::from_config(name).map_err(|e| e.to_string())?),
        };
        let checked = self.inner.check_api_key(key, secret.as_deref(), now, environment);
        Ok(checked_json(checked.as_deref().map_err(Clone::clone), key))
    }

    /// The hex digest the package must read from `apiKeyStore` before
    /// `authorize` can decide this request; empty when none.
    #[wasm_bindgen(js_name = apiKeyToLoad)]
    pub fn api_key_to_load(&self, method: &str, url: &str, authorization: Option<String>, now: f64) -> String {
        let request = RequestParts { method, url, authorization: authorization.as_deref(), headers: &[], scopes: &[], any_scopes: &[] };
        self.inner.api_key_to_load(&request, now).map(|d| d.to_hex()).unwrap_or_default()
    }

    /// The hex digest to read before `checkApiKey(key)`; empty when none.
    #[wasm_bindgen(js_name = apiKeyToLoadFor)]
    pub fn api_key_to_load_for(&self, key: &str, now: f64) -> String {
        self.inner.api_key_to_load_for(key, now).map(|d| d.to_hex()).unwrap_or_default()
    }

    /// Records what the store holds under `digest_hex` (`undefined`: nothing),
    /// read at `now`; the error names the entry's bad field.
    #[wasm_bindgen(js_name = putStoredApiKey)]
    pub fn put_stored_api_key(&self, digest_hex: &str, entry_json: Option<String>, now: f64) -> Result<(), String> {
        let digest = KeyDigest::parse(digest_hex).map_err(|m| format!("apiKeyStore: digest {m}"))?;
        self.inner.put_stored_api_key(digest, entry_json.as_deref(), now).map_err(|e| e.to_string())
    }

    /// Issues an HS256 token for the claims JSON with the key `kid`; the error
    /// is the message naming the field.
    pub fn sign(&self, claims_json: &str, kid: &str, now: f64, expires_in: Option<f64>, typ: Option<String>) -> Result<String, String> {
        let options = SignOptions { kid, now, expires_in, typ: typ.as_deref() };
        self.inner.sign(claims_json, &options).map_err(|e| e.to_string())
    }

    /// The header a request id is read from (`requestIdHeader`), lower-case.
    #[wasm_bindgen(js_name = requestIdHeader)]
    pub fn request_id_header(&self) -> String {
        self.inner.edge().responses().request_id_header().to_owned()
    }

    /// The answer to a refusal (`{status, code, message, wwwAuthenticate?,
    /// requiredScopes?}` JSON; `wwwAuthenticate` absent: the status's challenge
    /// is made) in the configured format ([`crate::refusal::refusal_json`]):
    /// `sent` the request-id header's value, `given` the caller's id, `fresh` a
    /// new UUID. A bad `given` id is the error message.
    pub fn refusal(&self, json: &str, sent: Option<String>, given: Option<String>, fresh: &str) -> Result<String, String> {
        use serde_json::Value;
        let value = crate::json::parse_value(json.as_bytes()).map_err(|_| "refusal: must be an object".to_owned())?;
        let text = |name: &str| value.get(name).and_then(Value::as_str).unwrap_or_default();
        let status = value.get("status").and_then(Value::as_u64).and_then(|s| u16::try_from(s).ok()).unwrap_or(500);
        let scopes: Vec<String> = match value.get("requiredScopes") {
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
            _ => Vec::new(),
        };
        let www_authenticate = value.get("wwwAuthenticate").map(Value::as_str);
        let refusal = Refusal { status, code: text("code"), message: text("message"), www_authenticate, required_scopes: &scopes };
        let ids = RequestIds { sent: sent.as_deref(), given: given.as_deref(), fresh };
        let edge = self.inner.edge();
        refusal_json(edge.responses(), edge.realm(), &refusal, &ids)
    }

    /// Swaps in a new `apiKeys` list (JSON); on error the old table stays.
    #[wasm_bindgen(js_name = setApiKeys)]
    pub fn set_api_keys(&mut self, api_keys_json: &str) -> Result<(), String> {
        self.inner.set_api_keys_json(api_keys_json).map_err(|e| e.to_string())
    }
}

/// `[[name, value], …]` JSON from the wrapper; anything else is no headers.
/// (Read through `Value`: a typed `Vec<(String, String)>` deserializer links
/// serde's type-error messages and with them float formatting, ~20 KB of wasm.)
pub(super) fn parse_headers(json: Option<&str>) -> Vec<(String, String)> {
    use serde_json::Value;
    let Some(Ok(Value::Array(pairs))) = json.map(|text| crate::json::parse_value(text.as_bytes())) else { return Vec::new() };
    let pair = |item: Value| match item {
        Value::Array(two) => match <[Value; 2]>::try_from(two) {
            Ok([Value::String(name), Value::String(value)]) => Some((name, value)),
            _ => None,
        },
        _ => None,
    };
    pairs.into_iter().map(pair).collect::<Option<_>>().unwrap_or_default()
}

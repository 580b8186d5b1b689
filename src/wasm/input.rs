//! The fast way in: the wrapper writes the token and the required scopes with
//! `TextEncoder.encodeInto` straight into a buffer the guard owns, instead of
//! passing strings (which wasm-bindgen copies with a JS loop into a fresh
//! allocation, call after call). The bytes are exactly the ones a `&str`
//! argument would carry: both come from the same UTF-8 encoding of the JS string.
//! Layout: `token ‖ scopes (space-separated)`, from the start of the buffer;
//! the WebCrypto path writes the signature after them. Anything that does not
//! fit takes the string methods instead.

use super::{result_json, split_scopes, WasmGuard};
use crate::alg::Algorithm;
use crate::cache::{dates_of, front_settings_json};
use crate::error::Error;
use crate::guard::VerifyOptions;
use crate::outcome;
use wasm_bindgen::prelude::*;

/// Bytes of the input buffer past the token-size limit: room for the
/// required scopes and the 64-byte signature.
pub(super) const INPUT_SLACK: usize = 2048;

/// The module's memory, for the wrapper's view of the input buffer.
#[wasm_bindgen(js_name = wasmMemory)]
#[must_use]
pub fn wasm_memory() -> JsValue {
    wasm_bindgen::memory()
}

#[wasm_bindgen]
impl WasmGuard {
    /// Where the input buffer starts in the module's memory.
    #[wasm_bindgen(js_name = inputPtr)]
    #[must_use]
    pub fn input_ptr(&self) -> usize {
        self.input.as_ptr() as usize
    }

    /// The input buffer's size in bytes.
    #[wasm_bindgen(js_name = inputCapacity)]
    #[must_use]
    pub fn input_capacity(&self) -> usize {
        self.input.len()
    }

    /// The cache settings a cache in front of the core needs (`null` when off):
    /// see [`crate::cache::front_settings_json`].
    #[wasm_bindgen(js_name = cacheSettings)]
    #[must_use]
    pub fn cache_settings(&self) -> String {
        self.inner.cache().map_or_else(|| "null".to_owned(), |c| front_settings_json(&c.config(), self.inner.policy()))
    }

    /// `verify` on the token and scopes in the input buffer. With `dates`, the
    /// answer is `[result, [exp, nbf, iat] | null]` ([`outcome::with_dates_json`]).
    #[wasm_bindgen(js_name = verifyInput)]
    pub fn verify_input(&self, token_len: usize, scopes_len: usize, now: f64, dates: bool) -> String {
        let (token, scopes) = self.read_input(token_len, scopes_len);
        let required = split_scopes(scopes);
        let result = self.inner.verify(token, &VerifyOptions { scopes: &required, now });
        self.answer(result, dates)
    }

    /// `prepare` on the input buffer: the cached answer or steps 1–3. An ES256
    /// token with a well-formed signature comes back as
    /// `{"pending":[kids…],"signed":n}` (n: bytes of the signing input, the
    /// buffer's start) with its signature written right after the scopes.
    #[wasm_bindgen(js_name = prepareInput)]
    pub fn prepare_input(&mut self, token_len: usize, scopes_len: usize, now: f64, dates: bool) -> String {
        let (token, scopes) = self.read_input(token_len, scopes_len);
        let required = split_scopes(scopes);
        let options = VerifyOptions { scopes: &required, now };
        if let Some(hit) = self.inner.cached(token, &options) {
            return self.answer(hit, dates);
        }
        let prepared = match self.inner.prepare(token) {
            Ok(p) => p,
            Err(e) => return self.answer(Err(e), dates),
        };
        if prepared.alg() != Algorithm::Es256 || !prepared.signature_well_formed() {
            let kid = prepared.verify_signature();
            return self.answer(self.inner.finish(prepared, kid, &options), dates);
        }
        let signed = prepared.signing_input().len();
        let kids = outcome::pending_json(&prepared.candidate_kids());
        let signature = prepared.signature().to_vec();
        let start = token_len.saturating_add(scopes_len);
        match self.input.get_mut(start..).and_then(|rest| rest.get_mut(..signature.len())) {
            Some(out) if signature.len() == 64 => out.copy_from_slice(&signature),
            _ => return self.answer(Err(Error::SignatureInvalid), dates),
        }
        // `{"pending":[…]}` → `{"pending":[…],"signed":n}`
        let mut out = kids;
        out.pop();
        out.push_str(&format!(",\"signed\":{signed}}}"));
        out
    }

    /// `finish` on the input buffer (the token and scopes written again),
    /// given the `kid` whose key verified the signature (empty: none did).
    #[wasm_bindgen(js_name = finishInput)]
    pub fn finish_input(&self, token_len: usize, scopes_len: usize, kid: &str, now: f64, dates: bool) -> String {
        let (token, scopes) = self.read_input(token_len, scopes_len);
        let required = split_scopes(scopes);
        let options = VerifyOptions { scopes: &required, now };
        let verified_kid = (!kid.is_empty()).then_some(kid);
        let result = self.inner.prepare(token).and_then(|p| self.inner.finish(p, verified_kid, &options));
        self.answer(result, dates)
    }
}

impl WasmGuard {
    /// The token and scopes the wrapper wrote. The buffer was changed from
    /// outside since the last call: `black_box` keeps the compiler from
    /// assuming otherwise. Bytes that are not UTF-8 (never from `encodeInto`)
    /// read as an empty, malformed token.
    fn read_input(&self, token_len: usize, scopes_len: usize) -> (&str, &str) {
        let input: &[u8] = std::hint::black_box(&self.input);
        let token = input.get(..token_len).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or("");
        let scopes = input
            .get(token_len..token_len.saturating_add(scopes_len))
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("");
        (token, scopes)
    }

    fn answer(&self, result: Result<crate::guard::Verified, Error>, dates: bool) -> String {
        if !dates {
            return result_json(result);
        }
        let read = result.as_ref().ok().and_then(|v| dates_of(v, self.inner.policy()));
        outcome::with_dates_json(&result_json(result), read.as_ref())
    }
}

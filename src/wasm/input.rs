//! The fast way in: the wrapper writes the token and the required scopes with
//! `TextEncoder.encodeInto` straight into a buffer the guard owns, instead of
//! passing strings (which wasm-bindgen copies with a JS loop into a fresh
//! allocation, call after call). The bytes are exactly the ones a `&str`
//! argument would carry: both come from the same UTF-8 encoding of the JS string.
//! Layout: `token ‖ scopes (space-separated)`, from the start of the buffer;
//! a handed-out signature check overwrites it with its signing input and
//! signature (see the module docs of [`super`]). Anything that does not fit
//! takes the string methods instead. The last [`WINDOW_LEN`] bytes hold the
//! cache window of an accepted token when asked for (the package's cache):
//! `from`, `until` as little-endian f64, then a flags byte (1: written),
//! zero when the token was not accepted or may not be cached.

use super::{result_json, split_scopes, Check, WasmGuard, STALE};
use crate::error::Error;
use crate::verifier::{Begun, Resumed, Verified, VerifyOptions};
use wasm_bindgen::prelude::*;

/// Bytes of the input buffer past the token-size limit: room for the
/// required scopes and the 64-byte signature.
pub(super) const INPUT_SLACK: usize = 2048;
/// Bytes at the end of the input buffer for the cache window.
pub(super) const WINDOW_LEN: usize = 24;

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

    /// Bytes for token, scopes and signature; the window follows them.
    #[wasm_bindgen(js_name = inputCapacity)]
    #[must_use]
    pub fn input_capacity(&self) -> usize {
        self.input.len().saturating_sub(WINDOW_LEN)
    }

    /// `verify` on the token and scopes in the input buffer, every step here;
    /// with `window`, an accepted token's cache window is written too.
    #[wasm_bindgen(js_name = verifyInput)]
    pub fn verify_input(&mut self, token_len: usize, scopes_len: usize, now: f64, window: bool) -> String {
        let (token, scopes) = read_input(&self.input, token_len, scopes_len);
        let required = split_scopes(scopes);
        let result = self.inner.verify(token, &VerifyOptions { scopes: &required, now });
        self.answer(result, now, window)
    }

    /// `verify` that hands out an ES256 signature check (see [`super`]).
    #[wasm_bindgen(js_name = verifyBegin)]
    pub fn verify_begin(&mut self, token_len: usize, scopes_len: usize, now: f64, window: bool) -> String {
        let (token, scopes) = read_input(&self.input, token_len, scopes_len);
        let begun = self.inner.begin(token, true);
        let scopes: Vec<String> = split_scopes(scopes).into_iter().map(str::to_owned).collect();
        match begun {
            Ok(Begun::Signed(signed)) => {
                let required: Vec<&str> = scopes.iter().map(String::as_str).collect();
                let result = self.inner.finish(signed, &VerifyOptions { scopes: &required, now });
                self.answer(result, now, window)
            }
            Ok(Begun::Deferred(deferred)) => self.hand_out(Check { deferred, scopes, window }),
            Err(e) => self.answer(Err(e), now, window),
        }
    }

    /// `verifyBegin`'s token with WebCrypto's answer for `check`.
    #[wasm_bindgen(js_name = verifyFinish)]
    #[allow(clippy::needless_pass_by_value)]
    pub fn verify_finish(&mut self, check: Check, valid: bool, now: f64) -> String {
        let Check { deferred, scopes, window } = check;
        match self.inner.resume(deferred, valid) {
            Ok(Resumed::Signed(signed)) => {
                let required: Vec<&str> = scopes.iter().map(String::as_str).collect();
                let result = self.inner.finish(signed, &VerifyOptions { scopes: &required, now });
                self.answer(result, now, window)
            }
            Ok(Resumed::Deferred(deferred)) => self.hand_out(Check { deferred, scopes, window }),
            Ok(Resumed::Stale) => STALE.to_owned(),
            Err(e) => self.answer(Err(e), now, window),
        }
    }
}

impl WasmGuard {
    /// The result as JSON; with `window`, an accepted token's cache window written too.
    fn answer(&mut self, result: Result<Verified, Error>, now: f64, window: bool) -> String {
        if window {
            let found = result.as_ref().ok().and_then(|v| self.inner.cache_window(v, now));
            let start = self.input.len().saturating_sub(WINDOW_LEN);
            if let Some(region) = self.input.get_mut(start..) {
                region.fill(0);
                if let Some(w) = found {
                    for (i, value) in [w.from, w.until].into_iter().enumerate() {
                        if let Some(out) = region.get_mut(i * 8..i * 8 + 8) {
                            out.copy_from_slice(&value.to_le_bytes());
                        }
                    }
                    if let Some(flag) = region.get_mut(16) {
                        *flag = 1;
                    }
                }
            }
        }
        result_json(result)
    }
}

/// The token and scopes the wrapper wrote. The buffer was changed from
/// outside since the last call: `black_box` keeps the compiler from assuming
/// otherwise. Bytes that are not UTF-8 (never from `encodeInto`) read as an
/// empty, malformed token.
fn read_input(input: &[u8], token_len: usize, scopes_len: usize) -> (&str, &str) {
    let input: &[u8] = std::hint::black_box(input);
    let token = input.get(..token_len).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or("");
    let scopes = input
        .get(token_len..token_len.saturating_add(scopes_len))
        .and_then(|b| std::str::from_utf8(b).ok())
        .unwrap_or("");
    (token, scopes)
}

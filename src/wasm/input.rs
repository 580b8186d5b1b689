//! The fast way in: the wrapper writes the token and the required scopes with
//! `TextEncoder.encodeInto` straight into a buffer the guard owns, instead of
//! passing strings (which wasm-bindgen copies with a JS loop into a fresh
//! allocation, call after call). The bytes are exactly the ones a `&str`
//! argument would carry: both come from the same UTF-8 encoding of the JS string.
//! Layout: `token ‖ scopes (space-separated)`, from the start of the buffer;
//! the WebCrypto path writes the signature after them. Anything that does not
//! fit takes the string methods instead. The last [`DATES_LEN`] bytes hold the
//! date claims of an accepted token when asked for (the package's front cache):
//! `exp`, `nbf`, `iat` as little-endian f64, then a flags byte (0x80: written;
//! 1, 2, 4: `exp`, `nbf`, `iat` present), zero when the token was not accepted.

use super::{result_json, split_scopes, WasmGuard};
use crate::alg::Algorithm;
use crate::cache::dates_of;
use crate::claims::time::Dates;
use crate::error::Error;
use crate::guard::VerifyOptions;
use crate::outcome;
use wasm_bindgen::prelude::*;

/// Bytes of the input buffer past the token-size limit: room for the
/// required scopes and the 64-byte signature.
pub(super) const INPUT_SLACK: usize = 2048;
/// Bytes at the end of the input buffer for the date claims.
pub(super) const DATES_LEN: usize = 32;

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

    /// Bytes for token, scopes and signature; the dates follow them.
    #[wasm_bindgen(js_name = inputCapacity)]
    #[must_use]
    pub fn input_capacity(&self) -> usize {
        self.input.len().saturating_sub(DATES_LEN)
    }

    /// `cache.maxEntries`; 0 when the cache is off.
    #[wasm_bindgen(js_name = cacheMaxEntries)]
    #[must_use]
    #[allow(clippy::cast_precision_loss)]
    pub fn cache_max_entries(&self) -> f64 {
        self.inner.cache().map_or(0.0, |c| c.config().max_entries as f64)
    }

    /// `cache.ttl` in seconds; 0 when the cache is off.
    #[wasm_bindgen(js_name = cacheTtl)]
    #[must_use]
    pub fn cache_ttl(&self) -> f64 {
        self.inner.cache().map_or(0.0, |c| c.config().ttl)
    }

    /// The policy's `clockTolerance` in seconds.
    #[wasm_bindgen(js_name = clockTolerance)]
    #[must_use]
    pub fn clock_tolerance(&self) -> f64 {
        self.inner.policy().clock_tolerance
    }

    /// The policy's `maxTokenAge` in seconds; NaN when unset.
    #[wasm_bindgen(js_name = maxTokenAge)]
    #[must_use]
    pub fn max_token_age(&self) -> f64 {
        self.inner.policy().max_token_age.unwrap_or(f64::NAN)
    }

    /// `verify` on the token and scopes in the input buffer; with `dates`, an
    /// accepted token's date claims are written to the end of the buffer.
    #[wasm_bindgen(js_name = verifyInput)]
    pub fn verify_input(&mut self, token_len: usize, scopes_len: usize, now: f64, dates: bool) -> String {
        let (token, scopes) = read_input(&self.input, token_len, scopes_len);
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
        let (token, scopes) = read_input(&self.input, token_len, scopes_len);
        let required = split_scopes(scopes);
        let options = VerifyOptions { scopes: &required, now };
        if let Some(hit) = self.inner.cached(token, &options) {
            return self.answer(hit, dates);
        }
        let prepared = match self.inner.prepare(token) {
            Ok(p) => p,
            Err(e) => {
                let answer = outcome::error_json(&e);
                self.write_dates(None, dates);
                return answer;
            }
        };
        if prepared.alg() != Algorithm::Es256 || !prepared.signature_well_formed() {
            let kid = prepared.verify_signature();
            let result = self.inner.finish(prepared, kid, &options);
            return self.answer(result, dates);
        }
        let signed = prepared.signing_input().len();
        let kid_list = prepared.candidate_kids();
        let kids = outcome::pending_json(&kid_list);
        let kid_list: Vec<String> = kid_list.into_iter().map(str::to_owned).collect();
        let signature = prepared.signature().to_vec();
        // Held for finishInput, so the token is not parsed twice.
        self.suspended = Some((prepared.suspend(), kid_list));
        let start = token_len.saturating_add(scopes_len);
        match self.input.get_mut(start..).and_then(|rest| rest.get_mut(..signature.len())) {
            Some(out) if signature.len() == 64 => out.copy_from_slice(&signature),
            _ => {
                self.write_dates(None, dates);
                return outcome::error_json(&Error::SignatureInvalid);
            }
        }
        // `{"pending":[…]}` → `{"pending":[…],"signed":n}`
        let mut out = kids;
        out.pop();
        out.push_str(&format!(",\"signed\":{signed}}}"));
        out
    }

    /// `finish` on the input buffer (the same token and scopes), given which
    /// of the pending `kid`s verified the signature: its index in the list
    /// `prepareInput` gave (the key set unchanged since), or −1 when none did.
    /// The token as `prepareInput` left it when it is the same token (the
    /// usual case), else parsed again (calls interleaved).
    #[wasm_bindgen(js_name = finishInput)]
    pub fn finish_input(&mut self, token_len: usize, scopes_len: usize, verified: i32, now: f64, dates: bool) -> String {
        let (token, scopes) = read_input(&self.input, token_len, scopes_len);
        let required = split_scopes(scopes);
        let options = VerifyOptions { scopes: &required, now };
        let index = usize::try_from(verified).ok();
        let result = match self.suspended.take() {
            Some((held, kids)) if held.token() == token => {
                let kid = index.and_then(|i| kids.get(i)).map(String::as_str);
                self.inner.finish_suspended(held, kid, &options)
            }
            _ => self.inner.prepare(token).and_then(|p| {
                let kid = index.and_then(|i| p.candidate_kids().get(i).copied());
                self.inner.finish(p, kid, &options)
            }),
        };
        self.answer(result, dates)
    }
}

impl WasmGuard {
    /// The result as JSON; with `dates`, the dates of an accepted token written too.
    fn answer(&mut self, result: Result<crate::guard::Verified, Error>, dates: bool) -> String {
        if dates {
            let read = result.as_ref().ok().and_then(|v| dates_of(v, self.inner.policy()));
            self.write_dates(read.as_ref(), dates);
        }
        result_json(result)
    }

    /// Writes the dates region (see the module doc): the dates, or "none" (flags 0).
    fn write_dates(&mut self, read: Option<&Dates>, dates: bool) {
        if !dates {
            return;
        }
        let start = self.input.len().saturating_sub(DATES_LEN);
        let Some(region) = self.input.get_mut(start..) else { return };
        region.fill(0);
        let Some(d) = read else { return };
        let mut flags = 0x80_u8;
        for (i, (value, bit)) in [(d.exp, 1_u8), (d.nbf, 2), (d.iat, 4)].into_iter().enumerate() {
            if let (Some(v), Some(out)) = (value, region.get_mut(i * 8..i * 8 + 8)) {
                out.copy_from_slice(&v.to_le_bytes());
                flags |= bit;
            }
        }
        if let Some(f) = region.get_mut(24) {
            *f = flags;
        }
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

//! Results as JSON text for the JavaScript boundary: one string per call,
//! parsed once on the JS side, so claims cross the boundary exactly once and
//! keep every value `JSON.parse` would give (the text is the token's own).

use crate::decode::Decoded;
use crate::error::Error;
use crate::verifier::Verified;
use crate::keys::jwk::SkippedKey;
use serde::Serialize;

#[derive(Serialize)]
struct ErrorOut<'a> {
    code: &'a str,
    status: u16,
    message: String,
}

/// An accepted token, compactly: `[{header…}, keyId, [scopes…], {claims…}]`,
/// the header and claims as the token's own JSON text (exactly as sent).
/// The package builds `{ ok: true, header, keyId, scopes, claims }` from it
/// (pkg/src/input.js `parseResult`): `JSON.parse` builds arrays faster than
/// small objects.
#[must_use]
pub fn verified_json(v: &Verified) -> String {
    let mut out = String::with_capacity(v.header_json.len() + v.claims_json.len() + 64);
    out.push('[');
    out.push_str(&v.header_json);
    out.push(',');
    push_json(&mut out, &v.kid);
    out.push(',');
    push_json(&mut out, &v.scopes);
    out.push(',');
    out.push_str(&v.claims_json);
    out.push(']');
    out
}

/// `{"defer":kid,"signed":n}`: the signature check handed out to WebCrypto
/// (the key `kid`; the signing input is the first `n` bytes of the input
/// buffer, the 64-byte signature follows it).
#[must_use]
pub fn deferred_json(kid: &str, signed: usize) -> String {
    let mut out = String::from("{\"defer\":");
    push_json(&mut out, &kid);
    out.push_str(",\"signed\":");
    push_json(&mut out, &signed);
    out.push('}');
    out
}

#[derive(Serialize)]
struct SkippedOut<'a> {
    index: usize,
    kid: Option<&'a str>,
    field: &'a str,
    reason: &'a str,
}

/// The keys a set skipped: `[{"index","kid"(or null),"field","reason"}…]`,
/// `field` the full path (`keys[1].kty`).
#[must_use]
pub fn skipped_json(skipped: &[SkippedKey]) -> String {
    let fields: Vec<String> = skipped.iter().map(|s| format!("keys[{}].{}", s.index, s.field)).collect();
    let out: Vec<SkippedOut<'_>> = skipped
        .iter()
        .zip(&fields)
        .map(|(s, field)| SkippedOut { index: s.index, kid: s.kid.as_deref(), field, reason: &s.reason })
        .collect();
    let mut text = String::new();
    push_json(&mut text, &out);
    text
}

/// `{"ok":false,"error":{code,status,message}}`.
#[must_use]
pub fn error_json(e: &Error) -> String {
    let mut out = String::from("{\"ok\":false,\"error\":");
    push_error(&mut out, e);
    out.push('}');
    out
}

/// The result of [`crate::decode::decode`]: `{"ok":true,"header":{…},"claims":{…}}`,
/// or `{"ok":false,"error":{…}}` with `header` (and `claims`) when they could be read.
#[must_use]
pub fn decoded_json(d: &Decoded) -> String {
    let mut out = String::from(if d.error.is_none() { "{\"ok\":true" } else { "{\"ok\":false" });
    if let Some(e) = &d.error {
        out.push_str(",\"error\":");
        push_error(&mut out, e);
    }
    for (name, text) in [("header", &d.header_json), ("claims", &d.claims_json)] {
        if let Some(text) = text {
            out.push_str(&format!(",\"{name}\":"));
            out.push_str(text);
        }
    }
    out.push('}');
    out
}

fn push_error(out: &mut String, e: &Error) {
    push_json(out, &ErrorOut { code: e.code(), status: e.status(), message: e.to_string() });
}

fn push_json<T: Serialize>(out: &mut String, value: &T) {
    // Serializing these plain structs and string lists cannot fail.
    out.push_str(&serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned()));
}

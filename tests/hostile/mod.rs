//! Shared helpers for the hostile-input suites (tests/wycheproof.rs,
//! tests/attacks.rs, tests/proptest.rs): vectors from tests/vectors, the
//! fixture keys, token minting with raw header/claims JSON under the test's
//! control, and small byte-level tools (P-256 scalars, DER).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use serde_json::{json, Value};
use std::path::Path;
use tollgate::base64url;
use tollgate::keys::hs256::Hs256Key;
use tollgate::{Error, Guard, VerifyOptions};

/// `now` of fixtures.json (2026-01-01T00:00:00Z).
pub const NOW: f64 = 1_767_225_600.0;
pub const ISS: &str = "https://auth.booking.example";
pub const AUD: &str = "bookings-api";
pub const HS1: &str = "hs-2026-01";
pub const HS2: &str = "hs-2026-02";
pub const ES1: &str = "es-2026-01";
pub const ES2: &str = "es-2026-02";

/// P-256 group order n and field prime p, big-endian.
pub const N: [u8; 32] = hex32("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
pub const P: [u8; 32] = hex32("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");

const fn hex32(s: &str) -> [u8; 32] {
    let b = s.as_bytes();
    let mut out = [0u8; 32];
    let mut i = 0;
    while i < 32 {
        out[i] = (nibble(b[2 * i]) << 4) | nibble(b[2 * i + 1]);
        i += 1;
    }
    out
}

const fn nibble(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        _ => c - b'a' + 10,
    }
}

/// A file from tests/vectors, parsed.
pub fn vectors(name: &str) -> Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors").join(name);
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    serde_json::from_str(&text).unwrap()
}

/// fixtures.json, read once per test binary.
pub fn fixtures() -> &'static Value {
    static FIXTURES: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    FIXTURES.get_or_init(|| vectors("fixtures.json"))
}

pub fn b64(bytes: impl AsRef<[u8]>) -> String {
    base64url::encode(bytes.as_ref())
}

pub fn unb64(text: &str) -> Vec<u8> {
    base64url::decode(text).unwrap()
}

fn fixture_key(set: &str, kid: &str) -> Value {
    fixtures()[set]["keys"].as_array().unwrap().iter().find(|k| k["kid"] == kid).cloned().unwrap_or_else(|| panic!("no key {kid}"))
}

/// The fixture JWK Set (2 HS256 + 2 ES256 public keys).
pub fn jwks() -> Value {
    fixtures()["jwks"].clone()
}

/// The HS256 secret of a fixture key.
pub fn hs_secret(kid: &str) -> Vec<u8> {
    unb64(fixture_key("jwks", kid)["k"].as_str().unwrap())
}

/// The P-256 signing key of a fixture key.
pub fn es_signing_key(kid: &str) -> SigningKey {
    SigningKey::from_slice(&unb64(fixture_key("private", kid)["d"].as_str().unwrap())).unwrap()
}

/// HMAC-SHA256 of `input` under any secret (also ones tollgate would refuse as keys).
pub fn hmac(secret: &[u8], input: &[u8]) -> Vec<u8> {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret).unwrap();
    mac.update(input);
    mac.finalize().into_bytes().to_vec()
}

/// Deterministic (RFC 6979) ES256 signature, 64 bytes `r‖s` as the signer produced it.
pub fn es_sign(key: &SigningKey, input: &[u8]) -> [u8; 64] {
    let sig: Signature = key.sign(input);
    sig.to_bytes().into()
}

/// The signature bytes for `input` under the fixture key `kid`.
pub fn sign(kid: &str, input: &[u8]) -> Vec<u8> {
    if kid.starts_with("es") {
        es_sign(&es_signing_key(kid), input).to_vec()
    } else {
        Hs256Key::new(hs_secret(kid)).unwrap().sign(input).to_vec()
    }
}

/// `b64(header).b64(claims).b64(sign_with(kid))` with raw JSON texts.
pub fn mint_raw(header_json: &str, claims_json: &str, kid: &str) -> String {
    let input = format!("{}.{}", b64(header_json), b64(claims_json));
    let sig = sign(kid, input.as_bytes());
    format!("{input}.{}", b64(sig))
}

/// The header JSON tollgate expects for a fixture key.
pub fn header_for(kid: &str) -> String {
    let alg = if kid.starts_with("es") { "ES256" } else { "HS256" };
    json!({ "alg": alg, "typ": "JWT", "kid": kid }).to_string()
}

/// Booking claims valid at NOW, with `over` merged in (`null` in `over` deletes).
pub fn claims(over: Value) -> Value {
    let mut c = json!({
        "iss": ISS, "sub": "user-4711", "aud": AUD, "iat": NOW - 60.0, "exp": NOW + 3600.0,
        "scope": "bookings:read",
    });
    for (k, v) in over.as_object().unwrap() {
        if v.is_null() {
            c.as_object_mut().unwrap().remove(k);
        } else {
            c[k] = v.clone();
        }
    }
    c
}

/// A token valid at NOW signed by `kid`, with claim overrides.
pub fn mint(kid: &str, over: Value) -> String {
    mint_raw(&header_for(kid), &claims(over).to_string(), kid)
}

/// A guard like fixtures.json's verifier, with config overrides merged in.
pub fn guard_with(over: Value) -> Guard {
    let mut cfg = json!({ "keys": jwks(), "issuer": ISS, "audience": AUD, "clockTolerance": 0 });
    for (k, v) in over.as_object().unwrap() {
        cfg[k] = v.clone();
    }
    Guard::from_config_json(&cfg.to_string()).unwrap()
}

pub fn guard() -> Guard {
    guard_with(json!({}))
}

/// `verify` at NOW with required scopes; `Ok(scopes)` or the error code.
pub fn check(guard: &Guard, token: &str, scopes: &[&str]) -> Result<Vec<String>, &'static str> {
    check_at(guard, token, scopes, NOW)
}

pub fn check_at(guard: &Guard, token: &str, scopes: &[&str], now: f64) -> Result<Vec<String>, &'static str> {
    guard.verify(token, &VerifyOptions { scopes, now }).map(|v| v.scopes).map_err(|e: Error| e.code())
}

/// The error code of `verify` at NOW, or "accept".
pub fn outcome(guard: &Guard, token: &str) -> &'static str {
    check(guard, token, &[]).map_or_else(|code| code, |_| "accept")
}

/// a − b for 256-bit big-endian numbers (wrapping).
pub fn sub256(a: &[u8; 32], b: &[u8; 32]) -> [u8; 32] {
    let mut out = [0u8; 32];
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let d = i16::from(a[i]) - i16::from(b[i]) - borrow;
        borrow = i16::from(d < 0);
        out[i] = (d + if d < 0 { 256 } else { 0 }) as u8;
    }
    out
}

/// a + b for 256-bit big-endian numbers (wrapping).
pub fn add256(a: &[u8; 32], b: &[u8; 32]) -> [u8; 32] {
    let mut out = [0u8; 32];
    let mut carry = 0u16;
    for i in (0..32).rev() {
        let s = u16::from(a[i]) + u16::from(b[i]) + carry;
        out[i] = (s & 0xff) as u8;
        carry = s >> 8;
    }
    out
}

pub fn split(sig: &[u8]) -> ([u8; 32], [u8; 32]) {
    (sig[..32].try_into().unwrap(), sig[32..64].try_into().unwrap())
}

pub fn join(r: &[u8; 32], s: &[u8; 32]) -> Vec<u8> {
    [&r[..], &s[..]].concat()
}

/// Whether s > n/2 (a "high-S" signature).
pub fn is_high_s(s: &[u8; 32]) -> bool {
    let half = {
        let mut h = [0u8; 32];
        let mut rem = 0u8;
        for (i, byte) in N.iter().enumerate() {
            h[i] = (rem << 7) | (byte >> 1);
            rem = byte & 1;
        }
        h
    };
    s > &half
}

/// ASN.1 DER `SEQUENCE { INTEGER r, INTEGER s }` of a 64-byte `r‖s` signature.
pub fn der(sig: &[u8]) -> Vec<u8> {
    let int = |x: &[u8]| {
        let x: Vec<u8> = x.iter().copied().skip_while(|b| *b == 0).collect();
        let x = if x.first().is_some_and(|b| b & 0x80 != 0) { [&[0u8][..], &x].concat() } else { x };
        [&[0x02, x.len() as u8][..], &x].concat()
    };
    let body = [int(&sig[..32]), int(&sig[32..])].concat();
    [&[0x30, body.len() as u8][..], &body].concat()
}

/// Replaces the signature segment of a token.
pub fn with_signature(token: &str, sig: &[u8]) -> String {
    let (input, _) = token.rsplit_once('.').unwrap();
    format!("{input}.{}", b64(sig))
}

pub fn signature_of(token: &str) -> Vec<u8> {
    unb64(token.rsplit_once('.').unwrap().1)
}

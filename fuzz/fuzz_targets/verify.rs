//! Full verification. The input is used twice: as a token, and as the claims
//! of a token correctly MACed with the configured HS256 key (header chosen by
//! the first byte), so every claim and scope check is reached. Must never
//! panic, and an accepted token's claims must be exactly the signed payload.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tollgate::base64url::encode;
use tollgate::keys::hs256::Hs256Key;
use tollgate::{Guard, VerifyOptions};

struct State {
    strict: Guard,
    lax: Guard,
    key: Hs256Key,
}

fn state() -> &'static State {
    static S: OnceLock<State> = OnceLock::new();
    S.get_or_init(|| State {
        strict: Guard::from_config_json(&common::config_json(true)).expect("fuzz config"),
        lax: Guard::from_config_json(&common::config_json(false)).expect("fuzz config"),
        key: Hs256Key::new(tollgate::base64url::decode(common::HS_SECRET_B64).expect("b64")).expect("key"),
    })
}

const HEADERS: [&str; 4] = [
    r#"{"alg":"HS256","kid":"hs-2026-01","typ":"JWT"}"#,
    r#"{"alg":"HS256","typ":"JWT"}"#,
    r#"{"alg":"HS256","kid":"hs-2026-01","typ":"application/JWT","jwk":{"kty":"oct"}}"#,
    r#"{"alg":"HS256","kid":"hs-2026-01"}"#,
];

fuzz_target!(|data: &[u8]| {
    let s = state();
    let opts = VerifyOptions { scopes: &["bookings:read"], now: common::NOW };
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = s.strict.verify(text, &opts);
        let _ = s.lax.verify(text, &opts);
    }
    let (first, payload) = data.split_first().unwrap_or((&0, data));
    let header = HEADERS[usize::from(*first) % HEADERS.len()];
    let input = format!("{}.{}", encode(header.as_bytes()), encode(payload));
    let token = format!("{input}.{}", encode(&s.key.sign(input.as_bytes())));
    for guard in [&s.strict, &s.lax] {
        let scopes: &[&str] = if first & 0x80 != 0 { &[] } else { &["bookings:read"] };
        if let Ok(v) = guard.verify(&token, &VerifyOptions { scopes, now: common::NOW }) {
            assert_eq!(v.claims_json.as_bytes(), payload, "accepted claims differ from the signed payload");
        }
    }
});

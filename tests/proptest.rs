//! Property tests over hostile input, run by the normal `cargo test` with a
//! fixed seed and a bounded number of cases (deterministic, a few seconds).
//! They assert: no panic on any input (a panic fails the test), nothing
//! random or mutated is ever accepted, oversize input is refused before
//! decoding, valid tokens round-trip their claims exactly, and config
//! parsing never panics. The coverage-guided fuzzers in fuzz/ explore further.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

#[path = "hostile/mod.rs"]
mod hostile;

use hostile::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use serde_json::{json, Value};
use std::sync::OnceLock;
use tollgate::{decode, Error, Guard, VerifyOptions};

fn config(cases: u32) -> Config {
    Config { cases, rng_seed: RngSeed::Fixed(0x70_11_6a_7e), failure_persistence: None, ..Config::default() }
}

fn shared_guard() -> &'static Guard {
    static GUARD: OnceLock<Guard> = OnceLock::new();
    GUARD.get_or_init(|| guard_with(json!({ "requireKid": false })))
}

fn verify(token: &str, scopes: &[&str]) -> Result<tollgate::Verified, Error> {
    shared_guard().verify(token, &VerifyOptions { scopes, now: NOW })
}

/// Characters that make tokens: the base64url alphabet, dots, and a few hostile extras.
fn token_char() -> impl Strategy<Value = char> {
    prop_oneof![
        8 => prop::sample::select("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".chars().collect::<Vec<_>>()),
        2 => Just('.'),
        1 => prop::sample::select(vec!['=', '+', '/', ' ', '\n', '\0', 'é', '\u{feff}', '😀']),
    ]
}

fn json_text() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| json!(f)),
        ".{0,12}".prop_map(Value::String),
    ];
    let value = leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(".{0,6}", inner, 0..4).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    });
    prop_oneof![
        3 => prop::collection::btree_map(
            prop::sample::select(vec!["alg", "kid", "typ", "crit", "b64", "exp", "nbf", "iat", "iss", "aud", "scope", "scp", "scopes", "x"]).prop_map(str::to_owned),
            value.clone(), 0..8).prop_map(|m| Value::Object(m.into_iter().collect()).to_string()),
        1 => value.prop_map(|v| v.to_string()),
        1 => ".{0,40}",
    ]
}

proptest! {
    #![proptest_config(config(1024))]

    /// Any string at all: an error, never a panic, never an acceptance.
    #[test]
    fn arbitrary_strings_are_refused(s in ".{0,300}") {
        prop_assert!(verify(&s, &[]).is_err());
        let _ = decode::decode(&s);
    }

    /// Strings over the token alphabet (mostly well-formed shapes): refused, no panic.
    #[test]
    fn token_shaped_strings_are_refused(chars in prop::collection::vec(token_char(), 0..400)) {
        let s: String = chars.into_iter().collect();
        prop_assert!(verify(&s, &[]).is_err());
        let _ = decode::decode(&s);
    }

    /// Random header/claims JSON, correctly MACed with a configured key: whatever
    /// the JSON says, no panic; if accepted, the claims are the payload text unchanged
    /// and an I-JSON object with a valid exp.
    #[test]
    fn signed_random_json(header in json_text(), claims_text in json_text(), kid_in_header in any::<bool>()) {
        let header = if kid_in_header { header } else { header.replace("\"kid\"", "\"kix\"") };
        let token = mint_raw(&header, &claims_text, HS1);
        if let Ok(v) = verify(&token, &[]) {
            prop_assert_eq!(&v.claims_json, &claims_text);
            let parsed: Value = serde_json::from_str(&v.claims_json).unwrap();
            prop_assert!(parsed["exp"].as_f64().is_some_and(|e| e > NOW));
        }
    }

    /// One character of a valid token replaced, inserted or removed: never accepted.
    #[test]
    fn mutated_valid_tokens_are_refused(pos in any::<prop::sample::Index>(), c in token_char(), op in 0u8..3, es in any::<bool>()) {
        let token = if es { valid_es() } else { valid_hs() };
        let i = pos.index(token.len());
        let mutated = match op {
            0 => format!("{}{c}{}", &token[..i], &token[i + 1..]),
            1 => format!("{}{c}{}", &token[..i], &token[i..]),
            _ => format!("{}{}", &token[..i], &token[i + 1..]),
        };
        prop_assume!(mutated != token);
        prop_assert!(verify(&mutated, &[]).is_err(), "accepted {}", mutated);
    }

    /// Oversize input is refused with the size error whatever it contains:
    /// nothing was decoded, so the cost is one length check.
    #[test]
    fn oversize_is_refused_before_decoding(chars in prop::collection::vec(token_char(), 1..64), extra in 1usize..800) {
        let unit: String = chars.into_iter().collect();
        let mut s = unit.repeat(8192 / unit.len() + 1);
        s.push_str(&"A".repeat(extra));
        prop_assert!(s.len() > 8192);
        prop_assert_eq!(verify(&s, &[]).unwrap_err(), Error::TokenMalformed("token is larger than the size limit"));
    }

    /// Valid tokens with arbitrary Unicode claims and scope lists round-trip exactly.
    #[test]
    fn valid_tokens_round_trip(name in "\\PC{0,20}", scopes in prop::collection::vec("[a-z:]{1,8}", 0..5), es in any::<bool>()) {
        let kid = if es { ES1 } else { HS2 };
        let text = claims(json!({ "name": name, "scope": scopes.join(" ") })).to_string();
        let token = mint_raw(&header_for(kid), &text, kid);
        let need: Vec<&str> = scopes.iter().map(String::as_str).collect();
        let v = verify(&token, &need).unwrap();
        prop_assert_eq!(v.claims_json, text);
        prop_assert_eq!(v.kid, kid);
        let mut want: Vec<String> = Vec::new();
        for s in scopes { if !want.contains(&s) { want.push(s); } }
        prop_assert_eq!(v.scopes, want);
    }

    /// Config parsing: any text, or any JSON around a valid key set, never panics.
    #[test]
    fn config_parsing_never_panics(text in ".{0,200}", extra in json_text(), field in prop::sample::select(vec![
        "issuer", "audience", "algorithms", "clockTolerance", "maxTokenAge", "requiredClaims", "requireKid", "requireExp", "typ", "maxTokenSize", "keys"]))
    {
        let _ = Guard::from_config_json(&text);
        let mut cfg = json!({ "keys": jwks() });
        if let Ok(v) = serde_json::from_str::<Value>(&extra) { cfg[field] = v; }
        let _ = Guard::from_config_json(&cfg.to_string());
        let mut keyed = jwks().clone();
        if let Ok(v) = serde_json::from_str::<Value>(&extra) { keyed["keys"][1][field] = v.clone(); keyed["keys"][2]["x"] = v; }
        let _ = Guard::from_config_json(&json!({ "keys": keyed }).to_string());
    }
}

fn valid_hs() -> &'static str {
    static T: OnceLock<String> = OnceLock::new();
    T.get_or_init(|| mint(HS1, json!({})))
}

fn valid_es() -> &'static str {
    static T: OnceLock<String> = OnceLock::new();
    T.get_or_init(|| mint(ES1, json!({})))
}

#[test]
fn the_valid_bases_verify() {
    assert!(verify(valid_hs(), &[]).is_ok());
    assert!(verify(valid_es(), &[]).is_ok());
}

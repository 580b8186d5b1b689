//! Config validation: every bad field is refused at construction with an
//! error that names it, and never prints secret key material.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;
use common::vectors;
use serde_json::{json, Value};
use tollgate::Guard;

const SECRET_32: &str = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlYzE"; // 32 bytes

fn refused(config: &Value) -> String {
    match Guard::from_config_json(&config.to_string()) {
        Ok(_) => panic!("accepted {config}"),
        Err(e) => e.to_string(),
    }
}

fn with_key(key: Value) -> Value {
    json!({ "keys": { "keys": [key] } })
}

fn ec_key() -> Value {
    vectors("fixtures.json")["jwks"]["keys"].as_array().unwrap().iter().find(|k| k["kty"] == "EC").unwrap().clone()
}

#[test]
fn fixture_key_set_is_accepted() {
    let fx = vectors("fixtures.json");
    let g = Guard::from_config_json(&json!({ "keys": fx["jwks"] }).to_string()).unwrap();
    assert_eq!(g.keys().len(), 4);
}

#[test]
fn key_errors_name_the_field() {
    let short = "c2hvcnQtc2VjcmV0LXNob3J0LXNlY3JldC1zaG9ydA"; // 31 bytes
    let mut off_curve = ec_key();
    off_curve["y"] = off_curve["x"].clone();
    let mut private = ec_key();
    private["d"] = json!("AAAA");
    let mut p384 = ec_key();
    p384["crv"] = json!("P-384");
    let cases = [
        (with_key(json!({"kty":"oct","kid":"a","alg":"HS256","k":short})), "keys[0].k: HS256 key must be at least 32 bytes"),
        (with_key(json!({"kty":"oct","kid":"a","alg":"HS256","k":format!("{SECRET_32}=")})), "keys[0].k: k is not unpadded base64url"),
        (with_key(json!({"kty":"oct","kid":"a","alg":"HS512","k":SECRET_32})), "keys: no key tollgate can verify with (HS256 oct, ES256 P-256): keys[0].alg: alg \"HS512\""),
        (with_key(json!({"kty":"oct","kid":"a","k":SECRET_32})), "keys[0].alg:"),
        (with_key(json!({"kty":"oct","alg":"HS256","k":SECRET_32})), "keys[0].kid:"),
        (with_key(json!({"kty":"oct","kid":"","alg":"HS256","k":SECRET_32})), "keys[0].kid:"),
        (with_key(json!({"kty":"oct","kid":"a","alg":"HS256","k":SECRET_32,"use":"enc"})), "keys: no key tollgate can verify with (HS256 oct, ES256 P-256): keys[0].use:"),
        (with_key(json!({"kty":"oct","kid":"a","alg":"HS256","k":SECRET_32,"key_ops":["encrypt"]})), "keys: no key tollgate can verify with (HS256 oct, ES256 P-256): keys[0].key_ops:"),
        (with_key(json!({"kty":"RSA","kid":"a","alg":"RS256","n":"AQAB","e":"AQAB"})), "keys: no key tollgate can verify with (HS256 oct, ES256 P-256): keys[0].kty: key type \"RSA\" is not supported"),
        (with_key(off_curve), "keys[0]: point is not on the P-256 curve"),
        (with_key(private), "keys[0].d:"),
        (with_key(p384), "keys: no key tollgate can verify with (HS256 oct, ES256 P-256): keys[0].crv:"),
        (json!({"keys":{"keys":[{"kty":"oct","kid":"a","alg":"HS256","k":SECRET_32},{"kty":"oct","kid":"a","alg":"HS256","k":SECRET_32}]}}), "keys[1].kid: duplicate kid"),
        (json!({"keys":{"keys":[{"kty":"oct","kid":5,"alg":"HS256","k":SECRET_32}]}}), "keys[0].kid:"),
        (json!({"keys":{"nokeys":[]}}), "keys: must be a JWK Set"),
        (json!({"keys":{"keys":["c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlYzE"]}}), "keys[0]: wrong type or value, expected a JWK object"),
        (json!({}), "keys: keys is required"),
    ];
    for (config, want) in cases {
        let got = refused(&config);
        assert!(got.starts_with(want), "{config}\n got: {got}\nwant: {want}");
        assert!(!got.contains(SECRET_32) && !got.contains(short), "secret leaked: {got}");
    }
}

#[test]
fn published_sets_load_with_their_unusable_keys_skipped() {
    // The shape of an identity provider's published set: RSA signing keys, an OKP key,
    // an encryption key, and one P-256 key without `alg` (RFC 7517 §4.4: optional).
    let mut es = ec_key();
    es.as_object_mut().unwrap().remove("alg");
    let set = json!({"keys": [
        {"kty":"RSA","kid":"rsa-1","use":"sig","alg":"RS256","n":"AQAB","e":"AQAB"},
        {"kty":"OKP","kid":"ed-1","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},
        {"kty":"EC","kid":"enc-1","use":"enc","crv":"P-256","x":es["x"],"y":es["y"]},
        es,
    ]});
    let mut g = Guard::from_config_json(&json!({ "keys": set }).to_string()).unwrap();
    assert_eq!(g.keys().iter().map(|(kid, _)| kid).collect::<Vec<_>>(), ["es-2026-01"]);
    let fields: Vec<String> = g.keys().skipped().iter().map(|s| format!("{}:{}", s.index, s.field)).collect();
    assert_eq!(fields, ["0:kty", "1:kty", "2:use"]);
    let skipped = g.set_keys_json(&json!({"keys":[{"kty":"oct","kid":"h","alg":"HS256","k":SECRET_32}]}).to_string()).unwrap();
    assert!(skipped.is_empty());
}

#[test]
fn policy_errors_name_the_field() {
    let keys = vectors("fixtures.json")["jwks"].clone();
    let cases = [
        (json!({"clockTolerance": 301}), "clockTolerance:"),
        (json!({"clockTolerance": -1}), "clockTolerance:"),
        (json!({"clockTolerance": "30"}), "clockTolerance:"),
        (json!({"maxTokenAge": 0}), "maxTokenAge:"),
        (json!({"algorithms": ["none"]}), "algorithms[0]:"),
        (json!({"algorithms": ["HS256", "RS256"]}), "algorithms[1]:"),
        (json!({"algorithms": []}), "algorithms:"),
        (json!({"issuer": 7}), "issuer:"),
        (json!({"issuer": []}), "issuer:"),
        (json!({"audience": ["a", ""]}), "audience[1]:"),
        (json!({"requiredClaims": [""]}), "requiredClaims[0]:"),
        (json!({"requireKid": "yes"}), "requireKid:"),
        (json!({"typ": ""}), "typ:"),
        (json!({"maxTokenSize": 10}), "maxTokenSize:"),
        (json!({"issuerr": "x"}), "issuerr: unknown config field"),
    ];
    for (mut config, want) in cases {
        config["keys"] = keys.clone();
        let got = refused(&config);
        assert!(got.starts_with(want), "{config}\n got: {got}\nwant: {want}");
    }
}

#[test]
fn set_keys_is_all_or_nothing() {
    let fx = vectors("fixtures.json");
    let mut g = Guard::from_config_json(&json!({ "keys": fx["jwks"] }).to_string()).unwrap();
    let bad = json!({"keys":[{"kty":"oct","kid":"new","alg":"HS256","k":SECRET_32},{"kty":"oct","kid":"x","alg":"HS256","k":"AAAA"}]});
    let err = g.set_keys_json(&bad.to_string()).unwrap_err();
    assert_eq!(err.path, "keys[1].k");
    assert_eq!(g.keys().len(), 4, "old keys stay after a refused set");
    assert!(g.keys().get("new").is_none());
    g.set_keys_json(&json!({"keys":[{"kty":"oct","kid":"new","alg":"HS256","k":SECRET_32}]}).to_string()).unwrap();
    assert_eq!(g.keys().len(), 1);
    assert!(g.set_keys_json("not json").is_err());
}

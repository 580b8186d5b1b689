//! Known-answer tests: RFC 7515/7519/7520 examples, the booking fixtures, and
//! the Wycheproof ECDSA P-256 (P1363 and DER) and HMAC-SHA256 primitives.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;
use common::{fixture_guard, guard, hex, vectors, verify};
use serde_json::{json, Value};
use tollgate::keys::{es256::Es256Key, hs256::Hs256Key};

fn strings(v: &Value) -> Vec<&str> {
    v.as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default()
}

#[test]
fn booking_fixtures_give_their_expected_outcome() {
    let fx = vectors("fixtures.json");
    let g = fixture_guard(&fx);
    let now = fx["verifier"]["now"].as_f64().unwrap();
    let tokens = fx["tokens"].as_array().unwrap();
    assert_eq!(tokens.len(), 29);
    for t in tokens {
        let label = t["label"].as_str().unwrap();
        let scopes = strings(&t["verify"]["scopes"]);
        let got = verify(&g, t["token"].as_str().unwrap(), &scopes, now);
        let want = &t["expected"];
        match (want["result"].as_str().unwrap(), got) {
            ("accept", Ok(v)) => {
                let (mut a, mut b) = (v.scopes.clone(), strings(&want["scopes"]));
                a.sort();
                b.sort();
                assert_eq!(a, b, "{label}");
                assert_eq!(Some(v.kid.as_str()), t["kid"].as_str(), "{label}");
            }
            ("reject", Err(e)) => assert_eq!(e.code(), want["code"].as_str().unwrap(), "{label}"),
            (w, g) => panic!("{label}: expected {w}, got {g:?}"),
        }
    }
}

#[test]
fn fixtures_under_the_other_settings() {
    let fx = vectors("fixtures.json");
    let now = fx["verifier"]["now"].as_f64().unwrap();
    for (flag, field) in [("requireExp", "expected_if_requireExp_false"), ("requireKid", "expected_if_requireKid_false")] {
        let mut config = json!({ "keys": fx["jwks"], "issuer": fx["verifier"]["issuer"], "audience": fx["verifier"]["audience"] });
        config[flag] = json!(false);
        let g = guard(&config);
        for t in fx["tokens"].as_array().unwrap().iter().filter(|t| t.get(field).is_some()) {
            let got = verify(&g, t["token"].as_str().unwrap(), &strings(&t["verify"]["scopes"]), now);
            let want = &t[field];
            let label = t["label"].as_str().unwrap();
            match want["result"].as_str().unwrap() {
                // tollgate's definition for a kid-less token when no kid is
                // required: try every key bound to the token's alg.
                "accept" | "implementation_defined" => assert!(got.is_ok(), "{label} with {flag}:false: {got:?}"),
                _ => assert_eq!(got.unwrap_err().code(), want["code"].as_str().unwrap(), "{label}"),
            }
        }
    }
}

#[test]
fn rfc_examples() {
    let rfc = vectors("rfc_examples.json");
    for e in rfc["examples"].as_array().unwrap() {
        let id = e["id"].as_str().unwrap();
        let key = match e.get("jwk_for_guard") {
            Some(k) if !k.is_null() => k.clone(),
            _ => {
                let mut k = e["jwk"].clone();
                k.as_object_mut().unwrap().remove("d");
                k["alg"] = e["alg"].clone();
                k
            }
        };
        for x in e["expected"].as_array().unwrap() {
            let now = x["options"]["now"].as_f64().unwrap();
            let require_kid = x["options"]["requireKid"].as_bool().unwrap_or(true);
            let g = guard(&json!({ "keys": { "keys": [key] }, "requireKid": require_kid }));
            let got = verify(&g, e["token"].as_str().unwrap(), &[], now);
            match x["result"].as_str().unwrap() {
                "accept" => assert!(got.is_ok(), "{id} at {now}: {got:?}"),
                _ => assert_eq!(got.unwrap_err().code(), x["code"].as_str().unwrap(), "{id} at {now}"),
            }
        }
    }
}

/// Every Wycheproof ECDSA P-256/SHA-256 case in P1363 (`R‖S`) form: valid ones
/// verify, invalid ones do not (the v1 files have no "acceptable" results).
#[test]
fn wycheproof_ecdsa_p1363() {
    let w = vectors("ecdsa_secp256r1_sha256_p1363_test.json");
    let (mut valid, mut invalid) = (0, 0);
    for g in w["testGroups"].as_array().unwrap() {
        let key = Es256Key::from_sec1(&hex(g["publicKey"]["uncompressed"].as_str().unwrap())).unwrap();
        for t in g["tests"].as_array().unwrap() {
            let ok = key.verify(&hex(t["msg"].as_str().unwrap()), &hex(t["sig"].as_str().unwrap()));
            match t["result"].as_str().unwrap() {
                "valid" => {
                    valid += 1;
                    assert!(ok, "tcId {} should verify", t["tcId"]);
                }
                "invalid" => {
                    invalid += 1;
                    assert!(!ok, "tcId {} should fail", t["tcId"]);
                }
                other => panic!("tcId {}: unexpected result {other}", t["tcId"]),
            }
        }
    }
    assert_eq!((valid, invalid), (173, 89));
}

/// Every DER-encoded signature is refused: an ES256 signature is exactly 64 bytes.
#[test]
fn wycheproof_ecdsa_der_all_refused() {
    let w = vectors("ecdsa_secp256r1_sha256_test.json");
    let mut n = 0;
    for g in w["testGroups"].as_array().unwrap() {
        let key = Es256Key::from_sec1(&hex(g["publicKey"]["uncompressed"].as_str().unwrap())).unwrap();
        for t in g["tests"].as_array().unwrap() {
            n += 1;
            assert!(!key.verify(&hex(t["msg"].as_str().unwrap()), &hex(t["sig"].as_str().unwrap())), "tcId {}", t["tcId"]);
        }
    }
    assert_eq!(n, 484);
}

/// Wycheproof HMAC-SHA256: full-length tags with keys of 32+ bytes are
/// checked exactly; truncated tags are always refused; 16-byte keys are
/// refused as HS256 keys.
#[test]
fn wycheproof_hmac_sha256() {
    let w = vectors("hmac_sha256_test.json");
    let (mut checked, mut truncated, mut short_keys) = (0, 0, 0);
    for g in w["testGroups"].as_array().unwrap() {
        let tag_bits = g["tagSize"].as_u64().unwrap();
        for t in g["tests"].as_array().unwrap() {
            let Ok(key) = Hs256Key::new(hex(t["key"].as_str().unwrap())) else {
                short_keys += 1;
                assert!(g["keySize"].as_u64().unwrap() < 256);
                continue;
            };
            let ok = key.verify(&hex(t["msg"].as_str().unwrap()), &hex(t["tag"].as_str().unwrap()));
            if tag_bits == 256 {
                checked += 1;
                assert_eq!(ok, t["result"] == "valid", "tcId {}", t["tcId"]);
            } else {
                truncated += 1;
                assert!(!ok, "truncated tag accepted: tcId {}", t["tcId"]);
            }
        }
    }
    assert_eq!((checked, truncated, short_keys), (84, 84, 6));
}

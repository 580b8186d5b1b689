//! The JOSE header: alg, crit, b64, kid, embedded keys.

use crate::hostile::*;
use serde_json::{json, Value};

fn header_token(kid: &str, header: &Value) -> String {
    mint_raw(&header.to_string(), &claims(json!({})).to_string(), kid)
}

/// RFC 8725 §2.1, §3.1 / RFC 7518 §3.6: `alg: none` must never be accepted.
/// Tim McLean, "Critical vulnerabilities in JSON Web Token libraries" (2015);
/// CVE-2022-23540 (node-jsonwebtoken fell back to `none`). Filters that
/// compare the name case-sensitively miss `None`/`NONE`.
/// Every one of the 16 casings, with an empty, a valid-HMAC and a junk signature.
#[test]
fn alg_none_in_every_casing() {
    let g = guard();
    let body = b64(claims(json!({})).to_string());
    let mut n = 0;
    for mask in 0u8..16 {
        let alg: String =
            "none".chars().enumerate().map(|(i, c)| if mask & (1 << i) != 0 { c.to_ascii_uppercase() } else { c }).collect();
        for kid in [Some(HS1), Some(ES1), None] {
            let header = match kid {
                Some(kid) => json!({ "alg": alg, "kid": kid }),
                None => json!({ "alg": alg }),
            };
            let input = format!("{}.{body}", b64(header.to_string()));
            for sig in [String::new(), b64(sign(HS1, input.as_bytes())), "AAAA".into()] {
                assert_eq!(outcome(&g, &format!("{input}.{sig}")), "alg_not_allowed", "{alg} {kid:?}");
                n += 1;
            }
        }
    }
    assert_eq!(n, 144);
}

/// RFC 7515 §4.1.1: `alg` is case-sensitive; anything but the allow-list is
/// refused (RFC 8725 §3.1), also when the key would fit.
#[test]
fn unknown_and_disguised_algorithms() {
    let g = guard();
    for alg in [json!("hs256"), json!("Hs256"), json!("HS256 "), json!("HS256\u{0000}"), json!("HS384"), json!("HS512"),
        json!("RS256"), json!("PS256"), json!("ES256K"), json!("ES384"), json!("EdDSA"), json!(""), json!(null),
        json!(256), json!(["HS256"]), json!({"name":"HS256"}), json!(true)]
    {
        let t = header_token(HS1, &json!({ "alg": alg, "kid": HS1 }));
        assert_eq!(outcome(&g, &t), "alg_not_allowed", "{alg}");
    }
    let t = header_token(HS1, &json!({ "kid": HS1 }));
    assert_eq!(outcome(&g, &t), "alg_not_allowed", "missing alg");
    // Allow-list narrower than the key set: a perfectly signed HS256 token is refused.
    let es_only = guard_with(json!({ "algorithms": ["ES256"] }));
    assert_eq!(outcome(&es_only, &mint(HS1, json!({}))), "alg_not_allowed");
    assert_eq!(outcome(&es_only, &mint(ES1, json!({}))), "accept");
}

/// RFC 7515 §4.1.11: a `crit` extension the verifier does not understand must
/// be refused; tollgate understands none, so any `crit` (unknown, empty,
/// malformed, even naming registered parameters) is `crit_unsupported`.
#[test]
fn crit_unknown_empty_or_malformed() {
    let g = guard();
    for crit in [json!(["x"]), json!([]), json!(["exp"]), json!(["b64"]), json!(["kid"]), json!("x"), json!(1),
        json!(null), json!({}), json!([1]), json!([""]), json!(["x", "x"])]
    {
        for kid in [HS1, ES1] {
            let alg = if kid == HS1 { "HS256" } else { "ES256" };
            let t = header_token(kid, &json!({ "alg": alg, "kid": kid, "crit": crit, "x": 1 }));
            assert_eq!(outcome(&g, &t), "crit_unsupported", "{crit}");
        }
    }
}

/// RFC 7797 §3, §6: `b64: false` changes what is signed and must be listed in
/// `crit`; tollgate does not implement it, so anything but `b64: true` is refused
/// (with or without `crit`) rather than verifying a different signing input.
#[test]
fn b64_false_refused() {
    let g = guard();
    for b64v in [json!(false), json!("false"), json!(0), json!(null), json!("true"), json!([])] {
        let t = header_token(HS1, &json!({ "alg": "HS256", "kid": HS1, "b64": b64v }));
        assert_eq!(outcome(&g, &t), "crit_unsupported", "b64 {b64v}");
        let t = header_token(HS1, &json!({ "alg": "HS256", "kid": HS1, "b64": b64v, "crit": ["b64"] }));
        assert_eq!(outcome(&g, &t), "crit_unsupported", "b64 {b64v} with crit");
    }
    let t = header_token(HS1, &json!({ "alg": "HS256", "kid": HS1, "b64": true }));
    assert_eq!(outcome(&g, &t), "accept");
}

/// RFC 7515 §4.1.4: `kid` is a case-sensitive string matched exactly. RFC 8725
/// §3.10: a `kid` may carry SQL, LDAP or path payloads aimed at a key store
/// ("kid injection");
/// tollgate never uses it for anything but an exact comparison with configured names.
#[test]
fn kid_wrong_type_empty_huge_or_injected() {
    let g = guard();
    let kids = [json!(7), json!(null), json!(true), json!([HS1]), json!({ "kid": HS1 }), json!(""), json!(" "),
        json!("x".repeat(5000)), json!("../../../../../../dev/null"), json!("/etc/passwd"), json!("' OR '1'='1"), // path-check: data
        json!("hs-2026-01' --"), json!("HS-2026-01"), json!("hs-2026-01 "), json!(" hs-2026-01"), json!("hs-2026-01\u{0000}"),
        json!("hs-2026-0"), json!("hs-2026-011"), json!("hs\u{2010}2026\u{2010}01"), json!("*"), json!("%")];
    for kid in kids {
        // Signed with HS1's real secret: only the kid is wrong.
        let t = header_token(HS1, &json!({ "alg": "HS256", "kid": kid }));
        assert!(t.len() < 8192);
        assert_eq!(outcome(&g, &t), "key_not_found", "kid {}", &kid.to_string()[..kid.to_string().len().min(40)]);
    }
    // Without requireKid a non-string kid still matches nothing (never "no kid, try all").
    let lax = guard_with(json!({ "requireKid": false }));
    for kid in [json!(7), json!(null), json!([HS1])] {
        let t = header_token(HS1, &json!({ "alg": "HS256", "kid": kid }));
        assert_eq!(outcome(&lax, &t), "key_not_found", "lax kid {kid}");
    }
    let t = header_token(HS1, &json!({ "alg": "HS256" }));
    assert_eq!(outcome(&g, &t), "key_not_found");
    assert_eq!(outcome(&lax, &t), "accept");
}

/// RFC 7515 §4.1.4: `kid` is optional. Each way of finding no key says its cause (one code,
/// `key_not_found`), and a kid-less token under `requireKid: false` is tried with every key of its
/// own algorithm only: any HS256 key (the second one included), any ES256 key, never a key of the
/// other algorithm, and a tampered one fails the signature with every key.
#[test]
fn kid_absent_causes_and_every_key_of_the_alg() {
    let message = |g: &tollgate::Guard, t: &str| g.verify(t, &tollgate::VerifyOptions { scopes: &[], now: NOW }).err().map(|e| e.to_string());
    let strict = guard();
    let lax = guard_with(json!({ "requireKid": false }));
    let no_kid = |signer: &str, alg: &str| header_token(signer, &json!({ "alg": alg }));
    assert_eq!(message(&strict, &no_kid(HS1, "HS256")).as_deref(), Some("token has no key id (kid) and this guard requires one"));
    let unknown = header_token(HS1, &json!({ "alg": "HS256", "kid": "nope" }));
    assert_eq!(message(&strict, &unknown).as_deref(), Some("no key matches the token's key id"));
    assert_eq!(message(&lax, &unknown).as_deref(), Some("no key matches the token's key id"));
    let numeric = header_token(HS1, &json!({ "alg": "HS256", "kid": 7 }));
    assert_eq!(message(&lax, &numeric).as_deref(), Some("token's key id (kid) is not a string"));
    for signer in [HS1, HS2] {
        assert_eq!(outcome(&lax, &no_kid(signer, "HS256")), "accept", "{signer}");
    }
    for signer in [ES1, ES2] {
        assert_eq!(outcome(&lax, &no_kid(signer, "ES256")), "accept", "{signer}");
    }
    // RFC 8725 §2.1: an HS256 token MAC'd with an ES256 key's public x coordinate is never
    // checked against that key.
    let input = format!("{}.{}", b64(json!({ "alg": "HS256" }).to_string()), b64(claims(json!({})).to_string()));
    let public_x = unb64(jwks()["keys"][2]["x"].as_str().unwrap());
    let confused = format!("{input}.{}", b64(hmac(&public_x, input.as_bytes())));
    assert_eq!(outcome(&lax, &confused), "signature_invalid");
    let mut tampered = signature_of(&no_kid(HS2, "HS256"));
    tampered[0] ^= 1;
    assert_eq!(outcome(&lax, &with_signature(&no_kid(HS2, "HS256"), &tampered)), "signature_invalid");
    let hs_only = guard_with(json!({ "requireKid": false, "keys": { "keys": [jwks()["keys"][0].clone()] } }));
    assert_eq!(message(&hs_only, &no_kid(ES1, "ES256")).as_deref(), Some("token has no key id (kid) and no key of its algorithm is configured"));
}

/// RFC 8725 §3.10 and RFC 7515 §4.1.2–4.1.6: keys come from config only.
/// CVE-2018-0114 (node-jose) trusted an embedded `jwk`; `jku`/`x5u` invite
/// SSRF and attacker-hosted keys. A token signed by an attacker key that it
/// embeds or points to fails; a genuine token carrying them is unaffected.
#[test]
fn embedded_jwk_jku_x5u_x5c_ignored() {
    let g = guard();
    let attacker = p256::ecdsa::SigningKey::from_slice(&[0x42; 32]).unwrap();
    let point = attacker.verifying_key().to_encoded_point(false);
    let attacker_jwk = json!({ "kty": "EC", "crv": "P-256", "kid": ES1, "alg": "ES256", "use": "sig",
        "x": b64(point.x().unwrap()), "y": b64(point.y().unwrap()) });
    let embeds = [
        ("jwk", attacker_jwk.clone()),
        ("jku", json!("https://attacker.example/jwks.json")),
        ("x5u", json!("https://attacker.example/cert.pem")),
        ("x5c", json!(["MIIBszCCAVmgAwIBAgIUQ3w=", "MIIB"])),
        ("x5t", json!("aaaa")),
        ("x5t#S256", json!("aaaa")),
    ];
    for (name, value) in embeds {
        let header = json!({ "alg": "ES256", "kid": ES1, name: value }).to_string();
        let body = b64(claims(json!({})).to_string());
        let input = format!("{}.{body}", b64(&header));
        let forged = format!("{input}.{}", b64(es_sign(&attacker, input.as_bytes())));
        assert_eq!(outcome(&g, &forged), "signature_invalid", "{name}");
        assert_eq!(outcome(&g, &mint_raw(&header, &claims(json!({})).to_string(), ES1)), "accept", "{name}");
    }
    // With no kid and requireKid:false the embedded key still is not a candidate.
    let lax = guard_with(json!({ "requireKid": false }));
    let header = json!({ "alg": "ES256", "jwk": attacker_jwk }).to_string();
    let input = format!("{}.{}", b64(&header), b64(claims(json!({})).to_string()));
    let forged = format!("{input}.{}", b64(es_sign(&attacker, input.as_bytes())));
    assert_eq!(outcome(&lax, &forged), "signature_invalid");
}

/// A result reports the protected header exactly as sent (no member added or
/// changed, spacing and order kept) and the key that verified it apart, as
/// `keyId`: a kid-less token tried against every key must not come back
/// with a `kid` it never carried.
#[test]
fn result_reports_the_header_as_sent_and_the_key_apart() {
    let g = guard_with(json!({ "requireKid": false }));
    for header in [r#"{"alg":"HS256"}"#, r#"{ "typ" : "at+jwt", "alg":"HS256", "x-trace":[1,{"a":null}] }"#] {
        let token = mint_raw(header, &claims(json!({})).to_string(), HS2);
        let v = g.verify(&token, &tollgate::VerifyOptions { scopes: &[], now: NOW }).unwrap();
        assert_eq!(v.header_json, header);
        assert_eq!(v.kid, HS2, "keyId: the key that verified it");
        let out: Value = serde_json::from_str(&tollgate::outcome::verified_json(&v)).unwrap();
        assert_eq!(out[0], serde_json::from_str::<Value>(header).unwrap());
        assert_eq!(out[1], HS2);
    }
    let with_kid = mint(HS1, json!({}));
    let v = guard().verify(&with_kid, &tollgate::VerifyOptions { scopes: &[], now: NOW }).unwrap();
    assert_eq!((v.header_json.as_str(), v.kid.as_str()), (header_for(HS1).as_str(), HS1));
}

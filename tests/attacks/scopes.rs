//! Step 6 and the order of the steps: scope tricks, 401 before 403,
//! prototype-named claims.

use crate::hostile::*;
use serde_json::json;

/// RFC 6749 §3.3: scopes are space-delimited, case-sensitive strings compared
/// exactly. Prefix, substring, wildcard and case tricks grant nothing.
#[test]
fn scope_prefix_and_lookalike_tricks() {
    let g = guard();
    let need = ["bookings:read"];
    let tricks = [
        json!({ "scope": "bookings:readonly" }),
        json!({ "scope": "bookings:rea" }),
        json!({ "scope": "bookings:read-all" }),
        json!({ "scope": "xbookings:read" }),
        json!({ "scope": "bookings:*" }),
        json!({ "scope": "*" }),
        json!({ "scope": "bookings" }),
        json!({ "scope": "BOOKINGS:READ" }),
        json!({ "scope": "bookings:read\u{0000}" }),
        json!({ "scope": "bookings:read\tbookings:write" }),
        json!({ "scope": "bookings:read,bookings:write" }),
        json!({ "scope": "bookings:write" }),
        json!({ "scope": "" }),
        json!({ "scp": ["bookings:readonly", "bookings:write"] }),
        json!({ "scp": "bookings:readonly" }),
        json!({ "scopes": ["bookings:read "] }),
        json!({ "scopes": ["bookings:read bookings:write"] }),
    ];
    for over in tricks {
        let mut over = over;
        if over.get("scope").is_none() {
            over["scope"] = serde_json::Value::Null; // delete the default scope
        }
        let t = mint(HS1, over.clone());
        assert_eq!(check(&g, &t, &need).unwrap_err(), "insufficient_scope", "{over}");
        let err = g.verify(&t, &tollgate::VerifyOptions { scopes: &need, now: NOW }).unwrap_err();
        assert_eq!(err.status(), 403);
    }
    // The genuine spellings do grant it.
    for over in [json!({ "scope": "bookings:read" }), json!({ "scope": "a bookings:read b" }), json!({ "scope": "  bookings:read  " }),
        json!({ "scope": null, "scp": ["bookings:read"] }), json!({ "scope": null, "scp": "x bookings:read" }),
        json!({ "scope": null, "scopes": ["bookings:read"] })]
    {
        assert!(check(&g, &mint(HS1, over.clone()), &need).is_ok(), "{over}");
    }
}

/// Scope claims of the wrong type are `claim_invalid` (401), not silently empty.
#[test]
fn scope_claims_of_the_wrong_type() {
    let g = guard();
    for over in [json!({ "scope": ["bookings:read"] }), json!({ "scope": 1 }), json!({ "scope": true }),
        json!({ "scp": 1 }), json!({ "scp": [1] }), json!({ "scp": { "bookings:read": true } }),
        json!({ "scopes": "bookings:read" }), json!({ "scopes": [["bookings:read"]] }), json!({ "scopes": [null] })]
    {
        assert_eq!(check(&g, &mint(HS1, over.clone()), &[]).unwrap_err(), "claim_invalid", "{over}");
    }
}

/// RFC 6750 §3.1: `insufficient_scope` (403) is for a valid token; anything
/// wrong with the token itself is 401. A forged or expired token that claims
/// every scope must never learn "you are authenticated, just not allowed".
#[test]
fn bad_token_with_enough_scope_is_401_never_403() {
    let g = guard();
    let all = json!({ "scope": "bookings:read bookings:write admin" });
    let good = mint(HS1, all.clone());
    let sig = signature_of(&good);
    let mut flipped = sig.clone();
    flipped[0] ^= 1;
    let bad = [
        ("bad signature", with_signature(&good, &flipped)),
        ("signed by another key", mint_raw(&header_for(HS1), &claims(all.clone()).to_string(), HS2)),
        ("expired", mint(HS1, json!({ "scope": "bookings:read bookings:write admin", "exp": NOW - 1.0 }))),
        ("wrong issuer", mint(HS1, json!({ "scope": "bookings:read bookings:write admin", "iss": "https://evil.example" }))),
        ("alg none", format!("{}.{}.", b64(r#"{"alg":"none","kid":"hs-2026-01"}"#), good.split('.').nth(1).unwrap())),
    ];
    for (name, t) in &bad {
        for need in [&["admin"][..], &["bookings:read"], &["not-granted"]] {
            let err = g.verify(t, &tollgate::VerifyOptions { scopes: need, now: NOW }).unwrap_err();
            assert_eq!(err.status(), 401, "{name} needing {need:?}: {err:?}");
        }
    }
    assert_eq!(check(&g, &good, &["not-granted"]).unwrap_err(), "insufficient_scope");
}

/// DESIGN.md order: claims are read only after the signature holds, and a
/// header failure is reported before any key lookup. The error a forger sees
/// says nothing about the claims it sent.
#[test]
fn order_of_the_checks() {
    let g = guard();
    let expired = mint(HS1, json!({ "exp": NOW - 10.0, "iss": "x", "aud": "y" }));
    let mut sig = signature_of(&expired);
    sig[5] ^= 0x80;
    assert_eq!(outcome(&g, &with_signature(&expired, &sig)), "signature_invalid");
    let body = b64("[not json");
    let forged = format!("{}.{body}.{}", b64(header_for(HS1)), b64([0u8; 32]));
    assert_eq!(outcome(&g, &forged), "signature_invalid", "payload is never parsed before the signature");
    let unknown = format!("{}.{body}.", b64(r#"{"alg":"none","kid":"nope","crit":["x"]}"#));
    assert_eq!(outcome(&g, &unknown), "alg_not_allowed", "alg before crit and kid");
    let crit = format!("{}.{body}.", b64(r#"{"alg":"HS256","kid":"nope","crit":["x"]}"#));
    assert_eq!(outcome(&g, &crit), "crit_unsupported", "crit before kid");
}

/// Claims named `__proto__`, `constructor` or `prototype` are ordinary data
/// (prototype pollution through JSON merges: e.g. CVE-2018-3721 lodash,
/// CVE-2019-10744). They verify, grant nothing, and reach JS as the token's
/// own JSON text (tests/js/hostile/ checks the JS side).
#[test]
fn prototype_named_claims_are_plain_data() {
    let g = guard();
    let text = format!(
        r#"{{"iss":"{ISS}","aud":"{AUD}","exp":{},"__proto__":{{"scope":"bookings:write","admin":true}},"constructor":{{"prototype":{{"scope":"bookings:write"}}}},"prototype":null}}"#,
        NOW + 60.0
    );
    let t = mint_raw(&header_for(HS1), &text, HS1);
    let v = g.verify(&t, &tollgate::VerifyOptions { scopes: &[], now: NOW }).unwrap();
    assert_eq!(v.claims_json, text);
    assert!(v.scopes.is_empty());
    assert_eq!(check(&g, &t, &["bookings:write"]).unwrap_err(), "insufficient_scope");
}

/// Cost stays linear in the token size: a signed token at the 64 KiB maximum
/// holding 6,000 distinct scopes (or an `scp` array of them) verifies with the
/// scopes in order and deduplicated. The union used to deduplicate by a linear
/// scan per scope, quadratic: ~0.3 s per verification natively for such a token.
#[test]
fn thousands_of_scopes_are_linear_and_ordered() {
    let g = guard_with(json!({ "maxTokenSize": 65536 }));
    let names: Vec<String> = (0..6000).map(|i| format!("{i:x}")).collect();
    let mut with_dups = names.join(" ");
    with_dups.push_str(" 0 1 2");
    let as_string = mint(HS1, json!({ "scope": with_dups }));
    let as_array = mint(HS1, json!({ "scope": null, "scp": names.clone(), "scopes": ["0", "new"] }));
    assert!(as_string.len() <= 65536 && as_array.len() <= 65536, "{} {}", as_string.len(), as_array.len());
    for _ in 0..20 {
        assert_eq!(check(&g, &as_string, &["176f", "0"]).unwrap(), names);
        let got = check(&g, &as_array, &["new"]).unwrap();
        assert_eq!((got.len(), got.last().map(String::as_str)), (6001, Some("new")));
    }
}

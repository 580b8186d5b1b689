#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
use super::*;
use serde_json::json;

const SECRET: &str = "38jYR6sw7oqLCjgysxDUsQwK-2KGvx1L2TCFRGG7Gx4"; // 32 bytes
const X: &str = "bBQ3crznpctO2vPtt1zbj959plDgMwofLDwkp2Sz6Sg";
const Y: &str = "N3Sm76cvBPSnztoptWXvevrflpo5lBv2BbU_2WHYHDw";

fn hs(kid: &str) -> Value {
    json!({ "kty": "oct", "kid": kid, "alg": "HS256", "k": SECRET })
}

fn es(kid: &str) -> Value {
    json!({ "kty": "EC", "crv": "P-256", "kid": kid, "x": X, "y": Y })
}

fn load(keys: &[Value]) -> Result<KeySet, ConfigError> {
    key_set_from_value(&json!({ "keys": keys }))
}

/// The skip report of a set with one usable key and `other` after it.
fn skipped_beside(other: Value) -> SkippedKey {
    let set = load(&[hs("hs"), other]).unwrap();
    assert_eq!(set.len(), 1, "only the usable key is in the set");
    assert_eq!(set.skipped().len(), 1);
    set.skipped()[0].clone()
}

#[test]
fn keys_of_other_kinds_are_skipped_with_the_member_that_says_so() {
    let cases = [
        (json!({"kty":"RSA","kid":"r1","alg":"RS256","n":"AQAB","e":"AQAB"}), "kty", "key type \"RSA\""),
        (json!({"kty":"OKP","kid":"o1","crv":"Ed25519","x":X}), "kty", "key type \"OKP\""),
        (json!({"kty":"EC","kid":"p384","crv":"P-384","alg":"ES384","x":X,"y":Y}), "crv", "curve \"P-384\""),
        (json!({"kty":"EC","kid":"enc","crv":"P-256","use":"enc","x":X,"y":Y}), "use", "use \"enc\""),
        (json!({"kty":"EC","kid":"ops","crv":"P-256","key_ops":["encrypt"],"x":X,"y":Y}), "key_ops", "\"verify\""),
        (json!({"kty":"EC","kid":"alg","crv":"P-256","alg":"ES512","x":X,"y":Y}), "alg", "alg \"ES512\""),
        (json!({"kty":"oct","kid":"h512","alg":"HS512","k":SECRET}), "alg", "alg \"HS512\""),
        (json!({"kty":"oct","kid":"aes","alg":"A256GCM","use":"enc","k":"AA"}), "use", "use \"enc\""),
    ];
    for (key, field, reason) in cases {
        let kid = key["kid"].as_str().unwrap().to_owned();
        let s = skipped_beside(key);
        assert_eq!((s.index, s.kid.as_deref(), s.field), (1, Some(kid.as_str()), field));
        assert!(s.reason.contains(reason), "{s}");
        assert!(s.to_string().starts_with(&format!("keys[1].{field}: ")), "{s}");
    }
}

#[test]
fn a_skipped_key_is_not_checked_further() {
    // A short HMAC secret for HS512, an RSA key without kid, an `enc` key with bad base64url:
    // none of them is a verification key, so none refuses the set.
    for key in [
        json!({"kty":"oct","kid":"short","alg":"HS512","k":"AAAA"}),
        json!({"kty":"RSA","n":"AQAB","e":"AQAB","kid":7}),
        json!({"kty":"EC","crv":"P-256","use":"enc","kid":"e","x":"bad=","y":"bad="}),
    ] {
        let s = skipped_beside(key);
        assert_eq!(s.index, 1);
    }
}

#[test]
fn ec_p256_without_alg_is_es256() {
    let set = load(&[es("e1")]).unwrap();
    assert_eq!(set.get("e1").unwrap().algorithm(), crate::alg::Algorithm::Es256);
    assert!(set.skipped().is_empty());
}

#[test]
fn oct_without_alg_refuses_the_set() {
    let err = load(&[hs("hs"), json!({"kty":"oct","kid":"x","k":SECRET})]).unwrap_err();
    assert_eq!(err.path, "keys[1].alg");
    assert!(!err.to_string().contains(SECRET));
}

#[test]
fn malformed_usable_keys_still_refuse_the_whole_set() {
    let mut off_curve = es("e");
    off_curve["y"] = json!(X);
    let cases = [
        (json!({"kty":"oct","kid":"s","alg":"HS256","k":"c2hvcnQ"}), "keys[1].k"),
        (json!({"kty":"oct","kid":"s","alg":"HS256","k":format!("{SECRET}=")}), "keys[1].k"),
        (off_curve, "keys[1]"),
        (json!({"kty":"EC","crv":"P-256","kid":"e","x":X}), "keys[1].y"),
        (json!({"kty":"EC","crv":"P-256","kid":"e","x":X,"y":Y,"d":"AAAA"}), "keys[1].d"),
        (json!({"kty":"EC","crv":"P-256","x":X,"y":Y}), "keys[1].kid"),
        (json!({"kty":"EC","crv":"P-256","kid":"e","use":5,"x":X,"y":Y}), "keys[1].use"),
        (json!({"kty":"EC","kid":"e","x":X,"y":Y}), "keys[1].crv"),
        (json!({"kid":"e","x":X,"y":Y}), "keys[1].kty"),
        (json!("not a key"), "keys[1]"),
        (hs("hs"), "keys[1].kid"),
    ];
    for (key, path) in cases {
        let err = load(&[hs("hs"), key.clone()]).unwrap_err();
        assert_eq!(err.path, path, "{key}: {err}");
        assert!(!err.to_string().contains(SECRET), "{err}");
    }
}

#[test]
fn a_duplicate_kid_counts_among_usable_keys_only() {
    let rsa = json!({"kty":"RSA","kid":"k","alg":"RS256","n":"AQAB","e":"AQAB"});
    let set = load(&[rsa, es("k")]).unwrap();
    assert!(set.get("k").is_some());
    assert_eq!(load(&[es("k"), hs("k")]).unwrap_err().path, "keys[1].kid");
}

#[test]
fn a_set_without_a_usable_key_is_refused_listing_the_skips() {
    let rsa = json!({"kty":"RSA","kid":"r","n":"AQAB","e":"AQAB"});
    let err = load(&[rsa, json!({"kty":"EC","crv":"P-384","x":X,"y":Y})]).unwrap_err();
    assert_eq!(err.path, "keys");
    assert!(err.message.contains("keys[0].kty: key type \"RSA\""), "{err}");
    assert!(err.message.contains("keys[1].crv: curve \"P-384\""), "{err}");
    assert_eq!(load(&[]).unwrap_err().to_string(), "keys: the set holds no key");
    let many: Vec<Value> = (0..8).map(|_| json!({"kty":"RSA"})).collect();
    assert!(load(&many).unwrap_err().message.ends_with("; and 3 more"));
}

#[test]
fn skipped_kids_are_shown_as_visible_ascii() {
    let s = skipped_beside(json!({"kty":"RSA","kid":"a\"b\nc"}));
    assert_eq!(s.kid.as_deref(), Some("a?b?c"));
}

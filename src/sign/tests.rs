#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
use super::*;
use crate::guard::Guard;
use crate::verifier::VerifyOptions;
use crate::Error;
use hmac::{Hmac, Mac};
use sha2::Sha256;

const NOW: f64 = 1_767_225_600.0;
const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

fn guard(extra: &str) -> Guard {
    let k = base64url::encode(SECRET);
    let config = format!(
        r#"{{"keys":{{"keys":[{{"kty":"oct","kid":"hs-1","alg":"HS256","k":"{k}"}},
        {{"kty":"EC","crv":"P-256","kid":"es-1","alg":"ES256",
          "x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}}]}}{extra}}}"#
    );
    Guard::from_config_json(&config).unwrap()
}

fn opts(expires_in: Option<f64>) -> SignOptions<'static> {
    SignOptions { kid: "hs-1", now: NOW + 0.75, expires_in, typ: None }
}

fn part(token: &str, i: usize) -> Value {
    serde_json::from_slice(&base64url::decode(token.split('.').nth(i).unwrap()).unwrap()).unwrap()
}

#[test]
fn signed_token_verifies_and_carries_the_claims() {
    let g = guard("");
    let token = g.sign(r#"{"sub":"key-7","companyId":"c-42","scope":"bookings:read"}"#, &opts(Some(86_400.0))).unwrap();
    let v = g.verify(&token, &VerifyOptions { scopes: &["bookings:read"], now: NOW + 86_399.0 }).unwrap();
    assert_eq!(v.kid, "hs-1");
    let claims: Value = serde_json::from_str(&v.claims_json).unwrap();
    assert_eq!(claims["sub"], "key-7");
    assert_eq!(claims["companyId"], "c-42");
    assert_eq!(claims["iat"], Value::from(1_767_225_600_i64), "iat is whole seconds");
    assert_eq!(claims["exp"], Value::from(1_767_225_600_i64 + 86_400));
    assert_eq!(g.verify(&token, &VerifyOptions { scopes: &[], now: NOW + 86_400.0 }).unwrap_err(), Error::TokenExpired);
}

#[test]
fn header_names_alg_kid_and_typ() {
    let token = guard("").sign(r#"{"exp":1}"#, &opts(None)).unwrap();
    assert_eq!(part(&token, 0), serde_json::json!({"alg":"HS256","kid":"hs-1","typ":"JWT"}));
    let g = guard(r#","typ":"at+jwt""#);
    let token = g.sign(r#"{"sub":"a"}"#, &opts(Some(60.0))).unwrap();
    assert_eq!(part(&token, 0)["typ"], "at+jwt", "policy typ is the default");
    assert!(g.verify(&token, &VerifyOptions { scopes: &[], now: NOW }).is_ok());
    let token = g.sign(r#"{"exp":1}"#, &SignOptions { typ: Some("JWT"), ..opts(None) }).unwrap();
    assert_eq!(part(&token, 0)["typ"], "JWT");
}

#[test]
fn signature_is_hmac_sha256_of_the_signing_input() {
    let token = guard("").sign(r#"{"sub":"x","exp":2000000000}"#, &opts(None)).unwrap();
    let (input, sig) = token.rsplit_once('.').unwrap();
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET).unwrap();
    mac.update(input.as_bytes());
    assert_eq!(base64url::decode(sig).unwrap(), mac.finalize().into_bytes().to_vec());
    assert_eq!(part(&token, 1), serde_json::json!({"sub":"x","exp":2_000_000_000}));
}

#[test]
fn tampered_signed_tokens_fail() {
    let g = guard("");
    let token = g.sign(r#"{"sub":"a","admin":false}"#, &opts(Some(60.0))).unwrap();
    let forged_claims = base64url::encode(br#"{"sub":"a","admin":true,"iat":1767225600,"exp":1767225660}"#);
    let parts: Vec<&str> = token.split('.').collect();
    let forged = format!("{}.{forged_claims}.{}", parts[0], parts[2]);
    assert_eq!(g.verify(&forged, &VerifyOptions { scopes: &[], now: NOW }).unwrap_err(), Error::SignatureInvalid);
}

#[test]
fn errors_name_the_field() {
    let g = guard("");
    for (claims, options, path) in [
        ("[]", opts(Some(60.0)), "claims"),
        ("not json", opts(Some(60.0)), "claims"),
        (r#"{"a":1,"a":2}"#, opts(Some(60.0)), "claims"),
        (r#"{"exp":5}"#, opts(Some(60.0)), "claims.exp"),
        (r#"{"iat":5}"#, opts(Some(60.0)), "claims.iat"),
        ("{}", opts(None), "claims.exp"),
        ("{}", opts(Some(0.0)), "expiresIn"),
        ("{}", opts(Some(f64::INFINITY)), "expiresIn"),
        ("{}", opts(Some(MAX_EXPIRES_IN + 1.0)), "expiresIn"),
        ("{}", SignOptions { now: f64::NAN, ..opts(Some(60.0)) }, "now"),
        ("{}", SignOptions { kid: "nope", ..opts(Some(60.0)) }, "kid"),
        ("{}", SignOptions { kid: "es-1", ..opts(Some(60.0)) }, "kid"),
        ("{}", SignOptions { typ: Some(" "), ..opts(Some(60.0)) }, "typ"),
    ] {
        let err = g.sign(claims, &options).unwrap_err();
        assert_eq!(err.path, path, "{claims} → {err}");
        assert!(!err.to_string().contains("0123456789abcdef"), "no secret in {err}");
    }
}

#[test]
fn guard_without_required_exp_may_issue_tokens_without_exp() {
    let g = guard(r#","requireExp":false"#);
    let token = g.sign(r#"{"sub":"forever"}"#, &opts(None)).unwrap();
    assert!(g.verify(&token, &VerifyOptions { scopes: &[], now: NOW }).is_ok());
}

#[test]
fn kid_with_quotes_is_escaped_in_the_header() {
    let k = base64url::encode(SECRET);
    let config = format!(r#"{{"keys":{{"keys":[{{"kty":"oct","kid":"a\"b","alg":"HS256","k":"{k}"}}]}}}}"#);
    let g = Guard::from_config_json(&config).unwrap();
    let token = g.sign("{}", &SignOptions { kid: "a\"b", ..opts(Some(60.0)) }).unwrap();
    assert_eq!(part(&token, 0)["kid"], "a\"b");
    assert_eq!(g.verify(&token, &VerifyOptions { scopes: &[], now: NOW }).unwrap().kid, "a\"b");
}

#[test]
fn signs_only_with_keys_whose_key_ops_allow_it() {
    let k = base64url::encode(SECRET);
    let with_ops = |ops: &str| {
        let config = format!(r#"{{"keys":{{"keys":[{{"kty":"oct","kid":"hs-1","alg":"HS256","k":"{k}"{ops}}}]}}}}"#);
        Guard::from_config_json(&config).unwrap()
    };
    let verify_only = with_ops(r#","key_ops":["verify"]"#);
    let err = verify_only.sign(r#"{"sub":"a"}"#, &opts(Some(60.0))).unwrap_err();
    assert_eq!(err.path, "kid");
    assert!(err.message.contains("key_ops") && err.message.contains("\"sign\""), "{err}");
    for ops in ["", r#","key_ops":["sign","verify"]"#, r#","key_ops":["verify","sign"]"#] {
        let g = with_ops(ops);
        let token = g.sign(r#"{"sub":"a"}"#, &opts(Some(60.0))).unwrap();
        assert!(g.verify(&token, &VerifyOptions { scopes: &[], now: NOW }).is_ok(), "{ops}");
    }
}

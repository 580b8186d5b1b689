//! Every credential style through `Guard::authorize`: opaque API keys as Bearer and as Basic
//! with an empty user, status/expiry/environment, rotation, the key+secret exchange into an
//! HS256 token, platform tokens bound to an account header, and resource:action scopes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use base64ct::{Base64, Encoding};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use tollgate::authorize::{Decision, RequestParts};
use tollgate::sign::SignOptions;
use tollgate::{Error, Guard};

const NOW: f64 = 1_767_225_600.0;
const SECRET_K: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY"; // 32 bytes, base64url
const OLD: &str = "live_old_4f9a2c7e1b";
const NEW: &str = "live_new_8d3b6a0f5c";
const SANDBOX: &str = "test_sbx_1a2b3c4d5e";
const PLATFORM: &str = "live_plt_9e8d7c6b5a";

fn digest(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

fn api_keys(old_status: &str) -> Value {
    json!([
        { "id": "key-2025", "sha256": digest(OLD), "scopes": ["bookings:read"], "status": old_status,
          "subject": "partner-7", "claims": { "companyId": "c-42" } },
        { "id": "key-2026", "sha256": digest(NEW), "secretSha256": digest("s3cret"),
          "scopes": ["bookings:read", "customers:read"], "subject": "partner-7", "claims": { "companyId": "c-42" } },
        { "id": "sandbox", "sha256": digest(SANDBOX), "scopes": ["bookings:read", "events-register:read"] },
        { "id": "suspended", "sha256": digest("live_suspended_key"), "status": "suspended" },
        { "id": "expired", "sha256": digest("live_expired_key"), "expiresAt": NOW - 1.0 },
        { "id": "platform", "sha256": digest(PLATFORM), "scopes": ["bookings:read"],
          "claims": { "accounts": ["acc-7", "acc-8"] } },
    ])
}

fn config(old_status: &str) -> Value {
    json!({
        "keys": { "keys": [{ "kty": "oct", "kid": "hs-1", "alg": "HS256", "k": SECRET_K }] },
        "issuer": "https://auth.booking.example",
        "audience": "bookings-api",
        "realm": "bookings",
        "forwardClaims": { "companyId": "X-Company-Id" },
        "apiKeys": api_keys(old_status),
        "routes": [
            { "method": "GET", "path": "/bookings", "scopes": ["bookings:read"],
              "accountHeader": "X-Account-Id", "accountClaim": "accounts" },
            { "method": "GET", "path": "/bookings/:id", "scopes": ["bookings:read"] },
            { "method": "GET", "path": "/customers", "scopes": ["customers:read"] },
            { "method": "GET", "path": "/events-register", "scopes": ["events-register:read"] },
            { "method": "PUT", "path": "/profile", "scopes": ["profile:write"] },
            { "method": "GET", "path": "/invoices", "scopes": ["bookings:read"], "environment": "live" },
        ],
    })
}

fn guard() -> Guard {
    Guard::from_config_json(&config("active").to_string()).unwrap()
}

fn decide_with(g: &Guard, method: &str, path: &str, authorization: &str, headers: &[(String, String)]) -> Decision {
    g.authorize(&RequestParts { method, url: path, authorization: Some(authorization), headers, ..Default::default() }, NOW)
}

fn decide(g: &Guard, path: &str, authorization: &str) -> Decision {
    decide_with(g, "GET", path, authorization, &[])
}

fn bearer(key: &str) -> String {
    format!("Bearer {key}")
}

fn basic(user: &str, password: &str) -> String {
    format!("Basic {}", Base64::encode_string(format!("{user}:{password}").as_bytes()))
}

fn header<'d>(d: &'d Decision, name: &str) -> Option<&'d str> {
    d.forward_headers.iter().find(|(h, _)| h == name).map(|(_, v)| v.as_str())
}

#[test]
fn bearer_api_key_is_allowed_with_its_identity() {
    let d = decide(&guard(), "/bookings/1", &bearer(NEW));
    assert!(d.is_ok(), "{d:?}");
    assert_eq!(header(&d, "X-Auth-Key-Id"), Some("key-2026"));
    assert_eq!(header(&d, "X-Auth-Subject"), Some("partner-7"));
    assert_eq!(header(&d, "X-Auth-Scopes"), Some("bookings:read customers:read"));
    assert_eq!(header(&d, "X-Company-Id"), Some("c-42"));
    assert_eq!(d.principal.as_ref().unwrap().kind(), "api_key");
}

#[test]
fn basic_with_empty_user_carries_the_key() {
    let g = guard();
    assert!(decide(&g, "/bookings/1", &basic("", NEW)).is_ok());
    let named = decide(&g, "/bookings/1", &basic("partner", NEW));
    assert!(matches!(named.error, Some(Error::InvalidRequest(_))), "{named:?}");
    assert_eq!(named.status, 400);
}

#[test]
fn unknown_revoked_suspended_expired() {
    let g = guard();
    for (auth, error) in [
        (bearer("live_unknown_key"), Error::ApiKeyInvalid),
        (basic("", "live_unknown_key"), Error::ApiKeyInvalid),
        (bearer("live_suspended_key"), Error::ApiKeyRevoked),
        (basic("", "live_expired_key"), Error::ApiKeyRevoked),
    ] {
        let d = decide(&g, "/bookings/1", &auth);
        assert_eq!(d.error.as_ref(), Some(&error));
        assert_eq!(d.status, 401);
        let challenge = d.challenge.unwrap();
        assert!(challenge.contains("error=\"invalid_token\""), "{challenge}");
        assert!(!challenge.contains("live_"), "no key in the challenge");
    }
}

#[test]
fn rotation_old_and_new_valid_then_old_revoked() {
    let both = guard();
    assert!(decide(&both, "/bookings/1", &bearer(OLD)).is_ok());
    assert!(decide(&both, "/bookings/1", &bearer(NEW)).is_ok());
    let mut rotated = guard();
    rotated.set_api_keys_json(&api_keys("revoked").to_string()).unwrap();
    assert_eq!(decide(&rotated, "/bookings/1", &bearer(OLD)).error, Some(Error::ApiKeyRevoked));
    assert!(decide(&rotated, "/bookings/1", &bearer(NEW)).is_ok());
    let err = rotated.set_api_keys_json(r#"[{"id":"x","sha256":"nope"}]"#).unwrap_err();
    assert_eq!(err.path, "apiKeys[0].sha256");
    assert!(decide(&rotated, "/bookings/1", &bearer(NEW)).is_ok(), "a refused set leaves the table as it was");
}

#[test]
fn scopes_per_route_in_resource_action_form() {
    let g = guard();
    assert!(decide(&g, "/customers", &bearer(NEW)).is_ok());
    assert_eq!(decide(&g, "/customers", &bearer(SANDBOX)).error, Some(Error::InsufficientScope(vec!["customers:read".into()])));
    assert!(decide(&g, "/events-register", &bearer(SANDBOX)).is_ok());
    let profile = decide_with(&g, "PUT", "/profile", &bearer(NEW), &[]);
    assert_eq!(profile.status, 403);
    assert!(profile.challenge.unwrap().contains("scope=\"profile:write\""));
}

#[test]
fn live_route_refuses_test_keys() {
    let g = guard();
    assert!(decide(&g, "/invoices", &bearer(NEW)).is_ok());
    assert_eq!(decide(&g, "/invoices", &bearer(SANDBOX)).error, Some(Error::ApiKeyInvalid));
    assert!(decide(&g, "/bookings/1", &bearer(SANDBOX)).is_ok());
    let mut live_only = config("active");
    live_only["environment"] = json!("live");
    let g = Guard::from_config_json(&live_only.to_string()).unwrap();
    assert_eq!(decide(&g, "/bookings/1", &bearer(SANDBOX)).error, Some(Error::ApiKeyInvalid));
    assert!(decide(&g, "/bookings/1", &bearer(NEW)).is_ok());
}

#[test]
fn exchange_key_and_secret_for_a_token_then_call_bookings() {
    let g = guard();
    let key = g.api_keys().authenticate_with_secret(NEW, "s3cret", NOW, None).unwrap();
    assert!(g.api_keys().authenticate_with_secret(NEW, "wrong", NOW, None).is_err());
    let mut claims: Value = serde_json::from_str(key.claims_json()).unwrap();
    claims["iss"] = json!("https://auth.booking.example");
    claims["aud"] = json!("bookings-api");
    claims["scope"] = json!(key.scopes.join(" "));
    let token = g.sign(&claims.to_string(), &SignOptions { kid: "hs-1", now: NOW, expires_in: Some(86_400.0), typ: None }).unwrap();
    let d = decide(&g, "/bookings/1", &bearer(&token));
    assert!(d.is_ok(), "{d:?}");
    assert_eq!(header(&d, "X-Auth-Subject"), Some("partner-7"));
    assert_eq!(header(&d, "X-Company-Id"), Some("c-42"));
    assert_eq!(header(&d, "X-Auth-Key-Id"), Some("hs-1"));
    let later = g.authorize(&RequestParts { method: "GET", url: "/bookings/1", authorization: Some(&bearer(&token)), headers: &[], ..Default::default() }, NOW + 86_400.0);
    assert_eq!(later.error, Some(Error::TokenExpired), "valid for 24 h");
}

#[test]
fn a_token_naming_the_other_environment_is_refused_where_one_is_required() {
    let g = guard();
    let token = |environment: Option<Value>| {
        let mut claims = json!({ "iss": "https://auth.booking.example", "aud": "bookings-api", "sub": "partner-7", "scope": "bookings:read" });
        if let Some(e) = environment {
            claims["environment"] = e;
        }
        bearer(&g.sign(&claims.to_string(), &SignOptions { kid: "hs-1", now: NOW, expires_in: Some(3_600.0), typ: None }).unwrap())
    };
    // An exchanged test_ key's token carries "test": refused on the live route, fine elsewhere.
    let sandbox = decide(&g, "/invoices", &token(Some(json!("test"))));
    assert_eq!(sandbox.error, Some(Error::ClaimInvalid("environment".into())));
    assert_eq!(sandbox.status, 401);
    assert!(sandbox.challenge.unwrap().contains("error=\"invalid_token\""));
    assert!(decide(&g, "/bookings/1", &token(Some(json!("test")))).is_ok());
    assert!(decide(&g, "/invoices", &token(Some(json!("live")))).is_ok());
    assert_eq!(decide(&g, "/invoices", &token(Some(json!(["live"])))).error, Some(Error::ClaimInvalid("environment".into())));
    assert_eq!(decide(&g, "/invoices", &token(Some(Value::Null))).error, Some(Error::ClaimInvalid("environment".into())));
    // A token from the authority names no environment and is not bound to one.
    assert!(decide(&g, "/invoices", &token(None)).is_ok());
    let mut live_only = config("active");
    live_only["environment"] = json!("live");
    let g = Guard::from_config_json(&live_only.to_string()).unwrap();
    let test_token = bearer(&g.sign(r#"{"iss":"https://auth.booking.example","aud":"bookings-api","scope":"bookings:read","environment":"test"}"#,
        &SignOptions { kid: "hs-1", now: NOW, expires_in: Some(60.0), typ: None }).unwrap());
    assert_eq!(decide(&g, "/bookings/1", &test_token).error, Some(Error::ClaimInvalid("environment".into())), "the guard-wide environment too");
}

#[test]
fn account_header_is_bound_to_the_claim() {
    let g = guard();
    let acting = |auth: &str, account: &str| {
        decide_with(&g, "GET", "/bookings", auth, &[("x-account-id".to_owned(), account.to_owned())])
    };
    assert!(acting(&bearer(PLATFORM), "acc-7").is_ok());
    let other = acting(&bearer(PLATFORM), "acc-1");
    assert_eq!((other.status, other.error.clone()), (403, Some(Error::AccountForbidden)));
    assert!(other.challenge.unwrap().contains("error=\"insufficient_scope\""));
    assert_eq!(acting(&bearer(NEW), "acc-7").error, Some(Error::AccountForbidden), "no accounts claim lists nothing");
    assert!(decide(&g, "/bookings", &bearer(NEW)).is_ok(), "without the header nobody acts for another account");

    let platform_token = g
        .sign(
            r#"{"iss":"https://auth.booking.example","aud":"bookings-api","sub":"platform-9","scope":"bookings:read","accounts":["acc-1"]}"#,
            &SignOptions { kid: "hs-1", now: NOW, expires_in: Some(3600.0), typ: None },
        )
        .unwrap();
    assert!(acting(&bearer(&platform_token), "acc-1").is_ok());
    assert_eq!(acting(&bearer(&platform_token), "acc-7").error, Some(Error::AccountForbidden));
}

#[test]
fn config_errors_name_the_field() {
    for (patch, path) in [
        (json!({ "apiKeys": [{ "id": "a", "sha256": "zz" }] }), "apiKeys[0].sha256"),
        (json!({ "apiKeys": [{ "id": "a", "sha256": digest("x"), "status": "paused" }] }), "apiKeys[0].status"),
        (json!({ "environment": "prod" }), "environment"),
        (json!({ "routes": [{ "path": "/a", "environment": "staging" }] }), "routes[0].environment"),
        (json!({ "routes": [{ "path": "/a", "accountHeader": "X-Account-Id" }] }), "routes[0].accountClaim"),
        (json!({ "routes": [{ "path": "/a", "accountHeader": "Authorization", "accountClaim": "a" }] }), "routes[0].accountHeader"),
    ] {
        let mut c = config("active");
        for (k, v) in patch.as_object().unwrap() {
            c[k] = v.clone();
        }
        let err = Guard::from_config_json(&c.to_string()).unwrap_err();
        assert_eq!(err.path, path, "{err}");
    }
}

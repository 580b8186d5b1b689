#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use super::*;
use crate::routes::RawRoute;
use serde_json::Value;

const FIXTURES: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/fixtures.json"));

fn fixtures() -> Value {
    serde_json::from_str(FIXTURES).unwrap()
}

fn now() -> f64 {
    fixtures()["verifier"]["now"].as_f64().unwrap()
}

fn token(label: &str) -> String {
    let fx = fixtures();
    let t = fx["tokens"].as_array().unwrap().iter().find(|t| t["label"] == label).unwrap();
    t["token"].as_str().unwrap().to_owned()
}

fn guard_with(edge: &Value) -> Guard {
    let fx = fixtures();
    let mut config = serde_json::json!({
        "keys": fx["jwks"], "issuer": fx["verifier"]["issuer"], "audience": fx["verifier"]["audience"],
    });
    for (k, v) in edge.as_object().unwrap() {
        config[k] = v.clone();
    }
    Guard::from_config_json(&config.to_string()).unwrap()
}

fn guard() -> Guard {
    guard_with(&serde_json::json!({
        "routes": [
            { "method": "GET", "path": "/bookings", "scopes": ["bookings:read"] },
            { "method": "GET", "path": "/bookings/:id", "scopes": ["bookings:read"] },
            { "method": "POST", "path": "/bookings", "scopes": ["bookings:write"] },
            { "method": "DELETE", "path": "/bookings/:id", "scopes": ["bookings:write"], "anyScopes": ["bookings:admin", "support"] },
            { "method": "GET", "path": "/health", "public": true },
            { "path": "/me" },
        ],
        "realm": "bookings",
        "forwardClaims": { "jti": "X-Token-Id" },
    }))
}

fn decide(method: &str, url: &str, authorization: Option<&str>) -> Decision {
    guard().authorize(&RequestParts { method, url, authorization, headers: &[], ..Default::default() }, now())
}

fn bearer(label: &str) -> String {
    format!("Bearer {}", token(label))
}

fn header<'d>(d: &'d Decision, name: &str) -> Option<&'d str> {
    d.forward_headers.iter().find(|(h, _)| h == name).map(|(_, v)| v.as_str())
}

#[test]
fn valid_token_is_allowed_with_identity_headers() {
    let d = decide("GET", "/bookings/42", Some(&bearer("hs256-valid")));
    assert!(d.is_ok(), "{d:?}");
    assert_eq!(d.status, 200);
    assert_eq!(header(&d, "X-Auth-Subject"), Some("user-4711"));
    assert_eq!(header(&d, "X-Auth-Scopes"), Some("bookings:read bookings:write"));
    assert_eq!(header(&d, "X-Auth-Key-Id"), Some("hs-2026-01"));
    assert_eq!(header(&d, "X-Token-Id"), Some("fx-hs256-valid"));
    let route = d.route.as_ref().unwrap();
    assert_eq!((route.index, route.pattern.as_str()), (1, "/bookings/:id"));
    assert_eq!(route.params, [("id".to_owned(), "42".to_owned())]);
    assert!(d.challenge.is_none());
}

#[test]
fn es256_and_scp_array_tokens_are_allowed() {
    for label in ["es256-valid", "es256-valid-second-key", "scp-array", "aud-array"] {
        assert!(decide("GET", "/bookings", Some(&bearer(label))).is_ok(), "{label}");
    }
}

#[test]
fn missing_credentials_challenge_without_error() {
    let d = decide("GET", "/bookings", None);
    assert_eq!((d.status, d.error.as_ref().unwrap().code()), (401, "token_missing"));
    assert_eq!(d.challenge.as_deref(), Some("Bearer realm=\"bookings\""));
    assert!(d.forward_headers.is_empty());
}

#[test]
fn malformed_header_is_400_invalid_request() {
    for auth in ["Bearer a b", "Bearer", "Token abc", "Basic dTpw", "Bearer x, Bearer y"] {
        let d = decide("GET", "/bookings", Some(auth));
        assert_eq!((d.status, d.error.as_ref().unwrap().code()), (400, "invalid_request"), "{auth}");
        assert!(d.challenge.as_deref().unwrap().starts_with("Bearer realm=\"bookings\", error=\"invalid_request\""));
    }
}

#[test]
fn bad_tokens_are_401_invalid_token_with_their_code() {
    for (label, code) in [
        ("expired", "token_expired"),
        ("wrong-audience", "claim_invalid"),
        ("tampered-payload", "signature_invalid"),
        ("unknown-kid", "key_not_found"),
        ("alg-none", "alg_not_allowed"),
        ("duplicate-claim", "token_malformed"),
    ] {
        let d = decide("GET", "/bookings", Some(&bearer(label)));
        assert_eq!((d.status, d.error.as_ref().unwrap().code()), (401, code), "{label}");
        let c = d.challenge.unwrap();
        assert!(c.starts_with("Bearer realm=\"bookings\", error=\"invalid_token\", error_description=\""), "{c}");
        assert!(!c.contains(&token(label)), "the token is never echoed");
        assert!(d.forward_headers.is_empty());
    }
    let c = decide("GET", "/bookings", Some(&bearer("wrong-audience"))).challenge.unwrap();
    assert!(c.ends_with("error_description=\"claim 'aud' is invalid\""), "{c}");
}

#[test]
fn under_scoped_token_is_403_with_scope_attribute() {
    let d = decide("POST", "/bookings", Some(&bearer("hs256-valid-second-key")));
    assert_eq!((d.status, d.error.as_ref().unwrap().code()), (403, "insufficient_scope"));
    let c = d.challenge.unwrap();
    assert!(c.starts_with("Bearer realm=\"bookings\", error=\"insufficient_scope\""), "{c}");
    assert!(c.ends_with(", scope=\"bookings:write\""), "{c}");
}

#[test]
fn any_scopes_need_one_of_them() {
    // hs256-valid holds bookings:read + bookings:write, neither admin nor support.
    let d = decide("DELETE", "/bookings/1", Some(&bearer("hs256-valid")));
    assert_eq!(d.status, 403);
    assert_eq!(d.error, Some(Error::InsufficientScope(vec!["bookings:write".into(), "bookings:admin".into(), "support".into()])));
    // tampered-payload would hold bookings:admin but its signature fails first.
    assert_eq!(decide("DELETE", "/bookings/1", Some(&bearer("tampered-payload"))).status, 401);
}

#[test]
fn public_routes_skip_credentials_entirely() {
    for auth in [None, Some("garbage"), Some("Bearer a b")] {
        let d = decide("GET", "/health", auth);
        assert!(d.is_ok(), "{auth:?}");
        assert!(d.forward_headers.is_empty() && d.principal.is_none());
        assert!(d.route.unwrap().public);
    }
    assert!(decide("HEAD", "/health", None).is_ok());
}

#[test]
fn unknown_route_is_404_without_challenge_even_with_a_good_token() {
    for (m, p) in [("GET", "/nope"), ("PUT", "/bookings/1"), ("GET", "/bookings/1/x")] {
        let d = decide(m, p, Some(&bearer("hs256-valid")));
        assert_eq!((d.status, d.error.as_ref().unwrap().code()), (404, "not_found"), "{m} {p}");
        assert!(d.challenge.is_none() && d.route.is_none());
    }
}

#[test]
fn traversal_through_a_public_route_is_refused() {
    for p in ["/health/../bookings", "/health/%2E%2E/bookings", "/bookings//1"] {
        let d = decide("GET", p, None);
        assert_eq!((d.status, d.error.as_ref().unwrap().code()), (400, "invalid_request"), "{p}");
    }
}

#[test]
fn route_without_scopes_needs_only_a_valid_token() {
    assert!(decide("PATCH", "/me", Some(&bearer("hs256-valid-second-key"))).is_ok());
    assert_eq!(decide("PATCH", "/me", None).status, 401);
}

#[test]
fn without_routes_every_request_needs_a_valid_token() {
    let g = guard_with(&serde_json::json!({}));
    let ask = |auth: Option<&str>| g.authorize(&RequestParts { method: "GET", url: "/anything", authorization: auth, headers: &[], ..Default::default() }, now());
    assert!(ask(Some(&bearer("hs256-valid"))).is_ok());
    let d = ask(None);
    assert_eq!(d.challenge.as_deref(), Some("Bearer"), "no realm configured");
    assert_eq!(ask(Some(&bearer("expired"))).challenge.unwrap().split(',').next(), Some("Bearer error=\"invalid_token\""));
}

#[test]
fn edge_config_errors_name_the_field() {
    let bad_route: Vec<RawRoute> =
        [serde_json::json!({ "path": "/a" }), serde_json::json!({ "path": "b" })].iter().map(|v| RawRoute::from_value(v).unwrap()).collect();
    assert_eq!(EdgePolicy::compile(Some(&bad_route), None, None).unwrap_err().path, "routes[1].path");
    for realm in ["", "a\"b", "back\\slash", "tab\there"] {
        assert_eq!(EdgePolicy::compile(None, Some(realm), None).unwrap_err().path, "realm", "{realm:?}");
    }
    let fwd = [("c".to_owned(), "Cookie".to_owned())].into_iter().collect();
    assert_eq!(EdgePolicy::compile(None, None, Some(&fwd)).unwrap_err().path, "forwardClaims.c");
}

#[test]
fn decision_json_layout() {
    let g = guard();
    let ok = g.authorize(&RequestParts { method: "GET", url: "/bookings/7?x=1", authorization: Some(&bearer("es256-valid")), headers: &[], ..Default::default() }, now());
    let v: Value = serde_json::from_str(&decision_json(&ok)).unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(v["status"], 200);
    assert_eq!(v["code"], Value::Null);
    assert_eq!(v["route"]["path"], "/bookings/:id");
    assert_eq!(v["route"]["params"]["id"], "7");
    assert_eq!(v["header"]["kid"], "es-2026-01");
    assert_eq!(v["claims"]["sub"], "user-4711");
    assert_eq!(v["forwardHeaders"]["X-Auth-Subject"], "user-4711");
    assert_eq!((v["method"].as_str(), v["target"].as_str()), (Some("GET"), Some("/bookings/7?x=1")));

    let no = g.authorize(&RequestParts { method: "POST", url: "/bookings", authorization: Some(&bearer("scp-array")), headers: &[], ..Default::default() }, now() + 7200.0);
    let v: Value = serde_json::from_str(&decision_json(&no)).unwrap();
    assert_eq!((v["ok"].clone(), v["status"].clone(), v["code"].clone()), (Value::Bool(false), 401.into(), "token_expired".into()));
    assert_eq!(v["message"], "token has expired");
    assert!(v["wwwAuthenticate"].as_str().unwrap().contains("error=\"invalid_token\""));
    assert!(v.get("claims").is_none() && v.get("requiredScopes").is_none());
    assert_eq!(v["forwardHeaders"], serde_json::json!({}));

    let forbidden = decide("POST", "/bookings", Some(&bearer("hs256-valid-second-key")));
    let v: Value = serde_json::from_str(&decision_json(&forbidden)).unwrap();
    assert_eq!(v["requiredScopes"], serde_json::json!(["bookings:write"]));
    let missing: Value = serde_json::from_str(&decision_json(&decide("GET", "/nope", None))).unwrap();
    assert_eq!((missing["status"].clone(), missing["wwwAuthenticate"].clone(), missing["route"].clone()), (404.into(), Value::Null, Value::Null));
}

#[test]
fn config_fields_reach_the_guard_with_their_paths() {
    let fx = fixtures();
    for (extra, path) in [
        (serde_json::json!({ "routes": [{ "path": "/a" }, { "path": "/b", "public": true, "scopes": ["x"] }] }), "routes[1].scopes"),
        (serde_json::json!({ "realm": "say \"hi\"" }), "realm"),
        (serde_json::json!({ "routes": [{ "path": "/a" }, { "path": "/b", "scope": ["x"] }] }), "routes[1].scope"),
        (serde_json::json!({ "rotues": [] }), "rotues"),
        (serde_json::json!({ "forwardClaims": { "companyId": "X-Auth-Company" } }), "forwardClaims.companyId"),
    ] {
        let mut config = serde_json::json!({ "keys": fx["jwks"] });
        for (k, v) in extra.as_object().unwrap() {
            config[k] = v.clone();
        }
        let err = Guard::from_config_json(&config.to_string()).unwrap_err();
        assert_eq!(err.path, path, "{err}");
    }
}

/// Stands in for WebCrypto: the core's own check of the deferred signature with the key it named.
fn outside_check(g: &Guard, d: &crate::verifier::Deferred) -> bool {
    let key = g.keys().get(d.kid()).unwrap();
    key.verify(&d.token().as_bytes()[..d.signing_input_len()], d.signature())
}

#[test]
fn two_step_authorize_defers_only_es256_and_agrees_with_one_step() {
    let g = guard();
    let labels = ["es256-valid", "es256-high-s", "hs256-valid", "es256-der-signature", "expired", "hs256-valid-second-key"];
    for label in labels {
        for (method, path) in [("GET", "/bookings/1"), ("POST", "/bookings"), ("GET", "/nope"), ("GET", "/health")] {
            let auth = bearer(label);
            let request = RequestParts { method, url: path, authorization: Some(&auth), headers: &[], ..Default::default() };
            let one = g.authorize(&request, now());
            let two = match g.authorize_start(&request, now()) {
                AuthorizeStep::Done(d) => *d,
                AuthorizeStep::Stale => panic!("{label}: nothing changed, nothing is stale"),
                AuthorizeStep::Deferred(d) => {
                    assert!(label.starts_with("es256"), "{label}: only ES256 is deferred");
                    assert_eq!(d.signature().len(), 64);
                    let AuthorizeStep::Deferred(again) = g.authorize_start(&request, now()) else { panic!() };
                    let no = g.authorize_resume(&request, now(), again, false);
                    assert!(matches!(&no, AuthorizeStep::Done(d) if d.error == Some(Error::SignatureInvalid)), "no: refused");
                    let valid = outside_check(&g, &d);
                    match g.authorize_resume(&request, now(), d, valid) {
                        AuthorizeStep::Done(d) => *d,
                        other => panic!("{label}: {other:?}"),
                    }
                }
            };
            assert_eq!(one, two, "{label} {method} {path}");
        }
    }
}

#[test]
fn a_check_handed_out_for_another_token_does_not_verify() {
    let g = guard();
    let auth = bearer("es256-valid");
    let other = bearer("es256-high-s");
    let request = RequestParts { method: "GET", url: "/bookings", authorization: Some(&auth), headers: &[], ..Default::default() };
    let elsewhere = RequestParts { authorization: Some(&other), ..request };
    let AuthorizeStep::Deferred(d) = g.authorize_start(&elsewhere, now()) else { panic!() };
    assert!(outside_check(&g, &d), "a yes for the other token");
    assert!(matches!(g.authorize_resume(&request, now(), d, true), AuthorizeStep::Stale), "not for this one");
}

#[test]
fn a_check_from_before_a_key_swap_is_stale() {
    let mut g = guard();
    let auth = bearer("es256-valid");
    let request = RequestParts { method: "GET", url: "/bookings", authorization: Some(&auth), headers: &[], ..Default::default() };
    let AuthorizeStep::Deferred(d) = g.authorize_start(&request, now()) else { panic!() };
    let keys = g.keys().clone();
    g.set_keys(keys);
    assert!(matches!(g.authorize_resume(&request, now(), d, true), AuthorizeStep::Stale));
}

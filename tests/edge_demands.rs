//! `authorize` beyond the route table: scopes the call itself requires (an application's own
//! route, as `tollgate/hono` passes them) and CORS preflights with `corsPreflight`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use serde_json::{json, Value};
use tollgate::authorize::{Decision, RequestParts};
use tollgate::Guard;

mod common;

fn fixtures() -> Value {
    common::vectors("fixtures.json")
}

fn now() -> f64 {
    fixtures()["verifier"]["now"].as_f64().unwrap()
}

fn bearer(label: &str) -> String {
    let fx = fixtures();
    let t = fx["tokens"].as_array().unwrap().iter().find(|t| t["label"] == label).unwrap();
    format!("Bearer {}", t["token"].as_str().unwrap())
}

fn guard(edge: &Value) -> Guard {
    let fx = fixtures();
    let mut config = json!({ "keys": fx["jwks"], "issuer": fx["verifier"]["issuer"], "audience": fx["verifier"]["audience"], "realm": "bookings" });
    for (k, v) in edge.as_object().unwrap() {
        config[k] = v.clone();
    }
    common::guard(&config)
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

/// `hs256-valid` grants bookings:read and bookings:write; `hs256-valid-second-key` only bookings:read.
fn ask(g: &Guard, method: &str, path: &str, auth: Option<&str>, all: &[&str], any: &[&str], headers: &[(String, String)]) -> Decision {
    let (scopes, any_scopes) = (strings(all), strings(any));
    g.authorize(&RequestParts { method, url: path, authorization: auth, headers, scopes: &scopes, any_scopes: &any_scopes }, now())
}

#[test]
fn call_scopes_without_routes_answer_403_with_the_scope_challenge() {
    let g = guard(&json!({}));
    let read_only = bearer("hs256-valid-second-key");
    assert!(ask(&g, "GET", "/x", Some(&read_only), &["bookings:read"], &[], &[]).is_ok());
    let d = ask(&g, "POST", "/x", Some(&read_only), &["bookings:write"], &[], &[]);
    assert_eq!((d.status, d.error.as_ref().map(tollgate::Error::code)), (403, Some("insufficient_scope")));
    assert_eq!(
        d.challenge.as_deref(),
        Some("Bearer realm=\"bookings\", error=\"insufficient_scope\", error_description=\"token lacks a required scope (requires: bookings:write)\", scope=\"bookings:write\"")
    );
    // anyScopes: one of them is enough; none held names them all.
    assert!(ask(&g, "GET", "/x", Some(&read_only), &[], &["admin", "bookings:read"], &[]).is_ok());
    let d = ask(&g, "GET", "/x", Some(&read_only), &["bookings:read"], &["admin", "support"], &[]);
    assert!(d.challenge.unwrap().ends_with("scope=\"bookings:read admin support\""));
    // Still 401 without credentials or with a bad token: scopes come after authentication.
    assert_eq!(ask(&g, "GET", "/x", None, &["bookings:read"], &[], &[]).status, 401);
    assert_eq!(ask(&g, "GET", "/x", Some(&bearer("expired")), &["bookings:read"], &[], &[]).status, 401);
}

#[test]
fn call_scopes_add_to_the_route_and_override_public() {
    let g = guard(&json!({ "routes": [
        { "method": "GET", "path": "/bookings", "scopes": ["bookings:read"] },
        { "path": "/open", "public": true },
    ] }));
    let read_only = bearer("hs256-valid-second-key");
    let both = bearer("hs256-valid");
    // Route satisfied, call not: 403 naming both rules' scopes.
    let d = ask(&g, "GET", "/bookings", Some(&read_only), &["bookings:write"], &[], &[]);
    assert_eq!(d.status, 403);
    assert!(d.challenge.unwrap().ends_with("scope=\"bookings:read bookings:write\""));
    assert!(ask(&g, "GET", "/bookings", Some(&both), &["bookings:write"], &[], &[]).is_ok());
    // A public route stays public for a call without demands, but a call that requires scopes
    // is never answered without credentials (no silent skip of the application's rule).
    assert!(ask(&g, "GET", "/open", None, &[], &[], &[]).is_ok());
    assert_eq!(ask(&g, "GET", "/open", None, &["bookings:write"], &[], &[]).status, 401);
    assert!(ask(&g, "GET", "/open", Some(&both), &["bookings:write"], &[], &[]).is_ok());
    // Unknown paths are still 404.
    assert_eq!(ask(&g, "GET", "/nope", Some(&both), &["bookings:read"], &[], &[]).status, 404);
}

#[test]
fn cors_preflight_passes_only_when_on_and_a_route_matches_the_asked_method() {
    let routes = json!([
        { "method": "GET", "path": "/bookings/:id", "scopes": ["bookings:read"] },
        { "method": "DELETE", "path": "/bookings/:id", "scopes": ["bookings:write"] },
    ]);
    let asks = |method: &str| vec![("Access-Control-Request-Method".to_owned(), method.to_owned())];
    let off = guard(&json!({ "routes": routes }));
    assert_eq!(ask(&off, "OPTIONS", "/bookings/1", None, &[], &[], &asks("GET")).status, 404, "off by default");
    assert_eq!(off.edge().request_headers(), Vec::<&str>::new());

    let on = guard(&json!({ "routes": routes, "corsPreflight": true }));
    assert_eq!(on.edge().request_headers(), vec!["access-control-request-method"]);
    for method in ["GET", "DELETE", "HEAD"] {
        let d = ask(&on, "OPTIONS", "/bookings/1", None, &[], &[], &asks(method));
        assert!(d.is_ok() && d.preflight, "{method}");
        assert!(d.principal.is_none() && d.forward_headers.is_empty(), "no identity for a preflight");
        assert_eq!(d.route.as_ref().unwrap().params, vec![("id".to_owned(), "1".to_owned())]);
    }
    // No route for the asked method or path, no or a malformed header, another method: as before.
    assert_eq!(ask(&on, "OPTIONS", "/bookings/1", None, &[], &[], &asks("PUT")).status, 404);
    assert_eq!(ask(&on, "OPTIONS", "/elsewhere", None, &[], &[], &asks("GET")).status, 404);
    assert_eq!(ask(&on, "OPTIONS", "/bookings/1", None, &[], &[], &[]).status, 404);
    assert_eq!(ask(&on, "OPTIONS", "/bookings/1", None, &[], &[], &asks("GE T")).status, 404);
    assert_eq!(ask(&on, "OPTIONS", "/bookings/1", None, &[], &[], &asks("")).status, 404);
    assert_eq!(ask(&on, "GET", "/bookings/1", None, &[], &[], &asks("GET")).status, 401, "only OPTIONS is a preflight");
    assert_eq!(ask(&on, "OPTIONS", "/bookings/../admin", None, &[], &[], &asks("GET")).status, 400, "paths are still checked");
    // Without routes every path is guarded, so every preflight passes.
    let no_routes = guard(&json!({ "corsPreflight": true }));
    assert!(ask(&no_routes, "OPTIONS", "/anything", None, &[], &[], &asks("POST")).preflight);
    // The decision's JSON says so.
    let d = ask(&on, "OPTIONS", "/bookings/1", None, &[], &[], &asks("GET"));
    let v: Value = serde_json::from_str(&tollgate::authorize::decision_json(&d)).unwrap();
    assert_eq!((v["ok"].clone(), v["preflight"].clone()), (json!(true), json!(true)));
    let v: Value = serde_json::from_str(&tollgate::authorize::decision_json(&ask(&on, "GET", "/bookings/1", Some(&bearer("hs256-valid")), &[], &[], &[]))).unwrap();
    assert_eq!(v.get("preflight"), None);
}

#[test]
fn cors_preflight_config_must_be_a_boolean() {
    let fx = fixtures();
    let err = Guard::from_config_json(&json!({ "keys": fx["jwks"], "corsPreflight": "yes" }).to_string()).unwrap_err();
    assert!(err.to_string().starts_with("corsPreflight: "), "{err}");
}

//! The edge: a request allowed under one route must not be served as another,
//! and the upstream must not receive an identity header the client forged
//! (issue 14: each attack confirmed end to end against the built package).

use crate::hostile::*;
use serde_json::{json, Value};
use tollgate::authorize::{Decision, RequestParts};
use tollgate::Guard;

fn edge_guard(routes: Value) -> Guard {
    guard_with(json!({ "routes": routes, "forwardClaims": { "companyId": "X-Company-Id" } }))
}

fn ask(g: &Guard, method: &str, url: &str, token: &str, headers: &[(&str, &str)]) -> Decision {
    let auth = format!("Bearer {token}");
    let headers: Vec<(String, String)> = headers.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect();
    g.authorize(&RequestParts { method, url, authorization: Some(&auth), headers: &headers, ..Default::default() }, NOW)
}

fn protected_with(fallback: Value) -> Guard {
    edge_guard(json!([
        { "method": "GET", "path": "/", "public": true },
        { "method": "GET", "path": "/bookings/:id", "scopes": ["bookings:read"] },
        { "method": "DELETE", "path": "/bookings/:id", "scopes": ["bookings:write"] },
        fallback,
    ]))
}

/// Attack 1: `/%62ookings/1`, `/BOOKINGS/1`, `/bookings/1/`, `/bookings;x/1`
/// skipped `/bookings/:id` and were allowed by a broader `/*` (Hono decodes
/// `%62`, Express folds case and trailing slashes, Tomcat/Jetty/Spring drop
/// `;` parameters and read `..;` as `..`, some servers decode `%252e` twice).
#[test]
fn path_spellings_do_not_fall_to_a_broader_route() {
    let low = mint(HS1, json!({ "scope": "profile:read" }));
    for fallback in [json!({ "path": "/*", "public": true }), json!({ "path": "/*" })] {
        let g = protected_with(fallback.clone());
        for method in ["GET", "DELETE", "delete", "Delete"] {
            for url in [
                "/%62ookings/1", "/BOOKINGS/1", "/bookings/1/", "/Bookings/1/", "/bookings;x/1", "/bookings/1;x",
                "/b%6Fokings/%31", "/x/%2e%2E/bookings/1", "/x/..;/bookings/1", "/x/%252e%252e/bookings/1",
                "/x/%c0%ae%c0%ae/bookings/1", "/x/..%2fbookings/1", "http://edge/x\\..\\bookings\\1",
            ] {
                let d = ask(&g, method, url, &low, &[]);
                let code = d.error.as_ref().map(tollgate::Error::code);
                assert!(matches!(code, Some("insufficient_scope" | "invalid_request")), "{fallback} {method} {url}: {code:?} {:?}", d.route);
            }
        }
    }
}

/// Attack 1, the other half: what is allowed goes upstream as the canonical
/// target that was matched, with the canonical method.
#[test]
fn allowed_requests_carry_the_canonical_method_and_target() {
    let g = protected_with(json!({ "path": "/*" }));
    let read = mint(HS1, json!({}));
    let d = ask(&g, "get", "https://edge.example/%62ookings/%31?q=%7e%3d", &read, &[]);
    assert!(d.is_ok(), "{:?}", d.error);
    assert_eq!(d.route.as_ref().map(|r| r.pattern.as_str()), Some("/bookings/:id"));
    let (method, target) = d.request.as_ref().unwrap();
    assert_eq!((method.as_str(), target.as_str()), ("GET", "/bookings/1?q=~%3D"));
}

/// Found in review: Deno, Bun and a Node `Request` keep a raw `#…` of the
/// request line in `request.url`; the guard dropped it (`/bookings/7`) while a
/// router that does not stop at `#` (Hono before honojs/hono#4665) served
/// `POST /bookings/7#/cancel` as `/bookings/:id/cancel`. No request line
/// carries a fragment (RFC 9112 §3.2): a URL with one is refused.
#[test]
fn urls_with_a_fragment_are_refused() {
    let g = edge_guard(json!([
        { "method": "POST", "path": "/bookings/:id/cancel", "scopes": ["bookings:admin"] },
        { "path": "/bookings/*", "scopes": ["bookings:read"] },
    ]));
    let read = mint(HS1, json!({ "scope": "bookings:read" }));
    for url in ["/bookings/7#/cancel", "https://edge.example/bookings/7#/cancel", "/bookings/7?x=1#/cancel", "/bookings/7#"] {
        let d = ask(&g, "POST", url, &read, &[]);
        assert_eq!(d.error.as_ref().map(tollgate::Error::code), Some("invalid_request"), "{url}");
    }
    assert!(ask(&g, "POST", "/bookings/7", &read, &[]).is_ok());
}

/// Attack 2: a `\` in a plain `{ url }` was matched as `/` and re-parsed by
/// WHATWG URL into `/bookings/1` for the upstream.
#[test]
fn backslash_urls_are_refused() {
    let g = protected_with(json!({ "method": "GET", "path": "/static/*", "public": true }));
    for url in ["http://edge.example\\bookings\\1", "http://edge.example/\\bookings/1", "/static/..\\bookings/1", "/static\\..\\bookings\\1"] {
        let d = ask(&g, "GET", url, "", &[]);
        assert_eq!(d.error.as_ref().map(tollgate::Error::code), Some("invalid_request"), "{url}");
        assert!(d.request.is_none() || d.route.is_none(), "{url}");
    }
}

/// Attacks 3 and 4: identity headers stripped only in their dash spelling
/// (oauth2-proxy CVE-2025-64484: CGI/WSGI fold `X_Auth_Subject` onto
/// `HTTP_X_AUTH_SUBJECT`), and the account header forwarded on routes that
/// do not bind it. Every spelling is reserved on every route; a binding
/// route forwards the checked account itself.
#[test]
fn identity_and_account_headers_are_reserved_in_every_spelling() {
    let g = edge_guard(json!([
        { "method": "GET", "path": "/health", "public": true },
        { "method": "GET", "path": "/bookings", "scopes": ["bookings:read"], "accountHeader": "X-Account-Id", "accountClaim": "accounts" },
        { "method": "POST", "path": "/bookings", "scopes": ["bookings:write"] },
    ]));
    let edge = &g.edge();
    for name in ["X_Auth_Subject", "x-auth-scopes", "X-AUTH_KEY_ID", "X_Company_Id", "x-company-id", "X_Account_Id", "X-ACCOUNT-ID", "X-HTTP-Method-Override", "x_original_url"] {
        assert!(edge.is_reserved_header(name), "{name}");
    }
    assert!(!edge.is_reserved_header("x-request-id"));
    // Found in review: Apache httpd 2.2's CGI environment (`http2env`) turns every character
    // that is not a letter or digit into `_`, so `X.Auth.Subject` is `HTTP_X_AUTH_SUBJECT` there.
    for name in ["X.Auth.Subject", "X~Auth~Subject", "x+company+id", "X.Account.Id", "X-HTTP-Method.Override", "x'original'url"] {
        assert!(edge.is_reserved_header(name), "{name}");
    }
    assert!(!edge.is_reserved_header("x.request.id"));
    let platform = mint(HS1, json!({ "scope": "bookings:read bookings:write", "accounts": ["acc-1"] }));
    let post = ask(&g, "POST", "/bookings", &platform, &[("x-account-id", "victim")]);
    assert!(post.is_ok());
    assert!(!post.forward_headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("x-account-id")), "not bound here: not forwarded");
    let bound = ask(&g, "GET", "/bookings", &platform, &[("x-account-id", "acc-1")]);
    assert!(bound.forward_headers.contains(&("X-Account-Id".to_owned(), "acc-1".to_owned())), "{:?}", bound.forward_headers);
    let victim = ask(&g, "GET", "/bookings", &platform, &[("x-account-id", "victim")]);
    assert_eq!(victim.error.as_ref().map(tollgate::Error::code), Some("account_forbidden"));
}

/// An account header cannot double as a `forwardClaims` header.
#[test]
fn account_header_that_is_a_forwarded_claim_is_refused() {
    let config = json!({ "keys": jwks(), "forwardClaims": { "tenant": "X_Account_Id" },
        "routes": [{ "path": "/a", "accountHeader": "X-Account-Id", "accountClaim": "accounts" }] });
    let err = Guard::from_config_json(&config.to_string()).unwrap_err();
    assert_eq!(err.path, "routes[0].accountHeader", "{err}");
}

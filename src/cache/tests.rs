#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::float_cmp)]

use super::*;
use crate::claims::time::{next_down, next_up};
use crate::error::Error;
use crate::guard::Guard;
use crate::verifier::{Verified, VerifyOptions};
use crate::keys::hs256::Hs256Key;
use base64ct::{Base64UrlUnpadded, Encoding};

const SECRET: [u8; 32] = [7; 32];
const NOW: f64 = 1_767_225_600.0;

fn jwks(secret: &[u8]) -> String {
    format!(r#"{{"keys":[{{"kty":"oct","kid":"k1","alg":"HS256","k":"{}"}}]}}"#, Base64UrlUnpadded::encode_string(secret))
}

fn token(claims: &str) -> String {
    let input = format!(
        "{}.{}",
        Base64UrlUnpadded::encode_string(br#"{"alg":"HS256","kid":"k1"}"#),
        Base64UrlUnpadded::encode_string(claims.as_bytes())
    );
    let tag = Hs256Key::new(SECRET.to_vec()).unwrap().sign(input.as_bytes());
    format!("{input}.{}", Base64UrlUnpadded::encode_string(&tag))
}

fn guard(extra: &str) -> Guard {
    Guard::from_config_json(&format!(r#"{{"keys":{}{extra}}}"#, jwks(&SECRET))).unwrap()
}

fn verify(g: &Guard, t: &str, now: f64, scopes: &[&str]) -> Result<Verified, Error> {
    g.verify(t, &VerifyOptions { scopes, now })
}

/// Whether a cache holding `t` (stored at `stored`) would answer at `now` with `scopes`.
fn hit(g: &Guard, t: &str, stored: f64, now: f64, scopes: &[&str]) -> bool {
    let Ok(v) = verify(g, t, stored, &[]) else { return false };
    let Some(w) = g.cache_window(&v, stored) else { return false };
    w.from <= now && now < w.until && scopes.iter().all(|s| v.scopes.iter().any(|g| g == s))
}

/// Times around every boundary of a token's dates.
fn around(points: &[f64]) -> Vec<f64> {
    let mut out = Vec::new();
    for &p in points {
        for d in [-1.0, -1e-3, -1e-6, 0.0, 1e-6, 1e-3, 1.0] {
            out.push(p + d);
        }
        out.push(next_down(p));
        out.push(next_up(p));
    }
    out
}

#[test]
fn config_forms_and_errors() {
    assert_eq!(CacheConfig::from_json("false").unwrap(), None);
    assert_eq!(CacheConfig::from_json("null").unwrap(), None);
    assert_eq!(CacheConfig::from_json("true").unwrap(), Some(CacheConfig { max_entries: 1000, ttl: 300.0 }));
    let c = CacheConfig::from_json(r#"{"maxEntries":5,"ttl":60}"#).unwrap().unwrap();
    assert_eq!((c.max_entries, c.ttl), (5, 60.0));
    for (text, path) in [
        (r#"{"maxEntries":0}"#, "cache.maxEntries"),
        (r#"{"maxEntries":1.5}"#, "cache.maxEntries"),
        (r#"{"maxEntries":100001}"#, "cache.maxEntries"),
        (r#"{"ttl":0}"#, "cache.ttl"),
        (r#"{"ttl":"1"}"#, "cache.ttl"),
        (r#"{"size":1}"#, "cache.size"),
        ("7", "cache"),
    ] {
        assert_eq!(CacheConfig::from_json(text).unwrap_err().path, path, "{text}");
    }
}

#[test]
fn cache_config_is_read_with_the_rest_of_the_config() {
    assert_eq!(guard("").cache(), None);
    assert_eq!(guard(r#","cache":true"#).cache(), Some(CacheConfig { max_entries: 1000, ttl: 300.0 }));
    assert_eq!(guard(r#","cache":{"maxEntries":3,"ttl":60}"#).cache(), Some(CacheConfig { max_entries: 3, ttl: 60.0 }));
    let err = Guard::from_config_json(&format!(r#"{{"keys":{},"cache":{{"ttl":0}}}}"#, jwks(&SECRET))).unwrap_err();
    assert_eq!(err.path, "cache.ttl");
    assert!(guard("").cache_window(&verify(&guard(""), &token(r#"{"exp":1767229200}"#), NOW, &[]).unwrap(), NOW).is_none(), "off: no window");
}

#[test]
fn hit_answers_like_a_full_verification() {
    let t = token(r#"{"sub":"u1","exp":1767229200,"scope":"a b"}"#);
    let plain = guard("");
    let cached = guard(r#","cache":true"#);
    for (now, scopes) in [(NOW, &["a"][..]), (NOW + 10.0, &["b"]), (NOW, &["c"]), (NOW + 3600.0, &[]), (NOW + 9e9, &["a"])] {
        if hit(&cached, &t, NOW, now, scopes) {
            assert!(verify(&plain, &t, now, scopes).is_ok(), "{now} {scopes:?}");
        }
    }
    assert!(hit(&cached, &t, NOW, NOW + 10.0, &["b"]));
    assert!(!hit(&cached, &t, NOW, NOW, &["c"]), "a scope the token lacks is verified again");
    assert!(!hit(&cached, &t, NOW, NOW + 3600.0, &[]), "expired");
}

#[test]
fn the_window_is_exactly_where_the_time_rules_hold() {
    let policies = [
        "",
        r#","clockTolerance":30"#,
        r#","clockTolerance":300,"maxTokenAge":120"#,
        r#","maxTokenAge":40"#,
        r#","maxTokenAge":0.1,"clockTolerance":0.3"#,
    ];
    let tokens = [
        r#"{"exp":1767225700}"#,
        r#"{"exp":1767225700,"nbf":1767225590,"iat":1767225550}"#,
        r#"{"exp":1767225700.5,"nbf":1767225589.75,"iat":1767225549.25}"#,
        r#"{"exp":1767225600.1,"iat":1767225599.9}"#,
        r#"{"exp":17672257e2,"iat":1767225599.0000000000000000001}"#,
    ];
    let mut checked = 0;
    for policy in policies {
        let g = guard(&format!(r#"{policy},"cache":{{"ttl":86400}}"#));
        let plain = guard(policy);
        for claims in tokens {
            let t = token(claims);
            let Ok(v) = verify(&g, &t, NOW, &[]) else { continue };
            let w = g.cache_window(&v, NOW).unwrap();
            let d = v.dates;
            let tol = g.policy().clock_tolerance;
            let age = g.policy().max_token_age.unwrap_or(0.0);
            let points: Vec<f64> = [d.exp.map(|e| e + tol), d.nbf.map(|n| n - tol), d.iat.map(|i| i - tol), d.iat.map(|i| i + tol + age)]
                .into_iter()
                .flatten()
                .collect();
            for now in around(&points) {
                let inside = w.from <= now && now < w.until;
                assert_eq!(inside, verify(&plain, &t, now, &[]).is_ok(), "{claims} {policy} at {now}");
                checked += 1;
            }
        }
    }
    assert!(checked > 300, "{checked}");
}

#[test]
fn time_rules_hold_on_every_hit() {
    let t = token(r#"{"exp":1767229200,"nbf":1767225500,"iat":1767225500}"#);
    let g = guard(r#","cache":true"#);
    assert!(hit(&g, &t, NOW, NOW, &[]));
    assert!(!hit(&g, &t, NOW, 1_767_225_000.0, &[]), "not yet valid");
    assert_eq!(verify(&g, &t, 1_767_225_000.0, &[]), Err(Error::TokenNotYetValid));
    assert!(!hit(&g, &t, NOW, 1_767_229_200.0, &[]), "expired");
    assert_eq!(verify(&g, &t, 1_767_229_200.0, &[]), Err(Error::TokenExpired));
}

#[test]
fn only_accepted_tokens_have_a_window() {
    let g = guard(r#","cache":true"#);
    let bad = token(r#"{"exp":1}"#);
    assert_eq!(verify(&g, &bad, NOW, &[]), Err(Error::TokenExpired));
    assert!(!hit(&g, &bad, NOW, NOW, &[]));
    let mut forged = token(r#"{"exp":1767229200}"#);
    forged.pop();
    forged.push('A');
    assert!(verify(&g, &forged, NOW, &[]).is_err());
    assert!(!hit(&g, &forged, NOW, NOW, &[]));
    let t = token(r#"{"exp":1767229200,"scope":"a"}"#);
    assert!(matches!(verify(&g, &t, NOW, &["z"]), Err(Error::InsufficientScope(_))));
    assert!(hit(&g, &t, NOW, NOW, &["a"]), "a valid token lacking a scope is still a valid token");
}

#[test]
fn ttl_limits_the_window() {
    let g = guard(r#","cache":{"maxEntries":3,"ttl":60}"#);
    let t = token(r#"{"exp":1767229200}"#);
    assert!(hit(&g, &t, NOW, NOW + 59.0, &[]));
    assert!(!hit(&g, &t, NOW, NOW + 60.0, &[]), "ttl over");
    assert!(verify(&g, &t, NOW + 60.0, &[]).is_ok(), "still valid: verified again");
}

#[test]
fn dates_are_read_as_the_core_checks_them() {
    let g = guard("");
    let v = verify(&g, &token(r#"{"exp":1767229200.5,"nbf":1767225500,"iat":17672255e2}"#), NOW, &[]).unwrap();
    let d = v.dates;
    assert_eq!((d.exp, d.nbf, d.iat), (Some(1_767_229_200.5), Some(1_767_225_500.0), Some(1_767_225_500.0)));
    let v = verify(&g, &token(r#"{"exp":1767229200}"#), NOW, &[]).unwrap();
    let d = v.dates;
    assert_eq!((d.exp, d.nbf, d.iat), (Some(1_767_229_200.0), None, None));
}

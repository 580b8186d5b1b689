#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use super::*;
use crate::guard::{Guard, VerifyOptions};
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

fn guard(config: &str) -> Guard {
    let mut g = Guard::from_config_json(&format!(r#"{{"keys":{}}}"#, jwks(&SECRET))).unwrap();
    g.set_cache(CacheConfig::from_json(config).unwrap());
    g
}

fn verify(g: &Guard, t: &str, now: f64, scopes: &[&str]) -> Result<Verified, Error> {
    g.verify(t, &VerifyOptions { scopes, now })
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
fn hit_answers_like_a_full_verification() {
    let t = token(r#"{"sub":"u1","exp":1767229200,"scope":"a b"}"#);
    let plain = guard("false");
    let cached = guard("true");
    let first = verify(&cached, &t, NOW, &["a"]);
    assert_eq!(cached.cache().unwrap().len(), 1);
    for (now, scopes) in [(NOW, &["a"][..]), (NOW + 10.0, &["b"]), (NOW, &["c"]), (NOW + 3600.0, &[]), (NOW + 9e9, &["a"])] {
        assert_eq!(verify(&cached, &t, now, scopes), verify(&plain, &t, now, scopes), "{now} {scopes:?}");
    }
    assert_eq!(first, verify(&plain, &t, NOW, &["a"]));
}

#[test]
fn time_rules_run_on_every_hit() {
    let t = token(r#"{"exp":1767229200,"nbf":1767225500,"iat":1767225500}"#);
    let g = guard("true");
    assert!(verify(&g, &t, NOW, &[]).is_ok());
    assert_eq!(verify(&g, &t, 1_767_225_000.0, &[]), Err(Error::TokenNotYetValid));
    assert!(verify(&g, &t, NOW, &[]).is_ok(), "not-yet-valid keeps the entry");
    assert_eq!(verify(&g, &t, 1_767_229_200.0, &[]), Err(Error::TokenExpired));
    assert!(g.cache().unwrap().is_empty(), "an expired token leaves the cache");
}

#[test]
fn only_successes_are_stored_and_scope_failures_count() {
    let g = guard("true");
    let bad = token(r#"{"exp":1}"#);
    assert_eq!(verify(&g, &bad, NOW, &[]), Err(Error::TokenExpired));
    let mut forged = token(r#"{"exp":1767229200}"#);
    forged.pop();
    forged.push('A');
    assert!(verify(&g, &forged, NOW, &[]).is_err());
    assert!(g.cache().unwrap().is_empty());
    let t = token(r#"{"exp":1767229200,"scope":"a"}"#);
    assert!(matches!(verify(&g, &t, NOW, &["z"]), Err(Error::InsufficientScope(_))));
    assert_eq!(g.cache().unwrap().len(), 1, "a valid token lacking a scope is still a valid token");
    assert!(verify(&g, &t, NOW, &["a"]).is_ok());
}

#[test]
fn key_swap_clears_and_changes_the_key() {
    let t = token(r#"{"exp":1767229200}"#);
    let mut g = guard("true");
    assert!(verify(&g, &t, NOW, &[]).is_ok());
    let before = CacheKey::new(g.keys_version(), &t);
    g.set_keys_json(&jwks(&[9; 32])).unwrap();
    assert!(g.cache().unwrap().is_empty());
    assert_ne!(before, CacheKey::new(g.keys_version(), &t));
    assert_eq!(verify(&g, &t, NOW, &[]), Err(Error::SignatureInvalid), "revoked key: no stale hit");
}

#[test]
fn bounded_and_ttl_limited() {
    let g = guard(r#"{"maxEntries":3,"ttl":60}"#);
    let tokens: Vec<String> = (0..5).map(|i| token(&format!(r#"{{"exp":1767229200,"jti":"{i}"}}"#))).collect();
    for t in &tokens {
        assert!(verify(&g, t, NOW, &[]).is_ok());
        assert!(g.cache().unwrap().len() <= 3);
    }
    let key = |t: &str| CacheKey::new(g.keys_version(), t);
    let cache = g.cache().unwrap();
    assert!(cache.lookup(&key(&tokens[0]), g.policy(), NOW, &[]).is_none(), "oldest evicted");
    assert!(cache.lookup(&key(&tokens[4]), g.policy(), NOW, &[]).is_some());
    assert!(cache.lookup(&key(&tokens[4]), g.policy(), NOW + 60.0, &[]).is_none(), "ttl over");
}

#[test]
fn the_whole_token_is_the_key() {
    let t = token(r#"{"exp":1767229200}"#);
    let g = guard("true");
    assert!(verify(&g, &t, NOW, &[]).is_ok());
    let key = |t: &str| CacheKey::new(g.keys_version(), t);
    assert!(g.cache().unwrap().lookup(&key(&t), g.policy(), NOW, &[]).is_some());
    let (head, _) = t.split_at(t.len() - 1);
    assert!(g.cache().unwrap().lookup(&key(head), g.policy(), NOW, &[]).is_none());
    assert!(g.cache().unwrap().lookup(&key(&format!("{t}x")), g.policy(), NOW, &[]).is_none());
}

#[test]
fn dates_of_reads_what_the_core_checks() {
    let g = guard("false");
    let t = token(r#"{"exp":1767229200.5,"nbf":1767225500,"iat":17672255e2}"#);
    let v = verify(&g, &t, NOW, &[]).unwrap();
    let d = dates_of(&v, g.policy()).unwrap();
    assert_eq!((d.exp, d.nbf, d.iat), (Some(1_767_229_200.5), Some(1_767_225_500.0), Some(1_767_225_500.0)));
    let v = verify(&g, &token(r#"{"exp":1767229200}"#), NOW, &[]).unwrap();
    let d = dates_of(&v, g.policy()).unwrap();
    assert_eq!((d.exp, d.nbf, d.iat), (Some(1_767_229_200.0), None, None));
}

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
use super::*;
use crate::apikeys::{ApiKeyTable, Environment, KeySources};
use crate::error::Error;
use serde_json::json;

const NOW: f64 = 1_767_225_600.0;

fn config(max_entries: usize) -> StoreConfig {
    StoreConfig { max_entries, ttl: 60.0, negative_ttl: 10.0 }
}

fn entry_json(id: &str, key: &str, extra: &Value) -> String {
    let mut entry = json!({ "id": id, "sha256": KeyDigest::of(key.as_bytes()).to_hex() });
    if let (Some(entry), Some(extra)) = (entry.as_object_mut(), extra.as_object()) {
        entry.extend(extra.clone());
    }
    entry.to_string()
}

fn digest(key: &str) -> KeyDigest {
    KeyDigest::of(key.as_bytes())
}

#[test]
fn config_defaults_limits_and_field_names() {
    let d = StoreConfig::from_value(&json!({})).unwrap();
    assert_eq!((d.max_entries, d.ttl, d.negative_ttl), (DEFAULT_MAX_ENTRIES, DEFAULT_TTL, DEFAULT_NEGATIVE_TTL));
    let c = StoreConfig::from_value(&json!({"maxEntries": 5, "ttl": 30, "negativeTtl": 2.5})).unwrap();
    assert_eq!((c.max_entries, c.ttl, c.negative_ttl), (5, 30.0, 2.5));
    for (bad, path) in [
        (json!({"maxEntries": 0}), "apiKeyStore.maxEntries"),
        (json!({"maxEntries": 1_000_001}), "apiKeyStore.maxEntries"),
        (json!({"ttl": 0}), "apiKeyStore.ttl"),
        (json!({"ttl": 3601}), "apiKeyStore.ttl"),
        (json!({"negativeTtl": "5"}), "apiKeyStore.negativeTtl"),
        (json!({"get": 1}), "apiKeyStore.get"),
        (json!(true), "apiKeyStore"),
    ] {
        assert_eq!(StoreConfig::from_value(&bad).unwrap_err().path, path, "{bad}");
    }
}

#[test]
fn unknown_then_found_until_ttl_then_unknown_again() {
    let store = StoredKeys::new(config(100));
    let d = digest("live_stored");
    assert!(matches!(store.get(&d, NOW), Stored::Unknown));
    store.put(d, Some(&entry_json("k1", "live_stored", &json!({"scopes": ["bookings:read"]}))), NOW).unwrap();
    let Stored::Found(key) = store.get(&d, NOW + 59.9) else { panic!("found") };
    assert_eq!((key.id.as_str(), key.scopes.as_slice()), ("k1", ["bookings:read".to_owned()].as_slice()));
    assert!(matches!(store.get(&d, NOW + 60.0), Stored::Unknown), "read again after ttl");
}

#[test]
fn missing_is_remembered_for_the_negative_ttl() {
    let store = StoredKeys::new(config(100));
    let d = digest("live_absent");
    store.put(d, None, NOW).unwrap();
    assert!(matches!(store.get(&d, NOW + 9.9), Stored::Missing));
    assert!(matches!(store.get(&d, NOW + 10.0), Stored::Unknown));
    store.put(d, Some(&entry_json("late", "live_absent", &json!({}))), NOW + 10.0).unwrap();
    assert!(matches!(store.get(&d, NOW + 10.0), Stored::Found(_)), "a later read replaces the negative entry");
}

#[test]
fn an_entry_is_trusted_only_under_its_own_digest() {
    let store = StoredKeys::new(config(100));
    let d = digest("live_victim");
    let err = store.put(d, Some(&entry_json("other", "live_attacker", &json!({}))), NOW).unwrap_err();
    assert_eq!(err.path, "sha256");
    assert!(matches!(store.get(&d, NOW), Stored::Missing));
    for bad in ["not json", "[]", r#"{"id":"x"}"#, r#"{"id":"x","sha256":"zz"}"#] {
        assert!(store.put(digest("live_bad"), Some(bad), NOW).is_err(), "{bad}");
    }
    let bad_field = entry_json("x", "live_bad2", &json!({"status": "paused"}));
    assert_eq!(store.put(digest("live_bad2"), Some(&bad_field), NOW).unwrap_err().path, "status");
    assert!(matches!(store.get(&digest("live_bad2"), NOW), Stored::Missing));
}

#[test]
fn bounded_found_keys_survive_a_flood_of_unknown_ones() {
    let store = StoredKeys::new(config(3));
    for i in 0..3 {
        store.put(digest(&format!("live_{i}")), Some(&entry_json(&format!("k{i}"), &format!("live_{i}"), &json!({}))), NOW).unwrap();
    }
    for i in 0..1000 {
        store.put(digest(&format!("flood_{i}")), None, NOW).unwrap();
    }
    assert_eq!(store.len(), (3, 3));
    for i in 0..3 {
        assert!(matches!(store.get(&digest(&format!("live_{i}")), NOW), Stored::Found(_)));
    }
    store.put(digest("live_3"), Some(&entry_json("k3", "live_3", &json!({}))), NOW).unwrap();
    assert!(matches!(store.get(&digest("live_0"), NOW), Stored::Unknown), "the oldest goes");
    assert!(matches!(store.get(&digest("live_3"), NOW), Stored::Found(_)), "the newest is kept");
    store.clear();
    assert_eq!(store.len(), (0, 0));
}

#[test]
fn sources_check_table_then_store_with_the_same_rules() {
    let table = ApiKeyTable::from_json(&format!("[{}]", entry_json("cfg", "live_cfg", &json!({})))).unwrap();
    let store = StoredKeys::new(config(100));
    let sources = KeySources { table: &table, store: Some(&store) };
    assert!(sources.accepts_keys());
    assert_eq!(sources.to_load("live_cfg", NOW), None, "the table answers");
    assert_eq!(sources.authenticate("live_cfg", NOW, None).unwrap().id, "cfg");
    assert_eq!(sources.to_load("live_kv", NOW), Some(digest("live_kv")));
    assert_eq!(sources.authenticate("live_kv", NOW, None).unwrap_err(), Error::ApiKeyInvalid, "not read yet: refused");
    let revoked = entry_json("kv", "live_kv", &json!({"status": "revoked"}));
    store.put(digest("live_kv"), Some(&revoked), NOW).unwrap();
    assert_eq!(sources.to_load("live_kv", NOW), None);
    assert_eq!(sources.authenticate("live_kv", NOW, None).unwrap_err(), Error::ApiKeyRevoked);
    let test_only = entry_json("kv", "live_kv", &json!({"environment": "test"}));
    store.put(digest("live_kv"), Some(&test_only), NOW).unwrap();
    assert_eq!(sources.authenticate("live_kv", NOW, None).unwrap_err(), Error::ApiKeyInvalid, "prefix and entry disagree");
    let with_secret = entry_json("kv", "live_kv", &json!({"secretSha256": digest("s3cret").to_hex()}));
    store.put(digest("live_kv"), Some(&with_secret), NOW).unwrap();
    assert_eq!(sources.authenticate_with_secret("live_kv", "s3cret", NOW, Some(Environment::Live)).unwrap().id, "kv");
    assert_eq!(sources.authenticate_with_secret("live_kv", "wrong", NOW, None).unwrap_err(), Error::ApiKeyInvalid);
    assert_eq!(sources.to_load("", NOW), None, "an empty key is refused unhashed");
    let none = KeySources { table: &ApiKeyTable::default(), store: None };
    assert!(!none.accepts_keys());
    assert_eq!(none.to_load("live_kv", NOW), None);
}

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
use super::*;
use sha2::{Digest, Sha256};

const NOW: f64 = 1_767_225_600.0;

fn hex_digest(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

fn entry(id: &str, key: &str) -> RawApiKey {
    RawApiKey { id: id.into(), sha256: hex_digest(key), ..RawApiKey::default() }
}

fn table(entries: Vec<RawApiKey>) -> ApiKeyTable {
    ApiKeyTable::compile(&entries).unwrap()
}

#[test]
fn finds_the_matching_key_among_several() {
    let t = table(vec![entry("k1", "live_one"), entry("k2", "live_two"), entry("k3", "live_three")]);
    for (key, id) in [("live_one", "k1"), ("live_two", "k2"), ("live_three", "k3")] {
        assert_eq!(t.authenticate(key, NOW, None).unwrap().id, id);
    }
    assert_eq!(t.authenticate("live_four", NOW, None).unwrap_err(), Error::ApiKeyInvalid);
    assert_eq!(t.authenticate("", NOW, None).unwrap_err(), Error::ApiKeyInvalid);
    assert_eq!(t.authenticate("live_on", NOW, None).unwrap_err(), Error::ApiKeyInvalid);
    assert_eq!(t.authenticate(&"x".repeat(MAX_PRESENTED_KEY_LEN + 1), NOW, None).unwrap_err(), Error::ApiKeyInvalid);
}

#[test]
fn empty_table_knows_no_key() {
    let t = ApiKeyTable::default();
    assert!(t.is_empty());
    assert_eq!(t.authenticate("live_one", NOW, None).unwrap_err(), Error::ApiKeyInvalid);
}

#[test]
fn base64url_and_upper_case_hex_digests() {
    let b64 = crate::base64url::encode(&Sha256::digest(b"test_b64"));
    let upper = hex_digest("test_upper").to_ascii_uppercase();
    let t = table(vec![
        RawApiKey { id: "b".into(), sha256: b64, ..RawApiKey::default() },
        RawApiKey { id: "u".into(), sha256: upper, ..RawApiKey::default() },
    ]);
    assert_eq!(t.authenticate("test_b64", NOW, None).unwrap().id, "b");
    assert_eq!(t.authenticate("test_upper", NOW, None).unwrap().id, "u");
}

#[test]
fn status_and_expiry() {
    let t = table(vec![
        RawApiKey { status: Some("suspended".into()), ..entry("s", "k-suspended") },
        RawApiKey { status: Some("revoked".into()), ..entry("r", "k-revoked") },
        RawApiKey { status: Some("active".into()), expires_at: Some(NOW), ..entry("e", "k-expiring") },
        RawApiKey { expires_at: Some(NOW + 1.0), ..entry("f", "k-future") },
    ]);
    assert_eq!(t.authenticate("k-suspended", NOW, None).unwrap_err(), Error::ApiKeyRevoked);
    assert_eq!(t.authenticate("k-revoked", NOW, None).unwrap_err(), Error::ApiKeyRevoked);
    assert_eq!(t.authenticate("k-expiring", NOW, None).unwrap_err(), Error::ApiKeyRevoked, "expiresAt <= now");
    assert_eq!(t.authenticate("k-expiring", NOW - 1.0, None).unwrap().id, "e");
    assert_eq!(t.authenticate("k-future", NOW, None).unwrap().id, "f");
    assert_eq!(t.authenticate("k-future", NOW + 1.0, None).unwrap_err(), Error::ApiKeyRevoked);
}

#[test]
fn rotation_old_and_new_then_old_revoked() {
    let old = entry("2025", "live_old_key_value");
    let new = entry("2026", "live_new_key_value");
    let both = table(vec![old.clone(), new.clone()]);
    assert_eq!(both.authenticate("live_old_key_value", NOW, None).unwrap().id, "2025");
    assert_eq!(both.authenticate("live_new_key_value", NOW, None).unwrap().id, "2026");
    let after = table(vec![RawApiKey { status: Some("revoked".into()), ..old }, new]);
    assert_eq!(after.authenticate("live_old_key_value", NOW, None).unwrap_err(), Error::ApiKeyRevoked);
    assert_eq!(after.authenticate("live_new_key_value", NOW, None).unwrap().id, "2026");
}

#[test]
fn environments_from_prefix_or_entry() {
    let t = table(vec![
        entry("live-by-prefix", "live_aaa"),
        entry("test-by-prefix", "test_bbb"),
        RawApiKey { environment: Some("live".into()), ..entry("live-by-entry", "sk_ccc") },
        RawApiKey { environment: Some("test".into()), ..entry("mismatch", "live_ddd") },
        entry("none", "plainkey"),
    ]);
    let live = Some(Environment::Live);
    let test = Some(Environment::Test);
    assert_eq!(t.authenticate("live_aaa", NOW, live).unwrap().id, "live-by-prefix");
    assert_eq!(t.authenticate("live_aaa", NOW, test).unwrap_err(), Error::ApiKeyInvalid);
    assert_eq!(t.authenticate("test_bbb", NOW, test).unwrap().id, "test-by-prefix");
    assert_eq!(t.authenticate("test_bbb", NOW, live).unwrap_err(), Error::ApiKeyInvalid);
    assert_eq!(t.authenticate("sk_ccc", NOW, live).unwrap().id, "live-by-entry");
    assert_eq!(t.authenticate("sk_ccc", NOW, test).unwrap_err(), Error::ApiKeyInvalid);
    assert_eq!(t.authenticate("live_ddd", NOW, None).unwrap_err(), Error::ApiKeyInvalid, "prefix and entry disagree");
    assert_eq!(t.authenticate("plainkey", NOW, None).unwrap().id, "none");
    assert_eq!(t.authenticate("plainkey", NOW, live).unwrap_err(), Error::ApiKeyInvalid);
}

#[test]
fn secret_exchange_checks_key_then_secret() {
    let with_secret = RawApiKey { secret_sha256: Some(hex_digest("s3cret-value")), ..entry("x", "live_exchange") };
    let t = table(vec![with_secret.clone(), entry("nosecret", "live_plain")]);
    assert_eq!(t.authenticate_with_secret("live_exchange", "s3cret-value", NOW, None).unwrap().id, "x");
    assert_eq!(t.authenticate_with_secret("live_exchange", "s3cret-valuE", NOW, None).unwrap_err(), Error::ApiKeyInvalid);
    assert_eq!(t.authenticate_with_secret("live_exchange", "", NOW, None).unwrap_err(), Error::ApiKeyInvalid);
    assert_eq!(t.authenticate_with_secret("live_unknown", "s3cret-value", NOW, None).unwrap_err(), Error::ApiKeyInvalid);
    assert_eq!(t.authenticate_with_secret("live_plain", "", NOW, None).unwrap_err(), Error::ApiKeyInvalid);
    let revoked = table(vec![RawApiKey { status: Some("revoked".into()), ..with_secret }]);
    assert_eq!(revoked.authenticate_with_secret("live_exchange", "s3cret-value", NOW, None).unwrap_err(), Error::ApiKeyRevoked);
    assert!(t.keys()[0].has_secret() && !t.keys()[1].has_secret());
}

#[test]
fn subject_scopes_and_claims() {
    let mut claims = Map::new();
    claims.insert("companyId".into(), Value::from("c-42"));
    claims.insert("tier".into(), Value::from(3));
    claims.insert("accounts".into(), serde_json::json!(["acc-1", "acc-2"]));
    let t = table(vec![
        RawApiKey {
            scopes: Some(vec!["customers:read".into(), "bookings:read".into(), "events-register:read".into()]),
            subject: Some("partner-7".into()),
            claims: Some(claims.clone()),
            ..entry("k", "live_k")
        },
        entry("plain", "live_p"),
    ]);
    let k = t.authenticate("live_k", NOW, None).unwrap();
    assert_eq!(k.scopes, ["customers:read", "bookings:read", "events-register:read"]);
    assert_eq!(k.subject, "partner-7");
    assert_eq!(k.claims, claims);
    assert_eq!(t.authenticate("live_p", NOW, None).unwrap().subject, "plain", "subject defaults to id");
    let identity: Value = serde_json::from_str(k.claims_json()).unwrap();
    assert_eq!(identity, serde_json::json!({"sub":"partner-7","companyId":"c-42","tier":3,"accounts":["acc-1","acc-2"]}));
    assert_eq!(t.keys()[1].claims_json(), r#"{"sub":"plain"}"#);
}

fn compile_err(entries: Vec<RawApiKey>) -> ConfigError {
    ApiKeyTable::compile(&entries).unwrap_err()
}

#[test]
fn config_errors_name_the_field() {
    let ok = || entry("second", "live_a");
    let mut structured = Map::new();
    structured.insert("roles".into(), serde_json::json!([1]));
    let mut reserved = Map::new();
    reserved.insert("exp".into(), Value::from(1));
    let cases: Vec<(RawApiKey, &str, &str)> = vec![
        (RawApiKey { id: String::new(), ..ok() }, "apiKeys[1].id", "visible ASCII"),
        (RawApiKey { id: "a b".into(), ..ok() }, "apiKeys[1].id", "visible ASCII"),
        (RawApiKey { sha256: "abc".into(), ..ok() }, "apiKeys[1].sha256", "SHA-256"),
        (RawApiKey { sha256: "g".repeat(64), ..ok() }, "apiKeys[1].sha256", "SHA-256"),
        (RawApiKey { sha256: format!("{}=", "A".repeat(42)), ..ok() }, "apiKeys[1].sha256", "SHA-256"),
        (RawApiKey { sha256: "A".repeat(44), ..ok() }, "apiKeys[1].sha256", "SHA-256"),
        (RawApiKey { secret_sha256: Some("zz".into()), ..ok() }, "apiKeys[1].secretSha256", "SHA-256"),
        (RawApiKey { status: Some("disabled".into()), ..ok() }, "apiKeys[1].status", "revoked"),
        (RawApiKey { expires_at: Some(f64::NAN), ..ok() }, "apiKeys[1].expiresAt", "finite"),
        (RawApiKey { expires_at: Some(-1.0), ..ok() }, "apiKeys[1].expiresAt", "non-negative"),
        (RawApiKey { environment: Some("prod".into()), ..ok() }, "apiKeys[1].environment", "\"live\""),
        (RawApiKey { scopes: Some(vec!["a b".into()]), ..ok() }, "apiKeys[1].scopes[0]", "scope-token"),
        (RawApiKey { scopes: Some(vec!["a".into(), "a".into()]), ..ok() }, "apiKeys[1].scopes[1]", "repeats"),
        (RawApiKey { subject: Some(String::new()), ..ok() }, "apiKeys[1].subject", "empty"),
        (RawApiKey { claims: Some(structured), ..ok() }, "apiKeys[1].claims.roles", "array of strings"),
        (RawApiKey { claims: Some(reserved), ..ok() }, "apiKeys[1].claims.exp", "registered"),
    ];
    for (bad, path, needle) in cases {
        let err = compile_err(vec![entry("first", "live_first"), bad]);
        assert_eq!(err.path, path, "{err}");
        assert!(err.message.contains(needle), "{err}");
    }
}

#[test]
fn repeated_ids_and_digests_are_refused() {
    let err = compile_err(vec![entry("a", "live_1"), entry("a", "live_2")]);
    assert_eq!((err.path.as_str(), err.message.contains("repeats")), ("apiKeys[1].id", true));
    let err = compile_err(vec![entry("a", "live_1"), entry("b", "live_1")]);
    assert_eq!(err.path, "apiKeys[1].sha256");
}

#[test]
fn large_tables_have_no_cap_and_find_every_key() {
    let n = 20_000;
    let raw: Vec<RawApiKey> = (0..n).map(|i| entry(&format!("k{i}"), &format!("live_key_{i}"))).collect();
    let t = table(raw);
    assert_eq!(t.len(), n);
    for i in [0, 1, n / 2, n - 1] {
        assert_eq!(t.authenticate(&format!("live_key_{i}"), NOW, None).unwrap().id, format!("k{i}"));
    }
    assert_eq!(t.authenticate(&format!("live_key_{n}"), NOW, None).unwrap_err(), Error::ApiKeyInvalid);
    let mut repeated: Vec<RawApiKey> = (0..n).map(|i| entry(&format!("k{i}"), &format!("live_key_{i}"))).collect();
    repeated.push(entry("late", "live_key_17"));
    assert_eq!(compile_err(repeated).path, format!("apiKeys[{n}].sha256"));
}

#[test]
fn config_errors_and_debug_never_show_digests() {
    let t = table(vec![entry("visible-id", "live_hidden")]);
    let debug = format!("{t:?}");
    assert!(debug.contains("visible-id") && !debug.contains(&hex_digest("live_hidden")[..16]), "{debug}");
    let bad = RawApiKey { sha256: format!("{}zz", &hex_digest("live_x")[..62]), ..entry("x", "live_x") };
    let err = compile_err(vec![bad]).to_string();
    assert!(!err.contains(&hex_digest("live_x")[..16]), "{err}");
}

#[test]
fn raw_entries_deserialize_from_camel_case_json() {
    let json = format!(
        r#"[{{"id":"k","sha256":"{}","scopes":["profile:write"],"status":"active","expiresAt":{},"environment":"live","secretSha256":"{}","subject":"s","claims":{{"companyId":"c"}}}}]"#,
        hex_digest("live_json"),
        NOW + 60.0,
        hex_digest("sec")
    );
    let t = ApiKeyTable::from_json(&json).unwrap();
    let k = t.authenticate_with_secret("live_json", "sec", NOW, Some(Environment::Live)).unwrap();
    assert_eq!((k.id.as_str(), k.subject.as_str()), ("k", "s"));
    let unknown = ApiKeyTable::from_json(r#"[{"id":"k","sha256":"x","key":"plain"}]"#).unwrap_err();
    assert_eq!(unknown.to_string(), "apiKeys[0].key: unknown config field");
    let wrong_type = ApiKeyTable::from_json(r#"[{"id":"k","sha256":"x","scopes":["a",7]}]"#).unwrap_err();
    assert_eq!(wrong_type.path, "apiKeys[0].scopes[1]");
    assert_eq!(ApiKeyTable::from_json(r#"[{"sha256":"x"}]"#).unwrap_err().path, "apiKeys[0].id");
    assert_eq!(ApiKeyTable::from_json(r#"{"id":"k"}"#).unwrap_err().path, "apiKeys");
    assert_eq!(ApiKeyTable::from_json(r#"["k"]"#).unwrap_err().path, "apiKeys[0]");
}

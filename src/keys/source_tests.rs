#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
use super::*;
use serde_json::json;

const T: f64 = 1_767_225_600.0;

fn state(refresh: f64, cooldown: f64, max: Option<f64>) -> KeySourceState {
    KeySourceState::new(KeySourcePolicy { refresh_interval: refresh, cooldown, max_staleness: max })
}

#[test]
fn config_defaults_and_field_names() {
    let d = KeySourcePolicy::from_value(&json!({})).unwrap();
    assert_eq!((d.refresh_interval, d.cooldown, d.max_staleness), (300.0, 30.0, None));
    let short = KeySourcePolicy::from_value(&json!({"refreshInterval": 10})).unwrap();
    assert_eq!(short.cooldown, 10.0, "the default cooldown never exceeds the interval");
    for (bad, path) in [
        (json!({"refreshInterval": 0}), "keySource.refreshInterval"),
        (json!({"cooldown": -1}), "keySource.cooldown"),
        (json!({"maxStaleness": "1h"}), "keySource.maxStaleness"),
        (json!({"refreshInterval": 60, "cooldown": 61}), "keySource.cooldown"),
        (json!({"refreshInterval": 60, "maxStaleness": 59}), "keySource.maxStaleness"),
        (json!({"load": 1}), "keySource.load"),
        (json!([]), "keySource"),
    ] {
        assert_eq!(KeySourcePolicy::from_value(&bad).unwrap_err().path, path, "{bad}");
    }
}

#[test]
fn first_load_then_refresh_after_the_interval() {
    let mut s = state(60.0, 5.0, None);
    assert!(s.load_due(T, false), "nothing loaded yet");
    assert_eq!(s.check_current(T).unwrap_err().code(), "keys_unavailable");
    s.attempted(T);
    s.loaded(T, None);
    assert!(s.check_current(T).is_ok());
    assert!(!s.load_due(T + 59.0, false));
    assert!(s.load_due(T + 60.0, false));
    assert_eq!(s.stale_at(), f64::INFINITY);
}

#[test]
fn unknown_kid_refreshes_early_at_most_once_per_cooldown() {
    let mut s = state(300.0, 30.0, None);
    s.attempted(T);
    s.loaded(T, None);
    assert!(!s.load_due(T + 29.0, true), "within the cooldown of the last attempt");
    assert!(s.load_due(T + 30.0, true));
    s.attempted(T + 30.0);
    assert!(!s.load_due(T + 59.0, true), "the storm waits for the next cooldown");
    assert!(!s.load_due(T + 100.0, false), "no early refresh without an unknown kid");
}

#[test]
fn a_failing_source_is_retried_once_per_cooldown() {
    let mut s = state(60.0, 10.0, None);
    s.attempted(T);
    assert!(!s.load_due(T + 9.0, false), "the first load failed: wait the cooldown");
    assert!(s.load_due(T + 10.0, false));
    s.attempted(T + 10.0);
    s.loaded(T + 10.0, None);
    s.attempted(T + 70.0); // the refresh fails: the old set stays
    assert!(s.check_current(T + 70.0).is_ok());
    assert!(!s.load_due(T + 79.0, false));
    assert!(s.load_due(T + 80.0, false));
}

#[test]
fn max_age_shortens_the_interval_within_cooldown_and_interval() {
    let mut s = state(300.0, 30.0, None);
    s.loaded(T, Some(120.0));
    assert!(!s.load_due(T + 119.0, false) && s.load_due(T + 120.0, false));
    s.loaded(T, Some(5.0));
    assert!(!s.load_due(T + 29.0, false) && s.load_due(T + 30.0, false), "never below the cooldown");
    s.loaded(T, Some(86_400.0));
    assert!(s.load_due(T + 300.0, false), "never past the interval");
}

#[test]
fn past_max_staleness_the_set_is_not_used() {
    let mut s = state(60.0, 10.0, Some(600.0));
    s.loaded(T, None);
    assert_eq!(s.stale_at(), T + 600.0);
    assert!(s.check_current(T + 599.0).is_ok());
    let err = s.check_current(T + 600.0).unwrap_err();
    assert_eq!((err.code(), err.status()), ("keys_unavailable", 503));
    assert!(err.to_string().contains("maxStaleness"), "{err}");
    s.loaded(T + 700.0, None);
    assert!(s.check_current(T + 700.0).is_ok(), "a successful load makes it current again");
}

#[test]
fn a_set_from_config_is_used_until_the_first_load() {
    let mut s = state(60.0, 10.0, Some(600.0)).with_bootstrap_set();
    assert!(s.check_current(T).is_ok() && s.stale_at() == f64::INFINITY);
    assert!(s.load_due(T, false), "the first load is due at once");
    s.attempted(T);
    assert!(s.check_current(T + 10_000.0).is_ok(), "a source that is down leaves the config set in force");
    s.loaded(T + 10_000.0, None);
    assert!(s.check_current(T + 10_600.0).is_err(), "a loaded set goes stale");
}

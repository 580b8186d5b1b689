//! Helpers shared by the integration tests: the vectors in tests/vectors.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;
use std::path::Path;
use tollgate::{Guard, Verified, VerifyOptions};

/// A vectors file from tests/vectors, parsed.
pub fn vectors(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// A guard from a JSON config value.
pub fn guard(config: &Value) -> Guard {
    Guard::from_config_json(&config.to_string()).unwrap_or_else(|e| panic!("config refused: {e}"))
}

/// The guard the booking fixtures expect.
pub fn fixture_guard(fx: &Value) -> Guard {
    let v = &fx["verifier"];
    guard(&serde_json::json!({
        "keys": fx["jwks"], "issuer": v["issuer"], "audience": v["audience"],
        "clockTolerance": v["clockTolerance"], "requireKid": v["requireKid"], "requireExp": v["requireExp"],
    }))
}

/// Verifies with the given required scopes at `now`.
pub fn verify(guard: &Guard, token: &str, scopes: &[&str], now: f64) -> Result<Verified, tollgate::Error> {
    guard.verify(token, &VerifyOptions { scopes, now })
}

/// Decodes hex test data.
pub fn hex(s: &str) -> Vec<u8> {
    ::hex::decode(s).unwrap()
}

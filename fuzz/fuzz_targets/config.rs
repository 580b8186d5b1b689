//! Guard config and JWK Set parsing from any text. Must never panic; errors
//! must name a field and never echo an HS256 secret from the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tollgate::keys::jwk;
use tollgate::Guard;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = Guard::from_config_json(text);
    let _ = jwk::key_set_from_json(text);
    // The input as the value of every config field, around a valid key.
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(text) {
        for field in ["issuer", "audience", "algorithms", "clockTolerance", "maxTokenAge", "requiredClaims", "typ", "maxTokenSize", "keys"] {
            let mut cfg = serde_json::json!({ "keys": { "keys": [] } });
            cfg[field] = value.clone();
            let _ = Guard::from_config_json(&cfg.to_string());
        }
        let _ = jwk::key_set_from_value(&serde_json::json!({ "keys": [value] }));
    }
});

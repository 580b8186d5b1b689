//! A checked API key as JSON text for the JavaScript boundary
//! (`guard.checkApiKey(key, { secret })`):
//!
//! ```text
//! {"ok":true,"keyId":"k-2026","subject":"partner-7","scopes":[…],"environment":"live"|null,
//!  "claims":{"sub":"partner-7",…}}
//! {"ok":false,"error":{"code":"api_key_revoked","status":401,"message":"…"}}
//! ```

use serde::Serialize;

use super::{environment, ApiKey};
use crate::error::Error;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct KeyOut<'a> {
    ok: bool,
    key_id: &'a str,
    subject: &'a str,
    scopes: &'a [String],
    environment: Option<&'static str>,
}

/// The result of a key check, as one JSON object (layout in the module docs).
#[must_use]
pub fn checked_json(result: Result<&ApiKey, Error>, presented: &str) -> String {
    let key = match result {
        Ok(key) => key,
        Err(e) => return crate::outcome::error_json(&e),
    };
    let environment = environment::of_key(presented, key.environment).flatten().map(super::Environment::name);
    let head = KeyOut { ok: true, key_id: &key.id, subject: &key.subject, scopes: &key.scopes, environment };
    let mut out = serde_json::to_string(&head).unwrap_or_else(|_| "{}".to_owned());
    out.pop();
    out.push_str(",\"claims\":");
    out.push_str(key.claims_json());
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
    use super::super::{ApiKeyTable, RawApiKey};
    use super::*;
    use serde_json::{json, Value};
    use sha2::{Digest, Sha256};

    #[test]
    fn ok_and_error_shapes() {
        let raw = RawApiKey {
            id: "k-1".into(),
            sha256: hex::encode(Sha256::digest(b"test_abc")),
            scopes: Some(vec!["bookings:read".into()]),
            claims: Some(serde_json::from_value(json!({"companyId":"c-42"})).unwrap()),
            ..RawApiKey::default()
        };
        let table = ApiKeyTable::compile(&[raw]).unwrap();
        let ok: Value = serde_json::from_str(&checked_json(table.authenticate("test_abc", 0.0, None), "test_abc")).unwrap();
        assert_eq!(
            ok,
            json!({"ok":true,"keyId":"k-1","subject":"k-1","scopes":["bookings:read"],"environment":"test",
                   "claims":{"sub":"k-1","companyId":"c-42"}})
        );
        let err: Value = serde_json::from_str(&checked_json(table.authenticate("test_abd", 0.0, None), "test_abd")).unwrap();
        assert_eq!(err["ok"], false);
        assert_eq!(err["error"]["code"], "api_key_invalid");
        assert_eq!(err["error"]["status"], 401);
        assert!(!err.to_string().contains("test_abd"), "the key is never echoed");
    }
}

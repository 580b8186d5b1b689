//! Issuing HS256 tokens (RFC 7515 §7.1 compact serialization, RFC 7518 §3.2):
//! what an API does after exchanging an API key and secret for a token.
//!
//! The header is `{"alg":"HS256","kid":…,"typ":…}`; the claims are the
//! caller's JSON object (I-JSON: no duplicate names, RFC 7493) re-serialized
//! compactly, with `iat` and `exp` added when `expiresIn` is given. Only an
//! `oct` key bound to HS256 can sign; ES256 keys in a guard are public keys.

use serde_json::{Map, Value};

use crate::base64url;
use crate::error::ConfigError;
use crate::verifier::Verifier;
use crate::keys::hs256::Hs256Key;
use crate::keys::Key;

/// Longest lifetime `expiresIn` may give a token: one year, in seconds.
pub const MAX_EXPIRES_IN: f64 = 366.0 * 86_400.0;

/// How to sign: which key, the time, the lifetime and the header `typ`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SignOptions<'a> {
    /// `kid` of the HS256 key to sign with (also written to the header).
    pub kid: &'a str,
    /// The current time, Unix seconds (`iat`).
    pub now: f64,
    /// Lifetime in seconds: sets `iat` = ⌊now⌋ and `exp` = `iat` + this.
    pub expires_in: Option<f64>,
    /// Header `typ`; `None` writes `JWT`.
    pub typ: Option<&'a str>,
}

/// Signs `claims_json` (a JSON object) with `key` into a compact JWS.
///
/// # Errors
/// [`ConfigError`] at `claims` when the text is not one JSON object without
/// duplicate member names, at `claims.exp`/`claims.iat` when `expiresIn` is
/// given and the claims set them too, at `expiresIn` when it is not a
/// positive number of seconds up to [`MAX_EXPIRES_IN`], and at `typ` when it is empty.
pub fn sign_hs256(key: &Hs256Key, claims_json: &str, options: &SignOptions<'_>) -> Result<String, ConfigError> {
    let claims = claims_with_times(claims_json, options)?;
    let typ = match options.typ {
        Some(t) if t.trim().is_empty() => return Err(ConfigError::new("typ", "must not be empty")),
        Some(t) => t,
        None => "JWT",
    };
    let mut header = Map::new();
    header.insert("alg".into(), Value::from("HS256"));
    header.insert("kid".into(), Value::from(options.kid));
    header.insert("typ".into(), Value::from(typ));
    let signing_input = format!("{}.{}", encode_json(&Value::Object(header)), encode_json(&Value::Object(claims)));
    let tag = key.sign(signing_input.as_bytes());
    Ok(format!("{signing_input}.{}", base64url::encode(&tag)))
}

fn encode_json(value: &Value) -> String {
    // A serde_json value of strings, numbers and maps always serializes.
    base64url::encode(serde_json::to_string(value).unwrap_or_default().as_bytes())
}

/// The claims as a map, checked for duplicates, with `iat`/`exp` from `expiresIn`.
fn claims_with_times(claims_json: &str, options: &SignOptions<'_>) -> Result<Map<String, Value>, ConfigError> {
    let Ok(Value::Object(mut claims)) = crate::json::parse_value(claims_json.as_bytes()) else {
        return Err(ConfigError::new("claims", "must be one JSON object without duplicate member names"));
    };
    let Some(lifetime) = options.expires_in else { return Ok(claims) };
    if !(lifetime.is_finite() && lifetime > 0.0 && lifetime <= MAX_EXPIRES_IN) {
        return Err(ConfigError::new("expiresIn", "must be a positive number of seconds, at most one year"));
    }
    if !(options.now.is_finite() && options.now >= 0.0) {
        return Err(ConfigError::new("now", "must be a finite, non-negative number of Unix seconds"));
    }
    for name in ["iat", "exp"] {
        if claims.contains_key(name) {
            return Err(ConfigError::new(format!("claims.{name}"), "is set from expiresIn; give one or the other"));
        }
    }
    let iat = options.now.floor();
    claims.insert("iat".into(), json_number(iat));
    claims.insert("exp".into(), json_number((iat + lifetime).floor()));
    Ok(claims)
}

/// A whole number of seconds as a JSON integer.
#[allow(clippy::cast_possible_truncation)]
fn json_number(seconds: f64) -> Value {
    Value::from(seconds as i64)
}

impl Verifier {
    /// Issues an HS256 token with the key `options.kid` of this guard's key
    /// set. `typ` defaults to the policy's `typ`, else `JWT`; without
    /// `expiresIn` the claims must carry `exp` when the policy requires it, so
    /// every token the guard issues is one it would accept.
    ///
    /// # Errors
    /// [`ConfigError`] at `kid` when no key has that `kid`, it is not an
    /// HS256 key, or its JWK `key_ops` do not include `sign`, at `claims.exp` when `exp` is required and absent, and those
    /// of [`sign_hs256`].
    pub fn sign(&self, claims_json: &str, options: &SignOptions<'_>) -> Result<String, ConfigError> {
        let key = match self.keys().get(options.kid) {
            Some(Key::Hs256(key)) if !key.may_sign() => {
                return Err(ConfigError::new("kid", "names a key whose key_ops do not include \"sign\""))
            }
            Some(Key::Hs256(key)) => key,
            Some(Key::Es256(_)) => return Err(ConfigError::new("kid", "names an ES256 public key, which cannot sign")),
            None => return Err(ConfigError::new("kid", "no key in the key set has this kid")),
        };
        let typ = options.typ.or(self.policy().typ.as_deref());
        let token = sign_hs256(key, claims_json, &SignOptions { typ, ..*options })?;
        if options.expires_in.is_none() && self.policy().require_exp && !has_exp(claims_json) {
            return Err(ConfigError::new("claims.exp", "is required by this guard (or give expiresIn)"));
        }
        Ok(token)
    }
}

fn has_exp(claims_json: &str) -> bool {
    crate::json::parse_value(claims_json.as_bytes()).is_ok_and(|c| c.get("exp").is_some())
}

#[cfg(test)]
mod tests;

//! Reading a JWK Set (RFC 7517 §5) from config into verification keys.
//!
//! Every key must carry a `kid` and an `alg` that binds it to one algorithm:
//! `kty:"oct"` only with `alg:"HS256"`, `kty:"EC"`/`crv:"P-256"` only with
//! `alg:"ES256"` (RFC 8725 §3.1). A `use` other than `sig` or `key_ops`
//! without `verify` (RFC 7517 §4.2–4.3), other key types and curves, private
//! EC keys (`d`), short secrets and points off the curve are refused.

use super::{es256::Es256Key, hs256::Hs256Key, Key, KeySet};
use crate::base64url;
use crate::config::read::Object;
use crate::error::ConfigError;
use serde_json::Value;

/// Most keys one set may hold.
pub const MAX_KEYS: usize = 100;

/// The JWK members tollgate reads; any others (`n`, `e`, `x5c` …) are ignored.
struct RawJwk {
    kty: Option<String>,
    kid: Option<String>,
    alg: Option<String>,
    use_: Option<String>,
    key_ops: Option<Vec<String>>,
    k: Option<String>,
    crv: Option<String>,
    x: Option<String>,
    y: Option<String>,
    /// Whether a private key (`d`) was given.
    d: bool,
}

impl RawJwk {
    /// Reads one JWK (RFC 7517 §4); errors relative to the key (`kid`).
    fn from_value(value: &Value) -> Result<Self, ConfigError> {
        let o = Object::new(value, "a JWK object", None)?;
        Ok(Self {
            kty: o.string("kty")?,
            kid: o.string("kid")?,
            alg: o.string("alg")?,
            use_: o.string("use")?,
            key_ops: o.strings("key_ops")?,
            k: o.string("k")?,
            crv: o.string("crv")?,
            x: o.string("x")?,
            y: o.string("y")?,
            d: o.get("d").is_some(),
        })
    }
}

/// Parses a JWK Set given as a JSON value; errors name the field relative to
/// the set (`keys[1].k`).
///
/// # Errors
/// [`ConfigError`] naming the first offending field.
pub fn key_set_from_value(value: &Value) -> Result<KeySet, ConfigError> {
    let Some(Value::Array(items)) = value.get("keys") else {
        return Err(ConfigError::new("keys", "must be a JWK Set: an object { \"keys\": [ ... ] }"));
    };
    if items.len() > MAX_KEYS {
        return Err(ConfigError::new("keys", format!("at most {MAX_KEYS} keys are supported")));
    }
    let keys = crate::config::read::each("keys", items, RawJwk::from_value)?;
    let mut entries: Vec<(String, Key)> = Vec::with_capacity(keys.len());
    for (i, jwk) in keys.iter().enumerate() {
        let at = |field: &str| if field.is_empty() { format!("keys[{i}]") } else { format!("keys[{i}].{field}") };
        let (kid, key) = read_key(jwk).map_err(|(field, msg)| ConfigError::new(at(field), msg))?;
        if entries.iter().any(|(seen, _)| *seen == kid) {
            return Err(ConfigError::new(at("kid"), "duplicate kid"));
        }
        entries.push((kid, key));
    }
    Ok(KeySet::from_entries(entries))
}

/// Parses a JWK Set from JSON text.
///
/// # Errors
/// [`ConfigError`] for text that is not JSON or a set that is not valid.
pub fn key_set_from_json(text: &str) -> Result<KeySet, ConfigError> {
    key_set_from_value(&crate::config::read::parse(text, "keys")?)
}

type FieldError = (&'static str, String);

fn read_key(jwk: &RawJwk) -> Result<(String, Key), FieldError> {
    let kid = match jwk.kid.as_deref() {
        Some(kid) if !kid.is_empty() => kid.to_owned(),
        _ => return Err(("kid", "every key needs a non-empty kid".into())),
    };
    if jwk.use_.as_deref().is_some_and(|u| u != "sig") {
        return Err(("use", "key use must be \"sig\" to verify signatures".into()));
    }
    if jwk.key_ops.as_ref().is_some_and(|ops| !ops.iter().any(|op| op == "verify")) {
        return Err(("key_ops", "key_ops must include \"verify\"".into()));
    }
    let key = match jwk.kty.as_deref() {
        Some("oct") => oct_key(jwk)?,
        Some("EC") => ec_key(jwk)?,
        Some(other) => return Err(("kty", format!("unsupported key type \"{}\" (expected \"oct\" or \"EC\")", crate::config::read::shown(other, 20)))),
        None => return Err(("kty", "missing kty".into())),
    };
    Ok((kid, key))
}

fn oct_key(jwk: &RawJwk) -> Result<Key, FieldError> {
    expect_alg(jwk, "HS256", "an oct key must have alg \"HS256\"")?;
    let secret = jwk.k.as_deref().ok_or(("k", "missing k".to_owned()))?;
    let bytes = base64url::decode(secret).ok_or(("k", "k is not unpadded base64url".to_owned()))?;
    Hs256Key::new(bytes).map(Key::Hs256).map_err(|m| ("k", m.to_owned()))
}

fn ec_key(jwk: &RawJwk) -> Result<Key, FieldError> {
    if jwk.crv.as_deref() != Some("P-256") {
        return Err(("crv", "only the P-256 curve is supported".into()));
    }
    expect_alg(jwk, "ES256", "a P-256 key must have alg \"ES256\"")?;
    if jwk.d {
        return Err(("d", "private key material is not accepted; configure the public key".into()));
    }
    let coord = |v: &Option<String>, f: &'static str| {
        v.as_deref().and_then(base64url::decode).ok_or((f, format!("{f} must be unpadded base64url")))
    };
    let (x, y) = (coord(&jwk.x, "x")?, coord(&jwk.y, "y")?);
    Es256Key::from_coordinates(&x, &y).map(Key::Es256).map_err(|m| ("", m.to_owned()))
}

fn expect_alg(jwk: &RawJwk, alg: &str, msg: &str) -> Result<(), FieldError> {
    if jwk.alg.as_deref() == Some(alg) {
        Ok(())
    } else {
        Err(("alg", msg.to_owned()))
    }
}

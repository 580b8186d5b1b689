//! Reading a JWK Set (RFC 7517 §5) from config into verification keys.
//!
//! Published key sets mix keys of every kind; tollgate verifies with two of
//! them, each bound to one algorithm (RFC 8725 §3.1): `kty:"oct"` with
//! `alg:"HS256"`, and `kty:"EC"`/`crv:"P-256"` with `alg:"ES256"` or no `alg`.
//! Every key is read in this order:
//!
//! 1. not an object, or no string `kty` → the set is refused (not a JWK);
//! 2. a key tollgate cannot verify with is **skipped**, with the member that
//!    says so: another `kty` (RSA, OKP …), another `crv` (P-384 …), `use`
//!    other than `sig`, `key_ops` without `verify` (RFC 7517 §4.2–4.3), an
//!    `alg` other than the key's one;
//! 3. a key of a kind tollgate verifies must be well formed, else the whole
//!    set is refused naming the field: registered members of the right type,
//!    a non-empty `kid` unique among the usable keys, an `oct` key with an
//!    explicit `alg` (a secret is never guessed to be an HS256 one), an HS256
//!    secret of 32–1024 bytes, no private EC key (`d`), canonical base64url,
//!    a point on P-256.
//!
//! A set without any usable key is refused, listing what was skipped.

use super::{es256::Es256Key, hs256::Hs256Key, Key, KeySet};
use crate::base64url;
use crate::read::{shown, Object};
use crate::error::ConfigError;
use serde_json::Value;
use std::fmt;

/// Most keys one set may hold, skipped ones included.
pub const MAX_KEYS: usize = 100;

/// A key of the set that tollgate does not verify with, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedKey {
    /// Its position in the set's `keys` array.
    pub index: usize,
    /// Its `kid`, when it has a string one (shown as visible ASCII, at most 64 characters).
    pub kid: Option<String>,
    /// The member that makes it unusable: `kty`, `crv`, `use`, `key_ops` or `alg`.
    pub field: &'static str,
    /// Why, lower-case, naming the value of that member (never key material).
    pub reason: String,
}

impl fmt::Display for SkippedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "keys[{}].{}: {}", self.index, self.field, self.reason)
    }
}

/// What one array element is.
enum Read {
    Usable(String, Box<Key>),
    Skipped(&'static str, String),
}

/// An error at a member of one key (`""`: the key itself).
type FieldError = (&'static str, String);

/// Parses a JWK Set given as a JSON value; errors name the field relative to
/// the set (`keys[1].k`). Keys tollgate cannot verify with are skipped and
/// listed in [`KeySet::skipped`].
///
/// # Errors
/// [`ConfigError`] naming the first offending field of a usable key, or at
/// `keys` when no key is usable.
pub fn key_set_from_value(value: &Value) -> Result<KeySet, ConfigError> {
    let Some(Value::Array(items)) = value.get("keys") else {
        return Err(ConfigError::new("keys", "must be a JWK Set: an object { \"keys\": [ ... ] }"));
    };
    if items.len() > MAX_KEYS {
        return Err(ConfigError::new("keys", format!("at most {MAX_KEYS} keys are supported")));
    }
    let mut entries: Vec<(String, Key)> = Vec::with_capacity(items.len());
    let mut skipped = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let at = |field: &str| if field.is_empty() { format!("keys[{index}]") } else { format!("keys[{index}].{field}") };
        match read_key(item).map_err(|(field, msg)| ConfigError::new(at(field), msg))? {
            Read::Usable(kid, _) if entries.iter().any(|(seen, _)| *seen == kid) => {
                return Err(ConfigError::new(at("kid"), "duplicate kid"));
            }
            Read::Usable(kid, key) => entries.push((kid, *key)),
            Read::Skipped(field, reason) => skipped.push(SkippedKey { index, kid: kid_of(item), field, reason }),
        }
    }
    if entries.is_empty() {
        return Err(no_usable_key(&skipped));
    }
    Ok(KeySet::from_entries(entries, skipped))
}

/// Parses a JWK Set from JSON text.
///
/// # Errors
/// [`ConfigError`] for text that is not JSON or a set that is not valid.
pub fn key_set_from_json(text: &str) -> Result<KeySet, ConfigError> {
    key_set_from_value(&crate::read::parse(text, "keys")?)
}

fn no_usable_key(skipped: &[SkippedKey]) -> ConfigError {
    if skipped.is_empty() {
        return ConfigError::new("keys", "the set holds no key");
    }
    let why: Vec<String> = skipped.iter().take(5).map(ToString::to_string).collect();
    let more = if skipped.len() > 5 { format!("; and {} more", skipped.len() - 5) } else { String::new() };
    ConfigError::new("keys", format!("no key tollgate can verify with (HS256 oct, ES256 P-256): {}{more}", why.join("; ")))
}

fn kid_of(item: &Value) -> Option<String> {
    item.get("kid").and_then(Value::as_str).map(|kid| shown(kid, 64))
}

/// Steps 1–3 of the module docs for one element of `keys`.
fn read_key(item: &Value) -> Result<Read, FieldError> {
    let o = Object::new(item, "a JWK object", None).map_err(|e| ("", e.message))?;
    let member = |name: &'static str| o.string(name).map_err(|e| (name, e.message));
    let kty = member("kty")?.ok_or(("kty", "missing kty".to_owned()))?;
    let alg_for = match kty.as_str() {
        "oct" => "HS256",
        "EC" => match member("crv")?.as_deref() {
            Some("P-256") => "ES256",
            Some(other) => return Ok(skip("crv", format!("curve \"{}\" is not supported (only P-256)", shown(other, 20)))),
            None => return Err(("crv", "missing crv".into())),
        },
        other => return Ok(skip("kty", format!("key type \"{}\" is not supported (only oct and EC)", shown(other, 20)))),
    };
    if let Some(use_) = member("use")?.filter(|u| u != "sig") {
        return Ok(skip("use", format!("use \"{}\" is not \"sig\"", shown(&use_, 20))));
    }
    let key_ops = o.strings("key_ops").map_err(|e| ("key_ops", e.message))?;
    if key_ops.as_ref().is_some_and(|ops| !ops.iter().any(|op| op == "verify")) {
        return Ok(skip("key_ops", "key_ops does not include \"verify\"".into()));
    }
    match member("alg")? {
        Some(alg) if alg != alg_for => return Ok(skip("alg", format!("alg \"{}\" is not supported for this key (only {alg_for})", shown(&alg, 20)))),
        None if alg_for == "HS256" => return Err(("alg", "an oct key must name its algorithm: alg \"HS256\"".into())),
        _ => {}
    }
    let kid = match member("kid")? {
        Some(kid) if !kid.is_empty() => kid,
        _ => return Err(("kid", "every key needs a non-empty kid".into())),
    };
    let key = if alg_for == "HS256" { oct_key(&o, key_ops.as_deref())? } else { ec_key(&o)? };
    Ok(Read::Usable(kid, Box::new(key)))
}

fn skip(field: &'static str, reason: String) -> Read {
    Read::Skipped(field, reason)
}

fn bytes(o: &Object<'_>, name: &'static str) -> Result<Vec<u8>, FieldError> {
    let text = o.string(name).map_err(|e| (name, e.message))?.ok_or((name, format!("missing {name}")))?;
    base64url::decode(&text).ok_or((name, format!("{name} is not unpadded base64url")))
}

/// An HS256 key; with `key_ops`, it signs only when they list `sign` (RFC 7517 §4.3).
fn oct_key(o: &Object<'_>, key_ops: Option<&[String]>) -> Result<Key, FieldError> {
    let key = Hs256Key::new(bytes(o, "k")?).map_err(|m| ("k", m.to_owned()))?;
    let may_sign = key_ops.map_or(true, |ops| ops.iter().any(|op| op == "sign"));
    Ok(Key::Hs256(if may_sign { key } else { key.verify_only() }))
}

fn ec_key(o: &Object<'_>) -> Result<Key, FieldError> {
    if o.get("d").is_some() {
        return Err(("d", "private key material is not accepted; configure the public key".into()));
    }
    let (x, y) = (bytes(o, "x")?, bytes(o, "y")?);
    Es256Key::from_coordinates(&x, &y).map(Key::Es256).map_err(|m| ("", m.to_owned()))
}

#[cfg(test)]
mod tests;

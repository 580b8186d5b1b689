//! The token layer's config: validated completely once and compiled into an
//! immutable [`Policy`] plus a [`KeySet`]; the request path never re-reads
//! config. Every error names the field (`clockTolerance`, `keys[1].k`). The
//! edge layer reads its own fields (`crate::edge_config`).

use crate::alg::{Algorithm, AlgorithmSet};
use crate::cache::CacheConfig;
use crate::header::normalize_typ;
use crate::error::ConfigError;
use crate::jws::DEFAULT_MAX_TOKEN_SIZE;
use crate::keys::source::KeySourcePolicy;
use crate::keys::{jwk, KeySet};
use crate::read::{self, Object};
use serde_json::Value;

/// Largest accepted `clockTolerance`, in seconds.
pub const MAX_CLOCK_TOLERANCE: f64 = 300.0;

/// The compiled token policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// Accepted `iss` values; empty means `iss` is not checked.
    pub issuers: Vec<String>,
    /// Accepted `aud` values; empty means `aud` is not checked.
    pub audiences: Vec<String>,
    /// Allowed algorithms.
    pub algorithms: AlgorithmSet,
    /// Leeway for `exp`, `nbf`, `iat`, in seconds (0–300).
    pub clock_tolerance: f64,
    /// Largest accepted `now − iat`, in seconds.
    pub max_token_age: Option<f64>,
    /// Claims that must be present.
    pub required_claims: Vec<String>,
    /// Whether a token without `kid` is refused.
    pub require_kid: bool,
    /// Whether a token without `exp` is refused.
    pub require_exp: bool,
    /// Required header `typ`, normalized.
    pub typ: Option<String>,
    /// Size limit for a token, in bytes.
    pub max_token_size: usize,
    /// The verified-token cache settings (`cache`), when it is on.
    pub cache: Option<CacheConfig>,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            issuers: Vec::new(),
            audiences: Vec::new(),
            algorithms: AlgorithmSet::ALL,
            clock_tolerance: 0.0,
            max_token_age: None,
            required_claims: Vec::new(),
            require_kid: true,
            require_exp: true,
            typ: None,
            max_token_size: DEFAULT_MAX_TOKEN_SIZE,
            cache: None,
        }
    }
}

/// The token layer's config members, in the order of DESIGN.md.
pub const TOKEN_FIELDS: &[&str] = &[
    "keys", "keySource", "issuer", "audience", "algorithms", "clockTolerance", "maxTokenAge", "requiredClaims",
    "requireKid", "requireExp", "typ", "maxTokenSize", "cache",
];

/// A validated config.
#[derive(Debug, Clone)]
pub struct Config {
    /// The token policy.
    pub policy: Policy,
    /// The verification keys.
    pub keys: KeySet,
    /// `keySource`: the key set is loaded from outside and kept current.
    pub key_source: Option<KeySourcePolicy>,
}

impl Config {
    /// Parses and validates config JSON holding only token-layer fields.
    ///
    /// # Errors
    /// [`ConfigError`] naming the first offending field.
    pub fn from_json(text: &str) -> Result<Self, ConfigError> {
        let value = read::parse(text, "")?;
        Object::new(&value, "a config object", Some(TOKEN_FIELDS))?;
        Self::from_value(&value)
    }

    /// Reads and validates the token-layer fields of a parsed config object
    /// (others are the caller's to check).
    ///
    /// # Errors
    /// [`ConfigError`] naming the first offending field.
    pub fn from_value(value: &Value) -> Result<Self, ConfigError> {
        let o = Object::new(value, "a config object", None)?;
        let key_source = o.get("keySource").map(KeySourcePolicy::from_value).transpose()?;
        // With a key source the set may come with the first load.
        let keys = match (o.get("keys"), key_source) {
            (Some(keys), _) => jwk::key_set_from_value(keys)?,
            (None, Some(_)) => KeySet::default(),
            (None, None) => return Err(ConfigError::new("keys", "keys is required (a JWK Set), unless keySource loads it")),
        };
        let policy = Policy {
            issuers: string_list(o.get("issuer"), "issuer")?,
            audiences: string_list(o.get("audience"), "audience")?,
            algorithms: algorithms(o.strings("algorithms")?.as_deref())?,
            clock_tolerance: clock_tolerance(o.number("clockTolerance")?)?,
            max_token_age: positive(o.number("maxTokenAge")?, "maxTokenAge")?,
            required_claims: required_claims(o.strings("requiredClaims")?.unwrap_or_default())?,
            require_kid: o.bool("requireKid")?.unwrap_or(true),
            require_exp: o.bool("requireExp")?.unwrap_or(true),
            typ: typ(o.string("typ")?)?,
            max_token_size: max_token_size(o.u32("maxTokenSize")?)?,
            cache: o.get("cache").map(CacheConfig::from_value).transpose()?.flatten(),
        };
        Ok(Self { policy, keys, key_source })
    }
}

fn string_list(value: Option<&Value>, field: &str) -> Result<Vec<String>, ConfigError> {
    let list = match value {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) if !items.is_empty() => items
            .iter()
            .enumerate()
            .map(|(i, v)| v.as_str().map(str::to_owned).ok_or_else(|| ConfigError::new(format!("{field}[{i}]"), "must be a string")))
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(ConfigError::new(field, "must be a string or a non-empty array of strings")),
    };
    match list.iter().position(String::is_empty) {
        Some(i) => Err(ConfigError::new(format!("{field}[{i}]"), "must not be empty")),
        None => Ok(list),
    }
}

fn algorithms(names: Option<&[String]>) -> Result<AlgorithmSet, ConfigError> {
    let Some(names) = names else { return Ok(AlgorithmSet::ALL) };
    let mut set = AlgorithmSet::NONE;
    for (i, name) in names.iter().enumerate() {
        let alg = Algorithm::from_name(name)
            .ok_or_else(|| ConfigError::new(format!("algorithms[{i}]"), "only \"HS256\" and \"ES256\" are supported"))?;
        set = set.with(alg);
    }
    if set.is_empty() {
        return Err(ConfigError::new("algorithms", "must name at least one algorithm"));
    }
    Ok(set)
}

fn clock_tolerance(value: Option<f64>) -> Result<f64, ConfigError> {
    match value {
        None => Ok(0.0),
        Some(t) if (0.0..=MAX_CLOCK_TOLERANCE).contains(&t) => Ok(t),
        Some(_) => Err(ConfigError::new("clockTolerance", "must be between 0 and 300 seconds")),
    }
}

fn positive(value: Option<f64>, field: &str) -> Result<Option<f64>, ConfigError> {
    match value {
        Some(v) if !(v.is_finite() && v > 0.0) => Err(ConfigError::new(field, "must be a positive number of seconds")),
        other => Ok(other),
    }
}

fn required_claims(names: Vec<String>) -> Result<Vec<String>, ConfigError> {
    match names.iter().position(String::is_empty) {
        Some(i) => Err(ConfigError::new(format!("requiredClaims[{i}]"), "must not be empty")),
        None => Ok(names),
    }
}

fn typ(value: Option<String>) -> Result<Option<String>, ConfigError> {
    match value {
        Some(t) if t.trim().is_empty() => Err(ConfigError::new("typ", "must not be empty")),
        other => Ok(other.map(|t| normalize_typ(&t))),
    }
}

fn max_token_size(value: Option<u32>) -> Result<usize, ConfigError> {
    match value {
        None => Ok(DEFAULT_MAX_TOKEN_SIZE),
        Some(n) if (256..=65_536).contains(&n) => Ok(n as usize),
        Some(_) => Err(ConfigError::new("maxTokenSize", "must be between 256 and 65536 bytes")),
    }
}

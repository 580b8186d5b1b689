//! Guard config: validated completely once and compiled into an immutable
//! [`Policy`] plus a [`KeySet`]; the request path never re-reads config. Every
//! error names the field (`clockTolerance`, `keys[1].k`).

use crate::alg::{Algorithm, AlgorithmSet};
use crate::apikeys::{ApiKeyTable, Environment, RawApiKey, StoreConfig, StoredKeys};
use crate::authorize::EdgePolicy;
use crate::cache::CacheConfig;
use crate::refusal::ResponsePolicy;
use crate::routes::RawRoute;
use std::collections::BTreeMap;
use crate::claims::identity::normalize_typ;
use crate::error::ConfigError;
use crate::jws::DEFAULT_MAX_TOKEN_SIZE;
use crate::keys::source::KeySourcePolicy;
use crate::keys::{jwk, KeySet};
use read::Object;
use serde_json::Value;

pub(crate) mod read;

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
    /// Routes, realm and forwarded claims, for `authorize`.
    pub edge: EdgePolicy,
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
            edge: EdgePolicy::default(),
        }
    }
}

/// The config as written (DESIGN.md "JavaScript API"), before validation.
#[derive(Debug)]
pub struct RawConfig {
    keys: Option<Value>,
    key_source: Option<Value>,
    issuer: Option<Value>,
    audience: Option<Value>,
    algorithms: Option<Vec<String>>,
    clock_tolerance: Option<f64>,
    max_token_age: Option<f64>,
    required_claims: Option<Vec<String>>,
    require_kid: Option<bool>,
    require_exp: Option<bool>,
    typ: Option<String>,
    max_token_size: Option<u32>,
    cache: Option<Value>,
    routes: Option<Vec<RawRoute>>,
    realm: Option<String>,
    forward_claims: Option<BTreeMap<String, String>>,
    api_keys: Option<Vec<RawApiKey>>,
    api_key_store: Option<Value>,
    environment: Option<String>,
    cors_preflight: Option<bool>,
    error_format: Option<String>,
    request_id_header: Option<String>,
}

/// The config members, in the order of DESIGN.md.
const FIELDS: &[&str] = &[
    "keys", "issuer", "audience", "algorithms", "clockTolerance", "maxTokenAge", "requiredClaims", "requireKid",
    "requireExp", "typ", "maxTokenSize", "cache", "routes", "realm", "forwardClaims", "apiKeys", "apiKeyStore", "environment",
    "corsPreflight", "keySource", "errorFormat", "requestIdHeader",
];

impl RawConfig {
    /// Reads the config object member by member; unknown members are refused.
    ///
    /// # Errors
    /// [`ConfigError`] naming the first member of the wrong type.
    pub fn from_value(value: &Value) -> Result<Self, ConfigError> {
        let o = Object::new(value, "a config object", Some(FIELDS))?;
        let forward_claims = o.map("forwardClaims")?.map(forward_claims).transpose()?;
        Ok(Self {
            keys: o.value("keys"),
            key_source: o.value("keySource"),
            issuer: o.value("issuer"),
            audience: o.value("audience"),
            algorithms: o.strings("algorithms")?,
            clock_tolerance: o.number("clockTolerance")?,
            max_token_age: o.number("maxTokenAge")?,
            required_claims: o.strings("requiredClaims")?,
            require_kid: o.bool("requireKid")?,
            require_exp: o.bool("requireExp")?,
            typ: o.string("typ")?,
            max_token_size: o.u32("maxTokenSize")?,
            cache: o.value("cache"),
            routes: o.array("routes")?.map(|items| read::each("routes", items, RawRoute::from_value)).transpose()?,
            realm: o.string("realm")?,
            forward_claims,
            api_keys: o.array("apiKeys")?.map(|items| read::each("apiKeys", items, RawApiKey::from_value)).transpose()?,
            api_key_store: o.value("apiKeyStore"),
            environment: o.string("environment")?,
            cors_preflight: o.bool("corsPreflight")?,
            error_format: o.string("errorFormat")?,
            request_id_header: o.string("requestIdHeader")?,
        })
    }
}

/// `forwardClaims`: claim name → header name, every value a string.
#[inline(never)]
fn forward_claims(map: &serde_json::Map<String, Value>) -> Result<BTreeMap<String, String>, ConfigError> {
    let mut out = BTreeMap::new();
    for (claim, header) in map {
        let header = header
            .as_str()
            .ok_or_else(|| ConfigError::new(format!("forwardClaims.{claim}"), "must be a string (a header name)"))?;
        out.insert(claim.clone(), header.to_owned());
    }
    Ok(out)
}

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
    /// Parses and validates config JSON.
    ///
    /// # Errors
    /// [`ConfigError`] naming the first offending field.
    pub fn from_json(text: &str) -> Result<Self, ConfigError> {
        let value = read::parse(text, "")?;
        Self::compile(RawConfig::from_value(&value)?)
    }

    /// Validates a parsed config.
    ///
    /// # Errors
    /// [`ConfigError`] naming the first offending field.
    pub fn compile(raw: RawConfig) -> Result<Self, ConfigError> {
        let key_source = raw.key_source.as_ref().map(KeySourcePolicy::from_value).transpose()?;
        // With a key source the set may come with the first load.
        let keys = match (raw.keys.as_ref(), key_source) {
            (Some(keys), _) => jwk::key_set_from_value(keys)?,
            (None, Some(_)) => KeySet::default(),
            (None, None) => return Err(ConfigError::new("keys", "keys is required (a JWK Set), unless keySource loads it")),
        };
        let policy = Policy {
            issuers: string_list(raw.issuer.as_ref(), "issuer")?,
            audiences: string_list(raw.audience.as_ref(), "audience")?,
            algorithms: algorithms(raw.algorithms.as_deref())?,
            clock_tolerance: clock_tolerance(raw.clock_tolerance)?,
            max_token_age: positive(raw.max_token_age, "maxTokenAge")?,
            required_claims: required_claims(raw.required_claims.unwrap_or_default())?,
            require_kid: raw.require_kid.unwrap_or(true),
            require_exp: raw.require_exp.unwrap_or(true),
            typ: typ(raw.typ)?,
            max_token_size: max_token_size(raw.max_token_size)?,
            cache: raw.cache.as_ref().map(CacheConfig::from_value).transpose()?.flatten(),
            edge: EdgePolicy::compile(raw.routes.as_deref(), raw.realm.as_deref(), raw.forward_claims.as_ref())?
                .with_api_keys(
                    ApiKeyTable::compile(raw.api_keys.as_deref().unwrap_or_default())?,
                    raw.environment.as_deref().map(Environment::from_config).transpose()?,
                )
                .with_api_key_store(raw.api_key_store.as_ref().map(StoreConfig::from_value).transpose()?.map(StoredKeys::new))
                .with_cors_preflight(raw.cors_preflight.unwrap_or(false))
                .with_responses(ResponsePolicy::compile(raw.error_format.as_deref(), raw.request_id_header.as_deref())?),
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

//! The edge layer's config: `routes`, `realm`, `forwardClaims`, `apiKeys`,
//! `apiKeyStore`, `environment`, `corsPreflight`, `errorFormat`,
//! `requestIdHeader`. Read and compiled once into an [`EdgePolicy`]; every
//! error names the field (`routes[2].scopes[0]`). The token layer reads its
//! own fields ([`crate::config`]).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::apikeys::{ApiKeyTable, Environment, RawApiKey, StoreConfig, StoredKeys};
use crate::edge::EdgePolicy;
use crate::error::ConfigError;
use crate::read::{self, Object};
use crate::refusal::ResponsePolicy;
use crate::routes::RawRoute;

/// The edge layer's config members, in the order of DESIGN.md.
pub const EDGE_FIELDS: &[&str] =
    &["routes", "realm", "forwardClaims", "apiKeys", "apiKeyStore", "environment", "corsPreflight", "errorFormat", "requestIdHeader"];

/// Reads and compiles the edge-layer fields of a parsed config object
/// (others are the caller's to check).
///
/// # Errors
/// [`ConfigError`] naming the first offending field.
pub fn edge_policy(value: &Value) -> Result<EdgePolicy, ConfigError> {
    let o = Object::new(value, "a config object", None)?;
    let routes = o.array("routes")?.map(|items| read::each("routes", items, RawRoute::from_value)).transpose()?;
    let realm = o.string("realm")?;
    let forward_claims = o.map("forwardClaims")?.map(forward_claims).transpose()?;
    let api_keys = o.array("apiKeys")?.map(|items| read::each("apiKeys", items, RawApiKey::from_value)).transpose()?;
    let environment = o.string("environment")?;
    Ok(EdgePolicy::compile(routes.as_deref(), realm.as_deref(), forward_claims.as_ref())?
        .with_api_keys(
            api_keys.as_deref().map(ApiKeyTable::compile).transpose()?.unwrap_or_default(),
            environment.as_deref().map(Environment::from_config).transpose()?,
        )
        .with_api_key_store(o.get("apiKeyStore").map(StoreConfig::from_value).transpose()?.map(StoredKeys::new))
        .with_cors_preflight(o.bool("corsPreflight")?.unwrap_or(false))
        .with_responses(ResponsePolicy::compile(o.string("errorFormat")?.as_deref(), o.string("requestIdHeader")?.as_deref())?))
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

//! Compiling one `apiKeys` entry: every field checked, errors relative to the entry.

use serde_json::{Map, Value};

use super::{ApiKey, Environment, KeyDigest, KeyStatus, RawApiKey};
use crate::read::Object;
use crate::error::ConfigError;

/// The members an `apiKeys` entry may have.
const FIELDS: &[&str] =
    &["id", "sha256", "secretSha256", "scopes", "status", "expiresAt", "environment", "subject", "claims"];

impl RawApiKey {
    /// Reads one `apiKeys` entry; unknown members are refused.
    ///
    /// # Errors
    /// [`ConfigError`] relative to the entry (`sha256`, `scopes[0]`).
    #[inline(never)] // config code: compiled only when the field is there (cold start)
    pub fn from_value(value: &Value) -> Result<Self, ConfigError> {
        let o = Object::new(value, "an API key object", Some(FIELDS))?;
        Ok(Self {
            id: o.required_string("id")?,
            sha256: o.required_string("sha256")?,
            secret_sha256: o.string("secretSha256")?,
            scopes: o.strings("scopes")?,
            status: o.string("status")?,
            expires_at: o.number("expiresAt")?,
            environment: o.string("environment")?,
            subject: o.string("subject")?,
            claims: o.map("claims")?.cloned(),
        })
    }
}

pub(super) fn compile_key(raw: &RawApiKey) -> Result<ApiKey, ConfigError> {
    if raw.id.is_empty() || raw.id.len() > 256 || !raw.id.bytes().all(|b| (0x21..=0x7E).contains(&b)) {
        return Err(ConfigError::new("id", "must be 1 to 256 visible ASCII characters"));
    }
    let digest = KeyDigest::parse(&raw.sha256).map_err(|m| ConfigError::new("sha256", m))?;
    let secret_digest =
        raw.secret_sha256.as_deref().map(KeyDigest::parse).transpose().map_err(|m| ConfigError::new("secretSha256", m))?;
    let status = match raw.status.as_deref() {
        None | Some("active") => KeyStatus::Active,
        Some("suspended") => KeyStatus::Suspended,
        Some("revoked") => KeyStatus::Revoked,
        Some(_) => return Err(ConfigError::new("status", "must be \"active\", \"suspended\" or \"revoked\"")),
    };
    if raw.expires_at.is_some_and(|t| !(t.is_finite() && t >= 0.0)) {
        return Err(ConfigError::new("expiresAt", "must be a finite, non-negative number of Unix seconds"));
    }
    let environment = raw.environment.as_deref().map(Environment::from_config).transpose()?;
    let subject = match raw.subject.as_deref() {
        Some("") => return Err(ConfigError::new("subject", "must not be empty")),
        Some(s) => s.to_owned(),
        None => raw.id.clone(),
    };
    let claims = compile_claims(raw.claims.as_ref())?;
    let scopes = compile_scopes(raw.scopes.as_deref())?;
    let mut identity = Map::new();
    identity.insert("sub".into(), Value::from(subject.as_str()));
    identity.extend(claims.clone());
    let claims_json = serde_json::to_string(&identity).unwrap_or_else(|_| "{}".to_owned());
    let expires_at = raw.expires_at;
    Ok(ApiKey { id: raw.id.clone(), digest, secret_digest, scopes, status, expires_at, environment, subject, claims, claims_json })
}

fn compile_scopes(scopes: Option<&[String]>) -> Result<Vec<String>, ConfigError> {
    let mut out: Vec<String> = Vec::new();
    for (i, scope) in scopes.unwrap_or_default().iter().enumerate() {
        let at = || format!("scopes[{i}]");
        if scope.is_empty() || !scope.bytes().all(crate::syntax::is_scope_char) {
            return Err(ConfigError::new(at(), "must be a non-empty RFC 6749 §3.3 scope-token such as \"bookings:read\""));
        }
        if out.contains(scope) {
            return Err(ConfigError::new(at(), "repeats an earlier scope"));
        }
        out.push(scope.clone());
    }
    Ok(out)
}

/// Claims reserved for the token itself; a key's `claims` may not set them.
const RESERVED_CLAIMS: &[&str] = &["iss", "sub", "aud", "exp", "nbf", "iat", "jti", "scope", "scp", "scopes"];

fn compile_claims(claims: Option<&Map<String, Value>>) -> Result<Map<String, Value>, ConfigError> {
    let Some(claims) = claims else { return Ok(Map::new()) };
    for (name, value) in claims {
        if name.is_empty() || RESERVED_CLAIMS.contains(&name.as_str()) {
            return Err(ConfigError::new(format!("claims.{name}"), "is empty or a registered claim name, which the guard sets itself"));
        }
        let strings = value.as_array().is_some_and(|items| items.iter().all(Value::is_string));
        if !(strings || matches!(value, Value::String(_) | Value::Number(_) | Value::Bool(_))) {
            return Err(ConfigError::new(format!("claims.{name}"), "must be a string, number, boolean or array of strings"));
        }
    }
    Ok(claims.clone())
}

//! Errors: [`Error`] for a request that is refused, [`ConfigError`] for config
//! that cannot be compiled. Both print lower-case text that never contains key
//! material or a whole token.

use std::borrow::Cow;
use std::fmt;

/// Why a credential or request was refused. `code()` and `status()` are the
/// stable strings and HTTP statuses of DESIGN.md.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// No credentials at all (RFC 6750 §3.1: the challenge carries no `error`).
    TokenMissing,
    /// Malformed `Authorization` header, several credentials, unsupported scheme.
    InvalidRequest(&'static str),
    /// Not three segments, bad base64url, bad JSON, duplicate members, too large.
    TokenMalformed(&'static str),
    /// `none`, an unknown alg, an alg outside the allow-list or not matching the key.
    AlgNotAllowed,
    /// `crit` names an extension tollgate does not understand.
    CritUnsupported,
    /// Unknown `kid`, no `kid` when one is required, or no key for the
    /// token's algorithm; the text says which (`keys::UNKNOWN_KID` and its siblings).
    KeyNotFound(&'static str),
    /// The signature does not verify (wrong length and DER included).
    SignatureInvalid,
    /// `exp` + tolerance ≤ now.
    TokenExpired,
    /// `nbf` − tolerance > now, or `iat` in the future.
    TokenNotYetValid,
    /// now − `iat` > `maxTokenAge`.
    TokenTooOld,
    /// A required claim is absent (the claim's name).
    ClaimMissing(Cow<'static, str>),
    /// A claim has the wrong type or value (the claim's name).
    ClaimInvalid(Cow<'static, str>),
    /// Signature and claims hold; not all of these required scopes are granted.
    InsufficientScope(Vec<String>),
    /// An opaque API key that no configured key matches.
    ApiKeyInvalid,
    /// An API key that is revoked, suspended or past its expiry.
    ApiKeyRevoked,
    /// The request acts for an account (`accountHeader`) that the credential
    /// does not list in its `accountClaim`.
    AccountForbidden,
    /// No route matches the request.
    NotFound,
    /// The key set comes from a key source and none is current: not loaded
    /// yet, or older than `keySource.maxStaleness` (503; not the token's fault).
    KeysUnavailable(&'static str),
}

impl Error {
    /// The stable error code of DESIGN.md.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::TokenMissing => "token_missing",
            Self::InvalidRequest(_) => "invalid_request",
            Self::TokenMalformed(_) => "token_malformed",
            Self::AlgNotAllowed => "alg_not_allowed",
            Self::CritUnsupported => "crit_unsupported",
            Self::KeyNotFound(_) => "key_not_found",
            Self::SignatureInvalid => "signature_invalid",
            Self::TokenExpired => "token_expired",
            Self::TokenNotYetValid => "token_not_yet_valid",
            Self::TokenTooOld => "token_too_old",
            Self::ClaimMissing(_) => "claim_missing",
            Self::ClaimInvalid(_) => "claim_invalid",
            Self::InsufficientScope(_) => "insufficient_scope",
            Self::ApiKeyInvalid => "api_key_invalid",
            Self::ApiKeyRevoked => "api_key_revoked",
            Self::AccountForbidden => "account_forbidden",
            Self::NotFound => "not_found",
            Self::KeysUnavailable(_) => "keys_unavailable",
        }
    }

    /// The HTTP status the guard answers with.
    #[must_use]
    pub fn status(&self) -> u16 {
        match self {
            Self::InvalidRequest(_) => 400,
            Self::InsufficientScope(_) | Self::AccountForbidden => 403,
            Self::NotFound => 404,
            Self::KeysUnavailable(_) => 503,
            _ => 401,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TokenMissing => f.write_str("no credentials were sent"),
            Self::InvalidRequest(why) => write!(f, "malformed request: {why}"),
            Self::TokenMalformed(why) => write!(f, "malformed token: {why}"),
            Self::AlgNotAllowed => f.write_str("token algorithm is not allowed"),
            Self::CritUnsupported => f.write_str("token names a critical header extension that is not supported"),
            Self::KeyNotFound(why) => f.write_str(why),
            Self::SignatureInvalid => f.write_str("token signature is invalid"),
            Self::TokenExpired => f.write_str("token has expired"),
            Self::TokenNotYetValid => f.write_str("token is not valid yet"),
            Self::TokenTooOld => f.write_str("token was issued too long ago"),
            Self::ClaimMissing(name) => write!(f, "required claim \"{name}\" is missing"),
            Self::ClaimInvalid(name) => write!(f, "claim \"{name}\" is invalid"),
            Self::InsufficientScope(required) => write!(f, "token lacks a required scope (requires: {})", required.join(" ")),
            Self::ApiKeyInvalid => f.write_str("api key is not recognised"),
            Self::ApiKeyRevoked => f.write_str("api key is revoked, suspended or expired"),
            Self::AccountForbidden => f.write_str("credential may not act for the requested account"),
            Self::NotFound => f.write_str("no route matches the request"),
            Self::KeysUnavailable(why) => write!(f, "no current key set: {why}"),
        }
    }
}

impl std::error::Error for Error {}

/// Config that cannot be compiled into a plan: `path` names the field
/// (`keys[1].k`, `routes[0].path`), `message` says what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// Path of the offending field, e.g. `keys[1].k`.
    pub path: String,
    /// What is wrong, lower-case, never the field's secret value.
    pub message: String,
}

impl ConfigError {
    /// A config error at `path`.
    #[inline(never)] // dozens of call sites, all on the config path: one copy each
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self { path: path.into(), message: message.into() }
    }

    /// The same error nested under `prefix` (`keys` + `[1].k` → `keys[1].k`).
    #[must_use]
    #[inline(never)]
    pub fn under(mut self, prefix: &str) -> Self {
        self.path = join_path(prefix, &self.path);
        self
    }
}

/// Joins a field path: `("routes", "[0].path")` → `routes[0].path`,
/// `("routes[0]", "path")` → `routes[0].path`.
pub(crate) fn join_path(prefix: &str, rest: &str) -> String {
    match (prefix.is_empty(), rest.is_empty(), rest.starts_with('[')) {
        (true, _, _) => rest.to_owned(),
        (_, true, _) => prefix.to_owned(),
        (_, _, true) => format!("{prefix}{rest}"),
        _ => format!("{prefix}.{rest}"),
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ConfigError {}

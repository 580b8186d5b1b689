//! Who a request comes from, once its credential holds: a verified JWT or a
//! known, usable API key. Route scopes, account binding and identity headers
//! read the same three things from either: granted scopes, the identity
//! claims (JSON object text) and the id of the key that vouched for them
//! (a JWT's `kid`, an API key's `id`).

use crate::apikeys::{ApiKey, Environment};
use crate::verifier::Verified;

/// An API key that was found and may be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPrincipal {
    /// The key's configured `id`.
    pub id: String,
    /// Scopes the key grants.
    pub scopes: Vec<String>,
    /// The key's `subject` (its `id` when not configured).
    pub subject: String,
    /// `{"sub": subject, …claims}`.
    pub claims_json: String,
    /// The key's environment, when it has one.
    pub environment: Option<Environment>,
}

impl KeyPrincipal {
    /// The principal for `key`, presented as `presented` (whose prefix may
    /// name the environment).
    #[must_use]
    pub fn new(key: &ApiKey, presented: &str) -> Self {
        let environment = key.environment.or_else(|| Environment::of_prefix(presented));
        Self {
            id: key.id.clone(),
            scopes: key.scopes.clone(),
            subject: key.subject.clone(),
            claims_json: key.claims_json().to_owned(),
            environment,
        }
    }
}

/// The authenticated caller.
#[derive(Debug, Clone, PartialEq)]
pub enum Principal {
    /// A JWT that passed every verification step.
    Token(Verified),
    /// An opaque API key (Bearer or Basic).
    ApiKey(KeyPrincipal),
}

impl Principal {
    /// Granted scopes.
    #[must_use]
    pub fn scopes(&self) -> &[String] {
        match self {
            Self::Token(v) => &v.scopes,
            Self::ApiKey(k) => &k.scopes,
        }
    }

    /// The subject: a token's `sub` (when a string), an API key's `subject`.
    #[must_use]
    pub fn subject(&self) -> Option<&str> {
        match self {
            Self::Token(v) => v.subject.as_deref(),
            Self::ApiKey(k) => Some(&k.subject),
        }
    }

    /// The identity claims as JSON object text.
    #[must_use]
    pub fn claims_json(&self) -> &str {
        match self {
            Self::Token(v) => &v.claims_json,
            Self::ApiKey(k) => &k.claims_json,
        }
    }

    /// The id of the key that vouched: the JWT's `kid`, or the API key's `id`.
    #[must_use]
    pub fn key_id(&self) -> &str {
        match self {
            Self::Token(v) => &v.kid,
            Self::ApiKey(k) => &k.id,
        }
    }

    /// `jwt` or `api_key`.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Token(_) => "jwt",
            Self::ApiKey(_) => "api_key",
        }
    }

    /// The verified token, for a JWT principal.
    #[must_use]
    pub fn token(&self) -> Option<&Verified> {
        match self {
            Self::Token(v) => Some(v),
            Self::ApiKey(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
    use super::*;
    use crate::alg::Algorithm;
    use crate::apikeys::{ApiKeyTable, RawApiKey};
    use sha2::{Digest, Sha256};

    #[test]
    fn both_kinds_answer_the_same_questions() {
        let raw = RawApiKey {
            id: "key-1".into(),
            sha256: hex::encode(Sha256::digest(b"live_abc")),
            scopes: Some(vec!["customers:read".into()]),
            ..RawApiKey::default()
        };
        let table = ApiKeyTable::compile(&[raw]).unwrap();
        let key = Principal::ApiKey(KeyPrincipal::new(table.authenticate("live_abc", 0.0, None).unwrap(), "live_abc"));
        assert_eq!((key.kind(), key.key_id(), key.claims_json()), ("api_key", "key-1", r#"{"sub":"key-1"}"#));
        assert_eq!(key.scopes(), ["customers:read"]);
        assert!(key.token().is_none());
        let Principal::ApiKey(k) = &key else { panic!() };
        assert_eq!(k.environment, Some(Environment::Live), "from the live_ prefix");

        // A `Verified` is made only by verifying a token.
        let secret = crate::base64url::encode(&[7; 32]);
        let config = format!(r#"{{"keys":{{"keys":[{{"kty":"oct","kid":"hs-1","alg":"HS256","k":"{secret}"}}]}},"requireExp":false}}"#);
        let guard = crate::guard::Guard::from_config_json(&config).unwrap();
        let options = crate::sign::SignOptions { kid: "hs-1", now: 0.0, expires_in: None, typ: None };
        let token = guard.sign(r#"{"sub":"u","scope":"bookings:read"}"#, &options).unwrap();
        let verified = guard.verify(&token, &crate::verifier::VerifyOptions { scopes: &[], now: 0.0 }).unwrap();
        assert_eq!((verified.alg, verified.typ.as_deref()), (Algorithm::Hs256, Some("JWT")));
        let token = Principal::Token(verified.clone());
        assert_eq!((token.kind(), token.key_id(), token.claims_json()), ("jwt", "hs-1", r#"{"scope":"bookings:read","sub":"u"}"#));
        assert_eq!(token.scopes(), ["bookings:read"]);
        assert_eq!(token.token(), Some(&verified));
    }
}

//! Which credential a request presents: a JWT to verify, or an opaque API key
//! to look up. With neither `apiKeys` nor `apiKeyStore` configured every
//! Bearer credential is a JWT and Basic is refused.
//!
//! - `Authorization: Bearer <token>`: a JWT when it has the compact JWS shape
//!   (exactly two `.`), else an API key;
//! - `Authorization: Basic base64(":" key)` (`curl --user :live_…`): the
//!   password is the API key; the user name must be empty.

use crate::credentials::Credential;
use crate::error::Error;


/// A credential sorted by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presented<'a> {
    /// A compact JWS to verify.
    Jwt(&'a str),
    /// An opaque key to look up in the `apiKeys` table.
    ApiKey(&'a str),
}

impl std::fmt::Display for Presented<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Jwt(_) => "jwt",
            Self::ApiKey(_) => "api key",
        })
    }
}

/// Whether `token` has the shape of a compact JWS: three `.`-separated parts.
#[must_use]
pub fn is_jwt_shaped(token: &str) -> bool {
    token.bytes().filter(|b| *b == b'.').count() == 2
}

/// Sorts a parsed credential; `keys`: whether opaque keys are accepted at all
/// ([`super::KeySources::accepts_keys`]).
///
/// # Errors
/// [`Error::InvalidRequest`] for Basic credentials when no API key is
/// accepted, or when the user name is not empty.
pub fn sort<'a>(credential: &'a Credential<'_>, keys: bool) -> Result<Presented<'a>, Error> {
    match credential {
        Credential::Bearer(token) if !keys || is_jwt_shaped(token) => Ok(Presented::Jwt(token)),
        Credential::Bearer(key) => Ok(Presented::ApiKey(key)),
        Credential::Basic { .. } if !keys => Err(Error::InvalidRequest("unsupported authorization scheme")),
        Credential::Basic { user, password } if user.is_empty() => Ok(Presented::ApiKey(password.as_str())),
        Credential::Basic { .. } => Err(Error::InvalidRequest("basic credentials carry the api key as password with an empty user name")),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
    use super::*;
    use crate::credentials::parse_authorization;
    use base64ct::{Base64, Encoding};

    /// Opaque keys accepted (a table or a store is configured).
    fn table() -> bool {
        true
    }

    fn basic(userpass: &str) -> String {
        format!("Basic {}", Base64::encode_string(userpass.as_bytes()))
    }

    #[test]
    fn bearer_jwt_or_key() {
        let t = table();
        let jwt = parse_authorization(Some("Bearer aaa.bbb.ccc")).unwrap();
        assert_eq!(sort(&jwt, t).unwrap(), Presented::Jwt("aaa.bbb.ccc"));
        let key = parse_authorization(Some("Bearer live_abc123")).unwrap();
        assert_eq!(sort(&key, t).unwrap(), Presented::ApiKey("live_abc123"));
        let dotted = parse_authorization(Some("Bearer a.b")).unwrap();
        assert_eq!(sort(&dotted, t).unwrap(), Presented::ApiKey("a.b"));
        assert_eq!(sort(&key, false).unwrap(), Presented::Jwt("live_abc123"), "no table: always a jwt");
    }

    #[test]
    fn basic_with_empty_user() {
        let t = table();
        let header = basic(":live_api_key_1");
        let cred = parse_authorization(Some(&header)).unwrap();
        assert_eq!(sort(&cred, t).unwrap(), Presented::ApiKey("live_api_key_1"));
        let with_user = basic("user:live_api_key_1");
        let cred = parse_authorization(Some(&with_user)).unwrap();
        assert!(matches!(sort(&cred, t), Err(Error::InvalidRequest(_))));
        let cred = parse_authorization(Some(&header)).unwrap();
        assert!(matches!(sort(&cred, false), Err(Error::InvalidRequest(_))));
        assert_eq!(Presented::ApiKey("secret").to_string(), "api key");
    }
}

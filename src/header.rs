//! Step 2 of the verification order: the JOSE header (RFC 7515 §4).
//!
//! The header must be an I-JSON object (no duplicate members). `alg` must be
//! one of the allowed algorithms (never `none`, RFC 8725 §3.1). A `crit`
//! member, or `b64: false` (RFC 7797), names an extension tollgate does not
//! implement and is refused (RFC 7515 §4.1.11). `jku`, `jwk`, `x5u` and `x5c`
//! are never used to find keys: keys come only from config (RFC 8725 §3.10).

use crate::alg::{Algorithm, AlgorithmSet};
use crate::error::Error;
use crate::json::{self, Json, JsonError};

/// The `kid` header parameter as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyId {
    /// No `kid` member.
    Absent,
    /// A string `kid`.
    Name(String),
    /// A `kid` that is not a string: it can never match a key.
    NotAString,
}

/// The header parameters verification uses.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// The checked algorithm.
    pub alg: Algorithm,
    /// The key id.
    pub kid: KeyId,
    /// `typ`, when it is a string; `Some(None)` when present but not a string.
    pub typ: Option<Option<String>>,
    /// The header as sent: its decoded JSON text, reported with an accepted
    /// token exactly so (no member added or changed).
    pub json: String,
}

impl Header {
    /// Parses the decoded header and checks `alg` and `crit`.
    ///
    /// # Errors
    /// [`Error::TokenMalformed`] for JSON that is not an I-JSON object,
    /// [`Error::AlgNotAllowed`] for a missing, unknown or disallowed `alg`,
    /// [`Error::CritUnsupported`] for any `crit` or `b64: false`.
    pub fn parse(bytes: &[u8], allowed: AlgorithmSet) -> Result<Self, Error> {
        let members = json::parse_object(bytes).map_err(|e| match e {
            JsonError::Duplicate => Error::TokenMalformed("header has a duplicate member name"),
            JsonError::NotObject | JsonError::Invalid => Error::TokenMalformed("header is not a JSON object"),
        })?;
        let (mut alg, mut kid, mut typ, mut extension) = (None, KeyId::Absent, None, false);
        for (name, value) in members {
            match name.as_ref() {
                "alg" => alg = value.as_str().and_then(Algorithm::from_name),
                "kid" => kid = key_id(value),
                "typ" => typ = Some(value.as_str().map(str::to_owned)),
                "crit" => extension = true,
                "b64" => extension |= value != Json::Bool(true),
                _ => {}
            }
        }
        let alg = alg.filter(|a| allowed.contains(*a)).ok_or(Error::AlgNotAllowed)?;
        if extension {
            return Err(Error::CritUnsupported);
        }
        // parse_object read the bytes as JSON, so they are UTF-8.
        let json = String::from_utf8(bytes.to_vec()).map_err(|_| Error::TokenMalformed("header is not a JSON object"))?;
        Ok(Self { alg, kid, typ, json })
    }
}

fn key_id(value: Json<'_>) -> KeyId {
    match value {
        Json::String(s) => KeyId::Name(s.into_owned()),
        _ => KeyId::NotAString,
    }
}

/// Lower-cases a media type and drops an `application/` prefix when the rest
/// has no other `/` (RFC 7515 §4.1.9).
#[must_use]
pub fn normalize_typ(typ: &str) -> String {
    let lower = typ.to_ascii_lowercase();
    match lower.strip_prefix("application/") {
        Some(rest) if !rest.contains('/') => rest.to_owned(),
        _ => lower,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<Header, Error> {
        Header::parse(json.as_bytes(), AlgorithmSet::ALL)
    }

    #[test]
    fn reads_alg_kid_typ() {
        let h = parse(r#"{"alg":"ES256","kid":"k1","typ":"JWT","jwk":{"kty":"EC"}}"#).unwrap();
        assert_eq!((h.alg, h.kid, h.typ), (Algorithm::Es256, KeyId::Name("k1".into()), Some(Some("JWT".into()))));
    }

    #[test]
    fn alg_none_in_every_casing_and_unknown_algs() {
        for alg in ["none", "None", "NONE", "nOnE", "hs256", "HS384", "RS256", "ES256K", "", " HS256"] {
            assert_eq!(parse(&format!(r#"{{"alg":"{alg}"}}"#)), Err(Error::AlgNotAllowed), "{alg}");
        }
        assert_eq!(parse(r#"{"kid":"a"}"#), Err(Error::AlgNotAllowed));
        assert_eq!(parse(r#"{"alg":["HS256"]}"#), Err(Error::AlgNotAllowed));
        let es_only = AlgorithmSet::NONE.with(Algorithm::Es256);
        assert_eq!(Header::parse(br#"{"alg":"HS256"}"#, es_only), Err(Error::AlgNotAllowed));
    }

    #[test]
    fn crit_and_unencoded_payload_refused() {
        for h in [r#"{"alg":"HS256","crit":["exp"],"exp":1}"#, r#"{"alg":"HS256","crit":[]}"#, r#"{"alg":"HS256","crit":"x"}"#, r#"{"alg":"HS256","b64":false}"#] {
            assert_eq!(parse(h), Err(Error::CritUnsupported), "{h}");
        }
        assert!(parse(r#"{"alg":"HS256","b64":true}"#).is_ok());
    }

    #[test]
    fn duplicates_and_non_objects_malformed() {
        assert!(matches!(parse(r#"{"alg":"HS256","alg":"none"}"#), Err(Error::TokenMalformed(_))));
        assert!(matches!(parse(r#"["HS256"]"#), Err(Error::TokenMalformed(_))));
    }

    #[test]
    fn kid_of_another_type() {
        assert_eq!(parse(r#"{"alg":"HS256","kid":7}"#).unwrap().kid, KeyId::NotAString);
        assert_eq!(parse(r#"{"alg":"HS256"}"#).unwrap().kid, KeyId::Absent);
    }
}

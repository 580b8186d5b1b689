//! Identity headers for the upstream: what an allowed request carries past
//! the guard. Always `X-Auth-Subject` (`sub`, when a string), `X-Auth-Scopes`
//! (granted scopes, space-separated) and `X-Auth-Key-Id` (the verifying
//! key's `kid`), plus a configured claim → header map (`forwardClaims:
//! { companyId: "X-Company-Id" }`).
//!
//! Values are made safe for an HTTP field (RFC 9110 §5.5): strings keep
//! visible ASCII and space as they are and percent-encode (UTF-8) `%`,
//! control and non-ASCII characters, so `decodeURIComponent` restores them;
//! numbers and booleans are written as JSON; `null`, arrays and objects are
//! not forwarded.
//!
//! A client may never send upstream a header the guard sets or reserves
//! ([`ReservedHeaders`]): every `X-Auth-*`, every `forwardClaims` header,
//! every route's `accountHeader` (a route that binds it forwards the checked
//! value itself), and the method and URL override headers some frameworks
//! obey. Names are compared with letter case ignored and `_` (and every other
//! character that is not a letter or digit) read as `-`: CGI/WSGI servers and
//! several proxies fold `X_Auth_Subject` onto `X-Auth-Subject` (the class of
//! oauth2-proxy CVE-2025-64484), Apache httpd 2.2 `X.Auth.Subject` too.

use std::collections::BTreeMap;

use crate::claims::Claims;
use crate::error::ConfigError;
use crate::json::Json;
use crate::syntax::is_tchar;

/// Header carrying the token's `sub`.
pub const SUBJECT_HEADER: &str = "X-Auth-Subject";
/// Header carrying the granted scopes, space-separated.
pub const SCOPES_HEADER: &str = "X-Auth-Scopes";
/// Header carrying the `kid` of the key that verified the token.
pub const KEY_ID_HEADER: &str = "X-Auth-Key-Id";
/// Prefix of the headers tollgate owns: a client may never send them upstream.
pub const RESERVED_PREFIX: &str = "x-auth-";

/// Headers a claim may never be forwarded into: framing, routing, credentials.
const FORBIDDEN: &[&str] = &[
    "authorization", "connection", "content-length", "content-type", "cookie", "host", "keep-alive",
    "proxy-authenticate", "proxy-authorization", "set-cookie", "te", "trailer", "transfer-encoding", "upgrade",
    "www-authenticate",
];

/// The compiled `forwardClaims` map: `(claim, header)` pairs in config order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ForwardClaims {
    pairs: Vec<(String, String)>,
}

impl ForwardClaims {
    /// Validates `forwardClaims` (claim name → header name).
    ///
    /// # Errors
    /// [`ConfigError`] at `forwardClaims.<claim>` when the claim name is
    /// empty, the header is not an RFC 9110 §5.1 field name, is one of
    /// tollgate's own `X-Auth-*` headers, a framing or credential header
    /// (`Host`, `Authorization`, `Cookie` …), or is used twice (names
    /// compared as [`fold_name`] does).
    #[inline(never)] // config code: compiled only when the field is there (cold start)
    pub fn compile(map: Option<&BTreeMap<String, String>>) -> Result<Self, ConfigError> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for (claim, header) in map.into_iter().flatten() {
            let at = || format!("forwardClaims.{claim}");
            if claim.is_empty() {
                return Err(ConfigError::new("forwardClaims", "claim names must not be empty"));
            }
            if header.is_empty() || !header.bytes().all(is_tchar) {
                return Err(ConfigError::new(at(), "must be an HTTP header name such as \"X-Company-Id\""));
            }
            let lower = fold_name(header);
            if lower.starts_with(RESERVED_PREFIX) {
                return Err(ConfigError::new(at(), "X-Auth-* headers are reserved for tollgate's own identity headers"));
            }
            if FORBIDDEN.contains(&lower.as_str()) {
                return Err(ConfigError::new(at(), "must not be a framing, routing or credential header"));
            }
            if pairs.iter().any(|(_, h)| fold_name(h) == lower) {
                return Err(ConfigError::new(at(), "header is already used for another claim"));
            }
            pairs.push((claim.clone(), header.clone()));
        }
        Ok(Self { pairs })
    }

    /// The configured header names, in config order.
    pub fn header_names(&self) -> impl Iterator<Item = &str> {
        self.pairs.iter().map(|(_, h)| h.as_str())
    }

    /// The headers for a verified token (its subject, and its claims when
    /// [`ForwardClaims::reads_claims`]): built-in identity headers first,
    /// then configured claims, each only when the claim has a forwardable value.
    #[must_use]
    pub fn headers(&self, subject: Option<&str>, claims: Option<&Claims<'_>>, scopes: &[String], kid: &str) -> Vec<(String, String)> {
        let mut out = Vec::with_capacity(3 + self.pairs.len());
        if let Some(sub) = subject {
            out.push((SUBJECT_HEADER.to_owned(), field_value(sub)));
        }
        out.push((SCOPES_HEADER.to_owned(), field_value(&scopes.join(" "))));
        out.push((KEY_ID_HEADER.to_owned(), field_value(kid)));
        for (claim, header) in &self.pairs {
            if let Some(value) = claims.and_then(|c| c.get(claim)).and_then(claim_value) {
                out.push((header.clone(), value));
            }
        }
        out
    }

    /// Whether [`ForwardClaims::headers`] reads claims besides `sub` (`forwardClaims` is set).
    #[must_use]
    pub fn reads_claims(&self) -> bool {
        !self.pairs.is_empty()
    }
}

/// Request headers that make some frameworks or proxies serve another method
/// or path than the request line names (Express `method-override`, Hono
/// `methodOverride`, Symfony/IIS `X-Original-URL`, nginx `auth_request`'s
/// `X-Original-URI`, Traefik/Spring `X-Forwarded-Prefix`/`-Uri`/`-Path`,
/// Envoy's `X-Envoy-Original-Path`): never forwarded. The edge worker is the
/// first hop, so a client never has a reason to send them.
pub const OVERRIDE_HEADERS: &[&str] = &[
    "x-http-method-override",
    "x-http-method",
    "x-method-override",
    "x-original-url",
    "x-original-uri",
    "x-rewrite-url",
    "x-forwarded-uri",
    "x-forwarded-path",
    "x-forwarded-prefix",
    "x-envoy-original-path",
];

/// The header names a client may not send upstream, folded (lower case, `-`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReservedHeaders {
    names: Vec<String>,
}

impl ReservedHeaders {
    /// The reserved set for this `forwardClaims` map and these account headers.
    #[must_use]
    pub fn new<'a>(forward: &'a ForwardClaims, account_headers: impl IntoIterator<Item = &'a str>) -> Self {
        let mut names: Vec<String> = OVERRIDE_HEADERS.iter().map(|h| (*h).to_owned()).collect();
        for name in forward.header_names().chain(account_headers) {
            let folded = fold_name(name);
            if !names.contains(&folded) {
                names.push(folded);
            }
        }
        Self { names }
    }

    /// Whether a client's header `name` (any spelling) must not go upstream.
    #[must_use]
    pub fn contains(&self, name: &str) -> bool {
        let folded = fold_name(name);
        folded.starts_with(RESERVED_PREFIX) || self.names.contains(&folded)
    }
}

/// A header name as CGI-style servers compare them: lower case, and every
/// character that is not a letter or digit as `-` (`_` in most; Apache httpd
/// 2.2's `http2env` also turns `.`, `~`, `+` … into `_`).
#[must_use]
pub fn fold_name(name: &str) -> String {
    name.bytes().map(|b| if b.is_ascii_alphanumeric() { char::from(b.to_ascii_lowercase()) } else { '-' }).collect()
}

fn claim_value(value: &Json<'_>) -> Option<String> {
    match value {
        Json::String(s) => Some(field_value(s)),
        Json::Bool(b) => Some(b.to_string()),
        Json::Number(n) => serde_json::Number::from_f64(*n).map(|num| {
            // JSON text as JavaScript would print it: 42, not 42.0 (and 0 for -0).
            if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 {
                #[allow(clippy::cast_possible_truncation)] // a whole number below 2^53
                (*n as i64).to_string()
            } else {
                num.to_string()
            }
        }),
        Json::Null | Json::Strings(_) | Json::Other => None,
    }
}

/// Visible ASCII and space pass; `%`, controls and non-ASCII are percent-encoded
/// as UTF-8. Leading and trailing spaces are encoded too (HTTP would drop them).
#[must_use]
pub fn field_value(s: &str) -> String {
    let bytes = s.as_bytes();
    let last = bytes.len().saturating_sub(1);
    let mut out = String::with_capacity(s.len());
    for (i, &b) in bytes.iter().enumerate() {
        let edge_space = b == b' ' && (i == 0 || i == last);
        if (0x20..=0x7E).contains(&b) && b != b'%' && !edge_space {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
    use super::*;

    fn compile(pairs: &[(&str, &str)]) -> Result<ForwardClaims, ConfigError> {
        let map: BTreeMap<String, String> = pairs.iter().map(|(c, h)| ((*c).to_owned(), (*h).to_owned())).collect();
        ForwardClaims::compile(Some(&map))
    }

    #[test]
    fn headers_from_claims() {
        let fc = compile(&[("companyId", "X-Company-Id"), ("tier", "X-Tier"), ("admin", "X-Admin"), ("n", "X-N")]).unwrap();
        let payload = br#"{"sub":"user-1","companyId":"c 42","tier":3,"admin":false,"n":1.5,"roles":["a"]}"#;
        let claims = Claims::parse(payload).unwrap();
        let headers = fc.headers(claims.get_str("sub"), Some(&claims), &["a:b".into(), "c".into()], "hs-1");
        let get = |n: &str| headers.iter().find(|(h, _)| h == n).map(|(_, v)| v.as_str());
        assert_eq!(get("X-Auth-Subject"), Some("user-1"));
        assert_eq!(get("X-Auth-Scopes"), Some("a:b c"));
        assert_eq!(get("X-Auth-Key-Id"), Some("hs-1"));
        assert_eq!(get("X-Company-Id"), Some("c 42"));
        assert_eq!(get("X-Tier"), Some("3"));
        assert_eq!(get("X-Admin"), Some("false"));
        assert_eq!(get("X-N"), Some("1.5"));
        assert_eq!(headers.len(), 7);
    }

    #[test]
    fn numbers_are_written_as_javascript_prints_them() {
        let fc = compile(&[("n", "X-N")]).unwrap();
        for (json, want) in [("-0", "0"), ("-12", "-12"), ("1e3", "1000"), ("9007199254740991", "9007199254740991"), ("0.1", "0.1")] {
            let payload = format!(r#"{{"n":{json}}}"#);
            let claims = Claims::parse(payload.as_bytes()).unwrap();
            let headers = fc.headers(claims.get_str("sub"), Some(&claims), &[], "k");
            assert_eq!(headers.last().map(|(_, v)| v.as_str()), Some(want), "{json}");
        }
    }

    #[test]
    fn absent_or_structured_claims_are_not_forwarded() {
        let fc = compile(&[("org", "X-Org"), ("roles", "X-Roles"), ("meta", "X-Meta"), ("z", "X-Z")]).unwrap();
        let claims = Claims::parse(br#"{"sub":7,"roles":["a","b"],"meta":{"x":1},"z":null}"#).unwrap();
        let headers = fc.headers(claims.get_str("sub"), Some(&claims), &[], "k");
        let names: Vec<&str> = headers.iter().map(|(h, _)| h.as_str()).collect();
        assert_eq!(names, ["X-Auth-Scopes", "X-Auth-Key-Id"], "non-string sub is not a subject");
    }

    #[test]
    fn values_are_made_safe_for_http() {
        assert_eq!(field_value("plain-id_1.2~x"), "plain-id_1.2~x");
        assert_eq!(field_value("a\r\nX-Evil: 1"), "a%0D%0AX-Evil: 1");
        assert_eq!(field_value("100%"), "100%25");
        assert_eq!(field_value("Zürich"), "Z%C3%BCrich");
        assert_eq!(field_value(" pad "), "%20pad%20");
        assert_eq!(field_value("a\u{0}b\u{7f}"), "a%00b%7F");
    }

    #[test]
    fn config_errors_name_the_claim() {
        for (pairs, path, needle) in [
            (vec![("", "X-A")], "forwardClaims", "empty"),
            (vec![("c", "")], "forwardClaims.c", "header name"),
            (vec![("c", "X Company")], "forwardClaims.c", "header name"),
            (vec![("c", "x-auth-subject")], "forwardClaims.c", "reserved"),
            (vec![("c", "X-Auth-Company")], "forwardClaims.c", "reserved"),
            (vec![("c", "Host")], "forwardClaims.c", "framing"),
            (vec![("c", "authorization")], "forwardClaims.c", "credential"),
            (vec![("a", "X-Same"), ("b", "x-same")], "forwardClaims.b", "already used"),
            (vec![("a", "X-Same"), ("b", "x_same")], "forwardClaims.b", "already used"),
            (vec![("c", "X_Auth_Company")], "forwardClaims.c", "reserved"),
        ] {
            let err = compile(&pairs).unwrap_err();
            assert_eq!(err.path, path, "{err}");
            assert!(err.message.contains(needle), "{err}");
        }
        assert!(ForwardClaims::compile(None).unwrap().pairs.is_empty());
    }

    #[test]
    fn reserved_headers_in_every_spelling() {
        let fc = compile(&[("companyId", "X-Company-Id")]).unwrap();
        let reserved = ReservedHeaders::new(&fc, ["x-account-id"]);
        for name in [
            "X-Auth-Subject", "x_auth_subject", "X_AUTH_SCOPES", "x-auth_key-id", "X-Auth-Anything", "x_auth_",
            "X-Company-Id", "x_company_id", "X_Company-ID", "X-Account-Id", "x_account_id",
            "X-HTTP-Method-Override", "x_http_method", "X-Method-Override", "x-original-url", "X_Rewrite_URL",
            "X-Original-URI", "x-forwarded-uri", "X_Forwarded_Path", "X-Forwarded-Prefix", "x-envoy-original-path",
        ] {
            assert!(reserved.contains(name), "{name}");
        }
        for name in ["x-auth", "xauth-subject", "x-company", "x-account-id-2", "accept", "x-trace", "x-forwarded-for"] {
            assert!(!reserved.contains(name), "{name}");
        }
    }
}

//! Refusal responses: the body format a booking API expects (config `errorFormat`), with the
//! status, the RFC 6750 §3 challenge and `Cache-Control: no-store` always the refusal's.
//!
//! ```text
//! errorFormat: "rfc6750"   { "error": "token_expired", "message": "…" }               (default)
//!              "envelope"  { "success": false, "error": { "code": "TOKEN_EXPIRED", "message": "…" } }
//!              "requestId" { "error": "token_expired", "message": "…", "requestId": "…" }
//! requestIdHeader: "X-Request-Id"   where a request id is read from (and echoed to). Absent or
//!                                   unusable → the fresh id the caller passes (a UUID).
//! ```
//!
//! The package adds only what JavaScript holds: the `errorResponse` hook (a function), the
//! fresh id (`crypto.randomUUID()`) and the `Response` object.

use serde::Serialize;

use crate::challenge::challenge_for;
use crate::error::ConfigError;

/// The error body formats, as config names them.
const FORMATS: [&str; 3] = ["rfc6750", "envelope", "requestId"];
/// The request id header when `requestIdHeader` is not given.
const DEFAULT_REQUEST_ID_HEADER: &str = "x-request-id";
/// The type of every body made here.
const JSON_TYPE: &str = "application/json; charset=utf-8";
/// Longest request id echoed.
const MAX_REQUEST_ID: usize = 128;

/// How refusals are answered: the body format and the request-id header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponsePolicy {
    format: usize,
    request_id_header: String,
}

impl Default for ResponsePolicy {
    fn default() -> Self {
        Self { format: 0, request_id_header: DEFAULT_REQUEST_ID_HEADER.to_owned() }
    }
}

impl ResponsePolicy {
    /// Validates `errorFormat` and `requestIdHeader`.
    ///
    /// # Errors
    /// [`ConfigError`] at `errorFormat` or `requestIdHeader`.
    pub fn compile(format: Option<&str>, request_id_header: Option<&str>) -> Result<Self, ConfigError> {
        let format = match format {
            None => 0,
            Some(name) => FORMATS
                .iter()
                .position(|f| *f == name)
                .ok_or_else(|| ConfigError::new("errorFormat", "must be one of \"rfc6750\", \"envelope\", \"requestId\""))?,
        };
        let header = request_id_header.unwrap_or(DEFAULT_REQUEST_ID_HEADER);
        if header.is_empty() || !header.bytes().all(crate::syntax::is_tchar) {
            return Err(ConfigError::new("requestIdHeader", "must be an HTTP header name such as \"X-Request-Id\""));
        }
        Ok(Self { format, request_id_header: header.to_ascii_lowercase() })
    }

    /// The header a request id is read from and echoed to, lower-case.
    #[must_use]
    pub fn request_id_header(&self) -> &str {
        &self.request_id_header
    }
}

/// A refusal to answer: from a decision, or given by the application.
#[derive(Debug, Clone, Copy)]
pub struct Refusal<'a> {
    /// The HTTP status.
    pub status: u16,
    /// The error code.
    pub code: &'a str,
    /// The short, secret-free reason.
    pub message: &'a str,
    /// The challenge: `Some(None)` for a decision without one (404), `None`
    /// when not given (the one of the status is made).
    pub www_authenticate: Option<Option<&'a str>>,
    /// Scopes named in a 403's challenge.
    pub required_scopes: &'a [String],
}

/// Where the request id comes from.
#[derive(Debug, Clone, Copy, Default)]
pub struct RequestIds<'a> {
    /// The value of the request-id header the client sent.
    pub sent: Option<&'a str>,
    /// The one the application asked for (`response({ requestId })`).
    pub given: Option<&'a str>,
    /// A fresh one, used when neither is usable.
    pub fresh: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RefusalOut<'a> {
    status: u16,
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    www_authenticate: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    required_scopes: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_id: Option<&'a str>,
}

#[derive(Serialize)]
struct Answer<'a> {
    /// What the `errorResponse` hook is shown.
    refusal: RefusalOut<'a>,
    /// Headers every answer carries, whatever the hook does.
    headers: Vec<(&'a str, &'a str)>,
    #[serde(rename = "contentType")]
    content_type: &'a str,
    /// The body in the configured format.
    body: String,
}

#[derive(Serialize)]
struct Plain<'a> {
    error: &'a str,
    message: &'a str,
    #[serde(rename = "requestId", skip_serializing_if = "Option::is_none")]
    request_id: Option<&'a str>,
}

#[derive(Serialize)]
struct Envelope<'a> {
    success: bool,
    error: Coded<'a>,
}

#[derive(Serialize)]
struct Coded<'a> {
    code: &'a str,
    message: &'a str,
}

/// Whether a request id may be echoed: 1–128 of `A-Z a-z 0-9 . _ : ~ + / = -`.
fn usable_request_id(id: &str) -> bool {
    (1..=MAX_REQUEST_ID).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"._:~+/=-".contains(&b))
}

/// The answer to `refusal` as JSON: `{"refusal":{…},"headers":[[name, value]…],"contentType","body"}`.
///
/// # Errors
/// A message naming `requestId` when the application's request id is not usable.
pub fn refusal_json(policy: &ResponsePolicy, realm: Option<&str>, refusal: &Refusal<'_>, ids: &RequestIds<'_>) -> Result<String, String> {
    if ids.given.is_some_and(|id| !usable_request_id(id)) {
        return Err("requestId: must be 1-128 characters of A-Z a-z 0-9 . _ : ~ + / = -".to_owned());
    }
    let made;
    let challenge = match refusal.www_authenticate {
        Some(given) => given,
        None => {
            made = challenge_for(refusal.status, refusal.code, refusal.message, refusal.required_scopes, realm);
            made.as_deref()
        }
    };
    let wants_id = policy.format == 2 || ids.given.is_some();
    let request_id = wants_id.then(|| ids.given.or(ids.sent.filter(|id| usable_request_id(id))).unwrap_or(ids.fresh));
    let code = refusal.code;
    let upper = code.to_ascii_uppercase();
    let body = match policy.format {
        1 => serde_json::to_string(&Envelope { success: false, error: Coded { code: &upper, message: refusal.message } }),
        2 => serde_json::to_string(&Plain { error: code, message: refusal.message, request_id }),
        _ => serde_json::to_string(&Plain { error: code, message: refusal.message, request_id: None }),
    }
    .unwrap_or_default();
    let mut headers = vec![("cache-control", "no-store")];
    if let Some(c) = challenge.filter(|c| !c.is_empty()) {
        headers.push(("www-authenticate", c));
    }
    if let Some(id) = request_id {
        headers.push((policy.request_id_header.as_str(), id));
    }
    let scopes = (!refusal.required_scopes.is_empty()).then_some(refusal.required_scopes);
    let out = RefusalOut { status: refusal.status, code, message: refusal.message, www_authenticate: challenge, required_scopes: scopes, request_id };
    serde_json::to_string(&Answer { refusal: out, headers, content_type: JSON_TYPE, body }).map_err(|_| "refusal: cannot be written".to_owned())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use serde_json::Value;

    fn answer(policy: &ResponsePolicy, refusal: &Refusal<'_>, ids: &RequestIds<'_>) -> Value {
        serde_json::from_str(&refusal_json(policy, Some("bookings"), refusal, ids).unwrap()).unwrap()
    }

    const EXPIRED: Refusal<'static> =
        Refusal { status: 401, code: "token_expired", message: "token has expired", www_authenticate: None, required_scopes: &[] };

    #[test]
    fn formats_and_headers() {
        let ids = RequestIds { sent: Some("abc"), given: None, fresh: "fresh-1" };
        let plain = answer(&ResponsePolicy::default(), &EXPIRED, &ids);
        assert_eq!(plain["body"], r#"{"error":"token_expired","message":"token has expired"}"#);
        assert_eq!(plain["headers"][1][1], r#"Bearer realm="bookings", error="invalid_token", error_description="token has expired""#);
        let envelope = answer(&ResponsePolicy::compile(Some("envelope"), None).unwrap(), &EXPIRED, &ids);
        assert_eq!(envelope["body"], r#"{"success":false,"error":{"code":"TOKEN_EXPIRED","message":"token has expired"}}"#);
        let with_id = answer(&ResponsePolicy::compile(Some("requestId"), Some("CF-Ray")).unwrap(), &EXPIRED, &ids);
        assert_eq!(with_id["refusal"]["requestId"], "abc");
        assert_eq!(with_id["headers"][2], serde_json::json!(["cf-ray", "abc"]));
        let hostile = RequestIds { sent: Some("a\"b"), ..ids };
        assert_eq!(answer(&ResponsePolicy::compile(Some("requestId"), None).unwrap(), &EXPIRED, &hostile)["refusal"]["requestId"], "fresh-1");
    }

    #[test]
    fn config_errors_name_the_field() {
        assert_eq!(ResponsePolicy::compile(Some("xml"), None).unwrap_err().path, "errorFormat");
        assert_eq!(ResponsePolicy::compile(None, Some("X Request")).unwrap_err().path, "requestIdHeader");
        assert!(refusal_json(&ResponsePolicy::default(), None, &EXPIRED, &RequestIds { given: Some("bad id"), ..RequestIds::default() }).is_err());
    }
}

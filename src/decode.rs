//! Reading a token without verifying it, for display (the demo page). Nothing
//! here is trusted: a decoded token says only what its sender claims.

use crate::error::Error;
use crate::json::{self, JsonError};
use crate::jws::CompactJws;

/// Size limit for decoding, in bytes (larger than the verification default,
/// so a too-large token can still be shown).
pub const MAX_DECODE_SIZE: usize = 64 * 1024;

/// A token's readable parts: header and claims as JSON text of I-JSON objects.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Decoded {
    /// The header, when it is an I-JSON object.
    pub header_json: Option<String>,
    /// The claims, when they are an I-JSON object.
    pub claims_json: Option<String>,
    /// Why the token could not be read completely.
    pub error: Option<Error>,
}

/// Decodes `token` without verifying anything. Never fails: problems are
/// reported in [`Decoded::error`].
#[must_use]
pub fn decode(token: &str) -> Decoded {
    let jws = match CompactJws::parse(token, MAX_DECODE_SIZE) {
        Ok(jws) => jws,
        Err(e) => return Decoded { error: Some(e), ..Decoded::default() },
    };
    let mut out = Decoded::default();
    match object_text(jws.header, "header") {
        Ok(text) => out.header_json = Some(text),
        Err(e) => out.error = Some(e),
    }
    match object_text(jws.payload, "claims") {
        Ok(text) => out.claims_json = Some(text),
        Err(e) => out.error = out.error.or(Some(e)),
    }
    out
}

fn object_text(bytes: Vec<u8>, part: &'static str) -> Result<String, Error> {
    let bad = |e: JsonError| {
        Error::TokenMalformed(match (part, e) {
            ("header", JsonError::Duplicate) => "header has a duplicate member name",
            ("header", _) => "header is not a JSON object",
            (_, JsonError::Duplicate) => "claims have a duplicate member name",
            _ => "claims are not a JSON object",
        })
    };
    json::parse_object(&bytes).map_err(bad)?;
    String::from_utf8(bytes).map_err(|_| bad(JsonError::Invalid))
}

//! Step 1 of the verification order: the compact serialization (RFC 7515 §7.1).
//! The size limit is checked before any decoding; then exactly three
//! segments, each strict base64url (see [`crate::base64url`]).

use crate::base64url;
use crate::error::Error;

/// Default size limit for a token, in bytes.
pub const DEFAULT_MAX_TOKEN_SIZE: usize = 8 * 1024;

/// A compact JWS split and decoded, nothing yet trusted.
#[derive(Debug)]
pub struct CompactJws<'t> {
    /// `BASE64URL(header) '.' BASE64URL(payload)`: the bytes that are signed.
    pub signing_input: &'t str,
    /// The decoded protected header (JSON text, not yet parsed).
    pub header: Vec<u8>,
    /// The decoded payload.
    pub payload: Vec<u8>,
    /// The decoded signature.
    pub signature: Vec<u8>,
}

impl<'t> CompactJws<'t> {
    /// Splits and decodes `token`.
    ///
    /// # Errors
    /// [`Error::TokenMalformed`] when the token is longer than `max_size`
    /// bytes, has other than three segments, or a segment is not canonical
    /// unpadded base64url.
    pub fn parse(token: &'t str, max_size: usize) -> Result<Self, Error> {
        if token.len() > max_size {
            return Err(Error::TokenMalformed("token is larger than the size limit"));
        }
        let mut parts = token.split('.');
        let (Some(h), Some(p), Some(s), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return Err(Error::TokenMalformed("a token has exactly three segments"));
        };
        let signing_input = token.get(..h.len() + 1 + p.len()).unwrap_or_default();
        Ok(Self {
            signing_input,
            header: segment(h, "header is not base64url")?,
            payload: segment(p, "payload is not base64url")?,
            signature: segment(s, "signature is not base64url")?,
        })
    }
}

fn segment(text: &str, why: &'static str) -> Result<Vec<u8>, Error> {
    base64url::decode_public(text).ok_or(Error::TokenMalformed(why))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn splits_three_segments() {
        let jws = CompactJws::parse("eyJhIjoxfQ.cGF5.c2ln", 100).unwrap();
        assert_eq!(jws.signing_input, "eyJhIjoxfQ.cGF5");
        assert_eq!(jws.header, br#"{"a":1}"#);
        assert_eq!(jws.payload, b"pay");
        assert_eq!(jws.signature, b"sig");
    }

    #[test]
    fn wrong_segment_counts() {
        for t in ["", "a", "a.b", "a.b.c.d", "a.b.c.d.e", "...", "eyJhIjoxfQ.cGF5.c2ln."] {
            assert!(matches!(CompactJws::parse(t, 100), Err(Error::TokenMalformed(_))), "{t:?}");
        }
    }

    #[test]
    fn size_limit_before_decoding() {
        let big = format!("{}.e30.", "!".repeat(200));
        assert_eq!(
            CompactJws::parse(&big, 100).unwrap_err(),
            Error::TokenMalformed("token is larger than the size limit")
        );
    }

    #[test]
    fn strict_base64url_in_every_segment() {
        for t in ["eyJhIjoxfQ==.cGF5.c2ln", "eyJhIjoxfQ.cGF5.c2l+", "eyJhIjoxfQ.cG F5.c2ln", "eyJhIjoxfQ.cGF5.AB"] {
            assert!(matches!(CompactJws::parse(t, 100), Err(Error::TokenMalformed(_))), "{t:?}");
        }
    }
}

//! Strict base64url (RFC 4648 §5, RFC 7515 §2): no padding, no characters
//! outside the URL-safe alphabet, no whitespace, and canonical trailing bits.
//! Decoding is constant-time with respect to the data (RustCrypto `base64ct`).

use base64ct::{Base64UrlUnpadded, Encoding};

/// Decodes an unpadded, canonical base64url string.
///
/// # Errors
/// `None` when the text is not canonical unpadded base64url.
#[must_use]
pub fn decode(text: &str) -> Option<Vec<u8>> {
    Base64UrlUnpadded::decode_vec(text).ok()
}

/// Encodes bytes as unpadded base64url.
#[must_use]
pub fn encode(bytes: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_canonical_unpadded() {
        assert_eq!(decode("AA").as_deref(), Some(&[0u8][..]));
        assert_eq!(decode("_-8").as_deref(), Some(&[0xff, 0xef][..]));
        assert_eq!(decode("").as_deref(), Some(&[][..]));
    }

    #[test]
    fn rejects_padding_other_alphabets_and_whitespace() {
        for bad in ["AA==", "AA=", "+/8", "A A", "AA\n", "A", "AAAAA", "?A"] {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn rejects_non_canonical_trailing_bits() {
        // "AB" carries a set bit past the single encoded byte (Wycheproof JWS tcId 375).
        assert_eq!(decode("AB"), None);
        assert_eq!(decode("AAB"), None);
    }
}

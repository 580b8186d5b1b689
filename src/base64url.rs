//! Strict base64url (RFC 4648 §5, RFC 7515 §2): no padding, no characters
//! outside the URL-safe alphabet, no whitespace, and canonical trailing bits.
//! [`decode`] is constant-time with respect to the data (RustCrypto
//! `base64ct`), for key material; [`decode_public`] is a table decoder with the
//! same strictness for token segments, which hold no secret of ours.

use base64ct::{Base64UrlUnpadded, Encoding};

/// Decodes an unpadded, canonical base64url string.
///
/// # Errors
/// `None` when the text is not canonical unpadded base64url.
#[must_use]
pub fn decode(text: &str) -> Option<Vec<u8>> {
    Base64UrlUnpadded::decode_vec(text).ok()
}

/// Sextet of each base64url character; `INVALID` for every other byte.
const INVALID: u8 = 0xff;
// Indexes are a u8 (< 256) and i < 64 < alphabet.len(): no index can be out of bounds.
#[allow(clippy::indexing_slicing)]
const SEXTETS: [u8; 256] = {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        table[alphabet[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// Decodes an unpadded, canonical base64url string exactly as [`decode`]
/// does, several times faster, but in time that depends on the data. For
/// token segments only: they are the sender's own bytes, and a forged HS256
/// tag is still compared in constant time after decoding.
///
/// # Errors
/// `None` when the text is not canonical unpadded base64url.
#[must_use]
pub fn decode_public(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3 + 2);
    let mut chunks = bytes.chunks_exact(4);
    for chunk in &mut chunks {
        let mut n: u32 = 0;
        for &c in chunk {
            n = (n << 6) | sextet(c)?;
        }
        let [_, a, b, c] = n.to_be_bytes();
        out.extend_from_slice(&[a, b, c]);
    }
    let rest = chunks.remainder();
    let mut n: u32 = 0;
    for &c in rest {
        n = (n << 6) | sextet(c)?;
    }
    // Unused trailing bits must be zero (canonical encoding, RFC 4648 §3.5).
    match rest.len() {
        0 => {}
        2 if n & 0xf == 0 => out.push((n >> 4) as u8),
        3 if n & 0x3 == 0 => out.extend_from_slice(&((n >> 2) as u16).to_be_bytes()),
        _ => return None,
    }
    Some(out)
}

fn sextet(c: u8) -> Option<u32> {
    let v = SEXTETS.get(usize::from(c)).copied().unwrap_or(INVALID);
    (v != INVALID).then_some(u32::from(v))
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
    #[allow(clippy::indexing_slicing)]
    fn public_decoder_agrees_with_the_constant_time_one() {
        let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/= .\n";
        let mut seed = 7u32;
        for len in 0..40 {
            for _ in 0..200 {
                let text: String = (0..len)
                    .map(|_| {
                        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                        let pick = (seed >> 16) as usize % if seed & 1 == 0 { 64 } else { alphabet.len() };
                        alphabet.as_bytes()[pick] as char
                    })
                    .collect();
                assert_eq!(decode_public(&text), decode(&text), "{text:?}");
            }
        }
        for bad in ["AA==", "+/8", "A", "AB", "AAB", "AAAAA", "\u{e9}AAA"] {
            assert_eq!(decode_public(bad), None, "{bad:?}");
        }
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(decode_public(&encode(&all)), Some(all));
    }

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

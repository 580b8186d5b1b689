//! The SHA-256 digest an API key is filed under, and the map hashing that
//! uses it as it is.
//!
//! A digest is already uniformly distributed, so its own bytes (its four
//! 8-byte words XORed) serve as the map's hash: no second hash function per
//! lookup, and no hash seed to keep secret. An attacker cannot steer a lookup into long probe sequences:
//! that needs presented keys whose digests land on the slots of stored
//! digests it does not know, and finding a key for a chosen digest prefix
//! costs a SHA-256 partial preimage search per attempt.

use sha2::{Digest as _, Sha256};
use std::hash::{BuildHasherDefault, Hash, Hasher};
use zeroize::Zeroizing;

/// The SHA-256 of an API key (or of its secret).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct KeyDigest(pub(crate) [u8; 32]);

impl KeyDigest {
    /// SHA-256 of `bytes`; the intermediate buffer is wiped.
    #[must_use]
    pub fn of(bytes: &[u8]) -> Self {
        let digest = Zeroizing::new(<[u8; 32]>::from(Sha256::digest(bytes)));
        Self(*digest)
    }

    /// Reads 64 hex digits (either case) or 43 base64url characters.
    ///
    /// # Errors
    /// A message when the text is neither.
    pub fn parse(text: &str) -> Result<Self, &'static str> {
        const WRONG: &str = "must be a SHA-256 digest: 64 hex digits or 43 base64url characters";
        let bytes = if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
            let pair = |i: usize| text.get(2 * i..2 * i + 2).and_then(|h| u8::from_str_radix(h, 16).ok());
            (0..32).map(pair).collect::<Option<Vec<u8>>>()
        } else if text.len() == 43 {
            crate::base64url::decode(text)
        } else {
            None
        };
        bytes.and_then(|b| <[u8; 32]>::try_from(b).ok()).map(Self).ok_or(WRONG)
    }

    /// Lower-case hex, the form a store is keyed by.
    #[must_use]
    pub fn to_hex(&self) -> String {
        let digit = |n: u8| char::from_digit(u32::from(n), 16).unwrap_or('0');
        let mut out = String::with_capacity(64);
        for byte in self.0 {
            out.push(digit(byte >> 4));
            out.push(digit(byte & 15));
        }
        out
    }

    /// The digest's bytes.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl std::fmt::Debug for KeyDigest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeyDigest([redacted])")
    }
}

impl Hash for KeyDigest {
    /// The four 8-byte words of the digest, XORed: as uniform as the digest
    /// for real SHA-256 values, and still spread for digests that are not
    /// (a config written by hand with zero-padded test values).
    fn hash<H: Hasher>(&self, state: &mut H) {
        let word = |chunk: &[u8]| {
            let mut bytes = [0u8; 8];
            bytes.copy_from_slice(chunk);
            u64::from_le_bytes(bytes)
        };
        state.write_u64(self.0.chunks_exact(8).map(word).fold(0, |a, w| a ^ w));
    }
}

/// A hasher that passes the word [`KeyDigest`] writes through.
#[derive(Default)]
pub struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used by `KeyDigest`; fold anything else in.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Map keyed by digest, hashed by [`PassThrough`].
pub type DigestMap<V> = std::collections::HashMap<KeyDigest, V, BuildHasherDefault<PassThrough>>;

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn hex_and_base64url_read_the_same_digest() {
        let d = KeyDigest::of(b"live_abc");
        let hex = d.to_hex();
        assert_eq!(hex.len(), 64);
        assert!(KeyDigest::parse(&hex).unwrap() == d);
        assert!(KeyDigest::parse(&hex.to_ascii_uppercase()).unwrap() == d);
        assert!(KeyDigest::parse(&crate::base64url::encode(d.as_bytes())).unwrap() == d);
        for bad in ["", "abc", &"g".repeat(64), &"A".repeat(44)] {
            assert!(KeyDigest::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(format!("{d:?}"), "KeyDigest([redacted])");
    }

    #[test]
    fn the_map_finds_by_digest() {
        let mut map = DigestMap::default();
        for i in 0..1000u32 {
            map.insert(KeyDigest::of(&i.to_le_bytes()), i);
        }
        for i in 0..1000u32 {
            assert_eq!(map.get(&KeyDigest::of(&i.to_le_bytes())), Some(&i));
        }
        assert_eq!(map.get(&KeyDigest::of(b"other")), None);
    }
}

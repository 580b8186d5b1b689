//! HS256 keys (RFC 7518 §3.2): HMAC-SHA256 with a secret of at least 32 bytes
//! (the hash size, RFC 7518 §3.2 "a key of the same size as the hash output
//! or larger MUST be used"). The tag is compared in constant time.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::fmt;
use zeroize::Zeroizing;

/// Smallest HS256 secret accepted, in bytes.
pub const MIN_SECRET_LEN: usize = 32;
/// Largest HS256 secret accepted, in bytes.
pub const MAX_SECRET_LEN: usize = 1024;

/// An HS256 verification secret. Never printed; wiped on drop.
#[derive(Clone)]
pub struct Hs256Key {
    secret: Zeroizing<Vec<u8>>,
    /// HMAC state with the key's inner and outer pads already absorbed, so a
    /// verification hashes only the message. It is derived from the secret;
    /// `hmac` 0.12 offers no way to wipe it, which is accepted for the speed.
    prepared: Hmac<Sha256>,
    /// Whether the key may issue tokens: false when its JWK `key_ops` does
    /// not list `sign` (RFC 7517 §4.3).
    may_sign: bool,
}

impl Hs256Key {
    /// Builds a key from the raw secret.
    ///
    /// # Errors
    /// A message when the secret is shorter than [`MIN_SECRET_LEN`] or longer
    /// than [`MAX_SECRET_LEN`] bytes.
    pub fn new(secret: Vec<u8>) -> Result<Self, &'static str> {
        let secret = Zeroizing::new(secret);
        if secret.len() < MIN_SECRET_LEN {
            return Err("HS256 key must be at least 32 bytes");
        }
        if secret.len() > MAX_SECRET_LEN {
            return Err("HS256 key must be at most 1024 bytes");
        }
        let prepared = Hmac::<Sha256>::new_from_slice(&secret).map_err(|_| "HS256 key is not usable")?;
        Ok(Self { secret, prepared, may_sign: true })
    }

    /// Whether `tag` is the HMAC-SHA256 of `message`: exactly 32 bytes, compared
    /// in constant time (truncated tags are refused).
    #[must_use]
    pub fn verify(&self, message: &[u8], tag: &[u8]) -> bool {
        let mut mac = self.prepared.clone();
        mac.update(message);
        mac.verify_slice(tag).is_ok()
    }

    /// The same key, marked as one that may only verify.
    #[must_use]
    pub fn verify_only(mut self) -> Self {
        self.may_sign = false;
        self
    }

    /// Whether [`crate::sign`] may issue tokens with this key.
    #[must_use]
    pub fn may_sign(&self) -> bool {
        self.may_sign
    }

    /// HMAC-SHA256 of `message` (for issuing tokens; see [`Hs256Key::may_sign`]).
    #[must_use]
    pub fn sign(&self, message: &[u8]) -> [u8; 32] {
        let mut mac = self.prepared.clone();
        mac.update(message);
        mac.finalize().into_bytes().into()
    }

    /// Whether two keys hold the same secret (constant time).
    #[must_use]
    pub fn same_secret(&self, other: &Self) -> bool {
        use subtle::ConstantTimeEq;
        self.secret.as_slice().ct_eq(other.secret.as_slice()).into()
    }
}

impl fmt::Debug for Hs256Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Hs256Key([redacted])")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn length_limits() {
        assert!(Hs256Key::new(vec![7; 31]).is_err());
        assert!(Hs256Key::new(vec![7; 32]).is_ok());
        assert!(Hs256Key::new(vec![7; 1025]).is_err());
    }

    #[test]
    fn verifies_full_tags_only() {
        let key = Hs256Key::new(vec![1; 32]).unwrap();
        let tag = key.sign(b"msg");
        assert!(key.verify(b"msg", &tag));
        assert!(!key.verify(b"msh", &tag));
        assert!(!key.verify(b"msg", &tag[..16]));
        assert!(!key.verify(b"msg", &[]));
    }

    #[test]
    fn debug_is_redacted() {
        let key = Hs256Key::new(vec![0x41; 32]).unwrap();
        assert_eq!(format!("{key:?}"), "Hs256Key([redacted])");
    }
}

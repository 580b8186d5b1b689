//! ES256 keys (RFC 7518 §3.4): ECDSA on P-256 with SHA-256. The signature is
//! exactly 64 bytes `R‖S`; DER and any other length are refused, and `r`, `s`
//! must lie in `[1, n−1]` (the "psychic signature" check, CVE-2022-21449).
//! High-S signatures are valid: neither ECDSA nor JWS require low-S.

use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{Signature, VerifyingKey};
use p256::EncodedPoint;

/// Whether `signature` has the ES256 form: exactly 64 bytes `R‖S` with `r`
/// and `s` in `[1, n−1]`. Checked here before any verifier sees it, WebCrypto
/// included (implementations differ on these edge cases).
#[must_use]
pub fn signature_well_formed(signature: &[u8]) -> bool {
    signature.len() == 64 && Signature::from_slice(signature).is_ok()
}

/// A P-256 public key for ES256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Es256Key {
    key: VerifyingKey,
}

impl Es256Key {
    /// Builds a key from its affine coordinates (32 bytes each, big-endian).
    ///
    /// # Errors
    /// A message when a coordinate is not 32 bytes or the point is not on
    /// P-256 (the identity included).
    pub fn from_coordinates(x: &[u8], y: &[u8]) -> Result<Self, &'static str> {
        if x.len() != 32 || y.len() != 32 {
            return Err("P-256 coordinates must be 32 bytes each");
        }
        let point = EncodedPoint::from_affine_coordinates(x.into(), y.into(), false);
        VerifyingKey::from_encoded_point(&point)
            .map(|key| Self { key })
            .map_err(|_| "point is not on the P-256 curve")
    }

    /// Builds a key from an uncompressed SEC1 point (`04‖X‖Y`).
    ///
    /// # Errors
    /// A message when the bytes are not a point on P-256.
    pub fn from_sec1(bytes: &[u8]) -> Result<Self, &'static str> {
        VerifyingKey::from_sec1_bytes(bytes).map(|key| Self { key }).map_err(|_| "point is not on the P-256 curve")
    }

    /// Whether `signature` (64 bytes `R‖S`) is valid for `message`.
    #[must_use]
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        if signature.len() != 64 {
            return false;
        }
        // `from_slice` refuses r or s equal to zero or not below the group order.
        Signature::from_slice(signature).is_ok_and(|sig| self.key.verify(message, &sig).is_ok())
    }

    /// The uncompressed SEC1 encoding (`04‖X‖Y`).
    #[must_use]
    pub fn to_sec1(&self) -> Vec<u8> {
        self.key.to_encoded_point(false).as_bytes().to_vec()
    }

    /// The key as a public JWK, `{"kty":"EC","crv":"P-256","x":…,"y":…}`
    /// (for WebCrypto's `importKey`).
    #[must_use]
    pub fn to_jwk_json(&self) -> String {
        let point = self.key.to_encoded_point(false);
        let coordinate = |c: Option<&p256::FieldBytes>| c.map(|b| crate::base64url::encode(b)).unwrap_or_default();
        format!(r#"{{"kty":"EC","crv":"P-256","x":"{}","y":"{}"}}"#, coordinate(point.x()), coordinate(point.y()))
    }
}

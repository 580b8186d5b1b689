//! Step 3 of the verification order: key selection. A token's `kid` must match
//! a configured key exactly, and that key must be bound to the token's `alg`:
//! an HMAC secret is never tried as an ECDSA key or the reverse (the
//! algorithm-confusion attack, RFC 8725 §2.1).

pub mod es256;
pub mod hs256;
pub mod jwk;

use crate::alg::Algorithm;
use crate::error::Error;
use crate::header::KeyId;
use es256::Es256Key;
use hs256::Hs256Key;
use jwk::SkippedKey;

/// A verification key, bound to exactly one algorithm.
#[derive(Debug, Clone)]
pub enum Key {
    /// An HMAC secret for HS256.
    Hs256(Hs256Key),
    /// A P-256 public key for ES256.
    Es256(Es256Key),
}

impl Key {
    /// The one algorithm this key verifies.
    #[must_use]
    pub fn algorithm(&self) -> Algorithm {
        match self {
            Self::Hs256(_) => Algorithm::Hs256,
            Self::Es256(_) => Algorithm::Es256,
        }
    }

    /// Step 4: whether `signature` is valid for `message` under this key.
    #[must_use]
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        match self {
            Self::Hs256(k) => k.verify(message, signature),
            Self::Es256(k) => k.verify(message, signature),
        }
    }
}

/// An immutable set of keys, looked up by `kid`, with the keys of the
/// configured JWK Set that were skipped ([`jwk`]).
#[derive(Debug, Clone, Default)]
pub struct KeySet {
    entries: Vec<(String, Key)>,
    skipped: Vec<SkippedKey>,
}

/// The keys a token may be verified with.
#[derive(Debug)]
pub enum Candidates<'k> {
    /// The key its `kid` names.
    One(&'k str, &'k Key),
    /// No `kid` and none required: every key bound to the token's `alg`.
    AllFor(&'k KeySet, Algorithm),
}

impl KeySet {
    pub(crate) fn from_entries(entries: Vec<(String, Key)>, skipped: Vec<SkippedKey>) -> Self {
        Self { entries, skipped }
    }

    /// The keys of the JWK Set that tollgate does not verify with, and why.
    #[must_use]
    pub fn skipped(&self) -> &[SkippedKey] {
        &self.skipped
    }

    /// Number of keys.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the set is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The key with this exact `kid`.
    #[must_use]
    pub fn get(&self, kid: &str) -> Option<&Key> {
        self.entries.iter().find(|(k, _)| k == kid).map(|(_, key)| key)
    }

    /// Iterates `(kid, key)` pairs in config order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Key)> {
        self.entries.iter().map(|(k, key)| (k.as_str(), key))
    }

    /// Selects the keys for a token with this `kid` and `alg`.
    ///
    /// # Errors
    /// [`Error::KeyNotFound`] for an unknown or non-string `kid`, or a missing
    /// one when `require_kid`; [`Error::AlgNotAllowed`] when the named key is
    /// bound to another algorithm.
    pub fn select(&self, kid: &KeyId, alg: Algorithm, require_kid: bool) -> Result<Candidates<'_>, Error> {
        match kid {
            KeyId::Name(name) => {
                let (kid, key) = self.entries.iter().find(|(k, _)| k == name).ok_or(Error::KeyNotFound)?;
                if key.algorithm() == alg {
                    Ok(Candidates::One(kid, key))
                } else {
                    Err(Error::AlgNotAllowed)
                }
            }
            KeyId::NotAString => Err(Error::KeyNotFound),
            KeyId::Absent if require_kid => Err(Error::KeyNotFound),
            KeyId::Absent if self.iter().any(|(_, k)| k.algorithm() == alg) => Ok(Candidates::AllFor(self, alg)),
            KeyId::Absent => Err(Error::KeyNotFound),
        }
    }
}

/// Step 4 format rules, before any key is used: an HS256 tag is 32 bytes; an
/// ES256 signature is 64 bytes `R‖S` with `r`, `s` in `[1, n−1]`.
#[must_use]
pub fn signature_well_formed(alg: Algorithm, signature: &[u8]) -> bool {
    match alg {
        Algorithm::Hs256 => signature.len() == 32,
        Algorithm::Es256 => es256::signature_well_formed(signature),
    }
}

impl<'k> Candidates<'k> {
    /// The `kid`s of the candidate keys, in the order they are tried.
    #[must_use]
    pub fn kids(&self) -> Vec<&'k str> {
        match *self {
            Self::One(kid, _) => vec![kid],
            Self::AllFor(set, alg) => set.iter().filter(|(_, key)| key.algorithm() == alg).map(|(kid, _)| kid).collect(),
        }
    }

    /// The candidate with this `kid`, as held by the key set.
    #[must_use]
    pub fn find(&self, kid: &str) -> Option<&'k str> {
        self.kids().into_iter().find(|k| *k == kid)
    }

    /// Step 4: the `kid` of the key that verifies `signature`, if any.
    #[must_use]
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> Option<&'k str> {
        match *self {
            Self::One(kid, key) => key.verify(message, signature).then_some(kid),
            Self::AllFor(set, alg) => set
                .iter()
                .filter(|(_, key)| key.algorithm() == alg)
                .find(|(_, key)| key.verify(message, signature))
                .map(|(kid, _)| kid),
        }
    }
}

//! Step 3 of the verification order: key selection. A token's `kid` must match
//! a configured key exactly, and that key must be bound to the token's `alg`:
//! an HMAC secret is never tried as an ECDSA key or the reverse (the
//! algorithm-confusion attack, RFC 8725 §2.1).

pub mod es256;
pub mod hs256;
pub mod jwk;
pub mod source;

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

/// Why no key was selected ([`Error::KeyNotFound`]): each cause its own text.
pub const UNKNOWN_KID: &str = "no key matches the token's key id";
/// The token's header has no `kid` while the guard requires one.
pub const KID_REQUIRED: &str = "token has no key id (kid) and this guard requires one";
/// The token's `kid` is a number, object or other non-string.
pub const KID_NOT_A_STRING: &str = "token's key id (kid) is not a string";
/// A token without `kid` (allowed) whose algorithm no configured key has.
pub const NO_KEY_FOR_ALG: &str = "token has no key id (kid) and no key of its algorithm is configured";

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

    /// Selects the keys for a token with this `kid` and `alg`. A token
    /// without `kid`, when none is required, is tried with every key bound to
    /// its `alg`, in config order (RFC 7515 §4.1.4: `kid` is optional); never
    /// with a key of another algorithm.
    ///
    /// # Errors
    /// [`Error::KeyNotFound`], saying which: an unknown `kid`, a `kid` that is
    /// not a string, a missing one when `require_kid`, or (without `kid`) no
    /// key of the token's `alg`; [`Error::AlgNotAllowed`] when the named key
    /// is bound to another algorithm.
    pub fn select(&self, kid: &KeyId, alg: Algorithm, require_kid: bool) -> Result<Candidates<'_>, Error> {
        match kid {
            KeyId::Name(name) => {
                let (kid, key) = self.entries.iter().find(|(k, _)| k == name).ok_or(Error::KeyNotFound(UNKNOWN_KID))?;
                if key.algorithm() == alg {
                    Ok(Candidates::One(kid, key))
                } else {
                    Err(Error::AlgNotAllowed)
                }
            }
            KeyId::NotAString => Err(Error::KeyNotFound(KID_NOT_A_STRING)),
            KeyId::Absent if require_kid => Err(Error::KeyNotFound(KID_REQUIRED)),
            KeyId::Absent if self.iter().any(|(_, k)| k.algorithm() == alg) => Ok(Candidates::AllFor(self, alg)),
            KeyId::Absent => Err(Error::KeyNotFound(NO_KEY_FOR_ALG)),
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

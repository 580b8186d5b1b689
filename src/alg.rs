//! The JWS algorithms tollgate verifies (RFC 7518 §3.2 HS256, §3.4 ES256).
//! `none` and every other name are not representable.

/// A supported signature algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// HMAC with SHA-256 (RFC 7518 §3.2).
    Hs256,
    /// ECDSA on P-256 with SHA-256, 64-byte `R‖S` (RFC 7518 §3.4).
    Es256,
}

impl Algorithm {
    /// Parses a JOSE `alg` name, exactly and case-sensitively (RFC 7515 §4.1.1).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "HS256" => Some(Self::Hs256),
            "ES256" => Some(Self::Es256),
            _ => None,
        }
    }

    /// The JOSE name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Hs256 => "HS256",
            Self::Es256 => "ES256",
        }
    }

    fn bit(self) -> u8 {
        match self {
            Self::Hs256 => 1,
            Self::Es256 => 2,
        }
    }
}

/// The allow-list of algorithms a guard accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlgorithmSet(u8);

impl AlgorithmSet {
    /// HS256 and ES256: the default.
    pub const ALL: Self = Self(3);
    /// The empty set.
    pub const NONE: Self = Self(0);

    /// This set plus `alg`.
    #[must_use]
    pub fn with(self, alg: Algorithm) -> Self {
        Self(self.0 | alg.bit())
    }

    /// Whether `alg` is allowed.
    #[must_use]
    pub fn contains(self, alg: Algorithm) -> bool {
        self.0 & alg.bit() != 0
    }

    /// Whether no algorithm is allowed.
    #[must_use]
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl Default for AlgorithmSet {
    fn default() -> Self {
        Self::ALL
    }
}

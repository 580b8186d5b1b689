//! Key environments: `live` and `test`. A key's environment is its entry's
//! `environment`, or else the prefix of the key itself (`live_…`, `test_…`).
//! A key whose prefix names one environment while its entry names the other
//! is refused: the table was set up wrongly, and guessing would be unsafe.

use crate::error::ConfigError;

/// The environment a key belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    /// Production keys (`live_…`).
    Live,
    /// Sandbox keys (`test_…`).
    Test,
}

impl Environment {
    /// Reads `live` or `test` from config.
    ///
    /// # Errors
    /// [`ConfigError`] at `environment` for any other value.
    pub fn from_config(name: &str) -> Result<Self, ConfigError> {
        match name {
            "live" => Ok(Self::Live),
            "test" => Ok(Self::Test),
            _ => Err(ConfigError::new("environment", "must be \"live\" or \"test\"")),
        }
    }

    /// `live` or `test`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Live => "live",
            Self::Test => "test",
        }
    }

    /// The environment a key's prefix names, if any.
    #[must_use]
    pub fn of_prefix(key: &str) -> Option<Self> {
        if key.starts_with("live_") {
            Some(Self::Live)
        } else if key.starts_with("test_") {
            Some(Self::Test)
        } else {
            None
        }
    }
}

/// The environment of a presented key whose entry says `configured`:
/// `Some(env)` (possibly `Some(None)`: no environment at all), or `None` when
/// prefix and entry disagree.
pub(crate) fn of_key(presented: &str, configured: Option<Environment>) -> Option<Option<Environment>> {
    match (Environment::of_prefix(presented), configured) {
        (Some(p), Some(c)) if p != c => None,
        (p, c) => Some(c.or(p)),
    }
}

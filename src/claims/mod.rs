//! Step 5 of the verification order: the claims set (RFC 7519 §4), read only
//! after the signature holds. The payload must be an I-JSON object (no
//! duplicate members), then [`time`] and [`identity`] checks run in the order
//! below.

pub mod identity;
pub mod time;

use crate::config::Policy;
use crate::error::Error;
use crate::header::Header;
use crate::json::{self, Json, JsonError, Members};

/// The members of a verified payload.
#[derive(Debug)]
pub struct Claims<'a> {
    members: Members<'a>,
}

impl<'a> Claims<'a> {
    /// Parses the decoded payload.
    ///
    /// # Errors
    /// [`Error::TokenMalformed`] when the payload is not an I-JSON object.
    pub fn parse(payload: &'a [u8]) -> Result<Self, Error> {
        json::parse_object(payload)
            .map(|members| Self { members })
            .map_err(|e| match e {
                JsonError::Duplicate => Error::TokenMalformed("claims have a duplicate member name"),
                JsonError::NotObject | JsonError::Invalid => Error::TokenMalformed("claims are not a JSON object"),
            })
    }

    pub(crate) fn get(&self, name: &str) -> Option<&Json<'a>> {
        self.members.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// Whether a member with this name is present (with any value, `null` included).
    #[must_use]
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The value of a string claim.
    #[must_use]
    pub fn get_str(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(Json::as_str)
    }

    /// Checks every claim rule of the policy at time `now` (Unix seconds), in
    /// this order: `exp` present, date types, `exp`, `nbf`, `iat`,
    /// `maxTokenAge`, `iss`, `aud`, `typ`, required claims.
    ///
    /// # Errors
    /// The first rule that fails, as [`Error::ClaimMissing`],
    /// [`Error::ClaimInvalid`], [`Error::TokenExpired`],
    /// [`Error::TokenNotYetValid`] or [`Error::TokenTooOld`].
    pub fn check(&self, header: &Header, policy: &Policy, now: f64) -> Result<(), Error> {
        self.check_dates(header, policy, now).map(drop)
    }

    /// [`Claims::check`], answering the date claims it read (read once).
    ///
    /// # Errors
    /// As [`Claims::check`].
    pub fn check_dates(&self, header: &Header, policy: &Policy, now: f64) -> Result<time::Dates, Error> {
        let dates = time::Dates::read(self, policy)?;
        dates.check(policy, now)?;
        identity::check(self, header, policy)?;
        Ok(dates)
    }
}

//! Acting for an account: a platform credential may send a request on behalf
//! of one of the accounts it manages, named in a request header
//! (`X-Account-Id: acc-7`). A route binds that header to a claim
//! (`accountHeader: "X-Account-Id", accountClaim: "accounts"`); the header's
//! value must then equal the claim (a string) or one of its elements (an
//! array of strings), byte for byte. Otherwise the answer is 403
//! [`Error::AccountForbidden`], before anything goes upstream.
//!
//! A request without the header does not act for another account and is not
//! affected. A header sent twice arrives joined with `", "` and so matches no
//! account. The client's header never goes upstream in any spelling (it is a
//! reserved header, [`crate::forward::ReservedHeaders`]); on a route that
//! binds it, the checked value is forwarded by the guard instead.

use crate::claims::Claims;
use crate::error::{ConfigError, Error};
use crate::json::Json;
use crate::syntax::is_tchar;

/// Headers an account may never be named in: framing, routing, credentials,
/// and tollgate's own identity headers.
const FORBIDDEN: &[&str] = &["authorization", "cookie", "host", "content-length", "content-type", "transfer-encoding"];

/// A compiled `accountHeader` / `accountClaim` pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountBinding {
    /// The header name, lower-case.
    header: String,
    /// The header name as configured, for forwarding.
    name: String,
    claim: String,
}

impl AccountBinding {
    /// Validates the pair: both or neither must be given.
    ///
    /// # Errors
    /// [`ConfigError`] at `accountHeader` (not a header name, a reserved
    /// `X-Auth-*` or credential header, or given without `accountClaim`) or at
    /// `accountClaim` (empty, or given without `accountHeader`).
    #[inline(never)] // config code: compiled only when the field is there (cold start)
    pub fn compile(header: Option<&str>, claim: Option<&str>) -> Result<Option<Self>, ConfigError> {
        let (header, claim) = match (header, claim) {
            (None, None) => return Ok(None),
            (Some(_), None) => return Err(ConfigError::new("accountClaim", "is required with accountHeader")),
            (None, Some(_)) => return Err(ConfigError::new("accountHeader", "is required with accountClaim")),
            (Some(h), Some(c)) => (h, c),
        };
        if header.is_empty() || !header.bytes().all(is_tchar) {
            return Err(ConfigError::new("accountHeader", "must be an HTTP header name such as \"X-Account-Id\""));
        }
        let lower = header.to_ascii_lowercase();
        let folded = crate::forward::fold_name(header);
        if folded.starts_with(crate::forward::RESERVED_PREFIX) || FORBIDDEN.contains(&folded.as_str()) {
            return Err(ConfigError::new("accountHeader", "must not be a framing, credential or X-Auth-* header"));
        }
        if claim.is_empty() {
            return Err(ConfigError::new("accountClaim", "must not be empty"));
        }
        Ok(Some(Self { header: lower, name: header.to_owned(), claim: claim.to_owned() }))
    }

    /// The header name, lower-case.
    #[must_use]
    pub fn header(&self) -> &str {
        &self.header
    }

    /// The header name as configured (`X-Account-Id`).
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The claim listing the accounts.
    #[must_use]
    pub fn claim(&self) -> &str {
        &self.claim
    }

    /// Whether a credential with `claims` may act for the account in the
    /// header value `requested` (`None`: header absent).
    ///
    /// # Errors
    /// [`Error::AccountForbidden`] when the header is present and its value is
    /// not the claim or one of its elements (an absent or non-string claim
    /// lists no account).
    pub fn check(&self, claims: &Claims<'_>, requested: Option<&str>) -> Result<(), Error> {
        let Some(requested) = requested else { return Ok(()) };
        let listed = match claims.get(&self.claim) {
            Some(Json::String(account)) => account == requested,
            Some(Json::Strings(accounts)) => accounts.iter().any(|a| a == requested),
            _ => false,
        };
        if listed && !requested.is_empty() {
            Ok(())
        } else {
            Err(Error::AccountForbidden)
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
    use super::*;

    fn binding() -> AccountBinding {
        AccountBinding::compile(Some("X-Account-Id"), Some("accounts")).unwrap().unwrap()
    }

    #[test]
    fn platform_token_acts_only_for_listed_accounts() {
        let claims = Claims::parse(br#"{"sub":"platform-1","accounts":["acc-1","acc-2"]}"#).unwrap();
        let b = binding();
        assert_eq!(b.check(&claims, Some("acc-1")), Ok(()));
        assert_eq!(b.check(&claims, Some("acc-2")), Ok(()));
        assert_eq!(b.check(&claims, Some("acc-3")), Err(Error::AccountForbidden));
        assert_eq!(b.check(&claims, Some("ACC-1")), Err(Error::AccountForbidden), "exact match only");
        assert_eq!(b.check(&claims, Some("acc-1, acc-2")), Err(Error::AccountForbidden), "two headers joined");
        assert_eq!(b.check(&claims, Some("")), Err(Error::AccountForbidden));
        assert_eq!(b.check(&claims, None), Ok(()), "not acting for another account");
        assert_eq!(Error::AccountForbidden.status(), 403);
        assert_eq!(Error::AccountForbidden.code(), "account_forbidden");
    }

    #[test]
    fn single_string_claim_and_missing_or_odd_claims() {
        let b = AccountBinding::compile(Some("X-Company-Id"), Some("companyId")).unwrap().unwrap();
        let one = Claims::parse(br#"{"companyId":"c-42"}"#).unwrap();
        assert_eq!(b.check(&one, Some("c-42")), Ok(()));
        assert_eq!(b.check(&one, Some("c-43")), Err(Error::AccountForbidden));
        for payload in [&br#"{}"#[..], br#"{"companyId":42}"#, br#"{"companyId":null}"#, br#"{"companyId":[1,2]}"#, br#"{"companyId":{"a":"c-42"}}"#] {
            let claims = Claims::parse(payload).unwrap();
            assert_eq!(b.check(&claims, Some("c-42")), Err(Error::AccountForbidden));
            assert_eq!(b.check(&claims, Some("42")), Err(Error::AccountForbidden));
        }
        assert_eq!(b.header(), "x-company-id");
        assert_eq!(b.claim(), "companyId");
    }

    #[test]
    fn config_errors_name_the_field() {
        assert_eq!(AccountBinding::compile(None, None).unwrap(), None);
        for (header, claim, path) in [
            (Some("X-Account-Id"), None, "accountClaim"),
            (None, Some("accounts"), "accountHeader"),
            (Some(""), Some("accounts"), "accountHeader"),
            (Some("X Account"), Some("accounts"), "accountHeader"),
            (Some("Authorization"), Some("accounts"), "accountHeader"),
            (Some("x-auth-subject"), Some("accounts"), "accountHeader"),
            (Some("X_Auth_Subject"), Some("accounts"), "accountHeader"),
            (Some("X-Account-Id"), Some(""), "accountClaim"),
        ] {
            assert_eq!(AccountBinding::compile(header, claim).unwrap_err().path, path, "{header:?} {claim:?}");
        }
    }
}

//! `authorize`: one HTTP request in, one [`Decision`] out. The steps, in order:
//!
//! 1. route: the request path is checked ([`crate::routes::check_request_path`],
//!    400 `invalid_request`) and the first matching route is found (404 `not_found`);
//! 2. a `public` route is allowed without looking at credentials;
//! 3. credentials: the `Authorization` header ([`crate::credentials`]):
//!    none → 401 `token_missing`, malformed or several → 400 `invalid_request`;
//! 4. the token: [`Guard::verify`] (DESIGN.md steps 1–5 and the granted scopes);
//! 5. the route's scopes: all of `scopes`, and one of `anyScopes` → else 403;
//! 6. identity headers for the upstream ([`crate::forward`]).
//!
//! A refused decision carries its RFC 6750 §3 `WWW-Authenticate` challenge.

mod challenge;
mod output;

use std::collections::BTreeMap;

pub use challenge::{challenge, validate_realm};
pub use output::decision_json;

use crate::alg::Algorithm;
use crate::claims::Claims;
use crate::credentials::{parse_authorization, Credential};
use crate::error::{ConfigError, Error};
use crate::forward::ForwardClaims;
use crate::guard::{Guard, Verified, VerifyOptions};
use crate::routes::{RawRoute, RoutePolicy, RouteTable};

/// The request-facing part of the config: `routes`, `realm`, `forwardClaims`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EdgePolicy {
    /// `None` when `routes` was not configured: every request then needs a
    /// valid token and no particular scope.
    routes: Option<RouteTable>,
    realm: Option<String>,
    forward: ForwardClaims,
}

impl EdgePolicy {
    /// Validates and compiles the three request-facing config fields.
    ///
    /// # Errors
    /// [`ConfigError`] naming the field: `routes[2].path`, `realm`,
    /// `forwardClaims.companyId`.
    pub fn compile(
        routes: Option<&[RawRoute]>,
        realm: Option<&str>,
        forward_claims: Option<&BTreeMap<String, String>>,
    ) -> Result<Self, ConfigError> {
        let routes = routes.map(RouteTable::compile).transpose()?;
        let realm = realm.map(validate_realm).transpose()?.map(str::to_owned);
        let forward = ForwardClaims::compile(forward_claims)?;
        Ok(Self { routes, realm, forward })
    }

    /// The compiled route table, when `routes` was configured.
    #[must_use]
    pub fn routes(&self) -> Option<&RouteTable> {
        self.routes.as_ref()
    }

    /// The `realm` of challenges.
    #[must_use]
    pub fn realm(&self) -> Option<&str> {
        self.realm.as_deref()
    }

    /// Identity header names a worker strips from the client's request.
    #[must_use]
    pub fn strip_headers(&self) -> Vec<&str> {
        self.forward.strip_names()
    }
}

/// What `authorize` reads from a request. `path` may carry `?query`, which is ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestParts<'a> {
    /// The request method as sent (`GET`).
    pub method: &'a str,
    /// The raw request path (`/bookings/42`), not decoded or normalised.
    pub path: &'a str,
    /// The `Authorization` header value, `None` when absent.
    pub authorization: Option<&'a str>,
}

/// The matched route, for logging and for the worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchedRoute {
    /// Position in the config list.
    pub index: usize,
    /// The configured method, `None` for any.
    pub method: Option<String>,
    /// The configured pattern.
    pub pattern: String,
    /// Whether the route is public.
    pub public: bool,
    /// `(name, raw value)` for `:param` segments, `("*", rest)` for a wildcard.
    pub params: Vec<(String, String)>,
}

/// The outcome of [`authorize`].
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// 200 when allowed, else the error's status (400/401/403/404).
    pub status: u16,
    /// Why the request is refused; `None` when allowed.
    pub error: Option<Error>,
    /// The matched route (absent for 404 and bad paths, or without `routes`).
    pub route: Option<MatchedRoute>,
    /// The verified token (absent on public routes and refusals).
    pub verified: Option<Verified>,
    /// Identity headers to add to the upstream request.
    pub forward_headers: Vec<(String, String)>,
    /// The `WWW-Authenticate` value for a 400/401/403 answer.
    pub challenge: Option<String>,
}

impl Decision {
    /// Whether the request may go upstream.
    #[must_use]
    pub fn is_ok(&self) -> bool {
        self.error.is_none()
    }

    fn allow(route: Option<MatchedRoute>, verified: Option<Verified>, forward_headers: Vec<(String, String)>) -> Self {
        Self { status: 200, error: None, route, verified, forward_headers, challenge: None }
    }

    fn refuse(error: Error, route: Option<MatchedRoute>, realm: Option<&str>) -> Self {
        let challenge = challenge(&error, realm);
        Self { status: error.status(), error: Some(error), route, verified: None, forward_headers: Vec::new(), challenge }
    }
}

/// An ES256 signature left to the caller (WebCrypto) by [`Guard::authorize_start`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingSignature {
    /// The `kid`s whose keys may verify it, in order.
    pub kids: Vec<String>,
    /// The 64-byte `R‖S` signature, already checked for form.
    pub signature: Vec<u8>,
}

/// The first half of a two-step decision: done, or waiting for a signature check.
#[derive(Debug, Clone, PartialEq)]
pub enum AuthorizeStep {
    /// Decided without outside help.
    Done(Box<Decision>),
    /// Check this signature, then call [`Guard::authorize_finish`].
    Pending(PendingSignature),
}

/// How step 4 (the signature) is checked.
#[derive(Debug, Clone, Copy)]
enum SignatureCheck<'k> {
    /// Here, in Rust, like [`Guard::verify`].
    InCore,
    /// ES256 with a well-formed signature is handed out as [`PendingSignature`].
    Deferred,
    /// Already checked outside: the `kid` whose key verified it (`None`: none did).
    Outside(Option<&'k str>),
}

impl Guard {
    /// Decides one request at time `now` (Unix seconds), in the order of this
    /// module's documentation, against the `routes`, `realm` and
    /// `forwardClaims` of the config. Never fails: a refusal is a
    /// [`Decision`] with an error.
    #[must_use]
    pub fn authorize(&self, request: &RequestParts<'_>, now: f64) -> Decision {
        match self.decide(request, now, SignatureCheck::InCore) {
            AuthorizeStep::Done(d) => *d,
            // InCore never defers; answer safely should that ever change.
            AuthorizeStep::Pending(_) => Decision::refuse(Error::SignatureInvalid, None, self.policy().edge.realm()),
        }
    }

    /// Like [`Guard::authorize`], but an ES256 token (not answered from the
    /// cache) comes back as [`AuthorizeStep::Pending`] for an outside check.
    #[must_use]
    pub fn authorize_start(&self, request: &RequestParts<'_>, now: f64) -> AuthorizeStep {
        self.decide(request, now, SignatureCheck::Deferred)
    }

    /// Second half: the same request again, with `verified_kid` the key whose
    /// signature check passed outside (`None`: none did). Every other step runs again.
    #[must_use]
    pub fn authorize_finish(&self, request: &RequestParts<'_>, now: f64, verified_kid: Option<&str>) -> Decision {
        match self.decide(request, now, SignatureCheck::Outside(verified_kid)) {
            AuthorizeStep::Done(d) => *d,
            AuthorizeStep::Pending(_) => Decision::refuse(Error::SignatureInvalid, None, self.policy().edge.realm()),
        }
    }

    fn decide(&self, request: &RequestParts<'_>, now: f64, check: SignatureCheck<'_>) -> AuthorizeStep {
        let edge = &self.policy().edge;
        let realm = edge.realm();
        let done = |d: Decision| AuthorizeStep::Done(Box::new(d));
        let (policy, route) = match edge.routes() {
            None => (None, None),
            Some(table) => match table.resolve(request.method, request.path) {
                Ok(m) => (Some(m.policy), Some(matched(m.policy, &m.params))),
                Err(e) => return done(Decision::refuse(e, None, realm)),
            },
        };
        if policy.is_some_and(RoutePolicy::is_public) {
            return done(Decision::allow(route, None, Vec::new()));
        }
        let token = match parse_authorization(request.authorization) {
            Ok(Credential::Bearer(token)) => token,
            Ok(Credential::Basic { .. }) => {
                return done(Decision::refuse(Error::InvalidRequest("unsupported authorization scheme"), route, realm))
            }
            Err(e) => return done(Decision::refuse(e, route, realm)),
        };
        let verified = match self.check_token(token, now, check) {
            Ok(Ok(v)) => v,
            Ok(Err(e)) => return done(Decision::refuse(e, route, realm)),
            Err(pending) => return AuthorizeStep::Pending(pending),
        };
        if let Some(policy) = policy {
            if !policy.missing_scopes(&verified.scopes).is_empty() {
                let error = Error::InsufficientScope(challenge_scopes(policy, &verified));
                return done(Decision::refuse(error, route, realm));
            }
        }
        done(match Claims::parse(verified.claims_json.as_bytes()) {
            Ok(claims) => {
                let headers = edge.forward.headers(&claims, &verified.scopes, &verified.kid);
                drop(claims);
                Decision::allow(route, Some(verified), headers)
            }
            Err(e) => Decision::refuse(e, route, realm),
        })
    }

    /// Steps 1–6 of DESIGN.md for the bearer token (no scopes required here:
    /// the route's scopes are checked after, with `anyScopes`).
    fn check_token(&self, token: &str, now: f64, check: SignatureCheck<'_>) -> Result<Result<Verified, Error>, PendingSignature> {
        let options = VerifyOptions { scopes: &[], now };
        match check {
            SignatureCheck::InCore => Ok(self.verify(token, &options)),
            SignatureCheck::Outside(kid) => Ok(self.prepare(token).and_then(|p| self.finish(p, kid, &options))),
            SignatureCheck::Deferred => {
                if let Some(hit) = self.cached(token, &options) {
                    return Ok(hit);
                }
                let prepared = match self.prepare(token) {
                    Ok(p) => p,
                    Err(e) => return Ok(Err(e)),
                };
                if prepared.alg() == Algorithm::Es256 && prepared.signature_well_formed() {
                    let kids = prepared.candidate_kids().into_iter().map(str::to_owned).collect();
                    return Err(PendingSignature { kids, signature: prepared.signature().to_vec() });
                }
                let kid = prepared.verify_signature();
                Ok(self.finish(prepared, kid, &options))
            }
        }
    }
}

fn matched(policy: &RoutePolicy, params: &[(&str, &str)]) -> MatchedRoute {
    MatchedRoute {
        index: policy.index(),
        method: policy.method().map(str::to_owned),
        pattern: policy.pattern().to_owned(),
        public: policy.is_public(),
        params: params.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect(),
    }
}

/// The scopes named in a 403 challenge (RFC 6750 §3 `scope`): the route's
/// `scopes`, and its `anyScopes` when the token holds none of them.
fn challenge_scopes(policy: &RoutePolicy, verified: &Verified) -> Vec<String> {
    let mut out = policy.scopes().to_vec();
    let holds_any = policy.any_scopes().iter().any(|s| verified.scopes.contains(s));
    if !holds_any {
        out.extend(policy.any_scopes().iter().filter(|s| !policy.scopes().contains(s)).cloned());
    }
    out
}

#[cfg(test)]
mod tests;

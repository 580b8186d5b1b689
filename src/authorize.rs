//! `authorize`: one HTTP request in, one [`Decision`] out. The steps, in order:
//!
//! 1. request: the method and URL are read once into canonical form
//!    ([`crate::routes::RequestTarget`]; what backends read differently is
//!    400 `invalid_request`), and the route is found ([`RouteTable::resolve`]:
//!    404 `not_found`, 400 when case, slash or encoding variants disagree);
//!    with `corsPreflight`, a CORS preflight (`OPTIONS` with
//!    `Access-Control-Request-Method`) is matched for the method it asks about
//!    and, when a route matches, allowed without credentials ([`Decision::preflight`]);
//! 2. a `public` route is allowed without looking at credentials, unless the
//!    call itself requires scopes ([`RequestParts::scopes`]);
//! 3. credentials: the `Authorization` header ([`crate::credentials`]):
//!    none → 401 `token_missing`, malformed or several → 400 `invalid_request`;
//!    sorted into a JWT or an opaque API key ([`crate::apikeys::presented`]);
//! 4. a JWT: [`Guard::verify`] (DESIGN.md steps 1–5 and the granted scopes),
//!    then its `environment` claim, when present, against the route's or
//!    guard's environment (401 `claim_invalid`);
//!    an API key: [`crate::apikeys::KeySources::authenticate`] (401
//!    `api_key_invalid` / `api_key_revoked`, the route's or guard's environment);
//! 5. the route's scopes and the call's: all of `scopes`, and one of
//!    `anyScopes`, of each → else 403 naming them in the challenge;
//! 6. the route's account binding ([`crate::account`]) → else 403 `account_forbidden`;
//! 7. identity headers for the upstream ([`crate::forward`]), and the checked
//!    account header on a route that binds one.
//!
//! A refused decision carries its RFC 6750 §3 `WWW-Authenticate` challenge.
//! Every decision past step 1 carries the canonical method and target: an
//! allowed request goes upstream as exactly that.

mod output;
mod stored;

pub use crate::challenge::{challenge, challenge_for, validate_realm};
pub use crate::edge::EdgePolicy;
pub use output::decision_json;

use crate::apikeys::presented::{self, Presented};
use crate::apikeys::Environment;
use crate::claims::Claims;
use crate::credentials::parse_authorization;
use crate::error::Error;
use crate::guard::Guard;
use crate::verifier::{Begun, Deferred, Resumed, Verified, VerifyOptions};
use crate::principal::{KeyPrincipal, Principal};
use crate::routes::{canonical_method, RequestTarget, RoutePolicy, RouteTable};

/// The claim naming the environment (`live`/`test`) a token was issued for.
pub const ENVIRONMENT_CLAIM: &str = "environment";

/// What `authorize` reads from a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RequestParts<'a> {
    /// The request method as sent (`GET`; upper-cased, RFC 9110 §9.1 token).
    pub method: &'a str,
    /// The URL as the worker got it: an absolute `http(s)` URL
    /// (`https://edge/bookings/42?x=1`) or a path with an optional query
    /// (`/bookings/42?x=1`), not yet decoded or normalised.
    pub url: &'a str,
    /// The `Authorization` header value, `None` when absent.
    pub authorization: Option<&'a str>,
    /// Other headers the guard reads ([`EdgePolicy::request_headers`]):
    /// `(name, value)`, names in any case.
    pub headers: &'a [(String, String)],
    /// Scopes the caller requires of this request besides the route's, all of
    /// them: the policy of an application's own route (a Hono handler's).
    pub scopes: &'a [String],
    /// Scopes of which the caller requires at least one (empty: no such rule).
    pub any_scopes: &'a [String],
}

impl RequestParts<'_> {
    /// The value of header `name` (case-insensitive), when sent.
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
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
    /// `(name, value)` for `:param` segments, `("*", rest)` for a wildcard,
    /// as they stand in the canonical target.
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
    /// Who the request is from: a verified JWT or an API key (absent on
    /// public routes and refusals).
    pub principal: Option<Principal>,
    /// Identity headers to add to the upstream request.
    pub forward_headers: Vec<(String, String)>,
    /// The `WWW-Authenticate` value for a 400/401/403 answer.
    pub challenge: Option<String>,
    /// An allowed CORS preflight (`corsPreflight`): no credentials were
    /// checked; the application answers it with its CORS headers.
    pub preflight: bool,
    /// The canonical method and target (path and query) that were decided
    /// on, and that an allowed request is forwarded as (absent when the
    /// request line itself was refused).
    pub request: Option<(String, RequestTarget)>,
}

impl Decision {
    /// Whether the request may go upstream.
    #[must_use]
    pub fn is_ok(&self) -> bool {
        self.error.is_none()
    }

    fn allow(route: Option<MatchedRoute>, principal: Option<Principal>, forward_headers: Vec<(String, String)>) -> Self {
        Self { status: 200, error: None, route, principal, forward_headers, challenge: None, preflight: false, request: None }
    }

    fn refuse(error: Error, route: Option<MatchedRoute>, realm: Option<&str>) -> Self {
        let challenge = challenge(&error, realm);
        Self { status: error.status(), error: Some(error), route, principal: None, forward_headers: Vec::new(), challenge, preflight: false, request: None }
    }
}

/// A decision, or where it stopped for an outside signature check.
#[derive(Debug)]
pub enum AuthorizeStep {
    /// Decided without outside help.
    Done(Box<Decision>),
    /// Check this signature outside, then [`Guard::authorize_resume`].
    Deferred(Deferred),
    /// The check handed out no longer applies (the key set changed, or it was
    /// for another token): start again.
    Stale,
}

/// How step 4 (the signature) is checked.
#[derive(Debug)]
enum SignatureCheck {
    /// Here, in Rust, like [`Guard::verify`].
    InCore,
    /// An ES256 signature of the right form is handed out as a [`Deferred`] check.
    Defer,
    /// The outside verifier's answer for a check handed out before.
    Resume(Deferred, bool),
}

/// Why the token step did not finish here.
enum Pause {
    Deferred(Box<Deferred>),
    Stale,
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
            // InCore never stops; answer safely should that ever change.
            AuthorizeStep::Deferred(_) | AuthorizeStep::Stale => Decision::refuse(Error::SignatureInvalid, None, self.edge().realm()),
        }
    }

    /// Like [`Guard::authorize`], but a well-formed ES256 signature is handed
    /// out as [`AuthorizeStep::Deferred`] for an outside check (WebCrypto).
    #[must_use]
    pub fn authorize_start(&self, request: &RequestParts<'_>, now: f64) -> AuthorizeStep {
        self.decide(request, now, SignatureCheck::Defer)
    }

    /// The same request again with the outside verifier's answer (`valid`) for
    /// the check `deferred` handed out. Every step runs again; the check must
    /// be for the token this request carries and the key set in force
    /// ([`Guard::resume`]), else [`AuthorizeStep::Stale`].
    #[must_use]
    pub fn authorize_resume(&self, request: &RequestParts<'_>, now: f64, deferred: Deferred, valid: bool) -> AuthorizeStep {
        self.decide(request, now, SignatureCheck::Resume(deferred, valid))
    }

    fn decide(&self, request: &RequestParts<'_>, now: f64, check: SignatureCheck) -> AuthorizeStep {
        let realm = self.edge().realm();
        let canonical = canonical_method(request.method).and_then(|m| Ok((m, RequestTarget::parse(request.url)?)));
        let (method, target) = match canonical {
            Ok(c) => c,
            Err(e) => return AuthorizeStep::Done(Box::new(Decision::refuse(e, None, realm))),
        };
        match self.decide_canonical(request, &method, &target, now, check) {
            AuthorizeStep::Done(mut d) => {
                d.request = Some((method, target));
                AuthorizeStep::Done(d)
            }
            other => other,
        }
    }

    fn decide_canonical(
        &self,
        request: &RequestParts<'_>,
        method: &str,
        target: &RequestTarget,
        now: f64,
        check: SignatureCheck,
    ) -> AuthorizeStep {
        let edge = self.edge();
        let realm = edge.realm();
        let done = |d: Decision| AuthorizeStep::Done(Box::new(d));
        let preflight = edge.preflight_method(method, request.headers);
        let matched_method = preflight.as_deref().unwrap_or(method);
        let (policy, route) = match edge.routes().map(|t: &RouteTable| t.resolve(matched_method, target)) {
            None => (None, None),
            Some(Ok(m)) => (Some(m.policy), Some(matched(m.policy, &m.params))),
            Some(Err(e)) => return done(Decision::refuse(e, None, realm)),
        };
        if preflight.is_some() {
            return done(Decision { preflight: true, ..Decision::allow(route, None, Vec::new()) });
        }
        let call_demands = !request.scopes.is_empty() || !request.any_scopes.is_empty();
        if policy.is_some_and(RoutePolicy::is_public) && !call_demands {
            return done(Decision::allow(route, None, Vec::new()));
        }
        let principal = match self.authenticate(request, policy, now, check) {
            Ok(Ok(p)) => p,
            Ok(Err(e)) => return done(Decision::refuse(e, route, realm)),
            Err(Pause::Deferred(d)) => return AuthorizeStep::Deferred(*d),
            Err(Pause::Stale) => return AuthorizeStep::Stale,
        };
        done(match admit(edge, policy, request, &principal) {
            Ok(headers) => Decision::allow(route, Some(principal), headers),
            Err(e) => Decision::refuse(e, route, realm),
        })
    }

    /// Step 3–4: the credential, as a JWT (possibly left pending for an
    /// outside signature check) or as an API key.
    fn authenticate(
        &self,
        request: &RequestParts<'_>,
        policy: Option<&RoutePolicy>,
        now: f64,
        check: SignatureCheck,
    ) -> Result<Result<Principal, Error>, Pause> {
        let edge = self.edge();
        let credential = match parse_authorization(request.authorization) {
            Ok(c) => c,
            Err(e) => return Ok(Err(e)),
        };
        match presented::sort(&credential, edge.api_key_sources().accepts_keys()) {
            Err(e) => Ok(Err(e)),
            Ok(Presented::Jwt(token)) => self.check_token(token, now, check).map(|r| r.map(Principal::Token)),
            Ok(Presented::ApiKey(key)) => {
                let environment = policy.and_then(RoutePolicy::environment).or(edge.environment());
                let found = edge.api_key_sources().authenticate(key, now, environment);
                Ok(found.map(|k| Principal::ApiKey(KeyPrincipal::new(&k, key))))
            }
        }
    }

    /// Steps 1–6 of DESIGN.md for the bearer token (no scopes required here:
    /// the route's scopes are checked after, with `anyScopes`).
    fn check_token(&self, token: &str, now: f64, check: SignatureCheck) -> Result<Result<Verified, Error>, Pause> {
        let options = VerifyOptions { scopes: &[], now };
        let signed = match check {
            SignatureCheck::InCore => return Ok(self.verify(token, &options)),
            SignatureCheck::Defer => match self.begin(token, true) {
                Ok(Begun::Signed(signed)) => Ok(signed),
                Ok(Begun::Deferred(d)) => return Err(Pause::Deferred(Box::new(d))),
                Err(e) => Err(e),
            },
            // The check must be the one handed out for this very token.
            SignatureCheck::Resume(d, _) if d.token() != token => return Err(Pause::Stale),
            SignatureCheck::Resume(d, valid) => match self.resume(d, valid) {
                Ok(Resumed::Signed(signed)) => Ok(signed),
                Ok(Resumed::Deferred(d)) => return Err(Pause::Deferred(Box::new(d))),
                Ok(Resumed::Stale) => return Err(Pause::Stale),
                Err(e) => Err(e),
            },
        };
        Ok(signed.and_then(|signed| self.finish(signed, &options)))
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

/// Steps 4 (a token's environment) to 7 for an authenticated principal: the
/// route's scopes, its account binding, then the identity headers.
fn admit(
    edge: &EdgePolicy,
    policy: Option<&RoutePolicy>,
    request: &RequestParts<'_>,
    principal: &Principal,
) -> Result<Vec<(String, String)>, Error> {
    let environment = match principal {
        Principal::Token(_) => policy.and_then(RoutePolicy::environment).or(edge.environment()),
        Principal::ApiKey(_) => None,
    };
    let binding = policy.and_then(RoutePolicy::account);
    // The claims are read again only when a rule below needs more than the subject.
    let claims = match environment.is_some() || binding.is_some() || edge.forward.reads_claims() {
        true => Some(Claims::parse(principal.claims_json().as_bytes())?),
        false => None,
    };
    if let Some(claims) = &claims {
        token_environment(claims, environment)?;
    }
    check_scopes(policy, request, principal.scopes())?;
    let mut headers = edge.forward.headers(principal.subject(), claims.as_ref(), principal.scopes(), principal.key_id());
    if let (Some(binding), Some(claims)) = (binding, &claims) {
        let requested = request.header(binding.header());
        binding.check(claims, requested)?;
        if let Some(account) = requested {
            headers.push((binding.name().to_owned(), account.to_owned()));
        }
    }
    Ok(headers)
}

/// A token stands for the environment in its `environment` claim, if any:
/// tokens issued in exchange for an API key carry the key's, so a `test_`
/// key cannot reach a `live` route by trading itself for a token. Where an
/// environment is required, a token naming another one (or a non-string
/// value) is refused with 401 `claim_invalid`; a token without the claim
/// (issued by the authority, not bound to a key) is not affected.
fn token_environment(claims: &Claims<'_>, required: Option<Environment>) -> Result<(), Error> {
    let Some(required) = required else { return Ok(()) };
    match claims.get_str(ENVIRONMENT_CLAIM) {
        Some(name) if name == required.name() => Ok(()),
        None if !claims.contains(ENVIRONMENT_CLAIM) => Ok(()),
        _ => Err(Error::ClaimInvalid(ENVIRONMENT_CLAIM.into())),
    }
}

/// Step 5: the route's scopes, then the call's; short of either → 403
/// `insufficient_scope` whose challenge names the scopes of every rule that
/// applies (RFC 6750 §3 `scope`).
fn check_scopes(policy: Option<&RoutePolicy>, request: &RequestParts<'_>, granted: &[String]) -> Result<(), Error> {
    let route_holds = policy.map_or(true, |p| p.missing_scopes(granted).is_empty());
    let call_holds = holds(request.scopes, request.any_scopes, granted);
    if route_holds && call_holds {
        return Ok(());
    }
    let mut named = policy.map(|p| challenge_scopes(p.scopes(), p.any_scopes(), granted)).unwrap_or_default();
    for scope in challenge_scopes(request.scopes, request.any_scopes, granted) {
        if !named.contains(&scope) {
            named.push(scope);
        }
    }
    Err(Error::InsufficientScope(named))
}

/// Whether `granted` holds every scope of `all` and, when `any` is not empty, one of `any`.
fn holds(all: &[String], any: &[String], granted: &[String]) -> bool {
    all.iter().all(|s| granted.contains(s)) && (any.is_empty() || any.iter().any(|s| granted.contains(s)))
}

/// The scopes named in a 403 challenge (RFC 6750 §3 `scope`) for one rule:
/// its `all` scopes, and its `any` scopes when the credential holds none of them.
fn challenge_scopes(all: &[String], any: &[String], granted: &[String]) -> Vec<String> {
    let mut out = all.to_vec();
    if !any.iter().any(|s| granted.contains(s)) {
        out.extend(any.iter().filter(|s| !all.contains(s)).cloned());
    }
    out
}

#[cfg(test)]
mod tests;

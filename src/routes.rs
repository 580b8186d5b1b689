//! The route table: which requests need a token, and which scopes.
//!
//! Config (`routes: [{ method?, path, scopes?, anyScopes?, public?, environment?,
//! accountHeader?, accountClaim?, exact? }]`) is validated completely and
//! compiled once by [`RouteTable::compile`]; the request path never re-parses
//! config. The first route that matches wins.
//!
//! Path patterns are `/`-separated segments: a literal (`bookings`), a
//! parameter (`:id`, one whole non-empty segment), or a trailing `*` (the rest
//! of the path, possibly empty: `/static/*` matches `/static/` and
//! `/static/a/b`, not `/static`).
//!
//! Requests are matched on their canonical target ([`RequestTarget`]: parsed
//! once, RFC 3986 §6.2.2, ambiguous spellings refused with 400). Backends then
//! still differ in how they read a path: Express and Spring ignore letter case
//! and a trailing slash, Hono decodes `%40`, WSGI decodes everything. So a
//! path is matched in each of those readings too ([`RouteTable::resolve`]):
//! the readings that match a route must agree on the route, or the request is
//! refused with 400 `invalid_request`. The case-folded reading of decoded
//! text folds beyond ASCII as Java's `equalsIgnoreCase` or Python's
//! `casefold` do (`book%C4%B1ngs`, with a dotless `ı`, is `bookings`), and
//! reads fullwidth forms by NFKC (`%EF%BD%82` is `b`). `/BOOKINGS/1` is `GET /bookings/:id`
//! when nothing else would take it, and refused when a broader `/*` would:
//! no case, trailing-slash or encoding variant of a protected path is allowed
//! by a broader route. A route with `exact: true` is matched only as written
//! (for an upstream that routes exactly so); its variants may then fall to
//! another route. A `HEAD` request matches `GET` routes, as HTTP servers
//! answer HEAD like GET (RFC 9110 §9.3.2).

use serde_json::Value;

use crate::account::AccountBinding;
use crate::apikeys::Environment;
use crate::read::Object;
use crate::syntax::{is_scope_char, is_tchar};
use crate::error::{ConfigError, Error};

mod path;
mod target;

use path::{parse_pattern, Reading, Segment};
pub use target::{RequestTarget, MAX_TARGET_LEN};

/// Most routes a table may hold; more is a config mistake, not a use case.
pub const MAX_ROUTES: usize = 1024;

/// One route as written in config (camelCase JSON).
#[derive(Debug, Clone, Default)]
pub struct RawRoute {
    /// HTTP method (`GET`, `post` …); absent or `*` matches any method.
    pub method: Option<String>,
    /// Path pattern, e.g. `/bookings/:id` or `/static/*`.
    pub path: String,
    /// Scopes that must all be present.
    pub scopes: Option<Vec<String>>,
    /// Scopes of which at least one must be present.
    pub any_scopes: Option<Vec<String>>,
    /// `true`: no credentials are checked for this route.
    pub public: Option<bool>,
    /// `live` or `test`: other API keys, and tokens whose `environment` claim
    /// is present and anything else, are refused here.
    pub environment: Option<String>,
    /// Request header naming the account a platform credential acts for.
    pub account_header: Option<String>,
    /// Claim listing the accounts the credential may act for.
    pub account_claim: Option<String>,
    /// `true`: match only as written (letter case, trailing slash, encoding).
    pub exact: Option<bool>,
}

/// The members a route may have.
const ROUTE_FIELDS: &[&str] =
    &["method", "path", "scopes", "anyScopes", "public", "environment", "accountHeader", "accountClaim", "exact"];

impl RawRoute {
    /// Reads one route object; unknown members are refused.
    ///
    /// # Errors
    /// [`ConfigError`] relative to the route (`path`, `scopes[1]`).
    #[inline(never)] // config code: compiled only when the field is there (cold start)
    pub fn from_value(value: &Value) -> Result<Self, ConfigError> {
        let o = Object::new(value, "a route object", Some(ROUTE_FIELDS))?;
        Ok(Self {
            method: o.string("method")?,
            path: o.required_string("path")?,
            scopes: o.strings("scopes")?,
            any_scopes: o.strings("anyScopes")?,
            public: o.bool("public")?,
            environment: o.string("environment")?,
            account_header: o.string("accountHeader")?,
            account_claim: o.string("accountClaim")?,
            exact: o.bool("exact")?,
        })
    }
}

/// What a matched route demands of a request. Built only by [`RouteTable::compile`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutePolicy {
    index: usize,
    method: Option<String>,
    pattern: String,
    segments: Vec<Segment>,
    public: bool,
    scopes: Vec<String>,
    any_scopes: Vec<String>,
    environment: Option<Environment>,
    account: Option<AccountBinding>,
    exact: bool,
}

impl RoutePolicy {
    /// Position of the route in the config list.
    #[must_use]
    pub fn index(&self) -> usize {
        self.index
    }
    /// The configured method (upper-case), `None` for any method.
    #[must_use]
    pub fn method(&self) -> Option<&str> {
        self.method.as_deref()
    }
    /// The path pattern as configured.
    #[must_use]
    pub fn pattern(&self) -> &str {
        &self.pattern
    }
    /// `true` when the route skips authentication.
    #[must_use]
    pub fn is_public(&self) -> bool {
        self.public
    }
    /// Scopes that must all be present.
    #[must_use]
    pub fn scopes(&self) -> &[String] {
        &self.scopes
    }
    /// Scopes of which one must be present (empty: no such rule).
    #[must_use]
    pub fn any_scopes(&self) -> &[String] {
        &self.any_scopes
    }
    /// The environment credentials must belong to here (`None`: the guard's).
    #[must_use]
    pub fn environment(&self) -> Option<Environment> {
        self.environment
    }
    /// `true` when the route matches only as written (`exact: true`).
    #[must_use]
    pub fn is_exact(&self) -> bool {
        self.exact
    }
    /// The account header bound to a claim, when configured.
    #[must_use]
    pub fn account(&self) -> Option<&AccountBinding> {
        self.account.as_ref()
    }

    /// The scopes a token lacks for this route; empty when it may pass.
    /// All of `scopes` are required; of `anyScopes` one is enough, so when
    /// none is held they are all listed (RFC 6750 §3 `scope` is a list of
    /// scopes that would do).
    #[must_use]
    pub fn missing_scopes<S: AsRef<str>>(&self, held: &[S]) -> Vec<String> {
        let has = |s: &String| held.iter().any(|h| h.as_ref() == s);
        let mut missing: Vec<String> = self.scopes.iter().filter(|s| !has(s)).cloned().collect();
        if !self.any_scopes.is_empty() && !self.any_scopes.iter().any(has) {
            for scope in &self.any_scopes {
                if !missing.contains(scope) {
                    missing.push(scope.clone());
                }
            }
        }
        missing
    }

    fn method_matches(&self, method: &str) -> bool {
        match self.method.as_deref() {
            None => true,
            Some(m) => m == method || (m == "GET" && method == "HEAD"),
        }
    }
}

/// A route that matched, with the values of its `:param` segments (canonical, as sent upstream).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteMatch<'t, 'p> {
    /// The matched route.
    pub policy: &'t RoutePolicy,
    /// `(name, segment)` for each `:param`; `("*", rest)` for a wildcard.
    pub params: Vec<(&'t str, &'p str)>,
}

/// An immutable, validated list of routes; the first match wins.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RouteTable {
    routes: Vec<RoutePolicy>,
    /// Whether some literal has an upper-case letter (then letter case can
    /// matter even for an all-lower-case request path).
    upper_literals: bool,
    /// Whether some pattern other than `/` ends in `/`.
    slash_patterns: bool,
}

impl RouteTable {
    /// Validates and compiles config routes.
    ///
    /// # Errors
    /// A [`ConfigError`] whose path names the field (`routes[2].path`) when a
    /// method is not an HTTP token, a pattern is not absolute, has an empty,
    /// dot, `%`-encoded, `;` or misplaced `*` segment, repeats a parameter name,
    /// a scope is empty or not an RFC 6749 §3.3 scope-token, scopes repeat,
    /// `anyScopes` is empty, a public route names scopes, an environment or
    /// an account binding, `environment` is not `live`/`test`, `accountHeader`
    /// and `accountClaim` are not given together (see [`AccountBinding`]), a
    /// route repeats an earlier one (letter case ignored), or there are more
    /// than [`MAX_ROUTES`].
    #[inline(never)] // config code: compiled only when the field is there (cold start)
    pub fn compile(raw: &[RawRoute]) -> Result<Self, ConfigError> {
        if raw.len() > MAX_ROUTES {
            return Err(ConfigError::new("routes", format!("at most {MAX_ROUTES} routes are allowed")));
        }
        let mut routes: Vec<RoutePolicy> = Vec::with_capacity(raw.len());
        for (index, route) in raw.iter().enumerate() {
            let policy = compile_route(index, route).map_err(|e| e.under(&format!("routes[{index}]")))?;
            if let Some(earlier) = routes.iter().find(|r| r.method == policy.method && path::same_shape(&r.segments, &policy.segments)) {
                return Err(ConfigError::new(
                    format!("routes[{index}]"),
                    format!("repeats routes[{}] (letter case aside), so it can never match", earlier.index),
                ));
            }
            routes.push(policy);
        }
        let upper_literals = routes
            .iter()
            .flat_map(|r| &r.segments)
            .any(|s| matches!(s, Segment::Literal(l) if l.bytes().any(|b| b.is_ascii_uppercase())));
        let slash_patterns = routes.iter().any(|r| r.pattern.len() > 1 && r.pattern.ends_with('/'));
        Ok(Self { routes, upper_literals, slash_patterns })
    }

    /// Number of routes.
    #[must_use]
    pub fn len(&self) -> usize {
        self.routes.len()
    }

    /// `true` when no route is configured (every request is `not_found`).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.routes.is_empty()
    }

    /// The routes in config order.
    #[must_use]
    pub fn routes(&self) -> &[RoutePolicy] {
        &self.routes
    }

    /// The first route matching `method` and `url`, both read as `authorize`
    /// reads them (see [`RouteTable::resolve`]), or `None`, also when the
    /// method or URL is refused.
    #[must_use]
    pub fn find(&self, method: &str, url: &str) -> Option<&RoutePolicy> {
        let target = RequestTarget::parse(url).ok()?;
        self.resolve(&canonical_method(method).ok()?, &target).ok().map(|m| m.policy)
    }

    /// The route for a request: the first route matching `method` (canonical,
    /// see [`canonical_method`]; a `HEAD` also matches `GET` routes) and the canonical path, read as written and
    /// in every looser reading that can differ for this path (letter case,
    /// one trailing slash, percent-encoding; see the module docs). Readings
    /// that match no route are left out; those that match must agree.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when two readings match different routes;
    /// [`Error::NotFound`] when no reading matches a route.
    pub fn resolve<'t, 'p>(&'t self, method: &str, target: &'p RequestTarget) -> Result<RouteMatch<'t, 'p>, Error> {
        let path = target.path();
        // Percent-encoded text can hold letters that Unicode case mapping or
        // NFKC reads as ASCII (`ı`, `ｂ`): that is a case reading too.
        let case_matters = self.upper_literals || path.bytes().any(|b| b.is_ascii_uppercase() || b == b'%');
        let mut found: Option<RouteMatch<'t, 'p>> = None;
        for reading in Reading::all_for(path, case_matters, self.slash_patterns) {
            let Some(m) = self.first_match(method, path, reading) else { continue };
            match &found {
                None => found = Some(m),
                Some(f) if f.policy.index == m.policy.index => {}
                Some(_) => {
                    return Err(Error::InvalidRequest(
                        "request path matches another route when letter case, a trailing slash or percent-encoding is ignored",
                    ))
                }
            }
        }
        found.ok_or(Error::NotFound)
    }

    fn first_match<'t, 'p>(&'t self, method: &str, path: &'p str, reading: Reading) -> Option<RouteMatch<'t, 'p>> {
        self.routes.iter().filter(|r| r.method_matches(method)).find_map(|r| {
            let reading = if r.exact { Reading::EXACT } else { reading };
            path::match_segments(&r.segments, path, reading).map(|params| RouteMatch { policy: r, params })
        })
    }
}

fn compile_route(index: usize, raw: &RawRoute) -> Result<RoutePolicy, ConfigError> {
    let method = compile_method(raw.method.as_deref())?;
    let segments = parse_pattern(&raw.path).map_err(|m| ConfigError::new("path", m))?;
    let public = raw.public.unwrap_or(false);
    let scopes = compile_scopes("scopes", raw.scopes.as_deref())?;
    let any_scopes = compile_scopes("anyScopes", raw.any_scopes.as_deref())?;
    if raw.any_scopes.as_ref().is_some_and(Vec::is_empty) {
        return Err(ConfigError::new("anyScopes", "must name at least one scope"));
    }
    if public && !(scopes.is_empty() && any_scopes.is_empty()) {
        let field = if scopes.is_empty() { "anyScopes" } else { "scopes" };
        return Err(ConfigError::new(field, "a public route cannot require scopes"));
    }
    let environment = raw.environment.as_deref().map(Environment::from_config).transpose()?;
    let account = AccountBinding::compile(raw.account_header.as_deref(), raw.account_claim.as_deref())?;
    if public && (environment.is_some() || account.is_some()) {
        let field = if environment.is_some() { "environment" } else { "accountHeader" };
        return Err(ConfigError::new(field, "a public route checks no credentials"));
    }
    let pattern = raw.path.clone();
    let exact = raw.exact.unwrap_or(false);
    Ok(RoutePolicy { index, method, pattern, segments, public, scopes, any_scopes, environment, account, exact })
}

/// A request method as the guard matches and forwards it: an RFC 9110 §5.6.2
/// token, upper-cased (`fetch` upper-cases `delete` on its own, so a
/// lower-case method must not slip past a `DELETE` route).
///
/// # Errors
/// [`Error::InvalidRequest`] when the method is empty or not a token.
pub fn canonical_method(method: &str) -> Result<String, Error> {
    if method.is_empty() || !method.bytes().all(is_tchar) {
        return Err(Error::InvalidRequest("request method is not an http token"));
    }
    Ok(method.to_ascii_uppercase())
}

/// `None` for any method; otherwise the upper-cased RFC 9110 §5.6.2 token.
fn compile_method(method: Option<&str>) -> Result<Option<String>, ConfigError> {
    match method {
        None | Some("*") => Ok(None),
        Some("") => Err(ConfigError::new("method", "must not be empty")),
        Some(m) if m.bytes().all(is_tchar) => Ok(Some(m.to_ascii_uppercase())),
        Some(_) => Err(ConfigError::new("method", "must be an HTTP method name such as \"GET\", or \"*\"")),
    }
}

fn compile_scopes(field: &str, scopes: Option<&[String]>) -> Result<Vec<String>, ConfigError> {
    let mut out: Vec<String> = Vec::new();
    for (i, scope) in scopes.unwrap_or_default().iter().enumerate() {
        let at = || format!("{field}[{i}]");
        if scope.is_empty() {
            return Err(ConfigError::new(at(), "must not be empty"));
        }
        if !scope.bytes().all(is_scope_char) {
            return Err(ConfigError::new(at(), "may hold only printable ASCII without spaces, '\"' or '\\' (RFC 6749 §3.3)"));
        }
        if out.contains(scope) {
            return Err(ConfigError::new(at(), "repeats an earlier scope"));
        }
        out.push(scope.clone());
    }
    Ok(out)
}

#[cfg(test)]
mod tests;

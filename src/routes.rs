//! The route table: which requests need a token, and which scopes.
//!
//! Config (`routes: [{ method?, path, scopes?, anyScopes?, public?, environment?,
//! accountHeader?, accountClaim? }]`) is
//! validated completely and compiled once by [`RouteTable::compile`]; the
//! request path never re-parses config. The first route that matches wins.
//!
//! Path patterns are `/`-separated segments: a literal (`bookings`), a
//! parameter (`:id`, one whole non-empty segment), or a trailing `*` (the rest
//! of the path, possibly empty: `/static/*` matches `/static/` and
//! `/static/a/b`, not `/static`). Literals compare byte for byte with the raw
//! (still percent-encoded) request segment, so `/book%69ngs` never matches
//! `bookings`.
//!
//! Request paths are never normalised, they are checked: a path with a dot
//! segment (`.`, `..`, or their `%2e` spellings, RFC 3986 §3.3), an empty
//! segment (`//`), an encoded `/` or `\`, a raw `\`, or a control byte is
//! refused with [`Error::InvalidRequest`], so `/health/../bookings` cannot
//! ride on a public route to a protected upstream resource. A `HEAD` request
//! matches `GET` routes, as HTTP servers answer HEAD like GET (RFC 9110 §9.3.2).

use serde_json::Value;

use crate::account::AccountBinding;
use crate::apikeys::Environment;
use crate::config::read::Object;
use crate::error::{ConfigError, Error};

mod path;

pub use path::check_request_path;
use path::{parse_pattern, Segment};

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
}

/// The members a route may have.
const ROUTE_FIELDS: &[&str] =
    &["method", "path", "scopes", "anyScopes", "public", "environment", "accountHeader", "accountClaim"];

impl RawRoute {
    /// Reads one route object; unknown members are refused.
    ///
    /// # Errors
    /// [`ConfigError`] relative to the route (`path`, `scopes[1]`).
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

/// A route that matched, with the values of its `:param` segments (raw, as sent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteMatch<'t, 'p> {
    /// The matched route.
    pub policy: &'t RoutePolicy,
    /// `(name, raw segment)` for each `:param`; `("*", rest)` for a wildcard.
    pub params: Vec<(&'t str, &'p str)>,
}

/// An immutable, validated list of routes; the first match wins.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RouteTable {
    routes: Vec<RoutePolicy>,
}

impl RouteTable {
    /// Validates and compiles config routes.
    ///
    /// # Errors
    /// A [`ConfigError`] whose path names the field (`routes[2].path`) when a
    /// method is not an HTTP token, a pattern is not absolute, has an empty,
    /// dot, `%`-encoded or misplaced `*` segment, repeats a parameter name,
    /// a scope is empty or not an RFC 6749 §3.3 scope-token, scopes repeat,
    /// `anyScopes` is empty, a public route names scopes, an environment or
    /// an account binding, `environment` is not `live`/`test`, `accountHeader`
    /// and `accountClaim` are not given together (see [`AccountBinding`]), a
    /// route repeats an earlier one exactly, or there are more than [`MAX_ROUTES`].
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
                    format!("repeats routes[{}], so it can never match", earlier.index),
                ));
            }
            routes.push(policy);
        }
        Ok(Self { routes })
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

    /// The first route matching `method` and `path` (query and fragment
    /// ignored), or `None`. A path that fails [`check_request_path`] matches
    /// nothing; use [`RouteTable::resolve`] to tell the two apart.
    #[must_use]
    pub fn find(&self, method: &str, path: &str) -> Option<&RoutePolicy> {
        self.resolve(method, path).ok().map(|m| m.policy)
    }

    /// The first route matching `method` and `path`, with its parameters.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when the path is not a plain absolute path
    /// (see [`check_request_path`]); [`Error::NotFound`] when no route matches.
    pub fn resolve<'t, 'p>(&'t self, method: &str, path: &'p str) -> Result<RouteMatch<'t, 'p>, Error> {
        let path = check_request_path(path)?;
        let segments: Vec<&str> = path.split('/').skip(1).collect();
        self.routes
            .iter()
            .filter(|r| r.method_matches(method))
            .find_map(|r| path::match_segments(&r.segments, &segments, path).map(|params| RouteMatch { policy: r, params }))
            .ok_or(Error::NotFound)
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
    Ok(RoutePolicy { index, method, pattern, segments, public, scopes, any_scopes, environment, account })
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

/// RFC 9110 §5.6.2 `tchar`.
pub(crate) fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// RFC 6749 §3.3 `scope-token` characters: `%x21 / %x23-5B / %x5D-7E`.
pub(crate) fn is_scope_char(b: u8) -> bool {
    b == 0x21 || (0x23..=0x5B).contains(&b) || (0x5D..=0x7E).contains(&b)
}

#[cfg(test)]
mod tests;

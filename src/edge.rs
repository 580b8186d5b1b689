//! The request-facing part of the config: `routes`, `realm`, `forwardClaims`,
//! and the opaque-key side: `apiKeys` and the guard-wide API-key `environment`.

use std::collections::BTreeMap;

use crate::challenge::validate_realm;
use crate::account::AccountBinding;
use crate::apikeys::{ApiKeyTable, Environment, KeySources, StoredKeys};
use crate::error::ConfigError;
use crate::forward::{ForwardClaims, ReservedHeaders};
use crate::refusal::ResponsePolicy;
use crate::routes::{RawRoute, RouteTable};

/// The header naming the method a CORS preflight asks about.
const PREFLIGHT_HEADER: &str = "access-control-request-method";

/// The compiled request-facing config.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EdgePolicy {
    /// `None` when `routes` was not configured: every request then needs a
    /// valid token and no particular scope.
    routes: Option<RouteTable>,
    realm: Option<String>,
    pub(super) forward: ForwardClaims,
    reserved: ReservedHeaders,
    api_keys: ApiKeyTable,
    /// `apiKeyStore`: the local cache of keys read from a store.
    api_key_store: Option<StoredKeys>,
    environment: Option<Environment>,
    /// `corsPreflight`: CORS preflights pass without credentials when a route
    /// matches the method they ask about.
    cors_preflight: bool,
    responses: ResponsePolicy,
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
        let forward = match forward_claims {
            Some(map) => ForwardClaims::compile(Some(map))?,
            None => ForwardClaims::default(),
        };
        if let Some(table) = &routes {
            check_account_headers(table, &forward)?;
        }
        let realm = realm.map(validate_realm).transpose()?.map(str::to_owned);
        let accounts = routes.iter().flat_map(RouteTable::routes).filter_map(|r| r.account().map(AccountBinding::header));
        let reserved = ReservedHeaders::new(&forward, accounts);
        Ok(Self { routes, realm, forward, reserved, api_keys: ApiKeyTable::default(), api_key_store: None, environment: None, cors_preflight: false, responses: ResponsePolicy::default() })
    }

    /// The same policy accepting the opaque keys of `api_keys`; with an
    /// `environment`, only keys of that environment (routes may name their own).
    #[must_use]
    pub fn with_api_keys(mut self, api_keys: ApiKeyTable, environment: Option<Environment>) -> Self {
        self.api_keys = api_keys;
        self.environment = environment;
        self
    }

    /// The same policy answering refusals as `responses` says (`errorFormat`, `requestIdHeader`).
    #[must_use]
    pub fn with_responses(mut self, responses: ResponsePolicy) -> Self {
        self.responses = responses;
        self
    }

    /// How refusals are answered.
    #[must_use]
    pub fn responses(&self) -> &ResponsePolicy {
        &self.responses
    }

    /// The same policy letting CORS preflights through (`corsPreflight`).
    #[must_use]
    pub fn with_cors_preflight(mut self, on: bool) -> Self {
        self.cors_preflight = on;
        self
    }

    /// For a CORS preflight (Fetch standard §3.2.2: `OPTIONS` with an
    /// `Access-Control-Request-Method` naming a method token, RFC 9110 §9.1)
    /// when `corsPreflight` is on: the method it asks about, upper-cased as
    /// every request method is (`method` is the request's, canonical; `headers` the
    /// request headers the guard reads). Browsers send
    /// preflights without credentials, so this is the one request a guarded
    /// route lets through without them.
    #[must_use]
    pub fn preflight_method(&self, method: &str, headers: &[(String, String)]) -> Option<String> {
        if !self.cors_preflight || method != "OPTIONS" {
            return None;
        }
        let asked = headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(PREFLIGHT_HEADER)).map(|(_, v)| v.trim())?;
        crate::routes::canonical_method(asked).ok()
    }

    /// The same policy also looking keys up in a store (`apiKeyStore`).
    #[must_use]
    pub fn with_api_key_store(mut self, store: Option<StoredKeys>) -> Self {
        self.api_key_store = store;
        self
    }

    /// Replaces the `apiKeys` table (key rotation); what was read from the
    /// store is forgotten too.
    pub fn set_api_keys(&mut self, api_keys: ApiKeyTable) {
        self.api_keys = api_keys;
        if let Some(store) = &self.api_key_store {
            store.clear();
        }
    }

    /// Where opaque keys are looked up: the table, then the store's cache.
    #[must_use]
    pub fn api_key_sources(&self) -> KeySources<'_> {
        KeySources { table: &self.api_keys, store: self.api_key_store.as_ref() }
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

    /// The opaque API keys (empty: every Bearer credential is a JWT).
    #[must_use]
    pub fn api_keys(&self) -> &ApiKeyTable {
        &self.api_keys
    }

    /// The environment API keys must belong to, unless a route names another.
    #[must_use]
    pub fn environment(&self) -> Option<Environment> {
        self.environment
    }

    /// Whether a client's request header `name` (any case, `_` or any other non-alphanumeric for `-`) is
    /// one the guard sets or reserves, never to be sent upstream as the
    /// client wrote it ([`crate::forward::ReservedHeaders`]).
    #[must_use]
    pub fn is_reserved_header(&self, name: &str) -> bool {
        self.reserved.contains(name)
    }

    /// The request headers `authorize` reads besides `Authorization`: every
    /// route's `accountHeader`, lower-case, each once, and with
    /// `corsPreflight` `access-control-request-method`.
    #[must_use]
    pub fn request_headers(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        if self.cors_preflight {
            names.push(PREFLIGHT_HEADER);
        }
        for route in self.routes.iter().flat_map(RouteTable::routes) {
            if let Some(name) = route.account().map(AccountBinding::header) {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        names
    }
}

/// An account header is the client's; a `forwardClaims` header is the guard's:
/// one name cannot be both.
fn check_account_headers(table: &RouteTable, forward: &ForwardClaims) -> Result<(), ConfigError> {
    for route in table.routes() {
        let Some(binding) = route.account() else { continue };
        let folded = crate::forward::fold_name(binding.header());
        if forward.header_names().any(|h| crate::forward::fold_name(h) == folded) {
            return Err(ConfigError::new(
                format!("routes[{}].accountHeader", route.index()),
                "is also a forwardClaims header; the guard sets those itself",
            ));
        }
    }
    Ok(())
}

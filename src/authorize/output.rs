//! A [`Decision`] as JSON text for the JavaScript boundary (one string per
//! call; claims are embedded as the token's own JSON text, parsed once in JS).
//!
//! ```text
//! {"ok":true,"status":200,"code":null,"method":"GET","target":"/bookings/1?x=1",
//!  "route":{…}|null,"credential":"jwt"|"api_key","keyId":"…",
//!  "scopes":[…],"forwardHeaders":{…},
//!  "preflight":true (an allowed CORS preflight only),
//!  "header":{…} (jwt only, the protected header as sent),"claims":{…}}
//! {"ok":false,"status":401,"code":"token_expired","message":"…","wwwAuthenticate":"Bearer …"|null,
//!  "requiredScopes":[…] (403 only),"method":…,"target":… (absent for a refused request line),
//!  "route":{…}|null,"forwardHeaders":{}}
//! ```

use serde::{Serialize, Serializer};

use super::{Decision, MatchedRoute};
use crate::error::Error;
use crate::principal::Principal;

#[derive(Serialize)]
struct RouteOut<'a> {
    index: usize,
    method: Option<&'a str>,
    path: &'a str,
    public: bool,
    params: Pairs<'a>,
}

/// `(name, value)` pairs as one JSON object, in their own order (route
/// parameters in pattern order; identity headers first, then configured
/// claims). Names are unique: routes refuse repeated parameters and
/// `forwardClaims` refuses tollgate's own and repeated headers.
struct Pairs<'a>(&'a [(String, String)]);

impl Serialize for Pairs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(name, value)| (name, value)))
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Head<'a> {
    ok: bool,
    status: u16,
    code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    www_authenticate: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    required_scopes: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    method: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target: Option<&'a str>,
    route: Option<RouteOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    credential: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    key_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scopes: Option<&'a [String]>,
    forward_headers: Pairs<'a>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    preflight: bool,
}

/// The decision as one JSON object (layout in the module docs).
#[must_use]
pub fn decision_json(decision: &Decision) -> String {
    let principal = decision.principal.as_ref();
    let head = Head {
        ok: decision.is_ok(),
        status: decision.status,
        code: decision.error.as_ref().map(Error::code),
        message: decision.error.as_ref().map(ToString::to_string),
        www_authenticate: decision.challenge.as_deref(),
        required_scopes: match &decision.error {
            Some(Error::InsufficientScope(s)) => Some(s),
            _ => None,
        },
        method: decision.request.as_ref().map(|(m, _)| m.as_str()),
        target: decision.request.as_ref().map(|(_, t)| t.as_str()),
        route: decision.route.as_ref().map(route_out),
        credential: principal.map(Principal::kind),
        key_id: principal.map(Principal::key_id),
        scopes: principal.map(Principal::scopes),
        forward_headers: Pairs(&decision.forward_headers),
        preflight: decision.preflight,
    };
    let mut out = serde_json::to_string(&head).unwrap_or_else(|_| "{}".to_owned());
    if let Some(p) = principal {
        // Splice the token's own texts in before the closing brace:
        // `…,"header":{…},"claims":{…}}` (the header as sent, JWTs only).
        out.pop();
        if let Some(v) = p.token() {
            out.push_str(",\"header\":");
            out.push_str(&v.header_json);
        }
        out.push_str(",\"claims\":");
        out.push_str(p.claims_json());
        out.push('}');
    }
    out
}

fn route_out(r: &MatchedRoute) -> RouteOut<'_> {
    RouteOut {
        index: r.index,
        method: r.method.as_deref(),
        path: &r.pattern,
        public: r.public,
        params: Pairs(&r.params),
    }
}

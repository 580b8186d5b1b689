//! tollgate: verifies HS256/ES256 JWTs and opaque API keys for booking APIs.
//!
//! The core is an ordinary Rust library: bytes, JSON, keys, and time passed in
//! as `now`. The JavaScript boundary lives in `src/wasm/` behind the `wasm`
//! feature and only converts values.
//!
//! Verification order (DESIGN.md, fixed; each step lives in its own module):
//! 1. [`jws`]: size limit, three segments, strict base64url
//! 2. [`header`]: JSON object without duplicates, `alg` allow-list, `crit`
//! 3. [`keys`]: key selection by `kid`, key bound to the token's `alg`
//! 4. [`keys::hs256`] / [`keys::es256`]: the signature
//! 5. [`claims`]: time claims, `iss`, `aud`, `typ`, required claims
//! 6. [`scopes`]: `scope` ∪ `scp` ∪ `scopes` against the required scopes
#![forbid(unsafe_code)]

pub mod account;
pub mod alg;
pub mod apikeys;
pub mod authorize;
pub mod base64url;
pub mod cache;
pub mod challenge;
pub mod claims;
pub mod config;
pub mod credentials;
pub mod decode;
pub mod edge;
pub mod edge_config;
pub mod error;
pub mod exchange;
pub mod forward;
pub mod guard;
pub mod header;
mod json;
pub mod jws;
pub mod keys;
pub mod outcome;
pub mod principal;
pub(crate) mod read;
pub mod refusal;
pub mod routes;
pub mod scopes;
pub mod sign;
pub(crate) mod syntax;
pub mod verifier;

#[cfg(feature = "wasm")]
mod wasm;

pub use config::Policy;
pub use error::{ConfigError, Error};
pub use guard::Guard;
pub use verifier::{Prepared, Verified, Verifier, VerifyOptions};
pub use keys::KeySet;

//! The attack catalogue: one named test per known attack on JWT verifiers,
//! each citing where the attack is described (RFC 8725 "JWT Best Current
//! Practices", RFC 7515/7518/7519, or the CVE/advisory of a library that fell
//! for it). Every test drives the public `Guard::verify` with the fixture keys
//! and asserts the exact DESIGN.md error code.
//!
//! - [`encoding`]: segments, base64url, size limit
//! - [`header`]: alg, crit, b64, kid, embedded keys
//! - [`signature`]: key confusion, psychic and malformed ECDSA signatures
//! - [`json`]: duplicates, BOM, trailing bytes, nesting, Unicode
//! - [`claims`]: date types and boundaries, iss/aud near-misses
//! - [`scopes`]: prefix tricks, 401 before 403, order of the checks
//! - [`request`]: the edge: path spellings, backslashes, forged identity headers
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

#[path = "hostile/mod.rs"]
mod hostile;

#[path = "attacks/claims.rs"]
mod claims;
#[path = "attacks/encoding.rs"]
mod encoding;
#[path = "attacks/header.rs"]
mod header;
#[path = "attacks/json.rs"]
mod json;
#[path = "attacks/request.rs"]
mod request;
#[path = "attacks/scopes.rs"]
mod scopes;
#[path = "attacks/signature.rs"]
mod signature;

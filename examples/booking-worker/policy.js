// The booking API's access policy: who may call what. Shared by every runtime entry.

import { TOKEN_PATH } from "./token-exchange.js";

/** Path of the key-push endpoint, handled by the worker itself (never forwarded). */
export const KEYS_PATH = "/_tollgate/keys";
/** Path of the API-key push (rotation), handled by the worker itself. */
export const API_KEYS_PATH = "/_tollgate/api-keys";

/** Guard options besides `keys` (DESIGN.md). First matching route wins; others get 404. */
export const guardOptions = {
  issuer: "https://auth.booking.example",
  audience: "bookings-api",
  clockTolerance: 30,
  requiredClaims: ["sub"],
  realm: "bookings",
  // Claims forwarded to the booking API besides X-Auth-Subject/-Scopes/-Key-Id.
  forwardClaims: { companyId: "X-Company-Id" },
  // API keys (`apiKeys`, SHA-256 digests only) come from env.API_KEYS. Bearer tokens that are
  // not JWT-shaped and Basic credentials with an empty user name are looked up there.
  routes: [
    { method: "GET", path: "/health", public: true },
    // The key+secret exchange: the credentials are in the body, checked by the worker.
    { method: "POST", path: TOKEN_PATH, public: true },
    // A platform credential may act for an account it lists in its `accounts` claim.
    { method: "GET", path: "/bookings", scopes: ["bookings:read"], accountHeader: "X-Account-Id", accountClaim: "accounts" },
    { method: "GET", path: "/bookings/:id", scopes: ["bookings:read"] },
    { method: "POST", path: "/bookings", scopes: ["bookings:write"] },
    { method: "DELETE", path: "/bookings/:id", scopes: ["bookings:write"], anyScopes: ["bookings:admin", "bookings:cancel"] },
    { method: "GET", path: "/customers", scopes: ["customers:read"] },
    { method: "GET", path: "/events-register", scopes: ["events-register:read"] },
    { method: "PUT", path: "/profile", scopes: ["profile:write"] },
    // Money moves only with live keys: test_ keys are refused here.
    { method: "GET", path: "/invoices", scopes: ["bookings:read"], environment: "live" },
    { method: "PUT", path: KEYS_PATH, scopes: ["tollgate:keys"] },
    { method: "PUT", path: API_KEYS_PATH, scopes: ["tollgate:keys"] },
  ],
};

/**
 * The routes, with an optional catch-all behind them: `"public"` (`/*` public, e.g. the API's
 * website) or `"token"` (`/*` needs a valid token, no scope). Case, trailing-slash and encoding
 * variants of the API's paths never fall to it (see README, Routes).
 */
export function routesWith(fallback) {
  if (fallback === undefined) return guardOptions.routes;
  if (fallback !== "public" && fallback !== "token") throw new TypeError('FALLBACK: must be "public" or "token"');
  return [...guardOptions.routes, fallback === "public" ? { path: "/*", public: true } : { path: "/*" }];
}

// The booking API's access policy: who may call what. Shared by every runtime entry.

/** Path of the key-push endpoint, handled by the worker itself (never forwarded). */
export const KEYS_PATH = "/_tollgate/keys";

/** Guard options besides `keys` (DESIGN.md). First matching route wins; others get 404. */
export const guardOptions = {
  issuer: "https://auth.booking.example",
  audience: "bookings-api",
  clockTolerance: 30,
  requiredClaims: ["sub"],
  realm: "bookings",
  // Claims forwarded to the booking API besides X-Auth-Subject/-Scopes/-Key-Id.
  forwardClaims: { companyId: "X-Company-Id" },
  routes: [
    { method: "GET", path: "/health", public: true },
    { method: "GET", path: "/bookings", scopes: ["bookings:read"] },
    { method: "GET", path: "/bookings/:id", scopes: ["bookings:read"] },
    { method: "POST", path: "/bookings", scopes: ["bookings:write"] },
    { method: "DELETE", path: "/bookings/:id", scopes: ["bookings:write"], anyScopes: ["bookings:admin", "bookings:cancel"] },
    { method: "PUT", path: KEYS_PATH, scopes: ["tollgate:keys"] },
  ],
};

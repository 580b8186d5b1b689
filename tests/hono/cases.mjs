// The requests every runtime sends to tests/hono/app.mjs, and the answer each must get.
// `t` holds the tokens and API key the test minted: read (bookings:read), write
// (bookings:read bookings:write), reports (reports:read), expired, and apiKey (bookings:read).
export const CASES = [
  { name: "public route", path: "/health", status: 200, body: { ok: true, credential: null } },
  { name: "no credentials", path: "/bookings/7", status: 401, code: "token_missing", challenge: 'Bearer realm="bookings"' },
  { name: "expired token", path: "/bookings/7", token: "expired", status: 401, code: "token_expired", challenge: /^Bearer realm="bookings", error="invalid_token"/ },
  {
    name: "read token, typed c.var", path: "/bookings/7", token: "read", status: 200,
    body: { id: "7", sub: "user-42", companyId: "c-42", credential: "jwt", keyId: "hs-main", scopes: ["bookings:read"] },
  },
  { name: "route scope missing: 403 with scope challenge", path: "/bookings", method: "POST", token: "read", status: 403, code: "insufficient_scope", challenge: /error="insufficient_scope".*scope="bookings:write"$/ },
  { name: "route scope held", path: "/bookings", method: "POST", token: "write", status: 201, body: { created: true, sub: "user-42" } },
  { name: "API key", path: "/bookings/9", apiKey: true, status: 200, body: { id: "9", sub: "partner-7", companyId: null, credential: "api_key", keyId: "key-2026", scopes: ["bookings:read"] } },
  { name: "unknown route", path: "/bookings/7/notes", token: "read", status: 404, code: "not_found", challenge: null },
  { name: "per-route scope missing", path: "/reports", token: "read", status: 403, code: "insufficient_scope", challenge: /scope="reports:read"$/ },
  { name: "per-route scope held", path: "/reports", token: "reports", status: 200, body: { report: true, sub: "user-42" } },
  { name: "per-route, no credentials", path: "/reports", status: 401, code: "token_missing", challenge: 'Bearer realm="bookings"' },
  {
    name: "CORS preflight passes to cors()", path: "/bookings/7", method: "OPTIONS",
    headers: { origin: "https://app.booking.example", "access-control-request-method": "GET", "access-control-request-headers": "authorization" },
    status: 204, allowOrigin: "https://app.booking.example",
  },
  {
    name: "CORS preflight for a method no route has", path: "/bookings/7", method: "OPTIONS",
    headers: { origin: "https://app.booking.example", "access-control-request-method": "DELETE" }, status: 404, code: "not_found", challenge: null,
  },
  { name: "CORS on the real request", path: "/bookings/7", token: "read", headers: { origin: "https://app.booking.example" }, status: 200, allowOrigin: "https://app.booking.example" },
];

/** One case as a Request init: method, headers (with the credential). */
export function requestInit(c, t) {
  const headers = { ...(c.headers ?? {}) };
  if (c.token) headers.authorization = `Bearer ${t[c.token]}`;
  if (c.apiKey) headers.authorization = `Bearer ${t.apiKey}`;
  return { method: c.method ?? "GET", headers };
}

/** What a response says, in the form the test compares. */
export async function describe(response) {
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return {
    status: response.status,
    body,
    challenge: response.headers.get("www-authenticate"),
    allowOrigin: response.headers.get("access-control-allow-origin"),
    cacheControl: response.headers.get("cache-control"),
  };
}

// POST /auth/token: an API key and its secret in, a 24-hour HS256 token out, the way booking
// APIs issue their own tokens. The key and secret are checked by the guard (SHA-256 digests,
// compared in constant time); the token is signed with an HS256 key of the guard's key set, so
// the same guard accepts it on every booking route.
//
//   POST /auth/token  {"apiKey":"live_…","apiSecret":"…"}
//   200 {"token":"eyJ…","tokenType":"Bearer","expiresIn":86400,"expiresAt":1767312000}
//
// Repeated calls while a token has more than REUSE_MARGIN seconds left return the same token
// (the key and secret are still checked every time). A key-set or API-key swap forgets them.

/** Path of the exchange endpoint (a public route: the body carries the credentials). */
export const TOKEN_PATH = "/auth/token";
/** Lifetime of an issued token, in seconds. */
export const TOKEN_LIFETIME = 24 * 60 * 60;
/** A cached token is handed out again only while it has more than this many seconds left. */
const REUSE_MARGIN = 5 * 60;
/** Largest accepted request body. */
const MAX_BODY = 4 * 1024;

/**
 * The exchange endpoint for one guard. `kid` names the HS256 key that signs; `issuer` and
 * `audience` go into the token so the guard's own checks accept it.
 */
export function tokenExchange({ kid, issuer, audience, lifetime = TOKEN_LIFETIME }) {
  const cache = new Map();
  return {
    /** Drops cached tokens (after a key swap). */
    forget: () => cache.clear(),
    /** Signs from now on with the HS256 key `next` (after a key-set push). */
    signWith(next) {
      kid = next;
      cache.clear();
    },
    /** Handles POST /auth/token. */
    async handle(request, guard, { now = Date.now() / 1000 } = {}) {
      // Refusals in the guard's error format, with the status and RFC 6750 challenge of the error.
      const refuse = (error) => guard.errorResponse(error, request);
      const body = await readCredentials(request);
      if (body.error) return refuse(body.error);
      const checked = await guard.checkApiKey(body.apiKey, { secret: body.apiSecret, now }); // a Promise with apiKeyStore
      if (!checked.ok) return refuse(checked.error);
      const cached = cache.get(checked.keyId);
      if (cached && cached.expiresAt - now > REUSE_MARGIN) return issued(cached, now);
      const { sub: _sub, environment: _environment, ...extra } = checked.claims;
      const claims = { ...extra, iss: issuer, aud: audience, sub: checked.subject, scope: checked.scopes.join(" ") };
      // The key's environment goes into the token (null: the key has none), so a key cannot reach
      // a route of an environment it is not bound to by trading itself for a token: the guard
      // refuses a token whose environment claim is anything but the route's there.
      claims.environment = checked.environment;
      let token;
      try {
        token = guard.sign(claims, { kid, expiresIn: lifetime, now });
      } catch {
        // No HS256 key `kid` in the key set (none configured, or TOKEN_KID rotated away).
        return unavailable();
      }
      const entry = { token, expiresAt: Math.floor(now) + lifetime };
      cache.set(checked.keyId, entry);
      return issued(entry, now);
    },
  };
}

function unavailable() {
  const body = { error: "temporarily_unavailable", message: "no signing key is configured for issued tokens" };
  return new Response(JSON.stringify(body), {
    status: 503,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });
}

/** `{ apiKey, apiSecret }` from a JSON body, or `{ error }` (400 invalid_request). */
async function readCredentials(request) {
  const invalid = (message) => ({ error: { code: "invalid_request", status: 400, message } });
  if (!/^application\/json\b/i.test(request.headers.get("content-type") ?? "")) {
    return invalid("send the api key and secret as application/json");
  }
  const text = await request.text();
  if (text.length > MAX_BODY) return invalid("request body is too large");
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return invalid("request body is not JSON");
  }
  const { apiKey, apiSecret } = body ?? {};
  if (typeof apiKey !== "string" || apiKey === "" || typeof apiSecret !== "string" || apiSecret === "") {
    return invalid("apiKey and apiSecret must be non-empty strings");
  }
  return { apiKey, apiSecret };
}

function issued({ token, expiresAt }, now) {
  const body = { token, tokenType: "Bearer", expiresIn: Math.max(0, Math.floor(expiresAt - now)), expiresAt };
  return new Response(JSON.stringify(body), {
    status: 200,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });
}

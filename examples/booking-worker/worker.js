// The booking worker: guards the booking API and forwards allowed requests upstream.
// One module for every runtime: workerd calls `fetch(request, env)` itself; Node (node-server.mjs),
// Deno (deno.mjs) and Bun (bun.mjs) call it from their own servers with the same `env`:
//   env.KEYS          the JWK Set to start with (object, or its JSON text)
//   env.API_KEYS      the apiKeys list (SHA-256 digests; object or JSON text; optional)
//   env.ERROR_FORMAT  "rfc6750" (default), "envelope" or "requestId" (optional)
//   env.TOKEN_KID     the HS256 key that signs tokens issued at POST /auth/token (optional;
//                     default: the first HS256 key of the key set in use)
//   env.UPSTREAM_URL  base URL of the booking API
//   env.FALLBACK      "public" or "token": a catch-all route `/*` behind the API's routes (a
//                     public site, or "any other path needs a valid token"); default none (404)
//   env.TOLLGATE_KV   a Workers KV namespace (optional): key set and API keys shared by every
//                     isolate (fleet.js); env.KEYS is then only the set to start with (optional)
//   env.KEYS_REFRESH_SECONDS, KEYS_COOLDOWN_SECONDS, KEYS_MAX_STALENESS_SECONDS,
//   env.API_KEYS_TTL_SECONDS, API_KEYS_NEGATIVE_TTL_SECONDS: the KV timings (fleet.js)
import { Guard } from "tollgate";
import { fleetOptions, publishApiKeys, publishKeys } from "./fleet.js";
import { API_KEYS_PATH, guardOptions, KEYS_PATH, routesWith } from "./policy.js";
import { TOKEN_PATH, tokenExchange } from "./token-exchange.js";

/** Largest accepted key-push body. */
const MAX_KEYS_BODY = 64 * 1024;

// One guard per isolate, built on the first request (workerd hands `env` to fetch only).
// PUT /_tollgate/keys swaps its keys in place — and, with TOLLGATE_KV, writes them to KV once for
// every isolate; a refused set leaves the old keys working everywhere.
let app = null;

function start(env) {
  const parsed = (value) => (typeof value === "string" ? JSON.parse(value) : value);
  const keys = parsed(env.KEYS);
  const apiKeys = parsed(env.API_KEYS) ?? [];
  if (!env.UPSTREAM_URL) throw new TypeError("UPSTREAM_URL is not set");
  const errorFormat = env.ERROR_FORMAT || undefined;
  const routes = routesWith(env.FALLBACK || undefined);
  const kv = env.TOLLGATE_KV ?? null;
  const { issuer, audience } = guardOptions;
  const exchange = tokenExchange({ kid: env.TOKEN_KID || firstHs256(keys), issuer, audience });
  const fixedKid = Boolean(env.TOKEN_KID);
  // With KV, each set the isolate loads also picks the key issued tokens are signed with.
  const fleet = kv ? fleetOptions(env, (jwks) => fixedKid || exchange.signWith(firstHs256(jwks))) : {};
  const guard = new Guard({ ...guardOptions, routes, ...(keys ? { keys } : {}), apiKeys, errorFormat, ...fleet });
  return { guard, exchange, fixedKid, kv, upstream: new URL(env.UPSTREAM_URL).href };
}

/** The kid of the first HS256 key of a JWK Set: what issued tokens are signed with by default. */
function firstHs256(jwks) {
  return jwks?.keys?.find((k) => k.kty === "oct" && k.alg === "HS256")?.kid;
}

/**
 * Applies a pushed key set (with KV: written once for every isolate, after it compiled); unless
 * TOKEN_KID pins one, issued tokens are signed with its first HS256 key.
 */
async function setKeys(app, jwks) {
  const published = app.kv ? await publishKeys(app.kv, jwks) : {};
  app.guard.setKeys(jwks);
  if (!app.fixedKid) app.exchange.signWith(firstHs256(jwks));
  return published;
}

/** Applies a pushed apiKeys list: with KV, each entry written under its digest; else this isolate's table. */
async function setApiKeys(app, list) {
  if (app.kv) await publishApiKeys(app.kv, list);
  else app.guard.setApiKeys(list);
  return {};
}

export default {
  async fetch(request, env) {
    try {
      app ??= start(env);
    } catch (e) {
      return json(500, { error: "misconfigured", message: e.message });
    }
    const decision = await app.guard.authorize(request);
    if (!decision.ok) return decision.response();
    if (decision.route?.path === TOKEN_PATH) return app.exchange.handle(request, app.guard);
    if (decision.route?.path === KEYS_PATH) return pushKeys(request, app, (jwks) => setKeys(app, jwks));
    if (decision.route?.path === API_KEYS_PATH) return pushKeys(request, app, (list) => setApiKeys(app, list));
    const upstream = decision.forwardRequest(request, app.upstream, { dropAuthorization: true });
    try {
      return await fetch(upstream);
    } catch {
      return json(502, { error: "upstream_unavailable", message: "the booking API did not answer" });
    }
  },
};

/**
 * PUT /_tollgate/keys with a JWK Set, or PUT /_tollgate/api-keys with an apiKeys list: applied
 * atomically, or refused with 400. Either swap forgets the tokens cached by the exchange.
 */
async function pushKeys(request, app, apply) {
  const tooLarge = () => json(413, { error: "too_large", message: "a key set is at most 64 KiB" });
  if (Number(request.headers.get("content-length") ?? 0) > MAX_KEYS_BODY) return tooLarge();
  const text = await request.text();
  if (text.length > MAX_KEYS_BODY) return tooLarge();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return json(400, { error: "invalid_keys", message: "body is not JSON" });
  }
  let published;
  try {
    published = await apply(body);
  } catch (e) {
    // Messages name the field (keys[1].k: …, apiKeys[0].sha256: …) and never contain key material.
    return json(400, { error: "invalid_keys", message: e.message });
  }
  app.exchange.forget();
  const ids = Array.isArray(body) ? { ids: body.map((k) => k.id) } : { kids: body.keys.map((k) => k.kid) };
  return json(200, { ok: true, ...ids, ...published });
}

function json(status, value) {
  return new Response(JSON.stringify(value), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });
}

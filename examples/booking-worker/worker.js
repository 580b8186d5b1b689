// The booking worker: guards the booking API and forwards allowed requests upstream.
// One module for every runtime: workerd calls `fetch(request, env)` itself; Node (node-server.mjs),
// Deno (deno.mjs) and Bun (bun.mjs) call it from their own servers with the same `env`:
//   env.KEYS          the JWK Set to start with (object, or its JSON text)
//   env.UPSTREAM_URL  base URL of the booking API
import { Guard } from "tollgate";
import { guardOptions, KEYS_PATH } from "./policy.js";

/** Largest accepted key-push body. */
const MAX_KEYS_BODY = 64 * 1024;

// One guard per isolate, built on the first request (workerd hands `env` to fetch only).
// PUT /_tollgate/keys swaps its keys in place; a refused set leaves the old keys working.
let app = null;

function start(env) {
  const keys = typeof env.KEYS === "string" ? JSON.parse(env.KEYS) : env.KEYS;
  if (!env.UPSTREAM_URL) throw new TypeError("UPSTREAM_URL is not set");
  return { guard: new Guard({ ...guardOptions, keys }), upstream: new URL(env.UPSTREAM_URL).href };
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
    if (decision.route?.path === KEYS_PATH) return pushKeys(request, app.guard);
    const upstream = decision.forwardRequest(request, app.upstream, { dropAuthorization: true });
    try {
      return await fetch(upstream);
    } catch {
      return json(502, { error: "upstream_unavailable", message: "the booking API did not answer" });
    }
  },
};

/** PUT /_tollgate/keys with a JWK Set: applied atomically, or refused with 400. */
async function pushKeys(request, guard) {
  const tooLarge = () => json(413, { error: "too_large", message: "a key set is at most 64 KiB" });
  if (Number(request.headers.get("content-length") ?? 0) > MAX_KEYS_BODY) return tooLarge();
  const text = await request.text();
  if (text.length > MAX_KEYS_BODY) return tooLarge();
  let jwks;
  try {
    jwks = JSON.parse(text);
  } catch {
    return json(400, { error: "invalid_keys", message: "body is not JSON" });
  }
  try {
    guard.setKeys(jwks);
  } catch (e) {
    // Messages name the field (keys[1].k: …) and never contain key material.
    return json(400, { error: "invalid_keys", message: e.message });
  }
  return json(200, { ok: true, kids: jwks.keys.map((k) => k.kid) });
}

function json(status, value) {
  return new Response(JSON.stringify(value), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });
}

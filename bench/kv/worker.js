// The worker bench/apikeys-kv.mjs times under Miniflare: a guard whose API keys live in Workers
// KV (apiKeyStore: kvApiKeyStore), and a fill endpoint that writes the benchmark's keys.
import { Guard, kvApiKeyStore } from "tollgate";

const SECRET = "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc"; // 32 bytes of 7, as bench/apikeys.mjs
let guard = null;

const keyOf = (i) => `live_bench_${i}_${(i * 2654435761) % 1e9}`;

async function hex(text) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export default {
  async fetch(request, env) {
    guard ??= new Guard({
      keys: { keys: [{ kty: "oct", kid: "hs", alg: "HS256", k: SECRET }] },
      routes: [{ method: "GET", path: "/bookings/:id", scopes: ["bookings:read"] }],
      apiKeyStore: kvApiKeyStore(env.TOLLGATE_KV, { ttl: 60, negativeTtl: 10, maxEntries: 10000 }),
    });
    const url = new URL(request.url);
    if (url.pathname === "/fill") {
      const from = Number(url.searchParams.get("from"));
      const to = Number(url.searchParams.get("to"));
      const puts = [];
      for (let i = from; i < to; i++) {
        puts.push(hex(keyOf(i)).then((sha256) => env.TOLLGATE_KV.put(`apikey:${sha256}`, JSON.stringify({ id: `k${i}`, sha256, scopes: ["bookings:read"] }))));
      }
      await Promise.all(puts);
      return new Response(`filled ${to - from}`);
    }
    const now = Number(url.searchParams.get("now"));
    const decision = await guard.authorize(request, { now });
    return new Response(decision.ok ? "ok" : decision.code, { status: decision.status });
  },
};

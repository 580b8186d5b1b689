// One matrix: the same booking worker (examples/booking-worker/worker.js) under workerd, its
// wrangler project under `wrangler dev`, Node (node:http adapter), Deno and Bun, each in front of the recording mock backend, answering the
// same requests the same way: JWTs and opaque API keys (Bearer and Basic with an empty user). A runtime whose binary is missing is a visible skip, never a pass.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { call, runtimeAvailable, startMockBackend, startRuntime, startWorkerd, startWrangler, stopAll } from "./harness.mjs";
import { sampleTokens } from "./tokens.mjs";
import { makeApiKeys } from "./apikeys.mjs";

let backend;
let tokens;
const apiKeys = makeApiKeys();
const basic = (key) => `Basic ${Buffer.from(`:${key}`).toString("base64")}`;

before(async () => {
  backend = await startMockBackend();
  tokens = await sampleTokens();
});
after(async () => {
  await stopAll();
  await backend?.close();
});

/** Requests sent to every runtime with the expected outcome; `forwarded` = reached the backend. */
const CASES = [
  { name: "valid read", path: "/bookings/1", token: "read", status: 200, forwarded: true },
  { name: "valid ES256 read", path: "/bookings", token: "readEs", status: 200, forwarded: true },
  { name: "public health", path: "/health", status: 200, forwarded: true },
  { name: "missing token", path: "/bookings", status: 401, code: "token_missing", challenge: /^Bearer realm="bookings"$/ },
  { name: "expired", path: "/bookings", token: "expired", status: 401, code: "token_expired", challenge: /error="invalid_token"/ },
  { name: "bad signature", path: "/bookings", token: "badSignature", status: 401, code: "signature_invalid", challenge: /error="invalid_token"/ },
  { name: "wrong audience", path: "/bookings", token: "wrongAudience", status: 401, code: "claim_invalid", challenge: /error="invalid_token"/ },
  { name: "under-scoped", path: "/bookings", method: "POST", token: "read", status: 403, code: "insufficient_scope", challenge: /scope="bookings:write"$/ },
  { name: "unknown route", path: "/nope", token: "read", status: 404, code: "not_found", challenge: null },
  { name: "two credentials", path: "/bookings", auth: (t) => `Bearer ${t.read}, Bearer ${t.readEs}`, status: 400, code: "invalid_request", challenge: /error="invalid_request"/ },
  { name: "API key (Bearer)", path: "/bookings/1", auth: (_, k) => `Bearer ${k.current.key}`, status: 200, forwarded: true, sub: "partner-7" },
  { name: "API key (Basic, empty user)", path: "/customers", auth: (_, k) => basic(k.current.key), status: 200, forwarded: true, sub: "partner-7" },
  { name: "unknown API key", path: "/bookings", auth: () => "Bearer live_unknown", status: 401, code: "api_key_invalid", challenge: /error="invalid_token"/ },
  { name: "suspended API key", path: "/bookings", auth: (_, k) => basic(k.suspended.key), status: 401, code: "api_key_revoked", challenge: /error="invalid_token"/ },
  { name: "test_ key on a live route", path: "/invoices", auth: (_, k) => `Bearer ${k.sandbox.key}`, status: 401, code: "api_key_invalid", challenge: /error="invalid_token"/ },
];

const START = { workerd: startWorkerd, wrangler: startWrangler };

for (const runtime of ["workerd", "wrangler", "node", "deno", "bun"]) {
  describe(`booking worker under ${runtime}`, () => {
    let worker;
    const available = runtimeAvailable(runtime);
    before(async () => {
      if (!available) return;
      const options = { apiKeys: apiKeys.config };
      worker = START[runtime] ? await START[runtime](backend.url, options) : await startRuntime(runtime, backend.url, options);
    });

    for (const c of CASES) {
      test(c.name, async (t) => {
        if (!available) return t.skip(`${runtime} binary not found; run scripts/setup.sh`);
        backend.requests.length = 0;
        const headers = { "x-auth-subject": "spoofed", "x-request-id": `${runtime}-${c.name}` };
        if (c.auth) headers.authorization = c.auth(tokens, apiKeys.plain);
        const r = await call(worker.url, c.path, { method: c.method, token: c.token && tokens[c.token], headers, body: c.method === "POST" ? "{}" : undefined });
        const body = await r.json();
        assert.equal(r.status, c.status, JSON.stringify(body));
        const mine = backend.requests.filter((x) => x.headers["x-request-id"] === headers["x-request-id"]);
        if (c.forwarded) {
          assert.equal(mine.length, 1, "forwarded once");
          const expectSub = c.sub ?? (c.token ? "user-4711" : undefined);
          assert.equal(mine[0].headers["x-auth-subject"], expectSub, "identity from the credential, never from the client");
          if (expectSub) assert.equal(mine[0].headers["x-company-id"], "c-42");
        } else {
          assert.equal(mine.length, 0, "never forwarded");
          assert.equal(body.error, c.code);
          assert.equal(r.headers.get("cache-control"), "no-store");
          const challenge = r.headers.get("www-authenticate");
          if (c.challenge === null) assert.equal(challenge, null);
          else assert.match(challenge, c.challenge);
        }
      });
    }
  });
}

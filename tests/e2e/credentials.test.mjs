// Every credential style booking APIs hand out, through the booking worker in real workerd:
// opaque API keys (Bearer and Basic with an empty user), live/test environments, key rotation,
// the key+secret → HS256 token exchange, platform tokens acting for an account, per-route
// resource:action scopes, and the error body formats.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { call, startMockBackend, startWorkerd, stopAll } from "./harness.mjs";
import { decodeSegment, makeApiKeys } from "./apikeys.mjs";
import { fx, mint } from "./tokens.mjs";

let backend;
let worker;
let keys;
let admin;

before(async () => {
  keys = makeApiKeys();
  backend = await startMockBackend();
  worker = await startWorkerd(backend.url, { apiKeys: keys.config });
  admin = await mint({ kid: "hs-2026-02", claims: { scope: "tollgate:keys", sub: "ops" } });
});
beforeEach(() => {
  backend.requests.length = 0;
});
after(async () => {
  await stopAll();
  await backend?.close();
});

const bearer = (key) => ({ authorization: `Bearer ${key}` });
const basic = (user, password) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` });
const get = (path, headers = {}) => call(worker.url, path, { headers });

async function refused(response, status, code) {
  const text = await response.text();
  assert.equal(response.status, status, text);
  assert.equal(JSON.parse(text).error, code, text);
  assert.equal(response.headers.get("cache-control"), "no-store");
  for (const k of Object.values(keys.plain)) assert.ok(!text.includes(k.key) && !text.includes(k.secret ?? "\0"), "no key in the body");
  assert.equal(backend.requests.length, 0, "a refused request never reaches the backend");
  return response;
}

describe("opaque API keys", () => {
  test("Bearer key → forwarded with the key's identity; the key stays at the edge", async () => {
    const r = await get("/bookings/1", { ...bearer(keys.plain.current.key), "X-Auth-Key-Id": "spoofed" });
    assert.equal(r.status, 200, await r.clone().text());
    const seen = backend.requests[0].headers;
    assert.equal(seen["x-auth-key-id"], "key-2026");
    assert.equal(seen["x-auth-subject"], "partner-7");
    assert.equal(seen["x-auth-scopes"], "bookings:read customers:read");
    assert.equal(seen["x-company-id"], "c-42");
    assert.equal(seen.authorization, undefined);
  });

  test("HTTP Basic with an empty user name (curl --user :live_…)", async () => {
    const r = await get("/bookings/1", basic("", keys.plain.current.key));
    assert.equal(r.status, 200);
    assert.equal(backend.requests[0].headers["x-auth-key-id"], "key-2026");
    backend.requests.length = 0;
    const named = await refused(await get("/bookings/1", basic("partner", keys.plain.current.key)), 400, "invalid_request");
    assert.match(named.headers.get("www-authenticate"), /error="invalid_request"/);
  });

  test("unknown key → 401 api_key_invalid; suspended or expired → 401 api_key_revoked", async () => {
    const unknown = await refused(await get("/bookings/1", bearer("live_not_a_key_at_all")), 401, "api_key_invalid");
    assert.match(unknown.headers.get("www-authenticate"), /error="invalid_token"/);
    await refused(await get("/bookings/1", bearer(keys.plain.suspended.key)), 401, "api_key_revoked");
    await refused(await get("/bookings/1", basic("", keys.plain.expired.key)), 401, "api_key_revoked");
  });

  test("resource:action scopes per route", async () => {
    assert.equal((await get("/customers", bearer(keys.plain.current.key))).status, 200);
    assert.equal(backend.requests.at(-1).path, "/customers");
    backend.requests.length = 0;
    const write = await call(worker.url, "/profile", { method: "PUT", headers: bearer(keys.plain.current.key), body: "{}" });
    const denied = await refused(write, 403, "insufficient_scope");
    assert.match(denied.headers.get("www-authenticate"), /scope="profile:write"/);
    const events = await refused(await get("/events-register", bearer(keys.plain.current.key)), 403, "insufficient_scope");
    assert.match(events.headers.get("www-authenticate"), /scope="events-register:read"/);
    assert.equal((await get("/events-register", bearer(keys.plain.sandbox.key))).status, 200);
  });

  test("live route refuses test_ keys; test keys work elsewhere", async () => {
    assert.equal((await get("/invoices", bearer(keys.plain.current.key))).status, 200);
    backend.requests.length = 0;
    await refused(await get("/invoices", bearer(keys.plain.sandbox.key)), 401, "api_key_invalid");
    assert.equal((await get("/bookings/1", bearer(keys.plain.sandbox.key))).status, 200);
  });
});

describe("rotation", () => {
  function pushApiKeys(list, token = admin) {
    return call(worker.url, "/_tollgate/api-keys", {
      method: "PUT",
      token,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(list),
    });
  }

  test("old and new key both valid, then the old one revoked", async () => {
    assert.equal((await get("/bookings/1", bearer(keys.plain.previous.key))).status, 200);
    assert.equal((await get("/bookings/1", bearer(keys.plain.current.key))).status, 200);
    const reader = await pushApiKeys(keys.config, await mint());
    assert.equal(reader.status, 403, "pushing API keys needs tollgate:keys");
    const bad = await pushApiKeys([{ id: "x", sha256: "not-a-digest" }]);
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).message, /^apiKeys\[0\]\.sha256: /);
    assert.equal((await get("/bookings/1", bearer(keys.plain.previous.key))).status, 200, "a refused push changes nothing");

    const revoked = keys.config.map((k) => (k.id === "key-2025" ? { ...k, status: "revoked" } : k));
    const ok = await pushApiKeys(revoked);
    assert.equal(ok.status, 200, await ok.clone().text());
    backend.requests.length = 0;
    await refused(await get("/bookings/1", bearer(keys.plain.previous.key)), 401, "api_key_revoked");
    assert.equal((await get("/bookings/1", bearer(keys.plain.current.key))).status, 200);
    assert.equal((await pushApiKeys(keys.config)).status, 200, "restore for the other tests");
  });
});

describe("key + secret → HS256 token exchange", () => {
  const exchange = (apiKey, apiSecret) =>
    call(worker.url, "/auth/token", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ apiKey, apiSecret }),
    });

  test("issues a 24 h token with sub and companyId that the booking routes accept", async () => {
    const r = await exchange(keys.plain.current.key, keys.plain.current.secret);
    const body = await r.json();
    assert.equal(r.status, 200, JSON.stringify(body));
    assert.equal(r.headers.get("cache-control"), "no-store");
    assert.equal(body.tokenType, "Bearer");
    const header = decodeSegment(body.token, 0);
    const claims = decodeSegment(body.token, 1);
    assert.deepEqual(header, { alg: "HS256", kid: "hs-2026-01", typ: "JWT" });
    assert.equal(claims.exp - claims.iat, 86400);
    assert.equal(claims.sub, "partner-7");
    assert.equal(claims.companyId, "c-42");
    assert.equal(backend.requests.length, 0, "the exchange is answered at the edge");

    const booking = await call(worker.url, "/bookings/1", { token: body.token });
    assert.equal(booking.status, 200);
    const seen = backend.requests[0].headers;
    assert.equal(seen["x-auth-subject"], "partner-7");
    assert.equal(seen["x-company-id"], "c-42");
    assert.equal(seen["x-auth-key-id"], "hs-2026-01");

    const again = await (await exchange(keys.plain.current.key, keys.plain.current.secret)).json();
    assert.equal(again.token, body.token, "a repeated exchange within the token's life returns the cached token");
  });

  test("an exchanged token carries its key's environment: test_ and unbound keys' tokens are refused on the live route", async () => {
    const r = await exchange(keys.plain.sandbox.key, keys.plain.sandbox.secret);
    const { token } = await r.json();
    assert.equal(r.status, 200);
    assert.equal(decodeSegment(token, 1).environment, "test");
    assert.equal((await call(worker.url, "/bookings/1", { token })).status, 200, "fine outside live-only routes");
    backend.requests.length = 0;
    const live = await refused(await call(worker.url, "/invoices", { token }), 401, "claim_invalid");
    assert.match(live.headers.get("www-authenticate"), /error="invalid_token"/);
    const { token: liveToken } = await (await exchange(keys.plain.current.key, keys.plain.current.secret)).json();
    assert.equal(decodeSegment(liveToken, 1).environment, "live");
    assert.equal((await call(worker.url, "/invoices", { token: liveToken })).status, 200);
    // A key bound to no environment is refused on the live route, and so is its token.
    backend.requests.length = 0;
    await refused(await get("/invoices", bearer(keys.plain.unbound.key)), 401, "api_key_invalid");
    const { token: unbound } = await (await exchange(keys.plain.unbound.key, keys.plain.unbound.secret)).json();
    assert.equal(decodeSegment(unbound, 1).environment, null);
    await refused(await call(worker.url, "/invoices", { token: unbound }), 401, "claim_invalid");
    assert.equal((await call(worker.url, "/bookings/1", { token: unbound })).status, 200);
  });

  test("wrong secret, unknown or revoked key, or a malformed body are refused", async () => {
    const wrong = await refused(await exchange(keys.plain.current.key, "wrong-secret"), 401, "api_key_invalid");
    assert.match(wrong.headers.get("www-authenticate"), /^Bearer realm="bookings", error="invalid_token", /);
    await refused(await exchange("live_unknown", keys.plain.current.secret), 401, "api_key_invalid");
    await refused(await exchange(keys.plain.suspended.key, keys.plain.suspended.secret), 401, "api_key_revoked");
    const notJson = await call(worker.url, "/auth/token", { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    const bad = await refused(notJson, 400, "invalid_request");
    assert.match(bad.headers.get("www-authenticate"), /error="invalid_request"/);
    // A key without a configured secret cannot be exchanged.
    await refused(await exchange(keys.plain.previous.key, "any"), 401, "api_key_invalid");
  });
});

describe("exchange across a key-set rotation", () => {
  const exchange = (apiKey, apiSecret) =>
    call(worker.url, "/auth/token", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ apiKey, apiSecret }) });
  const pushKeys = (jwks) =>
    call(worker.url, "/_tollgate/keys", { method: "PUT", token: admin, headers: { "content-type": "application/json" }, body: JSON.stringify(jwks) });

  test("after hs-2026-01 is rotated out, tokens it signed are refused and new ones are signed with hs-2026-02", async () => {
    const before = (await (await exchange(keys.plain.current.key, keys.plain.current.secret)).json()).token;
    assert.equal(decodeSegment(before, 0).kid, "hs-2026-01");
    const rotated = { keys: fx.jwks.keys.filter((k) => k.kid !== "hs-2026-01") };
    assert.equal((await pushKeys(rotated)).status, 200);
    try {
      await refused(await call(worker.url, "/bookings/1", { token: before }), 401, "key_not_found");
      const after = (await (await exchange(keys.plain.current.key, keys.plain.current.secret)).json()).token;
      assert.equal(decodeSegment(after, 0).kid, "hs-2026-02", "the cached token was forgotten; the new one uses the remaining HS256 key");
      assert.equal((await call(worker.url, "/bookings/1", { token: after })).status, 200);
    } finally {
      assert.equal((await pushKeys(fx.jwks)).status, 200, "restore for the other tests");
    }
  });
});

describe("platform tokens acting for an account (X-Account-Id)", () => {
  test("ES256 token with kid: listed account → forwarded, other account → 403", async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await mint({ kid: "es-2026-01", claims: { sub: "platform-9", accounts: ["acc-1", "acc-2"], iat: now, exp: now + 3600 } });
    const ok = await call(worker.url, "/bookings", { token, headers: { "X-Account-Id": "acc-2" } });
    assert.equal(ok.status, 200);
    assert.equal(backend.requests[0].headers["x-account-id"], "acc-2");
    backend.requests.length = 0;
    const other = await refused(await call(worker.url, "/bookings", { token, headers: { "X-Account-Id": "acc-3" } }), 403, "account_forbidden");
    assert.match(other.headers.get("www-authenticate"), /error="insufficient_scope"/);
    const expired = await mint({ kid: "es-2026-01", claims: { accounts: ["acc-1"], iat: now - 7200, exp: now - 3600 } });
    await refused(await call(worker.url, "/bookings", { token: expired, headers: { "X-Account-Id": "acc-1" } }), 401, "token_expired");
  });

  test("an API key's accounts claim binds the header the same way", async () => {
    const platform = bearer(keys.plain.platform.key);
    assert.equal((await get("/bookings", { ...platform, "X-Account-Id": "acc-7" })).status, 200);
    backend.requests.length = 0;
    await refused(await get("/bookings", { ...platform, "X-Account-Id": "acc-1" }), 403, "account_forbidden");
  });
});

describe("error body formats", () => {
  test("envelope and requestId formats keep status and WWW-Authenticate", async () => {
    const envelope = await startWorkerd(backend.url, { apiKeys: keys.config, env: { ERROR_FORMAT: "envelope" } });
    const tagged = await startWorkerd(backend.url, { apiKeys: keys.config, env: { ERROR_FORMAT: "requestId" } });
    const a = await call(envelope.url, "/bookings/1", { headers: bearer(keys.plain.suspended.key) });
    assert.equal(a.status, 401);
    assert.match(a.headers.get("www-authenticate"), /error="invalid_token"/);
    assert.deepEqual(await a.json(), { success: false, error: { code: "API_KEY_REVOKED", message: "api key is revoked, suspended or expired" } });
    const token = await call(envelope.url, "/auth/token", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ apiKey: keys.plain.current.key, apiSecret: "wrong" }),
    });
    assert.equal(token.status, 401);
    assert.match(token.headers.get("www-authenticate"), /error="invalid_token"/);
    assert.deepEqual((await token.json()).error.code, "API_KEY_INVALID");
    const b = await call(tagged.url, "/customers", { headers: { ...bearer(keys.plain.sandbox.key), "X-Request-Id": "req-42" } });
    assert.equal(b.status, 403);
    assert.match(b.headers.get("www-authenticate"), /scope="customers:read"/);
    assert.equal(b.headers.get("x-request-id"), "req-42");
    const body = await b.json();
    assert.deepEqual(Object.keys(body).sort(), ["error", "message", "requestId"]);
    assert.equal(body.requestId, "req-42");
    assert.equal(body.error, "insufficient_scope");
  });
});

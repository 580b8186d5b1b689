// The booking worker in real workerd, over real HTTP on loopback, in front of the mock
// backend that records what it receives.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { call, startMockBackend, startWorkerd, stopAll } from "./harness.mjs";
import { sampleTokens } from "./tokens.mjs";

let backend;
let worker;
let tokens;

before(async () => {
  tokens = await sampleTokens();
  backend = await startMockBackend();
  worker = await startWorkerd(backend.url);
});
beforeEach(() => {
  backend.requests.length = 0;
});
after(async () => {
  await stopAll();
  await backend?.close();
});

/** Asserts an RFC 6750 refusal and that nothing reached the backend. */
async function assertRefused(response, { status, code, challenge }) {
  const text = await response.text();
  assert.equal(response.status, status, text);
  assert.deepEqual(JSON.parse(text).error, code);
  assert.equal(response.headers.get("cache-control"), "no-store");
  assert.match(response.headers.get("content-type"), /^application\/json/);
  if (challenge === null) assert.equal(response.headers.get("www-authenticate"), null);
  else assert.match(response.headers.get("www-authenticate"), challenge);
  for (const t of Object.values(tokens)) assert.ok(!text.includes(t) && !response.headers.get("www-authenticate")?.includes(t));
  assert.equal(backend.requests.length, 0, "a refused request never reaches the backend");
  return JSON.parse(text);
}

describe("allowed requests are forwarded with identity headers", () => {
  test("GET /bookings/:id with a valid HS256 token; spoofed identity headers are replaced or dropped", async () => {
    const r = await call(worker.url, "/bookings/1?expand=room", {
      token: tokens.read,
      headers: { "X-Auth-Subject": "admin", "x-company-id": "c-evil", "X-Auth-Role": "root", "X-Trace": "t-1" },
    });
    const body = await r.json();
    assert.equal(r.status, 200);
    assert.equal(body.booking.id, "1");
    assert.equal(backend.requests.length, 1);
    const seen = backend.requests[0];
    assert.equal(seen.method, "GET");
    assert.equal(seen.path, "/bookings/1?expand=room");
    assert.equal(seen.headers["x-auth-subject"], "user-4711");
    assert.equal(seen.headers["x-auth-scopes"], "bookings:read");
    assert.equal(seen.headers["x-auth-key-id"], "hs-2026-01");
    assert.equal(seen.headers["x-company-id"], "c-42");
    assert.equal(seen.headers["x-auth-role"], undefined, "unknown X-Auth-* headers are stripped too");
    assert.equal(seen.headers["x-trace"], "t-1", "other headers pass");
    assert.equal(seen.headers.authorization, undefined, "the token stays at the edge");
  });

  test("POST /bookings with an ES256 token forwards the body", async () => {
    const r = await call(worker.url, "/bookings", {
      method: "POST",
      token: tokens.write,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ room: "204", nights: 3, owner: "someone-else" }),
    });
    assert.equal(r.status, 201);
    const { booking } = await r.json();
    assert.equal(booking.owner, "user-7", "the backend trusts the forwarded subject");
    assert.equal(backend.requests.length, 1);
    assert.equal(JSON.parse(backend.requests[0].body).room, "204");
    assert.equal(backend.requests[0].headers["x-auth-key-id"], "es-2026-02");
  });

  test("GET /health is public: no token needed, spoofed subject still stripped", async () => {
    const r = await call(worker.url, "/health", { headers: { "x-auth-subject": "admin" } });
    assert.equal(r.status, 200);
    assert.deepEqual(await r.json(), { status: "ok" });
    assert.equal(backend.requests.length, 1);
    assert.equal(backend.requests[0].headers["x-auth-subject"], undefined);
  });
});

describe("refusals (RFC 6750)", () => {
  test("missing token → 401 with a challenge that has no error attribute", async () => {
    const r = await call(worker.url, "/bookings");
    await assertRefused(r, { status: 401, code: "token_missing", challenge: /^Bearer realm="bookings"$/ });
  });

  test("a token in the query string is not accepted", async () => {
    const r = await call(worker.url, `/bookings?access_token=${tokens.read}`);
    await assertRefused(r, { status: 401, code: "token_missing", challenge: /^Bearer realm="bookings"$/ });
  });

  for (const [name, code, description] of [
    ["expired", "token_expired", "token has expired"],
    ["badSignature", "signature_invalid", "signature"],
    ["wrongAudience", "claim_invalid", "aud"],
    ["unknownKid", "key_not_found", "key"],
  ]) {
    test(`${name} token → 401 invalid_token (${code})`, async () => {
      const r = await call(worker.url, "/bookings/1", { token: tokens[name] });
      const challenge = new RegExp(`^Bearer realm="bookings", error="invalid_token", error_description="[^"]*${description}[^"]*"$`);
      await assertRefused(r, { status: 401, code, challenge });
    });
  }

  test("under-scoped token → 403 insufficient_scope with scope=", async () => {
    const r = await call(worker.url, "/bookings", { method: "POST", token: tokens.read, body: "{}" });
    await assertRefused(r, {
      status: 403,
      code: "insufficient_scope",
      challenge: /^Bearer realm="bookings", error="insufficient_scope", error_description="[^"]+", scope="bookings:write"$/,
    });
  });

  test("DELETE needs bookings:write and one of anyScopes", async () => {
    const r = await call(worker.url, "/bookings/1", { method: "DELETE", token: tokens.write });
    await assertRefused(r, { status: 403, code: "insufficient_scope", challenge: /scope="bookings:write bookings:admin bookings:cancel"$/ });
  });

  test("unknown route or method → 404 without a challenge, even with a valid token", async () => {
    await assertRefused(await call(worker.url, "/admin", { token: tokens.read }), { status: 404, code: "not_found", challenge: null });
    await assertRefused(await call(worker.url, "/bookings/1", { method: "PUT", token: tokens.read, body: "{}" }), {
      status: 404,
      code: "not_found",
      challenge: null,
    });
  });

  test("malformed Authorization or two credentials → 400 invalid_request", async () => {
    const challenge = /^Bearer realm="bookings", error="invalid_request", error_description="[^"]+"$/;
    for (const value of ["Bearer", `Bearer ${tokens.read} extra`, `Token ${tokens.read}`, `Bearer ${tokens.read}, Bearer ${tokens.read}`]) {
      await assertRefused(await call(worker.url, "/bookings", { headers: { authorization: value } }), {
        status: 400,
        code: "invalid_request",
        challenge,
      });
    }
  });

  test("dot segments and empty segments cannot ride a public route: 400, never forwarded", async () => {
    // workerd hands the request-target to the worker as sent; the guard refuses what an
    // upstream might normalise into another resource instead of guessing.
    for (const path of ["/health/../bookings", "/health/%2e%2e/bookings", "/health/./../bookings/1", "/bookings//1", "/health/..%2fbookings"]) {
      const r = await rawGet(worker.url, path);
      assert.equal(r.status, 400, `${path}: ${r.body}`);
      assert.equal(JSON.parse(r.body).error, "invalid_request");
    }
    assert.equal(backend.requests.length, 0);
  });
});

/** GET with the request-target exactly as given (fetch would normalise it first). */
function rawGet(base, path) {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, method: "GET" }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

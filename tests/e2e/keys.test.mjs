// Key push and rotation on a running workerd: PUT /_tollgate/keys, guarded by scope
// tollgate:keys, applied atomically; a bad set is refused and the old keys keep working.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { call, startMockBackend, startWorkerd, stopAll } from "./harness.mjs";
import { fx, mint } from "./tokens.mjs";

let backend;
let worker;
let admin;

before(async () => {
  backend = await startMockBackend();
  worker = await startWorkerd(backend.url);
  admin = await mint({ kid: "hs-2026-02", claims: { scope: "tollgate:keys", sub: "ops" } });
  backend.requests.length = 0; // forget the readiness probes
});
after(async () => {
  await stopAll();
  await backend?.close();
});

const fixtureKey = (kid) => fx.jwks.keys.find((k) => k.kid === kid);

function push(body, token = admin) {
  return call(worker.url, "/_tollgate/keys", {
    method: "PUT",
    token,
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function status(kid, key) {
  const r = await call(worker.url, "/bookings", { token: await mint({ kid, key }) });
  const body = await r.json();
  return r.status === 200 ? 200 : `${r.status} ${body.error}`;
}

test("the key endpoint needs a token with scope tollgate:keys", async () => {
  const none = await push(fx.jwks, null);
  assert.equal(none.status, 401);
  const reader = await push(fx.jwks, await mint());
  assert.equal(reader.status, 403);
  assert.match(reader.headers.get("www-authenticate"), /scope="tollgate:keys"$/);
  assert.equal(backend.requests.length, 0, "key pushes are never forwarded");
});

test("a bad key set is refused with 400 and the old keys keep working", async () => {
  const shortSecret = Buffer.from("only sixteen byt").toString("base64url");
  const bad = { keys: [fixtureKey("hs-2026-02"), { kty: "oct", kid: "hs-short", alg: "HS256", use: "sig", k: shortSecret }] };
  const r = await push(bad);
  const body = await r.json();
  assert.equal(r.status, 400);
  assert.equal(body.error, "invalid_keys");
  assert.match(body.message, /keys\[1\]/);
  assert.ok(!JSON.stringify(body).includes(shortSecret), "the refused secret is not echoed");
  const notJson = await push("{not json");
  assert.equal(notJson.status, 400);
  const huge = await push({ keys: [fixtureKey("hs-2026-02")], padding: "x".repeat(70 * 1024) });
  assert.equal(huge.status, 413);
  assert.equal(await status("hs-2026-01"), 200);
  assert.equal(await status("es-2026-01"), 200);
});

test("rotation: a pushed set replaces the old keys at once", async () => {
  const secret = randomBytes(32);
  const fresh = { kty: "oct", kid: "hs-2026-03", alg: "HS256", use: "sig", k: secret.toString("base64url") };
  const r = await push({ keys: [fixtureKey("hs-2026-02"), fixtureKey("es-2026-02"), fresh] });
  assert.equal(r.status, 200, await r.clone().text());
  assert.deepEqual((await r.json()).kids, ["hs-2026-02", "es-2026-02", "hs-2026-03"]);

  assert.equal(await status("hs-2026-01"), "401 key_not_found", "retired HS key");
  assert.equal(await status("es-2026-01"), "401 key_not_found", "retired EC key");
  assert.equal(await status("es-2026-02"), 200);
  backend.requests.length = 0;
  assert.equal(await status("hs-2026-03", secret), 200, "the new key verifies");
  assert.equal(backend.requests.at(-1).headers["x-auth-key-id"], "hs-2026-03");

  const back = await push(fx.jwks);
  assert.equal(back.status, 200);
  assert.equal(await status("hs-2026-01"), 200, "the fixture keys are back");
  assert.equal(await status("hs-2026-03", secret), "401 key_not_found");
});

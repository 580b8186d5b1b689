// The booking worker (examples/booking-worker) as a fleet: three copies under Miniflare, each
// its own worker and isolate, all bound to ONE Workers KV namespace. One admin push to one of
// them must reach all of them within the refresh interval; a bad push must change nothing
// anywhere; API keys written to KV must be accepted and, once revoked, refused everywhere
// within their cache ttl. Real time, with intervals of one second.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, createHmac, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { bundle, startFleet } from "./harness.mjs";

const WORKERS = 3;
const REFRESH = 1; // KEYS_REFRESH_SECONDS and API_KEYS_TTL_SECONDS
const ISS = "https://auth.booking.example";
const AUD = "bookings-api";

const b64u = (x) => Buffer.from(typeof x === "string" ? x : JSON.stringify(x)).toString("base64url");
const hsKey = (kid) => ({ kty: "oct", kid, alg: "HS256", k: randomBytes(32).toString("base64url") });
const OLD = hsKey("hs-old");
const NEW = hsKey("hs-new");

function mint(key, scope = "bookings:read tollgate:keys") {
  const now = Math.floor(Date.now() / 1000);
  const h = b64u({ alg: "HS256", typ: "JWT", kid: key.kid });
  const p = b64u({ iss: ISS, aud: AUD, sub: "ops-1", scope, iat: now - 5, exp: now + 3600 });
  const sig = createHmac("sha256", Buffer.from(key.k, "base64url")).update(`${h}.${p}`).digest("base64url");
  return `${h}.${p}.${sig}`;
}

let fleet;
let upstream;

before(async () => {
  upstream = createServer((req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ path: req.url })));
  await new Promise((r) => upstream.listen(0, "127.0.0.1", r));
  fleet = await startFleet({
    code: await bundle("examples/booking-worker/worker.js"),
    count: WORKERS,
    bindings: {
      KEYS: JSON.stringify({ keys: [OLD] }),
      UPSTREAM_URL: `http://127.0.0.1:${upstream.address().port}`,
      KEYS_REFRESH_SECONDS: String(REFRESH),
      KEYS_COOLDOWN_SECONDS: String(REFRESH),
      API_KEYS_TTL_SECONDS: String(REFRESH),
      API_KEYS_NEGATIVE_TTL_SECONDS: String(REFRESH),
    },
  });
});

after(async () => {
  await fleet?.dispose();
  upstream?.close();
});

const get = (i, token, path = "/bookings/7") => fleet.fetch(i, path, { headers: { authorization: `Bearer ${token}` } });
const push = (i, path, token, body) =>
  fleet.fetch(i, path, { method: "PUT", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Status (and error code) of `token` at every worker. */
async function everywhere(token, path) {
  return Promise.all(Array.from({ length: WORKERS }, async (_, i) => {
    const res = await get(i, token, path);
    const body = await res.json();
    return res.status === 200 ? 200 : `${res.status} ${body.error}`;
  }));
}

/** Polls until every worker answers `want` for `token`; the seconds it took. */
async function converge(token, want, path) {
  const t0 = Date.now();
  for (;;) {
    const got = await everywhere(token, path);
    if (got.every((g) => g === want)) return (Date.now() - t0) / 1000;
    if (Date.now() - t0 > 10_000) assert.fail(`no convergence to ${want}: ${got.join(", ")}`);
    await sleep(100);
  }
}

test("one push reaches every isolate within the refresh interval; the rotated-out key is refused after", async () => {
  assert.deepEqual(await everywhere(mint(OLD)), [200, 200, 200], "the bootstrap set (KEYS) everywhere");
  assert.deepEqual(await everywhere(mint(NEW)), Array(WORKERS).fill("401 key_not_found"));
  const res = await push(0, "/_tollgate/keys", mint(OLD), { keys: [OLD, NEW] });
  assert.equal(res.status, 200, await res.clone().text());
  const pushed = await res.json();
  assert.deepEqual(pushed.kids, ["hs-old", "hs-new"]);
  assert.match(pushed.version, /^\d+-[0-9a-f]{8}$/);
  assert.equal((await fleet.kv.getWithMetadata("jwks")).metadata.version, pushed.version, "written once, with its version");
  const took = await converge(mint(NEW), 200);
  assert.ok(took <= REFRESH + 1, `every isolate took the new kid within the interval (${took} s)`);
  assert.deepEqual(await everywhere(mint(OLD)), [200, 200, 200], "both keys during the overlap");
  const drop = await push(1, "/_tollgate/keys", mint(NEW), { keys: [NEW] });
  assert.equal(drop.status, 200);
  const refused = await converge(mint(OLD), "401 key_not_found");
  assert.ok(refused <= REFRESH + 1, `the dropped key is refused everywhere within the interval (${refused} s)`);
  assert.deepEqual(await everywhere(mint(NEW)), [200, 200, 200]);
});

test("a bad push is refused and changes nothing anywhere", async () => {
  const before = await fleet.kv.getWithMetadata("jwks");
  const token = mint(NEW);
  const bad = { keys: [NEW, { kty: "oct", kid: "short", alg: "HS256", k: Buffer.from("short").toString("base64url") }] };
  const res = await push(2, "/_tollgate/keys", token, bad);
  assert.equal(res.status, 400);
  const body = await res.json();
  assert.equal(body.message, "keys[1].k: HS256 key must be at least 32 bytes");
  assert.ok(!JSON.stringify(body).includes(NEW.k), "no key material in the answer");
  const after = await fleet.kv.getWithMetadata("jwks");
  assert.deepEqual([after.value, after.metadata], [before.value, before.metadata], "KV untouched");
  await sleep((REFRESH + 0.5) * 1000);
  assert.deepEqual(await everywhere(token), [200, 200, 200], "every isolate still on the good set");
});

test("API keys in KV: accepted everywhere once written, refused everywhere within the ttl once revoked", async () => {
  const key = `live_${randomBytes(12).toString("hex")}`;
  const sha256 = createHash("sha256").update(key).digest("hex");
  const entry = { id: "partner-9", sha256, scopes: ["bookings:read"] };
  assert.deepEqual(await everywhere(key), Array(WORKERS).fill("401 api_key_invalid"), "unknown before the push");
  const res = await push(0, "/_tollgate/api-keys", mint(NEW), [entry]);
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal(await fleet.kv.get(`apikey:${sha256}`), JSON.stringify(entry), "one KV entry, under the key's digest");
  const accepted = await converge(key, 200);
  assert.ok(accepted <= REFRESH + 1, `a new key within the negative ttl (${accepted} s)`);
  assert.equal((await push(1, "/_tollgate/api-keys", mint(NEW), [{ ...entry, status: "revoked" }])).status, 200);
  const revoked = await converge(key, "401 api_key_revoked");
  assert.ok(revoked <= REFRESH + 1, `revoked everywhere within the ttl (${revoked} s)`);
  const bad = await push(2, "/_tollgate/api-keys", mint(NEW), [{ id: "x", sha256: "nope" }]);
  assert.equal(bad.status, 400);
  assert.match((await bad.json()).message, /^apiKeys\[0\]\.sha256: /);
});

// The JWKS-URL example (examples/jwks-worker) as a fleet: three copies under Miniflare, each its
// own isolate, against a JWKS server this test controls (it counts every request). A storm of
// tokens naming unknown kids must cost at most one load per cooldown per isolate; with the
// server down the old keys must keep working until maxStaleness, then a clear 503; a slow
// server must time out with the old keys used. Real time, with intervals of seconds.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync, sign as cryptoSign } from "node:crypto";
import { createServer } from "node:http";
import { bundle, startFleet } from "./harness.mjs";

const WORKERS = 3;
const REFRESH = 2;
const COOLDOWN = 1;
const MAX_STALENESS = 4;
const TIMEOUT_MS = 300;
const ISS = "https://auth.example";
const AUD = "bookings-api";

const b64u = (x) => Buffer.from(typeof x === "string" || Buffer.isBuffer(x) ? x : JSON.stringify(x)).toString("base64url");

function ecKey(kid) {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const { kty, crv, x, y } = publicKey.export({ format: "jwk" });
  return { kid, privateKey, jwk: { kty, crv, x, y, kid, use: "sig" } }; // no alg: ES256 by its curve
}
const K1 = ecKey("es-1");
const RSA = { kty: "RSA", kid: "rsa-1", use: "sig", alg: "RS256", n: "sXch", e: "AQAB" }; // skipped

function mint(key, kid = key.kid) {
  const now = Math.floor(Date.now() / 1000);
  const h = b64u({ alg: "ES256", typ: "JWT", kid });
  const p = b64u({ iss: ISS, aud: AUD, sub: "user-1", iat: now - 5, exp: now + 3600 });
  const sig = cryptoSign("sha256", Buffer.from(`${h}.${p}`), { key: key.privateKey, dsaEncoding: "ieee-p1363" });
  return `${h}.${p}.${b64u(sig)}`;
}

/** The issuer's JWKS endpoint: `requests` counts every request; `down`, `delay` break it. */
const issuer = { keys: [RSA, K1.jwk], requests: 0, down: false, delay: 0 };
let server;
let fleet;

before(async () => {
  server = createServer((req, res) => {
    issuer.requests++;
    setTimeout(() => {
      if (issuer.down) return res.writeHead(503).end();
      res.writeHead(200, { "content-type": "application/jwk-set+json", "cache-control": "max-age=600" });
      res.end(JSON.stringify({ keys: issuer.keys }));
    }, issuer.delay);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  fleet = await startFleet({
    code: await bundle("examples/jwks-worker/worker.js"),
    count: WORKERS,
    bindings: {
      JWKS_URL: `http://127.0.0.1:${server.address().port}/.well-known/jwks.json`,
      ISSUER: ISS,
      AUDIENCE: AUD,
      KEYS_REFRESH_SECONDS: String(REFRESH),
      KEYS_COOLDOWN_SECONDS: String(COOLDOWN),
      KEYS_MAX_STALENESS_SECONDS: String(MAX_STALENESS),
      JWKS_TIMEOUT_MS: String(TIMEOUT_MS),
    },
  });
});

after(async () => {
  await fleet?.dispose();
  server?.closeAllConnections();
  server?.close();
});

const call = async (i, token) => {
  const res = await fleet.fetch(i, "/whoami", { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.json() };
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test("every isolate loads the published set (its RSA key skipped) and verifies ES256 tokens", async () => {
  for (let i = 0; i < WORKERS; i++) {
    const { status, body } = await call(i, mint(K1));
    assert.equal(status, 200, JSON.stringify(body));
    assert.deepEqual([body.sub, body.kid], ["user-1", "es-1"]);
  }
  assert.equal(issuer.requests, WORKERS, "one load per isolate");
});

test("a storm of unknown kids costs at most one load per cooldown per isolate", async () => {
  await sleep(COOLDOWN * 1000); // past the cooldown of the first loads
  const before = issuer.requests;
  const storm = [];
  for (let i = 0; i < WORKERS; i++) {
    for (let n = 0; n < 40; n++) storm.push(call(i, mint(K1, `made-up-${n}`)));
  }
  const answers = await Promise.all(storm);
  assert.ok(answers.every((a) => a.status === 401 && a.body.error === "key_not_found"));
  const loads = issuer.requests - before;
  assert.equal(loads, WORKERS, `one early load per isolate for ${storm.length} tokens across ${WORKERS} isolates`);
  const again = await Promise.all(Array.from({ length: 30 }, (_, n) => call(n % WORKERS, mint(K1, `made-up-again-${n}`))));
  assert.ok(again.every((a) => a.status === 401));
  assert.equal(issuer.requests - before, loads, "no more loads within the cooldown");
});

test("a slow server times out and the old keys are used", async () => {
  await sleep(REFRESH * 1000); // the sets are due for a refresh
  issuer.delay = 3000;
  const t0 = Date.now();
  const answers = await Promise.all(Array.from({ length: WORKERS }, (_, i) => call(i, mint(K1))));
  const took = Date.now() - t0;
  assert.ok(answers.every((a) => a.status === 200), JSON.stringify(answers));
  assert.ok(took < 2500, `answered after the ${TIMEOUT_MS} ms timeout, not the server's 3 s (${took} ms)`);
  issuer.delay = 0;
});

test("with the server down the old keys work until maxStaleness, then a clear 503", async () => {
  issuer.down = true;
  const t0 = Date.now();
  const first = await Promise.all(Array.from({ length: WORKERS }, (_, i) => call(i, mint(K1))));
  assert.deepEqual(first.map((a) => a.status), Array(WORKERS).fill(200), "server down: the old keys still work");
  // The last good load was before the slow-server test: at most MAX_STALENESS seconds from now.
  for (;;) {
    const answers = await Promise.all(Array.from({ length: WORKERS }, (_, i) => call(i, mint(K1))));
    const statuses = answers.map((a) => a.status);
    if (statuses.every((s) => s === 503)) {
      assert.deepEqual(answers[0].body, {
        error: "keys_unavailable",
        message: "no current key set: the key set is older than keySource.maxStaleness and could not be refreshed",
      });
      break;
    }
    assert.ok(statuses.every((s) => s === 200 || s === 503), statuses.join());
    assert.ok(Date.now() - t0 < (MAX_STALENESS + 2) * 1000, "refused once maxStaleness has passed");
    await sleep(250);
  }
  issuer.down = false;
  await sleep(COOLDOWN * 1000);
  const back = await Promise.all(Array.from({ length: WORKERS }, (_, i) => call(i, mint(K1))));
  assert.deepEqual(back.map((a) => a.status), Array(WORKERS).fill(200), "a good load makes them current again");
});

// The booking-worker demo: builds the worker (with a fresh demo key set and demo API keys), starts
// the mock booking backend and workerd on loopback, mints sample tokens, and prints ready-to-paste
// curl lines: JWTs, an API key as Bearer and as HTTP Basic (--user :live_…), and the key+secret
// → token exchange.
//
//   node examples/booking-worker/demo.mjs            # serve until Ctrl-C (or SIGTERM)
//   node examples/booking-worker/demo.mjs --check    # also send every sample request, check the
//                                                    # statuses, print them, and stop
// Ports: BOOKING_WORKER_PORT (default 8787) and BOOKING_BACKEND_PORT (default 8786); a busy
// port is replaced by a free one.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { SignJWT, importJWK } from "jose";
import { buildWorker } from "./build.mjs";
import { startMockBackend } from "./mock-backend.mjs";
import { guardOptions } from "./policy.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "../..");
const check = process.argv.includes("--check");

async function portOr(preferred) {
  const tryListen = (port) =>
    new Promise((resolve) => {
      const s = createServer();
      s.once("error", () => resolve(null));
      s.listen(port, "127.0.0.1", () => s.close(() => resolve(port || null)));
    });
  if (await tryListen(preferred)) return preferred;
  const s = createServer();
  await new Promise((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

async function mintTokens(signingKeys) {
  const [hs, ec] = signingKeys.keys;
  const hsKey = await importJWK(hs, "HS256");
  const ecKey = await importJWK(ec, "ES256");
  const now = Math.floor(Date.now() / 1000);
  const token = (key, jwk, scope, sub, times = {}) =>
    new SignJWT({ scope, companyId: "c-42" })
      .setProtectedHeader({ alg: jwk.alg, kid: jwk.kid, typ: "JWT" })
      .setIssuer(guardOptions.issuer)
      .setAudience(guardOptions.audience)
      .setSubject(sub)
      .setIssuedAt(times.iat ?? now)
      .setExpirationTime(times.exp ?? now + 3600)
      .sign(key);
  return {
    VALID: await token(hsKey, hs, "bookings:read bookings:write", "user-4711"),
    VALID_ES256: await token(ecKey, ec, "bookings:read", "user-4712"),
    READ_ONLY: await token(ecKey, ec, "bookings:read", "user-4713"),
    EXPIRED: await token(hsKey, hs, "bookings:read", "user-4711", { iat: now - 7200, exp: now - 3600 }),
    ADMIN: await token(hsKey, hs, "tollgate:keys", "ops"),
  };
}

function samples(w, b, keysFile, exchangeFile) {
  const exchange = `curl -s -X POST -H "content-type: application/json" --data-binary @${exchangeFile} ${w}/auth/token`;
  return [
    ["public, no token", 200, `curl -i ${w}/health`],
    ["valid token (HS256)", 200, `curl -i -H "Authorization: Bearer $VALID" ${w}/bookings`],
    ["valid token (ES256), spoofed X-Auth-Subject is replaced", 200, `curl -i -H "Authorization: Bearer $VALID_ES256" -H "X-Auth-Subject: admin" ${w}/bookings/1`],
    ["create a booking", 201, `curl -i -X POST -H "Authorization: Bearer $VALID" -H "content-type: application/json" -d '{"room":"204","nights":2}' ${w}/bookings`],
    ["no token → 401, challenge without error", 401, `curl -i ${w}/bookings`],
    ["expired token → 401 invalid_token", 401, `curl -i -H "Authorization: Bearer $EXPIRED" ${w}/bookings`],
    ["under-scoped token → 403 insufficient_scope", 403, `curl -i -X POST -H "Authorization: Bearer $READ_ONLY" -d '{}' ${w}/bookings`],
    ["unknown route → 404", 404, `curl -i -H "Authorization: Bearer $VALID" ${w}/no-such-route`],
    ["API key as Bearer (only its SHA-256 is configured)", 200, `curl -i -H "Authorization: Bearer $LIVE_KEY" ${w}/bookings`],
    ["API key as HTTP Basic with an empty user name", 200, `curl -i --user ":$LIVE_KEY" ${w}/customers`],
    ["test_ key on the live-only route → 401 api_key_invalid", 401, `curl -i -H "Authorization: Bearer $TEST_KEY" ${w}/invoices`],
    ["unknown API key → 401 api_key_invalid", 401, `curl -i -H "Authorization: Bearer live_not_a_key" ${w}/bookings`],
    [`exchange key + secret (${exchangeFile}) for a 24 h token`, 200, `ISSUED=$(${exchange} | sed -E 's/.*"token":"([^"]+)".*/\\1/')`],
    ["booking call with the issued token", 200, `curl -i -H "Authorization: Bearer $ISSUED" ${w}/bookings/1`],
    ["push a key set (scope tollgate:keys)", 200, `curl -i -X PUT -H "Authorization: Bearer $ADMIN" --data-binary @${keysFile} ${w}/_tollgate/keys`],
    ["what the backend received", 200, `curl -s ${b}/__mock/requests`],
  ];
}

/**
 * Runs a sample curl line with fetch (no shell): method, headers, body and URL from its flags.
 * `NAME=$(curl … | sed …)` stores the answer's `token` as NAME for the lines after it.
 */
async function send(line, tokens) {
  const capture = /^([A-Z_]+)=\$\((.*?) \|/.exec(line);
  if (capture) line = capture[2];
  const words = [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
  const init = { method: "GET", headers: {} };
  let url;
  for (let i = 1; i < words.length; i++) {
    const w = words[i].replace(/\$([A-Z_0-9]+)/g, (_, n) => tokens[n]);
    if (w === "-X") init.method = words[++i];
    else if (w === "-H") {
      const h = words[++i].replace(/\$([A-Z_0-9]+)/g, (_, n) => tokens[n]);
      init.headers[h.slice(0, h.indexOf(":"))] = h.slice(h.indexOf(":") + 1).trim();
    } else if (w === "--user") {
      const userpass = words[++i].replace(/\$([A-Z_0-9]+)/g, (_, n) => tokens[n]);
      init.headers.Authorization = `Basic ${Buffer.from(userpass).toString("base64")}`;
    } else if (w === "-d") init.body = words[++i];
    else if (w === "--data-binary") init.body = readFileSync(join(ROOT, words[++i].slice(1)));
    else if (w.startsWith("http")) url = w;
  }
  const r = await fetch(url, init);
  const body = await r.text();
  if (capture && r.ok) tokens[capture[1]] = JSON.parse(body).token;
  return { status: r.status, challenge: r.headers.get("www-authenticate"), body };
}

const out = await buildWorker();
const keysFile = relative(ROOT, join(out, "keys.json"));
const tokens = await mintTokens(JSON.parse(readFileSync(join(out, "signing-keys.json"), "utf8")));
// The demo API keys (build.mjs keeps only their digests in api-keys.json for the worker).
const apiKeys = JSON.parse(readFileSync(join(out, "demo-api-keys.json"), "utf8"));
Object.assign(tokens, { LIVE_KEY: apiKeys.live.key, LIVE_SECRET: apiKeys.live.secret, TEST_KEY: apiKeys.test.key });
const exchangeFile = relative(ROOT, join(out, "exchange.json"));
writeFileSync(join(ROOT, exchangeFile), JSON.stringify({ apiKey: apiKeys.live.key, apiSecret: apiKeys.live.secret }), { mode: 0o600 });
const backend = await startMockBackend({ port: await portOr(Number(process.env.BOOKING_BACKEND_PORT ?? 8786)) });
const workerPort = await portOr(Number(process.env.BOOKING_WORKER_PORT ?? 8787));
const workerd = spawn(join(ROOT, "node_modules/.bin/workerd"), ["serve", join(out, "config.capnp"), "--socket-addr", `http=127.0.0.1:${workerPort}`], {
  env: { ...process.env, UPSTREAM_URL: backend.url },
  stdio: ["ignore", "inherit", "inherit"],
});
const w = `http://127.0.0.1:${workerPort}`;
const stop = async (code) => {
  workerd.kill("SIGTERM");
  await backend.close();
  process.exit(code);
};
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

for (let i = 0; ; i++) {
  if (workerd.exitCode !== null) throw new Error(`workerd exited ${workerd.exitCode}`);
  const up = await fetch(`${w}/health`).then((r) => r.ok, () => false);
  if (up) break;
  if (i > 300) throw new Error("workerd did not start");
  await new Promise((r) => setTimeout(r, 100));
}
backend.requests.length = 0;

console.log(`booking worker (workerd) on ${w}, mock booking backend on ${backend.url}`);
console.log("Sample tokens and API keys (demo keys in " + relative(ROOT, out) + "/; paste these first):\n");
for (const [name, value] of Object.entries(tokens)) console.log(`${name}=${value}`);
console.log("");
let failed = 0;
for (const [what, expect, line] of samples(w, backend.url, keysFile, exchangeFile)) {
  console.log(`# ${what} (expect ${expect})\n${line}`);
  if (check) {
    const r = await send(line, tokens);
    const mark = r.status === expect ? "ok" : "UNEXPECTED";
    if (r.status !== expect) failed++;
    console.log(`#   → ${r.status} ${mark}${r.challenge ? `  WWW-Authenticate: ${r.challenge}` : ""}`);
  }
}
if (check) {
  console.log(`\nbooking-worker demo: ${failed === 0 ? "every sample answered as expected" : `${failed} sample(s) answered unexpectedly`}`);
  await stop(failed === 0 ? 0 : 1);
}
console.log("\nready (Ctrl-C stops workerd and the backend)");

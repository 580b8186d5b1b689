// The README's server examples, run as written against the installed tarball: the worker
// (checked by `wrangler deploy --dry-run` with the README's wrangler.jsonc, and bundled by the
// README's esbuild command, served by workerd), Node.js, Deno and Bun sections,
// each with the shared config block in front, forward to a mock upstream, and must answer 401
// without a token and pass a valid one.
// Only the port and the upstream URL are substituted; each substitution must apply, so an
// example that changes shape fails here instead of drifting silently.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { once } from "node:events";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createServer as createNetServer } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, test } from "node:test";
import { ROOT, bin, cleanup, consumer, mkdirp, pack, run, serveWorkerd, tempDir } from "./helpers.mjs";

const readme = readFileSync(join(ROOT, "README.md"), "utf8");
const children = new Set();
let dir;
let jwks;
let upstream;

/** The first js block after `heading`. */
function exampleAfter(heading) {
  const at = readme.indexOf(`\n${heading}\n`);
  assert.ok(at >= 0, `README has no "${heading}"`);
  return /```js\n([\s\S]*?)```/.exec(readme.slice(at))[1];
}

function substitute(code, from, to) {
  assert.ok(code.includes(from), `the example no longer contains ${JSON.stringify(from)}`);
  return code.split(from).join(to);
}

before(async () => {
  dir = await consumer((await pack()).tarball);
  ({ default: { jwks } } = await import(pathToFileURL(join(dir, "fixture.mjs")).href));
  writeFileSync(join(dir, "keys.json"), JSON.stringify(jwks));
  upstream = createServer((req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ upstream: true, path: req.url, subject: req.headers["x-auth-subject"] ?? null }));
  });
  upstream.listen(0, "127.0.0.1");
  await once(upstream, "listening");
});

after(async () => {
  for (const child of children) child.kill("SIGKILL");
  upstream?.close();
  cleanup();
});

/** An HS256 token for the fixture key, valid now (the examples use the clock). */
function liveToken() {
  const now = Math.floor(Date.now() / 1000);
  const b64u = (x) => Buffer.from(JSON.stringify(x)).toString("base64url");
  const key = jwks.keys.find((k) => k.kty === "oct");
  const input = `${b64u({ alg: "HS256", typ: "JWT", kid: key.kid })}.${b64u({
    iss: "https://auth.booking.example", aud: "bookings-api", sub: "user-live", iat: now - 5, exp: now + 600, scope: "bookings:read",
  })}`;
  return `${input}.${createHmac("sha256", Buffer.from(key.k, "base64url")).update(input).digest("base64url")}`;
}

async function freePort() {
  const server = createNetServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

/** Writes the program into the consumer project and starts it there. */
async function start(name, code, command, args) {
  writeFileSync(join(dir, name), code);
  const child = spawn(command, [...args, name], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: "1", DENO_DIR: tempDir("tollgate-deno-"), DENO_NO_UPDATE_CHECK: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  return { child, output: () => output };
}

const upstreamUrl = () => `http://127.0.0.1:${upstream.address().port}`;
const withConfig = (code) => `${substitute(exampleAfter("## Examples"), "keys: jwks,", "keys: null,")}\n${code}`;

async function exercise(label, program, command, args) {
  const port = await freePort();
  const { child, output } = await start(`${label}.mjs`, withConfig(program(port, upstreamUrl())), command, args);
  const base = `http://127.0.0.1:${port}`;
  const body = await checkServer(label, base, child, output);
  child.kill("SIGTERM");
  return body;
}

/** 401 without a token, then the parsed 200 body with a valid one. */
async function checkServer(label, base, child, output) {
  let refused;
  for (let i = 0; i < 300 && !refused; i++) {
    if (child.exitCode !== null) break;
    refused = await fetch(`${base}/bookings/42`).catch(() => null);
    if (!refused) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(refused, `${label} did not answer at ${base}:\n${output()}`);
  assert.equal(refused.status, 401);
  assert.equal(refused.headers.get("www-authenticate"), 'Bearer realm="bookings"');
  assert.equal((await refused.json()).error, "token_missing");
  const allowed = await fetch(`${base}/bookings/42`, { headers: { authorization: `Bearer ${liveToken()}` } });
  assert.equal(allowed.status, 200, output());
  return allowed.json();
}

test("README Node.js server example", async () => {
  const body = await exercise("node-example", (port) => substitute(exampleAfter("### Node.js server"), "8787", String(port)), process.execPath, []);
  assert.deepEqual(body, { booking: "42", user: "user-live" });
});

test("README Deno example", { skip: !existsSync(bin("deno")) && "no deno" }, async () => {
  const program = (port, up) =>
    substitute(substitute(exampleAfter("### Deno"), "Deno.serve(async", `Deno.serve({ hostname: "127.0.0.1", port: ${port} }, async`), "http://127.0.0.1:8788", up);
  const body = await exercise("deno-example", program, bin("deno"), ["run", "--cached-only", "--no-lock", "--allow-net", "--allow-read"]);
  assert.deepEqual(body, { upstream: true, path: "/bookings/42", subject: "user-live" });
});

test("README Bun example", { skip: !existsSync(bin("bun")) && "no bun" }, async () => {
  const program = (port, up) =>
    substitute(substitute(exampleAfter("### Bun"), "port: 8787,", `hostname: "127.0.0.1", port: ${port},`), "http://127.0.0.1:8788", up);
  const body = await exercise("bun-example", program, bin("bun"), []);
  assert.deepEqual(body, { upstream: true, path: "/bookings/42", subject: "user-live" });
});

const WRANGLER = "### Cloudflare Workers with wrangler";

test("README wrangler example: its worker.js and wrangler.jsonc pass wrangler deploy --dry-run", async () => {
  const project = mkdirp(join(dir, "wrangler-readme"));
  writeFileSync(join(project, "worker.js"), withConfig(exampleAfter(WRANGLER)));
  const at = readme.indexOf(`\n${WRANGLER}\n`);
  writeFileSync(join(project, "wrangler.jsonc"), /```jsonc\n([\s\S]*?)```/.exec(readme.slice(at))[1]);
  const r = await run(bin("wrangler"), ["deploy", "--dry-run", "--outdir", join(project, "out")], {
    cwd: project, env: { WRANGLER_SEND_METRICS: "false", CI: "true" }, timeout: 300_000,
  });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Total Upload: [\d.]+ KiB \/ gzip: [\d.]+ KiB/);
  assert.match(r.stdout, /env\.UPSTREAM_URL \("https:\/\/bookings-api\.internal\.example"\)/);
});

test("README worker example, bundled with the README's esbuild command, under workerd", async () => {
  writeFileSync(join(dir, "worker.js"), withConfig(exampleAfter(WRANGLER)));
  const at = readme.indexOf("\n### workerd without wrangler\n");
  const command = /```sh\n([\s\S]*?)```/.exec(readme.slice(at))[1];
  const bundled = await run("bash", ["-c", substitute(command, "esbuild ", `"${bin("esbuild")}" `)], { cwd: dir });
  assert.equal(bundled.code, 0, bundled.stdout + bundled.stderr);
  const dist = mkdirp(join(dir, "dist"));
  writeFileSync(join(dist, "config.capnp"), workerConfig(JSON.stringify(jwks), upstreamUrl()));
  const { port, stop, child, output } = await serveWorkerd(join(dist, "config.capnp"));
  try {
    const body = await checkServer("workerd", `http://127.0.0.1:${port}`, child, output);
    assert.deepEqual(body, { upstream: true, path: "/bookings/42", subject: "user-live" });
  } finally {
    await stop();
  }
});

/** The README's two modules, KEYS and UPSTREAM_URL as text bindings, loopback as the only network. */
function workerConfig(keys, upstreamUrl) {
  const modules = /```capnp\n([\s\S]*?)```/.exec(readme)[1].trim().replace(/,$/, "");
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .worker), (name = "loopback", network = (allow = ["127.0.0.0/8"]))],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  ${modules},
  compatibilityDate = "2026-10-01",
  globalOutbound = "loopback",
  bindings = [(name = "KEYS", text = ${JSON.stringify(keys)}), (name = "UPSTREAM_URL", text = ${JSON.stringify(upstreamUrl)})],
);
`;
}

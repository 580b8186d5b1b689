// End-to-end harness: the mock booking backend (in this process), the booking worker under
// workerd, Node, Deno or Bun (child processes on free loopback ports), and cleanup.
// Every child is killed by stopAll(); tests call it in `after`.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startMockBackend } from "../../examples/booking-worker/mock-backend.mjs";
import { buildWorker } from "../../examples/booking-worker/build.mjs";
import { fx } from "./tokens.mjs";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const EXAMPLE = join(ROOT, "examples/booking-worker");
export const bin = (name) => join(ROOT, "node_modules/.bin", name);

const children = new Set();
const tempDirs = new Set();

export { startMockBackend };

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort() {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

/**
 * A temp dir (removed by stopAll) holding fixture-keys.json = the fixture JWK Set and
 * fixture-api-keys.json = `apiKeys` (default: none, so every Bearer credential is a JWT).
 */
export function fixtureKeysDir(apiKeys = []) {
  const dir = mkdtempSync(join(tmpdir(), "tollgate-e2e-"));
  tempDirs.add(dir);
  writeFileSync(join(dir, "fixture-keys.json"), JSON.stringify(fx.jwks));
  writeFileSync(join(dir, "fixture-api-keys.json"), JSON.stringify(apiKeys));
  return dir;
}

/**
 * Builds the worker bundle with the fixture keys (and `apiKeys`) and serves it with workerd;
 * `env` adds process environment variables (ERROR_FORMAT, TOKEN_KID).
 */
export async function startWorkerd(upstreamUrl, { apiKeys, env = {} } = {}) {
  const dir = fixtureKeysDir(apiKeys);
  await buildWorker({ out: dir, keys: join(dir, "fixture-keys.json"), apiKeys: join(dir, "fixture-api-keys.json") });
  const port = await freePort();
  const child = launch(bin("workerd"), ["serve", join(dir, "config.capnp"), "--socket-addr", `http=127.0.0.1:${port}`], {
    ERROR_FORMAT: "",
    TOKEN_KID: "",
    FALLBACK: "",
    ...env,
    UPSTREAM_URL: upstreamUrl,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(child, url);
  return { url, child, runtime: "workerd" };
}

/**
 * The example as its wrangler project (examples/booking-worker/wrangler.jsonc) under `wrangler dev`:
 * wrangler bundles worker.js with the package and serves it with its own workerd. The secrets
 * (KEYS, API_KEYS) and UPSTREAM_URL come from an --env-file, as a user's .dev.vars would give
 * them; local state goes to a temp dir. No account, no network beyond loopback: metrics and the
 * `Request.cf` download are switched off.
 */
export async function startWrangler(upstreamUrl, { apiKeys = [] } = {}) {
  const dir = fixtureKeysDir(apiKeys);
  const envFile = join(dir, "dev.vars");
  const quoted = (value) => `'${JSON.stringify(value)}'`;
  writeFileSync(envFile, `KEYS=${quoted(fx.jwks)}\nAPI_KEYS=${quoted(apiKeys)}\nUPSTREAM_URL=${upstreamUrl}\n`);
  const port = await freePort();
  const args = ["dev", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(await freePort()),
    "--env-file", envFile, "--persist-to", join(dir, "state"), "--show-interactive-dev-session=false"];
  const child = launch(bin("wrangler"), args, {
    WRANGLER_SEND_METRICS: "false",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    NO_COLOR: "1",
    CI: "true",
  }, EXAMPLE);
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(child, url, 600);
  return { url, child, runtime: "wrangler" };
}

/** The same worker under Node, Deno or Bun, through its entry file in examples/booking-worker. */
export async function startRuntime(runtime, upstreamUrl, { apiKeys } = {}) {
  const dir = fixtureKeysDir(apiKeys);
  const entry = { node: "node-server.mjs", deno: "deno.mjs", bun: "bun.mjs" }[runtime];
  const command = runtime === "node" ? process.execPath : bin(runtime);
  const args = {
    node: [join(EXAMPLE, entry)],
    deno: ["run", "--no-lock", "--allow-net=127.0.0.1", "--allow-env", "--allow-read", join(EXAMPLE, entry)],
    bun: [join(EXAMPLE, entry)],
  }[runtime];
  const port = await freePort();
  const child = launch(command, args, {
    UPSTREAM_URL: upstreamUrl,
    KEYS_FILE: join(dir, "fixture-keys.json"),
    API_KEYS_FILE: join(dir, "fixture-api-keys.json"),
    ERROR_FORMAT: "",
    TOKEN_KID: "",
    FALLBACK: "",
    PORT: String(port),
    NO_COLOR: "1",
    DENO_NO_UPDATE_CHECK: "1",
    DENO_NO_PROMPT: "1",
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(child, url);
  return { url, child, runtime };
}

export function runtimeAvailable(runtime) {
  return runtime === "node" || existsSync(bin(runtime));
}

function launch(command, args, env, cwd = ROOT) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  child.output = "";
  const keep = (chunk) => {
    child.output = (child.output + chunk).slice(-8000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

/** Polls GET /health (public; the worker forwards it) until it answers, at most ~`attempts`/10 s; fails fast on a non-200. */
async function waitForHttp(child, url, attempts = 300) {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (child.exitCode !== null) throw new Error(`${child.spawnargs[0]} exited ${child.exitCode}:\n${child.output}`);
    let r;
    try {
      r = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
    } catch {
      r = null; // not listening yet
    }
    if (r) {
      const body = await r.text();
      if (r.status === 200) return;
      throw new Error(`${url}/health answered ${r.status}: ${body.slice(0, 300)}\n${child.output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not become ready:\n${child.output}`);
}

/** Kills every child this harness started (SIGTERM, then SIGKILL) and removes temp dirs. */
export async function stopAll() {
  await Promise.all(
    [...children].map(async (child) => {
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(timer);
    }),
  );
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

/** fetch with a Bearer token (or none) and extra headers. */
export function call(base, path, { token, method = "GET", headers = {}, body } = {}) {
  const h = new Headers(headers);
  if (token) h.set("authorization", `Bearer ${token}`);
  return fetch(base + path, { method, headers: h, body, redirect: "manual" });
}

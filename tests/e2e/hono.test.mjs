// tollgate/hono in a real Hono app (tests/hono/app.mjs, hono pinned in package-lock.json) on
// workerd (bundled by esbuild with the workerd condition, served, real HTTP), Node, Deno and Bun
// (app.fetch in that runtime): every runtime gives every case of tests/hono/cases.mjs the same,
// expected answer — the guard's routes, per-route scopes with the scope="…" challenge, API keys,
// typed c.var, and a CORS preflight passed to Hono's cors() by `corsPreflight`.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash, createHmac, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, bin } from "./harness.mjs";
import { serveWorkerd } from "../package/helpers.mjs";
import { CASES, describe as describeResponse, requestInit } from "../hono/cases.mjs";

const dir = mkdtempSync(join(tmpdir(), "tollgate-hono-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const b64u = (x) => Buffer.from(typeof x === "string" ? x : JSON.stringify(x)).toString("base64url");
const secret = randomBytes(32);
const keys = { keys: [{ kty: "oct", kid: "hs-main", alg: "HS256", k: secret.toString("base64url") }] };
const now = Math.floor(Date.now() / 1000);
function mint(over) {
  const claims = { iss: "https://auth.booking.example", aud: "bookings-api", sub: "user-42", companyId: "c-42", iat: now, exp: now + 3600, ...over };
  const input = `${b64u({ alg: "HS256", typ: "JWT", kid: "hs-main" })}.${b64u(claims)}`;
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}
const apiKey = `live_${randomBytes(18).toString("base64url")}`;
const input = {
  config: {
    keys,
    apiKeys: [{ id: "key-2026", sha256: createHash("sha256").update(apiKey).digest("hex"), scopes: ["bookings:read"], subject: "partner-7" }],
  },
  credentials: {
    read: mint({ scope: "bookings:read" }),
    write: mint({ scope: "bookings:read bookings:write" }),
    reports: mint({ scope: "reports:read" }),
    expired: mint({ scope: "bookings:read", iat: now - 7200, exp: now - 3600 }),
    apiKey,
  },
};
const inputFile = join(dir, "input.json");
writeFileSync(inputFile, JSON.stringify(input));

function assertAnswers(answers) {
  assert.deepEqual(answers.map((a) => a.name), CASES.map((c) => c.name));
  for (const [i, c] of CASES.entries()) {
    const a = answers[i];
    assert.equal(a.status, c.status, `${c.name}: ${JSON.stringify(a.body)}`);
    if (c.body) assert.deepEqual(a.body, c.body, c.name);
    if (c.code) {
      assert.equal(a.body.error, c.code, c.name);
      assert.equal(a.cacheControl, "no-store", `${c.name}: the guard's own refusal`);
    }
    if (c.challenge === null) assert.equal(a.challenge, null, c.name);
    else if (typeof c.challenge === "string") assert.equal(a.challenge, c.challenge, c.name);
    else if (c.challenge) assert.match(a.challenge ?? "", c.challenge, c.name);
    if (c.allowOrigin) assert.equal(a.allowOrigin, c.allowOrigin, c.name);
  }
}

const CHECK = join(ROOT, "tests/hono/check.mjs");
const RUNTIMES = {
  node: [process.execPath, [CHECK, inputFile]],
  deno: [bin("deno"), ["run", "--no-lock", "--allow-read", "--allow-env", CHECK, inputFile]],
  bun: [bin("bun"), [CHECK, inputFile]],
};

describe("tollgate/hono", () => {
  for (const [runtime, [command, args]] of Object.entries(RUNTIMES)) {
    test(`${runtime}: every case answers as expected`, (t) => {
      if (!existsSync(command)) return t.skip(`${command} missing; run scripts/setup.sh`);
      const r = spawnSync(command, args, {
        cwd: ROOT, encoding: "utf8", timeout: 120_000,
        env: { ...process.env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1" },
      });
      assert.equal(r.status, 0, `${runtime} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
      const out = JSON.parse(r.stdout.trim().split("\n").at(-1));
      assert.equal(out.runtime, runtime);
      assertAnswers(out.answers);
    });
  }

  describe("workerd (real HTTP)", () => {
    let server;
    before(async () => {
      const dist = join(dir, "dist");
      const built = spawnSync(bin("esbuild"), [
        join(ROOT, "tests/hono/worker.mjs"), "--bundle", "--format=esm", "--platform=neutral", "--target=es2022",
        "--conditions=workerd,worker", "--main-fields=module,main", "--loader:.wasm=copy", "--asset-names=[name]",
        `--outfile=${join(dist, "worker.js")}`, "--log-level=warning",
      ], { cwd: ROOT, encoding: "utf8" });
      assert.equal(built.status, 0, built.stderr);
      const bundle = readFileSync(join(dist, "worker.js"), "utf8");
      assert.doesNotMatch(bundle, /node:fs/, "the workerd condition, not the Node entry");
      writeFileSync(join(dist, "config.capnp"), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js"), (name = "tollgate_bg.wasm", wasm = embed "tollgate_bg.wasm")],
  compatibilityDate = "2026-10-01",
  bindings = [(name = "CONFIG", text = ${JSON.stringify(JSON.stringify(input.config))})],
);
`);
      server = await serveWorkerd(join(dist, "config.capnp"));
    });
    after(() => server?.stop());

    test("workerd: every case answers as expected", async () => {
      const answers = [];
      for (const c of CASES) {
        const response = await fetch(`http://127.0.0.1:${server.port}${c.path}`, { ...requestInit(c, input.credentials), redirect: "manual" });
        answers.push({ name: c.name, ...(await describeResponse(response)) });
      }
      assertAnswers(answers);
    });
  });
});

// README "Browser bundlers": each recipe — Vite, webpack, esbuild (pinned in package-lock.json) —
// builds tests/browser/bundlers/page.mjs against the package as a consumer installs it (the
// `browser` condition, the wasm URL the recipe gives init()), served over HTTP and loaded in
// headless Chromium (Debian `chromium` + playwright-core). The page must say to call init() when
// used before it, then verify a fixture token and refuse a tampered one; no request may fail.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { once } from "node:events";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { ROOT } from "./helpers.mjs";

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
let chromium = null;
let skip = false;
if (!existsSync(CHROMIUM)) skip = `${CHROMIUM} is missing; install it with \`bash scripts/setup.sh --browser\``;
else ({ chromium } = await import("playwright-core"));

const fx = JSON.parse(readFileSync(join(ROOT, "tests/vectors/fixtures.json"), "utf8"));
const token = (label) => fx.tokens.find((t) => t.label === label).token;
const FIXTURE = {
  jwks: fx.jwks, issuer: fx.verifier.issuer, audience: fx.verifier.audience, now: fx.verifier.now,
  valid: token("hs256-valid"), tampered: token("tampered-payload"),
};
const EXPECTED = { accepted: fx.tokens.find((t) => t.label === "hs256-valid").claims.sub, refused: "signature_invalid", kid: "hs-2026-01" };

const work = mkdtempSync(join(tmpdir(), "tollgate-bundlers-"));
after(() => rmSync(work, { recursive: true, force: true }));

/** A project dir with the page, its fixture and node_modules/tollgate (the package as installed). */
function project(name, wasmImport) {
  const dir = join(work, name);
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  cpSync(join(ROOT, "pkg"), join(dir, "node_modules/tollgate"), { recursive: true, filter: (p) => !p.includes("node_modules") });
  const page = readFileSync(join(ROOT, "tests/browser/bundlers/page.mjs"), "utf8");
  assert.ok(page.includes('"WASM_URL"'));
  writeFileSync(join(dir, "main.js"), page.replace('"WASM_URL"', JSON.stringify(wasmImport)));
  writeFileSync(join(dir, "fixture.mjs"), `export default ${JSON.stringify(FIXTURE)};\n`);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true, type: "module" }));
  return dir;
}

const html = (script) => `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>tollgate</title></head><body><script type="module" src="${script}"></script></body></html>\n`;

const BUNDLERS = {
  // README: esbuild --bundle --format=esm --loader:.wasm=file --public-path=/ (browser platform)
  esbuild: {
    wasmImport: "tollgate/tollgate_bg.wasm",
    async build(dir) {
      const dist = join(dir, "dist");
      const r = spawnSync(join(ROOT, "node_modules/.bin/esbuild"), [
        "main.js", "--bundle", "--format=esm", "--loader:.wasm=file", "--public-path=/", `--outdir=${dist}`, "--log-level=warning",
      ], { cwd: dir, encoding: "utf8" });
      assert.equal(r.status, 0, r.stderr);
      writeFileSync(join(dist, "index.html"), html("/main.js"));
      return dist;
    },
  },
  // README: import wasmUrl from "tollgate/tollgate_bg.wasm?url"; no config.
  vite: {
    wasmImport: "tollgate/tollgate_bg.wasm?url",
    async build(dir) {
      writeFileSync(join(dir, "index.html"), html("/main.js"));
      const { build } = await import("vite");
      await build({ root: dir, logLevel: "warn", configFile: false, build: { target: "es2022", outDir: join(dir, "dist") } });
      return join(dir, "dist");
    },
  },
  // README: module.rules [{ test: /\.wasm$/, type: "asset/resource" }].
  webpack: {
    wasmImport: "tollgate/tollgate_bg.wasm",
    async build(dir) {
      const { default: webpack } = await import("webpack");
      const dist = join(dir, "dist");
      const stats = await new Promise((resolve, reject) => webpack({
        mode: "production",
        context: dir,
        entry: "./main.js",
        output: { path: dist, filename: "main.js", publicPath: "/" },
        module: { rules: [{ test: /\.wasm$/, type: "asset/resource" }] },
      }, (err, s) => (err ? reject(err) : resolve(s))));
      assert.ok(!stats.hasErrors(), stats.toString({ all: false, errors: true }));
      writeFileSync(join(dist, "index.html"), html("/main.js"));
      return dist;
    },
  },
};

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".map": "application/json" };

async function serve(root) {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    const file = join(root, path === "/" ? "index.html" : path);
    if (!file.startsWith(root) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

describe("browser bundler recipes in Chromium", { skip }, () => {
  let browser;
  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  after(() => browser?.close());

  for (const [name, recipe] of Object.entries(BUNDLERS)) {
    test(`${name}: the page verifies in Chromium and says to call init() before it`, async () => {
      const dist = await recipe.build(project(name, recipe.wasmImport));
      const { server, origin } = await serve(dist);
      const page = await browser.newPage();
      const failed = [];
      page.on("response", (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
      page.on("pageerror", (e) => failed.push(`pageerror ${e.message}`));
      page.on("console", (m) => m.type() === "error" && failed.push(`console ${m.text()}`));
      try {
        await page.goto(`${origin}/`);
        await page.waitForSelector("body[data-done]", { timeout: 30_000, state: "attached" }).catch((e) => {
          throw new Error(`${e.message}\n${failed.join("\n")}`);
        });
        const data = await page.evaluate(() => ({ ...document.body.dataset }));
        assert.match(data.beforeInit, /^tollgate: the WebAssembly module is not loaded yet\. In a browser, call init\(\)/);
        assert.deepEqual(JSON.parse(data.result.startsWith("error:") ? "null" : data.result), EXPECTED, data.result);
        assert.deepEqual(failed, []);
      } finally {
        await page.close();
        server.close();
      }
    });
  }
});

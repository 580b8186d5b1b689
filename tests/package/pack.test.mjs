// The published package as a consumer gets it: `npm pack` of pkg/, the tarball installed into a
// fresh project under the OS temp dir (offline: the package has no dependencies), then the same
// checks (consumer/check.mjs) in Node (ESM, CommonJS, the browser entry), Deno, Bun and a real
// workerd serving an esbuild bundle, and tsc strict on tests/types/ against the installed types.
import assert from "node:assert/strict";
import { copyFileSync, cpSync, existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ROOT, bin, cleanup, consumer, expectedSummary, mkdirp, pack, runOk, serveWorkerd, tempDir } from "./helpers.mjs";

/** Tarball size budget (gzip, as published). The wasm alone is ~147 KB of it (gzip -9). */
const BUDGET = 200 * 1024;
/** Exactly what the tarball holds: entries, wrapper sources, types, the glue and the wasm once. */
const EXPECTED_FILES = [
  "README.md", "browser.d.ts", "browser.js", "gen/tollgate.js", "gen/tollgate_bg.wasm", "hono.d.ts", "hono.js",
  "index.d.ts", "node.js", "package.json", "workerd.js",
];

let packed;
let dir;

before(async () => {
  packed = await pack();
  dir = await consumer(packed.tarball);
});
after(cleanup);

const summaryOf = (stdout) => JSON.parse(stdout.trim().split("\n").at(-1));
const available = (name) => existsSync(bin(name));

describe("tarball", () => {
  test(`size is within the budget of ${BUDGET / 1024} KB`, () => {
    console.log(`# tarball ${packed.size} bytes (${(packed.size / 1024).toFixed(1)} KB), unpacked ${packed.unpackedSize} bytes, ${packed.files.length} files`);
    assert.ok(packed.size <= BUDGET, `tarball is ${packed.size} bytes, budget ${BUDGET}`);
  });

  test("holds the entries, types, glue and wasm (once), and nothing from the repo besides", () => {
    const paths = packed.files.map((f) => f.path).sort();
    const fixed = paths.filter((p) => !p.startsWith("src/") && !/^(LICENSE|CHANGELOG)/i.test(p));
    assert.deepEqual(fixed, EXPECTED_FILES);
    assert.equal(paths.filter((p) => p.endsWith(".wasm")).length, 1);
    const src = paths.filter((p) => p.startsWith("src/"));
    assert.deepEqual(src, readdirSync(join(ROOT, "pkg/src")).filter((f) => f.endsWith(".js")).map((f) => `src/${f}`).sort());
  });

  test("sideEffects names exactly the entries that load the wasm on import", () => {
    // Bundlers drop the body of a module marked side-effect-free when only its re-exports are
    // used: the initSync call of node.js/workerd.js would vanish and Guard would find no wasm.
    const { sideEffects } = JSON.parse(readFileSync(join(ROOT, "pkg/package.json"), "utf8"));
    assert.ok(Array.isArray(sideEffects), "sideEffects must list the self-initialising entries");
    for (const entry of ["node.js", "workerd.js", "browser.js"]) {
      const initialises = /^initSync\(/m.test(readFileSync(join(ROOT, "pkg", entry), "utf8"));
      assert.equal(sideEffects.includes(`./${entry}`), initialises, entry);
    }
    assert.equal(sideEffects.length, 2);
  });

  test("the installed package.json is the one in pkg/", () => {
    const installed = JSON.parse(readFileSync(join(dir, "node_modules/tollgate/package.json"), "utf8"));
    const source = JSON.parse(readFileSync(join(ROOT, "pkg/package.json"), "utf8"));
    assert.equal(installed.version, source.version);
    assert.deepEqual(installed.exports, source.exports);
  });
});

describe("runtimes (installed tarball)", () => {
  test("Node, ESM: import { Guard, decode } from \"tollgate\"", async () => {
    assert.deepEqual(summaryOf(await runOk(process.execPath, ["main.mjs"], { cwd: dir })), expectedSummary());
  });

  test("Node, CommonJS: require(\"tollgate\")", { skip: !process.features.require_module && "this Node has no require(esm) (needs 20.19+ or 22.12+)" }, async () => {
    assert.deepEqual(summaryOf(await runOk(process.execPath, ["main.cjs"], { cwd: dir })), expectedSummary());
  });

  test("browser entry: init(wasm bytes from tollgate/tollgate_bg.wasm), then Guard", async () => {
    assert.deepEqual(summaryOf(await runOk(process.execPath, ["browser-entry.mjs"], { cwd: dir })), expectedSummary());
  });

  test("Deno", { skip: !available("deno") && "node_modules/.bin/deno missing" }, async () => {
    // --cached-only with an empty DENO_DIR: the package comes from node_modules, no download.
    const out = await runOk(bin("deno"), ["run", "--cached-only", "--no-lock", "--allow-read", "main.mjs"], {
      cwd: dir,
      env: { DENO_DIR: tempDir("tollgate-deno-"), DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1" },
    });
    assert.deepEqual(summaryOf(out), expectedSummary());
  });

  test("Bun", { skip: !available("bun") && "node_modules/.bin/bun missing" }, async () => {
    assert.deepEqual(summaryOf(await runOk(bin("bun"), ["main.mjs"], { cwd: dir })), expectedSummary());
  });

  test("workerd: esbuild bundle with the workerd condition, served by workerd", async () => {
    const dist = mkdirp(join(dir, "dist"));
    await runOk(bin("esbuild"), [
      "worker.mjs", "--bundle", "--format=esm", "--platform=neutral", "--target=es2022",
      "--conditions=workerd,worker", "--main-fields=module,main", "--loader:.wasm=copy",
      "--asset-names=[name]", `--outfile=${join(dist, "worker.js")}`, "--log-level=warning",
    ], { cwd: dir });
    const bundle = readFileSync(join(dist, "worker.js"), "utf8");
    assert.match(bundle, /from "\.\/tollgate_bg\.wasm"/, "the bundle imports the wasm as a module");
    assert.doesNotMatch(bundle, /node:fs/, "the workerd condition must not pull in the Node entry");
    copyFileSync(join(dir, "config.capnp"), join(dist, "config.capnp"));
    const { port, stop } = await serveWorkerd(join(dist, "config.capnp"));
    try {
      const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(10_000) });
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), expectedSummary());
    } finally {
      await stop();
    }
  });
});

describe("types (installed tarball)", () => {
  for (const config of ["tsconfig.nodenext.json", "tsconfig.bundler.json", "tsconfig.vite.json", "tsconfig.workerd.json"]) {
    test(`tsc --strict on tests/types/ with ${config}`, async () => {
      const types = tempDir("tollgate-types-");
      cpSync(join(ROOT, "tests/types"), types, { recursive: true });
      cpSync(join(dir, "node_modules"), join(types, "node_modules"), { recursive: true });
      // tollgate/hono's types refer to Hono's (an optional peer dependency the consumer installs).
      cpSync(join(ROOT, "node_modules/hono"), join(types, "node_modules/hono"), { recursive: true });
      await runOk(bin("tsc"), ["-p", config, "--pretty", "false"], { cwd: types });
    });
  }
});

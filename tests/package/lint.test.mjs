// publint and Are the Types Wrong on the packed tarball, both with no errors and no warnings.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { bin, cleanup, pack, run } from "./helpers.mjs";

let packed;
before(async () => {
  packed = await pack();
});
after(cleanup);

test("publint --strict: no errors, warnings or suggestions", async () => {
  const r = await run(bin("publint"), ["run", packed.tarball, "--strict", "--level", "suggestion"]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /All good!/, r.stdout);
});

test("attw: no problems in any resolution mode (node10, node16 ESM and CJS, bundler)", async () => {
  // Ignored, on purpose:
  // - cjs-resolves-to-esm: the package is ESM-only, and require("tollgate") works in Node through
  //   require(esm) (20.19+, 22.12+; the entry has no top-level await; pack.test.mjs runs it),
  //   which TypeScript's node16 model and attw do not know about.
  // - the ./tollgate_bg.wasm subpath: a file for bundlers to locate (e.g. to pass to init()),
  //   not a module with types; TypeScript cannot resolve a .wasm import at all.
  const r = await run(bin("attw"), [
    packed.tarball, "--format", "json", "--ignore-rules", "cjs-resolves-to-esm",
    "--exclude-entrypoints", "./tollgate_bg.wasm",
  ]);
  const report = JSON.parse(r.stdout);
  const problems = report.analysis.problems.filter((p) => p.kind !== "CJSResolvesToESM");
  assert.deepEqual(problems, []);
  assert.deepEqual(Object.keys(report.analysis.entrypoints).sort(), [".", "./browser", "./hono", "./package.json"]);
  assert.equal(r.code, 0, r.stderr);
});

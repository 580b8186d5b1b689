// The example worker's wrangler project (examples/booking-worker/wrangler.jsonc) against the packed
// tarball installed into a fresh project: `wrangler deploy --dry-run` (wrangler pinned in
// package-lock.json) bundles worker.js with the package through its `workerd` condition, keeps the
// wasm as its own module, and reports the upload size, printed here. No account, no upload.
import assert from "node:assert/strict";
import { copyFileSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ROOT, bin, cleanup, consumer, mkdirp, pack, runOk } from "./helpers.mjs";

const EXAMPLE = join(ROOT, "examples/booking-worker");
/** Workers' limit for a compressed upload on the Free plan, 3 MiB. */
const FREE_PLAN_LIMIT = 3 * 1024 * 1024;

let project;

before(async () => {
  const dir = await consumer((await pack()).tarball);
  project = mkdirp(join(dir, "booking-worker"));
  for (const file of ["wrangler.jsonc", "worker.js", "policy.js", "token-exchange.js", "fleet.js"]) {
    copyFileSync(join(EXAMPLE, file), join(project, file));
  }
});
after(cleanup);

const KIB = 1024;

test("wrangler deploy --dry-run bundles the example with the installed package and reports the upload size", async () => {
  const out = join(project, "out");
  const stdout = await runOk(bin("wrangler"), ["deploy", "--dry-run", "--outdir", out], {
    cwd: project,
    env: { WRANGLER_SEND_METRICS: "false", CI: "true" },
    timeout: 300_000,
  });
  const m = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(stdout);
  assert.ok(m, `no upload size in:\n${stdout}`);
  const [total, gzip] = [Number(m[1]) * KIB, Number(m[2]) * KIB];
  console.log(`# wrangler deploy --dry-run: upload ${m[1]} KiB, gzip ${m[2]} KiB`);
  assert.ok(gzip < FREE_PLAN_LIMIT, `gzip upload ${gzip} bytes`);
  assert.match(stdout, /env\.TOLLGATE_KV .*KV Namespace/);
  assert.match(stdout, /env\.UPSTREAM_URL \("http:\/\/127\.0\.0\.1:8788"\)/);

  // The upload is the bundle plus the package's wasm, byte for byte, as a separate module.
  const files = readdirSync(out);
  const wasm = files.filter((f) => f.endsWith(".wasm"));
  assert.equal(wasm.length, 1, files.join(", "));
  const installed = readFileSync(join(project, "../node_modules/tollgate/gen/tollgate_bg.wasm"));
  assert.ok(readFileSync(join(out, wasm[0])).equals(installed), "the wasm is uploaded as shipped");
  const bundle = readFileSync(join(out, "worker.js"), "utf8");
  assert.match(bundle, new RegExp(`from "\\./${wasm[0].replace(/[.]/g, "\\.")}"`), "the bundle imports the wasm as a module");
  assert.doesNotMatch(bundle, /node:fs/, "the workerd condition, not the Node entry");
  const sizes = statSync(join(out, "worker.js")).size + installed.length;
  assert.ok(Math.abs(sizes - total) < 8 * KIB, `reported ${total} bytes, files ${sizes}`);
});

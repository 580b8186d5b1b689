// Bundles the worker for workerd: DIR/worker.js (worker + tollgate), DIR/tollgate_bg.wasm,
// DIR/config.capnp, DIR/keys.json and DIR/api-keys.json, so `workerd serve DIR/config.capnp`
// needs nothing else.
//
//   node examples/booking-worker/build.mjs [--out DIR] [--keys JWKS.json] [--api-keys LIST.json]
//
// Without --keys a fresh demo key set is generated (once per DIR): DIR/keys.json holds what the
// worker verifies with, DIR/signing-keys.json the private halves demo tokens are signed with.
// Without --api-keys fresh demo API keys are generated the same way: DIR/api-keys.json holds
// their SHA-256 digests (the worker's apiKeys), DIR/demo-api-keys.json the keys and secret.
// TOLLGATE_PKG_DIR points the bundle at another build of the package.
import { build } from "esbuild";
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generateDemoApiKeys, generateDemoKeys } from "./demo-keys.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));

export async function buildWorker({ out = join(HERE, "dist"), keys, apiKeys } = {}) {
  out = resolve(out);
  mkdirSync(out, { recursive: true });
  const pkgDir = process.env.TOLLGATE_PKG_DIR;
  await build({
    entryPoints: [join(HERE, "worker.js")],
    outfile: join(out, "worker.js"),
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker"],
    mainFields: ["module", "main"],
    loader: { ".wasm": "copy" },
    assetNames: "[name]",
    alias: pkgDir ? { tollgate: join(resolve(pkgDir), "workerd.js") } : {},
    logLevel: "warning",
  });
  if (!existsSync(join(out, "tollgate_bg.wasm"))) throw new Error("the bundle did not pick up tollgate_bg.wasm");
  copyFileSync(join(HERE, "config.capnp"), join(out, "config.capnp"));
  if (keys) {
    copyFileSync(resolve(keys), join(out, "keys.json"));
  } else if (!existsSync(join(out, "keys.json")) || !existsSync(join(out, "signing-keys.json"))) {
    const demo = generateDemoKeys();
    writeFileSync(join(out, "keys.json"), JSON.stringify(demo.jwks, null, 2));
    writeFileSync(join(out, "signing-keys.json"), JSON.stringify(demo.signing, null, 2), { mode: 0o600 });
  }
  if (apiKeys) {
    copyFileSync(resolve(apiKeys), join(out, "api-keys.json"));
  } else if (!existsSync(join(out, "api-keys.json")) || !existsSync(join(out, "demo-api-keys.json"))) {
    const demo = generateDemoApiKeys();
    writeFileSync(join(out, "api-keys.json"), JSON.stringify(demo.config, null, 2));
    writeFileSync(join(out, "demo-api-keys.json"), JSON.stringify(demo.plain, null, 2), { mode: 0o600 });
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const out = await buildWorker({ out: arg("--out"), keys: arg("--keys"), apiKeys: arg("--api-keys") });
  console.log(`booking worker built in ${out}`);
}

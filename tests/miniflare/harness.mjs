// Shared by the Miniflare suites: bundles a worker with the built package (its workerd entry,
// the wasm as a compiled module) and starts Miniflare with several copies of it — each its own
// worker, so its own isolate — bound to ONE Workers KV namespace. Miniflare is the simulator
// behind `wrangler dev`, running the real workerd; its KV is the real local KV implementation.
import { build } from "esbuild";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Log, LogLevel, Miniflare } from "miniflare";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Bundles `entry` for workerd: `{ script, wasm }` (the bundle's text and the package's wasm bytes). */
export async function bundle(entry) {
  const out = mkdtempSync(join(tmpdir(), "tollgate-mf-"));
  try {
    await build({
      entryPoints: [resolve(ROOT, entry)],
      outfile: join(out, "worker.js"),
      bundle: true,
      format: "esm",
      platform: "neutral",
      target: "es2022",
      conditions: ["workerd", "worker"],
      mainFields: ["module", "main"],
      loader: { ".wasm": "copy" },
      assetNames: "[name]",
      logLevel: "warning",
    });
    return { script: readFileSync(join(out, "worker.js"), "utf8"), wasm: readFileSync(join(out, "tollgate_bg.wasm")) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * Starts `count` copies of the bundled worker, named w0…, each with `bindings` (plain vars) and
 * the KV namespace `TOLLGATE_KV`, all the same namespace. Returns `{ fetch(i, path, init), kv, dispose }`.
 */
export async function startFleet({ code, count, bindings = {} }) {
  const modules = [
    { type: "ESModule", path: "worker.js", contents: code.script },
    { type: "CompiledWasm", path: "tollgate_bg.wasm", contents: code.wasm },
  ];
  const mf = new Miniflare({
    log: new Log(LogLevel.WARN),
    cf: false,
    workers: Array.from({ length: count }, (_, i) => ({
      name: `w${i}`,
      modules,
      compatibilityDate: "2026-04-20",
      bindings: { ...bindings, WORKER_NAME: `w${i}` },
      kvNamespaces: { TOLLGATE_KV: "fleet-kv" },
    })),
  });
  await mf.ready;
  const workers = await Promise.all(Array.from({ length: count }, (_, i) => mf.getWorker(`w${i}`)));
  return {
    fetch: (i, path, init) => workers[i].fetch(`http://fleet.test${path}`, init),
    kv: await mf.getKVNamespace("TOLLGATE_KV", "w0"),
    dispose: () => mf.dispose(),
  };
}

// Where the cold start goes in workerd: fresh `workerd serve` processes of the stage worker
// (stages-worker.mjs), the cold worker, jose doing the same first verification, and the empty
// baseline, alternating; medians of spawn → listening, first request → response and their sum.
//   node bench/workerd/cold-breakdown.mjs TOKENS.json [RUNS] [OUT.json]
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bundle, coldStarts } from "./run.mjs";

const ROOT = resolve(fileURLToPath(import.meta.url), "../../..");
const OUT = join(ROOT, "target/bench/workerd");

export const BREAKDOWN = [
  ["empty-worker", "baseline (no tollgate)"],
  ["stages-worker?stage=import", "import tollgate (wasm instantiated)"],
  ["stages-worker?stage=guardhs", "+ new Guard, HS256 key only (no WebCrypto import)"],
  ["stages-worker?stage=guard", "+ new Guard"],
  ["stages-worker?stage=hs256", "+ first HS256 verify"],
  ["stages-worker?stage=es256", "+ first ES256 verifyAsync (WebCrypto)"],
  ["stages-worker?stage=wasm", "new Guard + first ES256 verify in wasm"],
  ["cold-worker", "cold worker (guard at load, ES256 + HS256)"],
  ["jose-cold-worker", "jose: same first ES256 + HS256 verification"],
];

export async function coldBreakdown(tokensPath, runs) {
  mkdirSync(OUT, { recursive: true });
  copyFileSync(tokensPath, join(OUT, "tokens.json"));
  for (const w of ["stages-worker", "cold-worker", "empty-worker", "jose-cold-worker"]) await bundle(w);
  const r = await coldStarts(BREAKDOWN.map(([w]) => w), runs);
  return BREAKDOWN.map(([w, label]) => ({ worker: w, label, ...r[w] }));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [tokensPath, runs = "15", outPath] = process.argv.slice(2);
  const rows = await coldBreakdown(tokensPath, Number(runs));
  const base = rows[0];
  for (const x of rows) {
    console.log(`${x.label.padEnd(48)} listen ${x.listenMs.toFixed(1).padStart(6)}  first ${x.firstResponseMs.toFixed(1).padStart(6)}  total ${x.totalMs.toFixed(1).padStart(6)}  Δ ${(x.totalMs - base.totalMs).toFixed(1).padStart(6)} ms  (${x.runs} runs)`);
  }
  if (outPath) writeFileSync(outPath, JSON.stringify(rows, null, 1));
}

// Where the cold start goes in workerd: fresh `workerd serve` processes of the stage worker
// (stages-worker.mjs), the cold worker, jose doing the same first verification, and the empty
// baseline, alternating; medians of spawn → listening, first request → response and their sum.
//   node bench/workerd/cold-breakdown.mjs TOKENS.json [RUNS] [OUT.json]
// (The worker list and coldBreakdown live in run.mjs, which the full benchmark runs.)
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { coldBreakdown } from "./run.mjs";

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [tokensPath, runs = "15", outPath] = process.argv.slice(2);
  const rows = await coldBreakdown(tokensPath, Number(runs));
  const base = rows[0];
  for (const x of rows) {
    console.log(`${x.label.padEnd(48)} listen ${x.listenMs.toFixed(1).padStart(6)}  first ${x.firstResponseMs.toFixed(1).padStart(6)}  total ${x.totalMs.toFixed(1).padStart(6)}  Δ ${(x.totalMs - base.totalMs).toFixed(1).padStart(6)} ms  (${x.runs} runs)`);
  }
  if (outPath) writeFileSync(outPath, JSON.stringify(rows, null, 1));
}

// Prints jose ÷ tollgate for every case timed in one run (Node and workerd), the
// ratios the goals in BENCHMARKS.md are about; a quick look for filtered runs.
//   node bench/ratios.mjs RUN_DIR
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
for (const name of ["node", "workerd"]) {
  const file = join(dir, `${name}.json`);
  if (!existsSync(file)) continue;
  const { results } = JSON.parse(readFileSync(file, "utf8"));
  const get = (c, lib) => results.find((r) => r.case === c && r.lib === lib)?.median_us;
  for (const c of [...new Set(results.map((r) => r.case))]) {
    const jose = get(c, "jose");
    const ours = get(c, "tollgate authorize") ?? get(c, "tollgate (cache)") ?? get(c, "tollgate");
    const verify = get(c, "tollgate authorize") === undefined ? undefined : get(c, "tollgate");
    if (ours === undefined) continue;
    const vs = (x, what) => (x === undefined ? "" : `  ${what} ${x.toFixed(2).padStart(8)} µs ${(x / ours).toFixed(2).padStart(6)}×`);
    const line = `${name.padEnd(8)} ${c.padEnd(18)} tollgate ${ours.toFixed(2).padStart(8)} µs`;
    const once = get(c, "jose (key imported once)");
    console.log(`${line}${vs(jose, "jose")}${vs(once, "jose (key once)")}${verify === undefined ? "" : `  authorize ÷ verify ${(ours / verify).toFixed(2)}`}`);
  }
}

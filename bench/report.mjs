// Writes BENCHMARKS.md and bench/chart.svg from one run's results.
//   node bench/report.mjs RUN_DIR   (RUN_DIR holds node.json, workerd.json, meta.json)
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chartSvg } from "./chart.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dir = process.argv[2];
const read = (f) => JSON.parse(readFileSync(join(dir, f), "utf8"));
const node = read("node.json");
const workerd = read("workerd.json");
const meta = read("meta.json");

const fmt = (us) => (us >= 100 ? us.toFixed(0) : us >= 10 ? us.toFixed(1) : us.toFixed(2));
const get = (run, c, lib) => run.results.find((r) => r.case === c && r.lib === lib)?.median_us;
/** tollgate's answer for a case: `authorize`, else `await guard.verify` (through the cache for cache cases). */
function tollgateOf(run, c) {
  return get(run, c, "tollgate authorize") ?? get(run, c, "tollgate (cache)") ?? get(run, c, "tollgate");
}

function table(run) {
  const cases = [...new Set(run.results.map((r) => r.case))];
  const libs = [...new Set(run.results.map((r) => r.lib))];
  const lines = [`| case | ${libs.join(" | ")} | jose ÷ tollgate |`, `|---|${libs.map(() => "---:").join("|")}|---:|`];
  for (const c of cases) {
    const cells = libs.map((l) => { const v = get(run, c, l); return v === undefined ? "" : fmt(v); });
    const ratio = get(run, c, "jose") / tollgateOf(run, c);
    lines.push(`| ${c} | ${cells.join(" | ")} | ${Number.isFinite(ratio) ? `**${ratio.toFixed(1)}×**` : ""} |`);
  }
  return lines.join("\n");
}

function goals() {
  const ratio = (run, c, jose = "jose") => get(run, c, jose) / tollgateOf(run, c);
  const hit = (run, alg) => get(run, `${alg} valid`, "jose") / get(run, `${alg} cache hit`, "tollgate (cache)");
  const overVerify = (run, c) => get(run, c, "tollgate authorize") / get(run, c, "tollgate");
  const rows = [
    ["HS256 ≥ 10× jose (key imported per call), Node", ratio(node, "HS256 valid"), 10],
    ["HS256 ≥ 3× jose (key imported per call), workerd", ratio(workerd, "HS256 valid"), 3],
    ["ES256 `verify` ≥ 1× jose, Node", ratio(node, "ES256 valid"), 1],
    ["ES256 `verify` ≥ 1× jose, workerd", ratio(workerd, "ES256 valid"), 1],
    ["cache hit ≥ 50× jose verify, Node, HS256", hit(node, "HS256"), 50],
    ["cache hit ≥ 50× jose verify, Node, ES256", hit(node, "ES256"), 50],
    ["cache hit ≥ 50× jose verify, workerd, HS256", hit(workerd, "HS256"), 50],
    ["cache hit ≥ 50× jose verify, workerd, ES256", hit(workerd, "ES256"), 50],
  ];
  const beside = [
    ["HS256 vs jose with the key imported once, Node", ratio(node, "HS256 valid", "jose (key imported once)")],
    ["HS256 vs jose with the key imported once, workerd", ratio(workerd, "HS256 valid", "jose (key imported once)")],
    ["ES256 vs jose with the key imported once, Node", ratio(node, "ES256 valid", "jose (key imported once)")],
    ["ES256 vs jose with the key imported once, workerd", ratio(workerd, "ES256 valid", "jose (key imported once)")],
  ];
  const cold = coldMs();
  const jose = shareOf(workerd.cold.jose);
  const lines = ["| goal | measured | met |", "|---|---:|:---:|"];
  for (const [name, got, want] of rows) lines.push(`| ${name} | ${got.toFixed(1)}× | ${got >= want ? "yes" : "**no**"} |`);
  const auth = overVerify(node, "HS256 authorize");
  lines.push(`| \`authorize\` ≤ 2× \`verify\` of the same HS256 token, Node | ${auth.toFixed(2)}× | ${auth <= 2 ? "yes" : "**no**"} |`);
  lines.push(`| cold start: tollgate's share ≤ jose's + 2 ms, workerd | ${cold.toFixed(1)} ms (jose: ${jose.toFixed(1)} ms) | ${cold <= jose + 2 ? "yes" : "**no**"} |`);
  lines.push(`| wasm ≤ 80 KB gzip | ${(meta.wasm.gzip / 1000).toFixed(1)} KB (${meta.wasm.gzip} B) | ${meta.wasm.gzip <= 80 * 1000 ? "yes" : "**no**"} |`);
  for (const [name, got] of beside) lines.push(`| (beside) ${name} | ${got.toFixed(1)}× | |`);
  return lines.join("\n");
}

/** Start → first response of a worker over the baseline's (medians of the per-run sums). */
const totalOf = (x) => x.totalMs ?? x.listenMs + x.firstResponseMs;
const shareOf = (x) => totalOf(x) - totalOf(workerd.cold.baseline);

function coldMs() {
  return shareOf(workerd.cold.tollgate);
}

/** The breakdown rows (bench/workerd/cold-breakdown.mjs), when the run has them. */
function stagesTable() {
  const rows = workerd.cold.stages;
  if (!rows) return "";
  const lines = rows.map((x) => `| ${x.label} | ${x.listenMs.toFixed(1)} | ${x.firstResponseMs.toFixed(1)} | ${totalOf(x).toFixed(1)} | ${shareOf(x).toFixed(1)} |`);
  return `

Where it goes: the same alternating runs also started a worker that stops after each stage of the cold
worker's work (\`bench/workerd/stages-worker.mjs\`, stage named in the first request), and one doing the
same first ES256 + HS256 verification with jose (\`bench/workerd/jose-cold-worker.mjs\`, keys imported at load).
workerd's clocks only move at I/O, so everything is timed from outside; the last column is the start →
first response over the baseline's. \`node bench/workerd/cold-breakdown.mjs TOKENS.json [RUNS]\` runs it alone.

| worker stops after | spawn → listening (ms) | first request → response (ms) | start → first response (ms) | over baseline (ms) |
|---|---:|---:|---:|---:|
${lines.join("\n")}

jose's share: **${shareOf(workerd.cold.jose).toFixed(1)} ms**; tollgate's: **${coldMs().toFixed(1)} ms**. Most of tollgate's is
the import and \`new Guard\`: V8 compiles wasm functions lazily, on their first call, on the request's thread,
and the first construction runs (and so compiles) the config, JSON and key code. Node's
\`--trace-wasm-compilation-times\` (by hand, not by this run, at e91692c: a guard with one HS256 and one ES256
key) shows the first \`new Guard\` compiling 61 functions with 83 KB of code (31 KB of it the
constructor with the config readers inlined), the first HS256 \`verifySync\` 27 more (32 KB), the first
ES256 \`verify\` 17 (11 KB), of the module's 317 KB of code.`;
}

function coldTable() {
  const { tollgate: t, baseline: b } = workerd.cold;
  const n = meta.nodeCold;
  const row = (name, x) => `| ${name} | ${x.listenMs.toFixed(1)} | ${x.firstResponseMs.toFixed(1)} | ${x.firstVerifyMs.toFixed(1)} |`;
  return [
    "| worker | spawn → listening (ms) | first request → response (ms) | first verify inside the worker (ms) |",
    "|---|---:|---:|---:|",
    row("tollgate (guard built at load, ES256 + HS256 on the first request)", t),
    row("baseline (same worker without tollgate)", b),
  ].join("\n") + `

Medians of ${t.runs} fresh \`workerd serve\` processes each, the workers alternating. workerd loads the
wasm while loading the config (in "spawn → listening") and runs the worker's top level on the first
request. tollgate's share is the difference to the baseline in start → first response (the median of
each run's sum): **${coldMs().toFixed(1)} ms**. On a shared, loaded machine differences of a few ms are
within the run-to-run noise of workerd's own start.${stagesTable()}

The same work in a fresh Node process, timed inside it (median of ${meta.nodeColdRuns}):

| import (read + compile + instantiate the wasm) | \`new Guard\` | first HS256 \`verifySync\` | first ES256 \`verify\` | total |
|---:|---:|---:|---:|---:|
| ${[n.importMs, n.guardMs, n.firstHs256Ms, n.firstEs256Ms, n.totalMs].map((v) => `${v.toFixed(2)} ms`).join(" | ")} |`;
}

const md = `# tollgate benchmarks

Generated by \`bash bench/run.sh\` on ${meta.date}. Do not edit by hand: run it again.

Every library verifies **the same tokens** (made once by \`bench/tokens.mjs\` with the
fixture keys of \`tests/vectors\`) with the same policy: issuer, audience, the
algorithm pinned, the key chosen by \`kid\`. Numbers are **medians of µs per
verification** (${node.results[0].batches} batches per library after a 0.3 s warm-up, libraries interleaved batch by batch).
Lower is better; the last column is jose's time divided by tollgate's (higher is better
for tollgate). \`tollgate\` is \`await guard.verify\` (WebCrypto for ES256 where the runtime
has it), the call users make; \`tollgate verifySync\` is the synchronous pure-wasm \`guard.verifySync\`.

- \`jose\` imports the JWK on every call (\`importJWK\` then \`jwtVerify\`), as typical code does;
  \`jose (key imported once)\` is jose with the key imported once, beside it.
- **valid**: a good token. **rejected**: the same token with one signature bit flipped.
- **authorize**: \`await guard.authorize(request)\` of a fetch \`Request\` to a route with a scope on a
  guard with routes and API keys (\`tollgate authorize\`), beside \`await guard.verify\` of the same
  token with the same scope on the same guard (\`tollgate\`); **API key authorize**: the same with
  an opaque API key.
- **cache hit**: the same valid token again and again, tollgate with \`cache: { maxEntries: 128 }\`
  (fast-jwt with its own cache of 128); jose has no cache and verifies every time.
- **cache miss**: ${meta.missTokens} distinct valid tokens in turn through the same caches (every lookup misses, then stores).

![chart](bench/chart.svg)

## Goals (issue 17)

${goals()}

## Node ${node.version}

${table(node)}

## workerd (${workerd.version})

${table(workerd)}

## Cold start

${coldTable()}

## Package size

\`pkg/gen/tollgate_bg.wasm\`: ${meta.wasm.raw} bytes raw, ${meta.wasm.gzip} bytes gzip -9.

## Machine and versions

- ${meta.cpu} × ${meta.cores}, ${meta.os}; load average at start ${meta.loadStart}, at end ${meta.loadEnd}
  (the machine is shared: compare ratios within one run, not absolute µs across runs).
- ${meta.versions.join(", ")}
- tollgate at ${meta.commit}
`;

// BENCH_REPORT_DIR: write BENCHMARKS.md and chart.svg there instead (checking the report).
const outDir = process.env.BENCH_REPORT_DIR;
writeFileSync(outDir ? join(outDir, "BENCHMARKS.md") : join(ROOT, "BENCHMARKS.md"), md);
writeFileSync(outDir ? join(outDir, "chart.svg") : join(ROOT, "bench/chart.svg"), chartSvg([["Node", node], ["workerd", workerd]]));
console.error("wrote BENCHMARKS.md and bench/chart.svg");

// Runs the benchmark in a real workerd: bundles the workers with esbuild
// (package condition "workerd"), starts `workerd serve` on a free loopback
// port, and asks it for the results. Also measures cold start.
//   node bench/workerd/run.mjs TOKENS.json OUT.json
import { build } from "esbuild";
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, connect } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { caseFilter, median, runCases } from "../measure.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "../..");
const OUT = join(ROOT, "target/bench/workerd");
const WORKERD = join(ROOT, "node_modules/.bin/workerd");
const COLD_RUNS = 21;

export async function bundle(name) {
  await build({
    entryPoints: [join(HERE, `${name}.mjs`)],
    outfile: join(OUT, `${name}.js`),
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker"],
    mainFields: ["module", "main"],
    loader: { ".wasm": "copy" },
    assetNames: "[name]",
    external: ["tokens.json"],
    logLevel: "warning",
  });
}

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
    s.on("error", rej);
  });
}

const canConnect = (port) =>
  new Promise((res) => {
    const c = connect(port, "127.0.0.1", () => { c.destroy(); res(true); });
    c.on("error", () => res(false));
  });

/** Starts workerd for one worker; resolves once the socket accepts, with the ms that took. */
async function start(worker) {
  const port = await freePort();
  const template = readFileSync(join(HERE, "config.capnp.in"), "utf8");
  const config = join(OUT, `${worker}.capnp`);
  // COLD_V8_FLAGS (a diagnosis, e.g. "--no-wasm-lazy-compilation"): V8 flags for workerd.
  const flags = (process.env.COLD_V8_FLAGS ?? "").split(" ").filter(Boolean).map((f) => JSON.stringify(f)).join(", ");
  // The wasm module only for a worker that imports it: a baseline with it listed would pay
  // workerd's compile of it too, and hide that from tollgate's share.
  const usesWasm = readFileSync(join(OUT, `${worker}.js`), "utf8").includes("tollgate_bg.wasm");
  const wasm = usesWasm ? '    (name = "tollgate_bg.wasm", wasm = embed "tollgate_bg.wasm"),\n' : "";
  writeFileSync(config, template.replaceAll("@WORKER@", worker).replaceAll("@PORT@", String(port))
    .replaceAll("@V8FLAGS@", flags).replace("@WASM@", wasm));
  const t0 = performance.now();
  const child = spawn(WORKERD, ["serve", config], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => { stderr += d; });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`workerd exited: ${stderr}`);
    if (await canConnect(port)) break;
    if (performance.now() - t0 > 30_000) { child.kill(); throw new Error(`workerd did not listen: ${stderr}`); }
    await new Promise((r) => setTimeout(r, 2));
  }
  return { child, port, listenMs: performance.now() - t0, stop: () => child.kill() };
}

async function timedGet(port, path) {
  const t0 = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  const body = await res.json();
  return { ms: performance.now() - t0, body };
}


/**
 * One fresh workerd: spawn → listening, then the first request → response.
 * `spec` is a worker name, optionally with the first request's query: "stages-worker?stage=guard".
 */
async function coldOnce(spec) {
  const [worker, query] = spec.split("?");
  const w = await start(worker);
  try {
    const first = await timedGet(w.port, query ? `/?${query}` : "/");
    if (!first.body.ok) throw new Error(`${worker}: first request failed`);
    return { listenMs: w.listenMs, firstResponseMs: first.ms, firstVerifyMs: first.body.firstVerifyMs };
  } finally {
    w.stop();
  }
}

/** Cold starts of several workers, alternating so that load drift hits all alike; medians. */
export async function coldStarts(workers, runs = COLD_RUNS) {
  const all = Object.fromEntries(workers.map((w) => [w, []]));
  for (let i = 0; i < runs; i++) {
    for (const w of workers) all[w].push(await coldOnce(w));
  }
  const pick = (list, k) => median(list.map((r) => r[k]));
  return Object.fromEntries(workers.map((w) => [w, {
    listenMs: pick(all[w], "listenMs"), firstResponseMs: pick(all[w], "firstResponseMs"), firstVerifyMs: pick(all[w], "firstVerifyMs"),
    // start → first response of each run, then the median: the number a user waits for.
    totalMs: median(all[w].map((r) => r.listenMs + r.firstResponseMs)), runs,
  }]));
}

/** The cold-start breakdown (cold-breakdown.mjs): [worker?query, label], the baseline first. */
export const BREAKDOWN = [
  ["empty-worker", "baseline (no tollgate)"],
  ["stages-worker?stage=import", "import tollgate (wasm instantiated)"],
  ["stages-worker?stage=guardhs", "+ new Guard, HS256 key only (no WebCrypto import)"],
  ["stages-worker?stage=guard", "+ new Guard"],
  ["stages-worker?stage=hs256", "+ first HS256 verify"],
  ["stages-worker?stage=es256", "+ first ES256 verify (WebCrypto)"],
  ["stages-worker?stage=wasm", "new Guard + first ES256 verify in wasm"],
  ["cold-worker", "cold worker (guard at load, ES256 + HS256)"],
  ["jose-cold-worker", "jose: same first ES256 + HS256 verification"],
];

/** Bundles the workers and runs them alternating; one row of medians per worker. */
export async function coldBreakdown(tokensPath, runs) {
  mkdirSync(OUT, { recursive: true });
  copyFileSync(tokensPath, join(OUT, "tokens.json"));
  for (const w of ["stages-worker", "cold-worker", "empty-worker", "jose-cold-worker"]) await bundle(w);
  const r = await coldStarts(BREAKDOWN.map(([w]) => w), runs);
  return BREAKDOWN.map(([w, label]) => ({ worker: w, label, ...r[w] }));
}

export async function runWorkerd(tokensPath) {
  mkdirSync(OUT, { recursive: true });
  copyFileSync(tokensPath, join(OUT, "tokens.json"));
  await bundle("bench-worker");
  // A filtered run (BENCH_CASES) is a quick look: no cold starts. Otherwise the breakdown
  // (cold-breakdown.mjs: stages, the cold worker, jose, the baseline, alternating).
  const rows = caseFilter() ? null : await coldBreakdown(tokensPath, COLD_RUNS);
  const row = (w) => rows.find((r) => r.worker === w);
  const cold = rows && { tollgate: row("cold-worker"), baseline: row("empty-worker"), jose: row("jose-cold-worker"), stages: rows };
  const w = await start("bench-worker");
  try {
    const base = `http://127.0.0.1:${w.port}`;
    const res = await fetch(`${base}/cases`);
    if (!res.ok) throw new Error(`bench worker: ${res.status} ${await res.text()}`);
    const cases = await res.json();
    const get = async (path) => {
      const r = await fetch(`${base}${path}`);
      if (!r.ok) throw new Error(`bench worker: ${r.status} ${await r.text()}`);
      await r.arrayBuffer();
    };
    // The HTTP round trip of an empty batch, subtracted from every batch.
    const empty = [];
    for (let i = 0; i < 40; i++) {
      const t0 = performance.now();
      await get("/batch?c=0&r=0&n=0");
      empty.push(performance.now() - t0);
    }
    const overheadMs = median(empty.slice(10));
    const batch = async (ci, ri, n) => {
      const t0 = performance.now();
      await get(`/batch?c=${ci}&r=${ri}&n=${n}`);
      return (Math.max(0, performance.now() - t0 - overheadMs) * 1000) / n;
    };
    const results = await runCases(cases, { batch, rounds: 25, targetMs: 30 });
    const version = readFileSync(join(ROOT, "node_modules/workerd/package.json"), "utf8");
    return { runtime: "workerd", results, version: `workerd ${JSON.parse(version).version}`, overheadMs, cold };
  } finally {
    w.stop();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [tokensPath, outPath] = process.argv.slice(2);
  const out = await runWorkerd(tokensPath);
  for (const r of out.results) console.error(`[workerd] ${r.case.padEnd(18)} ${r.lib.padEnd(30)} ${r.median_us.toFixed(2).padStart(9)} µs`);
  for (const x of out.cold?.stages ?? []) console.error(`[workerd] cold ${x.label.padEnd(50)} ${x.totalMs.toFixed(1).padStart(6)} ms start → first response`);
  writeFileSync(outPath, JSON.stringify(out, null, 1));
}

// Timing, runtime-neutral: batches of n calls, libraries interleaved batch by
// batch so drift hits all of them alike; the result is the median µs per call.
// `batch(caseIndex, runnerIndex, n)` runs n calls and returns µs per call:
// `localBatch` times in this isolate; workerd's clock is too coarse for that,
// so bench/workerd/run.mjs times its batches from outside over HTTP.

const now = () => performance.now();
/** Warm-up time per library and case before any batch is timed. */
const WARM_UP_MS = 300;

/** Runs `runner` n times here; µs per call. */
export async function timeRunner(runner, n) {
  const t0 = now();
  if (runner.async) {
    for (let i = 0; i < n; i++) await runner.fn();
  } else {
    for (let i = 0; i < n; i++) runner.fn();
  }
  return ((now() - t0) * 1000) / n;
}

/** Checks that every runner answers as the case expects; throws otherwise. */
export async function checkCases(cases) {
  for (const c of cases) {
    for (const r of c.runners) {
      const got = await r.fn();
      if (got !== c.expect) throw new Error(`${c.id}: ${r.lib} answered ${got}, expected ${c.expect}`);
    }
  }
}

export const localBatch = (cases) => (ci, ri, n) => timeRunner(cases[ci].runners[ri], n);

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Runs a runner for at least `ms` before timing it, so every library is timed after its JIT
 * (and V8's background tier-up of the wasm) has settled; on a loaded machine 20 calls are not enough.
 */
async function warmUp(batch, ci, ri, ms) {
  let n = 20;
  for (let spent = 0; spent < ms; n = Math.min(n * 2, 1 << 16)) {
    spent += ((await batch(ci, ri, n)) * n) / 1000;
  }
}

/** Calls per batch so that one batch takes about `targetMs`. */
async function calibrate(batch, ci, ri, targetMs) {
  let n = 1;
  for (;;) {
    const us = await batch(ci, ri, n);
    if (us * n >= (targetMs * 1000) / 4 || n >= 1 << 20) return Math.max(1, Math.round((targetMs * 1000) / Math.max(us, 0.01)));
    n *= 4;
  }
}

/**
 * `BENCH_CASES` (a regular expression on case ids, e.g. "HS256 valid|cache hit") picks
 * the cases to time, for a quick look while iterating; `BENCH_ROUNDS` overrides the rounds.
 * @returns {RegExp | null}
 */
export function caseFilter() {
  const only = globalThis.process?.env?.BENCH_CASES;
  return only ? new RegExp(only) : null;
}

/**
 * Times every runner of every case. `cases`: [{ id, alg, kind, runners: [{ lib }] }].
 * @returns {Promise<Array<{case, alg, kind, lib, median_us, batches, n}>>}
 */
export async function runCases(cases, { batch, rounds = 15, targetMs = 20, log = () => {} }) {
  const results = [];
  const only = caseFilter();
  rounds = Number(globalThis.process?.env?.BENCH_ROUNDS) || rounds;
  for (const [ci, c] of cases.entries()) {
    if (only && !only.test(c.id)) continue;
    const ns = [];
    for (const ri of c.runners.keys()) {
      await warmUp(batch, ci, ri, WARM_UP_MS);
      ns.push(await calibrate(batch, ci, ri, targetMs));
    }
    const samples = c.runners.map(() => []);
    for (let round = 0; round < rounds; round++) {
      for (const ri of c.runners.keys()) samples[ri].push(await batch(ci, ri, ns[ri]));
    }
    for (const [ri, r] of c.runners.entries()) {
      const row = { case: c.id, alg: c.alg, kind: c.kind, lib: r.lib, median_us: median(samples[ri]), batches: rounds, n: ns[ri] };
      log(`${c.id.padEnd(18)} ${r.lib.padEnd(30)} ${row.median_us.toFixed(2).padStart(9)} µs`);
      results.push(row);
    }
  }
  return results;
}

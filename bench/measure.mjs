// Timing, runtime-neutral: batches of n calls, libraries interleaved batch by
// batch so drift hits all of them alike; the result is the median µs per call.

const now = () => performance.now();

async function batch(runner, n) {
  const t0 = now();
  if (runner.async) {
    for (let i = 0; i < n; i++) await runner.fn();
  } else {
    for (let i = 0; i < n; i++) runner.fn();
  }
  return (now() - t0) * 1000 / n;
}

/** Calls per batch so that one batch takes about `targetMs`. */
async function calibrate(runner, targetMs) {
  let n = 1;
  for (;;) {
    const us = await batch(runner, n);
    if (us * n >= targetMs * 1000 / 4 || n >= 1 << 20) return Math.max(1, Math.round((targetMs * 1000) / Math.max(us, 0.001)));
    n *= 4;
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Checks every runner's answer, then times all of them.
 * @returns {Promise<Array<{case, alg, kind, lib, median_us, batches, n}>>}
 */
export async function runCases(cases, { rounds = 15, targetMs = 20, log = () => {} } = {}) {
  const results = [];
  for (const c of cases) {
    for (const r of c.runners) {
      const got = await r.fn();
      if (got !== c.expect) throw new Error(`${c.id}: ${r.lib} answered ${got}, expected ${c.expect}`);
    }
    const ns = [];
    for (const r of c.runners) {
      await batch(r, 50); // warm-up
      ns.push(await calibrate(r, targetMs));
    }
    const samples = c.runners.map(() => []);
    for (let round = 0; round < rounds; round++) {
      for (const [i, r] of c.runners.entries()) samples[i].push(await batch(r, ns[i]));
    }
    for (const [i, r] of c.runners.entries()) {
      const row = { case: c.id, alg: c.alg, kind: c.kind, lib: r.lib, median_us: median(samples[i]), batches: rounds, n: ns[i] };
      log(`${c.id.padEnd(18)} ${r.lib.padEnd(30)} ${row.median_us.toFixed(2).padStart(9)} µs`);
      results.push(row);
    }
  }
  return results;
}

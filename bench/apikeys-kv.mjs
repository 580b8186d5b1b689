// API keys in Workers KV under Miniflare (the simulator behind `wrangler dev`, on workerd, with
// its real local KV): authorize per request with the table's size in KV, timed from outside over
// Miniflare's dispatch (workerd's clock does not advance inside a request). Used by
// bench/apikeys.mjs with APIKEYS_KV=1; alone: node bench/apikeys-kv.mjs [SIZES...]
import { performance } from "node:perf_hooks";
import { bundle, startFleet } from "../tests/miniflare/harness.mjs";
import { median } from "./measure.mjs";

const NOW = 1_767_225_600;
const CALLS = 300;
const ROUNDS = Number(process.env.APIKEYS_KV_ROUNDS ?? 5);
const FILL_BATCH = 500;
const keyOf = (i) => `live_bench_${i}_${(i * 2654435761) % 1e9}`;

/** ms per request for `path(i)`, median of ROUNDS rounds of CALLS sequential requests. */
async function time(fleet, path, expect) {
  const rounds = [];
  let i = 0;
  for (let r = 0; r <= ROUNDS; r++) {
    const t0 = performance.now();
    for (let c = 0; c < CALLS; c++, i++) {
      const [p, key] = path(i);
      const res = await fleet.fetch(0, p, { headers: { authorization: `Bearer ${key}` } });
      const text = await res.text();
      if (text !== expect) throw new Error(`${p}: ${res.status} ${text}, expected ${expect}`);
    }
    if (r > 0) rounds.push((performance.now() - t0) / CALLS);
  }
  return median(rounds);
}

/** One Miniflare per size (its own KV), filled with n keys; the three cases timed. */
export async function measureKv(sizes) {
  const code = await bundle("bench/kv/worker.js");
  const rows = [];
  for (const n of sizes) {
    const fleet = await startFleet({ code, count: 1 });
    try {
      const t0 = performance.now();
      for (let from = 0; from < n; from += FILL_BATCH) {
        const res = await fleet.fetch(0, `/fill?from=${from}&to=${Math.min(n, from + FILL_BATCH)}`);
        if (!res.ok) throw new Error(`fill: ${res.status}`);
        await res.text();
      }
      const fillS = (performance.now() - t0) / 1000;
      console.error(`[apikeys-kv] ${n} keys in KV (${fillS.toFixed(0)} s to write)`);
      const sample = Array.from({ length: Math.min(n, 100) }, (_, j) => keyOf(Math.floor((j * n) / Math.min(n, 100))));
      let later = NOW;
      const cached = await time(fleet, (i) => [`/bookings/7?now=${NOW}`, sample[i % sample.length]], "ok");
      const read = await time(fleet, (i) => [`/bookings/7?now=${(later += 61)}`, sample[i % sample.length]], "ok");
      const missing = await time(fleet, (i) => [`/bookings/7?now=${NOW}`, `${sample[i % sample.length]}_x`], "api_key_invalid");
      rows.push({ n, cached, read, missing, fillS });
    } finally {
      await fleet.dispose();
    }
  }
  const note = "Miniflare 4.20260426.0 (workerd with its local KV), one worker; ms per request timed from Node " +
    "including Miniflare's dispatch; 'read' = every request's cache entry stale, so each reads KV. Fill times: " +
    rows.map((r) => `${r.n.toLocaleString("en-US")} keys ${r.fillS.toFixed(0)} s`).join(", ") + ".";
  return Object.assign(rows, { note });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = process.argv.slice(2).map(Number);
  const rows = await measureKv(sizes.length ? sizes : [10, 10_000]);
  console.log("| keys | KV cached (ms/req) | KV read (ms/req) | KV unknown (ms/req) |\n|---:|---:|---:|---:|");
  for (const r of rows) console.log(`| ${r.n.toLocaleString("en-US")} | ${r.cached.toFixed(2)} | ${r.read.toFixed(2)} | ${r.missing.toFixed(2)} |`);
  console.log(`\n${rows.note}`);
}

// API keys at scale: authorize with 10, 10,000 and 1,000,000 keys, the table in config
// (`apiKeys`) and in a store (`apiKeyStore`), side by side in one run. Not part of the tests:
// it times, it does not assert (beyond every request being answered as expected).
//   node bench/apikeys.mjs [SIZES...]          default: 10 10000 1000000
//   APIKEYS_KV=1 node bench/apikeys.mjs ...    also Workers KV under Miniflare (bench/apikeys-kv.mjs)
//   APIKEYS_ROUNDS=N                            timed rounds per case (default 7; the median is shown)
//   APIKEYS_CONFIG_MAX=N                        largest table put in config (default 100000)
//
// Columns (µs per authorize call, Node, the package in pkg/; lower is better):
// - config, known key / unknown key: the key's digest found (or not) in the config table;
// - store, cached: a key the store holds, answered from the core's local cache (the usual case);
// - store, read: the same with the cache entry stale on every call, so each call asks the store
//   (a Map behind an async get here: tollgate's own cost of a read; KV's latency comes on top);
// - store, unknown: a key the store does not hold, answered from the negative cache.
// "new Guard" is the time to compile the config (all of it, most of it the apiKeys table).
import { createHash } from "node:crypto";
import { performance } from "node:perf_hooks";
import { Guard } from "../pkg/node.js";
import { median } from "./measure.mjs";

const SIZES = process.argv.slice(2).map(Number);
if (SIZES.length === 0) SIZES.push(10, 10_000, 1_000_000);
const ROUNDS = Number(process.env.APIKEYS_ROUNDS ?? 7);
const CALLS = 2000;
const NOW = 1_767_225_600;
const ROUTES = [{ method: "GET", path: "/bookings/:id", scopes: ["bookings:read"] }];
const SECRET = Buffer.alloc(32, 7).toString("base64url");
const KEYS = { keys: [{ kty: "oct", kid: "hs", alg: "HS256", k: SECRET }] };

const sha256 = (text) => createHash("sha256").update(text).digest("hex");
const keyOf = (i) => `live_bench_${i}_${(i * 2654435761) % 1e9}`;
const entryOf = (i) => ({ id: `k${i}`, sha256: sha256(keyOf(i)), scopes: ["bookings:read"] });
const request = (key) => ({ method: "GET", url: "/bookings/7", headers: { authorization: `Bearer ${key}` } });

/** The keys a case cycles through: up to 1000 of the table's, spread over it. */
function sample(n) {
  const count = Math.min(n, 1000);
  return Array.from({ length: count }, (_, j) => keyOf(Math.floor((j * n) / count)));
}

/** Runs `call(i)` for CALLS calls (i continuing across batches); µs per call. */
async function batch(c) {
  const t0 = performance.now();
  for (let k = 0; k < CALLS; k++, c.i++) {
    const d = await c.call(c.i);
    if (d.ok !== c.expectOk) throw new Error(`${c.name}: unexpected answer ${JSON.stringify(d)}`);
  }
  return ((performance.now() - t0) * 1000) / CALLS;
}

/** Largest table put in config (APIKEYS_CONFIG_MAX); bigger ones are measured in the store only. */
const CONFIG_MAX = Number(process.env.APIKEYS_CONFIG_MAX ?? 100_000);

/** The config-table guard for n keys and its cases; `compileMs` is the time new Guard took. */
function configCases(n) {
  if (n > CONFIG_MAX) return { compileMs: NaN, cases: [], note: `not put in config (APIKEYS_CONFIG_MAX=${CONFIG_MAX}): see "new Guard" above; such tables belong in apiKeyStore` };
  const entries = Array.from({ length: n }, (_, i) => entryOf(i));
  const t0 = performance.now();
  let guard;
  try {
    guard = new Guard({ keys: KEYS, routes: ROUTES, apiKeys: entries });
  } catch (e) {
    return { compileMs: NaN, cases: [], note: `config refused: ${e.message.slice(0, 80)}` };
  }
  const compileMs = performance.now() - t0;
  const known = sample(n).map(request);
  const unknown = sample(n).map((k) => request(`${k}_x`));
  return {
    compileMs,
    cases: [
      { name: "config known", expectOk: true, call: (i) => guard.authorize(known[i % known.length], { now: NOW }) },
      { name: "config unknown", expectOk: false, call: (i) => guard.authorize(unknown[i % unknown.length], { now: NOW }) },
    ],
  };
}

/** The store guard for n keys (a Map behind an async get) and its cases. */
function storeCases(n) {
  const map = new Map();
  for (let i = 0; i < n; i++) {
    const e = entryOf(i);
    map.set(e.sha256, JSON.stringify(e));
  }
  const store = { get: async (digest) => map.get(digest) ?? null, ttl: 60, negativeTtl: 10 };
  const guard = new Guard({ keys: KEYS, routes: ROUTES, apiKeyStore: store });
  const known = sample(n).map(request);
  const unknown = sample(n).map((k) => request(`${k}_x`));
  // "store read": every call 61 s after the last, so each cached entry is stale and read again.
  let later = NOW;
  return [
    { name: "store cached", expectOk: true, call: (i) => guard.authorize(known[i % known.length], { now: NOW }) },
    { name: "store read", expectOk: true, call: (i) => guard.authorize(known[i % known.length], { now: (later += 61) }) },
    { name: "store unknown", expectOk: false, call: (i) => guard.authorize(unknown[i % unknown.length], { now: NOW }) },
  ];
}

const fmt = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : "n/a");

async function main() {
  const rows = [];
  for (const n of SIZES) {
    const config = configCases(n);
    rows.push({ n, compileMs: config.compileMs, note: config.note, cases: [...config.cases, ...storeCases(n)] });
    console.error(`[apikeys] ${n} keys ready (new Guard with them in config: ${config.compileMs.toFixed(0)} ms)`);
  }
  // Warm up, then rounds in which every size and case runs one batch, so that machine noise
  // hits them alike; the median per case.
  for (const { cases } of rows) for (const c of cases) Object.assign(c, { i: 0, times: [] }) && (await batch(c));
  for (let r = 0; r < ROUNDS; r++) {
    for (const { cases } of rows) for (const c of cases) c.times.push(await batch(c));
  }
  const us = (row, name) => {
    const c = row.cases.find((x) => x.name === name);
    return c ? median(c.times) : NaN;
  };
  let kv = null;
  if (process.env.APIKEYS_KV === "1") kv = await (await import("./apikeys-kv.mjs")).measureKv(SIZES);
  console.log(`\nauthorize with an API key, µs per call (median of ${ROUNDS} interleaved rounds of ${CALLS}), Node ${process.version}\n`);
  const head = ["keys", "new Guard (ms)", "config known", "config unknown", "store cached", "store read", "store unknown"];
  if (kv) head.push("KV cached (ms/req)", "KV read (ms/req)", "KV unknown (ms/req)");
  console.log(`| ${head.join(" | ")} |`);
  console.log(`|${head.map(() => "---:").join("|")}|`);
  for (const row of rows) {
    const { n } = row;
    const names = ["config known", "config unknown", "store cached", "store read", "store unknown"];
    const cells = [n.toLocaleString("en-US"), fmt(row.compileMs, 0), ...names.map((name) => fmt(us(row, name)))];
    const k = kv?.find((r) => r.n === n);
    if (kv) cells.push(fmt(k?.cached, 2), fmt(k?.read, 2), fmt(k?.missing, 2));
    console.log(`| ${cells.join(" | ")} |`);
    if (row.note) console.log(`\n(${n} keys in config: ${row.note})`);
  }
  if (kv) console.log(`\nKV: ${kv.note}`);
}

await main();

// Quick side-by-side timing of several builds of the package in one Node process, for
// comparing a size or speed change before and after (not part of the test suite).
//   node bench/quick.mjs DIR...   each DIR holds a copy of pkg/ (node.js, src/, gen/)
//   QUICK_ROUNDS=N (default 15), QUICK_CASES=regex (case names to time; default all)
// Defaults to pkg/. Prints the median and fastest CPU µs per call of each case for each build, and the
// ratio of each build to the first. Builds are timed in alternating batches so that
// machine noise hits them alike.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { makeTokens } from "./tokens.mjs";

const dirs = process.argv.slice(2);
if (dirs.length === 0) dirs.push(new URL("../pkg", import.meta.url).pathname);
const ROUNDS = Number(process.env.QUICK_ROUNDS ?? 15);
const data = makeTokens();
const scopes = data.scopes;
const policy = { keys: data.jwks, issuer: data.issuer, audience: data.audience };
const routes = [{ method: "GET", path: "/bookings/:id", scopes: ["bookings:read"] }];

/** The cases for one build: name → [calls per batch, function]. */
async function casesFor(dir) {
  const { Guard } = await import(pathToFileURL(resolve(dir, "node.js")).href);
  const plain = new Guard({ ...policy, cache: false });
  const cached = new Guard({ ...policy, cache: { maxEntries: 128 } });
  const edge = new Guard({ ...policy, cache: false, routes });
  const request = (token) => new Request("https://api.example/bookings/7", { headers: { authorization: `Bearer ${token}` } });
  const hsReq = request(data.hs256.valid);
  const check = (ok) => { if (!ok) throw new Error(`unexpected refusal in ${dir}`); };
  return {
    "HS256 await verify": [2000, async () => check((await plain.verify(data.hs256.valid, { scopes })).ok)],
    "HS256 cache hit await": [4000, async () => check((await cached.verify(data.hs256.valid, { scopes })).ok)],
    "HS256 verify": [2000, () => check(plain.verifySync(data.hs256.valid, { scopes }).ok)],
    "HS256 rejected": [2000, () => check(!plain.verifySync(data.hs256.rejected, { scopes }).ok)],
    "ES256 verify (wasm)": [40, () => check(plain.verifySync(data.es256.valid, { scopes }).ok)],
    "HS256 cache hit": [4000, () => check(cached.verifySync(data.hs256.valid, { scopes }).ok)],
    "ES256 cache hit": [4000, () => check(cached.verifySync(data.es256.valid, { scopes }).ok)],
    "HS256 authorize": [1000, async () => check((await edge.authorize(hsReq)).ok)],
  };
}

const builds = [];
for (const dir of dirs) builds.push({ dir, cases: await casesFor(dir) });
const only = new RegExp(process.env.QUICK_CASES ?? "");
const names = Object.keys(builds[0].cases).filter((n) => only.test(n));
const samples = builds.map(() => Object.fromEntries(names.map((n) => [n, []])));

// CPU time of this process (user + system), not wall time: other work on a shared machine
// then delays a batch without counting against it.
async function batch(calls, fn) {
  const start = process.cpuUsage();
  for (let i = 0; i < calls; i++) {
    const r = fn();
    if (r instanceof Promise) await r;
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / calls;
}

for (const b of builds) for (const n of names) await batch(b.cases[n][0], b.cases[n][1]); // warm up
for (let round = 0; round < ROUNDS; round++) {
  for (const n of names) {
    const order = round % 2 ? [...builds.keys()].reverse() : [...builds.keys()];
    for (const i of order) samples[i][n].push(await batch(...builds[i].cases[n]));
  }
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
const min = (xs) => Math.min(...xs);
for (const [label, stat] of [["median", median], ["fastest", min]]) {
  console.log(`${label} CPU µs per call over ${ROUNDS} batches; ratio = build / first build`);
  for (const n of names) {
    const base = stat(samples[0][n]);
    const cols = builds.map((b, i) => {
      const m = stat(samples[i][n]);
      return `${m.toFixed(2).padStart(9)}${i ? ` (${(m / base).toFixed(3)}x)` : ""}`;
    });
    console.log(`${n.padEnd(22)}${cols.join("  ")}`);
  }
}
console.log(`builds: ${dirs.join("  ")}`);

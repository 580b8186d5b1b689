// A bounded load run through real workerd: 10,000 requests, 64 at a time, a mix of valid and
// invalid tokens. Every request must get its expected status (no errors, no timeouts), and the
// backend must receive exactly the valid ones, each with the right identity. Figures are
// reported as diagnostics; nothing here asserts on time.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startMockBackend, startWorkerd, stopAll } from "./harness.mjs";
import { mint, sampleTokens } from "./tokens.mjs";

const TOTAL = Number(process.env.TOLLGATE_LOAD_REQUESTS ?? 10_000);
const CONCURRENCY = Number(process.env.TOLLGATE_LOAD_CONCURRENCY ?? 64);

let backend;
let worker;

before(async () => {
  backend = await startMockBackend();
  worker = await startWorkerd(backend.url);
});
after(async () => {
  await stopAll();
  await backend?.close();
});

async function plan() {
  const t = await sampleTokens();
  const valid = [];
  for (let i = 0; i < 8; i++) {
    const kid = ["hs-2026-01", "hs-2026-02", "es-2026-01", "es-2026-02"][i % 4];
    valid.push({ token: await mint({ kid, claims: { sub: `load-user-${i}` } }), sub: `load-user-${i}` });
  }
  // [kind, method, path, token, expected status]; a valid kind carries its subject.
  return (i) => {
    const v = valid[i % valid.length];
    switch (i % 8) {
      case 0:
      case 1:
      case 2:
        return { kind: "valid", method: "GET", path: `/bookings/1?n=${i}`, token: v.token, status: 200, sub: v.sub };
      case 3:
        return { kind: "expired", method: "GET", path: "/bookings", token: t.expired, status: 401, code: "token_expired" };
      case 4:
        return { kind: "under-scoped", method: "POST", path: "/bookings", token: t.read, status: 403, code: "insufficient_scope" };
      case 5:
        return { kind: "bad-signature", method: "GET", path: "/bookings/1", token: t.badSignature, status: 401, code: "signature_invalid" };
      case 6:
        return { kind: "missing", method: "GET", path: "/bookings", token: null, status: 401, code: "token_missing" };
      default:
        // A path no route of policy.js matches (the guard's 404, not the backend's).
        return { kind: "no-route", method: "GET", path: "/no-such-route", token: v.token, status: 404, code: "not_found" };
    }
  };
}

function errorCode(text) {
  try {
    return JSON.parse(text).error;
  } catch {
    return undefined;
  }
}

test(`load: ${TOTAL} requests, ${CONCURRENCY} concurrent, mixed tokens`, async (t) => {
  const requestFor = await plan();
  backend.requests.length = 0;
  const statusCounts = {};
  const mismatches = [];
  const errors = [];
  const latencies = new Float64Array(TOTAL);
  const validIds = new Map();
  let next = 0;

  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < TOTAL; i = next++) {
        const r = requestFor(i);
        if (r.kind === "valid") validIds.set(String(i), r.sub);
        const headers = { "x-request-id": String(i), "x-auth-subject": "spoofed" };
        if (r.token) headers.authorization = `Bearer ${r.token}`;
        const t0 = performance.now();
        try {
          const res = await fetch(worker.url + r.path, {
            method: r.method,
            headers,
            body: r.method === "POST" ? "{}" : undefined,
            signal: AbortSignal.timeout(30_000),
          });
          const text = await res.text();
          latencies[i] = performance.now() - t0;
          statusCounts[res.status] = (statusCounts[res.status] ?? 0) + 1;
          if (res.status !== r.status) mismatches.push(`${i} ${r.kind}: ${res.status}`);
          // A refusal must come from the guard itself (its code), not from the backend.
          else if (r.code && errorCode(text) !== r.code) mismatches.push(`${i} ${r.kind}: ${res.status} ${text.slice(0, 80)}`);
        } catch (e) {
          errors.push(`${i} ${r.kind}: ${e.name} ${e.message}`);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;

  const sorted = [...latencies].sort((a, b) => a - b);
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(2);
  const figures = {
    requests: TOTAL,
    concurrency: CONCURRENCY,
    seconds: Number(seconds.toFixed(2)),
    requestsPerSecond: Math.round(TOTAL / seconds),
    latencyMs: { p50: pct(50), p95: pct(95), p99: pct(99), max: sorted.at(-1).toFixed(2) },
    statuses: statusCounts,
    errors: errors.length,
    backendReceived: backend.requests.length,
    validSent: validIds.size,
  };
  t.diagnostic(`load figures ${JSON.stringify(figures)}`);
  console.log(`# load figures ${JSON.stringify(figures)}`);

  assert.deepEqual(errors.slice(0, 5), [], "no request failed at the transport level");
  assert.deepEqual(mismatches.slice(0, 5), [], "every request got its expected status (and refusal code)");
  // The backend saw exactly the valid requests, each once, with the identity of its own token.
  assert.equal(backend.requests.length, validIds.size);
  const seen = new Set();
  for (const req of backend.requests) {
    const id = req.headers["x-request-id"];
    assert.ok(validIds.has(id), `backend got request ${id}, which was not a valid one`);
    assert.ok(!seen.has(id), `backend got request ${id} twice`);
    seen.add(id);
    assert.equal(req.headers["x-auth-subject"], validIds.get(id));
  }
  assert.equal(seen.size, validIds.size);
});

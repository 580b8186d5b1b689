// Differential test with real backends (issue 14): the example booking worker in real workerd
// in front of three real upstream servers that read paths differently: Hono on Node
// (@hono/node-server: case-sensitive, strict slashes, decodes the path), Express 5
// (case-insensitive, trailing slash ignored) and a Python standard-library WSGI app (wsgiref:
// PATH_INFO fully decoded, headers folded CGI-style). Each records which of its handlers ran.
// A generated corpus of path and header spellings goes through the guard (FALLBACK=public: a
// public catch-all `/*` behind the API's routes, the strongest temptation). The test fails
// when a request the guard allowed reached a handler whose route would have refused that
// credential, or when an upstream saw a forged identity header. The per-backend report goes to
// target/differential-report.{json,txt} and stdout.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, startWorkerd, stopAll } from "./harness.mjs";
import { mint } from "./tokens.mjs";
import { corpus, PATH_MUTATIONS } from "./differential-corpus.mjs";
import { FALLBACK_HANDLER, HANDLERS } from "./upstreams/routes.mjs";
import { startHono } from "./upstreams/hono.mjs";
import { startExpress } from "./upstreams/express.mjs";
import { startWsgi } from "./upstreams/wsgi.mjs";
import { routesWith } from "../../examples/booking-worker/policy.js";

const FALLBACK = "public";
const ROUTES = routesWith(FALLBACK);
const OVERRIDES = ["x-http-method-override", "x-http-method", "x-method-override", "x-original-url", "x-rewrite-url"];
/** In-flight requests per backend. */
const CONCURRENCY = 8;

const upstreams = [];
const results = [];
let credentials;

before(async () => {
  credentials = [
    { name: "none", scopes: null, token: null },
    { name: "low", scopes: ["profile:read"], token: await mint({ claims: { scope: "profile:read" } }) },
    { name: "read", scopes: ["bookings:read"], token: await mint() },
    {
      name: "platform",
      scopes: ["bookings:read", "bookings:write", "customers:read"],
      token: await mint({ claims: { scope: "bookings:read bookings:write customers:read", accounts: ["acc-1"] } }),
    },
  ];
  for (const start of [startHono, startExpress, startWsgi]) upstreams.push(await start());
});

after(async () => {
  await stopAll();
  await Promise.all(upstreams.map((u) => u.close()));
  if (results.length > 0) writeReport(results);
});

/** The policy route a handler stands for: same method and pattern, or the catch-all. */
function routeOf(handler) {
  if (handler === FALLBACK_HANDLER) return ROUTES.at(-1);
  const h = HANDLERS.find((x) => x.name === handler);
  const route = ROUTES.find((r) => r.method === h.method && r.path === h.path);
  assert.ok(route, `handler ${handler} has no route in policy.js`);
  return route;
}

/** Whether `route` would let `credential` through (scopes only; the tokens carry no environment). */
function admits(route, credential) {
  if (route.public) return true;
  if (credential.scopes === null) return false;
  const all = (route.scopes ?? []).every((s) => credential.scopes.includes(s));
  const any = route.anyScopes === undefined || route.anyScopes.some((s) => credential.scopes.includes(s));
  return all && any;
}

/** One request with the target exactly as written (fetch would normalise it first). */
function send(base, c) {
  const { hostname, port } = new URL(base);
  const headers = { "x-test-id": c.id, [c.header[0]]: c.header[1] };
  if (c.credential.token) headers.authorization = `Bearer ${c.credential.token}`;
  if (c.method === "POST" || c.method === "PUT") headers["content-type"] = "application/json";
  return new Promise((resolve) => {
    const req = httpRequest({ hostname, port, path: c.target, method: c.method, headers }, (res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode, body }));
    });
    req.on("error", (e) => resolve({ status: 0, body: e.code ?? e.message }));
    req.end(c.method === "POST" || c.method === "PUT" ? "{}" : undefined);
  });
}

async function sendAll(base, requests) {
  const answers = new Map();
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < requests.length) {
      const c = requests[next++];
      answers.set(c.id, await send(base, c));
    }
  }));
  return answers;
}

for (const name of ["hono", "express", "wsgi"]) {
  test(`${name}: no allowed request reaches a stricter handler, no forged identity header arrives`, async () => {
    const upstream = upstreams.find((u) => u.name === name);
    const worker = await startWorkerd(upstream.url, { env: { FALLBACK } });
    const requests = corpus(credentials);
    const answers = await sendAll(worker.url, requests);
    await new Promise((r) => setTimeout(r, 200)); // the WSGI child's last stdout lines
    // Records without an id are the harness's readiness probes (GET /health).
    const records = new Map(upstream.records.filter((r) => r.id !== null).map((r) => [r.id, r]));
    const byId = new Map(requests.map((c) => [c.id, c]));
    const violations = [];
    const reached = {};
    const guardAnswers = {};
    for (const c of requests) {
      const record = records.get(c.id);
      const answer = answers.get(c.id);
      if (!record) {
        const code = guardCode(answer);
        guardAnswers[code] = (guardAnswers[code] ?? 0) + 1;
        continue;
      }
      reached[record.handler] = (reached[record.handler] ?? 0) + 1;
      const route = routeOf(record.handler);
      if (!admits(route, c.credential)) {
        violations.push({ kind: "stricter handler", id: c.id, method: c.method, target: c.target, mutation: c.mutation, credential: c.credential.name, handler: record.handler, route: `${route.method ?? "*"} ${route.path}`, seenAs: record.path });
      }
      for (const [folded, raw, value] of record.identity) {
        if (/forged|victim/.test(value) || OVERRIDES.includes(folded)) {
          violations.push({ kind: "forged header", id: c.id, target: c.target, header: raw, value, sent: c.header[0] });
        }
      }
    }
    for (const id of records.keys()) if (!byId.has(id)) violations.push({ kind: "unknown request", id });
    const result = {
      backend: name,
      fallback: FALLBACK,
      corpus: requests.length,
      mutations: Object.keys(PATH_MUTATIONS).length,
      allowed: records.size,
      refused: requests.length - records.size,
      refusedBy: guardAnswers,
      reached,
      violations: violations.length,
      examples: violations.slice(0, 12),
    };
    results.push(result);
    console.log(summaryLine(result));
    assert.deepEqual(violations.slice(0, 12), [], `${name}: ${violations.length} violations`);
    assert.ok(records.size > 100, `${name}: the corpus must exercise the upstream (${records.size} allowed)`);
  });
}

/** What answered a request that reached no handler: the guard's code, or another status. */
function guardCode(answer) {
  try {
    const body = JSON.parse(answer.body);
    if (typeof body.error === "string") return `${answer.status} ${body.error}`;
  } catch {}
  return `${answer.status} (not the guard)`;
}

function summaryLine(r) {
  const reached = Object.entries(r.reached).sort().map(([h, n]) => `${h}:${n}`).join(" ");
  return `differential ${r.backend.padEnd(7)} corpus ${r.corpus}  allowed ${r.allowed}  refused ${r.refused}  violations ${r.violations}  reached ${reached}`;
}

function writeReport(list) {
  const dir = join(ROOT, "target");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "differential-report.json"), JSON.stringify(list, null, 2) + "\n");
  const lines = ["tollgate differential test: the example worker in workerd (FALLBACK=public) in front of real upstreams", ""];
  for (const r of list) {
    lines.push(summaryLine(r));
    lines.push(`  refused: ${Object.entries(r.refusedBy).sort().map(([c, n]) => `${c}: ${n}`).join(", ")}`);
    for (const v of r.examples) lines.push(`  VIOLATION ${JSON.stringify(v)}`);
  }
  writeFileSync(join(dir, "differential-report.txt"), lines.join("\n") + "\n");
  console.log(lines.join("\n"));
}

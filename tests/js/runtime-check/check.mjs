// Run by runtimes.test.mjs under Deno and Bun (and Node): loads the package, verifies
// one fixture token per algorithm and a few rejected ones, prints one JSON line.
// Argument: the module to import (default "tollgate", resolved through node_modules).
import { readFileSync } from 'node:fs';

const args = globalThis.Deno ? globalThis.Deno.args : process.argv.slice(2);
const spec = args[0] ?? 'tollgate';
const { Guard, decode } = await import(spec);
const fx = JSON.parse(readFileSync(new URL('../../vectors/fixtures.json', import.meta.url), 'utf8'));
const guard = new Guard({
  keys: fx.jwks,
  issuer: fx.verifier.issuer,
  audience: fx.verifier.audience,
  clockTolerance: fx.verifier.clockTolerance,
});

const labels = ['hs256-valid', 'es256-valid', 'tampered-payload', 'es256-der-signature', 'alg-none', 'expired', 'insufficient-scope'];
const results = labels.map((label) => {
  const t = fx.tokens.find((x) => x.label === label);
  const r = guard.verifySync(t.token, { now: fx.verifier.now, ...(t.verify ?? {}) });
  return r.ok ? { label, ok: true, alg: r.header.alg, scopes: r.scopes } : { label, ok: false, code: r.error.code, status: r.error.status };
});
let configError = null;
try {
  new Guard({ keys: { keys: [{ kty: 'oct', kid: 'short', alg: 'HS256', k: 'c2hvcnQ' }] } });
} catch (e) {
  configError = { type: e.constructor.name, message: e.message };
}
const decoded = decode(fx.tokens[0].token);
const runtime = globalThis.Deno ? 'deno' : globalThis.Bun ? 'bun' : 'node';
console.log(JSON.stringify({ runtime, spec, results, configError, decodedSub: decoded.claims?.sub ?? null }));

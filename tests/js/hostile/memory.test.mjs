// Memory: 1,000,000 verifications in one Guard must not grow the wasm linear memory.
// WebAssembly memory never shrinks, so any leak per call (a claims string, an error, a
// key clone never freed) would show up as growth after the warm-up. The memory is read
// from the package's own wasm instance: the generated glue's initSync() returns the
// existing exports (with `memory`) when the module is already initialised.
// Also: the JS heap stays bounded (no per-call retention on the JS side).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Guard } from 'tollgate';
import { mint, claims, guardConfig, NOW, HS1, HS2, ES1 } from '../helpers.mjs';

const glue = await import(new URL('./gen/tollgate.js', import.meta.resolve('tollgate')));
const wasm = glue.initSync();
const memoryBytes = () => wasm.memory.buffer.byteLength;

const TOTAL = Number(process.env.TOLLGATE_MEMORY_RUNS ?? 1_000_000);
const WARMUP = 50_000;

test(`wasm memory stays flat over ${TOTAL.toLocaleString('en')} verifications`, () => {
  assert.ok(wasm.memory instanceof WebAssembly.Memory, 'the package instance exposes its memory');
  const guard = new Guard(guardConfig());
  const valid = mint(claims({ scope: 'bookings:read bookings:write', name: 'Zoë 😀' }), { kid: HS1 });
  const tokens = [
    valid,
    mint(claims({ scope: 'bookings:read' }), { kid: HS2 }),
    mint(claims({ exp: NOW - 1 }), { kid: HS1 }),                   // expired
    `${valid.slice(0, -2)}AA`,                                       // bad signature
    mint(claims({ pad: 'x'.repeat(3000) }), { kid: HS1 }),          // large claims
    'x'.repeat(9000),                                                // over the size limit
    'not.a.token',
  ];
  const es = mint(claims(), { kid: ES1 });
  const run = (n, from) => {
    let ok = 0;
    for (let i = from; i < from + n; i++) {
      const t = i % 1000 === 999 ? es : tokens[i % tokens.length];
      const r = guard.verifySync(t, { now: NOW, scopes: i % 2 ? ['bookings:read'] : [] });
      if (r.ok) ok++;
    }
    return ok;
  };
  let accepted = run(WARMUP, 0);
  const base = memoryBytes();
  globalThis.gc?.();
  const heapBase = process.memoryUsage().heapUsed;
  const samples = [];
  const STEP = 100_000;
  for (let done = WARMUP; done < TOTAL; done += STEP) {
    accepted += run(Math.min(STEP, TOTAL - done), done);
    samples.push(memoryBytes());
  }
  globalThis.gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  // About 2/7 of the HS256 tokens and every ES256 one are valid; the rest are refused.
  assert.ok(accepted > TOTAL / 5 && accepted < TOTAL / 2, `accepted ${accepted}`);
  assert.deepEqual(samples, samples.map(() => base), `wasm memory grew: ${base} -> ${samples.join(', ')}`);
  // JS heap: generous bound (results are garbage right away); a leak of ~100 bytes per
  // call would add ~100 MB here.
  assert.ok(heapAfter - heapBase < 32 * 1024 * 1024, `JS heap grew by ${heapAfter - heapBase} bytes`);
  console.log(`# memory: ${TOTAL} verifications, wasm memory ${base} bytes before and after, ` +
    `JS heap ${(heapBase / 1048576).toFixed(1)} -> ${(heapAfter / 1048576).toFixed(1)} MiB`);
});

test('wasm memory stays flat while keys are swapped (accepted and refused sets)', () => {
  const guard = new Guard(guardConfig());
  const jwks = guardConfig().keys;
  const token = mint(claims(), { kid: HS1 });
  for (let i = 0; i < 200; i++) guard.setKeys(jwks);
  const base = memoryBytes();
  for (let i = 0; i < 2_000; i++) {
    guard.setKeys(jwks);
    assert.equal(guard.verifySync(token, { now: NOW }).ok, true);
    try { guard.setKeys({ keys: [{ kty: 'oct', kid: 'x', alg: 'HS256', k: 'short' }] }); } catch { /* refused */ }
  }
  assert.equal(memoryBytes(), base, 'setKeys (accepted and refused) does not leak');
});

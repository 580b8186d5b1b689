// guard.verify (ES256 signatures through WebCrypto) answers exactly what
// guard.verify (pure wasm) answers: every fixture, RFC example and a family of
// mutated tokens, compared result by result. Also: a key swap during the
// WebCrypto await, tokens without kid, and a runtime without WebCrypto.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Guard } from 'tollgate';
import { fx, vec, NOW, ES1, ES2, HS1, b64u, mint, claims, guardConfig } from './helpers.mjs';

const N = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
const hex32 = (n) => n.toString(16).padStart(64, '0');
const sigOf = (r, s) => Buffer.from(hex32(r) + hex32(s), 'hex');

/** Asserts verifySync and verify agree on `token` under `guard`. */
async function same(guard, token, options, label) {
  const sync = guard.verifySync(token, options);
  const async_ = await guard.verify(token, options);
  assert.deepEqual(async_, sync, label);
  return sync;
}

test('every fixture: verify equals verifySync', async () => {
  const guard = new Guard(guardConfig());
  for (const t of fx.tokens) {
    const r = await same(guard, t.token, { now: NOW, ...(t.verify ?? {}) }, t.label);
    assert.equal(r.ok, t.expected.result === 'accept', t.label);
  }
});

test('RFC examples: verify equals verifySync', async () => {
  for (const e of vec('rfc_examples.json').examples) {
    for (const x of e.expected) {
      const guard = new Guard({ keys: { keys: [e.jwk_for_guard ?? e.jwk] }, requireKid: x.options.requireKid ?? false });
      const r = await same(guard, e.token, { now: x.options.now }, `${e.id} ${JSON.stringify(x.options)}`);
      assert.equal(r.ok, x.result === 'accept', e.id);
    }
  }
});

/** ES256 tokens with one thing changed: signature values, lengths, bits, header and payload. */
function mutations() {
  const good = mint(claims(), { kid: ES1 });
  const [h, p, s] = good.split('.');
  const sig = Buffer.from(s, 'base64url');
  const r = BigInt(`0x${sig.subarray(0, 32).toString('hex')}`);
  const sv = BigInt(`0x${sig.subarray(32).toString('hex')}`);
  const withSig = (bytes) => `${h}.${p}.${b64u(bytes)}`;
  const out = { good, 'high-s': withSig(sigOf(r, N - sv)) };
  for (const [name, [rr, ss]] of Object.entries({
    'r=0': [0n, sv], 's=0': [r, 0n], 'r=n': [N, sv], 's=n': [r, N], 'r=n+r': [N + r, sv], 's=n-1': [r, N - 1n], 'r=1': [1n, sv],
  })) {
    if (rr < 2n ** 256n && ss < 2n ** 256n) out[name] = withSig(sigOf(rr, ss));
  }
  out['63 bytes'] = withSig(sig.subarray(0, 63));
  out['65 bytes'] = withSig(Buffer.concat([sig, Buffer.from([0])]));
  out['empty sig'] = `${h}.${p}.`;
  for (let i = 0; i < 64; i += 7) {
    const flipped = Buffer.from(sig);
    flipped[i] ^= 0x80;
    out[`sig bit ${i}`] = withSig(flipped);
  }
  out['payload changed'] = `${h}.${b64u(claims({ sub: 'mallory' }))}.${s}`;
  out['header changed'] = `${b64u({ alg: 'ES256', kid: ES1 })}.${p}.${s}`;
  out['other key'] = mint(claims(), { kid: ES1, signWith: ES2 });
  out['second key'] = mint(claims(), { kid: ES2 });
  out['kid of hs key'] = mint(claims(), { kid: ES1, header: { kid: HS1 } });
  out.expired = mint(claims({ exp: NOW - 1 }), { kid: ES1 });
  out['wrong aud'] = mint(claims({ aud: 'other' }), { kid: ES1 });
  return out;
}

test('mutated ES256 tokens: verify equals verifySync, at several times and scopes', async () => {
  const guard = new Guard(guardConfig());
  const seen = new Set();
  for (const [label, token] of Object.entries(mutations())) {
    for (const options of [{ now: NOW }, { now: NOW + 7200 }, { now: NOW, scopes: ['bookings:write'] }]) {
      const r = await same(guard, token, options, `${label} ${JSON.stringify(options)}`);
      seen.add(r.ok ? 'ok' : r.error.code);
    }
  }
  for (const code of ['ok', 'signature_invalid', 'token_expired', 'insufficient_scope', 'alg_not_allowed', 'claim_invalid']) {
    assert.ok(seen.has(code), `the mutations reach ${code}`);
  }
});

test('high-S and psychic signatures: accepted and refused as the wasm path does', async () => {
  const guard = new Guard(guardConfig());
  const m = mutations();
  assert.equal((await guard.verify(m['high-s'], { now: NOW })).ok, true);
  for (const label of ['r=0', 's=0', 'r=n', 's=n', '63 bytes', '65 bytes']) {
    assert.equal((await guard.verify(m[label], { now: NOW })).error?.code, 'signature_invalid', label);
  }
});

test('tokens without kid try every ES256 key, as verify does', async () => {
  const guard = new Guard(guardConfig({ requireKid: false }));
  for (const kid of [ES1, ES2]) {
    const token = mint(claims(), { kid, header: { kid: undefined } });
    const r = await same(guard, token, { now: NOW }, kid);
    assert.equal(r.ok, true);
    assert.equal(r.keyId, kid, 'the key that verified it');
    assert.equal(r.header.kid, undefined, 'the header as sent: no kid added');
  }
});

test('a key swap during the WebCrypto await is not missed', async () => {
  const guard = new Guard(guardConfig());
  const token = mint(claims(), { kid: ES1 });
  const pending = guard.verify(token, { now: NOW });
  guard.setKeys({ keys: fx.jwks.keys.filter((k) => k.kid !== ES1) });
  assert.equal((await pending).error?.code, 'key_not_found');
  assert.deepEqual(await guard.verify(token, { now: NOW }), guard.verifySync(token, { now: NOW }));
});

test('concurrent calls sharing one guard (and its input buffer) each get their own answer', async () => {
  for (const cache of [false, { maxEntries: 4 }]) {
    const guard = new Guard(guardConfig({ cache }));
    const m = mutations();
    const tokens = [m.good, m['sig bit 7'], m.expired, mint(claims({ sub: 'other' }), { kid: ES2 }), mint(claims(), { kid: HS1 }), 'x.y.z'];
    const calls = [];
    for (let round = 0; round < 3; round++) {
      for (const [i, token] of tokens.entries()) {
        const options = { now: NOW + round, scopes: i % 2 ? ['bookings:read'] : ['bookings:write'] };
        calls.push([token, options, guard.verify(token, options)]);
        guard.verifySync(tokens[(i + 1) % tokens.length], { now: NOW, scopes: ['x'] }); // uses the buffer meanwhile
      }
    }
    const plain = new Guard(guardConfig());
    for (const [token, options, pending] of calls) {
      assert.deepEqual(await pending, plain.verifySync(token, options), `${JSON.stringify(options)} cache ${JSON.stringify(cache)}`);
    }
  }
});

test('bad arguments: same answers and errors as verify', async () => {
  const guard = new Guard(guardConfig());
  assert.deepEqual(await guard.verify(42), guard.verifySync(42));
  await assert.rejects(guard.verify('x', { now: 'soon' }), TypeError);
  await assert.rejects(guard.verify('x', { scopes: 'a' }), TypeError);
});

test('without WebCrypto, verify falls back to the wasm check', () => {
  const script = `
    Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
    const { Guard } = await import('tollgate');
    const [config, tokens, now] = JSON.parse(process.argv[1]);
    const guard = new Guard(config);
    const out = [];
    for (const t of tokens) out.push([await guard.verify(t, { now }), guard.verifySync(t, { now })]);
    console.log(JSON.stringify(out));`;
  const m = mutations();
  const tokens = [m.good, m['high-s'], m['r=0'], m['sig bit 7'], m.expired];
  const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify([guardConfig(), tokens, NOW])], { encoding: 'utf8' }));
  for (const [i, [a, s]] of out.entries()) assert.deepEqual(a, s, `token ${i}`);
  assert.deepEqual(out.map(([a]) => a.ok), [true, true, false, false, false]);
});

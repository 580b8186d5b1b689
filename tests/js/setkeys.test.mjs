// guard.setKeys(jwks): atomic swap; an invalid set throws and the old keys stay in use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, createHmac } from 'node:crypto';
import { Guard } from 'tollgate';
import { fx, NOW, HS1, HS2, ES1, ES2, b64u, claims, mint, guardConfig, assertAccept, assertReject, SECRETS } from './helpers.mjs';

const [hs1, hs2, es1, es2] = fx.jwks.keys;
const tok = Object.fromEntries([HS1, HS2, ES1, ES2].map((kid) => [kid, mint(claims(), { kid })]));
const v = (g, t) => g.verifySync(t, { now: NOW });

// A key that exists only in this test, and a token signed with it.
const freshK = randomBytes(32).toString('base64url');
const fresh = { kty: 'oct', kid: 'hs-2026-03', alg: 'HS256', use: 'sig', k: freshK };
const freshToken = (() => {
  const h = b64u({ alg: 'HS256', typ: 'JWT', kid: fresh.kid });
  const p = b64u(claims());
  return `${h}.${p}.${createHmac('sha256', Buffer.from(freshK, 'base64url')).update(`${h}.${p}`).digest('base64url')}`;
})();

test('setKeys swaps the whole set: new keys verify, removed keys are key_not_found', () => {
  const g = new Guard(guardConfig());
  assertAccept(v(g, tok[HS1]));
  assertReject(v(g, freshToken), 'key_not_found', 'before: fresh key unknown');
  assert.deepEqual(g.setKeys({ keys: [hs2, es2, fresh] }), [], 'nothing skipped');
  assertAccept(v(g, freshToken), undefined, 'after: fresh key');
  assertAccept(v(g, tok[HS2]), undefined, 'after: kept HS key');
  assertAccept(v(g, tok[ES2]), undefined, 'after: kept EC key');
  assertReject(v(g, tok[HS1]), 'key_not_found', 'after: removed HS key');
  assertReject(v(g, tok[ES1]), 'key_not_found', 'after: removed EC key');
});

test('setKeys with a key under the same kid but new material: old signatures fail', () => {
  const g = new Guard(guardConfig());
  g.setKeys({ keys: [{ ...fresh, kid: HS1 }] });
  assertReject(v(g, tok[HS1]), 'signature_invalid');
});

test('setKeys with an empty set: every token is key_not_found', () => {
  const g = new Guard(guardConfig());
  let threw = false;
  try {
    g.setKeys({ keys: [] });
  } catch (e) {
    // refusing an empty set is also reasonable, but then it must be a TypeError and the old keys stay
    threw = true;
    assert.ok(e instanceof TypeError, e?.message);
  }
  for (const kid of [HS1, ES1]) {
    if (threw) assertAccept(v(g, tok[kid]), undefined, kid);
    else assertReject(v(g, tok[kid]), 'key_not_found', kid);
  }
});

const INVALID_SETS = [
  ['short HS256 key', { keys: [hs2, { ...fresh, k: randomBytes(31).toString('base64url') }] }, /keys\[1\]\.k\b/],
  ['duplicate kid', { keys: [fresh, { ...hs2, kid: fresh.kid }] }, /keys\[1\]\.kid\b/],
  ['private EC key', { keys: [fresh, fx.private.keys[1]] }, /keys\[1\]\.d\b/],
  ['only a use:enc key', { keys: [{ ...fresh, use: 'enc' }] }, /^keys: no key .*keys\[0\]\.use\b/],
  ['only an RSA key', { keys: [{ kty: 'RSA', kid: 'r', n: 'sXch', e: 'AQAB' }] }, /^keys: no key .*keys\[0\]\.kty\b/],
  ['an oct key without alg', { keys: [fresh, { ...hs2, kid: 'x', alg: undefined }] }, /^keys\[1\]\.alg\b/],
  ['an off-curve point beside an RSA key', { keys: [{ kty: 'RSA', kid: 'r' }, fresh, { ...es2, y: es2.x }] }, /^keys\[2\]/],
  ['not a key set', [fresh], /keys/],
  ['a key given as JSON text', { keys: [JSON.stringify(fresh)] }, /keys\[0\]/],
  ['null', null, /keys/],
];

for (const [label, set, pathRe] of INVALID_SETS) {
  test(`setKeys refuses ${label} with a TypeError and keeps the old keys`, () => {
    const g = new Guard(guardConfig());
    let err;
    try {
      g.setKeys(set);
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof TypeError, `${label}: ${err ? err.message : 'did not throw'}`);
    assert.match(err.message, pathRe);
    for (const s of [...SECRETS, freshK]) assert.ok(!err.message.includes(s), `${label}: message contains a secret`);
    // nothing of the refused set is in use, everything of the old set is
    for (const kid of [HS1, HS2, ES1, ES2]) assertAccept(v(g, tok[kid]), undefined, `${label}: old ${kid}`);
    assertReject(v(g, freshToken), 'key_not_found', `${label}: fresh key not loaded`);
  });
}

test('a refused setKeys after a good one keeps the good one', () => {
  const g = new Guard(guardConfig());
  g.setKeys({ keys: [fresh] });
  assert.throws(() => g.setKeys({ keys: [fresh, fresh] }), TypeError);
  assertAccept(v(g, freshToken));
  assertReject(v(g, tok[HS1]), 'key_not_found');
});

test('setKeys does not alias the caller\'s object', () => {
  const set = { keys: [{ ...fresh }] };
  const g = new Guard(guardConfig({ keys: set }));
  set.keys[0].k = randomBytes(32).toString('base64url');
  set.keys.push(hs1);
  assertAccept(v(g, freshToken), undefined, 'mutating the config after construction has no effect');
  assertReject(v(g, tok[HS1]), 'key_not_found');
  const g2 = new Guard(guardConfig());
  const set2 = { keys: [{ ...fresh }] };
  g2.setKeys(set2);
  set2.keys[0].kid = 'changed';
  assertAccept(v(g2, freshToken), undefined, 'mutating the set after setKeys has no effect');
});

test('two guards keep separate key sets', () => {
  const a = new Guard(guardConfig());
  const b = new Guard(guardConfig());
  a.setKeys({ keys: [fresh] });
  assertAccept(v(b, tok[HS1]));
  assertReject(v(a, tok[HS1]), 'key_not_found');
});

test('setKeys keeps the other options (issuer, audience, tolerance)', () => {
  const g = new Guard(guardConfig({ clockTolerance: 30 }));
  g.setKeys({ keys: [hs1] });
  assertReject(v(g, mint(claims({ iss: 'https://evil.example' }))), 'claim_invalid', 'issuer still checked');
  assertReject(v(g, mint(claims({ aud: 'other' }))), 'claim_invalid', 'audience still checked');
  assertAccept(v(g, mint(claims({ exp: NOW - 29 }))), undefined, 'tolerance still applied');
});

test('setKeys skips keys it cannot verify with and reports them; the rest verify', async () => {
  const g = new Guard(guardConfig());
  const { alg: _alg, ...es2WithoutAlg } = es2;
  const published = { keys: [
    { kty: 'RSA', kid: ES2, use: 'sig', alg: 'RS256', n: 'sXch', e: 'AQAB' }, // same kid as the EC key
    { kty: 'OKP', kid: 'ed', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' },
    { ...es1, crv: 'P-384', kid: 'p384' },
    { ...hs2, use: 'enc' },
    { ...hs1, key_ops: ['sign'] },
    { ...hs1, kid: 'h512', alg: 'HS512' },
    es2WithoutAlg, // P-256 without alg: ES256
    fresh,
  ] };
  const skipped = g.setKeys(published);
  assert.deepEqual(skipped.map((s) => [s.index, s.kid, s.field]), [
    [0, ES2, 'keys[0].kty'], [1, 'ed', 'keys[1].kty'], [2, 'p384', 'keys[2].crv'], [3, HS2, 'keys[3].use'],
    [4, HS1, 'keys[4].key_ops'], [5, 'h512', 'keys[5].alg'],
  ]);
  assert.match(skipped[0].reason, /key type "RSA" is not supported/);
  for (const s of skipped) for (const secret of SECRETS) assert.ok(!s.reason.includes(secret));
  assert.deepEqual(g.skippedKeys, skipped, 'the report of the set in force');
  assertAccept(v(g, freshToken));
  assertAccept(v(g, tok[ES2]), undefined, 'P-256 key without alg verifies ES256 (wasm)');
  assertAccept(await g.verify(tok[ES2], { now: NOW }), undefined, 'and through WebCrypto, not confused by the RSA key of the same kid');
  for (const kid of [HS1, HS2, ES1]) assertReject(v(g, tok[kid]), 'key_not_found', `${kid}: its key was skipped`);
  assert.deepEqual(new Guard(guardConfig()).skippedKeys, [], 'the fixture set skips nothing');
  assert.deepEqual(new Guard(guardConfig({ keys: published })).skippedKeys, skipped, 'the constructor reports the same');
});

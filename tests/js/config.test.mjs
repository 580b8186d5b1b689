// Bad config throws a TypeError at construction whose message names the field
// (DESIGN.md: `keys[1].k: HS256 key must be at least 32 bytes`) and never a secret.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Guard } from 'tollgate';
import { fx, vec, guardConfig, SECRETS } from './helpers.mjs';

const [hs1, hs2, es1, es2] = fx.jwks.keys;
const esPriv = fx.private.keys[0];
const oct = (bytes, extra = {}) => ({ kty: 'oct', kid: 'new', alg: 'HS256', use: 'sig', k: Buffer.from(bytes).toString('base64url'), ...extra });
const short31 = oct(randomBytes(31));
const short16 = oct(randomBytes(16));
const offCurve = { ...es1, kid: 'off', y: Buffer.from(Buffer.from(es1.y, 'base64url').map((b, i) => (i === 31 ? b ^ 1 : b))).toString('base64url') };
const withKeys = (...keys) => guardConfig({ keys: { keys } });

// [label, config, field-path regex, secrets that must not appear]
const CASES = [
  ['HS256 key of 31 bytes', withKeys(short31), /keys\[0\]\.k\b/, [short31.k]],
  ['HS256 key of 16 bytes as the second key', withKeys(hs1, short16), /keys\[1\]\.k\b/, [short16.k]],
  ['HS256 key that is empty', withKeys(oct([])), /keys\[0\]\.k\b/, []],
  ['HS256 key with padding', withKeys({ ...oct(randomBytes(32)), k: `${oct(randomBytes(32)).k}=` }), /keys\[0\]\.k\b/, []],
  ['HS256 key missing k', withKeys({ ...hs1, k: undefined }), /keys\[0\]\.k\b/, []],
  ['EC point not on the curve', withKeys(offCurve), /keys\[0\]/, []],
  ['EC x of 31 bytes', withKeys({ ...es1, x: Buffer.from(es1.x, 'base64url').subarray(1).toString('base64url') }), /keys\[0\]/, []],
  // A set whose only key tollgate cannot verify with holds no usable key: refused, naming the skip.
  ['kty RSA only', withKeys({ kty: 'RSA', kid: 'r', alg: 'RS256', use: 'sig', n: 'sXch', e: 'AQAB' }), /^keys: no key .*keys\[0\]\.kty\b/, []],
  ['crv P-384 only', withKeys({ ...es1, crv: 'P-384' }), /^keys: no key .*keys\[0\]\.crv\b/, []],
  ['use enc only', withKeys({ ...hs2, use: 'enc' }), /^keys: no key .*keys\[0\]\.use\b/, [hs2.k]],
  ['oct key without alg', withKeys(hs1, { ...hs2, alg: undefined }), /^keys\[1\]\.alg\b/, [hs2.k]],
  ['key_ops encrypt', withKeys({ ...es2, key_ops: ['encrypt'] }), /keys\[0\]\.key_ops\b/, []],
  ['key_ops sign without verify', withKeys({ ...hs1, key_ops: ['sign'] }), /keys\[0\]\.key_ops\b/, [hs1.k]],
  ['duplicate kid', withKeys(hs1, es1, { ...hs2, kid: hs1.kid }), /keys\[2\]\.kid\b/, [hs1.k, hs2.k]],
  ['EC key with private d', withKeys(hs1, esPriv), /keys\[1\]\.d\b/, [esPriv.d]],
  ['oct key with alg ES256', withKeys({ ...hs1, alg: 'ES256' }), /keys\[0\]\.alg\b/, [hs1.k]],
  ['oct key with alg A256GCM', withKeys({ ...hs1, alg: 'A256GCM' }), /keys\[0\]\.alg\b/, [hs1.k]],
  ['EC key with alg ES384', withKeys({ ...es1, alg: 'ES384' }), /keys\[0\]\.alg\b/, []],
  ['unknown top-level field', { ...guardConfig(), issuers: ['x'] }, /\bissuers\b/, []],
  ['misspelled clockTolerance', { ...guardConfig(), clocktolerance: 5 }, /\bclocktolerance\b/, []],
  ['clockTolerance 301', guardConfig({ clockTolerance: 301 }), /\bclockTolerance\b/, []],
  ['clockTolerance -1', guardConfig({ clockTolerance: -1 }), /\bclockTolerance\b/, []],
  ['clockTolerance NaN', guardConfig({ clockTolerance: NaN }), /\bclockTolerance\b/, []],
  ['clockTolerance as a string', guardConfig({ clockTolerance: '30' }), /\bclockTolerance\b/, []],
  ['algorithms with none', guardConfig({ algorithms: ['none'] }), /\balgorithms\b/, []],
  ['algorithms with RS256', guardConfig({ algorithms: ['HS256', 'RS256'] }), /\balgorithms\b/, []],
  ['algorithms as a string', guardConfig({ algorithms: 'HS256' }), /\balgorithms\b/, []],
  ['keys missing', guardConfig({ keys: undefined }), /\bkeys\b/, []],
  ['keys null', guardConfig({ keys: null }), /\bkeys\b/, []],
  ['keys without a keys array', guardConfig({ keys: {} }), /\bkeys\b/, []],
  ['a key that is not an object', withKeys(hs1, 'es-2026-01'), /keys\[1\]/, [hs1.k]],
  ['issuer is a number', guardConfig({ issuer: 42 }), /\bissuer\b/, []],
  ['audience is an object', guardConfig({ audience: { aud: 'x' } }), /\baudience\b/, []],
  ['maxTokenAge negative', guardConfig({ maxTokenAge: -1 }), /\bmaxTokenAge\b/, []],
  ['requiredClaims is a string', guardConfig({ requiredClaims: 'sub' }), /\brequiredClaims\b/, []],
  ['requireKid is a string', guardConfig({ requireKid: 'yes' }), /\brequireKid\b/, []],
  ['typ is a number', guardConfig({ typ: 5 }), /\btyp\b/, []],
  ['maxTokenSize below 256', guardConfig({ maxTokenSize: 255 }), /\bmaxTokenSize\b/, []],
  ['maxTokenSize above 65536', guardConfig({ maxTokenSize: 65537 }), /\bmaxTokenSize\b/, []],
];

function assertConfigError(config, pathRe, secrets, label) {
  let err;
  try {
    new Guard(config);
  } catch (e) {
    err = e;
  }
  assert.ok(err, `${label}: constructor did not throw`);
  assert.ok(err instanceof TypeError, `${label}: ${err?.constructor?.name} is not a TypeError: ${err?.message}`);
  assert.match(err.message, pathRe, `${label}: message names the field`);
  for (const s of [...secrets, ...SECRETS]) {
    assert.ok(!err.message.includes(s), `${label}: message contains a secret`);
    assert.ok(!String(err.stack).includes(s), `${label}: stack contains a secret`);
  }
  return err;
}

for (const [label, config, pathRe, secrets] of CASES) {
  test(`config refused: ${label} (${pathRe.source})`, () => {
    assertConfigError(config, pathRe, secrets, label);
  });
}

// Plausible mistakes with the key set's shape: JWKS text from an env var, the bare array,
// JWK text per key. The message must name the field and must not echo the (secret) value.
const SHAPE_CASES = [
  ['keys given as JSON text', guardConfig({ keys: JSON.stringify(fx.jwks) }), /^keys\b/],
  ['keys given as the bare array', guardConfig({ keys: fx.jwks.keys }), /^keys\b/],
  ['a key given as JSON text', withKeys(JSON.stringify(hs1)), /keys\[0\]/],
];
for (const [label, config, pathRe] of SHAPE_CASES) {
  test(`config refused: ${label} (${pathRe.source})`, () => {
    assertConfigError(config, pathRe, [], label);
  });
}

test('config that is not an object throws a TypeError', () => {
  for (const c of [undefined, null, 'config', 42, []]) {
    assert.throws(() => new Guard(c), TypeError, String(c));
  }
});

test('valid key sets are accepted', () => {
  const ok = [
    fx.jwks,
    { keys: [hs1] },
    { keys: [es1, es2] },
    { keys: [oct(randomBytes(32))] }, // exactly the minimum
    { keys: [oct(randomBytes(65))] },
    { keys: [{ ...hs1, use: undefined }] }, // use is optional
    { keys: [{ ...es1, key_ops: ['verify'] }] },
    { keys: [{ ...hs1, key_ops: ['sign', 'verify'] }] },
  ];
  for (const [i, keys] of ok.entries()) assert.doesNotThrow(() => new Guard(guardConfig({ keys })), `set #${i}`);
});

test('valid option values are accepted', () => {
  for (const over of [{ clockTolerance: 0 }, { clockTolerance: 300 }, { algorithms: ['ES256'] }, { algorithms: ['HS256'] },
    { issuer: ['a', 'b'] }, { audience: ['a', 'b'] }, { maxTokenAge: 86400 }, { requiredClaims: ['sub'] },
    { requireKid: false }, { requireExp: false }, { typ: 'at+jwt' }]) {
    assert.doesNotThrow(() => new Guard(guardConfig(over)), JSON.stringify(over));
  }
});

test('routes and realm (DESIGN.md config) are accepted', () => {
  const routes = [
    { method: 'GET', path: '/bookings/:id', scopes: ['bookings:read'] },
    { method: 'POST', path: '/bookings', scopes: ['bookings:write'] },
    { path: '/health', public: true },
  ];
  assert.doesNotThrow(() => new Guard(guardConfig({ realm: 'bookings' })), 'realm');
  assert.doesNotThrow(() => new Guard(guardConfig({ routes })), 'routes');
  assert.doesNotThrow(() => new Guard(guardConfig({ routes, realm: 'bookings' })), 'routes + realm');
});

// Wycheproof json_web_key_test.json, the HS256/ES256 cases (README: 1-4, 10, 13, 16, 19-26).
const jwk = vec('json_web_key_test.json');
const REFUSED = new Set([4, 10, 16, 19, 20, 21, 22, 23, 24, 25, 26]);
const LOADED = new Set([1, 2, 3, 13]); // 1: mixed oct + EC set is tollgate's normal case (README caveat)
for (const g of jwk.testGroups) {
  const set = g.public ?? g.private;
  const pubSet = { keys: set.keys.map(({ d: _d, ...k }) => k) };
  for (const t of g.tests.filter((x) => REFUSED.has(x.tcId) || LOADED.has(x.tcId))) {
    test(`wycheproof jwk tcId ${t.tcId} (${t.comment}): key set ${REFUSED.has(t.tcId) ? 'refused' : 'loaded'}`, () => {
      if (REFUSED.has(t.tcId)) {
        const secrets = pubSet.keys.filter((k) => k.k && k.k.length >= 8).map((k) => k.k);
        assertConfigError({ keys: pubSet }, /keys\[\d+\]/, secrets, `tcId ${t.tcId}`);
      } else {
        assert.doesNotThrow(() => new Guard({ keys: pubSet }));
      }
    });
  }
}

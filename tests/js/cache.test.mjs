// The verified-token cache (config `cache`): a hit answers exactly what a full
// verification answers (time rules and scopes run on every hit), a key swap
// drops it, only the whole token matches, and bad config names the field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Guard } from 'tollgate';
import { fx, NOW, ISS, AUD, ES1, HS1, HS2, mint, claims, guardConfig } from './helpers.mjs';

const TIMES = [NOW, NOW + 59, NOW + 3599, NOW + 3600, NOW + 7200, NOW - 120];
const SCOPES = [undefined, ['bookings:read'], ['bookings:write'], ['bookings:read', 'nope']];

test('cache config: off by default, true/false/{maxEntries, ttl}, errors name the field', () => {
  for (const cache of [true, false, { maxEntries: 1 }, { ttl: 1 }, { maxEntries: 100000, ttl: 86400 }]) {
    assert.doesNotThrow(() => new Guard(guardConfig({ cache })), JSON.stringify(cache));
  }
  for (const [cache, field] of [
    [0, 'cache'], ['yes', 'cache'], [[], 'cache'], [{ maxEntries: 0 }, 'cache.maxEntries'],
    [{ maxEntries: 2.5 }, 'cache.maxEntries'], [{ maxEntries: 1e6 }, 'cache.maxEntries'],
    [{ ttl: 0 }, 'cache.ttl'], [{ ttl: 1e9 }, 'cache.ttl'], [{ size: 3 }, 'cache.size'],
  ]) {
    assert.throws(() => new Guard(guardConfig({ cache })), (e) => e instanceof TypeError && e.message.startsWith(`${field}:`), JSON.stringify(cache));
  }
});

test('hits answer like full verifications: every fixture, times and scopes', async () => {
  const plain = new Guard(guardConfig());
  const cached = new Guard(guardConfig({ cache: { maxEntries: 64 } }));
  for (const t of fx.tokens) {
    for (const now of TIMES) {
      for (const scopes of SCOPES) {
        const options = scopes ? { now, scopes } : { now };
        const want = plain.verifySync(t.token, options);
        const label = `${t.label} ${JSON.stringify(options)}`;
        assert.deepEqual(cached.verifySync(t.token, options), want, label);
        assert.deepEqual(cached.verifySync(t.token, options), want, `${label} (again)`);
        assert.deepEqual(await cached.verify(t.token, options), want, `${label} (async)`);
      }
    }
  }
});

test('a cached token still expires, and still waits for nbf', () => {
  const guard = new Guard(guardConfig({ cache: true }));
  const token = mint(claims({ nbf: NOW, exp: NOW + 60 }), { kid: ES1 });
  assert.equal(guard.verifySync(token, { now: NOW }).ok, true);
  assert.equal(guard.verifySync(token, { now: NOW - 1 }).error.code, 'token_not_yet_valid');
  assert.equal(guard.verifySync(token, { now: NOW + 59 }).ok, true);
  assert.equal(guard.verifySync(token, { now: NOW + 60 }).error.code, 'token_expired');
  assert.equal(guard.verifySync(token, { now: NOW + 30 }).ok, true, 'verified afresh');
});

test('maxTokenAge runs on hits', () => {
  const guard = new Guard(guardConfig({ cache: true, maxTokenAge: 120 }));
  const token = mint(claims({ iat: NOW - 60 }));
  assert.equal(guard.verifySync(token, { now: NOW }).ok, true);
  assert.equal(guard.verifySync(token, { now: NOW + 61 }).error.code, 'token_too_old');
});

test('setKeys drops cached tokens: a removed (revoked) key stops working at once', async () => {
  const guard = new Guard(guardConfig({ cache: true }));
  const es = mint(claims(), { kid: ES1 });
  const hs = mint(claims(), { kid: HS1 });
  assert.equal(guard.verifySync(es, { now: NOW }).ok, true);
  assert.equal((await guard.verify(hs, { now: NOW })).ok, true);
  guard.setKeys({ keys: fx.jwks.keys.filter((k) => k.kid !== ES1 && k.kid !== HS1) });
  assert.equal(guard.verifySync(es, { now: NOW }).error.code, 'key_not_found');
  assert.equal((await guard.verify(hs, { now: NOW })).error.code, 'key_not_found');
  guard.setKeys(fx.jwks);
  assert.equal(guard.verifySync(es, { now: NOW }).ok, true);
});

test('only the whole token matches: any change is verified afresh', () => {
  const guard = new Guard(guardConfig({ cache: true }));
  const token = mint(claims());
  assert.equal(guard.verifySync(token, { now: NOW }).ok, true);
  const [h, p, s] = token.split('.');
  const other = s.startsWith('A') ? 'B' : 'A';
  for (const t of [`${h}.${p}.${other}${s.slice(1)}`, `${h}.${p}.${s}x`, `${h}.${p}`, `${h}.${p}.`, ` ${token}`]) {
    assert.equal(guard.verifySync(t, { now: NOW }).ok, false, t.slice(-12));
  }
});

test('results are fresh objects: changing one does not change the next hit', () => {
  const guard = new Guard(guardConfig({ cache: true }));
  const token = mint(claims());
  const first = guard.verifySync(token, { now: NOW });
  first.claims.sub = 'mallory';
  first.scopes.push('admin');
  const second = guard.verifySync(token, { now: NOW });
  assert.equal(second.claims.sub, 'user-4711');
  assert.deepEqual(second.scopes, ['bookings:read']);
});

test('bounded: more tokens than maxEntries still verify correctly', () => {
  const guard = new Guard(guardConfig({ cache: { maxEntries: 4 } }));
  const tokens = Array.from({ length: 12 }, (_, i) => mint(claims({ jti: `t${i}` })));
  for (let round = 0; round < 3; round++) {
    for (const t of tokens) assert.equal(guard.verifySync(t, { now: NOW }).ok, true);
  }
});

// The package answers hits in JS (pkg/src/cache.js), comparing `now` with the window the core computed
// and the required scopes. These runs compare every answer with a fresh guard without a
// cache, around every boundary, and count the calls into the core to prove hits happened.
const countCoreCalls = (guard) => {
  const core = guard._core;
  const counter = { calls: 0 };
  for (const name of ['verify', 'verifyInput', 'verifyBegin', 'verifyFinish']) {
    const original = core[name];
    core[name] = function (...args) {
      counter.calls++;
      return original.apply(this, args);
    };
  }
  return counter;
};

const DATED = [
  ['plain', claims({ exp: NOW + 100 })],
  ['nbf and iat', claims({ exp: NOW + 100, nbf: NOW - 10, iat: NOW - 50 })],
  ['fractional dates', claims({ exp: NOW + 100.5, nbf: NOW - 10.25, iat: NOW - 50.75 })],
  ['no iat', claims({ exp: NOW + 100, iat: undefined })],
  ['scp and scopes', claims({ exp: NOW + 100, scope: undefined, scp: ['bookings:read'], scopes: ['bookings:write'] })],
];
// Numbers written in ways that parse differently in careless parsers.
const RAW_DATES = [
  `{"iss":"${ISS}","aud":"${AUD}","sub":"u","iat":${NOW - 50}.0000000000000000001,"exp":${NOW + 100}.00000000000000000000001,"scope":"bookings:read"}`,
  `{"iss":"${ISS}","aud":"${AUD}","sub":"u","iat":${(NOW - 50) / 1e9}e9,"exp":${NOW + 100}e0,"nbf":1.7e9,"scope":"bookings:read"}`,
];

function boundaryTimes(c, tolerance, maxTokenAge) {
  const times = [NOW];
  const around = (t) => times.push(t - 1, t - 1e-6, t, t + 1e-6, t + 1);
  if (c.exp !== undefined) around(c.exp + tolerance);
  if (c.nbf !== undefined) around(c.nbf - tolerance);
  if (c.iat !== undefined) around(c.iat - tolerance);
  if (c.iat !== undefined && maxTokenAge !== undefined) around(c.iat + tolerance + maxTokenAge);
  return times;
}

test('front cache: hits answer exactly what a fresh uncached guard answers, at every boundary', async () => {
  const policies = [{}, { clockTolerance: 0 }, { clockTolerance: 30 }, { clockTolerance: 300, maxTokenAge: 120 }, { maxTokenAge: 40 }];
  let hits = 0;
  for (const policy of policies) {
    const plain = new Guard(guardConfig(policy));
    const cached = new Guard(guardConfig({ ...policy, cache: { maxEntries: 8 } }));
    const counter = countCoreCalls(cached);
    const tolerance = policy.clockTolerance ?? fx.verifier.clockTolerance;
    const tokens = DATED.flatMap(([label, c]) => [HS1, ES1].map((kid) => [`${label} ${kid}`, c, mint(c, { kid })]));
    for (const [i, json] of RAW_DATES.entries()) tokens.push([`raw ${i}`, JSON.parse(json), mint(undefined, { claimsJson: json })]);
    for (const [label, c, token] of tokens) {
      for (const now of boundaryTimes(c, tolerance, policy.maxTokenAge)) {
        for (const scopes of [undefined, ['bookings:read'], ['bookings:write'], ['bookings:read', 'nope']]) {
          const options = scopes ? { now, scopes } : { now };
          const what = `${label} ${JSON.stringify(policy)} ${JSON.stringify(options)}`;
          const want = plain.verifySync(token, options);
          cached.verifySync(token, { now: NOW - 20 }); // stores it again, if it was dropped
          const before = counter.calls;
          assert.deepEqual(cached.verifySync(token, options), want, what);
          if (want.ok && cached.verifySync(token, { now: NOW - 20 }).ok) {
            hits += counter.calls === before ? 1 : 0;
          }
          assert.deepEqual(await cached.verify(token, options), want, `${what} (async)`);
        }
      }
    }
  }
  assert.ok(hits > 500, `only ${hits} answers came from the front cache`);
});

test('front cache: a token stored before setKeys or setApiKeys is verified again', async () => {
  const guard = new Guard(guardConfig({ cache: true }));
  const counter = countCoreCalls(guard);
  const hs = mint(claims(), { kid: HS1 });
  const es = mint(claims(), { kid: ES1 });
  assert.equal(guard.verifySync(hs, { now: NOW }).ok, true);
  assert.equal((await guard.verify(es, { now: NOW })).ok, true);
  const calls = counter.calls;
  assert.equal(guard.verifySync(hs, { now: NOW }).ok, true);
  assert.equal((await guard.verify(es, { now: NOW })).ok, true);
  assert.equal(counter.calls, calls, 'both were hits');
  // Same kids, other secrets/points: the old tokens' signatures no longer verify.
  const swapped = fx.jwks.keys.map((k) => (k.kid === HS1 ? { ...k, kid: HS1, k: fx.jwks.keys.find((o) => o.kid === HS2).k } : k));
  guard.setKeys({ keys: swapped.filter((k) => k.kid !== ES1) });
  assert.equal(guard.verifySync(hs, { now: NOW }).error.code, 'signature_invalid');
  assert.equal((await guard.verify(es, { now: NOW })).error.code, 'key_not_found');
  guard.setKeys(fx.jwks);
  assert.equal(guard.verifySync(hs, { now: NOW }).ok, true);
  const before = counter.calls;
  guard.setApiKeys([]);
  assert.equal(guard.verifySync(hs, { now: NOW }).ok, true);
  assert.equal(counter.calls, before + 1, 'setApiKeys dropped the cache');
});

test('front cache: a verify that outlives a setKeys does not store its answer', async () => {
  const guard = new Guard(guardConfig({ cache: true }));
  const es = mint(claims(), { kid: ES1 });
  const pending = guard.verify(es, { now: NOW });
  guard.setKeys({ keys: fx.jwks.keys.filter((k) => k.kid !== ES1) });
  await pending;
  assert.equal(guard.verifySync(es, { now: NOW }).error.code, 'key_not_found');
  assert.equal((await guard.verify(es, { now: NOW })).error.code, 'key_not_found');
});

test('front cache: hits are fresh copies and off means off', () => {
  const guard = new Guard(guardConfig({ cache: true }));
  const token = mint(claims({ aud: [AUD, 'x'], nested: { a: [1, { b: 2 }] } }));
  const first = guard.verifySync(token, { now: NOW });
  const second = guard.verifySync(token, { now: NOW });
  second.claims.nested.a[1].b = 3;
  second.claims.aud.pop();
  second.header.kid = 'x';
  assert.deepEqual(guard.verifySync(token, { now: NOW }), first);
  for (const cache of [false, undefined]) {
    const off = new Guard(guardConfig({ cache }));
    const counter = countCoreCalls(off);
    off.verifySync(token, { now: NOW });
    off.verifySync(token, { now: NOW });
    assert.equal(counter.calls, 2, `cache: ${cache} verifies every time`);
  }
});

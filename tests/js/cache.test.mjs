// The verified-token cache (config `cache`): a hit answers exactly what a full
// verification answers (time rules and scopes run on every hit), a key swap
// drops it, only the whole token matches, and bad config names the field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Guard } from 'tollgate';
import { fx, NOW, ES1, HS1, mint, claims, guardConfig } from './helpers.mjs';

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
        const want = plain.verify(t.token, options);
        const label = `${t.label} ${JSON.stringify(options)}`;
        assert.deepEqual(cached.verify(t.token, options), want, label);
        assert.deepEqual(cached.verify(t.token, options), want, `${label} (again)`);
        assert.deepEqual(await cached.verifyAsync(t.token, options), want, `${label} (async)`);
      }
    }
  }
});

test('a cached token still expires, and still waits for nbf', () => {
  const guard = new Guard(guardConfig({ cache: true }));
  const token = mint(claims({ nbf: NOW, exp: NOW + 60 }), { kid: ES1 });
  assert.equal(guard.verify(token, { now: NOW }).ok, true);
  assert.equal(guard.verify(token, { now: NOW - 1 }).error.code, 'token_not_yet_valid');
  assert.equal(guard.verify(token, { now: NOW + 59 }).ok, true);
  assert.equal(guard.verify(token, { now: NOW + 60 }).error.code, 'token_expired');
  assert.equal(guard.verify(token, { now: NOW + 30 }).ok, true, 'verified afresh');
});

test('maxTokenAge runs on hits', () => {
  const guard = new Guard(guardConfig({ cache: true, maxTokenAge: 120 }));
  const token = mint(claims({ iat: NOW - 60 }));
  assert.equal(guard.verify(token, { now: NOW }).ok, true);
  assert.equal(guard.verify(token, { now: NOW + 61 }).error.code, 'token_too_old');
});

test('setKeys drops cached tokens: a removed (revoked) key stops working at once', async () => {
  const guard = new Guard(guardConfig({ cache: true }));
  const es = mint(claims(), { kid: ES1 });
  const hs = mint(claims(), { kid: HS1 });
  assert.equal(guard.verify(es, { now: NOW }).ok, true);
  assert.equal((await guard.verifyAsync(hs, { now: NOW })).ok, true);
  guard.setKeys({ keys: fx.jwks.keys.filter((k) => k.kid !== ES1 && k.kid !== HS1) });
  assert.equal(guard.verify(es, { now: NOW }).error.code, 'key_not_found');
  assert.equal((await guard.verifyAsync(hs, { now: NOW })).error.code, 'key_not_found');
  guard.setKeys(fx.jwks);
  assert.equal(guard.verify(es, { now: NOW }).ok, true);
});

test('only the whole token matches: any change is verified afresh', () => {
  const guard = new Guard(guardConfig({ cache: true }));
  const token = mint(claims());
  assert.equal(guard.verify(token, { now: NOW }).ok, true);
  const [h, p, s] = token.split('.');
  const other = s.startsWith('A') ? 'B' : 'A';
  for (const t of [`${h}.${p}.${other}${s.slice(1)}`, `${h}.${p}.${s}x`, `${h}.${p}`, `${h}.${p}.`, ` ${token}`]) {
    assert.equal(guard.verify(t, { now: NOW }).ok, false, t.slice(-12));
  }
});

test('results are fresh objects: changing one does not change the next hit', () => {
  const guard = new Guard(guardConfig({ cache: true }));
  const token = mint(claims());
  const first = guard.verify(token, { now: NOW });
  first.claims.sub = 'mallory';
  first.scopes.push('admin');
  const second = guard.verify(token, { now: NOW });
  assert.equal(second.claims.sub, 'user-4711');
  assert.deepEqual(second.scopes, ['bookings:read']);
});

test('bounded: more tokens than maxEntries still verify correctly', () => {
  const guard = new Guard(guardConfig({ cache: { maxEntries: 4 } }));
  const tokens = Array.from({ length: 12 }, (_, i) => mint(claims({ jti: `t${i}` })));
  for (let round = 0; round < 3; round++) {
    for (const t of tokens) assert.equal(guard.verify(t, { now: NOW }).ok, true);
  }
});

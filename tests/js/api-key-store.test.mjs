// apiKeyStore: API keys kept outside the config, read by digest through the core's bounded
// cache (found: ttl, missing: negativeTtl). The store here is a Map behind an async get that
// counts reads; tests/miniflare runs the same against Workers KV.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Guard, kvApiKeyStore } from 'tollgate';
import { fx, NOW, ISS, AUD } from './helpers.mjs';

const sha256 = (text) => createHash('sha256').update(text).digest('hex');
const KEY = 'live_store_key_41c7';
const CFG_KEY = 'live_config_key_9a0e';

/** A store over a Map: `reads` counts get calls; `fail` makes get reject; `delay` ms per read. */
function memoryStore(entries = {}) {
  const map = new Map(Object.entries(entries));
  const store = {
    map, reads: 0, fail: false, delay: 0, errors: [],
    async get(digest) {
      store.reads++;
      if (store.delay) await new Promise((r) => setTimeout(r, store.delay));
      if (store.fail) throw new Error('store unavailable');
      return map.get(digest) ?? null;
    },
  };
  return store;
}

const entry = (key, extra = {}) => ({ id: `id-${key.slice(-4)}`, sha256: sha256(key), scopes: ['bookings:read'], ...extra });

function guardWith(store, limits = {}) {
  return new Guard({
    keys: fx.jwks, issuer: ISS, audience: AUD,
    apiKeys: [entry(CFG_KEY)],
    apiKeyStore: { get: (d) => store.get(d), onError: (e) => store.errors.push(e), ...limits },
    routes: [{ method: 'GET', path: '/bookings', scopes: ['bookings:read'] }, { path: '/health', public: true }],
  });
}

const req = (key, path = '/bookings') => new Request(`https://api.example${path}`, { headers: { authorization: `Bearer ${key}` } });
const decide = (guard, key, now = NOW, path) => guard.authorize(req(key, path), { now });

test('a key kept in the store is read once, then answered from the cache until ttl', async () => {
  const store = memoryStore({ [sha256(KEY)]: JSON.stringify(entry(KEY, { claims: { companyId: 'c-1' } })) });
  const guard = guardWith(store, { ttl: 30 });
  const d = await decide(guard, KEY);
  assert.equal(d.ok, true, JSON.stringify(d));
  assert.equal(d.keyId, 'id-41c7');
  assert.deepEqual(d.claims, { sub: 'id-41c7', companyId: 'c-1' });
  for (let i = 0; i < 5; i++) assert.equal((await decide(guard, KEY, NOW + 29)).ok, true);
  assert.equal(store.reads, 1, 'one read for six requests within ttl');
  assert.equal((await decide(guard, KEY, NOW + 30)).ok, true);
  assert.equal(store.reads, 2, 'read again once ttl has passed');
  assert.equal((await decide(guard, CFG_KEY)).ok, true, 'config keys need no read');
  assert.equal((await decide(guard, 'live_no_such_key', NOW, '/nowhere')).code, 'not_found');
  assert.equal(store.reads, 2, 'neither config keys nor unmatched paths read the store');
});

test('revocation and deletion in the store reach the guard within ttl; new keys within negativeTtl', async () => {
  const store = memoryStore({ [sha256(KEY)]: entry(KEY) });
  const guard = guardWith(store, { ttl: 60, negativeTtl: 10 });
  assert.equal((await decide(guard, KEY)).ok, true);
  store.map.set(sha256(KEY), entry(KEY, { status: 'revoked' }));
  assert.equal((await decide(guard, KEY, NOW + 59)).ok, true, 'the cached entry is used until ttl');
  assert.equal((await decide(guard, KEY, NOW + 60)).code, 'api_key_revoked', 'refused once ttl has passed');
  store.map.delete(sha256(KEY));
  assert.equal((await decide(guard, KEY, NOW + 120)).code, 'api_key_invalid', 'deleted');
  const NEW = 'live_store_new_77aa';
  assert.equal((await decide(guard, NEW, NOW + 200)).code, 'api_key_invalid');
  store.map.set(sha256(NEW), entry(NEW));
  const reads = store.reads;
  assert.equal((await decide(guard, NEW, NOW + 209)).code, 'api_key_invalid', 'remembered as unknown for negativeTtl');
  assert.equal(store.reads, reads, 'without a read');
  assert.equal((await decide(guard, NEW, NOW + 210)).ok, true, 'accepted once negativeTtl has passed');
});

test('concurrent requests for one key share one read (single flight)', async () => {
  const store = memoryStore({ [sha256(KEY)]: entry(KEY) });
  store.delay = 20;
  const guard = guardWith(store);
  const all = await Promise.all(Array.from({ length: 50 }, () => decide(guard, KEY)));
  assert.ok(all.every((d) => d.ok), 'every request allowed');
  assert.equal(store.reads, 1);
});

test('a full cache under concurrency still decides each request with its own read', async () => {
  const keys = Array.from({ length: 40 }, (_, i) => `live_many_${i}_key`);
  const store = memoryStore(Object.fromEntries(keys.map((k) => [sha256(k), entry(k)])));
  store.delay = 5;
  const guard = guardWith(store, { maxEntries: 1 });
  const all = await Promise.all(keys.map((k) => decide(guard, k)));
  assert.deepEqual(all.map((d) => d.ok), keys.map(() => true), 'maxEntries 1 with 40 keys in flight');
});

test('an entry filed under another digest, or invalid, refuses the key and is reported', async () => {
  const VICTIM = 'live_store_victim_01';
  const store = memoryStore({
    [sha256(VICTIM)]: entry('live_someone_else_key'),
    [sha256('live_bad_entry_x')]: '{"id":"x","sha256":"nope"}',
  });
  const guard = guardWith(store);
  assert.equal((await decide(guard, VICTIM)).code, 'api_key_invalid');
  assert.equal((await decide(guard, 'live_bad_entry_x')).code, 'api_key_invalid');
  assert.deepEqual(store.errors.map((e) => e.message), [
    'apiKeyStore.sha256: is not the digest the entry is stored under',
    'apiKeyStore.sha256: must be a SHA-256 digest: 64 hex digits or 43 base64url characters',
  ]);
  for (const e of store.errors) assert.ok(e instanceof TypeError);
});

test('a failing store refuses unknown keys, keeps cached ones, reports, and is asked again', async () => {
  const store = memoryStore({ [sha256(KEY)]: entry(KEY), [sha256('live_other_key_1')]: entry('live_other_key_1') });
  const guard = guardWith(store);
  assert.equal((await decide(guard, KEY)).ok, true);
  store.fail = true;
  assert.equal((await decide(guard, KEY, NOW + 1)).ok, true, 'cached');
  assert.equal((await decide(guard, 'live_other_key_1')).code, 'api_key_invalid', 'fails closed');
  assert.match(store.errors[0].message, /^apiKeyStore.get failed: store unavailable$/);
  store.fail = false;
  assert.equal((await decide(guard, 'live_other_key_1')).ok, true, 'a failure is not remembered as missing');
});

test('checkApiKey reads the store too (a Promise when a store is configured)', async () => {
  const store = memoryStore({ [sha256(KEY)]: entry(KEY, { secretSha256: sha256('s3cret') }) });
  const guard = guardWith(store);
  const pending = guard.checkApiKey(KEY, { secret: 's3cret', now: NOW });
  assert.ok(pending instanceof Promise);
  assert.equal((await pending).keyId, 'id-41c7');
  assert.equal((await guard.checkApiKey(KEY, { secret: 'nope', now: NOW })).error.code, 'api_key_invalid');
  assert.equal(store.reads, 1);
  assert.equal((await guard.checkApiKey(42, { now: NOW })).ok, false);
  await assert.rejects(guard.checkApiKey(KEY, { secret: 5 }), TypeError);
});

test('setApiKeys forgets what was read from the store', async () => {
  const store = memoryStore({ [sha256(KEY)]: entry(KEY) });
  const guard = guardWith(store);
  await decide(guard, KEY);
  guard.setApiKeys([]);
  await decide(guard, KEY);
  assert.equal(store.reads, 2);
});

test('bad apiKeyStore config throws a TypeError naming the field', () => {
  const base = { keys: fx.jwks };
  for (const [store, re] of [
    [null, /^TypeError: apiKeyStore: /],
    [{}, /^TypeError: apiKeyStore\.get: /],
    [{ get: () => null, onError: 1 }, /^TypeError: apiKeyStore\.onError: /],
    [{ get: () => null, ttl: 0 }, /^TypeError: apiKeyStore\.ttl: /],
    [{ get: () => null, negativeTtl: 4000 }, /^TypeError: apiKeyStore\.negativeTtl: /],
    [{ get: () => null, maxEntries: 0 }, /^TypeError: apiKeyStore\.maxEntries: /],
    [{ get: () => null, other: 1 }, /^TypeError: apiKeyStore\.other: unknown config field/],
  ]) {
    assert.throws(() => new Guard({ ...base, apiKeyStore: store }), re, JSON.stringify(store));
  }
  assert.throws(() => kvApiKeyStore({}), /^TypeError: kvApiKeyStore: namespace/);
});

test('kvApiKeyStore reads `prefix + digest` as text', async () => {
  const asked = [];
  const kv = { get: async (key, type) => { asked.push([key, type]); return JSON.stringify(entry(KEY)); } };
  const guard = new Guard({ keys: fx.jwks, apiKeyStore: kvApiKeyStore(kv, { prefix: 'k:' }) });
  assert.equal((await guard.authorize(req(KEY), { now: NOW })).ok, true);
  assert.deepEqual(asked, [[`k:${sha256(KEY)}`, 'text']]);
});

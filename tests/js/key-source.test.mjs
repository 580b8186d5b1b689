// keySource: the key set kept current from an async loader. Loads are counted at the loader
// (and at a real local HTTP server for remoteKeySet); time is passed in as `now`, so every
// interval, cooldown and staleness bound is checked exactly. tests/miniflare runs a fleet of
// workers against Workers KV and a JWKS server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { Guard, kvKeySet, remoteKeySet } from 'tollgate';
import { fx, NOW, HS1, HS2, ES1, ES2, claims, mint, guardConfig } from './helpers.mjs';

const [hs1, hs2, es1, es2] = fx.jwks.keys;
const tok = Object.fromEntries([HS1, HS2, ES1, ES2].map((kid) => [kid, mint(claims(), { kid })]));

/** A loader over a changeable set: `loads` counts calls, `fail`/`bad` break the next ones. */
function loader(initial) {
  const l = { set: initial, loads: 0, fail: false, bad: false, maxAge: undefined, errors: [], loaded: [],
    load: async () => {
      l.loads++;
      if (l.fail) throw new Error('source down');
      if (l.bad) return { jwks: { keys: [{ ...hs1, k: 'c2hvcnQ' }] } };
      return { jwks: l.set, maxAge: l.maxAge };
    } };
  return l;
}

function guardWith(l, limits = {}, config = {}) {
  const { keys: _keys, ...policy } = guardConfig();
  return new Guard({ ...policy, ...config,
    keySource: { load: l.load, onError: (e) => l.errors.push(e), onLoad: (r) => l.loaded.push(r), ...limits } });
}

const verify = (g, t, now = NOW) => g.verify(t, { now });

test('no set until the first load; then the set loads once and is used until the interval', async () => {
  const l = loader({ keys: [hs1, es1] });
  const g = guardWith(l, { refreshInterval: 60, cooldown: 10 });
  assert.equal(g.verifySync(tok[HS1], { now: NOW }).error.code, 'keys_unavailable', 'verifySync never loads');
  assert.equal((await verify(g, tok[HS1])).ok, true);
  assert.equal((await verify(g, tok[ES1], NOW + 59)).ok, true);
  assert.equal(l.loads, 1);
  assert.equal((await verify(g, tok[HS1], NOW + 60)).ok, true);
  assert.equal(l.loads, 2, 'refreshed after the interval');
  assert.equal(g.keyLoads, 2);
});

test('a rotation reaches the guard at the next refresh; the dropped key is refused after it', async () => {
  const l = loader({ keys: [hs1] });
  const g = guardWith(l, { refreshInterval: 60, cooldown: 60 });
  assert.equal((await verify(g, tok[HS1])).ok, true);
  l.set = { keys: [hs1, hs2] };
  assert.equal((await verify(g, tok[HS2], NOW + 1)).error.code, 'key_not_found', 'within the cooldown: no early load');
  assert.equal((await verify(g, tok[HS2], NOW + 60)).ok, true, 'the new kid after one interval');
  l.set = { keys: [hs2] };
  assert.equal((await verify(g, tok[HS1], NOW + 119)).ok, true, 'the old kid until the next refresh');
  assert.equal((await verify(g, tok[HS1], NOW + 120)).error.code, 'key_not_found', 'refused once it is dropped');
});

test('an unknown kid loads early, at most once per cooldown however many tokens ask', async () => {
  const l = loader({ keys: [hs1] });
  const g = guardWith(l, { refreshInterval: 3600, cooldown: 30 });
  await verify(g, tok[HS1]);
  l.set = { keys: [hs1, es2] };
  const storm = await Promise.all(Array.from({ length: 200 }, (_, i) => verify(g, mint(claims(), { kid: ES2, header: { kid: `nope-${i}` } }), NOW + 30)));
  assert.ok(storm.every((r) => r.error.code === 'key_not_found'));
  assert.equal(l.loads, 2, 'one early load for the whole storm');
  assert.equal((await verify(g, tok[ES2], NOW + 31)).ok, true, 'the early load brought the new key');
  for (let t = NOW + 31; t < NOW + 60; t++) await verify(g, mint(claims(), { header: { kid: 'still-unknown' } }), t);
  assert.equal(l.loads, 2, 'no load within the cooldown');
  await verify(g, mint(claims(), { header: { kid: 'still-unknown' } }), NOW + 60);
  assert.equal(l.loads, 3);
});

test('a failed or invalid load keeps the old set and is reported; then maxStaleness fails closed', async () => {
  const l = loader({ keys: [hs1] });
  const g = guardWith(l, { refreshInterval: 60, cooldown: 10, maxStaleness: 300 });
  assert.equal((await verify(g, tok[HS1])).ok, true);
  l.fail = true;
  assert.equal((await verify(g, tok[HS1], NOW + 60)).ok, true, 'source down: old keys');
  assert.match(l.errors[0].message, /source down/);
  l.fail = false;
  l.bad = true;
  assert.equal((await verify(g, tok[HS1], NOW + 70)).ok, true, 'invalid set: old keys');
  assert.match(l.errors[1].message, /^keySource: the loaded set was refused, the old one stays: keys\[0\]\.k: HS256 key must be at least 32 bytes$/);
  assert.equal((await verify(g, tok[HS1], NOW + 75)).ok, true);
  assert.equal(l.loads, 3, 'failures are retried once per cooldown, not per request');
  const stale = await verify(g, tok[HS1], NOW + 300);
  assert.deepEqual(stale.error, { code: 'keys_unavailable', status: 503,
    message: 'no current key set: the key set is older than keySource.maxStaleness and could not be refreshed' });
  l.bad = false;
  assert.equal((await verify(g, tok[HS1], NOW + 310)).ok, true, 'a good load makes it current again');
});

test('maxStaleness also bounds the token cache', async () => {
  const l = loader({ keys: [hs1] });
  const g = guardWith(l, { refreshInterval: 60, cooldown: 60, maxStaleness: 120 }, { cache: true });
  assert.equal((await verify(g, tok[HS1])).ok, true);
  l.fail = true;
  assert.equal((await verify(g, tok[HS1], NOW + 119)).ok, true);
  assert.equal((await verify(g, tok[HS1], NOW + 120)).error.code, 'keys_unavailable', 'no cached answer past staleness');
});

test('authorize uses the key source too; keys_unavailable is a 503 without a challenge', async () => {
  const l = loader({ keys: [hs1] });
  const g = guardWith(l, { refreshInterval: 60, cooldown: 60, maxStaleness: 60 }, { routes: [{ path: '/bookings' }] });
  const req = (t) => new Request('https://api.example/bookings', { headers: { authorization: `Bearer ${t}` } });
  assert.equal((await g.authorize(req(tok[HS1]), { now: NOW })).ok, true);
  l.fail = true;
  const d = await g.authorize(req(tok[HS1]), { now: NOW + 60 });
  assert.equal(d.code, 'keys_unavailable');
  const res = d.response();
  assert.equal(res.status, 503);
  assert.equal(res.headers.get('www-authenticate'), null);
});

test('a set in config is used until the first load succeeds', async () => {
  const l = loader({ keys: [hs2] });
  l.fail = true;
  const g = new Guard({ ...guardConfig({ keys: { keys: [hs1] } }), keySource: { load: l.load, refreshInterval: 60, cooldown: 10, maxStaleness: 60 } });
  assert.equal((await verify(g, tok[HS1], NOW + 1000)).ok, true, 'source down: the config set stays, without staleness');
  l.fail = false;
  assert.equal((await verify(g, tok[HS2], NOW + 1010)).ok, true);
  assert.equal((await verify(g, tok[HS1], NOW + 1011)).error.code, 'key_not_found');
});

test('bad keySource config throws a TypeError naming the field', () => {
  const { keys: _k, ...policy } = guardConfig();
  for (const [source, re] of [
    [null, /^TypeError: keySource: /],
    [{}, /^TypeError: keySource\.load: /],
    [{ load: () => null, onError: 1 }, /^TypeError: keySource\.onError: /],
    [{ load: () => null, refreshInterval: 0 }, /^TypeError: keySource\.refreshInterval: /],
    [{ load: () => null, refreshInterval: 10, cooldown: 20 }, /^TypeError: keySource\.cooldown: /],
    [{ load: () => null, refreshInterval: 10, maxStaleness: 5 }, /^TypeError: keySource\.maxStaleness: /],
  ]) {
    assert.throws(() => new Guard({ ...policy, keySource: source }), re);
  }
  assert.throws(() => new Guard(policy), /^TypeError: keys: keys is required \(a JWK Set\), unless keySource loads it$/);
  assert.throws(() => remoteKeySet('not a url'), /^TypeError: remoteKeySet: url/);
  assert.throws(() => kvKeySet({}), /^TypeError: kvKeySet: namespace/);
});

/** A JWKS server: serves `set` with an ETag and Cache-Control; counts requests and 304s. */
async function jwksServer() {
  const s = { set: { keys: [es1] }, etag: '"v1"', maxAge: 600, delay: 0, status: 200, requests: 0, notModified: 0, ifNoneMatch: [] };
  const server = createServer((req, res) => {
    s.requests++;
    s.ifNoneMatch.push(req.headers['if-none-match'] ?? null);
    setTimeout(() => {
      if (s.status !== 200) return res.writeHead(s.status).end();
      if (req.headers['if-none-match'] === s.etag) {
        s.notModified++;
        return res.writeHead(304, { etag: s.etag, 'cache-control': `max-age=${s.maxAge}` }).end();
      }
      res.writeHead(200, { 'content-type': 'application/jwk-set+json', etag: s.etag, 'cache-control': `public, max-age=${s.maxAge}` });
      res.end(JSON.stringify(s.set));
    }, s.delay);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  s.url = `http://127.0.0.1:${server.address().port}/.well-known/jwks.json`;
  s.close = () => new Promise((r) => { server.closeAllConnections(); server.close(r); });
  return s;
}

test('remoteKeySet: ETag → If-None-Match (304 keeps the set), max-age shortens the interval, timeout keeps old keys', async (t) => {
  const s = await jwksServer();
  t.after(s.close);
  const errors = [];
  const { keys: _k, ...policy } = guardConfig();
  const g = new Guard({ ...policy, keySource: remoteKeySet(s.url, { timeout: 300, refreshInterval: 3600, cooldown: 30, onError: (e) => errors.push(e) }) });
  assert.equal((await verify(g, tok[ES1])).ok, true);
  assert.deepEqual(s.ifNoneMatch, [null]);
  s.maxAge = 120;
  assert.equal((await verify(g, tok[ES1], NOW + 599)).ok, true, 'max-age 600: fresh');
  assert.equal(s.requests, 1);
  await verify(g, tok[ES1], NOW + 600);
  assert.deepEqual([s.requests, s.notModified, s.ifNoneMatch[1]], [2, 1, '"v1"'], 'conditional request, 304');
  s.set = { keys: [es1, es2] };
  s.etag = '"v2"';
  assert.equal((await verify(g, tok[ES2], NOW + 700)).ok, true, 'max-age 120 from the 304 made the next refresh due');
  assert.equal(s.requests, 3);
  s.delay = 1000;
  s.set = { keys: [es2] };
  s.etag = '"v3"';
  const t0 = Date.now();
  assert.equal((await verify(g, tok[ES1], NOW + 900)).ok, true, 'slow server: timeout, old keys used');
  assert.ok(Date.now() - t0 < 900, 'waited about the timeout, not the server');
  assert.match(errors.at(-1).message, /^keySource: GET http:\/\/127\.0\.0\.1:\d+\/\.well-known\/jwks\.json failed: timed out after 300 ms$/);
  s.delay = 0;
  s.status = 503;
  assert.equal((await verify(g, tok[ES1], NOW + 1000)).ok, true, 'server error: old keys');
  assert.match(errors.at(-1).message, /answered 503$/);
  s.status = 200;
  s.set = { keys: [es1, ...Array.from({ length: 60 }, (_, i) => ({ kty: 'RSA', kid: `r${i}`, n: 'x'.repeat(400), e: 'AQAB' }))] };
  s.etag = '"v4"';
  const small = new Guard({ ...policy, keySource: remoteKeySet(s.url, { maxBytes: 4096, onError: (e) => errors.push(e) }) });
  assert.equal((await verify(small, tok[ES1], NOW)).error.code, 'keys_unavailable', 'an answer over maxBytes is refused');
  assert.match(errors.at(-1).message, /answered more than 4096 bytes$/);
});

test('kvKeySet: a write with a new version is loaded; the same version is not compiled again', async () => {
  const store = new Map();
  const kv = { async getWithMetadata(key) { kv.reads++; return store.get(key) ?? { value: null, metadata: null }; }, reads: 0 };
  const { keys: _k, ...policy } = guardConfig();
  const loaded = [];
  const g = new Guard({ ...policy, keySource: kvKeySet(kv, { refreshInterval: 30, cooldown: 5, onLoad: (r) => loaded.push(r.changed) }) });
  store.set('jwks', { value: JSON.stringify({ keys: [hs1] }), metadata: { version: 1 } });
  assert.equal((await verify(g, tok[HS1])).ok, true);
  assert.equal((await verify(g, tok[HS1], NOW + 30)).ok, true);
  store.set('jwks', { value: JSON.stringify({ keys: [hs2] }), metadata: { version: 2 } });
  assert.equal((await verify(g, tok[HS2], NOW + 60)).ok, true);
  assert.deepEqual(loaded, [true, false, true]);
  assert.equal(kv.reads, 3);
});

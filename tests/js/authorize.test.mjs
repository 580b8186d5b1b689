// guard.authorize on the built package: request forms, the Decision object, response(),
// forwardRequest(), and the WebCrypto ES256 path agreeing with the pure-wasm one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Guard } from 'tollgate';
import { ES1, ES2, HS1, NOW, assertNoLeak, claims, fx, guardConfig, mint } from './helpers.mjs';

const ROUTES = [
  { method: 'GET', path: '/health', public: true },
  { method: 'GET', path: '/bookings/:id', scopes: ['bookings:read'] },
  { method: 'POST', path: '/bookings', scopes: ['bookings:write'] },
  { method: 'DELETE', path: '/bookings/:id', anyScopes: ['bookings:admin', 'bookings:cancel'] },
  { path: '/files/*' },
];
const config = guardConfig({ routes: ROUTES, realm: 'bookings', forwardClaims: { companyId: 'X-Company-Id' } });
const guard = new Guard(config);
const bearer = (t) => ({ authorization: `Bearer ${t}` });
const read = mint(claims({ companyId: 'c-9' }));

test('a Request and { method, url, headers } give the same decision', async () => {
  const a = await guard.authorize(new Request('https://edge.example/bookings/42?x=1', { headers: bearer(read) }), { now: NOW });
  const b = await guard.authorize({ method: 'GET', url: '/bookings/42?x=1', headers: { AuthoriZation: `Bearer ${read}` } }, { now: NOW });
  assert.equal(a.ok, true);
  assert.deepEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));
  assert.deepEqual(a.params, { id: '42' });
  assert.equal(a.route.path, '/bookings/:id');
  assert.equal(a.claims.sub, 'user-4711');
  assert.deepEqual(a.forwardHeaders, {
    'X-Auth-Key-Id': HS1,
    'X-Auth-Scopes': 'bookings:read',
    'X-Auth-Subject': 'user-4711',
    'X-Company-Id': 'c-9',
  });
  const star = await guard.authorize({ url: 'http://h/files/a/b.txt', headers: bearer(read) }, { now: NOW });
  assert.deepEqual(star.params, { '*': 'a/b.txt' });
});

test('two Authorization headers are two credentials: 400', async () => {
  const h = new Headers();
  h.append('authorization', `Bearer ${read}`);
  h.append('authorization', `Bearer ${read}`);
  const d = await guard.authorize(new Request('https://e/bookings/1', { headers: h }), { now: NOW });
  assert.equal(d.status, 400);
  assert.equal(d.code, 'invalid_request');
  const plain = await guard.authorize({ url: '/bookings/1', headers: { authorization: ['Bearer a', 'Bearer b'] } }, { now: NOW });
  assert.equal(plain.code, 'invalid_request');
});

test('refusals: status, code and a ready RFC 6750 response', async () => {
  const cases = [
    [{ url: '/bookings/1' }, 401, 'token_missing', 'Bearer realm="bookings"'],
    [{ url: '/bookings/1', headers: bearer(mint(claims({ exp: NOW - 10 }))) }, 401, 'token_expired', /^Bearer realm="bookings", error="invalid_token", error_description="token has expired"$/],
    [{ url: '/bookings/1', headers: { authorization: 'Basic dTpw' } }, 400, 'invalid_request', /error="invalid_request"/],
    [{ method: 'POST', url: '/bookings', headers: bearer(read) }, 403, 'insufficient_scope', /error="insufficient_scope".*, scope="bookings:write"$/],
    [{ method: 'DELETE', url: '/bookings/1', headers: bearer(read) }, 403, 'insufficient_scope', /scope="bookings:admin bookings:cancel"$/],
    [{ url: '/nowhere', headers: bearer(read) }, 404, 'not_found', null],
    [{ url: '/health/../bookings/1' }, 400, 'invalid_request', /error="invalid_request"/],
  ];
  for (const [request, status, code, challenge] of cases) {
    const d = await guard.authorize(request, { now: NOW });
    const label = `${request.method ?? 'GET'} ${request.url}`;
    assert.equal(d.ok, false, label);
    assert.equal(d.status, status, label);
    assert.equal(d.code, code, label);
    assert.deepEqual(d.error, { code, status, message: d.message }, label);
    assert.deepEqual(d.forwardHeaders, {}, label);
    const r = d.response();
    assert.equal(r.status, status, label);
    assert.equal(r.headers.get('cache-control'), 'no-store', label);
    if (challenge === null) assert.equal(r.headers.get('www-authenticate'), null, label);
    else if (typeof challenge === 'string') assert.equal(r.headers.get('www-authenticate'), challenge, label);
    else assert.match(r.headers.get('www-authenticate'), challenge, label);
    const body = await r.text();
    assert.deepEqual(JSON.parse(body), { error: code, message: d.message }, label);
    assertNoLeak(body + r.headers.get('www-authenticate'), request.headers?.authorization?.slice(7) ?? '', label);
  }
});

test('HEAD gets the refusal without a body; an allowed decision has no refusal response', async () => {
  const head = await guard.authorize({ method: 'HEAD', url: '/bookings/1' }, { now: NOW });
  assert.equal(head.status, 401);
  assert.equal(await head.response().text(), '');
  const ok = await guard.authorize({ method: 'HEAD', url: '/bookings/1', headers: bearer(read) }, { now: NOW });
  assert.equal(ok.ok, true, 'HEAD matches GET routes');
  assert.throws(() => ok.response(), TypeError);
  assert.throws(() => head.forwardRequest(new Request('https://e/bookings/1'), 'http://upstream'), TypeError);
});

test('forwardRequest strips client identity headers and adds the decision\'s', async () => {
  const incoming = new Request('https://edge.example/bookings?ref=a%20b', {
    method: 'POST',
    headers: {
      ...bearer(mint(claims({ scope: 'bookings:write', companyId: 77 }))),
      'x-auth-subject': 'admin', 'X-AUTH-ROLE': 'root', 'x-company-id': 'c-evil', 'x-trace': 't1', 'content-type': 'application/json',
    },
    body: '{"room":"1"}',
  });
  const d = await guard.authorize(incoming.clone(), { now: NOW });
  assert.equal(d.ok, true);
  const up = d.forwardRequest(incoming, 'http://127.0.0.1:9/api/', { dropAuthorization: true });
  assert.equal(up.url, 'http://127.0.0.1:9/api/bookings?ref=a%20b');
  assert.equal(up.method, 'POST');
  assert.equal(await up.text(), '{"room":"1"}');
  assert.equal(up.headers.get('x-auth-subject'), 'user-4711');
  assert.equal(up.headers.get('x-auth-role'), null);
  assert.equal(up.headers.get('x-company-id'), '77');
  assert.equal(up.headers.get('x-trace'), 't1');
  assert.equal(up.headers.get('authorization'), null);
  const pub = await guard.authorize({ url: '/health' }, { now: NOW });
  const h = pub.upstreamHeaders({ 'X-Auth-Subject': 'admin', 'X-Company-Id': 'c', accept: 'x/y' });
  assert.deepEqual([...h], [['accept', 'x/y']], 'public routes strip spoofed identity too');
});

test('bad arguments reject with TypeError; bad tokens never do', async () => {
  for (const bad of [null, 'GET /', {}, { url: '/x', method: '' }, { url: '/x', headers: 5 }]) {
    await assert.rejects(guard.authorize(bad, { now: NOW }), TypeError, JSON.stringify(bad));
  }
  // A URL is request data, read by the core: one it cannot read is a 400, not a TypeError.
  for (const url of ['bookings', 'ftp://h/x', '/a b', 'http://h\\x']) {
    const d = await guard.authorize({ url }, { now: NOW });
    assert.equal(d.code, 'invalid_request', url);
    assert.equal(d.target, undefined, url);
  }
  await assert.rejects(guard.authorize({ url: '/x' }, { now: 'soon' }), TypeError);
  const d = await guard.authorize({ url: '/bookings/1', headers: { authorization: 'Bearer \u00ff' } }, { now: NOW });
  assert.equal(d.code, 'invalid_request');
});

test('bad routes config throws a TypeError naming the field', () => {
  assert.throws(() => new Guard(guardConfig({ routes: [{ path: '/a' }, { path: 'b' }] })), /routes\[1\]\.path/);
  assert.throws(() => new Guard(guardConfig({ realm: 'a"b' })), /realm/);
  assert.throws(() => new Guard(guardConfig({ forwardClaims: { sub: 'Host' } })), /forwardClaims\.sub/);
});

test('after setKeys, authorize (WebCrypto path included) uses only the new keys', async () => {
  const g = new Guard(config);
  const es1 = mint(claims(), { kid: ES1 });
  const es2 = mint(claims(), { kid: ES2 });
  assert.equal((await g.authorize({ url: '/bookings/1', headers: bearer(es1) }, { now: NOW })).ok, true);
  g.setKeys({ keys: fx.jwks.keys.filter((k) => k.kid !== ES1) });
  assert.equal((await g.authorize({ url: '/bookings/1', headers: bearer(es1) }, { now: NOW })).code, 'key_not_found');
  assert.equal((await g.authorize({ url: '/bookings/1', headers: bearer(es2) }, { now: NOW })).ok, true);
});

// The same decisions from a Node without global WebCrypto (pure-wasm ES256) and with it.
test('WebCrypto and pure-wasm ES256 give identical decisions', async () => {
  const tokens = fx.tokens.map((t) => t.token);
  tokens.push(mint(claims({ scope: 'bookings:write' }), { kid: ES2 }), mint(claims(), { kid: ES1, signWith: ES2 }));
  const requests = tokens.flatMap((t) => [
    { method: 'GET', url: '/bookings/7', headers: { authorization: `Bearer ${t}` } },
    { method: 'POST', url: '/bookings', headers: { authorization: `Bearer ${t}` } },
  ]);
  const script = `
    Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
    const { Guard } = await import('tollgate');
    const [config, requests, now] = JSON.parse(process.argv[1]);
    if (globalThis.crypto?.subtle) throw new Error('WebCrypto is still there');
    const g = new Guard(config);
    const out = [];
    for (const r of requests) out.push(JSON.parse(JSON.stringify(await g.authorize(r, { now }))));
    console.log(JSON.stringify(out));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify([config, requests, NOW])], {
    cwd: new URL('../../', import.meta.url),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(child.status, 0, child.stderr);
  const wasmOnly = JSON.parse(child.stdout);
  const here = [];
  for (const r of requests) here.push(JSON.parse(JSON.stringify(await guard.authorize(r, { now: NOW }))));
  assert.equal(here.length, wasmOnly.length);
  for (let i = 0; i < here.length; i++) assert.deepEqual(here[i], wasmOnly[i], `${requests[i].method} ${i}`);
  assert.ok(here.some((d) => d.ok && d.header.alg === 'ES256'), 'some ES256 decisions were allowed');
});

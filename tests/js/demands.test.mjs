// authorize(request, { scopes, anyScopes }) — the scopes an application's own route requires —
// and `corsPreflight`, through the package: on the WebCrypto path (ES256) and in the core
// (HS256, verifySync-only runtimes alike), with the 403 scope challenge; and tollgate/hono's
// refusal of bad options at construction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Guard } from 'tollgate';
import { tollgate } from 'tollgate/hono';
import { Hono } from 'hono';
import { NOW, ES1, HS1, claims, mint, guardConfig } from './helpers.mjs';

const request = (token, init = {}) => new Request('https://bookings.example/reports/1', {
  ...init,
  headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers ?? {}) },
});

for (const kid of [ES1, HS1]) {
  test(`${kid}: the call's scopes are checked after the signature, and named in the 403 challenge`, async () => {
    const guard = new Guard(guardConfig({ realm: 'bookings' }));
    const token = mint(claims({ scope: 'bookings:read' }), { kid });
    assert.equal((await guard.authorize(request(token), { now: NOW, scopes: ['bookings:read'] })).ok, true);
    const refused = await guard.authorize(request(token), { now: NOW, scopes: ['reports:read'], anyScopes: ['admin', 'bookings:read'] });
    assert.equal(refused.status, 403);
    assert.equal(refused.code, 'insufficient_scope');
    assert.deepEqual(refused.requiredScopes, ['reports:read']);
    assert.match(refused.wwwAuthenticate, /^Bearer realm="bookings", error="insufficient_scope", .*scope="reports:read"$/);
    const response = refused.response();
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('www-authenticate'), refused.wwwAuthenticate);
    // A forged signature is still 401, whatever the scopes.
    const forged = mint(claims({ scope: 'reports:read' }), { kid, signWith: kid === ES1 ? 'es-2026-02' : 'hs-2026-02' });
    assert.equal((await guard.authorize(request(forged), { now: NOW, scopes: ['reports:read'] })).code, 'signature_invalid');
  });
}

test('bad scopes options reject with a TypeError naming the option', async () => {
  const guard = new Guard(guardConfig());
  await assert.rejects(guard.authorize(request(), { scopes: 'reports:read' }), { name: 'TypeError', message: 'options.scopes: must be an array of strings' });
  await assert.rejects(guard.authorize(request(), { anyScopes: ['a b'] }), { name: 'TypeError', message: 'options.anyScopes: each scope must be a non-empty string without spaces' });
  // An empty anyScopes would be no rule at all (a list computed empty by mistake would let any
  // credential through); a route's empty anyScopes is a config error for the same reason.
  await assert.rejects(guard.authorize(request(), { anyScopes: [] }), { name: 'TypeError', message: 'options.anyScopes: must name at least one scope (leave it out for no such rule)' });
});

test('corsPreflight: an OPTIONS preflight on a guarded route is allowed without credentials, flagged preflight', async () => {
  const routes = [{ method: 'GET', path: '/reports/:id', scopes: ['reports:read'] }];
  const preflight = { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' } };
  const off = await new Guard(guardConfig({ routes })).authorize(request(undefined, preflight), { now: NOW });
  assert.equal(off.status, 404);
  const guard = new Guard(guardConfig({ routes, corsPreflight: true }));
  const d = await guard.authorize(request(undefined, preflight), { now: NOW });
  assert.equal(d.ok, true);
  assert.equal(d.preflight, true);
  assert.equal(d.claims, undefined);
  assert.deepEqual(d.forwardHeaders, {});
  assert.deepEqual(d.params, { id: '1' });
  // The upstream sees no identity for it, and a spoofed one is stripped.
  const upstream = d.forwardRequest(request(undefined, { ...preflight, headers: { ...preflight.headers, 'x-auth-subject': 'admin' } }), 'https://api.internal');
  assert.equal(upstream.method, 'OPTIONS');
  assert.equal(upstream.headers.get('x-auth-subject'), null);
  // A real request still needs its token; a preflight for a method no route has is 404.
  assert.equal((await guard.authorize(request(), { now: NOW })).status, 401);
  const put = { method: 'OPTIONS', headers: { 'access-control-request-method': 'PUT' } };
  assert.equal((await guard.authorize(request(undefined, put), { now: NOW })).status, 404);
  const plain = { method: 'OPTIONS', url: '/reports/1', headers: { 'Access-Control-Request-Method': 'GET' } };
  assert.equal((await guard.authorize(plain, { now: NOW })).preflight, true, 'plain header objects too');
});

test('corsPreflight: a preflight goes upstream as one, without the body it may carry (a preflight has none)', async () => {
  // Allowed without credentials, an OPTIONS with a body must not carry that body to an upstream
  // that runs a handler for it (a Go ServeMux handler without a method check, a PHP script).
  const routes = [{ method: 'DELETE', path: '/reports/:id', scopes: ['reports:admin'] }];
  const guard = new Guard(guardConfig({ routes, corsPreflight: true }));
  const smuggled = () => request(undefined, {
    method: 'OPTIONS',
    body: 'cancel=all',
    headers: { 'access-control-request-method': 'DELETE', 'content-type': 'application/x-www-form-urlencoded' },
  });
  const d = await guard.authorize(smuggled(), { now: NOW });
  assert.equal(d.preflight, true);
  const upstream = d.forwardRequest(smuggled(), 'https://api.internal');
  assert.equal(upstream.method, 'OPTIONS');
  assert.equal(upstream.body, null);
  assert.equal(await upstream.text(), '');
  // An authenticated OPTIONS that is no preflight keeps its body.
  const token = mint(claims({ scope: 'reports:admin' }));
  const options = () => request(token, { method: 'OPTIONS', body: 'x=1' });
  const plain = await new Guard(guardConfig({ routes: [{ method: 'OPTIONS', path: '/reports/:id' }], corsPreflight: true })).authorize(options(), { now: NOW });
  assert.equal(plain.ok, true);
  assert.equal(plain.preflight, undefined);
  assert.equal(await plain.forwardRequest(options(), 'https://api.internal').text(), 'x=1');
});

test('tollgate/hono in a Hono app: without options, with scopes, with anyScopes', async () => {
  const guard = new Guard(guardConfig({ routes: [{ method: 'GET', path: '/health', public: true }, { path: '/reports/:id' }] }));
  const app = new Hono();
  app.get('/health', tollgate(guard), (c) => c.text('up'));
  app.get('/reports/:id', tollgate(guard, { anyScopes: ['reports:read', 'admin'] }), (c) => c.text(c.var.tollgate.claims.sub));
  assert.equal((await app.request('/health')).status, 200);
  const read = mint(claims({ scope: 'reports:read', exp: Math.floor(Date.now() / 1000) + 600, iat: Math.floor(Date.now() / 1000) - 10 }));
  const other = mint(claims({ scope: 'bookings:read', exp: Math.floor(Date.now() / 1000) + 600, iat: Math.floor(Date.now() / 1000) - 10 }));
  assert.equal(await (await app.request('/reports/1', { headers: { authorization: `Bearer ${read}` } })).text(), 'user-4711');
  assert.equal((await app.request('/reports/1', { headers: { authorization: `Bearer ${other}` } })).status, 403);
});

test('tollgate/hono refuses bad arguments when the middleware is made, not per request', () => {
  const guard = new Guard(guardConfig());
  assert.throws(() => tollgate(), { name: 'TypeError', message: /guard must be a Guard or a function/ });
  assert.throws(() => tollgate({}), { name: 'TypeError', message: /guard must be a Guard or a function/ });
  assert.throws(() => tollgate(guard, { scope: ['x'] }), { name: 'TypeError', message: 'options.scope: unknown option (scopes, anyScopes)' });
  assert.throws(() => tollgate(guard, { scopes: ['a b'] }), { name: 'TypeError', message: 'options.scopes: each scope must be a non-empty string without spaces' });
  assert.throws(() => tollgate(guard, { anyScopes: [] }), { name: 'TypeError', message: 'options.anyScopes: must name at least one scope (leave it out for no such rule)' });
  assert.equal(typeof tollgate(guard, { scopes: ['reports:read'] }), 'function');
});

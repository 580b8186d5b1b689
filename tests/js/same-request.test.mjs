// The guard and the upstream must see the same request (issue 14): each attack that was
// confirmed against the built package, as a test. A request is either refused, or allowed
// under the route the upstream will serve it as, and forwarded exactly as it was matched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Guard } from 'tollgate';
import { HS1, NOW, claims, fx, guardConfig, mint } from './helpers.mjs';

const bearer = (t) => ({ authorization: `Bearer ${t}` });
/** A valid token without any bookings scope. */
const lowScope = mint(claims({ scope: 'profile:read' }));

const PROTECTED = [
  { method: 'GET', path: '/bookings/:id', scopes: ['bookings:read'] },
  { method: 'DELETE', path: '/bookings/:id', scopes: ['bookings:write'] },
];
const withFallback = (fallback) =>
  new Guard(guardConfig({ routes: [{ method: 'GET', path: '/', public: true }, ...PROTECTED, fallback] }));
const FALLBACKS = { 'public /*': { path: '/*', public: true }, 'token-only /*': { path: '/*' } };

// Attack 1: spellings of a protected path that skipped the specific route and were allowed
// by the broader fallback, then sent on unchanged (Hono decodes %62, Express folds case and
// trailing slashes, Tomcat/Jetty drop ;params).
test('attack 1: no spelling of a protected path is allowed by a broader fallback', async () => {
  for (const [name, fallback] of Object.entries(FALLBACKS)) {
    const guard = withFallback(fallback);
    for (const method of ['GET', 'DELETE']) {
      for (const path of ['/%62ookings/1', '/BOOKINGS/1', '/bookings/1/', '/Bookings/1/', '/bookings;x/1', '/bookings/1;x', '/b%6Fokings/%31', '/bookings/%2e%2E/bookings/1', '/bookings/..;/bookings/1', '/bookings/%252e%252e/1']) {
        const label = `${name}: ${method} ${path}`;
        const d = await guard.authorize({ method, url: `http://edge.example${path}`, headers: bearer(lowScope) }, { now: NOW });
        assert.equal(d.ok, false, `${label} was allowed as ${d.route?.path}`);
        assert.ok(d.code === 'insufficient_scope' || d.code === 'invalid_request', `${label}: ${d.code}`);
      }
    }
  }
});

test('attack 1: an allowed spelling is forwarded as the canonical path that was matched', async () => {
  const guard = withFallback(FALLBACKS['token-only /*']);
  const read = mint(claims());
  const d = await guard.authorize(new Request('https://edge.example/%62ookings/%31?q=%7e%3d', { headers: bearer(read) }), { now: NOW });
  assert.equal(d.ok, true);
  assert.equal(d.route.path, '/bookings/:id');
  assert.equal(d.target, '/bookings/1?q=~%3D');
  const up = d.forwardRequest(new Request('https://edge.example/%62ookings/%31?q=%7e%3d'), 'http://127.0.0.1:9/api');
  assert.equal(up.url, 'http://127.0.0.1:9/api/bookings/1?q=~%3D');
});

// Attack 2: a plain { url } with `\` (a Node edge server building `http://${host}${req.url}`)
// was matched as `/`, and forwardRequest re-parsed the URL with WHATWG URL (`\` → `/`).
test('attack 2: a backslash URL is refused, never matched one way and forwarded another', async () => {
  const guard = withFallback({ method: 'GET', path: '/static/*', public: true });
  for (const url of ['http://edge.example\\bookings\\1', 'http://edge.example/\\bookings/1', '/static/..\\bookings/1', 'http://edge.example/static\\..\\bookings\\1', '\\\\edge.example\\bookings\\1']) {
    const d = await guard.authorize({ method: 'GET', url, headers: {} }, { now: NOW });
    assert.equal(d.ok, false, `${url} allowed as ${d.route?.path}`);
    assert.equal(d.code, 'invalid_request', url);
  }
});

test('attack 2: forwardRequest sends the decision\'s path, not its own parse of the request URL', async () => {
  const guard = withFallback({ method: 'GET', path: '/static/*', public: true });
  const plain = { method: 'GET', url: 'http://edge.example/static/a.css', headers: {} };
  const d = await guard.authorize(plain, { now: NOW });
  assert.equal(d.ok, true);
  // The worker hands forwardRequest a request whose URL reads differently: the decided target wins.
  const up = d.forwardRequest({ ...plain, url: 'http://edge.example\\bookings\\1' }, 'http://127.0.0.1:9');
  assert.equal(new URL(up.url).pathname, '/static/a.css');
  assert.throws(() => d.forwardRequest({ ...plain, method: 'DELETE' }, 'http://127.0.0.1:9'), /method/);
});

// Attack 3: identity headers were stripped only in their dash spelling; CGI/WSGI servers fold
// `X_Auth_Subject` onto HTTP_X_AUTH_SUBJECT (the class of oauth2-proxy CVE-2025-64484).
// Attack 4: the account header was forwarded on routes that do not bind it.
const ACCOUNT_ROUTES = [
  { method: 'GET', path: '/health', public: true },
  { method: 'GET', path: '/bookings', scopes: ['bookings:read'], accountHeader: 'X-Account-Id', accountClaim: 'accounts' },
  { method: 'POST', path: '/bookings', scopes: ['bookings:write'] },
];
const accountGuard = new Guard(guardConfig({ routes: ACCOUNT_ROUTES, forwardClaims: { companyId: 'X-Company-Id' } }));
const platform = mint(claims({ scope: 'bookings:read bookings:write', accounts: ['acc-1'], companyId: 'c-1' }));
const FORGED = {
  X_Auth_Subject: 'admin', 'x_auth_scopes': 'bookings:admin', 'X-AUTH_KEY-ID': 'k', X_Company_Id: 'c-evil',
  'X_Account_Id': 'victim', 'x-auth-role': 'root', 'X-Company_Id': 'c-evil2',
  // Apache httpd 2.2's CGI environment turns every non-alphanumeric into `_` (found in review).
  'X.Auth.Subject': 'admin', 'x~company~id': 'c-evil3', 'X.Account.Id': 'victim2',
};

/** Every header of `headers` whose name folds (case, any non-alphanumeric for `-`) onto one of `names`. */
function folded(headers, names) {
  const fold = (n) => n.toLowerCase().replace(/[^a-z0-9]/g, '-');
  return [...headers].filter(([n]) => names.includes(fold(n)) || fold(n).startsWith('x-auth-'));
}

test('attack 3: no identity header reaches the upstream in any case or with _ for -', async () => {
  const requests = [
    { method: 'GET', url: 'https://edge.example/health' },
    { method: 'GET', url: 'https://edge.example/bookings' },
    { method: 'POST', url: 'https://edge.example/bookings' },
  ];
  for (const { method, url } of requests) {
    const incoming = new Request(url, { method, headers: { ...FORGED, ...bearer(platform) } });
    const d = await accountGuard.authorize(incoming, { now: NOW });
    assert.equal(d.ok, true, `${method} ${url}: ${d.code}`);
    const up = d.forwardRequest(incoming, 'http://127.0.0.1:9');
    const identity = folded(up.headers, ['x-company-id', 'x-account-id']);
    const forged = identity.filter(([n, v]) => !(n in lower(d.forwardHeaders) && lower(d.forwardHeaders)[n] === v));
    assert.deepEqual(forged, [], `${method} ${url}`);
    assert.deepEqual([...d.upstreamHeaders(FORGED)].filter(([n]) => !(n in lower(d.forwardHeaders))), [], `${method} ${url} upstreamHeaders`);
  }
});

test('attack 3: a forged account header spelling does not bypass the account binding', async () => {
  const incoming = new Request('https://edge.example/bookings', { headers: { X_Account_Id: 'victim', ...bearer(platform) } });
  const d = await accountGuard.authorize(incoming, { now: NOW });
  assert.equal(d.ok, true, 'not acting for another account');
  const up = d.forwardRequest(incoming, 'http://127.0.0.1:9');
  assert.deepEqual(folded(up.headers, ['x-account-id']).filter(([n]) => !n.startsWith('x-auth-')), []);
});

test('attack 4: the account header is checked where bound and stripped everywhere else', async () => {
  const post = new Request('https://edge.example/bookings', { method: 'POST', headers: { 'X-Account-Id': 'victim', ...bearer(platform) } });
  const d = await accountGuard.authorize(post, { now: NOW });
  assert.equal(d.ok, true);
  assert.equal(d.forwardRequest(post, 'http://127.0.0.1:9').headers.get('x-account-id'), null);
  const bound = new Request('https://edge.example/bookings', { headers: { 'X-Account-Id': 'acc-1', ...bearer(platform) } });
  const ok = await accountGuard.authorize(bound, { now: NOW });
  assert.equal(ok.ok, true);
  assert.equal(ok.forwardRequest(bound, 'http://127.0.0.1:9').headers.get('x-account-id'), 'acc-1', 'the checked account goes on');
  const victim = await accountGuard.authorize(new Request('https://edge.example/bookings', { headers: { 'X-Account-Id': 'victim', ...bearer(platform) } }), { now: NOW });
  assert.equal(victim.code, 'account_forbidden');
});

// Attack 5: sign() used a key whose key_ops say it may only verify.
test('attack 5: sign() refuses a key whose key_ops do not include "sign"', () => {
  const hs = fx.jwks.keys.find((k) => k.kid === HS1);
  const guard = new Guard(guardConfig({ keys: { keys: [{ ...hs, key_ops: ['verify'] }] } }));
  assert.throws(() => guard.sign(claims({ exp: undefined, iat: undefined }), { kid: HS1, expiresIn: 60, now: NOW }), (e) => e instanceof TypeError && /key_ops/.test(e.message) && /"sign"/.test(e.message));
  const both = new Guard(guardConfig({ keys: { keys: [{ ...hs, key_ops: ['sign', 'verify'] }] } }));
  const token = both.sign(claims({ exp: undefined, iat: undefined }), { kid: HS1, expiresIn: 60, now: NOW });
  assert.equal(both.verifySync(token, { now: NOW }).ok, true);
});

// Results report the token's protected header exactly as sent, and the key that verified it
// apart: a kid-less token tried against every key must not come back with a kid it never had.
test('results: the protected header as sent, keyId apart (verify, verifySync, authorize)', async () => {
  const guard = new Guard(guardConfig({ requireKid: false, routes: [{ path: '/*' }] }));
  const headers = [
    { alg: 'HS256' },
    { typ: 'at+jwt', alg: 'HS256', 'x-trace': [1, { a: null }], kid: undefined },
    { alg: 'HS256', kid: HS1, typ: 'JWT' },
  ];
  for (const header of headers) {
    const token = mint(claims(), { kid: HS1, header: { typ: undefined, kid: undefined, ...header } });
    const sent = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());
    for (const r of [guard.verifySync(token, { now: NOW }), await guard.verify(token, { now: NOW })]) {
      assert.equal(r.ok, true, JSON.stringify(r));
      assert.deepEqual(r.header, sent);
      assert.equal(r.keyId, HS1);
    }
    const d = await guard.authorize({ url: '/x', headers: bearer(token) }, { now: NOW });
    assert.deepEqual(d.header, sent);
    assert.equal(d.keyId, HS1);
  }
});

function lower(object) {
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k.toLowerCase(), v]));
}

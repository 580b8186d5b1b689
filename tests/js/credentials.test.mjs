// API keys, Basic app tokens, account binding, issued HS256 tokens and error formats through the
// built package (Guard#authorize, checkApiKey, sign, setApiKeys, errorResponse).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Guard } from 'tollgate';
import { fx, NOW, ISS, AUD, HS1 } from './helpers.mjs';

const sha256 = (text) => createHash('sha256').update(text).digest('hex');
const KEY = 'live_js_key_5b2f8e';
const OLD = 'live_js_old_1c9d0a';
const TEST = 'test_js_key_7e4a1b';

const apiKeys = (oldStatus = 'active') => [
  { id: 'k-new', sha256: sha256(KEY), secretSha256: sha256('shh'), scopes: ['bookings:read', 'customers:read'],
    subject: 'partner-7', claims: { companyId: 'c-42', accounts: ['acc-1'] } },
  { id: 'k-old', sha256: sha256(OLD), scopes: ['bookings:read'], status: oldStatus },
  { id: 'k-test', sha256: Buffer.from(createHash('sha256').update(TEST).digest()).toString('base64url'), scopes: ['bookings:read'] },
];

const config = (extra = {}) => ({
  keys: fx.jwks, issuer: ISS, audience: AUD, realm: 'bookings',
  forwardClaims: { companyId: 'X-Company-Id' },
  apiKeys: apiKeys(),
  routes: [
    { method: 'GET', path: '/bookings', scopes: ['bookings:read'], accountHeader: 'X-Account-Id', accountClaim: 'accounts' },
    { method: 'GET', path: '/customers', scopes: ['customers:read'] },
    { method: 'GET', path: '/invoices', scopes: ['bookings:read'], environment: 'live' },
  ],
  ...extra,
});

const req = (path, authorization, headers = {}) =>
  new Request(`https://api.example${path}`, { headers: { ...(authorization ? { authorization } : {}), ...headers } });
const basic = (user, pass) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

test('Bearer and Basic (empty user) API keys authorize with the key identity', async () => {
  const guard = new Guard(config());
  for (const auth of [`Bearer ${KEY}`, basic('', KEY)]) {
    const d = await guard.authorize(req('/customers', auth), { now: NOW });
    assert.equal(d.ok, true, JSON.stringify(d));
    assert.equal(d.credential, 'api_key');
    assert.equal(d.keyId, 'k-new');
    assert.equal(d.header, undefined);
    assert.deepEqual(d.claims, { sub: 'partner-7', companyId: 'c-42', accounts: ['acc-1'] });
    assert.equal(d.forwardHeaders['X-Auth-Key-Id'], 'k-new');
    assert.equal(d.forwardHeaders['X-Company-Id'], 'c-42');
  }
  const named = await guard.authorize(req('/customers', basic('me', KEY)), { now: NOW });
  assert.equal(named.status, 400);
});

test('unknown and revoked keys, environment, rotation', async () => {
  const guard = new Guard(config());
  const unknown = await guard.authorize(req('/bookings', 'Bearer live_nope'), { now: NOW });
  assert.equal(unknown.code, 'api_key_invalid');
  const res = unknown.response();
  assert.equal(res.status, 401);
  assert.match(res.headers.get('www-authenticate'), /error="invalid_token"/);
  assert.equal((await guard.authorize(req('/invoices', `Bearer ${TEST}`), { now: NOW })).code, 'api_key_invalid');
  assert.equal((await guard.authorize(req('/invoices', `Bearer ${KEY}`), { now: NOW })).ok, true);
  assert.equal((await guard.authorize(req('/bookings', `Bearer ${OLD}`), { now: NOW })).ok, true);
  assert.throws(() => guard.setApiKeys([{ id: 'x', sha256: 'short' }]), /^TypeError: apiKeys\[0\]\.sha256: /);
  assert.equal((await guard.authorize(req('/bookings', `Bearer ${OLD}`), { now: NOW })).ok, true, 'old table stays');
  guard.setApiKeys(apiKeys('revoked'));
  assert.equal((await guard.authorize(req('/bookings', `Bearer ${OLD}`), { now: NOW })).code, 'api_key_revoked');
  assert.equal((await guard.authorize(req('/bookings', `Bearer ${KEY}`), { now: NOW })).ok, true);
});

test('account header bound to a claim: 403 account_forbidden otherwise', async () => {
  const guard = new Guard(config());
  assert.equal((await guard.authorize(req('/bookings', `Bearer ${KEY}`, { 'X-Account-Id': 'acc-1' }), { now: NOW })).ok, true);
  const other = await guard.authorize(req('/bookings', `Bearer ${KEY}`, { 'x-account-id': 'acc-2' }), { now: NOW });
  assert.equal(other.status, 403);
  assert.equal(other.code, 'account_forbidden');
  const plain = await guard.authorize({ method: 'GET', url: '/bookings', headers: { Authorization: `Bearer ${KEY}`, 'X-ACCOUNT-ID': 'acc-9' } }, { now: NOW });
  assert.equal(plain.code, 'account_forbidden', 'plain header objects, any case');
});

test('checkApiKey + sign: the exchange, and the token authorizes', async () => {
  const guard = new Guard(config());
  const checked = guard.checkApiKey(KEY, { secret: 'shh', now: NOW });
  assert.deepEqual(checked, { ok: true, keyId: 'k-new', subject: 'partner-7', scopes: ['bookings:read', 'customers:read'],
    environment: 'live', claims: { sub: 'partner-7', companyId: 'c-42', accounts: ['acc-1'] } });
  assert.equal(guard.checkApiKey(KEY, { secret: 'wrong', now: NOW }).error.code, 'api_key_invalid');
  assert.equal(guard.checkApiKey(KEY, { now: NOW }).ok, true, 'without a secret only the key is checked');
  assert.throws(() => guard.checkApiKey(KEY, { environment: 'prod' }), TypeError);
  const token = guard.sign({ ...checked.claims, iss: ISS, aud: AUD, scope: checked.scopes.join(' ') }, { kid: HS1, expiresIn: 86400, now: NOW });
  const v = guard.verifySync(token, { now: NOW + 86399 });
  assert.equal(v.ok, true, JSON.stringify(v));
  assert.equal(v.claims.exp - v.claims.iat, 86400);
  assert.deepEqual(v.header, { alg: 'HS256', kid: HS1, typ: 'JWT' });
  assert.equal(guard.verifySync(token, { now: NOW + 86400 }).error.code, 'token_expired');
  const d = await guard.authorize(req('/customers', `Bearer ${token}`), { now: NOW });
  assert.equal(d.credential, 'jwt');
  assert.equal(d.forwardHeaders['X-Auth-Subject'], 'partner-7');
  assert.throws(() => guard.sign({}, { kid: 'es-2026-01', expiresIn: 60 }), /^TypeError: kid: /);
  assert.throws(() => guard.sign({}, { kid: HS1 }), /^TypeError: claims\.exp: /);
  assert.throws(() => guard.sign([], { kid: HS1 }), /^TypeError: claims: /);
});

test('errorFormat and errorResponse hook through authorize', async () => {
  const envelope = new Guard(config({ errorFormat: 'envelope' }));
  const r = (await envelope.authorize(req('/customers', 'Bearer live_nope'), { now: NOW })).response();
  assert.equal(r.status, 401);
  assert.match(r.headers.get('www-authenticate'), /^Bearer realm="bookings", error="invalid_token"/);
  assert.deepEqual(await r.json(), { success: false, error: { code: 'API_KEY_INVALID', message: 'api key is not recognised' } });
  const tagged = new Guard(config({ errorFormat: 'requestId' }));
  const t = (await tagged.authorize(req('/nowhere', `Bearer ${KEY}`, { 'x-request-id': 'abc-1' }), { now: NOW })).response();
  assert.equal(t.status, 404);
  assert.deepEqual(await t.json(), { error: 'not_found', message: 'no route matches the request', requestId: 'abc-1' });
  const hooked = new Guard(config({ errorResponse: (e) => ({ fault: e.code }) }));
  const h = (await hooked.authorize(req('/customers', null), { now: NOW })).response();
  assert.equal(h.status, 401);
  assert.equal(h.headers.get('www-authenticate'), 'Bearer realm="bookings"');
  assert.deepEqual(await h.json(), { fault: 'token_missing' });
  assert.throws(() => new Guard(config({ errorFormat: 'xml' })), /^TypeError: errorFormat: /);
  const e = envelope.errorResponse({ code: 'invalid_request', status: 400, message: 'bad body' }, req('/auth/token'));
  assert.equal(e.status, 400);
  assert.equal(e.headers.get('www-authenticate'), 'Bearer realm="bookings", error="invalid_request", error_description="bad body"');
  assert.deepEqual(await e.json(), { success: false, error: { code: 'INVALID_REQUEST', message: 'bad body' } });
  const checked = envelope.checkApiKey('live_nope', { secret: 'x', now: NOW });
  const k = envelope.errorResponse(checked.error, req('/auth/token'));
  assert.equal(k.status, 401, 'a failed exchange answers 401 with a challenge in every format');
  assert.match(k.headers.get('www-authenticate'), /^Bearer realm="bookings", error="invalid_token", error_description="/);
});

test('config errors name the field', () => {
  for (const [extra, field] of [
    [{ apiKeys: [{ id: 'a', sha256: 'x' }] }, /^TypeError: apiKeys\[0\]\.sha256: /],
    [{ apiKeys: [{ id: 'a', sha256: sha256('a'), key: 'plain' }] }, /^TypeError: apiKeys\[0\]\.key: /],
    [{ environment: 'prod' }, /^TypeError: environment: /],
    [{ routes: [{ path: '/a', accountHeader: 'X-A' }] }, /^TypeError: routes\[0\]\.accountClaim: /],
  ]) {
    assert.throws(() => new Guard(config(extra)), field);
  }
});

// Error body formats (made by the core, src/refusal.rs; the hook in pkg/src/responses.js):
// rfc6750, envelope, requestId and the errorResponse hook, through guard.errorResponse.
// Whatever the format, status, WWW-Authenticate and Cache-Control come from the decision.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Guard } from 'tollgate';
import { fx } from './helpers.mjs';

const ERROR_FORMATS = ['rfc6750', 'envelope', 'requestId'];
const guardWith = (config) => new Guard({ keys: fx.jwks, ...config });

const EXPIRED = {
  status: 401, code: 'token_expired', message: 'token has expired',
  wwwAuthenticate: 'Bearer realm="bookings", error="invalid_token", error_description="token has expired"',
};
const SCOPE = {
  status: 403, code: 'insufficient_scope', message: 'token lacks a required scope (requires: bookings:read)',
  wwwAuthenticate: 'Bearer realm="bookings", error="insufficient_scope", scope="bookings:read"', requiredScopes: ['bookings:read'],
};
const NOT_FOUND = { status: 404, code: 'not_found', message: 'no route matches the request', wwwAuthenticate: null };
const REVOKED = { status: 401, code: 'api_key_revoked', message: 'api key is revoked, suspended or expired', wwwAuthenticate: 'Bearer error="invalid_token"' };
const GET = { method: 'GET', headers: new Headers() };

async function answer(raw, config, request = GET, options) {
  const res = guardWith(config).errorResponse(raw, request, options);
  const text = await res.text();
  return { res, body: text === '' ? null : JSON.parse(text) };
}

function assertHead(res, raw) {
  assert.equal(res.status, raw.status);
  assert.equal(res.headers.get('www-authenticate'), raw.wwwAuthenticate ?? null);
  assert.equal(res.headers.get('cache-control'), 'no-store');
}

test('rfc6750 is the default format', async () => {
  for (const raw of [EXPIRED, SCOPE, NOT_FOUND, REVOKED]) {
    const { res, body } = await answer(raw, {});
    assertHead(res, raw);
    assert.match(res.headers.get('content-type'), /^application\/json/);
    assert.deepEqual(body, { error: raw.code, message: raw.message });
    assert.equal(res.headers.get('x-request-id'), null, 'no request id unless asked for');
  }
});

test('envelope: success false, upper-case code', async () => {
  for (const raw of [EXPIRED, SCOPE, NOT_FOUND, REVOKED]) {
    const { res, body } = await answer(raw, { errorFormat: 'envelope' });
    assertHead(res, raw);
    assert.deepEqual(body, { success: false, error: { code: raw.code.toUpperCase(), message: raw.message } });
  }
  assert.equal((await answer(REVOKED, { errorFormat: 'envelope' })).body.error.code, 'API_KEY_REVOKED');
});

test('requestId: echoes a usable request id, else makes one', async () => {
  const sent = { method: 'GET', headers: new Headers({ 'x-request-id': 'req-123' }) };
  const { res, body } = await answer(SCOPE, { errorFormat: 'requestId' }, sent);
  assertHead(res, SCOPE);
  assert.deepEqual(body, { error: 'insufficient_scope', message: SCOPE.message, requestId: 'req-123' });
  assert.equal(res.headers.get('x-request-id'), 'req-123');

  const hostile = { method: 'GET', headers: { 'X-Request-Id': 'a"b\\c' } };
  const made = await answer(EXPIRED, { errorFormat: 'requestId' }, hostile);
  assert.match(made.body.requestId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(made.res.headers.get('x-request-id'), made.body.requestId);
  const other = await answer(EXPIRED, { errorFormat: 'requestId' }, GET);
  assert.notEqual(other.body.requestId, made.body.requestId, 'fresh ids differ');

  const custom = { method: 'GET', headers: { 'CF-Ray': '8a1b2c3d4e5f-FRA' } };
  const viaCustom = await answer(EXPIRED, { errorFormat: 'requestId', requestIdHeader: 'CF-Ray' }, custom);
  assert.equal(viaCustom.body.requestId, '8a1b2c3d4e5f-FRA');
  assert.equal(viaCustom.res.headers.get('cf-ray'), '8a1b2c3d4e5f-FRA');

  const given = await answer(EXPIRED, { errorFormat: 'requestId' }, sent, { requestId: 'chosen-1' });
  assert.equal(given.body.requestId, 'chosen-1', 'an explicit id wins');
  assert.throws(() => guardWith({}).errorResponse(EXPIRED, GET, { requestId: 'bad id' }), /requestId/);
});

test('HEAD answers carry no body in every format', async () => {
  for (const errorFormat of ERROR_FORMATS) {
    const { res, body } = await answer(EXPIRED, { errorFormat }, { method: 'HEAD', headers: new Headers() });
    assertHead(res, EXPIRED);
    assert.equal(body, null, errorFormat);
  }
});

test('hook returning a body keeps status and challenge', async () => {
  const seen = [];
  const errorResponse = (refusal, request) => {
    seen.push([refusal, request]);
    return { errors: [{ status: String(refusal.status), title: refusal.code }] };
  };
  const { res, body } = await answer(SCOPE, { errorResponse }, GET);
  assertHead(res, SCOPE);
  assert.deepEqual(body, { errors: [{ status: '403', title: 'insufficient_scope' }] });
  assert.equal(seen[0][1], GET);
  assert.deepEqual(seen[0][0].requiredScopes, ['bookings:read']);
  assert.ok(Object.isFrozen(seen[0][0]));
});

test('hook returning a Response: body and headers kept, status and challenge enforced', async () => {
  const errorResponse = () => new Response('<error>nope</error>', {
    status: 200, headers: { 'content-type': 'application/xml', 'www-authenticate': 'Basic', 'x-extra': '1' },
  });
  const res = guardWith({ errorResponse }).errorResponse(EXPIRED, GET);
  assertHead(res, EXPIRED);
  assert.equal(res.headers.get('content-type'), 'application/xml');
  assert.equal(res.headers.get('x-extra'), '1');
  assert.equal(await res.text(), '<error>nope</error>');
});

test('hook returning undefined falls back to the configured format', async () => {
  const { res, body } = await answer(REVOKED, { errorFormat: 'envelope', errorResponse: () => undefined });
  assertHead(res, REVOKED);
  assert.equal(body.error.code, 'API_KEY_REVOKED');
});

test('config errors name the field', () => {
  assert.throws(() => guardWith({ errorFormat: 'xml' }), (e) => e instanceof TypeError && /^errorFormat:/.test(e.message));
  assert.throws(() => guardWith({ requestIdHeader: 'X Request' }), /^TypeError: requestIdHeader:/);
  assert.throws(() => guardWith({ errorResponse: 'fn' }), /^TypeError: errorResponse:/);
  assert.doesNotThrow(() => guardWith({ errorFormat: 'envelope', requestIdHeader: 'CF-Ray', errorResponse() {} }), 'the fields belong to the config');
  const plain = { keys: fx.jwks };
  assert.doesNotThrow(() => new Guard(plain));
});

test('a refusal without a challenge (errorResponse) gets the RFC 6750 one of its status', async () => {
  const bare = ({ wwwAuthenticate: _, ...rest }) => rest;
  const { res } = await answer(bare(EXPIRED), { realm: 'bookings', errorFormat: 'envelope' });
  assert.equal(res.status, 401);
  assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="bookings", error="invalid_token", error_description="token has expired"');
  const challenge = async (refusal, realm) => (await answer(refusal, realm === undefined ? {} : { realm })).res.headers.get('www-authenticate');
  assert.equal(await challenge({ status: 401, code: 'token_missing', message: 'x' }, 'b'), 'Bearer realm="b"');
  assert.equal(await challenge({ status: 401, code: 'token_missing', message: 'x' }, undefined), 'Bearer');
  assert.equal(
    await challenge({ status: 403, code: 'insufficient_scope', message: 'say "hi"\n\\', requiredScopes: ['a:b', 'c'] }, undefined),
    'Bearer error="insufficient_scope", error_description="say \'hi\'", scope="a:b c"',
  );
  assert.equal(await challenge({ status: 404, code: 'not_found', message: 'x' }, 'b'), null);
  const notFound = await answer(NOT_FOUND, { realm: 'bookings' });
  assert.equal(notFound.res.headers.get('www-authenticate'), null, 'a decision\'s null stays: no challenge on 404');
});

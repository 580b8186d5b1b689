// Shared helpers for the JS suites: test vectors, token minting with the fixture
// keys (node:crypto only, so the raw header/claims JSON is under the test's
// control), and leak checks for error messages. Not a test file itself.
import { readFileSync } from 'node:fs';
import { createHmac, createPrivateKey, sign as cryptoSign } from 'node:crypto';
import assert from 'node:assert/strict';

/** Loads a file from tests/vectors. */
export const vec = (name) =>
  JSON.parse(readFileSync(new URL(`../vectors/${name}`, import.meta.url), 'utf8'));

export const fx = vec('fixtures.json');
export const NOW = fx.verifier.now;
export const ISS = fx.verifier.issuer;
export const AUD = fx.verifier.audience;
export const HS1 = 'hs-2026-01';
export const HS2 = 'hs-2026-02';
export const ES1 = 'es-2026-01';
export const ES2 = 'es-2026-02';

/** Every secret in the fixtures: HS256 `k` values and EC private `d` values. */
export const SECRETS = [
  ...fx.jwks.keys.filter((k) => k.k).map((k) => k.k),
  ...fx.private.keys.map((k) => k.d),
];

export const b64u = (x) =>
  Buffer.from(typeof x === 'string' || x instanceof Uint8Array ? x : JSON.stringify(x)).toString('base64url');

const publicKey = (kid) => fx.jwks.keys.find((k) => k.kid === kid);
const privateKey = (kid) => fx.private.keys.find((k) => k.kid === kid);

/** Signature bytes over `input` with the fixture key `kid` (HMAC for oct, P1363 ECDSA for EC). */
export function signBytes(kid, input) {
  const pub = publicKey(kid);
  if (!pub) throw new Error(`no fixture key ${kid}`);
  if (pub.kty === 'oct') return createHmac('sha256', Buffer.from(pub.k, 'base64url')).update(input).digest();
  const key = createPrivateKey({ key: privateKey(kid), format: 'jwk' });
  return cryptoSign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
}

/** Booking-API claims valid at NOW for the fixture verifier, with overrides (undefined deletes). */
export function claims(over = {}) {
  const c = { iss: ISS, sub: 'user-4711', aud: AUD, iat: NOW - 60, exp: NOW + 3600, scope: 'bookings:read', ...over };
  for (const [k, v] of Object.entries(c)) if (v === undefined) delete c[k];
  return c;
}

/**
 * Mints a compact JWS.
 * opts.kid: header kid and signing key (default hs-2026-01); opts.signWith: another signing key;
 * opts.header: extra/overriding header members (undefined deletes, e.g. {kid: undefined});
 * opts.headerJson / opts.claimsJson: raw JSON text instead of objects;
 * opts.sig: replace the signature (Buffer) after signing.
 */
export function mint(payload = claims(), opts = {}) {
  const kid = opts.kid ?? HS1;
  const alg = publicKey(kid)?.kty === 'EC' ? 'ES256' : 'HS256';
  const header = { alg, typ: 'JWT', kid, ...(opts.header ?? {}) };
  for (const [k, v] of Object.entries(header)) if (v === undefined) delete header[k];
  const h = b64u(opts.headerJson ?? header);
  const p = b64u(opts.claimsJson ?? payload);
  const sig = opts.sig ?? signBytes(opts.signWith ?? (publicKey(kid) ? kid : HS1), `${h}.${p}`);
  return `${h}.${p}.${b64u(sig)}`;
}

/** Guard config matching fixtures.json's verifier, with overrides. */
export const guardConfig = (over = {}) => ({
  keys: fx.jwks,
  issuer: ISS,
  audience: AUD,
  algorithms: [...fx.verifier.algorithms],
  clockTolerance: fx.verifier.clockTolerance,
  ...over,
});

/** Asserts a `verify` rejection with exactly this code (or one of several codes) and the right status. */
export function assertReject(r, code, label = '') {
  const codes = Array.isArray(code) ? code : [code];
  assert.equal(r?.ok, false, `${label}: expected reject ${codes.join('|')}, got ${JSON.stringify(r)}`);
  assert.ok(r.error && typeof r.error === 'object', `${label}: error object`);
  assert.ok(codes.includes(r.error.code), `${label}: code ${r.error.code}, want ${codes.join('|')}`);
  assert.equal(r.error.status, r.error.code === 'insufficient_scope' ? 403 : 401, `${label}: status`);
  assert.equal(typeof r.error.message, 'string', `${label}: message is a string`);
  assert.ok(r.error.message.length > 0, `${label}: message is not empty`);
}

/** Asserts acceptance; with `scopes`, the granted scopes equal these (order ignored). */
export function assertAccept(r, scopes, label = '') {
  assert.equal(r?.ok, true, `${label}: expected accept, got ${JSON.stringify(r)}`);
  if (scopes) assert.deepEqual([...r.scopes].sort(), [...scopes].sort(), `${label}: scopes`);
}

/** Asserts that `text` carries no secret key material and no token (nor any long segment of it). */
export function assertNoLeak(text, token = '', label = '') {
  assert.equal(typeof text, 'string', `${label}: message is a string`);
  for (const s of SECRETS) {
    assert.ok(!text.includes(s), `${label}: message contains key material`);
    assert.ok(!text.includes(Buffer.from(s, 'base64url').toString('hex')), `${label}: message contains key hex`);
  }
  if (typeof token === 'string' && token.length >= 16) {
    assert.ok(!text.includes(token), `${label}: message contains the token`);
    for (const seg of token.split('.')) {
      if (seg.length >= 16) assert.ok(!text.includes(seg), `${label}: message contains a token segment`);
    }
  }
}

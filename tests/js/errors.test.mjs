// Every error code that Guard.verify can produce (DESIGN.md), with tokens minted here,
// the result shape, the status values, and that messages never leak tokens or keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sign as cryptoSign, createPrivateKey } from 'node:crypto';
import { Guard } from 'tollgate';
import {
  fx, NOW, HS1, HS2, ES1, ES2, b64u, claims, mint, guardConfig,
  assertAccept, assertReject, assertNoLeak,
} from './helpers.mjs';

const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const guard = new Guard(guardConfig());
const at = (token, opts = {}) => guard.verifySync(token, { now: NOW, ...opts });
const seg = (t, i) => t.split('.')[i];
const withSig = (t, sig) => `${seg(t, 0)}.${seg(t, 1)}.${typeof sig === 'string' ? sig : b64u(sig)}`;
const sigOf = (t) => Buffer.from(seg(t, 2), 'base64url');
const hex32 = (n) => Buffer.from(n.toString(16).padStart(64, '0'), 'hex');
const es = mint(claims(), { kid: ES1 });
const hs = mint(claims());
const esRS = (r, s) => withSig(es, Buffer.concat([hex32(r), hex32(s)]));
const esR = BigInt(`0x${sigOf(es).subarray(0, 32).toString('hex')}`);
const esS = BigInt(`0x${sigOf(es).subarray(32).toString('hex')}`);
const flip = (buf, i) => { const b = Buffer.from(buf); b[i] ^= 0x01; return b; };
const rawPayload = (json) => mint(undefined, { claimsJson: json });
const rawHeader = (json, kid = HS1) => mint(claims(), { kid, headerJson: json });

// [label, token, code | codes, verify options]
const CASES = [
  // 1. size, segments, base64url
  ['two segments', `${seg(hs, 0)}.${seg(hs, 1)}`, 'token_malformed'],
  ['four segments', `${hs}.${seg(hs, 2)}`, 'token_malformed'],
  ['empty segments', '..', 'token_malformed'],
  ['padded signature', `${hs}=`, 'token_malformed'],
  ['standard base64 character in payload', `${seg(hs, 0)}.+${seg(hs, 1).slice(1)}.${seg(hs, 2)}`, 'token_malformed'],
  ['non-canonical trailing bits in signature', withSig(hs, seg(hs, 2).slice(0, -1) + String.fromCharCode(seg(hs, 2).at(-1).charCodeAt(0) ^ 1)), 'token_malformed'],
  ['trailing newline', `${hs}\n`, 'token_malformed'],
  ['space inside', hs.replace('.', ' .'), 'token_malformed'],
  ['over 8 KiB with a valid signature', mint(claims({ pad: 'x'.repeat(9000) })), 'token_malformed'],
  // 2. header
  ['header is not JSON', rawHeader('{"alg":"HS256","kid":"hs-2026-01"'), 'token_malformed'],
  ['header is an array', rawHeader('["HS256"]'), 'token_malformed'],
  ['header is invalid UTF-8', mint(claims(), { headerJson: Buffer.from([0x7b, 0xff, 0x7d]) }), 'token_malformed'],
  ['duplicate header member kid', rawHeader('{"alg":"HS256","kid":"hs-2026-01","kid":"hs-2026-01"}'), 'token_malformed'],
  ['alg none with empty signature', withSig(mint(claims(), { header: { alg: 'none' } }), ''), 'alg_not_allowed'],
  ['alg none', mint(claims(), { header: { alg: 'none' } }), 'alg_not_allowed'],
  ['alg NONE', mint(claims(), { header: { alg: 'NONE' } }), 'alg_not_allowed'],
  ['alg HS512', mint(claims(), { header: { alg: 'HS512' } }), 'alg_not_allowed'],
  ['alg RS256', mint(claims(), { header: { alg: 'RS256' } }), 'alg_not_allowed'],
  ['alg hs256 (case differs)', mint(claims(), { header: { alg: 'hs256' } }), 'alg_not_allowed'],
  ['alg missing', mint(claims(), { header: { alg: undefined } }), ['alg_not_allowed', 'token_malformed']],
  ['alg is a number', mint(claims(), { header: { alg: 256 } }), ['alg_not_allowed', 'token_malformed']],
  ['crit names an unknown extension', mint(claims(), { header: { crit: ['urn:x:ext'], 'urn:x:ext': 1 } }), 'crit_unsupported'],
  ['crit on an ES256 token', mint(claims(), { kid: ES1, header: { crit: ['exp'], exp: NOW + 60 } }), 'crit_unsupported'],
  // 3. key selection and binding
  ['unknown kid', mint(claims(), { header: { kid: 'hs-2099-01' }, signWith: HS1 }), 'key_not_found'],
  ['kid differs in case', mint(claims(), { header: { kid: 'HS-2026-01' }, signWith: HS1 }), 'key_not_found'],
  ['kid missing', mint(claims(), { header: { kid: undefined } }), 'key_not_found'],
  ['ES256 header with an oct kid', mint(claims(), { header: { alg: 'ES256' }, signWith: ES1 }), 'alg_not_allowed'],
  ['HS256 header with an EC kid', mint(claims(), { kid: ES1, header: { alg: 'HS256' }, signWith: HS1 }), 'alg_not_allowed'],
  // 4. signature
  ['HS256 flipped signature bit', withSig(hs, flip(sigOf(hs), 7)), 'signature_invalid'],
  ['HS256 signed with another oct key', mint(claims(), { kid: HS1, signWith: HS2 }), 'signature_invalid'],
  ['HS256 31-byte signature', withSig(hs, sigOf(hs).subarray(0, 31)), 'signature_invalid'],
  ['HS256 33-byte signature', withSig(hs, Buffer.concat([sigOf(hs), Buffer.from([0])])), 'signature_invalid'],
  ['HS256 empty signature', withSig(hs, ''), ['signature_invalid', 'token_malformed']],
  ['ES256 flipped signature bit', withSig(es, flip(sigOf(es), 40)), 'signature_invalid'],
  ['ES256 signed by the other EC key', mint(claims(), { kid: ES1, signWith: ES2 }), 'signature_invalid'],
  ['ES256 DER signature', withSig(es, cryptoSign('sha256', Buffer.from(`${seg(es, 0)}.${seg(es, 1)}`),
    { key: createPrivateKey({ key: fx.private.keys[0], format: 'jwk' }), dsaEncoding: 'der' })), 'signature_invalid'],
  ['ES256 63-byte signature', withSig(es, sigOf(es).subarray(0, 63)), 'signature_invalid'],
  ['ES256 r = 0', esRS(0n, esS), 'signature_invalid'],
  ['ES256 s = 0', esRS(esR, 0n), 'signature_invalid'],
  ['ES256 r = n', esRS(N, esS), 'signature_invalid'],
  ['ES256 s = 2^256 - 1', esRS(esR, (1n << 256n) - 1n), 'signature_invalid'],
  ['ES256 r = n + r mod 2^256', esRS((N + esR) % (1n << 256n), esS), 'signature_invalid'],
  ['ES256 embedded jwk header is ignored', mint(claims(), { kid: ES1, signWith: ES2,
    header: { jwk: { kty: 'EC', crv: 'P-256', x: fx.jwks.keys[3].x, y: fx.jwks.keys[3].y } } }), 'signature_invalid'],
  // 5. claims (signature holds)
  ['claims are not JSON', rawPayload('hello'), 'token_malformed'],
  ['claims are an array', rawPayload('[1,2]'), 'token_malformed'],
  ['claims are a number', rawPayload('1767229200'), 'token_malformed'],
  ['duplicate claim sub', rawPayload(JSON.stringify(claims()).replace('{', '{"sub":"a",')), 'token_malformed'],
  ['expired', mint(claims({ exp: NOW - 1 })), 'token_expired'],
  ['exp equals now', mint(claims({ exp: NOW })), 'token_expired'],
  ['nbf in the future', mint(claims({ nbf: NOW + 1 })), 'token_not_yet_valid'],
  ['iat in the future', mint(claims({ iat: NOW + 1 })), 'token_not_yet_valid'],
  ['exp missing', mint(claims({ exp: undefined })), 'claim_missing'],
  ['exp is a string', mint(claims({ exp: String(NOW + 60) })), 'claim_invalid'],
  ['exp is null', mint(claims({ exp: null })), 'claim_invalid'],
  ['exp is an array', mint(claims({ exp: [NOW + 60] })), 'claim_invalid'],
  ['nbf is a string', mint(claims({ nbf: 'now' })), 'claim_invalid'],
  ['iat is a boolean', mint(claims({ iat: true })), 'claim_invalid'],
  ['exp overflows to infinity', rawPayload(JSON.stringify(claims()).replace(/"exp":\d+/, '"exp":1e400')), ['claim_invalid', 'token_malformed']],
  ['wrong issuer', mint(claims({ iss: 'https://auth.booking.example/' })), 'claim_invalid'],
  ['wrong audience', mint(claims({ aud: 'bookings-api-v2' })), 'claim_invalid'],
  ['audience array without a match', mint(claims({ aud: ['a', 'b'] })), 'claim_invalid'],
  ['audience is a number', mint(claims({ aud: 7 })), 'claim_invalid'],
  // issuer/audience configured: iss/aud become required claims
  ['issuer missing', mint(claims({ iss: undefined })), 'claim_missing'],
  ['audience missing', mint(claims({ aud: undefined })), 'claim_missing'],
  // 6. scopes
  ['insufficient scope', mint(claims({ scope: 'bookings:read' })), 'insufficient_scope', { scopes: ['bookings:write'] }],
  ['scope matching is exact', mint(claims({ scope: 'bookings:read:all' })), 'insufficient_scope', { scopes: ['bookings:read'] }],
  ['no scope claim at all', mint(claims({ scope: undefined })), 'insufficient_scope', { scopes: ['bookings:read'] }],
  // order: claims only after the signature holds
  ['expired and badly signed', withSig(mint(claims({ exp: NOW - 10 })), flip(sigOf(hs), 0)), 'signature_invalid'],
  ['alg none and unknown kid', mint(claims(), { header: { alg: 'none', kid: 'nope' } }), 'alg_not_allowed'],
];

for (const [label, token, code, opts] of CASES) {
  test(`verify rejects: ${label} -> ${[code].flat().join('|')}`, () => {
    const r = at(token, opts);
    assertReject(r, code, label);
    assertNoLeak(r.error.message, token, label);
    assert.deepEqual(Object.keys(r).sort(), ['error', 'ok']);
  });
}

test('every code of the verify table is exercised, with 401 except insufficient_scope 403', () => {
  const seen = new Set(CASES.flatMap(([, , c]) => [c].flat()));
  for (const c of ['token_malformed', 'alg_not_allowed', 'crit_unsupported', 'key_not_found', 'signature_invalid',
    'token_expired', 'token_not_yet_valid', 'claim_missing', 'claim_invalid', 'insufficient_scope']) {
    assert.ok(seen.has(c), c);
  }
  // token_too_old needs maxTokenAge:
  const old = new Guard(guardConfig({ maxTokenAge: 3600 }));
  const t = mint(claims({ iat: NOW - 3601 }));
  const r = old.verifySync(t, { now: NOW });
  assertReject(r, 'token_too_old', 'too old');
  assertNoLeak(r.error.message, t, 'too old');
});

test('accepted result shape: { ok, claims, header (as sent), keyId, scopes }', () => {
  const c = claims({ scope: 'bookings:read bookings:write', scp: ['bookings:admin'], scopes: ['bookings:read', 'x'] });
  for (const kid of [HS1, HS2, ES1, ES2]) {
    const r = at(mint(c, { kid }), { scopes: ['bookings:admin', 'x'] });
    assertAccept(r, ['bookings:read', 'bookings:write', 'bookings:admin', 'x'], kid);
    assert.deepEqual(Object.keys(r).sort(), ['claims', 'header', 'keyId', 'ok', 'scopes']);
    assert.equal(r.keyId, kid);
    assert.deepEqual(r.claims, c);
    assert.deepEqual(r.header, { alg: kid.startsWith('es') ? 'ES256' : 'HS256', kid, typ: 'JWT' });
    assert.ok(Array.isArray(r.scopes));
  }
});

test('scp as a space-separated string is part of the scope union', () => {
  assertAccept(at(mint(claims({ scope: undefined, scp: 'a b' })), { scopes: ['b'] }), ['a', 'b']);
});

test('a token without typ reports no typ', () => {
  const r = at(mint(claims(), { header: { typ: undefined } }));
  assertAccept(r);
  assert.ok(r.header.typ === undefined || r.header.typ === null, `typ ${r.header.typ}`);
});

test('high-S ES256 signatures are accepted (no low-S rule)', () => {
  const hi = esS > N / 2n ? esS : N - esS;
  const lo = N - hi;
  assertAccept(at(esRS(esR, hi)), ['bookings:read'], 'high-S');
  assertAccept(at(esRS(esR, lo)), ['bookings:read'], 'low-S');
});

test('a token just under the 8 KiB limit still verifies', () => {
  const t = mint(claims({ pad: 'x'.repeat(5800) }));
  assert.ok(t.length > 7800 && t.length <= 8192, `length ${t.length}`);
  assertAccept(at(t));
});

test('an unknown kid message does not echo key material of other keys', () => {
  const t = mint(claims(), { header: { kid: 'hs-2099-01' } });
  const r = at(t);
  assertReject(r, 'key_not_found');
  for (const k of fx.jwks.keys) assert.ok(!r.error.message.includes(k.x ?? k.k));
});

test('a bad signature is never accepted whichever byte is flipped (HS256 and ES256)', () => {
  for (const t of [hs, es]) {
    const sig = sigOf(t);
    for (let i = 0; i < sig.length; i++) assertReject(at(withSig(t, flip(sig, i))), 'signature_invalid', `byte ${i}`);
  }
});

// ---- never throws on garbage ----------------------------------------------------------
function* prng(seed) { // xorshift32, deterministic
  let x = seed >>> 0;
  for (;;) { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; yield x; }
}
const rnd = prng(0x7011_6a7e);
const randomBytes = (n) => Buffer.from(Array.from({ length: n }, () => rnd.next().value & 0xff));
const NON_STRINGS = [undefined, null, 0, 42, -1, NaN, Infinity, true, false, {}, [], [hs], { token: hs },
  () => hs, 10n, Symbol('t'), new Uint8Array(8), Buffer.from(hs), new Date(0)];
const BAD_STRINGS = ['', ' ', '.', '..', '...', 'a.b.c', `Bearer ${hs}`, '\u0000', '\u0000.\u0000.\u0000',
  '\ud800.\ud800.\udfff', 'é.ü.ß', '😀.😀.😀', 'x'.repeat(10240), `${'e'.repeat(5000)}.${'e'.repeat(5000)}.${'e'.repeat(300)}`,
  'a'.repeat(1 << 20), `${hs}${hs}`, `${'.'.repeat(10000)}`, hs.split('.').reverse().join('.'),
  ...Array.from({ length: 40 }, (_, i) => randomBytes(1 + (i * 257) % 10300).toString('latin1')),
  ...Array.from({ length: 20 }, (_, i) => [0, 1, 2].map(() => randomBytes(1 + i * 40).toString('base64url')).join('.'))];
const VERIFY_CODES = ['token_missing', 'token_malformed', 'alg_not_allowed', 'crit_unsupported', 'key_not_found',
  'signature_invalid'];

test('verify never throws on non-string tokens and rejects them', () => {
  for (const [i, g] of NON_STRINGS.entries()) {
    let r;
    assert.doesNotThrow(() => { r = guard.verifySync(g, { now: NOW }); }, `non-string #${i}`);
    assertReject(r, ['token_malformed', 'token_missing'], `non-string #${i} (${typeof g})`);
    assertNoLeak(r.error.message, hs, `non-string #${i}`);
  }
});

test('verify never throws on garbage strings and rejects them', () => {
  for (const [i, g] of BAD_STRINGS.entries()) {
    let r;
    assert.doesNotThrow(() => { r = guard.verifySync(g, { now: NOW }); }, `garbage #${i}`);
    assertReject(r, VERIFY_CODES, `garbage #${i} (length ${g.length})`);
    assertNoLeak(r.error.message, g, `garbage #${i}`);
  }
});

test('every single-character change of a valid token is rejected, never thrown', () => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ';
  for (const t of [hs, es]) {
    for (let n = 0; n < 150; n++) {
      const i = rnd.next().value % t.length;
      let c = alphabet[rnd.next().value % alphabet.length];
      if (c === t[i]) c = c === 'A' ? 'B' : 'A';
      const bad = t.slice(0, i) + c + t.slice(i + 1);
      let r;
      assert.doesNotThrow(() => { r = at(bad); });
      assertReject(r, VERIFY_CODES, `pos ${i} -> ${c}`);
    }
  }
});

test('jku, x5u, x5c and jwk never locate keys: ignored for good tokens, no help for forged ones', () => {
  const attackerJwk = { kty: 'EC', crv: 'P-256', x: fx.jwks.keys[3].x, y: fx.jwks.keys[3].y };
  const locators = [{ jku: 'https://attacker.example/jwks.json' }, { x5u: 'https://attacker.example/cert.pem' },
    { x5c: ['MIIBszCCAVmgAwIBAgIU'] }, { jwk: attackerJwk }];
  for (const h of locators) {
    const name = Object.keys(h)[0];
    assertAccept(at(mint(claims(), { kid: ES1, header: h })), undefined, `${name}: signed by the configured key`);
    assertReject(at(mint(claims(), { kid: ES1, signWith: ES2, header: h })), 'signature_invalid', `${name}: signed by the attacker`);
    assertReject(at(mint(claims(), { kid: ES1, signWith: ES2, header: { ...h, kid: 'attacker' } })), 'key_not_found', `${name}: attacker kid`);
  }
});

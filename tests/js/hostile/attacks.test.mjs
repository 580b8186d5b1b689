// The JS side of the attack catalogue (tests/attacks.rs covers the core): what reaches
// JavaScript. Prototype-named claims cannot pollute, Unicode survives exactly, lone
// surrogates are refused (RFC 7493 §2.1), hostile arguments never throw, errors never leak.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Guard, decode } from 'tollgate';
import { mint, claims, guardConfig, NOW, HS1, ES1, assertReject, assertAccept, assertNoLeak } from '../helpers.mjs';

const guard = new Guard(guardConfig());
const body = (extra) => JSON.stringify(claims()).slice(0, -1) + extra + '}';

// Prototype pollution through JSON merges: CVE-2018-3721 (lodash), CVE-2019-10744.
test('claims named __proto__, constructor, prototype stay plain data', () => {
  const text = body(',"__proto__":{"admin":true,"scope":"bookings:write"},"constructor":{"prototype":{"polluted":1}},"prototype":{"x":1}');
  for (const kid of [HS1, ES1]) {
    const token = mint(undefined, { kid, claimsJson: text });
    const r = guard.verifySync(token, { now: NOW });
    assertAccept(r, ['bookings:read'], kid);
    assert.ok(Object.hasOwn(r.claims, '__proto__'), 'an own property, like JSON.parse');
    assert.equal(Object.getPrototypeOf(r.claims), Object.prototype);
    assert.deepEqual(r.claims.__proto__, { admin: true, scope: 'bookings:write' });
    assert.equal(r.claims.admin, undefined);
    assert.equal(({}).admin, undefined);
    assert.equal(({}).polluted, undefined);
    assert.equal(Object.prototype.polluted, undefined);
    assert.equal(typeof r.claims.constructor, 'object');
    assertReject(guard.verifySync(token, { now: NOW, scopes: ['bookings:write'] }), 'insufficient_scope', kid);
    const d = decode(token);
    assert.ok(Object.hasOwn(d.claims, '__proto__'));
    assert.equal(({}).admin, undefined);
  }
  const hdr = mint(undefined, { headerJson: `{"alg":"HS256","kid":"${HS1}","__proto__":{"alg":"none"}}` });
  const r = guard.verifySync(hdr, { now: NOW });
  assertAccept(r, undefined, 'header __proto__');
  assert.equal(r.header.alg, 'HS256');
  assert.equal(({}).alg, undefined);
});

test('non-ASCII and surrogate pairs survive exactly; lone surrogates are refused', () => {
  const values = ['Zoë', '😀', '日本語', 'e\u0301', '\u2028\u2029', '\u0000', '🏳️‍🌈', '\uffff', '\u{10ffff}'];
  for (const v of values) {
    for (const spelled of [JSON.stringify(v), `"${[...v].map((c) => c.codePointAt(0) > 0xffff
      ? c.split('').map((u) => `\\u${u.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')
      : `\\u${c.codePointAt(0).toString(16).padStart(4, '0')}`).join('')}"`]) {
      const token = mint(undefined, { claimsJson: body(`,"name":${spelled},${spelled}:1`) });
      const r = guard.verifySync(token, { now: NOW });
      assertAccept(r, undefined, spelled);
      assert.equal(r.claims.name, v, spelled);
      assert.equal(r.claims[v], 1, `member name ${spelled}`);
    }
  }
  for (const lone of ['\\ud800', '\\udfff', '\\ud83d x', '\\ude00\\ud83d', 'a\\udbff']) {
    const token = mint(undefined, { claimsJson: body(`,"name":"${lone}"`) });
    assertReject(guard.verifySync(token, { now: NOW }), 'token_malformed', lone);
    assert.equal(decode(token).ok, false, `decode ${lone}`);
  }
  // A lone surrogate in the token string itself (not valid UTF-16 text) is malformed, not a throw.
  const token = mint();
  for (const bad of [`${token}\ud800`, `\udc00${token}`, token.replace('.', '\ud83d.')]) {
    assertReject(guard.verifySync(bad, { now: NOW }), 'token_malformed');
    assert.equal(decode(bad).ok, false);
  }
});

test('hostile arguments never throw for the token and never accept', () => {
  const token = mint();
  const weird = [undefined, null, 0, 1n, true, {}, [], [token], { toString: () => token }, new String(token),
    Buffer.from(token), Symbol('t'), () => token, new Uint8Array(4), NaN];
  for (const w of weird) {
    let r;
    assert.doesNotThrow(() => { r = guard.verifySync(w, { now: NOW }); }, String(typeof w));
    assertReject(r, 'token_malformed', String(typeof w));
    assert.doesNotThrow(() => decode(w));
    assert.equal(decode(w).ok, false);
  }
});

test('huge and degenerate strings are refused quickly and without leaking', () => {
  const token = mint();
  const inputs = ['', '.', '..', '...', 'x'.repeat(10_000_000), '.'.repeat(1_000_000), token.repeat(200),
    `${token}${'='.repeat(100)}`, ' '.repeat(8192), '\u0000'.repeat(100), `Bearer ${token}`];
  for (const t of inputs) {
    const r = guard.verifySync(t, { now: NOW });
    assertReject(r, 'token_malformed', `${t.slice(0, 20)}… (${t.length})`);
    assertNoLeak(r.error.message, t, 'message');
  }
  // Refusals of every kind carry no secret and no token.
  const secretish = mint(claims({ exp: NOW - 1 }));
  const r = guard.verifySync(secretish, { now: NOW });
  assertReject(r, 'token_expired');
  assertNoLeak(JSON.stringify(r), secretish, 'expired');
});

test('the token segments are the signed bytes: re-encodings of the same JSON are refused', () => {
  const token = mint();
  const [h, p, s] = token.split('.');
  const std = (x) => Buffer.from(x, 'base64url').toString('base64'); // padded, +/ alphabet
  for (const variant of [`${std(h)}.${p}.${s}`, `${h}.${std(p)}.${s}`, `${h}.${p}.${std(s)}`, `${h}.${p}.${s}=`,
    `${h} .${p}.${s}`, `${h}.${p}.${s.slice(0, -1)}${String.fromCharCode(s.at(-1).charCodeAt(0) + 1)}`]) {
    if (variant === token) continue;
    assertReject(guard.verifySync(variant, { now: NOW }), ['token_malformed', 'signature_invalid'], variant);
  }
  const sameJsonOtherBytes = mint(undefined, { claimsJson: ` ${JSON.stringify(claims())}` });
  const [, p2] = sameJsonOtherBytes.split('.');
  assertReject(guard.verifySync(`${h}.${p2}.${s}`, { now: NOW }), 'signature_invalid');
});

// decode(token): header + claims without verifying; never throws; says clearly when
// it cannot read a token ({ ok: false, error: { code, status, message } }).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decode } from 'tollgate';
import { fx, vec, NOW, ES1, b64u, claims, mint, assertNoLeak } from './helpers.mjs';

const tok = (label) => fx.tokens.find((t) => t.label === label);

function assertUnreadable(r, label) {
  assert.ok(r && typeof r === 'object', `${label}: result is an object`);
  assert.equal(r.ok, false, `${label}: ok is false (${JSON.stringify(r)})`);
  assert.ok(r.error && typeof r.error.message === 'string' && r.error.message.length > 0, `${label}: error.message`);
  assert.equal(typeof r.error.code, 'string', `${label}: error.code`);
}

test('decode reads every fixture whose header and claims are plain JSON objects', () => {
  for (const t of fx.tokens.filter((x) => x.header && x.claims && !x.label.startsWith('malformed'))) {
    const r = decode(t.token);
    assert.equal(r.ok, true, `${t.label}: ${JSON.stringify(r.error)}`);
    assert.deepEqual(r.header, t.header, `${t.label}: header`);
    assert.deepEqual(r.claims, t.claims, `${t.label}: claims`);
  }
});

test('decode does not verify: expired, badly signed, unknown kid and alg none still decode', () => {
  for (const label of ['expired', 'tampered-payload', 'wrong-key-for-kid', 'unknown-kid', 'alg-none', 'es256-der-signature', 'crit-unknown']) {
    const t = tok(label);
    const r = decode(t.token);
    assert.equal(r.ok, true, label);
    assert.deepEqual(r.claims, t.claims, label);
    assert.equal(r.header.alg, t.header.alg, label);
  }
  const selfMade = mint(claims({ exp: NOW - 10 }), { sig: Buffer.from('not a signature') });
  assert.deepEqual(decode(selfMade).claims, claims({ exp: NOW - 10 }));
});

test('decode keeps claim values as JSON.parse gives them (nested, unicode, big numbers)', () => {
  const c = { ...claims(), nested: { a: [1, { b: null }] }, name: 'Zoë 😀 \u2028', big: 12345678901234567890, f: 0.1 };
  const r = decode(mint(c, { kid: ES1 }));
  assert.equal(r.ok, true);
  assert.deepEqual(r.claims, JSON.parse(JSON.stringify(c)));
  assert.deepEqual(r.header, { alg: 'ES256', typ: 'JWT', kid: ES1 });
});

test('decode reads RFC examples verbatim (CR LF inside JSON)', () => {
  const rfc = vec('rfc_examples.json');
  for (const e of rfc.examples.filter((x) => x.payload_json)) {
    const r = decode(e.token);
    assert.equal(r.ok, true, e.id);
    assert.deepEqual(r.header, JSON.parse(e.header_json), e.id);
    assert.deepEqual(r.claims, JSON.parse(e.payload_json), e.id);
  }
});

test('a JWS over plain text decodes its header and reports the claims as unreadable', () => {
  const e = vec('rfc_examples.json').examples.find((x) => x.id === 'rfc7520-4.4-hs256');
  const r = decode(e.token);
  assertUnreadable(r, e.id);
  assert.deepEqual(r.header, JSON.parse(e.header_json));
  assert.equal(r.claims, undefined);
});

test('duplicate members are reported, not silently merged', () => {
  for (const label of ['duplicate-claim', 'duplicate-header-alg']) {
    const r = decode(tok(label).token);
    assertUnreadable(r, label);
    assert.equal(r.error.code, 'token_malformed', label);
  }
});

const GARBAGE = [
  undefined, null, 0, 1.5, NaN, true, {}, [], ['a.b.c'], () => 'x', 10n, Symbol('s'), new Uint8Array(3),
  '', '.', '..', '...', 'abc', 'a.b', 'a.b.c.d', '!!!.???.***', '\u0000', '\ud800', 'é.ü.ß',
  `${b64u({ alg: 'HS256' })}=.${b64u({})}.`, 'x'.repeat(10240), 'e30.'.repeat(3000), 'a'.repeat(1 << 20),
  Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) & 0xff)).toString('latin1'),
];

test('decode never throws on garbage and reports it clearly', () => {
  for (const [i, g] of GARBAGE.entries()) {
    let r;
    assert.doesNotThrow(() => { r = decode(g); }, `garbage #${i}`);
    assertUnreadable(r, `garbage #${i} (${typeof g})`);
    assert.equal(r.claims, undefined, `garbage #${i}: no claims`);
    assertNoLeak(r.error.message, typeof g === 'string' ? g : '', `garbage #${i}`);
  }
});

test('decode with a broken header but readable claims reports the header and returns the claims', () => {
  for (const h of ['[1,2]', '"str"', '{', '{"a":1,"a":2}']) {
    const r = decode(`${b64u(h)}.${b64u({ sub: 'x' })}.`);
    assertUnreadable(r, `header ${h}`);
    assert.equal(r.error.code, 'token_malformed');
    assert.equal(r.header, undefined, `header ${h}`);
    assert.ok(r.claims === undefined || r.claims.sub === 'x', `header ${h}: claims ${JSON.stringify(r.claims)}`);
  }
});

test('decode with a readable header but a broken payload returns the header', () => {
  const h = b64u({ alg: 'HS256', kid: 'k1' });
  for (const p of ['', b64u('not json'), b64u('[1]'), b64u('"text"')]) {
    const r = decode(`${h}.${p}.sig`);
    assertUnreadable(r, `payload ${JSON.stringify(p)}`);
    assert.deepEqual(r.header, { alg: 'HS256', kid: 'k1' }, `payload ${JSON.stringify(p)}`);
  }
});

test('decode of two-segment or unsigned tokens', () => {
  const [h, p] = mint(claims()).split('.');
  assertUnreadable(decode(`${h}.${p}`), 'two segments');
  const unsigned = decode(`${h}.${p}.`);
  // an empty signature does not stop display: header and claims are readable
  assert.deepEqual(unsigned.claims, claims());
});

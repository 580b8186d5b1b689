// Token generator for the hostile differential suite: deterministic random valid tokens
// (HS256 and ES256 fixture keys) and named mutations of them. Each mutation re-signs
// when it changes header or claims, so that it tests exactly one thing. Not a test file.
import { createHmac } from 'node:crypto';
import { fx, NOW, ISS, AUD, HS1, HS2, ES1, ES2, b64u, signBytes } from '../helpers.mjs';

export const KIDS = [HS1, HS2, ES1, ES2];
const N = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');

export function rng(seed) {
  let s = seed >>> 0 || 1;
  const next = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s; };
  return { next, pick: (xs) => xs[next() % xs.length], chance: (n) => next() % n === 0 };
}

const algOf = (kid) => (kid.startsWith('es') ? 'ES256' : 'HS256');
export const sign = (kid, h, p) => `${h}.${p}.${b64u(signBytes(kid, `${h}.${p}`))}`;
/** Raw header/claims JSON texts → token signed by `kid`. */
export const mintText = (kid, headerText, claimsText) => sign(kid, b64u(headerText), b64u(claimsText));
const parts = (t) => t.split('.');
const json = (seg) => Buffer.from(seg, 'base64url').toString('utf8');
const hex32 = (n) => n.toString(16).padStart(64, '0');

// Valid values (under both test configs) and hostile ones, per claim.
const GOOD = {
  iss: [ISS], sub: ['user-4711', 'Zoë 😀', ''], aud: [AUD, [AUD], ['partner', AUD], [AUD, AUD]],
  iat: [NOW - 60, NOW - 600, NOW, undefined], exp: [NOW + 3600, NOW + 1, NOW + 0.5, 1e308],
  scope: ['bookings:read', 'bookings:read bookings:write', '', undefined], nbf: [undefined, NOW - 60, NOW, -1e308],
  scp: [undefined, ['bookings:read'], 'bookings:read'], scopes: [undefined, ['bookings:write']],
};
const BAD = {
  iss: ['https://evil.example', `${ISS}/`, ISS.toUpperCase(), 'https://auth.booking', 7, [ISS], null, undefined],
  sub: [42, null, ['a']],
  aud: ['partner', [], [AUD, 1], 'Bookings-api', `${AUD} `, null, undefined, { [AUD]: true }],
  iat: [NOW + 1, NOW + 29, NOW + 31, NOW - 3600, NOW - 3631, 'x', null],
  exp: [NOW, NOW - 1, NOW - 30, NOW - 31, -1e308, `${NOW + 60}`, true, null, undefined],
  scope: [['bookings:read'], 5, null], nbf: [NOW + 1, NOW + 30, NOW + 31, 'soon', null, 1e308],
  scp: [[1], {}, 5], scopes: ['bookings:read', [null]],
};

export function randomClaims(r) {
  const c = {};
  for (const k of Object.keys(GOOD)) c[k] = r.pick(GOOD[k]);
  const hostile = r.pick([0, 0, 0, 0, 1, 1, 1, 2]);
  for (let i = 0; i < hostile; i++) { const k = r.pick(Object.keys(BAD)); c[k] = r.pick(BAD[k]); }
  if (r.chance(5)) c.ctx = { nested: [1, 'two', null, { deep: true }], unicode: 'Zoë ✓ 日本', n: -0.5 };
  for (const [k, v] of Object.entries(c)) if (v === undefined) delete c[k];
  return c;
}

export function randomToken(r) {
  const kid = r.pick(KIDS);
  const header = { alg: algOf(kid), kid, ...(r.chance(3) ? { typ: 'JWT' } : {}) };
  return { kid, token: mintText(kid, JSON.stringify(header), JSON.stringify(randomClaims(r))) };
}

function resignHeader(t, kid, edit) {
  const [h, p] = parts(t);
  return sign(kid, b64u(edit(json(h))), p);
}
function resignClaims(t, kid, edit) {
  const [h, p] = parts(t);
  return sign(kid, h, b64u(edit(json(p))));
}
const addMember = (text, member) => `${text.slice(0, -1)}${text.length > 2 ? ',' : ''}${member}}`;
const withSig = (t, sig) => `${parts(t).slice(0, 2).join('.')}.${b64u(sig)}`;
const sigOf = (t) => Buffer.from(parts(t)[2], 'base64url');

function der(sig) {
  const int = (b) => { let x = [...b]; while (x.length > 1 && x[0] === 0) x.shift(); if (x[0] & 0x80) x.unshift(0); return [2, x.length, ...x]; };
  const body = [...int(sig.subarray(0, 32)), ...int(sig.subarray(32))];
  return Buffer.from([0x30, body.length, ...body]);
}

function ecKeyBytes(kid, r) {
  const jwk = fx.jwks.keys.find((k) => k.kid === kid);
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')]);
  const spki = Buffer.concat([Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex'), point]);
  const b = spki.toString('base64');
  return r.pick([point, spki, Buffer.from(JSON.stringify(jwk)),
    Buffer.from(`-----BEGIN PUBLIC KEY-----\n${b.slice(0, 64)}\n${b.slice(64)}\n-----END PUBLIC KEY-----\n`)]);
}

/** name → (token, kid, r) => mutated token. */
export const MUTATIONS = {
  'unchanged': (t) => t,
  'alg none (any casing)': (t, kid, r) => `${b64u({ alg: r.pick(['none', 'None', 'NONE', 'nOnE']), kid })}.${parts(t)[1]}.${r.pick(['', parts(t)[2]])}`,
  'alg renamed, re-signed': (t, kid, r) => resignHeader(t, kid, (h) => h.replace(/"alg":"[^"]*"/, `"alg":"${r.pick(['hs256', 'HS384', 'RS256', 'ES256K', 'EdDSA', ''])}"`)),
  'HS256 with EC key bytes as secret': (t, kid, r) => {
    const ec = r.pick([ES1, ES2]);
    const h = b64u({ alg: 'HS256', kid: ec });
    const p = parts(t)[1];
    return `${h}.${p}.${b64u(hmacWith(ecKeyBytes(ec, r), `${h}.${p}`))}`;
  },
  'kid of another key, re-signed by the original': (t, kid, r) => resignHeader(t, kid, (h) => h.replace(/"kid":"[^"]*"/, `"kid":"${r.pick(KIDS.filter((k) => k !== kid))}"`)),
  'kid hostile value, re-signed': (t, kid, r) => resignHeader(t, kid, (h) => h.replace(/"kid":"[^"]*"/, `"kid":${JSON.stringify(r.pick([7, null, '', ' ', kid.toUpperCase(), `${kid} `, '../../etc/passwd', "' OR 1=1 --", 'x'.repeat(3000), [kid], { kid }]))}`)),
  'kid removed, re-signed': (t, kid) => resignHeader(t, kid, (h) => h.replace(/,?"kid":"[^"]*"/, '').replace('{,', '{')),
  'crit, re-signed': (t, kid, r) => resignHeader(t, kid, (h) => addMember(h, `"crit":${JSON.stringify(r.pick([['x'], [], ['b64'], 'x', ['exp']]))},"x":1${r.chance(2) ? ',"b64":true' : ''}`)),
  'b64 not true, re-signed': (t, kid, r) => resignHeader(t, kid, (h) => addMember(h, `"b64":${r.pick(['false', '"false"', '0', 'null'])}`)),
  'embedded jwk/jku/x5u/x5c, re-signed': (t, kid, r) => resignHeader(t, kid, (h) => addMember(h, r.pick(['"jwk":{"kty":"oct","k":"AAAA"}', '"jku":"https://evil.example/k"', '"x5u":"https://evil.example/c"', '"x5c":["MIIB"]']))),
  'duplicate header member, re-signed': (t, kid, r) => resignHeader(t, kid, (h) => addMember(h, r.pick([`"alg":"${algOf(kid)}"`, `"kid":"${kid}"`, '"x":{"a":1,"a":1}']))),
  'header JSON framing, re-signed': (t, kid, r) => resignHeader(t, kid, (h) => r.pick([`\ufeff${h}`, `${h} `, ` \n${h}`, `${h}x`, `[${h}]`, `${h}\u0000`])),
  'claim duplicated, re-signed': (t, kid, r) => resignClaims(t, kid, (c) => addMember(c, r.pick(['"exp":1', `"iss":"${ISS}"`, '"sub":"admin"', '"n":{"k":1,"k":2}', '"\\u0065xp":1']))),
  'date claim retyped, re-signed': (t, kid, r) => resignClaims(t, kid, (c) => addMember(c.replace(/,?"(exp|nbf|iat)":[^,}]*/g, '').replace('{,', '{'),
    `"${r.pick(['exp', 'nbf', 'iat'])}":${r.pick(['"1767229200"', 'true', 'null', '[1]', '1e400', '-1e400', '1767229200.25', '1e308', '-0'])}`)),
  'lone surrogate or non-ASCII claim, re-signed': (t, kid, r) => resignClaims(t, kid, (c) => addMember(c, `"name":"${r.pick(['\\ud800', '\\udfff x', '\\ude00\\ud83d', '\\ud83d\\ude00', 'Zoë', '\\u2028', '\\u0000'])}"`)),
  'deep nesting, re-signed': (t, kid, r) => resignClaims(t, kid, (c) => { const d = r.pick([20, 60, 200, 1000]); return addMember(c, `"d":${'['.repeat(d)}${']'.repeat(d)}`); }),
  'claims framing, re-signed': (t, kid, r) => resignClaims(t, kid, (c) => r.pick([`\ufeff${c}`, `${c} `, ` \t${c}`, `${c}x`, `[${c}]`, '"text"', 'null', `${c}${c}`])),
  'prototype-named claims, re-signed': (t, kid) => resignClaims(t, kid, (c) => addMember(c, '"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}')),
  'invalid UTF-8 in claims, re-signed': (t, kid, r) => { const [h, p] = parts(t); const bytes = Buffer.from(p, 'base64url'); const i = bytes.lastIndexOf(0x7d); return sign(kid, h, b64u(Buffer.concat([bytes.subarray(0, i), Buffer.from(`,"x":"`), Buffer.from(r.pick([[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80]])), Buffer.from('"}')]))); },
  'oversize claim, re-signed': (t, kid, r) => resignClaims(t, kid, (c) => addMember(c, `"pad":"${'x'.repeat(r.pick([5000, 6500, 9000]))}"`)),
  'signature bit flipped': (t, kid, r) => { const s = sigOf(t); s[r.next() % s.length] ^= 1 << (r.next() % 8); return withSig(t, s); },
  'signature truncated or extended': (t, kid, r) => { const s = sigOf(t); return withSig(t, r.pick([s.subarray(0, s.length - 1), s.subarray(0, 16), Buffer.concat([s, Buffer.from([0])]), Buffer.alloc(0)])); },
  'signature from another key': (t, kid, r) => { const other = r.pick(KIDS.filter((k) => k !== kid)); const [h, p] = parts(t); return `${h}.${p}.${b64u(signBytes(other, `${h}.${p}`))}`; },
  'DER signature (ES256 only; HS256 unchanged)': (t, kid) => (algOf(kid) === 'ES256' ? withSig(t, der(sigOf(t))) : t),
  'high/low-S twin (ES256 only; HS256 unchanged)': (t, kid) => { if (algOf(kid) !== 'ES256') return t; const s = sigOf(t); const v = N - BigInt(`0x${s.subarray(32).toString('hex')}`); return withSig(t, Buffer.concat([s.subarray(0, 32), Buffer.from(hex32(v), 'hex')])); },
  'psychic r/s (r or s 0, n-1, n, 2^256-1)': (t, kid, r) => { const s = sigOf(t); const pick = r.pick(['0'.repeat(64), hex32(N), hex32(N - 1n), 'f'.repeat(64)]); return withSig(t, r.chance(2) ? Buffer.from(pick + pick, 'hex') : Buffer.concat([s.subarray(0, 32), Buffer.from(pick, 'hex')])); },
  'segment re-encoded (padding, +/, whitespace, trailing bits)': (t, kid, r) => { const ps = parts(t); const i = r.next() % 3; const seg = ps[i];
    ps[i] = r.pick([`${seg}=`, Buffer.from(seg, 'base64url').toString('base64'), `${seg.slice(0, 4)} ${seg.slice(4)}`, `${seg.slice(0, -1)}${String.fromCharCode(seg.at(-1).charCodeAt(0) ^ 1)}`]); return ps.join('.'); },
  'token framing (whitespace, dots, Bearer)': (t, kid, r) => r.pick([` ${t}`, `${t}\n`, `${t}.`, `.${t}`, `Bearer ${t}`, t.replace('.', '..'), parts(t).slice(0, 2).join('.')]),
};

const hmacWith = (secret, input) => createHmac('sha256', secret).update(input).digest();

// Differential check against jose (jwtVerify + createLocalJWKSet) on every fixture and a
// few hundred generated tokens (valid and mutated). Both must accept or reject alike.
// The only allowed disagreements are intended stricter rejections by tollgate, listed
// in STRICTER with the reason; each one is recognised from the token itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, sign as cryptoSign } from 'node:crypto';
import { jwtVerify, createLocalJWKSet, importJWK, errors } from 'jose';
import { Guard } from 'tollgate';
import { fx, NOW, ISS, AUD, HS1, HS2, ES1, ES2, b64u, claims, mint, signBytes, guardConfig } from './helpers.mjs';
import { hasDuplicateMembers } from '../vectors/verify-vectors.mjs';

const guard = new Guard(guardConfig());
// jose's createLocalJWKSet takes only asymmetric keys (ERR_JOSE_NOT_SUPPORTED for HS256), so the
// oct keys get a resolver with the same selection rules: exact kid (or every key when there is no
// kid), key alg bound to the header alg, several candidates -> JWKSMultipleMatchingKeys.
const EC_SET = createLocalJWKSet({ keys: fx.jwks.keys.filter((k) => k.kty === 'EC') });
const OCT = fx.jwks.keys.filter((k) => k.kty === 'oct');
async function JWKS(header, token) {
  if (header.alg !== 'HS256') return EC_SET(header, token);
  const candidates = OCT.filter((k) => header.kid === undefined || k.kid === header.kid);
  if (candidates.length === 0) throw new errors.JWKSNoMatchingKey();
  if (candidates.length > 1) throw new errors.JWKSMultipleMatchingKeys();
  return importJWK(candidates[0], 'HS256');
}
const joseOptions = {
  issuer: ISS, audience: AUD, algorithms: fx.verifier.algorithms, clockTolerance: fx.verifier.clockTolerance,
  currentDate: new Date(NOW * 1000),
  requiredClaims: ['exp'], // tollgate requires exp by default; jose only when asked
};

// ---- what tollgate rejects on purpose although jose accepts ----------------------------
const strictB64 = (s) => /^[A-Za-z0-9_-]*$/.test(s) && s.length % 4 !== 1 && Buffer.from(s, 'base64url').toString('base64url') === s;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const tryJson = (buf) => { try { return JSON.parse(utf8.decode(buf)); } catch { return undefined; } };
const dup = (buf) => tryJson(buf) !== undefined && hasDuplicateMembers(utf8.decode(buf));

const STRICTER = {
  'size-limit': 'DESIGN step 1: tokens over 8 KiB are refused before decoding; jose has no limit',
  'strict-base64url': 'DESIGN step 1: padding, whitespace and non-canonical trailing bits are token_malformed; jose decodes with the forgiving atob()',
  'invalid-utf8': 'header/claims must be UTF-8 JSON (RFC 7519 §7.2); a lenient decoder may substitute U+FFFD',
  'duplicate-members': 'DESIGN steps 2 and 5: duplicate member names are token_malformed (RFC 7515 §5.2); jose\'s JSON.parse keeps the last',
  'missing-kid': 'requireKid defaults to true (key_not_found); a resolver that falls back to the only key of the type would accept',
  'iat-in-future': 'DESIGN table: an iat in the future is token_not_yet_valid; jose checks iat only with maxTokenAge',
};

function stricterReasons(token) {
  const out = [];
  if (token.length > 8192) out.push('size-limit');
  const parts = token.split('.');
  if (parts.length !== 3) return out;
  if (!parts.every(strictB64)) { out.push('strict-base64url'); return out; }
  const [h, p] = parts.slice(0, 2).map((s) => Buffer.from(s, 'base64url'));
  for (const b of [h, p]) { try { utf8.decode(b); } catch { out.push('invalid-utf8'); } }
  if (dup(h) || dup(p)) out.push('duplicate-members');
  const header = tryJson(h), payload = tryJson(p);
  if (header && typeof header === 'object' && header.kid === undefined) out.push('missing-kid');
  if (payload && typeof payload === 'object' && typeof payload.iat === 'number' && payload.iat > NOW) out.push('iat-in-future');
  return out;
}

async function joseVerdict(token) {
  try {
    const { payload, protectedHeader } = await jwtVerify(token, JWKS, joseOptions);
    return { ok: true, payload, protectedHeader };
  } catch (e) {
    return { ok: false, code: e.code ?? e.name };
  }
}

/** Compares one token; returns a description of an unexplained disagreement, or null. */
async function compare(label, token, used) {
  const ours = guard.verifySync(token, { now: NOW });
  const theirs = await joseVerdict(token);
  if (ours.ok && theirs.ok) {
    assert.deepEqual(ours.claims, theirs.payload, `${label}: claims`);
    assert.equal(ours.header.alg, theirs.protectedHeader.alg, `${label}: alg`);
    assert.equal(ours.header.kid, theirs.protectedHeader.kid, `${label}: kid`);
    return null;
  }
  if (ours.ok === theirs.ok) return null;
  if (!ours.ok && theirs.ok) {
    const reasons = stricterReasons(token);
    if (reasons.length) { for (const r of reasons) used.set(r, (used.get(r) ?? 0) + 1); return null; }
  }
  return `${label}: tollgate ${ours.ok ? 'accept' : `reject ${ours.error.code}`}, jose ${theirs.ok ? 'accept' : `reject ${theirs.code}`}\n    ${token.length > 400 ? `${token.slice(0, 400)}…` : token}`;
}

async function run(cases) {
  const used = new Map(), bad = [];
  let accepted = 0;
  for (const [label, token] of cases) {
    const d = await compare(label, token, used);
    if (d) bad.push(d);
    else if (guard.verifySync(token, { now: NOW }).ok) accepted++;
  }
  return { bad, used, accepted };
}

test('differential vs jose: every fixture token', async () => {
  const { bad, used, accepted } = await run(fx.tokens.map((t) => [t.label, t.token]));
  assert.deepEqual(bad, [], `unexplained disagreements:\n${bad.join('\n')}`);
  assert.equal(accepted, 9); // the 8 accepted labels + insufficient-scope (no scopes asked here)
  // the fixtures are known to hit exactly these stricter rules
  assert.deepEqual([...used.keys()].sort(), ['duplicate-members', 'iat-in-future', 'strict-base64url']);
});

// ---- generated tokens (deterministic) -------------------------------------------------------
let seed = 0x5eed1e55;
const rnd = () => { seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0; return seed; };
const pick = (xs) => xs[rnd() % xs.length];
const KIDS = [HS1, HS2, ES1, ES2];

// Half of the claim sets are valid; the other half break (or probe the edge of) one rule.
const PERTURB = [
  { exp: NOW + 1 }, { exp: NOW }, { exp: NOW - 1 }, { exp: NOW - 3600 }, { exp: NOW + 0.5 }, { exp: NOW - 0.5 },
  { exp: undefined }, { exp: String(NOW + 60) }, { exp: null }, { nbf: NOW }, { nbf: NOW + 1 }, { nbf: 'soon' },
  { iat: NOW }, { iat: NOW + 1 }, { iat: NOW + 600 }, { iat: undefined }, { iat: 'x' }, { iat: NOW - 86400 * 365 },
  { iss: 'https://evil.example' }, { iss: `${ISS}/` }, { iss: undefined }, { iss: 7 }, { iss: [ISS] },
  { aud: [AUD] }, { aud: ['partner', AUD] }, { aud: 'partner' }, { aud: [] }, { aud: undefined }, { aud: 1 },
  { scope: undefined }, { scope: 'a b c' }, { scp: ['x'] },
];
function randomClaims() {
  const c = claims(rnd() % 2 === 0 ? {} : pick(PERTURB));
  if (rnd() % 4 === 0) c.extra = { nested: [1, 'two', null], unicode: 'Zoë ✓', n: 1.5e10 };
  return c;
}

const flipByte = (token) => {
  const [h, p, s] = token.split('.');
  const b = Buffer.from(s, 'base64url');
  b[rnd() % b.length] ^= 1 << (rnd() % 8);
  return `${h}.${p}.${b64u(b)}`;
};
const resign = (h, p, kid) => `${h}.${p}.${b64u(signBytes(kid, `${h}.${p}`))}`;
const MUTATIONS = {
  'flipped signature bit': (t) => flipByte(t),
  'changed claim, not re-signed': (t) => { const [h, , s] = t.split('.'); return `${h}.${b64u(randomClaims())}.${s}`; },
  'kid of another key, not re-signed': (t) => { const [h, p, s] = t.split('.'); const hd = JSON.parse(Buffer.from(h, 'base64url')); return `${b64u({ ...hd, kid: pick(KIDS) })}.${p}.${s}`; },
  'alg swapped, re-signed by the kid': (t, kid) => resign(b64u({ alg: kid.startsWith('es') ? 'HS256' : 'ES256', typ: 'JWT', kid }), t.split('.')[1], kid),
  'alg none, empty signature': (t, kid) => `${b64u({ alg: 'none', kid })}.${t.split('.')[1]}.`,
  'unknown crit, re-signed': (t, kid) => resign(b64u({ alg: kid.startsWith('es') ? 'ES256' : 'HS256', kid, crit: ['x'], x: 1 }), t.split('.')[1], kid),
  'kid removed, re-signed': (t, kid) => resign(b64u({ alg: kid.startsWith('es') ? 'ES256' : 'HS256', typ: 'JWT' }), t.split('.')[1], kid),
  'typ changed, re-signed': (t, kid) => resign(b64u({ alg: kid.startsWith('es') ? 'ES256' : 'HS256', typ: pick(['at+jwt', 'foo', 7]), kid }), t.split('.')[1], kid),
  'duplicate header member, re-signed': (t, kid) => resign(b64u(`{"alg":"${kid.startsWith('es') ? 'ES256' : 'HS256'}","kid":"${kid}","kid":"${kid}"}`), t.split('.')[1], kid),
  'duplicate claim, re-signed': (t, kid) => { const [h, p] = t.split('.'); const txt = Buffer.from(p, 'base64url').toString(); return resign(h, b64u(txt.replace('{', '{"sub":"x",')), kid); },
  'signature of another token': (t) => { const [h, p] = t.split('.'); return `${h}.${p}.${mint(claims(), { kid: pick(KIDS) }).split('.')[2]}`; },
  'one character replaced': (t) => { const i = rnd() % t.length; const c = pick([...'AQgw-_09az.=+/ ']); return t.slice(0, i) + (c === t[i] ? 'B' : c) + t.slice(i + 1); },
  'truncated': (t) => t.slice(0, rnd() % t.length),
  'padding appended to a segment': (t) => { const ps = t.split('.'); ps[rnd() % 3] += '='; return ps.join('.'); },
  'non-canonical last character': (t) => { const ps = t.split('.'); const i = rnd() % 3; ps[i] = ps[i].slice(0, -1) + String.fromCharCode(ps[i].at(-1).charCodeAt(0) ^ 1); return ps.join('.'); },
  'DER signature (ES256)': (t, kid) => { const [h, p] = t.split('.'); if (!kid.startsWith('es')) return t; const key = createPrivateKey({ key: fx.private.keys.find((k) => k.kid === kid), format: 'jwk' }); return `${h}.${p}.${b64u(cryptoSign('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'der' }))}`; },
  'claims replaced by an array, re-signed': (t, kid) => resign(t.split('.')[0], b64u('[1,2,3]'), kid),
};

function generate(count) {
  const out = [];
  const names = Object.keys(MUTATIONS);
  for (let i = 0; i < count; i++) {
    const kid = pick(KIDS);
    const base = mint(randomClaims(), { kid, header: rnd() % 5 === 0 ? { typ: undefined } : {} });
    out.push([`gen#${i} ${kid}`, base]);
    const name = names[i % names.length];
    out.push([`gen#${i} ${kid} ${name}`, MUTATIONS[name](base, kid)]);
  }
  return out;
}

test('differential vs jose: generated valid and mutated tokens', async () => {
  const cases = generate(170);
  const { bad, used, accepted } = await run(cases);
  assert.deepEqual(bad, [], `unexplained disagreements:\n${bad.join('\n')}`);
  assert.ok(cases.length >= 300, `${cases.length} cases`);
  // not vacuous: many tokens accepted by both, and many rejected by both
  assert.ok(accepted >= 40 && accepted <= cases.length - 100, `accepted ${accepted} of ${cases.length}`);
  for (const r of used.keys()) assert.ok(STRICTER[r], r);
  // the intended stricter rules that the generator always exercises
  for (const r of ['strict-base64url', 'duplicate-members', 'iat-in-future']) assert.ok(used.get(r) > 0, `${r} never hit`);
});

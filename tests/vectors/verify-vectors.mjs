#!/usr/bin/env node
// verify-vectors.mjs: checks every file in this folder against node:crypto and a
// small reference model of the verifier that docs/design.md describes.
//
//   node verify-vectors.mjs [--verbose]   (node >= 20, node:crypto only; --verbose lists
//                                         the model's error code for each JOSE case)
//
// 1. rfc_examples.json: signatures, decoded header/payload, expectations
// 2. fixtures.json: every token's expected outcome
// 3. Wycheproof JOSE vectors (json_web_signature_test.json, json_web_key_test.json),
//    HS256/ES256 cases only; every disagreement must be listed in KNOWN below
// 4. Wycheproof primitives (ECDSA P-256 P1363 and DER, HMAC-SHA256) against node:crypto
// Exit code 0 when everything matches or is a listed known deviation.
//
// The model is a test oracle, not the product.

import { createHmac, createPublicKey, verify as cryptoVerify, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = dirname(fileURLToPath(import.meta.url));
const load = (f) => JSON.parse(readFileSync(join(DIR, f), 'utf8'));
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

// ---- reference model -------------------------------------------------------------
function b64uStrict(s) { // null unless canonical unpadded base64url
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) return null;
  const b = Buffer.from(s, 'base64url');
  return b.toString('base64url') === s ? b : null;
}
const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
// JSON.parse keeps the last of duplicate members; this scan (run on text that
// JSON.parse accepted) finds any object with a repeated member name, escapes decoded.
export function hasDuplicateMembers(text) {
  const stack = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i], top = stack[stack.length - 1];
    if (ch === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (top?.obj && top.wantKey) {
        const k = JSON.parse(text.slice(i, j + 1));
        if (top.keys.has(k)) return true;
        top.keys.add(k);
        top.wantKey = false;
      }
      i = j;
    } else if (ch === '{') stack.push({ obj: true, keys: new Set(), wantKey: true });
    else if (ch === '[') stack.push({ obj: false });
    else if (ch === '}' || ch === ']') stack.pop();
    else if (ch === ',' && top?.obj) top.wantKey = true;
  }
  return false;
}
const parseObject = (buf) => { // null unless a JSON object without duplicate members
  const text = buf.toString('utf8');
  let v;
  try { v = JSON.parse(text); } catch { return null; }
  return isObj(v) && !hasDuplicateMembers(text) ? v : null;
};
const fail = (code) => ({ ok: false, code });

// Key-set validation (Guard constructor / setKeys). Returns error string or null.
// Keys tollgate cannot verify with (another kty or crv, use other than sig, key_ops without
// verify, another alg) are skipped; a set without a usable key is refused.
export function validateKeys(jwks) {
  if (!isObj(jwks) || !Array.isArray(jwks.keys)) return 'keys must be {keys:[...]}';
  const seen = new Set();
  for (const [i, k] of jwks.keys.entries()) {
    if (!isObj(k)) return `keys[${i}] not an object`;
    if (typeof k.kty !== 'string') return `keys[${i}].kty missing`;
    if (k.kty !== 'oct' && k.kty !== 'EC') continue; // skipped
    if (k.kty === 'EC' && k.crv !== 'P-256') continue; // skipped
    if (k.use !== undefined && k.use !== 'sig') continue; // skipped
    if (k.key_ops !== undefined && !(Array.isArray(k.key_ops) && k.key_ops.includes('verify'))) continue; // skipped
    const alg = k.kty === 'oct' ? 'HS256' : 'ES256';
    if (k.alg === undefined && k.kty === 'oct') return `keys[${i}].alg: an oct key must name HS256`;
    if (k.alg !== undefined && k.alg !== alg) continue; // skipped
    if (typeof k.kid !== 'string' || !k.kid) return `keys[${i}].kid missing`;
    if (seen.has(k.kid)) return `keys[${i}].kid duplicate`;
    seen.add(k.kid);
    if (k.kty === 'oct') {
      const kb = typeof k.k === 'string' ? b64uStrict(k.k) : null;
      if (!kb || kb.length < 32) return `keys[${i}].k: HS256 key must be at least 32 bytes`;
    } else {
      if (k.d !== undefined) return `keys[${i}] is a private key`;
      const x = typeof k.x === 'string' && b64uStrict(k.x), y = typeof k.y === 'string' && b64uStrict(k.y);
      if (!x || !y || x.length !== 32 || y.length !== 32) return `keys[${i}] x/y must be 32 bytes`;
      try { createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: k.x, y: k.y }, format: 'jwk' }); } catch { return `keys[${i}] not a point on P-256`; }
    }
  }
  return seen.size === 0 ? 'keys: no usable key' : null;
}

// Steps 1-4 of DESIGN.md: returns {ok, header, payload} or {ok:false, code}.
export function verifyJws(token, keys, { requireKid = true, algorithms = ['HS256', 'ES256'] } = {}) {
  if (typeof token !== 'string' || token.length > 8192) return fail('token_malformed');
  const parts = token.split('.');
  if (parts.length !== 3) return fail('token_malformed');
  const [hb, pb, sb] = parts.map(b64uStrict);
  if (!hb || !pb || !sb) return fail('token_malformed');
  const header = parseObject(hb);
  if (!header) return fail('token_malformed');
  if (typeof header.alg !== 'string' || !algorithms.includes(header.alg)) return fail('alg_not_allowed');
  if (header.crit !== undefined) return fail('crit_unsupported');
  let candidates;
  if (header.kid === undefined) {
    if (requireKid) return fail('key_not_found');
    candidates = keys.filter((k) => k.alg === header.alg);
    if (!candidates.length) return fail('key_not_found');
  } else {
    const k = keys.find((key) => key.kid === header.kid);
    if (!k) return fail('key_not_found');
    candidates = [k];
  }
  const input = Buffer.from(`${parts[0]}.${parts[1]}`);
  for (const k of candidates) {
    const bound = header.alg === 'HS256' ? k.kty === 'oct' && k.alg === 'HS256' : k.kty === 'EC' && k.crv === 'P-256' && k.alg === 'ES256';
    if (!bound) return fail('alg_not_allowed');
    let good = false;
    if (header.alg === 'HS256') {
      const mac = createHmac('sha256', Buffer.from(k.k, 'base64url')).update(input).digest();
      good = sb.length === 32 && timingSafeEqual(sb, mac);
    } else if (sb.length === 64) {
      const r = BigInt('0x' + sb.subarray(0, 32).toString('hex')), s = BigInt('0x' + sb.subarray(32).toString('hex'));
      const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: k.x, y: k.y }, format: 'jwk' });
      good = r > 0n && r < N && s > 0n && s < N && cryptoVerify('sha256', input, { key, dsaEncoding: 'ieee-p1363' }, sb);
    }
    if (good) return { ok: true, header, payload: pb };
  }
  return fail('signature_invalid');
}

// Full pipeline: steps 1-6.
export function verifyJwt(token, keys, o = {}) {
  const j = verifyJws(token, keys, o);
  if (!j.ok) return j;
  const c = parseObject(j.payload);
  if (!c) return fail('token_malformed');
  const tol = o.clockTolerance ?? 0, now = o.now;
  if (c.exp === undefined && o.requireExp !== false) return fail('claim_missing');
  for (const n of ['exp', 'nbf', 'iat']) if (c[n] !== undefined && !(typeof c[n] === 'number' && Number.isFinite(c[n]))) return fail('claim_invalid');
  if (c.exp !== undefined && c.exp + tol <= now) return fail('token_expired');
  if (c.nbf !== undefined && c.nbf - tol > now) return fail('token_not_yet_valid');
  if (c.iat !== undefined && c.iat - tol > now) return fail('token_not_yet_valid');
  if (o.issuer !== undefined && c.iss !== o.issuer) return fail('claim_invalid');
  if (o.audience !== undefined && !(c.aud === o.audience || (Array.isArray(c.aud) && c.aud.includes(o.audience)))) return fail('claim_invalid');
  const scopes = [];
  const addAll = (xs) => { for (const x of xs) if (typeof x === 'string' && x && !scopes.includes(x)) scopes.push(x); };
  if (typeof c.scope === 'string') addAll(c.scope.split(' '));
  if (typeof c.scp === 'string') addAll(c.scp.split(' '));
  if (Array.isArray(c.scp)) addAll(c.scp);
  if (Array.isArray(c.scopes)) addAll(c.scopes);
  if ((o.scopes ?? []).some((s) => !scopes.includes(s))) return fail('insufficient_scope');
  return { ok: true, header: j.header, claims: c, scopes };
}

// ---- checks (only when run as a script; importing just gives the model) --------------
function main() {
  let problems = 0;
  const VERBOSE = process.argv.includes('--verbose');
  const report = (name, total, bad, known = [], note = '') => {
    const k = known.length ? `, ${known.length} known deviation(s)` : '';
    console.log(`${bad.length ? 'FAIL' : 'ok  '} ${name}: ${total - bad.length - known.length}/${total} match${k}${note ? `; ${note}` : ''}`);
    for (const b of bad) console.log(`       UNEXPECTED ${b}`);
    for (const b of known) console.log(`       known: ${b}`);
    problems += bad.length;
  };

  // ---- 1. RFC examples --------------------------------------------------------------------
  {
    const { examples } = load('rfc_examples.json');
    const bad = [];
    let n = 0;
    for (const e of examples) {
      const [h, p] = e.token.split('.');
      n++;
      if (e.header_json !== undefined && Buffer.from(h, 'base64url').toString() !== e.header_json) bad.push(`${e.id}: header_json`);
      const pj = Buffer.from(p, 'base64url').toString();
      if ((e.payload_json ?? e.payload_text) !== pj) bad.push(`${e.id}: payload`);
      const { d, ...pubJwk } = e.jwk;
      const key = e.jwk_for_guard ?? { ...pubJwk, kid: e.jwk.kid, alg: e.alg };
      const sig = verifyJws(e.token, [key], { requireKid: false });
      if (sig.ok !== e.signature_valid) bad.push(`${e.id}: signature ${sig.ok} (${sig.code})`);
      for (const x of e.expected) {
        n++;
        const r = verifyJwt(e.token, [key], x.options);
        const got = r.ok ? 'accept' : `reject ${r.code}`;
        const want = x.result === 'accept' ? 'accept' : `reject ${x.code}`;
        if (got !== want) bad.push(`${e.id} ${JSON.stringify(x.options)}: got ${got}, want ${want}`);
      }
    }
    report('rfc_examples.json', n, bad);
  }

  // ---- 2. fixtures --------------------------------------------------------------------------
  {
    const fx = load('fixtures.json');
    const bad = [];
    const keyErr = validateKeys(fx.jwks);
    if (keyErr) bad.push(`jwks rejected: ${keyErr}`);
    for (const t of fx.tokens) {
      const r = verifyJwt(t.token, fx.jwks.keys, { ...fx.verifier, ...(t.verify ?? {}) });
      const got = r.ok ? `accept ${JSON.stringify(r.scopes)}` : `reject ${r.code}`;
      const want = t.expected.result === 'accept' ? `accept ${JSON.stringify(t.expected.scopes)}` : `reject ${t.expected.code}`;
      if (got !== want) bad.push(`${t.label}: got ${got}, want ${want}`);
      if (t.expected_if_requireExp_false) {
        const r2 = verifyJwt(t.token, fx.jwks.keys, { ...fx.verifier, requireExp: false });
        if (!r2.ok) bad.push(`${t.label} (requireExp:false): got reject ${r2.code}`);
      }
    }
    report('fixtures.json', fx.tokens.length + 1, bad);
  }

  // ---- 3. Wycheproof JOSE --------------------------------------------------------------------
  // Disagreements between the upstream "result" and a strict HS256/ES256 verifier.
  const KNOWN = {
    'jws:367': 'defective upstream: byte-identical to tcId 357 (valid) but marked invalid ("invalidBase64Padding"; the padding was lost)',
    'jws:370': 'defective upstream: byte-identical to tcId 357 (valid) but marked invalid ("invalidBase64PaddingInPayload")',
    'jws:372': 'upstream says valid although a "?" sits inside the header segment; strict base64url (DESIGN.md step 1) rejects it',
    'jws:373': 'upstream says valid although a "?" sits inside the payload segment; strict base64url rejects it',
    'jwk:1': 'not applicable: tollgate deliberately mixes oct (HS256) and EC (ES256) keys in one set; upstream flags it Ambiguous',
  };
  const jwsAlg = (jws) => { try { return JSON.parse(Buffer.from(jws.split('.')[0], 'base64url').toString()).alg; } catch { return undefined; } };
  const applicableKey = (k) => k && (k.kty === 'oct' || (k.kty === 'EC' && k.crv === 'P-256'));
  {
    const d = load('json_web_signature_test.json');
    const bad = [], known = [];
    let n = 0;
    for (const g of d.testGroups) {
      const raw = g.public ?? g.private;
      const { d: _priv, ...key } = raw;
      const usable = applicableKey(raw);
      const keyErr = usable ? validateKeys({ keys: [key] }) : null;
      for (const t of g.tests) {
        const alg = jwsAlg(t.jws);
        const isNone = typeof alg === 'string' && alg.toLowerCase() === 'none'; // rejected before any key is looked at
        if (!isNone && (!usable || (alg !== undefined && alg !== 'HS256' && alg !== 'ES256'))) continue;
        n++;
        const r = keyErr ? fail(`config: ${keyErr}`) : verifyJws(t.jws, usable ? [key] : []);
        const got = r.ok ? 'valid' : 'invalid';
        if (VERBOSE) console.log(`  jws tcId ${t.tcId} ${g.comment}/${t.comment}: upstream ${t.result}, model ${r.ok ? 'valid' : r.code}`);
        if (got === t.result) continue;
        (KNOWN[`jws:${t.tcId}`] ? known : bad).push(`tcId ${t.tcId} ${t.comment}: upstream ${t.result}, model ${got} ${r.code ?? ''}`);
      }
    }
    report('json_web_signature_test.json (HS256/ES256 cases)', n, bad, known);
  }
  {
    const d = load('json_web_key_test.json');
    const bad = [], known = [];
    let n = 0;
    for (const g of d.testGroups) {
      const set = g.public ?? g.private;
      const pubSet = { keys: set.keys.map(({ d: _d, ...k }) => k) };
      for (const t of g.tests) {
        if (!['HS256', 'ES256'].includes(jwsAlg(t.jws))) continue; // RS*/PS*/HS384/HS512 cases
        n++;
        const keyErr = validateKeys(pubSet);
        const r = keyErr ? fail(`config: ${keyErr}`) : verifyJws(t.jws, pubSet.keys);
        const got = r.ok ? 'valid' : 'invalid';
        if (VERBOSE) console.log(`  jwk tcId ${t.tcId} ${g.comment}/${t.comment}: upstream ${t.result}, model ${r.ok ? 'valid' : r.code}`);
        if (got === t.result) continue;
        (KNOWN[`jwk:${t.tcId}`] ? known : bad).push(`tcId ${t.tcId} ${g.comment}/${t.comment}: upstream ${t.result}, model ${got} ${r.code ?? ''}`);
      }
    }
    report('json_web_key_test.json (HS256/ES256 cases)', n, bad, known);
  }

  // ---- 4. Wycheproof primitives vs node:crypto ------------------------------------------------
  for (const [file, dsaEncoding] of [['ecdsa_secp256r1_sha256_p1363_test.json', 'ieee-p1363'], ['ecdsa_secp256r1_sha256_test.json', 'der']]) {
    const d = load(file);
    const bad = [];
    let n = 0, len64 = 0;
    for (const g of d.testGroups) {
      const u = Buffer.from(g.publicKey.uncompressed, 'hex');
      const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: u.subarray(1, 33).toString('base64url'), y: u.subarray(33).toString('base64url') }, format: 'jwk' });
      for (const t of g.tests) {
        n++;
        const sig = Buffer.from(t.sig, 'hex');
        if (sig.length === 64) len64++;
        let ok;
        try { ok = cryptoVerify('sha256', Buffer.from(t.msg, 'hex'), { key, dsaEncoding }, sig); } catch { ok = false; }
        if (dsaEncoding === 'ieee-p1363' && sig.length !== 64) ok = false;
        if ((ok ? 'valid' : 'invalid') !== t.result && t.result !== 'acceptable') bad.push(`tcId ${t.tcId} ${t.comment}: upstream ${t.result}, node ${ok}`);
      }
    }
    report(`${file} (node:crypto, ${dsaEncoding})`, n, bad, [], dsaEncoding === 'der' ? `${len64} of the DER signatures are 64 bytes long` : '');
  }
  {
    const d = load('hmac_sha256_test.json');
    const bad = [];
    let n = 0;
    for (const g of d.testGroups) for (const t of g.tests) {
      n++;
      const mac = createHmac('sha256', Buffer.from(t.key, 'hex')).update(Buffer.from(t.msg, 'hex')).digest().subarray(0, g.tagSize / 8);
      const ok = mac.equals(Buffer.from(t.tag, 'hex'));
      if ((ok ? 'valid' : 'invalid') !== t.result) bad.push(`tcId ${t.tcId}: upstream ${t.result}, node ${ok}`);
    }
    report('hmac_sha256_test.json (node:crypto)', n, bad);
  }

  console.log(problems ? `${problems} unexpected result(s)` : 'all vectors consistent');
  return problems ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(main());

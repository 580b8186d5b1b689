// Differential test against jose (jwtVerify), at scale: thousands of generated valid tokens
// and named mutations (generate.mjs), under three verifier configs, on the same keys and
// options. Every disagreement must be an intended stricter rejection by tollgate: it is
// recognised from the token itself (not from the mutation that made it), tollgate's code
// must be the one that rule produces, and the rule must be listed in SECURITY.md. Any
// other disagreement, or jose refusing what tollgate accepts, fails the test.
// Scale up for a longer run: TOLLGATE_DIFF_BASE=20000 node --test tests/js/hostile/differential.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { jwtVerify, createLocalJWKSet, importJWK, errors } from 'jose';
import { Guard } from 'tollgate';
import { fx, NOW, ISS, AUD } from '../helpers.mjs';
import { hasDuplicateMembers as hasDuplicates } from '../../vectors/verify-vectors.mjs';
import { rng, randomToken, MUTATIONS } from './generate.mjs';

const BASE = Number(process.env.TOLLGATE_DIFF_BASE ?? 1200);
const ONE_PER_ALG = { keys: fx.jwks.keys.filter((k) => k.kid.endsWith('-01')) };
const CONFIGS = {
  fixtures: {},
  'tolerance 30 + maxTokenAge 3600': { clockTolerance: 30, maxTokenAge: 3600 },
  'one key per algorithm': { keys: ONE_PER_ALG },
};

// reason → [tollgate code, why]; SECURITY.md carries the same table.
export const STRICTER = {
  'size-limit': ['token_malformed', 'tokens over 8 KiB are refused before decoding; jose has no limit'],
  'strict-base64url': ['token_malformed', 'padding, +/, whitespace, non-canonical trailing bits; jose decodes leniently'],
  'bom': ['token_malformed', 'a byte-order mark before the JSON; jose\'s TextDecoder strips it'],
  'duplicate-members': ['token_malformed', 'duplicate member names (any depth); JSON.parse keeps the last'],
  'lone-surrogate': ['token_malformed', 'unpaired \\uD800-\\uDFFF escapes (I-JSON, RFC 7493 §2.1); JSON.parse keeps them'],
  'number-overflow': ['token_malformed', 'numbers beyond double range (RFC 7493 §2.2); JSON.parse makes them Infinity'],
  'nesting-depth': ['token_malformed', 'JSON nested deeper than 128 levels; JSON.parse has no limit'],
  'missing-kid': ['key_not_found', 'requireKid defaults to true; jose tries every key'],
  'iat-in-future': ['token_not_yet_valid', 'iat after now + tolerance; jose checks iat only with maxTokenAge'],
  'crit-present': ['crit_unsupported', 'any crit, including ["b64"] which jose understands'],
  'b64-not-true': ['crit_unsupported', 'b64 other than true, even without crit; jose ignores b64 unless crit lists it'],
  'scope-claim-type': ['claim_invalid', 'scope/scp/scopes of the wrong type; jose does not read scopes'],
  'aud-array-non-string': ['claim_invalid', 'an aud array holding a non-string; jose matches any element'],
};

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }); // keep a BOM visible
const strictB64 = (s) => /^[A-Za-z0-9_-]*$/.test(s) && s.length % 4 !== 1 && Buffer.from(s, 'base64url').toString('base64url') === s;
const parseLoose = (text) => { try { return JSON.parse(text.replace(/^\ufeff/, '')); } catch { return undefined; } };


function walk(v, depth, visit) {
  visit(v, depth);
  if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { visit(k, depth); walk(x, depth + 1, visit); }
}

/** The stricter rules a token breaks, judged from the token alone. */
export function stricterReasons(token, { clockTolerance = 0 }) {
  const out = new Set();
  if (token.length > 8192) out.add('size-limit');
  const segs = token.split('.');
  if (segs.length !== 3) return out;
  if (!segs.every(strictB64)) { out.add('strict-base64url'); return out; }
  const values = [];
  for (const seg of segs.slice(0, 2)) {
    const bytes = Buffer.from(seg, 'base64url');
    let text;
    try { text = utf8.decode(bytes); } catch { continue; } // jose refuses invalid UTF-8 too
    if (text.startsWith('\ufeff')) out.add('bom');
    const v = parseLoose(text);
    values.push(v);
    if (v === undefined) continue;
    if (hasDuplicates(text.replace(/^\ufeff/, ''))) out.add('duplicate-members');
    walk(v, 1, (x, depth) => {
      if (typeof x === 'string' && !x.isWellFormed()) out.add('lone-surrogate');
      if (typeof x === 'number' && !Number.isFinite(x)) out.add('number-overflow');
      if (depth > 127) out.add('nesting-depth');
    });
  }
  const [header, claims] = values.map((v) => (v && typeof v === 'object' && !Array.isArray(v) ? v : {}));
  if (header.kid === undefined) out.add('missing-kid');
  if ('crit' in header) out.add('crit-present');
  if ('b64' in header && header.b64 !== true) out.add('b64-not-true');
  if (typeof claims.iat === 'number' && claims.iat - clockTolerance > NOW) out.add('iat-in-future');
  const strs = (x) => Array.isArray(x) && x.every((s) => typeof s === 'string');
  if (('scope' in claims && typeof claims.scope !== 'string') || ('scp' in claims && typeof claims.scp !== 'string' && !strs(claims.scp))
    || ('scopes' in claims && !strs(claims.scopes))) out.add('scope-claim-type');
  if (Array.isArray(claims.aud) && !strs(claims.aud)) out.add('aud-array-non-string');
  return out;
}

// jose: EC keys through createLocalJWKSet; oct keys (which it does not take) through a
// resolver with the same rules: exact kid, or every key when there is no kid.
async function resolverFor(jwks) {
  const ecSet = createLocalJWKSet({ keys: jwks.keys.filter((k) => k.kty === 'EC') });
  const oct = await Promise.all(jwks.keys.filter((k) => k.kty === 'oct').map(async (k) => [k.kid, await importJWK(k, 'HS256')]));
  return async (header, token) => {
    if (header.alg !== 'HS256') return ecSet(header, token);
    const found = oct.filter(([kid]) => header.kid === undefined || kid === header.kid);
    if (found.length === 0) throw new errors.JWKSNoMatchingKey();
    if (found.length > 1) throw new errors.JWKSMultipleMatchingKeys();
    return found[0][1];
  };
}

async function jose(token, cfg, keyFor) {
  try {
    const { payload } = await jwtVerify(token, keyFor, {
      issuer: ISS, audience: AUD, algorithms: ['HS256', 'ES256'], currentDate: new Date(NOW * 1000),
      requiredClaims: ['exp'], clockTolerance: cfg.clockTolerance ?? 0, maxTokenAge: cfg.maxTokenAge,
    });
    return { ok: true, payload };
  } catch (e) {
    return { ok: false, code: e.code ?? e.name };
  }
}

test('differential vs jose: generated valid and mutated tokens under three configs', async (t) => {
  const names = Object.keys(MUTATIONS);
  const table = new Map(names.map((n) => [n, { cases: 0, bothAccept: 0, bothReject: 0, stricter: new Map() }]));
  const reasonTotals = new Map();
  const bad = [];
  let cases = 0;
  for (const [cfgName, cfg] of Object.entries(CONFIGS)) {
    const guard = new Guard({ keys: fx.jwks, issuer: ISS, audience: AUD, clockTolerance: 0, ...cfg });
    const keyFor = await resolverFor(cfg.keys ?? fx.jwks);
    const r = rng(0x7011 + cases);
    for (let i = 0; i < BASE; i++) {
      const { kid, token } = randomToken(r);
      for (const name of ['unchanged', names[1 + (i % (names.length - 1))], r.pick(names)]) {
        const mutated = MUTATIONS[name](token, kid, r);
        const ours = guard.verifySync(mutated, { now: NOW });
        const theirs = await jose(mutated, cfg, keyFor);
        const row = table.get(name);
        row.cases++; cases++;
        if (ours.ok && theirs.ok) { assert.deepEqual(ours.claims, theirs.payload, `${name}: claims`); row.bothAccept++; continue; }
        if (!ours.ok && !theirs.ok) { row.bothReject++; continue; }
        const reasons = ours.ok ? [] : [...stricterReasons(mutated, cfg)].filter((x) => STRICTER[x][0] === ours.error.code);
        if (reasons.length === 0) {
          bad.push(`[${cfgName}] ${name}: tollgate ${ours.ok ? 'accept' : ours.error.code}, jose ${theirs.ok ? 'accept' : theirs.code}: ${mutated.slice(0, 300)}`);
          continue;
        }
        for (const x of reasons) { row.stricter.set(x, (row.stricter.get(x) ?? 0) + 1); reasonTotals.set(x, (reasonTotals.get(x) ?? 0) + 1); }
      }
    }
  }
  const lines = ['| mutation | cases | both accept | both reject | tollgate stricter (reason: count) |', '|---|---:|---:|---:|---|'];
  for (const [n, row] of table) lines.push(`| ${n} | ${row.cases} | ${row.bothAccept} | ${row.bothReject} | ${[...row.stricter].map(([x, c]) => `${x}: ${c}`).join(', ')} |`);
  lines.push(`| **total** | ${cases} | ${[...table.values()].reduce((a, r) => a + r.bothAccept, 0)} | ${[...table.values()].reduce((a, r) => a + r.bothReject, 0)} | ${[...reasonTotals].map(([x, c]) => `${x}: ${c}`).join(', ')} |`);
  mkdirSync(new URL('../../../target/hostile/', import.meta.url), { recursive: true });
  writeFileSync(new URL('../../../target/hostile/differential.md', import.meta.url), `${lines.join('\n')}\n`);
  t.diagnostic(`differential table written to target/hostile/differential.md (${cases} cases)`);
  assert.deepEqual(bad.slice(0, 20), [], `${bad.length} unexplained disagreements:\n${bad.slice(0, 20).join("\n")}`);
  assert.ok(cases >= 9 * BASE, `${cases} cases`);
  // Not vacuous: every mutation ran, valid tokens are accepted by both, and every listed
  // stricter rule was actually exercised.
  for (const [n, row] of table) assert.ok(row.cases > 0, `${n} never ran`);
  assert.ok(table.get('unchanged').bothAccept > BASE / 4, 'many unchanged tokens accepted by both');
  assert.ok(table.get('high/low-S twin (ES256 only; HS256 unchanged)').bothAccept > 0, 'high-S twins accepted by both');
  for (const x of Object.keys(STRICTER)) assert.ok(reasonTotals.get(x) > 0, `stricter rule ${x} never exercised`);
  // SECURITY.md lists every stricter rule.
  const security = readFileSync(new URL('../../../SECURITY.md', import.meta.url), 'utf8');
  for (const x of Object.keys(STRICTER)) assert.ok(security.includes(`\`${x}\``), `SECURITY.md does not list ${x}`);
});

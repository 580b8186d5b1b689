// JSON and size edges of the header and claims: escapes, duplicates at any depth,
// deep nesting (no crash, the guard stays usable), whitespace, the 8 KiB boundary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Guard, decode } from 'tollgate';
import { NOW, HS1, b64u, claims, mint, signBytes, guardConfig, assertAccept, assertReject } from './helpers.mjs';

const guard = new Guard(guardConfig());
const at = (token) => guard.verifySync(token, { now: NOW });
const C = JSON.stringify(claims());
const withClaimsText = (text) => mint(undefined, { claimsJson: text });
const withHeaderText = (text) => mint(claims(), { headerJson: text });

test('escaped member names are compared after unescaping', () => {
  assertAccept(at(withHeaderText('{"alg":"HS256","kid":"hs\\u002d2026-01"}')), undefined, 'escaped kid matches');
  assertAccept(at(withHeaderText('{"\\u0061lg":"HS256","kid":"hs-2026-01"}')), undefined, 'escaped alg name');
  assertReject(at(withHeaderText('{"alg":"HS256","kid":"hs-2026-01","\\u0061lg":"HS256"}')), 'token_malformed', 'escaped duplicate alg');
  assertReject(at(withClaimsText(C.replace('{', '{"\\u0073ub":"x",'))), 'token_malformed', 'escaped duplicate sub');
});

test('duplicate member names are refused at any depth', () => {
  assertReject(at(withClaimsText(C.replace('{', '{"n":{"a":1,"a":2},'))), 'token_malformed', 'nested object');
  assertReject(at(withClaimsText(C.replace('{', '{"n":[{"a":1,"a":1}],'))), 'token_malformed', 'object in array');
  assertReject(at(withHeaderText('{"alg":"HS256","kid":"hs-2026-01","x":{"k":1,"k":1}}')), 'token_malformed', 'header');
  assertAccept(at(withClaimsText(C.replace('{', '{"n":[{"a":1},{"a":1}],'))), undefined, 'same name in sibling objects is fine');
});

test('deeply nested JSON is refused without a crash, and the guard keeps working', () => {
  for (const depth of [64, 300, 1000, 2500]) {
    const deepClaims = withClaimsText(C.replace('{', `{"n":${'['.repeat(depth)}${']'.repeat(depth)},`));
    const deepHeader = withHeaderText(`{"alg":"HS256","kid":"${HS1}","n":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`);
    for (const [label, token] of [['claims', deepClaims], ['header', deepHeader]]) {
      let r;
      assert.doesNotThrow(() => { r = at(token); }, `${label} depth ${depth}`);
      if (!r.ok) assertReject(r, 'token_malformed', `${label} depth ${depth}`);
      assert.doesNotThrow(() => decode(token), `decode ${label} depth ${depth}`);
    }
  }
  // a few levels are ordinary JSON
  assertAccept(at(withClaimsText(C.replace('{', `{"n":${'['.repeat(16)}${']'.repeat(16)},`))));
  assertAccept(at(mint(claims())), undefined, 'still usable after the deep inputs');
});

test('JSON whitespace is fine; a BOM, comments, trailing commas and lone surrogates are not', () => {
  assertAccept(at(withClaimsText(` \n\t${C}\r\n `)), undefined, 'whitespace around claims');
  assertAccept(at(withHeaderText('{ "alg" : "HS256" ,\n "kid" : "hs-2026-01" }')), undefined, 'whitespace in header');
  assertReject(at(withClaimsText(`\ufeff${C}`)), 'token_malformed', 'BOM');
  assertReject(at(withClaimsText(C.replace('{', '{/*c*/'))), 'token_malformed', 'comment');
  assertReject(at(withClaimsText(C.replace(/}$/, ',}'))), 'token_malformed', 'trailing comma');
  assertReject(at(withClaimsText(C.replace('{', '{"x":"\\ud800",'))), 'token_malformed', 'lone surrogate escape');
  assertReject(at(withClaimsText(`${C} {}`)), 'token_malformed', 'two values');
  assertReject(at(withClaimsText(C.replace('{', "{'x':1,"))), 'token_malformed', 'single quotes');
});

test('numeric date forms: exponent and fraction are numbers; -0 is long expired', () => {
  const exp = (text) => withClaimsText(C.replace(/"exp":\d+/, `"exp":${text}`));
  assertAccept(at(exp('1.7672292e9')), undefined, 'exponent form');
  assertAccept(at(exp(`${NOW + 60}.000`)), undefined, 'fraction form');
  assertReject(at(exp('-0')), 'token_expired', '-0');
  assertReject(at(exp('-1e9')), 'token_expired', 'negative');
});

test('scope strings: repeated, leading and trailing spaces give no empty scopes', () => {
  const r = at(mint(claims({ scope: '  a  b a ' })));
  assertAccept(r, ['a', 'b'], 'scope string');
  assert.ok(!r.scopes.includes(''));
});

function tokenOfLength(len) {
  // vary the padding claim and the header until the compact form is exactly len characters
  for (let extra = 0; extra < 3; extra++) {
    const header = { alg: 'HS256', typ: 'JWT', kid: HS1, x: 'y'.repeat(extra) };
    const h = b64u(header);
    for (let pad = Math.floor(len * 0.7); pad < len; pad++) {
      const p = b64u(claims({ pad: 'p'.repeat(pad) }));
      const total = h.length + p.length + 45;
      if (total === len) return `${h}.${p}.${b64u(signBytes(HS1, `${h}.${p}`))}`;
      if (total > len) break;
    }
  }
  throw new Error(`no token of length ${len}`);
}

test('size limit: 8192 characters verify, 8193 are token_malformed', () => {
  const at8192 = tokenOfLength(8192);
  const at8193 = tokenOfLength(8193);
  assert.equal(at8192.length, 8192);
  assert.equal(at8193.length, 8193);
  assertAccept(at(at8192), undefined, '8192');
  assertReject(at(at8193), 'token_malformed', '8193');
});

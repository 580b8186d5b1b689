// fixtures.json and rfc_examples.json through the built package, with the
// verifier settings the vectors were made for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Guard } from 'tollgate';
import { fx, vec, assertAccept, assertReject, assertNoLeak } from './helpers.mjs';

const v = fx.verifier;
const baseConfig = {
  keys: fx.jwks,
  issuer: v.issuer,
  audience: v.audience,
  algorithms: v.algorithms,
  clockTolerance: v.clockTolerance,
  requireKid: v.requireKid,
  requireExp: v.requireExp,
};

function check(r, expected, label) {
  if (expected.result === 'accept') {
    assertAccept(r, expected.scopes, label);
  } else {
    assert.equal(expected.result, 'reject', `${label}: fixture result`);
    assert.equal(expected.code, fx.reason_codes[expected.reason], `${label}: reason/code table`);
    assertReject(r, expected.code, label);
  }
}

test('fixture key set is accepted as keys', () => {
  assert.doesNotThrow(() => new Guard(baseConfig));
});

test('fixtures.json covers the documented labels', () => {
  assert.equal(fx.tokens.length, 29);
  assert.equal(fx.tokens.filter((t) => t.expected.result === 'accept').length, 8);
});

for (const t of fx.tokens) {
  test(`fixture ${t.label}: ${t.expected.result} ${t.expected.code ?? ''}`, () => {
    const guard = new Guard(baseConfig);
    const r = guard.verifySync(t.token, { now: v.now, ...(t.verify ?? {}) });
    check(r, t.expected, t.label);
    if (r.ok) {
      assert.equal(r.header.alg, t.alg, `${t.label}: header.alg`);
      assert.equal(r.header.kid, t.kid, `${t.label}: header.kid`);
      assert.equal(r.header.typ, t.header.typ, `${t.label}: header.typ`);
      assert.deepEqual(r.claims, t.claims, `${t.label}: claims`);
    } else {
      assertNoLeak(r.error.message, t.token, t.label);
    }
  });
}

for (const t of fx.tokens.filter((x) => x.expected_if_requireExp_false)) {
  test(`fixture ${t.label} with requireExp:false`, () => {
    const guard = new Guard({ ...baseConfig, requireExp: false });
    const r = guard.verifySync(t.token, { now: v.now, ...(t.verify ?? {}) });
    check(r, t.expected_if_requireExp_false, `${t.label} requireExp:false`);
  });
}

for (const t of fx.tokens.filter((x) => x.expected_if_requireKid_false)) {
  test(`fixture ${t.label} with requireKid:false (implementation defined)`, () => {
    const guard = new Guard({ ...baseConfig, requireKid: false });
    const r = guard.verifySync(t.token, { now: v.now, ...(t.verify ?? {}) });
    const exp = t.expected_if_requireKid_false;
    if (exp.result === 'implementation_defined') {
      // Either the HS256 keys are tried (the token is a valid hs-2026-01 token) or it stays key_not_found.
      if (r.ok) assertAccept(r, t.claims.scope.split(' '), t.label);
      else assertReject(r, 'key_not_found', t.label);
    } else {
      check(r, exp, `${t.label} requireKid:false`);
    }
  });
}

test('requireExp:false does not change the other fixtures', () => {
  const guard = new Guard({ ...baseConfig, requireExp: false });
  for (const t of fx.tokens.filter((x) => !x.expected_if_requireExp_false)) {
    check(guard.verifySync(t.token, { now: v.now, ...(t.verify ?? {}) }), t.expected, `${t.label} requireExp:false`);
  }
});

test('requireKid:false does not change the fixtures that carry a kid', () => {
  const guard = new Guard({ ...baseConfig, requireKid: false });
  for (const t of fx.tokens.filter((x) => x.kid)) {
    check(guard.verifySync(t.token, { now: v.now, ...(t.verify ?? {}) }), t.expected, `${t.label} requireKid:false`);
  }
});

// ---- RFC examples -------------------------------------------------------------------
const rfc = vec('rfc_examples.json');

for (const e of rfc.examples) {
  // RFC 7520 §4.4 has no jwk_for_guard: its public `jwk` already carries kid/alg/use.
  const key = e.jwk_for_guard ?? e.jwk;
  for (const x of e.expected) {
    const opts = x.options;
    test(`rfc ${e.id} ${JSON.stringify(opts)}: ${x.result} ${x.code ?? ''}`, () => {
      const guard = new Guard({ keys: { keys: [key] }, requireKid: opts.requireKid ?? false });
      const r = guard.verifySync(e.token, { now: opts.now });
      if (x.result === 'accept') {
        assertAccept(r, undefined, e.id);
        if (x.claims) assert.deepEqual(r.claims, x.claims, `${e.id}: claims`);
        assert.equal(r.header.alg, e.alg);
        assert.deepEqual(r.scopes, []);
      } else {
        assertReject(r, x.code, e.id);
        assertNoLeak(r.error.message, e.token, e.id);
      }
    });
  }
}

test('RFC 7515 A.1 / A.3 need requireKid:false (no kid in the header)', () => {
  for (const e of rfc.examples.filter((x) => x.jwk_for_guard)) {
    const guard = new Guard({ keys: { keys: [e.jwk_for_guard] } });
    assertReject(guard.verifySync(e.token, { now: 1300819379 }), 'key_not_found', e.id);
  }
});

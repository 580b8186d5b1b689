// Wycheproof json_web_signature_test.json through the built package: the 85 cases that
// apply to an HS256/ES256 verifier (tests/vectors/README.md, "Caveats"). The payloads
// are not JWTs, so a case that passes steps 1-4 ends at step 5; flipping one signature
// bit of it must then give signature_invalid, which proves the signature layer held.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Guard } from 'tollgate';
import { fx, vec, NOW, assertReject, assertNoLeak } from './helpers.mjs';

const range = (a, b) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const EXPECT = new Map([
  ...[1, 18, 348, 352, 357, 358, 359, 376, 377, 378].map((id) => [id, 'valid']),
  ...[4, 7, ...range(9, 15), 17, 21, 24, ...range(26, 30), ...range(360, 366), 368, 369, 371, 374, 375].map((id) => [id, 'token_malformed']),
  // upstream says valid, but a "?" sits inside a segment: strict base64url rejects it (README caveat)
  ...[372, 373].map((id) => [id, 'token_malformed']),
  ...[2, 5, 6, 19, 22, 23, 32, ...range(379, 401)].map((id) => [id, 'signature_invalid']),
  // empty signature segment: either code rejects (README)
  ...[3, 20].map((id) => [id, ['signature_invalid', 'token_malformed']]),
  ...[8, 25].map((id) => [id, 'key_not_found']),
  ...[16, 31, 341, 342, 343, 344].map((id) => [id, 'alg_not_allowed']),
  ...[354, 356].map((id) => [id, 'refused']),
]);
// Defective upstream: byte-identical to tcId 357 (valid) but marked invalid (README caveat).
const SKIP = new Map([[367, 'identical to 357 but marked invalid'], [370, 'identical to 357 but marked invalid']]);
const STEP_1_TO_4 = ['alg_not_allowed', 'crit_unsupported', 'key_not_found', 'signature_invalid'];

const data = vec('json_web_signature_test.json');
const cases = [];
for (const g of data.testGroups) {
  const { d: _d, ...key } = g.public ?? g.private;
  for (const t of g.tests) {
    if (EXPECT.has(t.tcId) || SKIP.has(t.tcId)) cases.push({ g, key, t });
  }
}

test('the README\'s 85 applicable Wycheproof JWS cases are all present', () => {
  assert.equal(cases.length, 85);
  assert.equal(EXPECT.size + SKIP.size, 85);
});

const flipSig = (jws) => {
  const [h, p, s] = jws.split('.');
  const b = Buffer.from(s, 'base64url');
  b[0] ^= 1;
  return `${h}.${p}.${b.toString('base64url')}`;
};

for (const { g, key, t } of cases) {
  const want = EXPECT.get(t.tcId);
  const name = `wycheproof jws tcId ${t.tcId} ${g.comment}/${t.comment}: ${SKIP.has(t.tcId) ? 'skipped' : [want].flat().join('|')}`;
  test(name, { skip: SKIP.get(t.tcId) }, () => {
    if (want === 'refused') {
      assert.throws(() => new Guard({ keys: { keys: [key] } }), TypeError);
      return;
    }
    // `none` in an RSA group: any key set will do, the alg is refused before keys are looked at
    const keys = key.kty === 'RSA' ? fx.jwks : { keys: [key] };
    const guard = new Guard({ keys });
    const r = guard.verifySync(t.jws, { now: NOW });
    if (want === 'valid') {
      assert.equal(r.ok, false, 'payload is not a JWT claims set');
      assert.ok(!STEP_1_TO_4.includes(r.error.code), `signature layer failed: ${r.error.code}`);
      assertReject(guard.verifySync(flipSig(t.jws), { now: NOW }), 'signature_invalid', 'one signature bit flipped');
    } else {
      assertReject(r, want, `tcId ${t.tcId}`);
    }
    assertNoLeak(r.error.message, t.jws, `tcId ${t.tcId}`);
    if (key.k) assert.ok(!r.error.message.includes(key.k), 'message contains the key');
  });
}

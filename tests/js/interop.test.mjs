// Tokens made by the libraries people already sign with — jose, jsonwebtoken, hono/jwt and
// @tsndr/cloudflare-worker-jwt (versions pinned in package-lock.json) — verify with the config
// README.md's "Existing tokens" documents: a plain secret turned into a JWK by the README's own
// `secretJwk` (read from README.md, not copied), `requireKid: false` for kid-less tokens, the
// issuer's public JWK for ES256. And the refusals that section promises, with their messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createPrivateKey } from 'node:crypto';
import { SignJWT, importJWK } from 'jose';
import jsonwebtoken from 'jsonwebtoken';
import { sign as honoSign } from 'hono/jwt';
import tsndr from '@tsndr/cloudflare-worker-jwt';
import { Guard } from 'tollgate';
import { fx, ES1 } from './helpers.mjs';

/** The README's `secretJwk`, evaluated from the README's own code block. */
async function readmeSecretJwk() {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('### A plain secret as a JWK'));
  const code = /```js\n([\s\S]*?)```/.exec(section)[1];
  assert.match(code, /function secretJwk\(/);
  const url = `data:text/javascript,${encodeURIComponent(`${code}\nexport { secretJwk };`)}`;
  return (await import(url)).secretJwk;
}
const secretJwk = await readmeSecretJwk();

const SECRET = 'booking-api-shared-secret-0123456789'; // 36 bytes, as a string
const OTHER_SECRET = 'a-second-secret-for-the-rotation-case';
const ISS = 'https://auth.booking.example';
const AUD = 'bookings-api';
const esPublic = fx.jwks.keys.find((k) => k.kid === ES1);
const esPrivate = fx.private.keys.find((k) => k.kid === ES1);
const esPem = createPrivateKey({ key: esPrivate, format: 'jwk' }).export({ type: 'pkcs8', format: 'pem' });
const hsJwk = { ...secretJwk(SECRET, 'main') };

/** The README's config for tokens without kid, plus the ES256 public key. */
const lax = () => new Guard({
  keys: { keys: [secretJwk(OTHER_SECRET, 'old'), secretJwk(SECRET, 'main'), esPublic] },
  requireKid: false,
  issuer: ISS,
  audience: AUD,
});
const strict = () => new Guard({ keys: { keys: [secretJwk(SECRET, 'main'), esPublic] }, issuer: ISS, audience: AUD });

const now = () => Math.floor(Date.now() / 1000);
const payload = () => ({ sub: 'user-42', iss: ISS, aud: AUD, scope: 'bookings:read', iat: now(), exp: now() + 600 });

/** name → (alg, kid | undefined) → token, each made the library's usual way. */
const SIGNERS = {
  jose: async (alg, kid) => {
    const key = alg === 'HS256' ? new TextEncoder().encode(SECRET) : await importJWK(esPrivate, 'ES256');
    return new SignJWT(payload()).setProtectedHeader(kid ? { alg, kid } : { alg }).sign(key);
  },
  jsonwebtoken: async (alg, kid) =>
    jsonwebtoken.sign(payload(), alg === 'HS256' ? SECRET : esPem, { algorithm: alg, ...(kid ? { keyid: kid } : {}) }),
  'hono/jwt': async (alg, kid) => {
    // hono writes a kid exactly when it signs with a JWK carrying `alg` and `kid`.
    if (alg === 'HS256') return honoSign(payload(), kid ? { ...hsJwk, kid } : SECRET, 'HS256');
    return honoSign(payload(), { ...esPrivate, alg: 'ES256', kid }, 'ES256');
  },
  '@tsndr/cloudflare-worker-jwt': async (alg, kid) =>
    tsndr.sign(payload(), alg === 'HS256' ? SECRET : esPrivate, { algorithm: alg, ...(kid ? { header: { kid } } : {}) }),
};

const decodeHeader = (token) => JSON.parse(Buffer.from(token.split('.')[0], 'base64url'));

for (const [name, sign] of Object.entries(SIGNERS)) {
  test(`${name}: HS256 with a plain secret and no kid verifies with requireKid: false`, async () => {
    const token = await sign('HS256');
    assert.equal(decodeHeader(token).kid, undefined, 'the library wrote no kid');
    const r = await lax().verify(token, { scopes: ['bookings:read'] });
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.claims.sub, 'user-42');
    assert.deepEqual(r.scopes, ['bookings:read']);
    // The default refuses it, saying why.
    const refused = await strict().verify(token);
    assert.deepEqual(refused.error, {
      code: 'key_not_found', status: 401, message: 'token has no key id (kid) and this guard requires one',
    });
    // Signed with another secret: no key verifies it.
    const forged = await lax().verify(token.slice(0, token.lastIndexOf('.')) + '.' + Buffer.alloc(32, 7).toString('base64url'));
    assert.equal(forged.error?.code, 'signature_invalid');
  });

  test(`${name}: HS256 with a kid verifies with the default requireKid`, async () => {
    const token = await sign('HS256', 'main');
    assert.equal(decodeHeader(token).kid, 'main');
    for (const guard of [strict(), lax()]) {
      const r = await guard.verify(token);
      assert.equal(r.ok, true, JSON.stringify(r));
      assert.equal(r.header.kid, 'main');
    }
    const unknown = await strict().verify(await sign('HS256', 'retired'));
    assert.deepEqual(unknown.error, { code: 'key_not_found', status: 401, message: "no key matches the token's key id" });
  });

  test(`${name}: ES256 with a kid verifies with the issuer's public JWK`, async () => {
    const token = await sign('ES256', ES1);
    assert.equal(decodeHeader(token).kid, ES1);
    const r = await strict().verify(token, { scopes: ['bookings:read'] });
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.header.alg, 'ES256');
  });
}

test('a kid-less token is tried with every key of its alg, and the one that verified is reported', async () => {
  const guard = lax();
  const request = (token) => new Request('https://bookings.example/bookings/1', { headers: { authorization: `Bearer ${token}` } });
  const main = await SIGNERS['hono/jwt']('HS256');
  const old = await tsndr.sign(payload(), OTHER_SECRET, 'HS256');
  const es = await SIGNERS.jose('ES256');
  for (const [token, kid] of [[main, 'main'], [old, 'old'], [es, ES1]]) {
    const decision = await guard.authorize(request(token));
    assert.equal(decision.ok, true, JSON.stringify(decision));
    assert.equal(decision.keyId, kid);
    assert.equal(decision.forwardHeaders['X-Auth-Key-Id'], kid);
  }
  // Only keys of the token's own alg are candidates: an ES256-only set has none for HS256.
  const esOnly = new Guard({ keys: { keys: [esPublic] }, requireKid: false });
  assert.deepEqual((await esOnly.verify(main)).error, {
    code: 'key_not_found', status: 401, message: 'token has no key id (kid) and no key of its algorithm is configured',
  });
});

test('a secret under 32 bytes is refused at construction, naming the field and not the secret', () => {
  const short = 'too-short-secret'; // 16 bytes
  assert.throws(() => new Guard({ keys: { keys: [secretJwk(short, 'main')] } }), (e) => {
    assert.ok(e instanceof TypeError);
    assert.equal(e.message, 'keys[0].k: HS256 key must be at least 32 bytes');
    assert.ok(!e.message.includes(secretJwk(short, 'main').k));
    return true;
  });
});

test("the README's secretJwk encodes UTF-8 bytes as base64url, as Buffer does", () => {
  for (const secret of [SECRET, 'ünïcødé-sécret-with-more-than-32-bytes', '~~~???>>>'.repeat(5)]) {
    assert.equal(secretJwk(secret, 'k').k, Buffer.from(secret).toString('base64url'));
  }
});

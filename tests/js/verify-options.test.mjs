// Guard options that shape `verify`: typ, maxTokenAge, clockTolerance edges,
// issuer/audience arrays, requiredClaims, requireExp, algorithms, and `now` defaulting
// to the current time. (Split from errors.test.mjs to keep files short.)
import { test } from 'node:test';
import { Guard } from 'tollgate';
import { NOW, ISS, AUD, ES1, claims, mint, guardConfig, assertAccept, assertReject } from './helpers.mjs';

const verifyWith = (over, token, opts = {}) => new Guard(guardConfig(over)).verifySync(token, { now: NOW, ...opts });
const typed = (typ) => mint(claims(), { header: { typ } });

test('typ: exact, case-insensitive, "application/" prefix ignored', () => {
  for (const typ of ['at+jwt', 'AT+JWT', 'At+Jwt', 'application/at+jwt', 'Application/AT+JWT', 'APPLICATION/at+jwt']) {
    assertAccept(verifyWith({ typ: 'at+jwt' }, typed(typ)), ['bookings:read'], typ);
  }
  assertAccept(verifyWith({ typ: 'application/at+jwt' }, typed('at+jwt')), undefined, 'prefix in the config');
  assertAccept(verifyWith({ typ: 'AT+JWT' }, typed('at+jwt')), undefined, 'case in the config');
});

test('typ: a different or absent typ is claim_invalid', () => {
  for (const typ of ['JWT', 'jwt', 'application/jwt', 'at+jwt ', 'xat+jwt', 'application/', 'text/at+jwt', 'at']) {
    assertReject(verifyWith({ typ: 'at+jwt' }, typed(typ)), 'claim_invalid', JSON.stringify(typ));
  }
  assertReject(verifyWith({ typ: 'at+jwt' }, typed(undefined)), ['claim_invalid', 'claim_missing'], 'no typ');
  assertReject(verifyWith({ typ: 'at+jwt' }, typed(7)), ['claim_invalid', 'token_malformed'], 'numeric typ');
});

test('typ: unchecked when not configured', () => {
  for (const typ of ['JWT', 'at+jwt', 'anything', undefined]) assertAccept(verifyWith({}, typed(typ)), undefined, String(typ));
});

test('maxTokenAge: now - iat > maxTokenAge is token_too_old; equal is fine', () => {
  assertAccept(verifyWith({ maxTokenAge: 3600 }, mint(claims({ iat: NOW - 3600 }))), undefined, 'age == max');
  assertAccept(verifyWith({ maxTokenAge: 3600 }, mint(claims({ iat: NOW }))), undefined, 'age 0');
  assertReject(verifyWith({ maxTokenAge: 3600 }, mint(claims({ iat: NOW - 3601 }))), 'token_too_old', 'age max+1');
  assertReject(verifyWith({ maxTokenAge: 60 }, mint(claims({ iat: NOW - 86400, exp: NOW + 60 }))), 'token_too_old');
});

test('maxTokenAge needs iat', () => {
  assertReject(verifyWith({ maxTokenAge: 3600 }, mint(claims({ iat: undefined }))), 'claim_missing');
  assertAccept(verifyWith({}, mint(claims({ iat: undefined }))), undefined, 'no maxTokenAge, no iat');
  assertReject(verifyWith({ maxTokenAge: 3600 }, mint(claims({ iat: 'yesterday' }))), 'claim_invalid');
});

test('clockTolerance 0: exp == now is expired, exp == now + 1 is fine; nbf == now is fine', () => {
  assertReject(verifyWith({}, mint(claims({ exp: NOW }))), 'token_expired');
  assertAccept(verifyWith({}, mint(claims({ exp: NOW + 1 }))));
  assertAccept(verifyWith({}, mint(claims({ nbf: NOW }))));
  assertReject(verifyWith({}, mint(claims({ nbf: NOW + 1 }))), 'token_not_yet_valid');
  assertAccept(verifyWith({}, mint(claims({ iat: NOW }))));
});

test('clockTolerance 30: exp + tol <= now expires, nbf/iat - tol > now is not yet valid', () => {
  const tol = { clockTolerance: 30 };
  assertAccept(verifyWith(tol, mint(claims({ exp: NOW - 29 }))), undefined, 'exp + tol = now + 1');
  assertReject(verifyWith(tol, mint(claims({ exp: NOW - 30 }))), 'token_expired', 'exp + tol == now');
  assertReject(verifyWith(tol, mint(claims({ exp: NOW - 31 }))), 'token_expired', 'exp + tol < now');
  assertAccept(verifyWith(tol, mint(claims({ nbf: NOW + 30 }))), undefined, 'nbf - tol == now');
  assertReject(verifyWith(tol, mint(claims({ nbf: NOW + 31 }))), 'token_not_yet_valid', 'nbf - tol > now');
  assertAccept(verifyWith(tol, mint(claims({ iat: NOW + 30 }))), undefined, 'iat - tol == now');
  assertReject(verifyWith(tol, mint(claims({ iat: NOW + 31 }))), 'token_not_yet_valid', 'iat - tol > now');
});

test('clockTolerance 300 (the maximum) is accepted and applied', () => {
  assertAccept(verifyWith({ clockTolerance: 300 }, mint(claims({ exp: NOW - 299 }))));
  assertReject(verifyWith({ clockTolerance: 300 }, mint(claims({ exp: NOW - 300 }))), 'token_expired');
});

test('non-integer dates are compared as numbers', () => {
  assertAccept(verifyWith({}, mint(claims({ exp: NOW + 0.5 }))), undefined, 'exp now + 0.5');
  assertReject(verifyWith({}, mint(claims({ exp: NOW - 0.5 }))), 'token_expired', 'exp now - 0.5');
});

test('issuer as an array: any listed issuer, exact match', () => {
  const over = { issuer: [ISS, 'https://auth.partner.example'] };
  assertAccept(verifyWith(over, mint(claims())), undefined, 'first');
  assertAccept(verifyWith(over, mint(claims({ iss: 'https://auth.partner.example' }))), undefined, 'second');
  assertReject(verifyWith(over, mint(claims({ iss: 'https://auth.PARTNER.example' }))), 'claim_invalid', 'case');
  assertReject(verifyWith(over, mint(claims({ iss: [ISS] }))), 'claim_invalid', 'iss array');
});

test('audience as an array: token aud string or array, one exact element match', () => {
  const over = { audience: ['partner-api', AUD] };
  assertAccept(verifyWith(over, mint(claims())), undefined, 'string aud');
  assertAccept(verifyWith(over, mint(claims({ aud: 'partner-api' }))), undefined, 'other listed aud');
  assertAccept(verifyWith(over, mint(claims({ aud: ['x', 'partner-api'] }))), undefined, 'array aud');
  assertReject(verifyWith(over, mint(claims({ aud: ['x', 'y'] }))), 'claim_invalid', 'no match');
  assertReject(verifyWith(over, mint(claims({ aud: 'bookings' }))), 'claim_invalid', 'prefix is no match');
  assertReject(verifyWith(over, mint(claims({ aud: [] }))), 'claim_invalid', 'empty array');
});

test('no issuer / audience configured: iss and aud are not checked', () => {
  const token = mint(claims({ iss: 'https://elsewhere.example', aud: 'other' }));
  assertAccept(verifyWith({ issuer: undefined, audience: undefined }, token));
  assertAccept(verifyWith({ issuer: undefined, audience: undefined }, mint(claims({ iss: undefined, aud: undefined }))));
});

test('requiredClaims: each listed claim must be present', () => {
  const over = { requiredClaims: ['sub', 'jti'] };
  assertAccept(verifyWith(over, mint(claims({ jti: 'abc' }))));
  assertReject(verifyWith(over, mint(claims())), 'claim_missing', 'no jti');
  assertReject(verifyWith(over, mint(claims({ jti: 'abc', sub: undefined }))), 'claim_missing', 'no sub');
});

test('requireExp:false accepts a token without exp but still checks a present exp', () => {
  assertAccept(verifyWith({ requireExp: false }, mint(claims({ exp: undefined }))));
  assertReject(verifyWith({ requireExp: false }, mint(claims({ exp: NOW - 1 }))), 'token_expired');
  assertReject(verifyWith({ requireExp: false }, mint(claims({ exp: 'soon' }))), 'claim_invalid');
});

test('algorithms: ["ES256"] rejects HS256 tokens, ["HS256"] rejects ES256 tokens', () => {
  assertReject(verifyWith({ algorithms: ['ES256'] }, mint(claims())), 'alg_not_allowed', 'HS256 under ES256 only');
  assertAccept(verifyWith({ algorithms: ['ES256'] }, mint(claims(), { kid: ES1 })), undefined, 'ES256 under ES256 only');
  assertReject(verifyWith({ algorithms: ['HS256'] }, mint(claims(), { kid: ES1 })), 'alg_not_allowed', 'ES256 under HS256 only');
  assertAccept(verifyWith({ algorithms: ['HS256'] }, mint(claims())), undefined, 'HS256 under HS256 only');
  assertAccept(verifyWith({ algorithms: undefined }, mint(claims(), { kid: ES1 })), undefined, 'default allows ES256');
  assertAccept(verifyWith({ algorithms: undefined }, mint(claims())), undefined, 'default allows HS256');
});

test('`now` absent: the current time is used', () => {
  const guard = new Guard(guardConfig());
  const real = Math.floor(Date.now() / 1000);
  const fresh = mint(claims({ iat: real - 5, exp: real + 3600 }));
  assertAccept(guard.verifySync(fresh), undefined, 'no options');
  assertAccept(guard.verifySync(fresh, {}), undefined, 'empty options');
  assertAccept(guard.verifySync(fresh, { scopes: ['bookings:read'] }), undefined, 'scopes only');
  assertReject(guard.verifySync(mint(claims({ iat: real - 7200, exp: real - 3600 }))), 'token_expired', 'expired an hour ago');
  assertReject(guard.verifySync(mint(claims({ iat: real - 5, nbf: real + 3600, exp: real + 7200 }))), 'token_not_yet_valid');
  // never the fixture clock: a token valid only around `real + 1 day` is not yet valid now
  assertReject(guard.verifySync(mint(claims({ iat: real + 86400, exp: real + 90000 }))), 'token_not_yet_valid', 'tomorrow');
});

test('verify options: scopes must all be present; an empty list needs none', () => {
  const token = mint(claims({ scope: 'a b c' }));
  assertAccept(verifyWith({}, token, { scopes: [] }), ['a', 'b', 'c']);
  assertAccept(verifyWith({}, token, { scopes: ['c', 'a'] }), ['a', 'b', 'c']);
  assertReject(verifyWith({}, token, { scopes: ['a', 'd'] }), 'insufficient_scope');
});

test('maxTokenSize (index.d.ts): raises or lowers the 8 KiB limit', () => {
  const big = mint(claims({ pad: 'x'.repeat(9000) }));
  assertReject(verifyWith({}, big), 'token_malformed', 'default limit');
  assertAccept(verifyWith({ maxTokenSize: 16384 }, big), undefined, 'raised limit');
  const small = mint(claims());
  assertAccept(verifyWith({ maxTokenSize: small.length }, small), undefined, 'limit == length');
  assertReject(verifyWith({ maxTokenSize: small.length - 1 }, small), 'token_malformed', 'limit == length - 1');
});

// Test tokens for the booking worker, signed with jose and the fixture keys of
// tests/vectors/fixtures.json (read at test time).
import { readFileSync } from "node:fs";
import { SignJWT, importJWK } from "jose";

export const fx = JSON.parse(readFileSync(new URL("../vectors/fixtures.json", import.meta.url), "utf8"));
export const ISS = fx.verifier.issuer;
export const AUD = fx.verifier.audience;

const signingKeys = new Map();

async function signingKey(kid) {
  if (!signingKeys.has(kid)) {
    const pub = fx.jwks.keys.find((k) => k.kid === kid);
    const jwk = pub?.kty === "oct" ? pub : fx.private.keys.find((k) => k.kid === kid);
    if (!jwk) throw new Error(`no fixture key ${kid}`);
    signingKeys.set(kid, await importJWK(jwk, jwk.alg));
  }
  return signingKeys.get(kid);
}

/**
 * A signed JWT. Defaults: kid hs-2026-01, iss/aud of the fixtures, sub user-4711,
 * scope bookings:read, companyId c-42, valid for ten minutes from now.
 * `claims` overrides or adds claims (`undefined` removes one); `key` signs with other
 * key material under the same kid (a bad signature).
 */
export async function mint({ kid = "hs-2026-01", claims = {}, key } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const body = { iss: ISS, aud: AUD, sub: "user-4711", scope: "bookings:read", companyId: "c-42", iat: now - 5, exp: now + 600, ...claims };
  for (const [name, value] of Object.entries(body)) if (value === undefined) delete body[name];
  const jwk = fx.jwks.keys.find((k) => k.kid === kid);
  const alg = jwk?.alg ?? "HS256";
  return new SignJWT(body).setProtectedHeader({ alg, kid, typ: "JWT" }).sign(key ?? (await signingKey(kid)));
}

/** The usual sample set: valid read/write/admin tokens and each kind of bad one. */
export async function sampleTokens() {
  const now = Math.floor(Date.now() / 1000);
  return {
    read: await mint(),
    readEs: await mint({ kid: "es-2026-01" }),
    write: await mint({ kid: "es-2026-02", claims: { scope: "bookings:read bookings:write", sub: "user-7" } }),
    admin: await mint({ kid: "hs-2026-02", claims: { scope: "tollgate:keys", sub: "ops" } }),
    expired: await mint({ claims: { iat: now - 7200, exp: now - 3600 } }),
    badSignature: await mint({ key: new TextEncoder().encode("x".repeat(32)) }),
    wrongAudience: await mint({ claims: { aud: "payments-api" } }),
    unknownKid: await mint({ kid: "hs-2099-01", key: new TextEncoder().encode("y".repeat(32)) }),
  };
}

// Makes the benchmark tokens once, with the fixture keys of tests/vectors
// (node:crypto only), so every library in every runtime verifies the same bytes.
// Tokens expire a day after they are made: every library reads its own clock.
//   node bench/tokens.mjs OUT.json
import { readFileSync, writeFileSync } from "node:fs";
import { createHmac, createPrivateKey, sign } from "node:crypto";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

const fx = JSON.parse(readFileSync(new URL("../tests/vectors/fixtures.json", import.meta.url), "utf8"));
const ISS = fx.verifier.issuer;
const AUD = fx.verifier.audience;
const HS = fx.jwks.keys.find((k) => k.kty === "oct");
const ES = fx.jwks.keys.find((k) => k.kty === "EC");
const ES_PRIVATE = fx.private.keys.find((k) => k.kid === ES.kid);
/** Distinct tokens per algorithm for the cache-miss cases (more than the cache holds). */
export const MISS_TOKENS = 256;

const b64u = (x) => Buffer.from(typeof x === "string" ? x : JSON.stringify(x)).toString("base64url");

function mint(key, claims) {
  const alg = key.kty === "oct" ? "HS256" : "ES256";
  const input = `${b64u({ alg, typ: "JWT", kid: key.kid })}.${b64u(claims)}`;
  const sig = key.kty === "oct"
    ? createHmac("sha256", Buffer.from(key.k, "base64url")).update(input).digest()
    : sign("sha256", Buffer.from(input), { key: createPrivateKey({ key: ES_PRIVATE, format: "jwk" }), dsaEncoding: "ieee-p1363" });
  return `${input}.${sig.toString("base64url")}`;
}

/** The last signature byte flipped: well-formed, signature_invalid. */
function tamper(token) {
  const [h, p, s] = token.split(".");
  const sig = Buffer.from(s, "base64url");
  sig[sig.length - 1] ^= 1;
  return `${h}.${p}.${sig.toString("base64url")}`;
}

export function makeTokens(now = Math.floor(Date.now() / 1000)) {
  const claims = (jti) => ({
    iss: ISS, sub: "user-4711", aud: AUD, iat: now - 60, exp: now + 86400, jti,
    scope: "bookings:read bookings:write", company_id: "c-42",
  });
  const out = {
    made: now,
    issuer: ISS,
    audience: AUD,
    jwks: { keys: [HS, ES] },
    scopes: ["bookings:read"],
    hs256: { valid: mint(HS, claims("hs-0")) },
    es256: { valid: mint(ES, claims("es-0")) },
  };
  out.hs256.rejected = tamper(out.hs256.valid);
  out.es256.rejected = tamper(out.es256.valid);
  out.hs256.many = Array.from({ length: MISS_TOKENS }, (_, i) => mint(HS, claims(`hs-${i + 1}`)));
  out.es256.many = Array.from({ length: MISS_TOKENS }, (_, i) => mint(ES, claims(`es-${i + 1}`)));
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url) && process.argv[2]) {
  writeFileSync(process.argv[2], JSON.stringify(makeTokens()));
}

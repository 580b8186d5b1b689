// Demo keys and sample tokens, made in the page with WebCrypto. Nothing here
// is sent anywhere; the keys live only in this tab's memory.
import { b64urlEncode, b64urlJson } from "./jwt.js";

export const DEMO_POLICY = {
  issuer: "https://auth.booking.example",
  audience: "bookings-api",
  scopes: "bookings:read",
  tolerance: "30",
  requireKid: true,
};

const randomHex = (n) =>
  Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => b.toString(16).padStart(2, "0")).join("");

/** A fresh HS256 secret (32 random bytes) and ES256 P-256 key pair. */
export async function makeDemoKeys() {
  const tag = randomHex(3);
  const secret = crypto.getRandomValues(new Uint8Array(32));
  const hmac = await crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const ec = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
  const pub = await crypto.subtle.exportKey("jwk", ec.publicKey);
  const hsJwk = { kty: "oct", kid: `demo-hs-${tag}`, alg: "HS256", use: "sig", k: b64urlEncode(secret) };
  const esJwk = { kty: "EC", crv: "P-256", kid: `demo-es-${tag}`, alg: "ES256", use: "sig", x: pub.x, y: pub.y };
  return {
    HS256: { kid: hsJwk.kid, jwk: hsJwk, sign: (data) => crypto.subtle.sign("HMAC", hmac, data) },
    // WebCrypto's ECDSA output is already the raw 64-byte R‖S form JWS wants.
    ES256: {
      kid: esJwk.kid,
      jwk: esJwk,
      sign: (data) => crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, ec.privateKey, data),
    },
  };
}

export function demoJwks(keys, which = "demo") {
  const list = [];
  if (which !== "demo-es") list.push(keys.HS256.jwk);
  if (which !== "demo-hs") list.push(keys.ES256.jwk);
  return { keys: list };
}

async function sign(keys, alg, header, claims) {
  const input = `${b64urlJson({ alg, typ: "JWT", kid: keys[alg].kid, ...header })}.${b64urlJson(claims)}`;
  const sig = await keys[alg].sign(new TextEncoder().encode(input));
  return `${input}.${b64urlEncode(new Uint8Array(sig))}`;
}

function baseClaims(now) {
  return {
    iss: DEMO_POLICY.issuer,
    sub: "user-4711",
    aud: DEMO_POLICY.audience,
    iat: now - 300,
    nbf: now - 300,
    exp: now + 3600,
    jti: randomHex(8),
  };
}

/** label, what the sample shows, expected code (null = accepted), builder. */
export const SAMPLES = {
  hs256: {
    label: "Valid HS256",
    expect: null,
    make: (k, now) => sign(k, "HS256", {}, { ...baseClaims(now), scope: "bookings:read bookings:write" }),
  },
  es256: {
    label: "Valid ES256",
    expect: null,
    make: (k, now) => sign(k, "ES256", {}, { ...baseClaims(now), scp: ["bookings:read", "profile"] }),
  },
  expired: {
    label: "Expired",
    expect: "token_expired",
    make: (k, now) =>
      sign(k, "ES256", {}, { ...baseClaims(now), iat: now - 7200, nbf: now - 7200, exp: now - 3600, scope: "bookings:read" }),
  },
  audience: {
    label: "Wrong audience",
    expect: "claim_invalid",
    make: (k, now) => sign(k, "HS256", {}, { ...baseClaims(now), aud: "payments-api", scope: "bookings:read" }),
  },
  scope: {
    label: "Missing scope",
    expect: "insufficient_scope",
    make: (k, now) => sign(k, "HS256", {}, { ...baseClaims(now), scope: "bookings:write profile" }),
  },
  tampered: {
    label: "Tampered",
    expect: "signature_invalid",
    // Signed for user-4711 with read scope, then the payload is swapped for one
    // claiming an admin scope; the original signature is kept.
    make: async (k, now) => {
      const claims = { ...baseClaims(now), scope: "bookings:read" };
      const [h, , s] = (await sign(k, "HS256", {}, claims)).split(".");
      return `${h}.${b64urlJson({ ...claims, sub: "admin", scope: "bookings:read admin" })}.${s}`;
    },
  },
  none: {
    label: "alg: none",
    expect: "alg_not_allowed",
    make: async (k, now) => {
      const header = { alg: "none", typ: "JWT", kid: k.HS256.kid };
      return `${b64urlJson(header)}.${b64urlJson({ ...baseClaims(now), scope: "bookings:read" })}.`;
    },
  },
};

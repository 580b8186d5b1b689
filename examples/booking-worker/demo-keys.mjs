// A fresh demo key set for the booking worker (node:crypto only): one HS256 secret and one
// ES256 key pair. `jwks` is what the worker verifies with; `signing` is what mints tokens.
import { generateKeyPairSync, randomBytes } from "node:crypto";

export function generateDemoKeys(stamp = new Date().toISOString().slice(0, 10)) {
  const hs = { kty: "oct", kid: `demo-hs-${stamp}`, alg: "HS256", use: "sig", k: randomBytes(32).toString("base64url") };
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const { kty, crv, x, y, d } = privateKey.export({ format: "jwk" });
  const ec = { kty, crv, x, y, kid: `demo-es-${stamp}`, alg: "ES256", use: "sig" };
  return { jwks: { keys: [hs, ec] }, signing: { keys: [hs, { ...ec, d }] } };
}

// Fresh demo credentials for the booking worker (node:crypto only): a key set with one HS256
// secret and one ES256 key pair (`jwks` is what the worker verifies with, `signing` what mints
// tokens), and a few API keys (generateDemoApiKeys).
import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";

export function generateDemoKeys(stamp = new Date().toISOString().slice(0, 10)) {
  const hs = { kty: "oct", kid: `demo-hs-${stamp}`, alg: "HS256", use: "sig", k: randomBytes(32).toString("base64url") };
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const { kty, crv, x, y, d } = privateKey.export({ format: "jwk" });
  const ec = { kty, crv, x, y, kid: `demo-es-${stamp}`, alg: "ES256", use: "sig" };
  return { jwks: { keys: [hs, ec] }, signing: { keys: [hs, { ...ec, d }] } };
}

/**
 * Fresh demo API keys: `config` is the worker's `apiKeys` list (SHA-256 digests only), `plain`
 * the keys and secret themselves, for the demo's curl lines.
 *  live  live_… key of partner-7 (company c-42) with a secret for POST /auth/token
 *  test  test_… sandbox key: refused on live-only routes (GET /invoices)
 */
export function generateDemoApiKeys() {
  const sha256 = (text) => createHash("sha256").update(text).digest("hex");
  const random = (prefix) => `${prefix}${randomBytes(18).toString("base64url")}`;
  const live = { id: "demo-live", key: random("live_"), secret: random("sec_") };
  const test = { id: "demo-test", key: random("test_") };
  const config = [
    {
      id: live.id,
      sha256: sha256(live.key),
      secretSha256: sha256(live.secret),
      scopes: ["bookings:read", "bookings:write", "customers:read"],
      subject: "partner-7",
      claims: { companyId: "c-42" },
    },
    { id: test.id, sha256: sha256(test.key), scopes: ["bookings:read", "events-register:read"], subject: "sandbox-1" },
  ];
  return { config, plain: { live, test } };
}

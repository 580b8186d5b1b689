// API keys for the end-to-end tests: fresh random keys and secrets per run, and the worker's
// `apiKeys` config, which holds only their SHA-256 digests.
import { createHash, randomBytes } from "node:crypto";

const sha256 = (text) => createHash("sha256").update(text).digest("hex");
const random = (prefix) => `${prefix}${randomBytes(18).toString("base64url")}`;

/**
 * `{ plain, config }`: `plain.<name>` = { key, secret, id }, `config` = the apiKeys list.
 *  previous  live key-2025 (rotated out in the rotation test), bookings:read
 *  current   live key-2026, subject partner-7, companyId c-42, bookings:read customers:read, with a secret
 *  sandbox   test key, bookings:read events-register:read customers:write, with a secret
 *  suspended / expired   refused with api_key_revoked
 *  platform  live key acting for accounts acc-7 and acc-8
 *  unbound   key of no environment (no live_/test_ prefix), with a secret
 */
export function makeApiKeys() {
  const now = Math.floor(Date.now() / 1000);
  const entries = {
    previous: { id: "key-2025", prefix: "live_", scopes: ["bookings:read"], subject: "partner-7", claims: { companyId: "c-42" } },
    current: { id: "key-2026", prefix: "live_", scopes: ["bookings:read", "customers:read"], subject: "partner-7", claims: { companyId: "c-42" }, secret: true },
    sandbox: { id: "sandbox-1", prefix: "test_", scopes: ["bookings:read", "events-register:read", "customers:write"], environment: "test", secret: true },
    suspended: { id: "key-suspended", prefix: "live_", scopes: ["bookings:read"], status: "suspended", secret: true },
    expired: { id: "key-expired", prefix: "live_", scopes: ["bookings:read"], expiresAt: now - 60 },
    platform: { id: "platform-1", prefix: "live_", scopes: ["bookings:read"], claims: { accounts: ["acc-7", "acc-8"] } },
    unbound: { id: "unbound-1", prefix: "sk_", scopes: ["bookings:read"], secret: true },
  };
  const plain = {};
  const config = [];
  for (const [name, { prefix, secret, ...entry }] of Object.entries(entries)) {
    const key = random(prefix);
    const secretValue = secret ? random("sec_") : undefined;
    plain[name] = { id: entry.id, key, secret: secretValue };
    config.push({ ...entry, sha256: sha256(key), ...(secretValue ? { secretSha256: sha256(secretValue) } : {}) });
  }
  return { plain, config };
}

/** The JSON of a token's header (0) or claims (1), without verifying. */
export function decodeSegment(token, index) {
  return JSON.parse(Buffer.from(token.split(".")[index], "base64url").toString("utf8"));
}

// Keys for a whole fleet of isolates. With a Workers KV binding (TOLLGATE_KV), the key set and the
// API keys live in KV instead of each isolate's memory:
//   - the JWK Set under the KV key "jwks", written with a version as metadata; every isolate's
//     guard reads it when due (keySource: kvKeySet) and follows one write within
//     KEYS_REFRESH_SECONDS (default 30, plus KV's own propagation);
//   - each API key under "apikey:" + the lower-case hex SHA-256 of the key, its apiKeys entry as
//     JSON; read by digest through the guard's bounded cache (apiKeyStore: kvApiKeyStore): a
//     revocation reaches every isolate within API_KEYS_TTL seconds (default 60, plus KV's).
// The admin pushes (PUT /_tollgate/keys, PUT /_tollgate/api-keys) check what they are given
// first and write it once; a set or list that does not compile is refused and nothing is written.
import { Guard, kvApiKeyStore, kvKeySet } from "tollgate";

/** The KV key holding the JWK Set. */
export const KEYS_KV_KEY = "jwks";
/** Prefix of the KV keys holding API-key entries (then the key's hex SHA-256). */
export const API_KEY_PREFIX = "apikey:";

const seconds = (value, fallback) => (value === undefined || value === "" ? fallback : Number(value));

/**
 * The guard options that read keys from KV. `onKeys(jwks)` is called with each new set loaded
 * (the token exchange signs with its first HS256 key).
 */
export function fleetOptions(env, onKeys) {
  const kv = env.TOLLGATE_KV;
  const refreshInterval = seconds(env.KEYS_REFRESH_SECONDS, 30);
  const report = (what) => (error) => console.error(`tollgate ${what}: ${error.message}`);
  return {
    keySource: kvKeySet(kv, {
      key: KEYS_KV_KEY,
      refreshInterval,
      cooldown: Math.min(seconds(env.KEYS_COOLDOWN_SECONDS, 10), refreshInterval),
      ...(env.KEYS_MAX_STALENESS_SECONDS ? { maxStaleness: Number(env.KEYS_MAX_STALENESS_SECONDS) } : {}),
      onError: report("key set"),
      onLoad: ({ changed, jwks }) => changed && onKeys(jwks),
    }),
    apiKeyStore: kvApiKeyStore(kv, {
      prefix: API_KEY_PREFIX,
      ttl: seconds(env.API_KEYS_TTL_SECONDS, 60),
      negativeTtl: seconds(env.API_KEYS_NEGATIVE_TTL_SECONDS, 10),
      onError: report("api key"),
    }),
  };
}

/**
 * Checks a JWK Set (a guard compiles it: a TypeError naming the field if it does not) and
 * writes it to KV with a new version. Returns `{ version, kids, skipped }`.
 */
export async function publishKeys(kv, jwks) {
  const checked = new Guard({ keys: jwks });
  const version = `${Date.now()}-${crypto.randomUUID().slice(0, 8)}`;
  await kv.put(KEYS_KV_KEY, JSON.stringify(jwks), { metadata: { version } });
  const skipped = new Set(checked.skippedKeys.map((s) => s.index));
  return { version, kids: jwks.keys.filter((_, i) => !skipped.has(i)).map((k) => k.kid), skipped: checked.skippedKeys };
}

/**
 * Checks an apiKeys list (compiled by a guard that only holds it) and writes each entry under
 * its digest. Entries not in the list are left as they are: revoke a key by pushing it with
 * `status: "revoked"`. Returns the ids written.
 */
export async function publishApiKeys(kv, list) {
  // A guard that never loads a key set, only compiles the list: a TypeError naming the field if bad.
  new Guard({ keySource: { load: async () => ({ notModified: true }) }, apiKeys: list });
  await Promise.all(list.map((entry) => kv.put(`${API_KEY_PREFIX}${hexDigest(entry.sha256)}`, JSON.stringify(entry))));
  return list.map((entry) => entry.id);
}

/** A SHA-256 digest given as 64 hex digits or 43 base64url characters, as lower-case hex. */
function hexDigest(digest) {
  if (/^[0-9a-fA-F]{64}$/.test(digest)) return digest.toLowerCase();
  const bytes = atob(digest.replace(/-/g, "+").replace(/_/g, "/") + "=");
  return [...bytes].map((c) => c.charCodeAt(0).toString(16).padStart(2, "0")).join("");
}

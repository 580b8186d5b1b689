// API keys and issued tokens on a Guard: checkApiKey (the key+secret exchange), sign (HS256
// tokens the guard itself accepts), setApiKeys (rotation). Argument checks here; the rules
// (SHA-256 digests, constant-time lookup, status, expiry, environment) live in the core.
import { nowOf } from "./options.js";

/** `guard.checkApiKey(key, { secret, environment, now })`. Never throws for a bad key. */
export function checkApiKey(core, key, options) {
  const now = nowOf(options);
  const secret = options?.secret;
  if (secret !== undefined && typeof secret !== "string") throw new TypeError("options.secret: must be a string");
  const environment = options?.environment ?? "";
  if (typeof environment !== "string") throw new TypeError('options.environment: must be "live" or "test"');
  try {
    return JSON.parse(core.checkApiKey(typeof key === "string" ? key : "", secret, environment, now));
  } catch (e) {
    throw new TypeError(`options.${String(e)}`);
  }
}

/** `guard.sign(claims, { kid, expiresIn, now, typ })`: a compact HS256 JWT. Throws a TypeError naming the field. */
export function signToken(core, claims, options) {
  if (claims === null || typeof claims !== "object" || Array.isArray(claims)) throw new TypeError("claims: must be an object");
  const kid = options?.kid;
  if (typeof kid !== "string" || kid === "") throw new TypeError("kid: must name an HS256 key of the key set");
  const expiresIn = options?.expiresIn;
  if (expiresIn !== undefined && typeof expiresIn !== "number") throw new TypeError("expiresIn: must be a number of seconds");
  const typ = options?.typ;
  if (typ !== undefined && typeof typ !== "string") throw new TypeError("typ: must be a string");
  let json;
  try {
    json = JSON.stringify(claims);
  } catch (e) {
    throw new TypeError(`claims: cannot be serialized (${e.message})`);
  }
  try {
    return core.sign(json, kid, nowOf(options), expiresIn, typ);
  } catch (e) {
    throw new TypeError(String(e));
  }
}

/** `guard.setApiKeys(list)`: swaps the apiKeys table atomically; a bad list throws and the old one stays. */
export function setApiKeys(core, apiKeys) {
  if (!Array.isArray(apiKeys)) throw new TypeError("apiKeys: must be an array of { id, sha256, … }");
  try {
    core.setApiKeys(JSON.stringify(apiKeys));
  } catch (e) {
    throw new TypeError(String(e));
  }
}

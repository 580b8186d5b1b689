// The WebCrypto path of guard.verifyAsync for ES256. The wasm core still does
// everything but the one ECDSA check: size, base64url, header, kid, key bound
// to alg, the signature's form (64 bytes R‖S, r and s in [1, n−1], refused
// before WebCrypto sees it, since implementations differ on those), then the
// claims and scopes. Only crypto.subtle.verify runs here, on a CryptoKey
// imported once per key when the key set is set. Without WebCrypto, or for a
// key WebCrypto would not import, the pure-wasm check answers instead.

const subtle = globalThis.crypto?.subtle;
const IMPORT = { name: "ECDSA", namedCurve: "P-256" };
const VERIFY = { name: "ECDSA", hash: "SHA-256" };
const encoder = new TextEncoder();
/** A kid without a CryptoKey: verify in wasm instead. */
export const NO_KEY = Symbol("no CryptoKey");

/**
 * Starts importing the P-256 keys of a JWK Set the core has accepted.
 * WebIDL converts the JWK during the call, so later changes to `jwks` do not matter.
 * @returns {Map<string, Promise<CryptoKey | null>>} by kid; null when the import failed
 */
export function importKeys(jwks) {
  const keys = new Map();
  if (!subtle || typeof subtle.importKey !== "function") return keys;
  for (const jwk of jwks?.keys ?? []) {
    if (jwk?.kty !== "EC") continue;
    const { kty, crv, x, y } = jwk;
    let imported;
    try {
      imported = subtle.importKey("jwk", { kty, crv, x, y, ext: true }, IMPORT, false, ["verify"]).catch(() => null);
    } catch {
      imported = Promise.resolve(null);
    }
    keys.set(jwk.kid, imported);
  }
  return keys;
}

/** The kid of the first candidate whose key verifies the signature; null if none; NO_KEY to fall back. */
export async function verifySignature(keys, kids, token, signature) {
  const data = encoder.encode(token.slice(0, token.lastIndexOf(".")));
  for (const kid of kids) {
    const key = await keys.get(kid);
    if (!key) return NO_KEY;
    if (await subtle.verify(VERIFY, key, signature, data)) return kid;
  }
  return null;
}

/**
 * Verifies like core.verify, with ES256 signatures checked by WebCrypto.
 * `keysOf()` gives the CryptoKeys of the key set currently in the core.
 * @returns {Promise<object>} the parsed result, the same as verify would give
 */
export async function verifyWithWebCrypto(core, keysOf, token, scopes, now) {
  // A key swap while WebCrypto works makes the answer stale: start again (twice at most).
  for (let attempt = 0; attempt < 3; attempt++) {
    const version = core.keysVersion();
    const signature = new Uint8Array(64);
    const first = JSON.parse(core.prepare(token, scopes, now, signature));
    if (!first.pending) return first;
    const kid = await verifySignature(keysOf(), first.pending, token, signature);
    if (kid === NO_KEY) break;
    if (core.keysVersion() === version) return JSON.parse(core.finish(token, kid ?? "", scopes, now));
  }
  return JSON.parse(core.verify(token, scopes, now));
}

/** Whether this runtime has WebCrypto ECDSA at all. */
export const hasWebCrypto = Boolean(subtle && typeof subtle.verify === "function");

// The WebCrypto path of guard.verifyAsync for ES256. The wasm core still does
// everything but the one ECDSA check: size, base64url, header, kid, key bound
// to alg, the signature's form (64 bytes R‖S, r and s in [1, n−1], refused
// before WebCrypto sees it, since implementations differ on those), then the
// claims and scopes. Only crypto.subtle.verify runs here, on a CryptoKey
// imported once per key when the key set is set. Without WebCrypto, or for a
// key WebCrypto would not import, the pure-wasm check answers instead.
import { verifyInCore } from "./input.js";

const subtle = globalThis.crypto?.subtle;
const IMPORT = { name: "ECDSA", namedCurve: "P-256" };
const VERIFY = { name: "ECDSA", hash: "SHA-256" };
const encoder = new TextEncoder();
/** A kid without a CryptoKey: verify in wasm instead. */
export const NO_KEY = Symbol("no CryptoKey");
/** Imports that have settled: import promise → CryptoKey or null (saves an await per call). */
const settled = new WeakMap();

/**
 * Starts importing the P-256 keys of a JWK Set the core has accepted, except those it
 * skipped (`skipped`: the core's report, `[{ index }…]`).
 * WebIDL converts the JWK during the call, so later changes to `jwks` do not matter.
 * @returns {Map<string, Promise<CryptoKey | null>>} by kid; null when the import failed
 */
export function importKeys(jwks, skipped) {
  const keys = new Map();
  if (!subtle || typeof subtle.importKey !== "function") return keys;
  const unused = new Set(skipped.map((s) => s.index));
  for (const [index, jwk] of (jwks?.keys ?? []).entries()) {
    if (jwk?.kty !== "EC" || unused.has(index)) continue;
    const { kty, crv, x, y } = jwk;
    let imported;
    try {
      imported = subtle.importKey("jwk", { kty, crv, x, y, ext: true }, IMPORT, false, ["verify"]).catch(() => null);
    } catch {
      imported = Promise.resolve(null);
    }
    imported.then((key) => settled.set(imported, key));
    keys.set(jwk.kid, imported);
  }
  return keys;
}

/** The kid of the first candidate whose key verifies the signature over `data`; null if none; NO_KEY to fall back. */
async function verifyBytes(keys, kids, data, signature) {
  for (const kid of kids) {
    const imported = keys.get(kid);
    // A settled import needs no await (one promise hop less per call).
    const key = imported === undefined ? undefined : settled.has(imported) ? settled.get(imported) : await imported;
    if (!key) return NO_KEY;
    if (await subtle.verify(VERIFY, key, signature, data)) return kid;
  }
  return null;
}

/** The kid of the first candidate whose key verifies the signature; null if none; NO_KEY to fall back. */
export function verifySignature(keys, kids, token, signature) {
  return verifyBytes(keys, kids, encoder.encode(token.slice(0, token.lastIndexOf("."))), signature);
}

/**
 * Verifies like core.verify, with ES256 signatures checked by WebCrypto.
 * `input` is the core's input buffer (input.js); `keysOf()` gives the CryptoKeys of the
 * key set currently in the core. With `dates`, answers as verifyInCore does: [result, dates].
 * @returns {Promise<object>} the result, the same as the core's verify would give
 */
export async function verifyWithWebCrypto(core, input, keysOf, token, scopes, now, dates) {
  // A key swap while WebCrypto works makes the answer stale: start again (twice at most).
  for (let attempt = 0; attempt < 3; attempt++) {
    if (!input.write(token, scopes, 64)) break;
    const written = input.writes;
    const version = core.keysVersion();
    const json = core.prepareInput(input.tokenLength, input.scopesLength, now, dates);
    if (!json.startsWith('{"pending":')) return input.answer(json, dates);
    const { pending: kids, signed } = JSON.parse(json);
    // One copy, taken now (the buffer is the next call's once this function awaits), holding
    // the signing input at its start and the signature at `at`: one new ArrayBuffer, not two.
    const at = input.tokenLength + input.scopesLength;
    const copy = input.view().slice(0, at + 64).buffer;
    const signature = new Uint8Array(copy, at, 64);
    const data = new Uint8Array(copy, 0, signed);
    const only = kids.length === 1 ? keysOf().get(kids[0]) : undefined;
    // One candidate whose key is imported (the usual case): verify here, no extra promise hop.
    const kid = only !== undefined && settled.get(only)
      ? ((await subtle.verify(VERIFY, settled.get(only), signature, data)) ? kids[0] : null)
      : await verifyBytes(keysOf(), kids, data, signature);
    if (kid === NO_KEY) break;
    if (core.keysVersion() !== version) continue;
    // Another call used the buffer meanwhile: write this token and scopes again.
    if (input.writes !== written && !input.write(token, scopes, 64)) break;
    const index = kid === null ? -1 : kids.indexOf(kid);
    return input.answer(core.finishInput(input.tokenLength, input.scopesLength, index, now, dates), dates);
  }
  return verifyInCore(core, input, token, scopes, now, dates);
}

/** Whether this runtime has WebCrypto ECDSA at all. */
export const hasWebCrypto = Boolean(subtle && typeof subtle.verify === "function");

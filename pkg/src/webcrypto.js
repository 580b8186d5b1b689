// WebCrypto for ES256: the one place a signature check the core hands out is answered. The
// core decides everything (src/wasm/mod.rs): whether to hand a check out at all, which key,
// which bytes. It writes the signing input to the start of the input buffer with the 64-byte
// signature after it and answers `{"defer":kid,"signed":n}`; here crypto.subtle.verify checks
// exactly that, with the CryptoKey of `kid`, and the answer goes back to the core, which
// continues, hands out the next candidate's check, or answers `{"stale":true}` (the key set
// changed meanwhile: start again). Without WebCrypto, or for a key WebCrypto will not
// import, the caller lets the core do every step instead.

const subtle = globalThis.crypto?.subtle;
const IMPORT = { name: "ECDSA", namedCurve: "P-256" };
const VERIFY = { name: "ECDSA", hash: "SHA-256" };
const DEFER = '{"defer":';
const STALE = '{"stale":true}';
const ATTEMPTS = 3;

/** Whether this runtime has WebCrypto ECDSA at all. */
export const hasWebCrypto = Boolean(subtle && typeof subtle.verify === "function" && typeof subtle.importKey === "function");

/**
 * The CryptoKeys of one guard's ES256 keys, imported on first use from the public key the
 * core holds (`publicKey(kid)`), and forgotten when the key set changes.
 */
export class CryptoKeys {
  #core;
  /** kid → CryptoKey, a promise of one while importing, or null (WebCrypto would not import it). */
  #keys = new Map();

  constructor(core) {
    this.#core = core;
  }

  /** The key for `kid`: a CryptoKey, a promise of one (or of null), or null. */
  get(kid) {
    const known = this.#keys.get(kid);
    return known !== undefined ? known : this.#import(kid);
  }

  clear() {
    this.#keys = new Map();
  }

  #import(kid) {
    const keys = this.#keys;
    const jwk = this.#core.publicKey(kid);
    let imported = null;
    if (jwk !== undefined) {
      const settle = (key) => {
        if (keys.get(kid) === imported) keys.set(kid, key);
        return key;
      };
      try {
        imported = subtle.importKey("jwk", { ...JSON.parse(jwk), ext: true }, IMPORT, false, ["verify"]).then(settle, () => settle(null));
      } catch {
        imported = null;
      }
    }
    keys.set(kid, imported);
    return imported;
  }
}

/**
 * Runs a core call that may hand out signature checks. `begin()` (called again after a stale
 * answer) and `finish(check, valid)` return the core's JSON text, `begin()` undefined when it
 * cannot start; `done(json)` turns the final text into the answer, at once (the buffer is the
 * next call's after an await). The answer comes back as it is when the core hands out no check
 * (HS256, a refusal: no promise, no await), else as a promise of it; undefined (or a promise
 * of undefined) when WebCrypto cannot decide: then the caller asks the core to do every step.
 */
export function settle(core, input, keys, begin, finish, done) {
  const json = begin();
  if (json === undefined) return undefined;
  if (!json.startsWith(DEFER)) return json === STALE ? undefined : done(json);
  return settleChecks(core, input, keys, begin, finish, done, json);
}

/** `settle` once the core has handed out a check (`json`): WebCrypto answers, the core goes on. */
async function settleChecks(core, input, keys, begin, finish, done, json) {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (attempt > 0) {
      json = begin();
      if (json === undefined) return undefined;
    }
    while (json.startsWith(DEFER)) {
      const { defer: kid, signed } = JSON.parse(json);
      const check = core.takeCheck();
      // One copy of signing input and signature, taken before anything awaits.
      const bytes = input.view().slice(0, signed + 64);
      let valid;
      try {
        valid = await verifyWith(keys.get(kid), bytes, signed);
      } catch {
        valid = undefined;
      }
      if (valid === undefined) {
        check.free();
        return undefined;
      }
      json = finish(check, valid);
    }
    if (json !== STALE) return done(json);
  }
  return undefined;
}

/** WebCrypto's answer for `bytes` (signing input, then the signature at `signed`); undefined without a key. */
async function verifyWith(key, bytes, signed) {
  // A settled key needs no await (one promise hop less per call).
  const cryptoKey = typeof key?.then === "function" ? await key : key;
  if (!cryptoKey) return undefined;
  return subtle.verify(VERIFY, cryptoKey, bytes.subarray(signed, signed + 64), bytes.subarray(0, signed));
}

// The Guard class and decode(): thin JS over the wasm core. Each call crosses
// into wasm once (the token written into the core's input buffer, input.js) and
// gets one JSON string back, parsed once here. With `cache` on, a repeated token
// is answered by the front cache (front-cache.js) without crossing at all.
import { WasmGuard, decode as decodeInWasm } from "../gen/tollgate.js";
import { FrontCache } from "./front-cache.js";
import { CoreInput, verifyInCore } from "./input.js";
import { importKeys, verifyWithWebCrypto } from "./webcrypto.js";
import { authorize } from "./authorize.js";
import { checkApiKey, setApiKeys, signToken } from "./credentials.js";
import { compileResponses, refusalResponse, withoutResponseFields } from "./responses.js";
import { assertLoaded } from "./loaded.js";

const NUMERIC_FIELDS = ["clockTolerance", "maxTokenAge", "maxTokenSize"];

function configJson(config, what) {
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    throw new TypeError(`${what}: must be an object`);
  }
  try {
    return JSON.stringify(config);
  } catch (e) {
    throw new TypeError(`${what}: cannot be serialized (${e.message})`);
  }
}

function checkNumbers(config) {
  for (const field of NUMERIC_FIELDS) {
    const v = config[field];
    if (v !== undefined && !(typeof v === "number" && Number.isFinite(v))) {
      throw new TypeError(`${field}: must be a finite number`);
    }
  }
}

/** Current time in Unix seconds, or the caller's `now`. */
export function nowOf(options) {
  const now = options?.now;
  if (now === undefined) return Date.now() / 1000;
  if (typeof now !== "number" || !Number.isFinite(now)) {
    throw new TypeError("options.now: must be a finite number of Unix seconds");
  }
  return now;
}

const NO_SCOPES = Object.freeze([]);

/** A list of required scopes (`field` names it in errors), checked: an array of non-empty strings without spaces. */
export function scopeList(scopes, field) {
  if (scopes === undefined) return NO_SCOPES;
  if (!Array.isArray(scopes)) throw new TypeError(`${field}: must be an array of strings`);
  for (const s of scopes) {
    if (typeof s !== "string" || s === "" || /\s/.test(s)) {
      throw new TypeError(`${field}: each scope must be a non-empty string without spaces`);
    }
  }
  return scopes;
}

/** The required scopes of a verify call. */
function requiredScopes(options) {
  return scopeList(options?.scopes, "options.scopes");
}

/** The core's cache settings for the front cache, or null when `cache` is off. */
function frontCacheOf(core) {
  const maxEntries = core.cacheMaxEntries();
  if (maxEntries === 0) return null;
  const maxTokenAge = core.maxTokenAge();
  return new FrontCache({
    maxEntries,
    ttl: core.cacheTtl(),
    clockTolerance: core.clockTolerance(),
    maxTokenAge: Number.isNaN(maxTokenAge) ? null : maxTokenAge,
  });
}

function malformed(message) {
  return { ok: false, error: { code: "token_malformed", status: 401, message } };
}

/** The config without `cache`, which the core takes separately (Guard#setCache). */
function withoutCache(config) {
  if (config === null || typeof config !== "object" || !("cache" in config)) return config;
  const { cache: _cache, ...rest } = config;
  return rest;
}

export class Guard {
  #core;
  /** CryptoKeys of the ES256 keys in the core, by kid (webcrypto.js). */
  #cryptoKeys;
  /** The compiled error format (responses.js). */
  #responses;
  /** Error format and the request headers the core reads (authorize.js), built on first authorize. */
  #edge = null;
  /** The core's input buffer (input.js). */
  #input;
  /** The verified-token cache in front of the core (front-cache.js), or null when `cache` is off. */
  #front = null;
  /** Counts setKeys/setApiKeys calls, which drop the front cache. */
  #generation = 0;

  /**
   * Compiles the config once. Throws a TypeError naming the bad field.
   * @param {import("../index.js").GuardConfig} config
   */
  constructor(config) {
    assertLoaded();
    const json = configJson(withoutResponseFields(withoutCache(config)), "config");
    checkNumbers(config);
    const responses = compileResponses(config);
    try {
      this.#core = new WasmGuard(json);
      if (config.cache !== undefined) this.#core.setCache(JSON.stringify(config.cache));
    } catch (e) {
      throw new TypeError(String(e));
    }
    this.#cryptoKeys = importKeys(config.keys, this.skippedKeys);
    // The request-header names come from the config the core holds: read on the first
    // authorize, not here (one wasm function less to compile and run on a cold start).
    this.#responses = responses;
    this.#input = new CoreInput(this.#core);
    this.#front = frontCacheOf(this.#core);
  }

  /**
   * Verifies a compact JWT synchronously, every step in wasm (pure-wasm P-256 for ES256).
   * The same result as `verify`. Never throws for a bad token.
   */
  verifySync(token, options) {
    const required = requiredScopes(options);
    const now = nowOf(options);
    if (typeof token !== "string") return malformed("malformed token: a token is a string");
    const front = this.#front;
    if (front === null) return verifyInCore(this.#core, this.#input, token, required.join(" "), now, false);
    const hit = front.get(token, required, now);
    if (hit !== undefined) return hit;
    const [result, dates] = verifyInCore(this.#core, this.#input, token, required.join(" "), now, true);
    front.put(token, result, dates, now);
    return result;
  }

  /**
   * Verifies a compact JWT, checking ES256 signatures with WebCrypto where the runtime has it
   * (pure wasm otherwise). Never rejects for a bad token.
   */
  verify(token, options) {
    let required, now;
    try {
      required = requiredScopes(options);
      now = nowOf(options);
    } catch (e) {
      return Promise.reject(e);
    }
    if (typeof token !== "string") return Promise.resolve(malformed("malformed token: a token is a string"));
    const scopes = required.join(" ");
    const front = this.#front;
    if (front === null) return verifyWithWebCrypto(this.#core, this.#input, () => this.#cryptoKeys, token, scopes, now, false);
    const hit = front.get(token, required, now);
    if (hit !== undefined) return Promise.resolve(hit);
    return this.#verifyAndStore(front, token, scopes, now);
  }

  async #verifyAndStore(front, token, scopes, now) {
    const generation = this.#generation;
    const [result, dates] = await verifyWithWebCrypto(this.#core, this.#input, () => this.#cryptoKeys, token, scopes, now, true);
    // Keys or API keys swapped (the cache dropped) while WebCrypto worked: answer, do not store.
    if (generation === this.#generation) front.put(token, result, dates, now);
    return result;
  }

  /**
   * Decides a request against the route table (Request or { method, url, headers }):
   * a Decision with response() and forwardRequest(). ES256 signatures go to WebCrypto.
   * `options.scopes` / `options.anyScopes`: scopes this call requires besides the route's.
   */
  authorize(request, options) {
    this.#edge ??= { responses: this.#responses, requestHeaders: JSON.parse(this.#core.requestHeaders()) };
    return authorize(this.#core, () => this.#cryptoKeys, request, options, this.#edge);
  }

  /**
   * Checks an opaque API key (and its secret, for a token exchange) against `apiKeys`:
   * `{ ok: true, keyId, subject, scopes, environment, claims }` or `{ ok: false, error }`.
   */
  checkApiKey(key, options) {
    return checkApiKey(this.#core, key, options);
  }

  /** Issues an HS256 JWT with the key `kid` of the key set; `expiresIn` sets iat and exp. */
  sign(claims, options) {
    return signToken(this.#core, claims, options);
  }

  /** Swaps the apiKeys table atomically (rotation); an invalid list throws and the old one stays. */
  setApiKeys(apiKeys) {
    setApiKeys(this.#core, apiKeys);
    this.#dropCache();
  }

  /**
   * A refusal Response in the configured error format for `error` ({ code, status, message,
   * wwwAuthenticate? }), e.g. for a failed key+secret exchange.
   */
  errorResponse(error, request, options) {
    return refusalResponse(error, request, this.#responses, options);
  }

  /**
   * Swaps the key set atomically and returns the keys it skipped (ones tollgate cannot verify
   * with), each `{ index, kid, field, reason }`. An invalid set, or one without a usable key,
   * throws a TypeError and the old keys stay.
   */
  setKeys(jwks) {
    const json = configJson(jwks, "keys");
    let skipped;
    try {
      skipped = JSON.parse(this.#core.setKeys(json));
    } catch (e) {
      throw new TypeError(String(e));
    }
    this.#cryptoKeys = importKeys(jwks, skipped);
    this.#dropCache();
    return skipped;
  }

  /** The keys of the set in force that were skipped, and why (as `setKeys` returns them). */
  get skippedKeys() {
    return JSON.parse(this.#core.skippedKeys());
  }

  #dropCache() {
    this.#generation++;
    this.#front?.clear();
  }

  /** @internal the compiled core, for the authorize module. */
  get _core() {
    return this.#core;
  }
}

/** Header and claims of a token, without verifying anything. Never throws. */
export function decode(token) {
  assertLoaded();
  if (typeof token !== "string") return malformed("malformed token: a token is a string");
  return JSON.parse(decodeInWasm(token));
}

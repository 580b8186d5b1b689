// The Guard class and decode(): thin JS over the wasm core. Each call crosses into wasm once
// (the token written into the core's input buffer, input.js) and gets one JSON string back,
// parsed once here. ES256 signatures the core hands out are checked by WebCrypto
// (webcrypto.js). With `cache` on, a repeated token is answered by the cache (cache.js)
// without crossing at all.
import { WasmGuard, decode as decodeInWasm, notAToken } from "../gen/tollgate.js";
import { TokenCache } from "./cache.js";
import { CoreInput, parseResult, verifyInCore } from "./input.js";
import { CryptoKeys, hasWebCrypto, settle } from "./webcrypto.js";
import { authorize } from "./authorize.js";
import { checkApiKey, setApiKeys, signToken } from "./exchange.js";
import { nowOf, requiredScopes } from "./options.js";
import { Responder, withoutHook } from "./responses.js";
import { assertLoaded } from "./loaded.js";
import { apiKeyReaderOf, withStoreLimits } from "./api-key-store.js";
import { keyLoaderOf, withSourceLimits } from "./key-source.js";

/**
 * The config as JSON for the core. A number JSON cannot carry (NaN, ±Infinity) is sent as its
 * name, so the core names the field instead of reading `null` as "not given".
 */
function configJson(config, what) {
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    throw new TypeError(`${what}: must be an object`);
  }
  try {
    return JSON.stringify(config, (_, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v));
  } catch (e) {
    throw new TypeError(`${what}: cannot be serialized (${e.message})`);
  }
}

export class Guard {
  #core;
  /** The core's input buffer (input.js). */
  #input;
  /** CryptoKeys of the core's ES256 keys, imported on first use (webcrypto.js). */
  #keys;
  /** Refusal answers with the `errorResponse` hook (responses.js). */
  #responder;
  /** The responder and the request headers the core reads (authorize.js), built on first authorize. */
  #edge = null;
  /** The verified-token cache (cache.js), or null when `cache` is off. */
  #cache = null;
  /** Counts setKeys/setApiKeys calls, which empty the cache. */
  #generation = 0;
  /** Reads keys from `apiKeyStore` (api-key-store.js), or null. */
  #apiKeys = null;
  /** Keeps the key set current from `keySource` (key-source.js), or null. */
  #source = null;

  /**
   * Compiles the config once. Throws a TypeError naming the bad field.
   * @param {import("../index.js").GuardConfig} config
   */
  constructor(config) {
    assertLoaded();
    const json = configJson(withoutHook(withSourceLimits(withStoreLimits(config))), "config");
    try {
      this.#core = new WasmGuard(json);
    } catch (e) {
      throw new TypeError(String(e));
    }
    this.#responder = new Responder(this.#core, config);
    this.#input = new CoreInput(this.#core);
    this.#keys = new CryptoKeys(this.#core);
    const cacheSize = this.#core.cacheSize();
    if (cacheSize > 0) this.#cache = new TokenCache(cacheSize);
    this.#apiKeys = apiKeyReaderOf(config);
    this.#source = keyLoaderOf(config, this.#core, () => {
      this.#keys.clear();
      this.#emptyCache();
    });
  }

  /**
   * Verifies a compact JWT, ES256 signatures through WebCrypto where the runtime has it.
   * Never rejects for a bad token.
   */
  verify(token, options) {
    let required, now;
    try {
      required = requiredScopes(options);
      now = nowOf(options);
    } catch (e) {
      return Promise.reject(e);
    }
    if (typeof token !== "string") return Promise.resolve(parseResult(notAToken()));
    if (this.#source !== null) return this.#withKeySource(now, () => this.#verifyNow(token, required, now), (r) => r.error?.code);
    return this.#verifyNow(token, required, now);
  }

  #verifyNow(token, required, now) {
    const hit = this.#cache?.get(token, required, now);
    if (hit !== undefined) return Promise.resolve(hit);
    const answer = this.#verify(token, required.join(" "), now);
    return answer instanceof Promise ? answer : Promise.resolve(answer);
  }

  /**
   * `run()` with the key set current (keySource): a due load first; after a `key_not_found`,
   * one early load (at most one per cooldown) and `run()` again when it brought a new set.
   */
  async #withKeySource(now, run, codeOf) {
    await this.#source.ready(now);
    const answer = await run();
    if (codeOf(answer) !== "key_not_found" || !(await this.#source.unknownKid(now))) return answer;
    return run();
  }

  /** The result, or a promise of it when WebCrypto checks a signature. */
  #verify(token, scopes, now) {
    const core = this.#core;
    const input = this.#input;
    const generation = this.#generation;
    const window = this.#cache !== null;
    const inCore = () => verifyInCore(core, input, token, scopes, now, window);
    if (!hasWebCrypto) return this.#keep(token, inCore(), generation);
    const answer = settle(
      core,
      input,
      this.#keys,
      () => (input.write(token, scopes, 64) ? core.verifyBegin(input.tokenLength, input.scopesLength, now, window) : undefined),
      (check, valid) => core.verifyFinish(check, valid, now),
      (json) => input.answer(json, window),
    );
    if (answer instanceof Promise) return answer.then((a) => this.#keep(token, a ?? inCore(), generation));
    return this.#keep(token, answer ?? inCore(), generation);
  }

  /** The result of `answer` ([result, window] with the cache on), stored when the cache is on. */
  #keep(token, answer, generation) {
    const cache = this.#cache;
    if (cache === null) return answer;
    // Keys or API keys swapped (the cache emptied) while WebCrypto worked: answer, do not store.
    if (generation === this.#generation) cache.put(token, answer[0], answer[1]);
    return answer[0];
  }

  /**
   * Verifies like `verify`, with the same result, synchronously: every step in wasm.
   * Never throws for a bad token.
   */
  verifySync(token, options) {
    const required = requiredScopes(options);
    const now = nowOf(options);
    if (typeof token !== "string") return parseResult(notAToken());
    const cache = this.#cache;
    if (cache === null) return verifyInCore(this.#core, this.#input, token, required.join(" "), now, false);
    const hit = cache.get(token, required, now);
    if (hit !== undefined) return hit;
    const [result, window] = verifyInCore(this.#core, this.#input, token, required.join(" "), now, true);
    cache.put(token, result, window);
    return result;
  }

  /**
   * Decides a request against the route table (Request or { method, url, headers }):
   * a Decision with response() and forwardRequest(). ES256 signatures go to WebCrypto.
   * `options.scopes` / `options.anyScopes`: scopes this call requires besides the route's.
   */
  authorize(request, options) {
    this.#edge ??= { responder: this.#responder, requestHeaders: JSON.parse(this.#core.requestHeaders()), apiKeys: this.#apiKeys };
    const decide = () => authorize(this.#core, this.#input, this.#keys, request, options, this.#edge);
    if (this.#source === null) return decide();
    let now;
    try {
      now = nowOf(options);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.#withKeySource(now, decide, (d) => d.code);
  }

  /**
   * Checks an opaque API key (and its secret, for a token exchange) against `apiKeys`:
   * `{ ok: true, keyId, subject, scopes, environment, claims }` or `{ ok: false, error }`.
   * With `apiKeyStore`, the key may have to be read from the store: the result is a Promise.
   */
  checkApiKey(key, options) {
    if (this.#apiKeys === null) return checkApiKey(this.#core, key, options);
    return this.#checkStoredApiKey(key, options);
  }

  async #checkStoredApiKey(key, options) {
    const now = nowOf(options);
    const digest = typeof key === "string" ? this.#core.apiKeyToLoadFor(key, now) : "";
    const prepared = this.#apiKeys.prepare(this.#core, digest, now);
    if (prepared !== null) (await prepared)(); // recorded, then checked with no await between
    return checkApiKey(this.#core, key, { ...options, now });
  }

  /** Issues an HS256 JWT with the key `kid` of the key set; `expiresIn` sets iat and exp. */
  sign(claims, options) {
    return signToken(this.#core, claims, options);
  }

  /** Swaps the apiKeys table atomically (rotation); an invalid list throws and the old one stays. */
  setApiKeys(apiKeys) {
    setApiKeys(this.#core, apiKeys);
    this.#emptyCache();
  }

  /**
   * A refusal Response in the configured error format for `error` ({ code, status, message,
   * wwwAuthenticate? }), e.g. for a failed key+secret exchange.
   */
  errorResponse(error, request, options) {
    return this.#responder.respond(error, request, options);
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
    this.#keys.clear();
    this.#emptyCache();
    return skipped;
  }

  /** How many loads the key source has started (0 without one), e.g. for metrics and tests. */
  get keyLoads() {
    return this.#source?.loads ?? 0;
  }

  /** The keys of the set in force that were skipped, and why (as `setKeys` returns them). */
  get skippedKeys() {
    return JSON.parse(this.#core.skippedKeys());
  }

  #emptyCache() {
    this.#generation++;
    this.#cache?.clear();
  }

  /** @internal the compiled core, for tests that count calls into it. */
  get _core() {
    return this.#core;
  }
}

/** Header and claims of a token, without verifying anything. Never throws. */
export function decode(token) {
  assertLoaded();
  return JSON.parse(typeof token === "string" ? decodeInWasm(token) : notAToken());
}

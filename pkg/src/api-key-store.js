// apiKeyStore: opaque API keys kept outside the config, in a store such as Workers KV, one
// entry per key under its lower-case hex SHA-256 (shaped like an `apiKeys` item). This file only
// does the I/O: it asks the core which digest a request needs, reads it from the store (one read
// per digest at a time, however many requests wait for it) and hands the answer to the core,
// which compiles it, checks it is filed under the right digest, and caches it (found: `ttl`,
// missing: `negativeTtl`, bounded by `maxEntries`). The rules stay in the core.

/**
 * The config with `apiKeyStore` as the core takes it (without the functions; the core checks
 * the rest), or unchanged when it has none. Throws a TypeError naming a missing `get` or a bad
 * `onError`.
 */
export function withStoreLimits(config) {
  if (config === null || typeof config !== "object" || config.apiKeyStore === undefined) return config;
  const store = config.apiKeyStore;
  if (store === null || typeof store !== "object") throw new TypeError("apiKeyStore: must be an object { get, maxEntries?, ttl?, negativeTtl?, onError? }");
  if (typeof store.get !== "function") throw new TypeError("apiKeyStore.get: must be a function (sha256Hex) => entry | null");
  if (store.onError !== undefined && typeof store.onError !== "function") throw new TypeError("apiKeyStore.onError: must be a function");
  const { get: _get, onError: _onError, ...limits } = store;
  return { ...config, apiKeyStore: limits };
}

/** Reads keys for one guard; null when the config has no `apiKeyStore`. */
export function apiKeyReaderOf(config) {
  return config?.apiKeyStore === undefined ? null : new ApiKeyReader(config.apiKeyStore);
}

class ApiKeyReader {
  #get;
  #onError;
  /** Reads in flight: digest → Promise of the entry text (null: none) or undefined (the read failed). */
  #reading = new Map();

  constructor({ get, onError }) {
    this.#get = get;
    this.#onError = onError;
  }

  /**
   * Reads the digest `toLoad()` names (empty: none needed) and resolves to a function that hands
   * the answer to the core; null when nothing was needed. The caller calls that function and
   * asks the core for its decision in the same synchronous step (no await between), so the
   * answer is still in the core's cache when the decision looks for it.
   */
  prepare(core, digest, now) {
    if (digest === "") return null;
    return this.#read(digest).then((text) => () => {
      if (text === undefined) return; // the store failed: nothing recorded, the key is refused this time
      try {
        core.putStoredApiKey(digest, text ?? undefined, now);
      } catch (e) {
        this.#report(new TypeError(String(e)));
      }
    });
  }

  #read(digest) {
    let reading = this.#reading.get(digest);
    if (reading === undefined) {
      reading = this.#fetch(digest).finally(() => this.#reading.delete(digest));
      this.#reading.set(digest, reading);
    }
    return reading;
  }

  async #fetch(digest) {
    try {
      const entry = await this.#get(digest);
      if (entry === null || entry === undefined) return null;
      return typeof entry === "string" ? entry : JSON.stringify(entry);
    } catch (e) {
      this.#report(new Error(`apiKeyStore.get failed: ${e?.message ?? String(e)}`, { cause: e }));
      return undefined;
    }
  }

  #report(error) {
    if (this.#onError === undefined) return;
    try {
      this.#onError(error);
    } catch {
      // a failing hook must not turn a refusal into an exception
    }
  }
}

/**
 * `apiKeyStore` over a Workers KV namespace: each key's entry (JSON text) under
 * `prefix + sha256Hex`. The options are the cache limits (`maxEntries`, `ttl`, `negativeTtl`)
 * and `onError`.
 * @example
 * new Guard({ ...config, apiKeyStore: kvApiKeyStore(env.API_KEYS, { ttl: 60 }) });
 * await env.API_KEYS.put(`apikey:${sha256Hex}`, JSON.stringify({ id, sha256: sha256Hex, scopes }));
 */
export function kvApiKeyStore(namespace, { prefix = "apikey:", ...options } = {}) {
  if (namespace === null || typeof namespace?.get !== "function") throw new TypeError("kvApiKeyStore: namespace must be a KV namespace binding");
  if (typeof prefix !== "string") throw new TypeError("kvApiKeyStore: prefix must be a string");
  return { ...options, get: (sha256Hex) => namespace.get(prefix + sha256Hex, "text") };
}

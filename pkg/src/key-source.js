// keySource: a guard's key set kept current from an async loader (a JWKS URL, a Workers KV
// key). The core decides when a load is due and whether the set in force may still be used
// (src/keys/source.rs: refreshInterval, cooldown, maxStaleness, the loader's max-age); this file
// does the I/O: one load in flight at a time however many requests wait for it, a failed or
// invalid load reported to `onError` and never replacing the set in force.

/**
 * The config with `keySource` as the core takes it (its numbers; the core checks them), or
 * unchanged when it has none. Throws a TypeError naming a missing `load` or a bad hook.
 */
export function withSourceLimits(config) {
  if (config === null || typeof config !== "object" || config.keySource === undefined) return config;
  const source = config.keySource;
  if (source === null || typeof source !== "object") {
    throw new TypeError("keySource: must be an object { load, refreshInterval?, cooldown?, maxStaleness?, onError?, onLoad? }");
  }
  if (typeof source.load !== "function") throw new TypeError("keySource.load: must be a function ({ validator }) => Promise<KeyLoad>");
  for (const hook of ["onError", "onLoad"]) {
    if (source[hook] !== undefined && typeof source[hook] !== "function") throw new TypeError(`keySource.${hook}: must be a function`);
  }
  const { load: _load, onError: _onError, onLoad: _onLoad, ...limits } = source;
  return { ...config, keySource: limits };
}

/** Loads keys for one guard; null when the config has no `keySource`. */
export function keyLoaderOf(config, core, installed) {
  return config?.keySource === undefined ? null : new KeyLoader(config.keySource, core, installed);
}

class KeyLoader {
  #core;
  #load;
  #onError;
  #onLoad;
  /** Called when a load put a new set in the core (the guard drops what it derived from the old one). */
  #installed;
  /** The load in flight, or null. */
  #loading = null;
  /** What the last successful load returned to identify its set (an ETag, a version). */
  #validator;
  /** Loads started, for tests and metrics. */
  loads = 0;

  constructor({ load, onError, onLoad }, core, installed) {
    this.#core = core;
    this.#load = load;
    this.#onError = onError;
    this.#onLoad = onLoad;
    this.#installed = installed;
  }

  /**
   * Before verifying at `now`: a load when one is due, waited for by the request that starts it
   * (at most the loader's timeout). Requests arriving while it runs go on with the set in force,
   * unless there is none usable (not loaded yet, or past maxStaleness): those wait for it too.
   */
  async ready(now) {
    if (this.#loading !== null) {
      if (!(now < this.#core.keysStaleAt())) await this.#loading;
    } else if (this.#core.keyLoadDue(now, false)) {
      await this.#start(now);
    }
  }

  /**
   * After a `key_not_found` at `now`: an early load when the cooldown allows one (or one is in
   * flight). Resolves to true when a new set came in, so the caller verifies again.
   */
  async unknownKid(now) {
    if (this.#loading !== null) return this.#loading;
    if (!this.#core.keyLoadDue(now, true)) return false;
    return this.#start(now);
  }

  #start(now) {
    this.#core.keyLoadAttempted(now);
    this.loads++;
    this.#loading = this.#run(now).finally(() => {
      this.#loading = null;
    });
    return this.#loading;
  }

  /** One load; true when it replaced the set in force. Never rejects. */
  async #run(now) {
    let result;
    try {
      result = await this.#load({ validator: this.#validator });
    } catch (e) {
      this.#report(e instanceof Error ? e : new Error(String(e)));
      return false;
    }
    if (result === null || typeof result !== "object") {
      this.#report(new TypeError("keySource.load: must resolve to { jwks, validator?, maxAge? } or { notModified: true }"));
      return false;
    }
    const maxAge = Number.isFinite(result.maxAge) ? result.maxAge : undefined;
    let json;
    if (!result.notModified) {
      try {
        json = typeof result.jwks === "string" ? result.jwks : JSON.stringify(result.jwks);
      } catch (e) {
        this.#report(new TypeError(`keySource: the loaded set cannot be serialized (${e.message})`));
        return false;
      }
      if (typeof json !== "string") {
        this.#report(new TypeError("keySource: the load gave no key set"));
        return false;
      }
    }
    let skipped;
    try {
      skipped = JSON.parse(this.#core.keysLoaded(json, now, maxAge));
    } catch (e) {
      this.#report(new TypeError(`keySource: the loaded set was refused, the old one stays: ${String(e)}`));
      return false;
    }
    const changed = json !== undefined;
    if (changed) {
      this.#validator = result.validator;
      this.#installed();
    }
    if (this.#onLoad !== undefined) {
      const jwks = changed ? (typeof result.jwks === "string" ? JSON.parse(json) : result.jwks) : undefined;
      this.#call(this.#onLoad, { changed, jwks, skipped, validator: this.#validator });
    }
    return changed;
  }

  #report(error) {
    this.#call(this.#onError, error);
  }

  #call(hook, value) {
    if (hook === undefined) return;
    try {
      hook(value);
    } catch {
      // a failing hook must not break verification
    }
  }
}

/** `Cache-Control: max-age` in seconds (0 for no-store/no-cache), or undefined. */
function maxAgeOf(cacheControl) {
  if (!cacheControl) return undefined;
  if (/(^|,)\s*(no-store|no-cache)\s*(,|$)/i.test(cacheControl)) return 0;
  const m = /(^|,)\s*max-age\s*=\s*"?(\d+)"?\s*(,|$)/i.exec(cacheControl);
  return m ? Number(m[2]) : undefined;
}

/**
 * A `keySource` that fetches a JWK Set from an issuer's JWKS URL: `If-None-Match` with the last
 * ETag (a 304 keeps the set), `Cache-Control: max-age` shortens the refresh interval, a request
 * slower than `timeout` ms is abandoned and an answer over `maxBytes` (default 1 MiB) refused
 * (the old set stays either way). Redirects are not followed.
 * @example
 * new Guard({ ...policy, keySource: remoteKeySet("https://auth.example/.well-known/jwks.json", { refreshInterval: 600, maxStaleness: 86400 }) });
 */
export function remoteKeySet(url, { timeout = 5000, maxBytes = 1 << 20, headers = {}, fetch: fetchImpl = globalThis.fetch, ...options } = {}) {
  let target;
  try {
    target = new URL(url);
  } catch {
    throw new TypeError("remoteKeySet: url must be an absolute URL");
  }
  if (target.protocol !== "https:" && target.protocol !== "http:") throw new TypeError("remoteKeySet: url must be http(s)");
  if (!(Number.isFinite(timeout) && timeout > 0)) throw new TypeError("remoteKeySet: timeout must be a positive number of milliseconds");
  if (typeof fetchImpl !== "function") throw new TypeError("remoteKeySet: no fetch in this runtime; pass options.fetch");
  if (!(Number.isInteger(maxBytes) && maxBytes > 0)) throw new TypeError("remoteKeySet: maxBytes must be a positive integer");
  const tooLarge = () => new Error(`keySource: GET ${target.href} answered more than ${maxBytes} bytes`);
  const load = async ({ validator }) => {
    const request = { ...headers, accept: "application/jwk-set+json, application/json" };
    if (validator) request["if-none-match"] = validator;
    const signal = AbortSignal.timeout(timeout);
    let response;
    try {
      response = await fetchImpl(target.href, { headers: request, signal, redirect: "manual" });
    } catch (e) {
      const why = e?.name === "TimeoutError" || signal.aborted ? `timed out after ${timeout} ms` : (e?.message ?? String(e));
      throw new Error(`keySource: GET ${target.href} failed: ${why}`, { cause: e });
    }
    const maxAge = maxAgeOf(response.headers.get("cache-control"));
    if (response.status === 304) return { notModified: true, maxAge };
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new Error(`keySource: GET ${target.href} answered ${response.status}`);
    }
    if (Number(response.headers.get("content-length") ?? 0) > maxBytes) {
      await response.body?.cancel();
      throw tooLarge();
    }
    let text;
    try {
      text = await response.text();
    } catch (e) {
      throw new Error(`keySource: GET ${target.href} failed while reading: ${signal.aborted ? `timed out after ${timeout} ms` : e.message}`, { cause: e });
    }
    if (text.length > maxBytes) throw tooLarge();
    return { jwks: text, validator: response.headers.get("etag") ?? undefined, maxAge };
  };
  return { ...options, load };
}

/**
 * A `keySource` that reads a JWK Set from a Workers KV key (default `jwks`), written with its
 * version as metadata: `await env.KV.put("jwks", JSON.stringify(jwks), { metadata: { version } })`.
 * A load whose version is the one in force keeps the set without compiling it again.
 * @example
 * new Guard({ ...policy, keySource: kvKeySet(env.TOLLGATE_KV, { refreshInterval: 30 }) });
 */
export function kvKeySet(namespace, { key = "jwks", ...options } = {}) {
  if (namespace === null || typeof namespace?.getWithMetadata !== "function") {
    throw new TypeError("kvKeySet: namespace must be a KV namespace binding");
  }
  if (typeof key !== "string" || key === "") throw new TypeError("kvKeySet: key must be a non-empty string");
  const load = async ({ validator }) => {
    const { value, metadata } = await namespace.getWithMetadata(key, "text");
    if (value === null) throw new Error(`keySource: KV key "${key}" holds no key set`);
    const version = metadata?.version === undefined ? undefined : String(metadata.version);
    if (version !== undefined && version === validator) return { notModified: true };
    return { jwks: value, validator: version };
  };
  return { ...options, load };
}

// The verified-token cache in front of the core (config `cache`, off by default): a hit
// answers without crossing into wasm. It holds only tokens the core accepted, keyed by the
// whole token string (exact equality: a token that differs anywhere misses), with a
// private copy of the result and the date claims as the core read them (src/cache.rs
// `dates_of`). Every hit answers a fresh copy, so a caller changing one result cannot
// change the next.
//
// On a hit the core's time rules (src/claims/time.rs `Dates::check`, the same arithmetic in
// the same order, on the same numbers) and the caller's required scopes run again with the
// caller's `now`. The cache only ever answers "accepted": when any rule would refuse, it
// returns nothing and the core answers (with its own cache, when it has one), so every
// refusal, its code and its message come from the core. The settings (limits, clock
// tolerance, maxTokenAge) are the core's (WasmGuard#cacheSettings). Entries end at `exp`
// (+ tolerance) or `ttl` seconds after they were stored; when full, the oldest goes. The
// Guard drops the whole cache on setKeys and setApiKeys.

/**
 * A deep copy of a JSON value (what JSON.parse gives: plain objects, arrays, primitives).
 * Spread defines own properties, so a `__proto__` member stays a plain member; assigning
 * to it afterwards sets that own member.
 */
function copy(value) {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map(copy);
  const out = { ...value };
  for (const key of Object.keys(out)) {
    const member = out[key];
    if (typeof member === "object" && member !== null) out[key] = copy(member);
  }
  return out;
}

export class FrontCache {
  #entries = new Map();
  #maxEntries;
  #ttl;
  #tolerance;
  #maxTokenAge;

  /** `settings`: { maxEntries, ttl, clockTolerance, maxTokenAge (null: unset) }. */
  constructor(settings) {
    this.#maxEntries = settings.maxEntries;
    this.#ttl = settings.ttl;
    this.#tolerance = settings.clockTolerance;
    this.#maxTokenAge = settings.maxTokenAge;
  }

  /**
   * The result for `token` when it is cached and the core would accept it at `now` with
   * these required scopes (an array of strings); undefined otherwise.
   */
  get(token, required, now) {
    const entry = this.#entries.get(token);
    if (entry === undefined) return undefined;
    const tolerance = this.#tolerance;
    const { exp, nbf, iat } = entry;
    if (now >= entry.staleAt || (exp !== null && exp + tolerance <= now)) {
      this.#entries.delete(token);
      return undefined;
    }
    if ((nbf !== null && nbf - tolerance > now) || (iat !== null && iat - tolerance > now)) return undefined;
    const maxTokenAge = this.#maxTokenAge;
    if (maxTokenAge !== null && (iat === null || now - iat - tolerance > maxTokenAge)) return undefined;
    for (let i = 0; i < required.length; i++) {
      if (!entry.granted.has(required[i])) return undefined;
    }
    return copy(entry.result);
  }

  /** Stores (a copy of) a result the core accepted at `now`, with its dates `[exp, nbf, iat]`. */
  put(token, result, dates, now) {
    if (result.ok !== true || !Array.isArray(dates)) return;
    const [exp, nbf, iat] = dates;
    const ttlEnd = now + this.#ttl;
    const staleAt = exp === null ? ttlEnd : Math.min(ttlEnd, exp + this.#tolerance);
    const entries = this.#entries;
    entries.delete(token);
    while (entries.size >= this.#maxEntries) entries.delete(entries.keys().next().value);
    const stored = copy(result);
    entries.set(token, { result: stored, granted: new Set(stored.scopes), exp, nbf, iat, staleAt });
  }

  clear() {
    this.#entries.clear();
  }

  get size() {
    return this.#entries.size;
  }
}

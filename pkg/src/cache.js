// The verified-token cache (config `cache`, off by default): the one cache. A hit answers
// without crossing into wasm. It holds only tokens the core accepted, keyed by the whole token
// string (exact equality: a token that differs anywhere misses), with a private copy of the
// result, the granted scopes and the window the core computed for it (src/cache.rs `Window`:
// the times at which the core's time rules hold, cut at `ttl` after storing). A hit needs
// `from <= now < until` and every required scope granted; anything else goes to the core, so
// every refusal, its code and its message come from the core. Every hit answers a fresh copy,
// so a caller changing one result cannot change the next. When full, the oldest entry goes;
// the Guard empties the cache on setKeys and setApiKeys.

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

export class TokenCache {
  #entries = new Map();
  #maxEntries;

  /** `maxEntries`: the core's `cache.maxEntries`. */
  constructor(maxEntries) {
    this.#maxEntries = maxEntries;
  }

  /**
   * The result for `token` when it is cached, `now` is inside its window and it grants the
   * required scopes (an array of strings); undefined otherwise.
   */
  get(token, required, now) {
    const entry = this.#entries.get(token);
    if (entry === undefined) return undefined;
    if (now >= entry.until) {
      this.#entries.delete(token);
      return undefined;
    }
    if (now < entry.from) return undefined;
    for (let i = 0; i < required.length; i++) {
      if (!entry.granted.has(required[i])) return undefined;
    }
    return copy(entry.result);
  }

  /** Stores (a copy of) an accepted result with its window `[from, until]` from the core. */
  put(token, result, window) {
    if (result.ok !== true || window === null) return;
    const entries = this.#entries;
    entries.delete(token);
    while (entries.size >= this.#maxEntries) entries.delete(entries.keys().next().value);
    const stored = copy(result);
    entries.set(token, { result: stored, granted: new Set(stored.scopes), from: window[0], until: window[1] });
  }

  clear() {
    this.#entries.clear();
  }

  get size() {
    return this.#entries.size;
  }
}

// The per-call options every Guard method shares: `now` and the required scopes. Argument
// checks only: a bad argument is a TypeError, a bad token or request never is.

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

/**
 * A list of required scopes (`field` names it in errors), checked: an array of non-empty strings
 * without spaces. `oneOf` (anyScopes): the list must not be empty, as a route's `anyScopes` must
 * not: an empty "one of" would be no rule, and a list computed empty by mistake would let any
 * credential through.
 */
export function scopeList(scopes, field, oneOf = false) {
  if (scopes === undefined) return NO_SCOPES;
  if (!Array.isArray(scopes)) throw new TypeError(`${field}: must be an array of strings`);
  if (oneOf && scopes.length === 0) throw new TypeError(`${field}: must name at least one scope (leave it out for no such rule)`);
  for (const s of scopes) {
    if (typeof s !== "string" || s === "" || /\s/.test(s)) {
      throw new TypeError(`${field}: each scope must be a non-empty string without spaces`);
    }
  }
  return scopes;
}

/** The required scopes of a verify call. */
export function requiredScopes(options) {
  return scopeList(options?.scopes, "options.scopes");
}

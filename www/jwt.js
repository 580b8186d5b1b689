// Display helpers for the demo page. Decoding is the package's `decode` (the same strict
// reading the guard does, never verified); this file only sizes a token, makes the samples'
// base64url and lists a token's scopes for the chips. The decision always comes from the
// package's `verify`.

export function b64urlEncode(bytes) {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export const b64urlJson = (value) => b64urlEncode(new TextEncoder().encode(JSON.stringify(value)));

const object = (v) => (v && typeof v === "object" && !Array.isArray(v) ? v : null);

/**
 * What a token says, for display: its size, its segments and the header and claims as the
 * package's `decode` reads them (null where it cannot, or without the package).
 */
export function inspect(token, decode) {
  let decoded = null;
  try {
    decoded = decode ? decode(token) : null;
  } catch {
    decoded = null;
  }
  return {
    bytes: new TextEncoder().encode(token).length,
    segments: token.split(".").length,
    header: object(decoded?.header),
    claims: object(decoded?.claims),
  };
}

/** Union of `scope` (space-separated), `scp` (array or string), `scopes` (array). */
export function tokenScopes(claims) {
  if (!claims || typeof claims !== "object") return [];
  const all = [];
  const add = (v) => {
    if (typeof v === "string") all.push(...v.split(" ").filter(Boolean));
    else if (Array.isArray(v)) for (const s of v) if (typeof s === "string" && s) all.push(s);
  };
  if (typeof claims.scope === "string") add(claims.scope);
  add(claims.scp);
  if (Array.isArray(claims.scopes)) add(claims.scopes);
  return [...new Set(all)];
}

// Local, display-only inspection of a compact JWS. The decision always comes
// from the tollgate package; this only explains *where* a failure sits and
// shows what the token says.

export const SIZE_LIMIT = 8 * 1024;
const B64URL = /^[A-Za-z0-9_-]*$/;
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Strict base64url (RFC 7515 §2): no padding, canonical trailing bits. */
export function b64urlDecode(text) {
  if (!B64URL.test(text) || text.length % 4 === 1) return null;
  const rem = text.length % 4;
  if (rem) {
    const last = ALPHABET.indexOf(text[text.length - 1]);
    if (last & (rem === 2 ? 0x0f : 0x03)) return null;
  }
  const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

export function b64urlEncode(bytes) {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export const b64urlJson = (value) => b64urlEncode(new TextEncoder().encode(JSON.stringify(value)));

/** True when any object in already-valid JSON text repeats a member name. */
export function hasDuplicateNames(text) {
  const stack = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const top = stack[stack.length - 1];
    if (c === "{") stack.push({ keys: new Set(), expectKey: true });
    else if (c === "[") stack.push(null);
    else if (c === "}" || c === "]") stack.pop();
    else if (c === "," && top) top.expectKey = true;
    else if (c === ":" && top) top.expectKey = false;
    else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      if (top && top.expectKey) {
        const name = JSON.parse(text.slice(i, j + 1));
        if (top.keys.has(name)) return true;
        top.keys.add(name);
      }
      i = j;
    }
  }
  return false;
}

function parsePart(segment) {
  const bytes = b64urlDecode(segment);
  if (!bytes) return { ok: false, why: "not strict base64url" };
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, why: "not UTF-8" };
  }
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, text, why: "not JSON" };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, text, value, why: "not a JSON object" };
  }
  if (hasDuplicateNames(text)) return { ok: false, text, value, why: "duplicate member names" };
  return { ok: true, text, value };
}

/**
 * Splits and decodes a token for display. `structure` covers step 1 only
 * (size, three segments, strict base64url); header/claims are parsed leniently
 * so that something can be shown even for a broken token.
 */
export function inspect(token) {
  const bytes = new TextEncoder().encode(token).length;
  const segments = token.split(".");
  const out = { bytes, segments: segments.length, structure: { ok: true }, header: null, claims: null };
  if (bytes > SIZE_LIMIT) out.structure = { ok: false, why: `${bytes} bytes, over the ${SIZE_LIMIT}-byte limit` };
  else if (segments.length !== 3) out.structure = { ok: false, why: `${segments.length} segment(s), expected 3` };
  else {
    const bad = segments.findIndex((s) => b64urlDecode(s) === null);
    if (bad >= 0) out.structure = { ok: false, why: `${["header", "payload", "signature"][bad]} is not strict base64url` };
  }
  if (segments.length >= 1) out.header = parsePart(segments[0]);
  if (segments.length >= 2) out.claims = parsePart(segments[1]);
  const sig = segments.length === 3 ? b64urlDecode(segments[2]) : null;
  out.signatureBytes = sig ? sig.length : null;
  return out;
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

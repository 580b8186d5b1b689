// The six verification steps of the tollgate design ("Verification order"),
// and what each error code means. The package reports only the first failing
// code; steps before it passed, later ones were not checked.

export const STEPS = [
  { id: 1, title: "Structure & encoding", what: "size limit (8 KiB), exactly three segments, strict base64url" },
  { id: 2, title: "Header", what: "JSON object, no duplicate names, alg on the allow-list (never none), no unknown crit" },
  { id: 3, title: "Key selection", what: "key found by exact kid, bound to the token's alg" },
  { id: 4, title: "Signature", what: "HS256 constant-time MAC, or ES256 raw 64-byte R‖S" },
  { id: 5, title: "Claims", what: "exp, nbf, iat, iss, aud, typ and required claims" },
  { id: 6, title: "Scopes", what: "scope / scp / scopes cover the required scopes" },
];

export const CODES = {
  token_malformed: {
    step: 1,
    meaning: "The token is not a well-formed JWT: segments, base64url or JSON are broken.",
    fix: "Paste the whole token: three base64url parts joined by dots, no padding or spaces, under 8 KiB, JSON objects without duplicate names.",
  },
  alg_not_allowed: {
    step: 2,
    meaning: "The header's alg is none, unknown, not on the allow-list, or does not fit the selected key.",
    fix: "Sign with HS256 (oct key) or ES256 (EC P-256 key) and give the key the same alg. alg: none is never accepted.",
  },
  crit_unsupported: {
    step: 2,
    meaning: "The header lists a critical extension (crit) that tollgate does not understand.",
    fix: "Issue the token without crit; tollgate supports no JWS extensions.",
  },
  key_not_found: {
    step: 3,
    meaning: "No key in the set has this token's kid, or the token has no kid.",
    fix: "Add the issuer's current key to the JWKS, or sign with a kid that the key set contains.",
  },
  signature_invalid: {
    step: 4,
    meaning: "The signature does not match the header and payload for the selected key.",
    fix: "The token was altered or signed with another key. Re-issue it or load the right key; ES256 needs raw R‖S, not DER.",
  },
  token_expired: {
    step: 5,
    meaning: "The token's exp (plus the clock tolerance) is at or before now.",
    fix: "Get a fresh token. Clock tolerance only absorbs small clock skew, at most 300 s.",
  },
  token_not_yet_valid: {
    step: 5,
    meaning: "nbf is still in the future beyond the tolerance, or iat lies in the future.",
    fix: "Wait until nbf, or check the issuer's clock; a few seconds of tolerance absorb skew.",
  },
  token_too_old: {
    step: 5,
    meaning: "The token was issued (iat) longer ago than the policy's maximum token age.",
    fix: "Get a newly issued token.",
  },
  claim_missing: {
    step: 5,
    meaning: "A required claim is absent (exp is required by default).",
    fix: "Issue the token with every required claim, including exp.",
  },
  claim_invalid: {
    step: 5,
    meaning: "A claim has the wrong type or value: iss, aud or typ differ from the policy, or a date is not a number.",
    fix: "Compare iss and aud with the policy: both must match exactly (aud may be an array that contains it).",
  },
  insufficient_scope: {
    step: 6,
    meaning: "Signature and claims hold, but the token lacks a required scope (HTTP 403).",
    fix: "Request a token that carries the missing scopes, or lower the route's required scopes.",
  },
};

const GENERIC = {
  step: 1,
  meaning: "The package rejected the token with a code this page does not know.",
  fix: "See the tollgate design contract for this code.",
};

export const explain = (code) => CODES[code] ?? GENERIC;

/**
 * Finds the step that failed. Most codes name their step directly; a few are
 * shared between steps: token_malformed is placed by what its message names
 * (the token's shape: step 1; the header: step 2; the claims: step 5),
 * alg_not_allowed by the allow-list (step 2) or the key binding (step 3).
 */
export function failedStep(error, info, algorithms) {
  const { code, message = "" } = error;
  if (code === "token_malformed") {
    if (/base64url|segments|size limit/.test(message)) return 1;
    if (/\bheader\b/.test(message)) return 2;
    if (/\bclaims\b/.test(message)) return 5;
    return 1;
  }
  if (code === "alg_not_allowed") {
    const alg = info.header?.alg;
    return typeof alg === "string" && algorithms.includes(alg) ? 3 : 2;
  }
  return explain(code).step;
}

/** One entry per step: { ...step, state: "pass"|"fail"|"skip", error? }. */
export function checklist(result, info, algorithms) {
  if (!result) return STEPS.map((s) => ({ ...s, state: "skip" }));
  if (result.ok) return STEPS.map((s) => ({ ...s, state: "pass" }));
  const { code } = result.error;
  const failed = failedStep(result.error, info, algorithms);
  return STEPS.map((s) => {
    if (s.id < failed) return { ...s, state: "pass" };
    if (s.id > failed) return { ...s, state: "skip" };
    return { ...s, state: "fail", error: result.error, help: explain(code) };
  });
}

const show = (v) => (v === undefined ? "absent" : JSON.stringify(v));

/**
 * What the token actually says, for the failed step (display only).
 * ctx: { header, claims, issuer, audience: string[], required: string[], have: string[], ago(sec) }.
 */
export function failDetail(code, ctx) {
  const { header, claims } = ctx;
  switch (code) {
    case "alg_not_allowed":
      return `Token alg: ${show(header?.alg)}.`;
    case "key_not_found":
      return header?.kid === undefined ? "The token has no kid." : `Token kid ${show(header.kid)} is not in the key set.`;
    case "token_expired":
      return typeof claims?.exp === "number" ? `exp was ${ctx.ago(claims.exp)}.` : null;
    case "token_not_yet_valid":
      return typeof claims?.nbf === "number" ? `nbf is ${ctx.ago(claims.nbf)}.` : null;
    case "claim_invalid": {
      const out = [];
      if (ctx.issuer && claims?.iss !== ctx.issuer) out.push(`iss is ${show(claims?.iss)}, policy expects ${show(ctx.issuer)}`);
      const aud = Array.isArray(claims?.aud) ? claims.aud : [claims?.aud];
      if (ctx.audience.length && !aud.some((a) => ctx.audience.includes(a))) {
        out.push(`aud is ${show(claims?.aud)}, policy expects ${ctx.audience.map(show).join(" or ")}`);
      }
      return out.length ? `${out.join("; ")}.` : null;
    }
    case "insufficient_scope": {
      const missing = ctx.required.filter((s) => !ctx.have.includes(s));
      return missing.length ? `Missing: ${missing.join(", ")}.` : null;
    }
    default:
      return null;
  }
}

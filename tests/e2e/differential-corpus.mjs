// The differential corpus: spellings of the booking API's paths and of identity headers that
// real servers read differently (issue 14). Generated, not hand-picked: every base path goes
// through every path mutation, and every request carries one forged identity header spelling.

/** Paths of the booking API (examples/booking-worker/policy.js) and one nobody routes. */
const BASES = ["/bookings/1", "/bookings", "/customers", "/invoices", "/profile", "/events-register", "/health", "/docs/a"];

const upperFirst = (s) => s.charAt(0).toUpperCase() + s.slice(1);
/** `%XX` of every character, in lower- or upper-case hex. */
const encodeAll = (s, lower) => [...s].map((c) => "%" + c.charCodeAt(0).toString(16).padStart(2, "0")[lower ? "toLowerCase" : "toUpperCase"]()).join("");
/** The first segment of `path` rewritten by `f`. */
const firstSegment = (path, f) => path.replace(/^\/([^/]+)/, (_, s) => "/" + f(s));

/** name → (path) → request-target. Each reads `path` as some backend might. */
export const PATH_MUTATIONS = {
  "as is": (p) => p,
  "upper case": (p) => p.toUpperCase(),
  "first letter upper": (p) => firstSegment(p, upperFirst),
  "trailing slash": (p) => p + "/",
  "upper case + trailing slash": (p) => p.toUpperCase() + "/",
  "two trailing slashes": (p) => p + "//",
  "leading double slash": (p) => "/" + p,
  "inner double slash": (p) => p.replace(/\/([^/]*)$/, "//$1"),
  "first letter %-encoded": (p) => firstSegment(p, (s) => encodeAll(s[0], false) + s.slice(1)),
  "first letter %-encoded, lower hex": (p) => firstSegment(p, (s) => encodeAll(s[0], true) + s.slice(1)),
  "segment fully %-encoded": (p) => firstSegment(p, (s) => encodeAll(s, false)),
  "first letter double-encoded": (p) => firstSegment(p, (s) => "%25" + s.charCodeAt(0).toString(16) + s.slice(1)),
  "slashes %2F": (p) => "/" + p.slice(1).replaceAll("/", "%2F"),
  "slashes %2f after a public path": (p) => "/health%2f..%2f" + p.slice(1).replaceAll("/", "%2f"),
  "slashes as backslash": (p) => "/" + p.slice(1).replaceAll("/", "\\"),
  "backslash dot-dot after a public path": (p) => "/health\\..\\" + p.slice(1).replaceAll("/", "\\"),
  "slashes %5C": (p) => "/" + p.slice(1).replaceAll("/", "%5C"),
  "dot-dot after a public path": (p) => "/health/.." + p,
  "dot after a public path": (p) => "/health/./.." + p,
  "dot segment inside": (p) => firstSegment(p, (s) => s + "/.") ,
  "%2e%2e after a public path": (p) => "/health/%2e%2e" + p,
  "%2E%2e after a public path": (p) => "/health/%2E%2e" + p,
  ".%2e after a public path": (p) => "/health/.%2e" + p,
  "double-encoded dot-dot": (p) => "/health/%252e%252e" + p,
  "overlong utf-8 dot-dot": (p) => "/health/%c0%ae%c0%ae" + p,
  "fullwidth dot-dot": (p) => "/health/%ef%bc%8e%ef%bc%8e" + p,
  "%u-encoded dot-dot": (p) => "/health/%u002e%u002e" + p,
  "..; after a public path": (p) => "/health/..;" + p,
  ";param on the first segment": (p) => firstSegment(p, (s) => s + ";x=1"),
  ";param at the end": (p) => p + ";jsessionid=1",
  "%3B param": (p) => firstSegment(p, (s) => s + "%3Bx"),
  "dot-dot under a catch-all": (p) => "/docs/.." + p,
  "query carrying the path": (p) => "/health?next=" + p,
  "encoded question mark": (p) => "/health%3F" + p,
  "tab in the path": (p) => firstSegment(p, (s) => s + "%09"),
  "NUL in the path": (p) => firstSegment(p, (s) => s + "%00"),
};

/** Forged identity headers: one spelling per request (Node's parser keeps `_` in names). */
export const HEADER_SPELLINGS = [
  ["X-Auth-Subject", "forged-subject"],
  ["x_auth_subject", "forged-subject"],
  ["X_AUTH_SCOPES", "forged-scopes bookings:write"],
  ["X-Auth_Key-Id", "forged-kid"],
  ["X-Company-Id", "forged-company"],
  ["X_Company_Id", "forged-company"],
  ["x-company_id", "forged-company"],
  ["X-Account-Id", "victim"],
  ["X_Account_Id", "victim"],
  ["X-ACCOUNT_ID", "victim"],
  ["X-HTTP-Method-Override", "DELETE"],
  ["X_HTTP_Method_Override", "DELETE"],
  ["X-Original-URL", "/bookings/1"],
  ["X-Rewrite-Url", "/bookings/1"],
];

/**
 * The corpus: every base × path mutation × method × credential (none, a token without bookings
 * scopes, a read token, a platform token). Each base × mutation × method cell carries one forged
 * header spelling, in turn, so every spelling meets every credential and kind of path.
 */
export function corpus(credentials) {
  const out = [];
  let cell = 0;
  for (const base of BASES) {
    for (const [mutation, mutate] of Object.entries(PATH_MUTATIONS)) {
      for (const method of ["GET", "DELETE", "POST", "PUT"]) {
        const header = HEADER_SPELLINGS[cell++ % HEADER_SPELLINGS.length];
        for (const credential of credentials) {
          out.push({ id: String(out.length), method, target: mutate(base), base, mutation, credential, header });
        }
      }
    }
  }
  return out;
}

// A strict TypeScript consumer of "tollgate": what must type-check, and what must not (the
// lines marked ts-expect-error, which fail the check when their error goes away).
import init, { Guard, decode } from "tollgate";
import type { Decision, ErrorCode, GuardConfig, Jwk, JwkSet, KeySource, SkippedKey, VerifyResult } from "tollgate";
import { kvKeySet, remoteKeySet } from "tollgate";

const keys: JwkSet = {
  keys: [
    { kty: "oct", kid: "hs-1", alg: "HS256", k: "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA" },
    { kty: "EC", crv: "P-256", kid: "es-1", alg: "ES256", x: "x", y: "y", use: "sig" },
  ],
};

const config: GuardConfig = {
  keys,
  issuer: "https://auth.booking.example",
  audience: ["bookings-api", "admin-api"],
  algorithms: ["ES256"],
  clockTolerance: 30,
  maxTokenAge: 86400,
  requiredClaims: ["sub"],
  requireKid: true,
  typ: "at+jwt",
  routes: [
    { method: "GET", path: "/bookings/:id", scopes: ["bookings:read"] },
    { path: "/health", public: true },
  ],
  realm: "bookings",
};

const guard = new Guard(config);
const result: VerifyResult = guard.verifySync("a.b.c", { scopes: ["bookings:read"], now: 1767225600 });

// Narrowing on `ok`: claims only on success, error only on failure.
if (result.ok) {
  const sub: string | undefined = result.claims.sub;
  const alg: "HS256" | "ES256" = result.header.alg;
  const kid: string | undefined = result.header.kid;
  const keyId: string = result.keyId;
  const scopes: string[] = result.scopes;
  void [sub, alg, kid, keyId, scopes];
  // @ts-expect-error a successful result has no error
  void result.error;
} else {
  const code: ErrorCode = result.error.code;
  const status: number = result.error.status;
  void [code, status];
  // @ts-expect-error a failed result has no claims
  void result.claims;
}

// An exhaustive switch over the error codes compiles only while the union is complete.
function describeCode(code: ErrorCode): number {
  switch (code) {
    case "token_missing": case "token_malformed": case "alg_not_allowed": case "crit_unsupported":
    case "key_not_found": case "signature_invalid": case "token_expired": case "token_not_yet_valid":
    case "token_too_old": case "claim_missing": case "claim_invalid": case "api_key_invalid":
    case "api_key_revoked":
      return 401;
    case "invalid_request": return 400;
    case "insufficient_scope": case "account_forbidden": return 403;
    case "not_found": return 404;
    case "keys_unavailable": return 503;
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}
void describeCode;

// Every booking credential style: API keys, environments, account binding, error formats.
const withKeys = new Guard({
  ...config,
  apiKeys: [{ id: "key-2026", sha256: "0".repeat(64), scopes: ["bookings:read"], status: "active", environment: "live", claims: { companyId: "c-42" } }],
  environment: "live",
  errorFormat: "envelope",
  errorResponse: (refusal, _request) => (refusal.code === "account_forbidden" ? { denied: refusal.status } : undefined),
  routes: [{ method: "GET", path: "/bookings", scopes: ["bookings:read"], accountHeader: "X-Account-Id", accountClaim: "accounts", environment: "live" }],
});
const checked = await withKeys.checkApiKey("live_abc", { secret: "s3cret", now: 1767225600 });
if (checked.ok) {
  const issued: string = withKeys.sign({ sub: checked.subject, ...checked.claims }, { kid: "hs-1", expiresIn: 86400 });
  const env: "live" | "test" | null = checked.environment;
  void [issued, env];
} else {
  const refusal: Response = withKeys.errorResponse(checked.error);
  void refusal;
}
withKeys.setApiKeys([]);
// @ts-expect-error a key status is active, suspended or revoked
withKeys.setApiKeys([{ id: "k", sha256: "0".repeat(64), status: "disabled" }]);
// @ts-expect-error not an error format
void new Guard({ keys, errorFormat: "xml" });

// @ts-expect-error not an error code
const wrongCode: ErrorCode = "expired";
void wrongCode;

async function handle(request: Request): Promise<Response> {
  const decision: Decision = await guard.authorize(request, { now: 1767225600 });
  if (!decision.ok) {
    const code: ErrorCode = decision.code;
    const message: string = decision.error.message;
    void [code, message];
    // @ts-expect-error a refused decision carries no claims
    void decision.claims.sub;
    return decision.response();
  }
  const status: 200 = decision.status;
  void status;
  // @ts-expect-error an allowed decision has no error
  void decision.error.code;
  const headers: Record<string, string> = decision.forwardHeaders;
  return fetch(decision.forwardRequest(request, "https://upstream.example"), { headers });
}
void handle;
void guard.authorize({ method: "GET", url: "/bookings/1", headers: { authorization: "Bearer x" } });

async function viaWebCrypto(token: string): Promise<string | undefined> {
  const r = await guard.verify(token, { scopes: ["bookings:read"] });
  return r.ok ? r.claims.sub : r.error.code;
}
void viaWebCrypto;
new Guard({ keys, cache: true });
new Guard({ keys, cache: { maxEntries: 10_000, ttl: 60 } });
// @ts-expect-error cache sizes are numbers
new Guard({ keys, cache: { maxEntries: "many" } });

const decoded = decode("a.b.c");
if (decoded.ok) void decoded.claims.exp;
const skipped: SkippedKey[] = guard.setKeys({ keys: [...keys.keys, { kty: "RSA", kid: "r", n: "AQAB", e: "AQAB" }] });
for (const s of [...skipped, ...guard.skippedKeys]) void `${s.index} ${s.kid ?? ""} ${s.field}: ${s.reason}`;
// @ts-expect-error the report is read-only
guard.skippedKeys = [];

// keys may be left out only with a keySource: the constructor refuses it otherwise (a TypeError
// naming keys), which the type cannot say without turning GuardConfig into a union.
// @ts-expect-error algorithms are HS256 or ES256 only
new Guard({ keys, algorithms: ["RS256"] });
// @ts-expect-error "none" is never an algorithm
new Guard({ keys, algorithms: ["none"] });
// @ts-expect-error clockTolerance is a number of seconds
new Guard({ keys, clockTolerance: "30s" });
// @ts-expect-error an oct key is bound to HS256
const badKey: Jwk = { kty: "oct", kid: "k", alg: "ES256", k: "x" };
void badKey;
// @ts-expect-error an EC key needs x and y
const noPoint: Jwk = { kty: "EC", crv: "P-256", kid: "k", alg: "ES256" };
void noPoint;
// @ts-expect-error the token is a string
guard.verifySync(42);
// @ts-expect-error scopes are an array of strings
guard.verifySync("a.b.c", { scopes: "bookings:read" });
// @ts-expect-error verifySync is synchronous: no then()
guard.verifySync("a.b.c").then(() => {});
// @ts-expect-error verify resolves to the result: await it before reading ok
void guard.verify("a.b.c").ok;
// @ts-expect-error the token is a string
void guard.verify(42);

// Custom claims: verify<C>, verifySync<C>, authorize<C> and Guard<C> carry them; registered claims
// keep their types; a claim C does not name stays unknown.
interface BookingClaims {
  companyId: string;
  accounts?: string[];
}
async function customClaims(token: string, request: Request): Promise<string> {
  const r = await guard.verify<BookingClaims>(token);
  if (!r.ok) return r.error.code;
  const company: string = r.claims.companyId;
  const accounts: string[] | undefined = r.claims.accounts;
  const sub: string | undefined = r.claims.sub;
  const other: unknown = r.claims.somethingElse;
  // @ts-expect-error companyId is a string, not a number
  const wrong: number = r.claims.companyId;
  // @ts-expect-error an unnamed claim is unknown, not any
  const notAny: string = r.claims.somethingElse;
  void [company, accounts, sub, other, wrong, notAny];

  const s = guard.verifySync<BookingClaims>(token);
  const syncCompany: string | undefined = s.ok ? s.claims.companyId : undefined;
  // Without a type argument the claims stay the plain Claims.
  const plain = guard.verifySync(token);
  // @ts-expect-error companyId is unknown on plain claims
  const plainCompany: string = plain.ok ? plain.claims.companyId : "";
  void [syncCompany, plainCompany];

  const decision = await guard.authorize<BookingClaims>(request);
  if (decision.ok && decision.claims) {
    const fromDecision: string = decision.claims.companyId;
    void fromDecision;
  }
  const typed: Decision<BookingClaims> = decision;
  // A Guard<C> gives every call C by default.
  const bookings = new Guard<BookingClaims>(config);
  const byDefault = await bookings.verify(token);
  const defaultCompany: string | undefined = byDefault.ok ? byDefault.claims.companyId : undefined;
  const allowed = await bookings.authorize(request);
  const allowedCompany: string | undefined = allowed.ok ? allowed.claims?.companyId : undefined;
  const result: VerifyResult<BookingClaims> = byDefault;
  void [typed, defaultCompany, allowedCompany, result];
  // @ts-expect-error claims are an object type
  void guard.verify<string>(token);
  return company;
}
void customClaims;

// init() is the default export of every entry (a no-op where the wasm loads on import), so
// `import init from "tollgate"` type-checks in a bundler setup without the browser condition too.
export async function shared(): Promise<void> {
  await init();
  await init(new URL("https://cdn.example/tollgate_bg.wasm"));
  // @ts-expect-error init resolves to nothing: the exports are ready once it has
  const loaded: number = await init();
  void loaded;
}

// Keys across a fleet: a key source instead of (or besides) keys.
const remote: KeySource = remoteKeySet("https://auth.example/.well-known/jwks.json", { timeout: 3000, maxStaleness: 86400, onError: (e) => void e.message });
const fromKv = kvKeySet({ getWithMetadata: async () => ({ value: null, metadata: null }) }, { key: "jwks", refreshInterval: 30 });
const sourced = new Guard({ issuer: "x", keySource: remote });
void [fromKv, sourced.keyLoads];
new Guard({ keySource: { load: async () => ({ notModified: true }), cooldown: 5 } });
// @ts-expect-error a key source needs a load function
new Guard({ keySource: { refreshInterval: 30 } });

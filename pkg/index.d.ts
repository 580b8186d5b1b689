// Types for the tollgate package, written by hand (generated glue is not the API).

/** A JSON Web Key tollgate verifies with: an HS256 secret or an ES256 public key (`alg` optional for P-256). */
export type Jwk =
  | { kty: "oct"; kid: string; alg: "HS256"; k: string; use?: "sig"; key_ops?: string[]; [member: string]: unknown }
  | { kty: "EC"; crv: "P-256"; kid: string; alg?: "ES256"; x: string; y: string; use?: "sig"; key_ops?: string[]; [member: string]: unknown };

/** Any other key of a published set (RSA, OKP, P-384, `use: "enc"` …): skipped and reported. */
export interface OtherJwk {
  kty: string;
  kid?: string;
  [member: string]: unknown;
}

/** A JWK Set (RFC 7517 §5). Keys tollgate cannot verify with are skipped; at least one must be usable. */
export interface JwkSet {
  keys: Array<Jwk | OtherJwk>;
}

/** A key of a JWK Set that tollgate skipped, and why. */
export interface SkippedKey {
  /** Position in the set's `keys` array. */
  index: number;
  /** Its `kid`, when it has a string one (visible ASCII only, at most 64 characters). */
  kid: string | null;
  /** The member that makes it unusable, as a path: `keys[1].kty`, `.crv`, `.use`, `.key_ops` or `.alg`. */
  field: string;
  /** Why, e.g. `key type "RSA" is not supported (only oct and EC)`. */
  reason: string;
}

/** One entry of the route table; the first match wins. */
export interface Route {
  /** HTTP method; any method when absent. */
  method?: string;
  /** Path pattern: literal segments, `:param` segments, and an optional trailing `*`. */
  path: string;
  /** Scopes the token must all grant. */
  scopes?: string[];
  /** Scopes of which the token must grant at least one. */
  anyScopes?: string[];
  /** No credentials needed. */
  public?: boolean;
  /**
   * Only credentials of this environment: other API keys are `api_key_invalid`, tokens whose
   * `environment` claim is present and anything else `claim_invalid` (tokens without it pass).
   * Default: the guard's `environment`.
   */
  environment?: "live" | "test";
  /** Request header naming the account a platform credential acts for (`"X-Account-Id"`). */
  accountHeader?: string;
  /** Claim listing the accounts the credential may act for (a string or an array of strings). */
  accountClaim?: string;
  /**
   * Match only as written: letter case, a trailing slash and percent-encoding are not read
   * away, so variants of this path may fall to a later route. Only for an upstream that
   * routes this path exactly so. Default: false (see README, Routes).
   */
  exact?: boolean;
}

/**
 * One opaque API key. Only its SHA-256 is stored (64 hex digits or 43 base64url characters).
 * @example
 * const entry: ApiKeyEntry = { id: "key-2026", sha256, scopes: ["bookings:read"], subject: "partner-7" };
 */
export interface ApiKeyEntry {
  /** Public id, forwarded as X-Auth-Key-Id. */
  id: string;
  /** SHA-256 of the key. */
  sha256: string;
  /** SHA-256 of the secret paired with the key for a token exchange (`checkApiKey` with `secret`). */
  secretSha256?: string;
  /** Scopes the key grants. */
  scopes?: string[];
  /** Default `active`; `suspended` and `revoked` keys are refused with `api_key_revoked`. */
  status?: "active" | "suspended" | "revoked";
  /** Unix seconds from which the key is refused (`api_key_revoked`). */
  expiresAt?: number;
  /** The key's environment; default: its `live_`/`test_` prefix, if any. */
  environment?: "live" | "test";
  /** The caller's identity (X-Auth-Subject, `sub` of issued tokens). Default: `id`. */
  subject?: string;
  /** Extra identity claims (`companyId`, `accounts`): strings, numbers, booleans or string arrays. */
  claims?: Record<string, string | number | boolean | string[]>;
}

/**
 * Where API keys too many for config live. `get` receives the key's lower-case hex SHA-256 and
 * returns its entry (an `ApiKeyEntry` object or its JSON text; its `sha256` must be that digest)
 * or null. What was read is cached: a found entry for `ttl` seconds (default 60), an unknown
 * digest for `negativeTtl` seconds (default 10), at most `maxEntries` of each (default 10000,
 * at most 1000000). So a key revoked or deleted in the store is refused everywhere at most `ttl`
 * seconds (plus the store's own propagation) after the write. A failing `get`, or an entry that
 * does not compile or is filed under another digest, refuses the key (`api_key_invalid`) and is
 * reported to `onError`.
 */
export interface ApiKeyStore {
  get(sha256Hex: string): Promise<ApiKeyEntry | string | null | undefined> | ApiKeyEntry | string | null | undefined;
  maxEntries?: number;
  ttl?: number;
  negativeTtl?: number;
  onError?: (error: Error) => void;
}

/** The part of a Workers KV namespace `kvApiKeyStore` and `kvKeySource` use. */
export interface KVNamespaceLike {
  get(key: string, type: "text"): Promise<string | null>;
}

/**
 * An `ApiKeyStore` over a Workers KV namespace: each entry's JSON under `prefix + sha256Hex`
 * (default prefix `apikey:`).
 * @example
 * new Guard({ ...config, apiKeyStore: kvApiKeyStore(env.API_KEYS, { ttl: 60 }) });
 */
export function kvApiKeyStore(
  namespace: KVNamespaceLike,
  options?: { prefix?: string; maxEntries?: number; ttl?: number; negativeTtl?: number; onError?: (error: Error) => void },
): ApiKeyStore;

/** What a key loader resolves to: a set (object or JSON text), or "unchanged". */
export type KeyLoad =
  | { jwks: JwkSet | string; validator?: string; maxAge?: number; notModified?: false }
  | { notModified: true; maxAge?: number };

/** A loader and its timing (`GuardConfig.keySource`). */
export interface KeySource {
  /** Loads the set; `validator` is what the last load that changed the set returned (an ETag, a version). */
  load(previous: { validator?: string }): Promise<KeyLoad>;
  /** Seconds after a load that the next is due. Default 300. */
  refreshInterval?: number;
  /** Least seconds between two loads (early ones for an unknown `kid` included). Default 30 (at most refreshInterval). */
  cooldown?: number;
  /** Seconds after the last good load past which tokens are refused (`keys_unavailable`). Default: no limit. */
  maxStaleness?: number;
  /** A failed or refused load (the set in force stays). */
  onError?: (error: Error) => void;
  /** A successful load: `changed` false when the source said the set is unchanged. */
  onLoad?: (report: { changed: boolean; jwks?: JwkSet; skipped: SkippedKey[]; validator?: string }) => void;
}

type KeySourceTiming = Omit<KeySource, "load">;

/**
 * A key source over an issuer's JWKS URL: sends `If-None-Match` with the last ETag (a 304 keeps
 * the set), honours `Cache-Control: max-age` (a shorter refresh), gives up after `timeout` ms
 * (default 5000) and refuses answers over `maxBytes` (default 1 MiB; the set in force stays
 * either way); redirects are not followed.
 * @example
 * new Guard({ issuer, audience, keySource: remoteKeySet("https://auth.example/.well-known/jwks.json", { maxStaleness: 86400 }) });
 */
export function remoteKeySet(
  url: string | URL,
  options?: KeySourceTiming & { timeout?: number; maxBytes?: number; headers?: Record<string, string>; fetch?: typeof fetch },
): KeySource;

/** The part of a Workers KV namespace `kvKeySet` reads. */
export interface KVNamespaceWithMetadata {
  getWithMetadata(key: string, type: "text"): Promise<{ value: string | null; metadata: unknown }>;
}

/**
 * A key source over a Workers KV key (default `jwks`) holding the JWK Set's JSON, written with a
 * version as metadata: `await env.KV.put("jwks", JSON.stringify(jwks), { metadata: { version } })`.
 * @example
 * new Guard({ ...policy, keySource: kvKeySet(env.TOLLGATE_KV, { refreshInterval: 30 }) });
 */
export function kvKeySet(namespace: KVNamespaceWithMetadata, options?: KeySourceTiming & { key?: string }): KeySource;

/** What an error-format hook (`errorResponse` in the config) receives. */
export interface Refusal {
  status: number;
  code: ErrorCode;
  message: string;
  wwwAuthenticate?: string;
  requiredScopes?: string[];
  /** Set when the format is `requestId` or one was passed to `response({ requestId })`. */
  requestId?: string;
}

/**
 * Guard configuration. Validated once; a bad field throws a TypeError naming it
 * (`keys[0].k: HS256 key must be at least 32 bytes`), never echoing the value.
 * @example
 * const config: GuardConfig = {
 *   keys: { keys: [{ kty: "EC", crv: "P-256", kid: "es-2026-01", alg: "ES256", x, y }] },
 *   issuer: "https://auth.booking.example",
 *   audience: "bookings-api",
 *   routes: [{ method: "GET", path: "/bookings/:id", scopes: ["bookings:read"] }],
 * };
 */
export interface GuardConfig {
  /** The verification keys. Optional with `keySource` (then the set in force until its first load). */
  keys?: JwkSet;
  /**
   * Keeps the key set current from a loader, e.g. `remoteKeySet(jwksUrl)` or
   * `kvKeySet(env.TOLLGATE_KV)`: loaded before the first verification, again after
   * `refreshInterval` seconds (default 300; a loader's `maxAge` may shorten it), early when a
   * token names an unknown `kid` — at most one load per `cooldown` seconds (default 30), one in
   * flight at a time. A failed or invalid load keeps the set in force and goes to `onError`;
   * past `maxStaleness` seconds since the last good load, tokens are refused with
   * `keys_unavailable` (503). `verifySync` never loads.
   */
  keySource?: KeySource;
  /** Accepted `iss` values (exact match). */
  issuer?: string | string[];
  /** Accepted `aud` values; the token's `aud` must contain one. */
  audience?: string | string[];
  /** Allowed algorithms. Default: both. */
  algorithms?: Array<"HS256" | "ES256">;
  /** Leeway for `exp`/`nbf`/`iat` in seconds, 0–300. Default 0. */
  clockTolerance?: number;
  /** Largest accepted age (now − `iat`) in seconds; tokens then need `iat`. */
  maxTokenAge?: number;
  /** Claims that must be present, besides `exp`. */
  requiredClaims?: string[];
  /** Refuse tokens without `kid`. Default true. */
  requireKid?: boolean;
  /** Refuse tokens without `exp`. Default true. */
  requireExp?: boolean;
  /** Required header `typ`, compared case-insensitively, `application/` prefix ignored. */
  typ?: string;
  /** Token size limit in bytes, 256–65536. Default 8192. */
  maxTokenSize?: number;
  /**
   * Route table used by `authorize`; the first match wins, no match is 404 `not_found`.
   * Without `routes`, `authorize` asks every request for a valid token (no particular scope).
   */
  routes?: Route[];
  /** `realm` of the `WWW-Authenticate` challenge. */
  realm?: string;
  /**
   * Claims forwarded upstream by `authorize`, claim name → header name
   * (`{ companyId: "X-Company-Id" }`), besides X-Auth-Subject, X-Auth-Scopes and X-Auth-Key-Id.
   */
  forwardClaims?: Record<string, string>;
  /**
   * Verified-token cache for `verify` and `verifySync`, off by default. A repeated token skips
   * parsing and the signature; a hit needs `now` inside the window where the core's time rules
   * hold and the required scopes granted. Only successes are kept; `setKeys` and `setApiKeys`
   * empty it. `maxEntries` default 1000 (at most 100000), `ttl` default 300 s
   * (at most 86400, never past the token's `exp`).
   * @example
   * new Guard({ keys, cache: { maxEntries: 10_000, ttl: 60 } });
   */
  cache?: boolean | { maxEntries?: number; ttl?: number };
  /**
   * Opaque API keys, accepted as `Authorization: Bearer <key>` (anything not shaped like a JWT)
   * or as HTTP Basic with an empty user name. Any number (found by digest: the time per request
   * does not grow with the table); several may be active (rotation).
   */
  apiKeys?: ApiKeyEntry[];
  /**
   * API keys kept outside the config (a table too big for it), e.g. `kvApiKeyStore(env.API_KEYS)`:
   * one entry per key under its lower-case hex SHA-256, read through a bounded local cache.
   * `apiKeys` is looked at first.
   */
  apiKeyStore?: ApiKeyStore;
  /** Only API keys (and tokens naming an `environment`) of this environment; routes may override. */
  environment?: "live" | "test";
  /**
   * Let CORS preflights through: an `OPTIONS` request with `Access-Control-Request-Method` is
   * allowed without credentials when a route matches its path for the method it asks about
   * (without `routes`, always); the decision then has `preflight: true` and no identity, and the
   * application answers it with its CORS headers. Default false (such requests are 404 or 401).
   */
  corsPreflight?: boolean;
  /**
   * Body of refusals: `rfc6750` `{ error, message }` (default), `envelope`
   * `{ success: false, error: { code: "TOKEN_EXPIRED", message } }`, or `requestId`
   * `{ error, message, requestId }`. Status and WWW-Authenticate are the same in every format.
   */
  errorFormat?: "rfc6750" | "envelope" | "requestId";
  /** Header a request id is read from and echoed in. Default `X-Request-Id`. */
  requestIdHeader?: string;
  /**
   * Hook shaping refusals: return a Response, a JSON-able body, or undefined for the configured
   * format. Status, WWW-Authenticate and Cache-Control are always the decision's.
   */
  errorResponse?: (refusal: Readonly<Refusal>, request: RequestLike) => Response | unknown;
}

/** The stable error codes. */
export type ErrorCode =
  | "token_missing"
  | "invalid_request"
  | "token_malformed"
  | "alg_not_allowed"
  | "crit_unsupported"
  | "key_not_found"
  | "signature_invalid"
  | "token_expired"
  | "token_not_yet_valid"
  | "token_too_old"
  | "claim_missing"
  | "claim_invalid"
  | "insufficient_scope"
  | "api_key_invalid"
  | "api_key_revoked"
  | "account_forbidden"
  | "not_found"
  | "keys_unavailable";

/** Why a credential or request was refused. `message` never contains the token or key bytes. */
export interface TollgateError {
  code: ErrorCode;
  /** The HTTP status the guard answers with (400, 401, 403, 404; 503 for `keys_unavailable`). */
  status: number;
  message: string;
}

/** The registered claims of RFC 7519 §4.1, as tollgate checks them. */
export interface RegisteredClaims {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  nbf?: number;
  iat?: number;
  jti?: string;
}

/**
 * JWT claims as sent (parsed with `JSON.parse` semantics). `C` adds the claims your tokens carry,
 * as in `guard.verify<{ companyId: string }>(token)`: a statement about your issuer that tollgate
 * does not check (list such claims in `requiredClaims` to refuse tokens without them).
 * @example
 * interface BookingClaims { companyId: string; accounts?: string[] }
 * const claims: Claims<BookingClaims> = r.claims; // claims.companyId: string, claims.sub: string | undefined
 */
export type Claims<C extends object = {}> = { [name: string]: unknown } & RegisteredClaims & C;

/** Options of one `authorize` call. */
export interface AuthorizeOptions {
  /** Current time in Unix seconds. Default: the clock. */
  now?: number;
  /**
   * Scopes this request must all grant besides its route's: the policy of your application's own
   * route (what `tollgate/hono`'s `scopes` passes). A 403 names them in the `scope` challenge.
   * A call that requires scopes needs credentials even on a `public` route.
   */
  scopes?: string[];
  /**
   * Scopes of which this request must grant at least one, besides its route's `anyScopes`. An
   * empty list is a TypeError (an empty "one of" would be no rule): leave it out instead.
   */
  anyScopes?: string[];
}

/** Options of one `verify` call. */
export interface VerifyOptions {
  /** Scopes the token must all grant. */
  scopes?: string[];
  /** Current time in Unix seconds. Default: the clock. */
  now?: number;
}

/**
 * Result of `verify`: switch on `ok`. `C`: the claims your tokens carry (see `Claims`).
 * @example
 * const r = await guard.verify(token, { scopes: ["bookings:read"] });
 * if (r.ok) console.log(r.claims.sub, r.scopes);
 * else if (r.error.code === "token_expired") console.log("refresh the token");
 */
export type VerifyResult<C extends object = {}> =
  | {
      ok: true;
      claims: Claims<C>;
      /** The token's protected header exactly as sent (no member added or changed). */
      header: ProtectedHeader;
      /** The `kid` of the key that verified the token (the header's own `kid` may be absent). */
      keyId: string;
      /** Granted scopes: `scope` ∪ `scp` ∪ `scopes`. */
      scopes: string[];
    }
  | { ok: false; error: TollgateError };

/** A verified token's JOSE header as sent: `alg` is one tollgate accepts; other members as they are. */
export interface ProtectedHeader {
  alg: "HS256" | "ES256";
  kid?: string;
  typ?: string;
  [member: string]: unknown;
}

/** Result of `decode`: what a token says, verified or not. */
export type DecodeResult =
  | { ok: true; header: { [name: string]: unknown }; claims: Claims }
  | { ok: false; error: TollgateError; header?: { [name: string]: unknown }; claims?: Claims };

/** A request as `authorize` takes it: a fetch `Request` or its parts. */
export type RequestLike = Request | { method: string; url: string; headers: Headers | Record<string, string> };

/** What every `authorize` decision carries, allowed or refused. */
interface DecisionBase {
  /** The matched route (absent for 404, bad paths, or without `routes`). */
  route?: { index: number; method: string | null; path: string; public: boolean; params: Record<string, string> };
  /** Values of the route's `:param` segments as they stand in `target`; `*` for a trailing wildcard. */
  params: Record<string, string>;
  /**
   * The request method, upper-cased, and its target (path and query) in canonical form
   * (RFC 3986 §6.2.2): what the route was matched on and what `forwardRequest` sends.
   * Absent when the request line itself was refused (400).
   */
  method?: string;
  target?: string;
  /** Identity headers to send upstream (X-Auth-Subject, X-Auth-Scopes, X-Auth-Key-Id, forwarded claims). */
  forwardHeaders: Record<string, string>;
  /**
   * For a refusal: the ready response (400/401/403/404) in the configured error format; throws on
   * an allowed decision.
   */
  response(options?: { requestId?: string }): Response;
  /**
   * The client's headers without any the guard sets or reserves, in any letter case or with `_`
   * for `-` (X-Auth-*, forwarded claim headers, account headers, method/URL override headers),
   * plus `forwardHeaders`.
   */
  upstreamHeaders(headers: HeadersInit): Headers;
  /**
   * The request to send upstream: the decision's `method` and `target` under `upstream` (a base
   * URL whose path is prefixed), never a new reading of `request.url`; headers and body from
   * `request`, with `upstreamHeaders` applied. Throws on a refused decision, and when
   * `request.method` is not the method that was authorized.
   */
  forwardRequest(request: RequestLike, upstream: string | URL, options?: { dropAuthorization?: boolean }): Request;
}

/** An allowed request: forward it. `C`: the claims your tokens carry (see `Claims`). */
export interface AllowedDecision<C extends object = {}> extends DecisionBase {
  ok: true;
  status: 200;
  /** The verified token's or API key's claims (absent on public routes). */
  claims?: Claims<C>;
  /** The token's protected header exactly as sent (absent for API keys and public routes). */
  header?: ProtectedHeader;
  /** Granted scopes of the verified token or API key. */
  scopes?: string[];
  /** What vouched for the request (absent on public routes). */
  credential?: "jwt" | "api_key";
  /** The token's `kid` or the API key's `id`. */
  keyId?: string;
  /** An allowed CORS preflight (`corsPreflight`): no credentials were checked; answer it with your CORS headers. */
  preflight?: true;
  code?: undefined;
  error?: undefined;
}

/** A refused request: answer with `response()`. */
export interface RefusedDecision extends DecisionBase {
  ok: false;
  /** 400, 401, 403, 404 or 503: the status of `code`. */
  status: number;
  code: ErrorCode;
  /** The short, secret-free reason. */
  message: string;
  /** `{ code, status, message }`, as `verify` reports it. */
  error: TollgateError;
  /** Set for 400/401/403: the RFC 6750 challenge. */
  wwwAuthenticate?: string;
  /** Set on 403: the scopes named in the challenge's `scope` attribute. */
  requiredScopes?: string[];
  claims?: undefined;
}

/**
 * The decision of `authorize`: switch on `ok`. `C`: the claims your tokens carry (see `Claims`).
 * @example
 * const decision = await guard.authorize(request);
 * if (!decision.ok) return decision.response(); // decision.code: ErrorCode
 * const user = decision.claims?.sub;            // undefined on public routes
 */
export type Decision<C extends object = {}> = AllowedDecision<C> | RefusedDecision;

/**
 * A compiled config. `C` is the default claims type of `verify`, `verifySync` and `authorize`
 * (`new Guard<BookingClaims>(config)`); each call may name another (`guard.verify<Other>(token)`).
 */
export class Guard<C extends object = {}> {
  /**
   * Compiles the config; throws a TypeError naming the bad field.
   * @example
   * const guard = new Guard({ keys: jwks, issuer: "https://auth.booking.example", audience: "bookings-api" });
   */
  constructor(config: GuardConfig);
  /**
   * Verifies a compact JWT, checking ES256 signatures with WebCrypto where the runtime has it
   * (pure wasm otherwise). Never rejects for a bad token; rejects with a TypeError only for bad
   * options.
   * @example
   * const r = await guard.verify(token, { scopes: ["bookings:read"] });
   * if (!r.ok) return new Response(r.error.message, { status: r.error.status });
   */
  verify<T extends object = C>(token: string, options?: VerifyOptions): Promise<VerifyResult<T>>;
  /**
   * Verifies like `verify`, with the same result, synchronously: every step in wasm (ES256
   * with pure-wasm P-256, several times slower than WebCrypto). Never throws for a bad token.
   * @example
   * const r = guard.verifySync(token, { scopes: ["bookings:read"] });
   */
  verifySync<T extends object = C>(token: string, options?: VerifyOptions): VerifyResult<T>;
  /**
   * Checks a request against the route table and its credentials. Never rejects for bad
   * credentials; rejects with a TypeError only for a value that is not a request, a bad `now` or bad `scopes`/`anyScopes`.
   * @example
   * const decision = await guard.authorize(request);
   * if (!decision.ok) return decision.response();
   * return fetch(decision.forwardRequest(request, env.UPSTREAM_URL));
   */
  authorize<T extends object = C>(request: RequestLike, options?: AuthorizeOptions): Promise<Decision<T>>;
  /**
   * Replaces the keys atomically and returns the keys skipped as unusable (RSA, OKP, P-384,
   * `use: "enc"` …). An invalid set, or one without a usable key, throws a TypeError and the
   * old keys stay.
   * @example
   * const skipped = guard.setKeys(await (await fetch(jwksUrl)).json());
   * for (const s of skipped) console.log(`${s.field}: ${s.reason}`);
   */
  setKeys(jwks: JwkSet): SkippedKey[];
  /** The keys of the set in force that were skipped, and why (as `setKeys` returned them). */
  readonly skippedKeys: SkippedKey[];
  /** How many loads the `keySource` has started (0 without one). */
  readonly keyLoads: number;
  /**
   * Checks an API key (and its secret, for a key+secret exchange) against `apiKeys` (and
   * `apiKeyStore`). A Promise when the guard has an `apiKeyStore` (the key may have to be read
   * from it); awaiting it is harmless otherwise. Never throws or rejects for a bad key.
   * @example
   * const checked = await guard.checkApiKey(body.apiKey, { secret: body.apiSecret });
   * if (!checked.ok) return guard.errorResponse(checked.error, request);
   */
  checkApiKey(key: string, options?: { secret?: string; environment?: "live" | "test"; now?: number }): ApiKeyCheck | Promise<ApiKeyCheck>;
  /**
   * Issues an HS256 JWT with the HS256 key `kid` of the key set; `expiresIn` sets `iat` and
   * `exp`. Throws a TypeError naming the field.
   * @example
   * const token = guard.sign({ sub: "partner-7", companyId: "c-42" }, { kid: "hs-2026-01", expiresIn: 86400 });
   */
  sign(claims: Record<string, unknown>, options: { kid: string; expiresIn?: number; now?: number; typ?: string }): string;
  /** Replaces the API keys atomically (rotation); an invalid list throws a TypeError and the old one stays. */
  setApiKeys(apiKeys: ApiKeyEntry[]): void;
  /** A refusal Response in the configured error format, e.g. for a failed exchange. */
  errorResponse(
    error: { code: ErrorCode; status: number; message: string; wwwAuthenticate?: string },
    request?: RequestLike,
    options?: { requestId?: string },
  ): Response;
}

/** Result of `checkApiKey`. */
export type ApiKeyCheck =
  | {
      ok: true;
      keyId: string;
      subject: string;
      scopes: string[];
      environment: "live" | "test" | null;
      /** `{ sub: subject, ...claims }`. */
      claims: Claims;
    }
  | { ok: false; error: TollgateError };

/**
 * Header and claims of a token without verifying it (for display only). Never throws.
 * @example
 * const d = decode(token);
 * if (d.ok) console.log(d.header.kid, d.claims.exp);
 */
export function decode(token: string): DecodeResult;

/**
 * Loads the wasm. In browsers (the `browser` condition, or `tollgate/browser`) call it once and
 * wait for it before using `Guard` or `decode`: it fetches `tollgate_bg.wasm` next to the entry
 * unless given a URL, a `Response`, the bytes or a compiled module. In workerd, Node, Deno and Bun
 * the wasm is loaded on import and `init()` resolves at once, so code shared with browsers may
 * call it everywhere.
 * @example
 * import init, { Guard } from "tollgate";
 * await init();
 */
export default function init(source?: RequestInfo | URL | Response | BufferSource | WebAssembly.Module): Promise<void>;

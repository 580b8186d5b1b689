// guard.authorize(request, { now }): one HTTP request in, one Decision out. The core decides
// (route → credentials → token → route scopes → identity headers, and the RFC 6750 challenge);
// this file only reads the request, and turns the core's JSON into a Decision with
// `response()` and `forwardRequest()`.
import { nowOf, scopeList } from "./options.js";
import { hasWebCrypto, settle } from "./webcrypto.js";


/** Connection-level headers that must not be copied onto a new upstream request. */
const HOP_BY_HOP = ["host", "connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "content-length"];

/**
 * Decides a request. `core` is the compiled wasm guard, `input` its input buffer and `keys`
 * the CryptoKeys of its key set (webcrypto.js): ES256 signatures the core hands out are
 * checked by WebCrypto where the runtime has it, every step by the core otherwise. The
 * decision is the same either way. `edge` holds the refusal responder (responses.js)
 * and the names of the request headers the core reads besides Authorization (route
 * `accountHeader`s, `Access-Control-Request-Method`).
 * The `apiKeyStore` reader (api-key-store.js), when there is one, is `edge.apiKeys`.
 * `options.scopes` (all) and `options.anyScopes` (one of) are required besides the route's: the
 * policy of an application's own route; the core checks them and names them in a 403's challenge.
 * @param {Request | { method?: string, url: string, headers?: Headers | Record<string, string> }} request
 * @param {{ now?: number, scopes?: string[], anyScopes?: string[] }} [options]
 */
export async function authorize(core, input, keys, request, options, edge) {
  const now = nowOf(options);
  const demand = {
    scopes: scopeList(options?.scopes, "options.scopes").join(" "),
    anyScopes: scopeList(options?.anyScopes, "options.anyScopes", true).join(" "),
  };
  const { method, url, authorization } = readRequest(request);
  const headers = extraHeaders(request.headers, edge.requestHeaders);
  if (edge.apiKeys) {
    // A key kept in apiKeyStore is read first; the answer goes to the core right before the
    // decision below, with no await between, so the decision finds it (api-key-store.js).
    const prepared = edge.apiKeys.prepare(core, core.apiKeyToLoad(method, url, authorization, now), now);
    if (prepared !== null) (await prepared)();
  }
  const { scopes, anyScopes } = demand;
  let json;
  if (hasWebCrypto) {
    json = settle(
      core,
      input,
      keys,
      () => core.authorizeBegin(method, url, authorization, headers, scopes, anyScopes, now),
      (check, valid) => core.authorizeFinish(check, valid, method, url, authorization, headers, scopes, anyScopes, now),
      (text) => text,
    );
    if (json instanceof Promise) json = await json;
  }
  json ??= core.authorize(method, url, authorization, headers, scopes, anyScopes, now);
  return makeDecision(core, JSON.parse(json), request, edge.responder);
}

/** `[[name, value], …]` JSON of the wanted headers that were sent, or undefined (none wanted). */
function extraHeaders(headers, names) {
  if (names.length === 0) return undefined;
  const pairs = [];
  for (const name of names) {
    const value = headerValue(headers, name);
    if (value !== undefined) pairs.push([name, value]);
  }
  return JSON.stringify(pairs);
}

/** One header's value (several joined with ", " as fetch Headers would), or undefined. */
function headerValue(headers, name) {
  if (headers === undefined || headers === null) return undefined;
  if (typeof headers.get === "function") return headers.get(name) ?? undefined;
  if (typeof headers !== "object") throw new TypeError("request.headers: must be Headers or a plain object");
  const values = Object.keys(headers)
    .filter((key) => key.toLowerCase() === name)
    .flatMap((key) => (Array.isArray(headers[key]) ? headers[key] : [headers[key]]))
    .map(String);
  return values.length === 0 ? undefined : values.join(", ");
}

/**
 * Method, URL and the Authorization header of a Request or `{ method, url, headers }`. The URL
 * goes to the core as given: it is read once, there (src/routes/target.rs), for every form.
 */
export function readRequest(request) {
  if (request === null || typeof request !== "object") {
    throw new TypeError("request: must be a Request or { method, url, headers }");
  }
  const url = request.url;
  if (typeof url !== "string" || url === "") throw new TypeError("request.url: must be a non-empty string");
  const method = request.method === undefined ? "GET" : request.method;
  if (typeof method !== "string" || method === "") throw new TypeError("request.method: must be a non-empty string");
  return { method, url, authorization: authorizationOf(request.headers) };
}

/** The Authorization header; several of them are joined with ", " as fetch Headers would. */
function authorizationOf(headers) {
  return headerValue(headers, "authorization");
}

function makeDecision(core, raw, request, responder) {
  const decision = {
    ok: raw.ok,
    status: raw.status,
    forwardHeaders: raw.forwardHeaders,
    route: raw.route ?? undefined,
    params: raw.route?.params ?? {},
  };
  if (raw.target !== undefined) Object.assign(decision, { method: raw.method, target: raw.target });
  if (raw.ok) {
    if (raw.preflight) decision.preflight = true;
    if (raw.claims !== undefined) {
      Object.assign(decision, { credential: raw.credential, keyId: raw.keyId, claims: raw.claims, scopes: raw.scopes });
      if (raw.header !== undefined) decision.header = raw.header;
    }
  } else {
    Object.assign(decision, {
      code: raw.code,
      message: raw.message,
      error: { code: raw.code, status: raw.status, message: raw.message },
      wwwAuthenticate: raw.wwwAuthenticate ?? undefined,
    });
    if (raw.requiredScopes) decision.requiredScopes = raw.requiredScopes;
  }
  Object.defineProperties(decision, {
    response: {
      value: (opts) => {
        if (raw.ok) throw new TypeError("response: the request is allowed; forward it instead");
        return responder.respond(raw, request, opts);
      },
    },
    upstreamHeaders: { value: (headers) => upstreamHeaders(core, headers, raw.forwardHeaders) },
    forwardRequest: {
      value: (request, upstream, opts) => {
        if (!raw.ok) throw new TypeError("forwardRequest: the request was refused; answer with decision.response()");
        return forwardRequest(core, raw, request, upstream, opts);
      },
    },
  });
  return decision;
}

/**
 * A copy of the client's headers without any the guard sets or reserves, in any spelling
 * (the core decides: X-Auth-*, forwardClaims and account headers, method/URL overrides, with
 * letter case ignored and `_` read as `-`), with the decision's identity headers set.
 */
export function upstreamHeaders(core, headers, forward) {
  const out = new Headers(headers ?? undefined);
  const reserved = core.reservedHeaders([...out.keys()].join("\n"));
  if (reserved !== "") for (const name of reserved.split("\n")) out.delete(name);
  for (const [name, value] of Object.entries(forward)) out.set(name, value);
  return out;
}

/**
 * The request to send upstream: the method and the canonical target (path and query) the
 * decision was made on, never a new reading of `request.url`; headers and body from `request`,
 * reserved headers stripped, the decision's headers added. `upstream` is a base URL whose path
 * is prefixed. `dropAuthorization: true` keeps the client's credentials away from the upstream.
 */
function forwardRequest(core, raw, request, upstream, { dropAuthorization = false } = {}) {
  const method = request?.method === undefined ? "GET" : String(request.method).toUpperCase();
  if (method !== raw.method) {
    throw new TypeError(`forwardRequest: request.method ${method} is not the method that was authorized (${raw.method})`);
  }
  const base = new URL(upstream);
  if (base.search !== "" || base.hash !== "") throw new TypeError("forwardRequest: upstream must be a base URL without query or fragment");
  const target = new URL(base.href.replace(/\/$/, "") + raw.target);
  const headers = upstreamHeaders(core, request.headers, raw.forwardHeaders);
  for (const name of HOP_BY_HOP) headers.delete(name);
  if (dropAuthorization) headers.delete("authorization");
  // A CORS preflight has no body (Fetch §4.8); one allowed without credentials goes upstream without any.
  const hasBody = request.body != null && raw.method !== "GET" && raw.method !== "HEAD" && !raw.preflight;
  const init = { method: raw.method, headers, redirect: "manual" };
  if (hasBody) Object.assign(init, { body: request.body, duplex: "half" });
  return new Request(target, init);
}

// Refusal responses: the body format a booking API expects, chosen by config, with the status,
// WWW-Authenticate challenge (RFC 6750 §3) and Cache-Control: no-store always taken from the
// decision, whatever the format or hook says.
//
//   errorFormat: "rfc6750"   { "error": "token_expired", "message": "…" }               (default)
//                "envelope"  { "success": false, "error": { "code": "TOKEN_EXPIRED", "message": "…" } }
//                "requestId" { "error": "token_expired", "message": "…", "requestId": "…" }
//   requestIdHeader: "X-Request-Id"   where a request id is read from (and echoed to); default
//                                     X-Request-Id. Absent or unusable → a fresh UUID. The id is
//                                     echoed in that response header.
//   errorResponse(refusal, request)   hook: returns a Response, a JSON-able body, or undefined
//                                     (the configured format is used).

/** The error body formats. */
export const ERROR_FORMATS = ["rfc6750", "envelope", "requestId"];
/** Config fields this module reads; the wrapper keeps them out of the core's config. */
export const RESPONSE_FIELDS = ["errorFormat", "requestIdHeader", "errorResponse"];

const DEFAULT_REQUEST_ID_HEADER = "x-request-id";
/** A request id we echo: 1–128 visible ASCII characters, nothing that could break a header or JSON. */
const USABLE_REQUEST_ID = /^[A-Za-z0-9._:~+\/=-]{1,128}$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Validates the response fields of a Guard config once. Throws a TypeError naming the field.
 * @returns {{ format: string, requestIdHeader: string, hook: Function | undefined }}
 */
export function compileResponses(config) {
  const format = config?.errorFormat ?? "rfc6750";
  if (!ERROR_FORMATS.includes(format)) {
    throw new TypeError(`errorFormat: must be one of ${ERROR_FORMATS.map((f) => `"${f}"`).join(", ")}`);
  }
  const header = config?.requestIdHeader ?? DEFAULT_REQUEST_ID_HEADER;
  if (typeof header !== "string" || !HEADER_NAME.test(header)) {
    throw new TypeError('requestIdHeader: must be an HTTP header name such as "X-Request-Id"');
  }
  const hook = config?.errorResponse;
  if (hook !== undefined && typeof hook !== "function") {
    throw new TypeError("errorResponse: must be a function (refusal, request) => Response | body | undefined");
  }
  // The core validates `realm`; here it only goes into challenges built for errorResponse().
  const realm = typeof config?.realm === "string" ? config.realm : undefined;
  return Object.freeze({ format, requestIdHeader: header.toLowerCase(), hook, realm });
}

/**
 * The RFC 6750 §3 challenge for a refusal that came without one (`guard.errorResponse` for a
 * failed key+secret exchange): 400 `invalid_request`, 401 `invalid_token` (none for
 * `token_missing`, §3.1), 403 `insufficient_scope` with `scope` when `requiredScopes` are given;
 * nothing for other statuses. `error_description` keeps only the characters §3 allows.
 */
export function defaultChallenge(refusal, realm) {
  const error = { 400: "invalid_request", 401: "invalid_token", 403: "insufficient_scope" }[refusal.status];
  if (error === undefined) return undefined;
  const attrs = realm === undefined ? [] : [`realm="${realm}"`];
  if (refusal.code !== "token_missing") {
    const description = String(refusal.message ?? "").replace(/"/g, "'").replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, "");
    attrs.push(`error="${error}"`, `error_description="${description}"`);
    if (refusal.status === 403 && refusal.requiredScopes?.length) attrs.push(`scope="${refusal.requiredScopes.join(" ")}"`);
  }
  return attrs.length === 0 ? "Bearer" : `Bearer ${attrs.join(", ")}`;
}

/** The config without the fields handled here (the core refuses fields it does not know). */
export function withoutResponseFields(config) {
  if (config === null || typeof config !== "object" || !RESPONSE_FIELDS.some((f) => f in config)) return config;
  const rest = { ...config };
  for (const field of RESPONSE_FIELDS) delete rest[field];
  return rest;
}

/**
 * The request id for a refusal: `requestId` when given, else the configured request header when
 * its value is usable, else a fresh UUID.
 */
export function requestIdOf(headers, responses, requestId) {
  if (requestId !== undefined) {
    if (typeof requestId !== "string" || !USABLE_REQUEST_ID.test(requestId)) {
      throw new TypeError("requestId: must be 1-128 characters of A-Z a-z 0-9 . _ : ~ + / = -");
    }
    return requestId;
  }
  const sent = headerValue(headers, responses.requestIdHeader);
  return sent !== undefined && USABLE_REQUEST_ID.test(sent) ? sent : crypto.randomUUID();
}

function headerValue(headers, name) {
  if (headers === undefined || headers === null) return undefined;
  if (typeof headers.get === "function") return headers.get(name) ?? undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : String(headers[key]);
}

/** The body of `refusal` in `format`. */
export function errorBody(refusal, format, requestId) {
  switch (format) {
    case "envelope":
      return { success: false, error: { code: refusal.code.toUpperCase(), message: refusal.message } };
    case "requestId":
      return { error: refusal.code, message: refusal.message, requestId };
    default:
      return { error: refusal.code, message: refusal.message };
  }
}

/**
 * The Response for a refused decision.
 * @param {{ status: number, code: string, message: string, wwwAuthenticate?: string | null, requiredScopes?: string[] }} raw
 * @param {{ method?: string, headers?: Headers | Record<string, string> }} request
 * @param {ReturnType<typeof compileResponses>} responses
 * @param {{ requestId?: string }} [options]
 */
export function refusalResponse(raw, request, responses, options) {
  const refusal = {
    status: raw.status,
    code: raw.code,
    message: raw.message,
    // A decision carries its challenge (null on 404); a refusal passed to errorResponse() without
    // one gets the RFC 6750 challenge of its status, so a 401 always has WWW-Authenticate.
    wwwAuthenticate: raw.wwwAuthenticate === undefined ? defaultChallenge(raw, responses.realm) : raw.wwwAuthenticate ?? undefined,
    requiredScopes: raw.requiredScopes,
  };
  const needsId = responses.format === "requestId" || options?.requestId !== undefined;
  const requestId = needsId ? requestIdOf(request?.headers, responses, options?.requestId) : undefined;
  if (requestId !== undefined) refusal.requestId = requestId;
  const head = request?.method === "HEAD";
  const shaped = responses.hook?.(Object.freeze({ ...refusal }), request);
  if (shaped instanceof Response) return enforce(shaped, refusal, responses, head);
  const body = shaped === undefined ? errorBody(refusal, responses.format, requestId) : shaped;
  const headers = baseHeaders(refusal, responses);
  headers.set("content-type", "application/json; charset=utf-8");
  return new Response(head ? null : JSON.stringify(body), { status: refusal.status, headers });
}

function baseHeaders(refusal, responses) {
  const headers = new Headers({ "cache-control": "no-store" });
  if (refusal.wwwAuthenticate) headers.set("www-authenticate", refusal.wwwAuthenticate);
  if (refusal.requestId !== undefined) headers.set(responses.requestIdHeader, refusal.requestId);
  return headers;
}

/** A hook's Response with the decision's status, challenge and no-store put back. */
function enforce(response, refusal, responses, head) {
  const headers = new Headers(response.headers);
  headers.delete("www-authenticate");
  for (const [name, value] of baseHeaders(refusal, responses)) headers.set(name, value);
  return new Response(head ? null : response.body, { status: refusal.status, statusText: response.statusText, headers });
}

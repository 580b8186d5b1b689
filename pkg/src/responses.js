// Refusal responses. The core makes them (src/refusal.rs): the body in the configured format
// (`errorFormat`), the status, the RFC 6750 challenge, `Cache-Control: no-store` and the
// request id (`requestIdHeader`). Here only what JavaScript holds: the `errorResponse` hook
// (a function), a fresh id for the core to use when the request brings none
// (crypto.randomUUID()) and the Response object.
//
//   errorResponse(refusal, request)   hook: returns a Response, a JSON-able body, or undefined
//                                     (the configured format is used). Status, WWW-Authenticate,
//                                     Cache-Control and the request id header are always the
//                                     refusal's.

/** The config field this module reads; the rest of the config goes to the core. */
const HOOK = "errorResponse";

/** The config without the hook (a function; the core reads JSON). */
export function withoutHook(config) {
  if (config === null || typeof config !== "object" || !(HOOK in config)) return config;
  const { [HOOK]: _hook, ...rest } = config;
  return rest;
}

/** The refusal answers of one guard: its core and its `errorResponse` hook. */
export class Responder {
  #core;
  #hook;
  #requestIdHeader = null;

  /** Checks the hook of `config`; throws a TypeError naming the field. */
  constructor(core, config) {
    const hook = config?.[HOOK];
    if (hook !== undefined && typeof hook !== "function") {
      throw new TypeError("errorResponse: must be a function (refusal, request) => Response | body | undefined");
    }
    this.#core = core;
    this.#hook = hook;
  }

  /**
   * The Response for a refusal: a refused decision's `{ status, code, message, wwwAuthenticate,
   * requiredScopes? }`, or one the application gives (without `wwwAuthenticate`, the core adds
   * the challenge of its status).
   * @param {{ method?: string, headers?: Headers | Record<string, string> }} request
   * @param {{ requestId?: string }} [options]
   */
  respond(raw, request, options) {
    const core = this.#core;
    this.#requestIdHeader ??= core.requestIdHeader();
    const given = options?.requestId;
    const refusal = { status: raw.status, code: raw.code, message: raw.message, wwwAuthenticate: raw.wwwAuthenticate, requiredScopes: raw.requiredScopes };
    let answer;
    try {
      const json = core.refusal(JSON.stringify(refusal), headerValue(request?.headers, this.#requestIdHeader), given === undefined ? undefined : typeof given === "string" ? given : "", crypto.randomUUID());
      answer = JSON.parse(json);
    } catch (e) {
      throw new TypeError(String(e));
    }
    const head = request?.method === "HEAD";
    const shaped = this.#hook?.(Object.freeze(answer.refusal), request);
    if (shaped instanceof Response) return enforce(shaped, answer, head);
    const headers = new Headers(answer.headers);
    headers.set("content-type", answer.contentType);
    const body = shaped === undefined ? answer.body : JSON.stringify(shaped);
    return new Response(head ? null : body, { status: answer.refusal.status, headers });
  }
}

/** One header's value, or undefined. */
function headerValue(headers, name) {
  if (headers === undefined || headers === null) return undefined;
  if (typeof headers.get === "function") return headers.get(name) ?? undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : String(headers[key]);
}

/** A hook's Response with the refusal's status and headers put back. */
function enforce(response, answer, head) {
  const headers = new Headers(response.headers);
  headers.delete("www-authenticate");
  for (const [name, value] of answer.headers) headers.set(name, value);
  return new Response(head ? null : response.body, { status: answer.refusal.status, statusText: response.statusText, headers });
}

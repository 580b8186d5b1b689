// Runs inside the temporary consumer project, in every runtime (Node, Deno, Bun, workerd):
// the same checks against whatever "tollgate" resolves to there. `lib` is the imported package,
// `fixture` the keys and tokens the test wrote to fixture.mjs. Returns a plain summary object
// that the test compares with what the fixture says should happen.
export async function check(lib, fixture) {
  const { Guard, decode } = lib;
  const { jwks, now, issuer, audience, tokens } = fixture;
  const guard = new Guard({
    keys: jwks,
    issuer,
    audience,
    routes: [
      { method: "GET", path: "/bookings/:id", scopes: ["bookings:read"] },
      { path: "/health", public: true },
    ],
    realm: "bookings",
  });
  const verified = (token, scopes) => {
    const r = guard.verifySync(token, { scopes, now });
    return r.ok ? { ok: true, sub: r.claims.sub, alg: r.header.alg, kid: r.header.kid, scopes: r.scopes } : { ok: false, code: r.error.code, status: r.error.status };
  };
  const request = (path, token) => ({
    method: "GET",
    url: `https://bookings.example${path}`,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const allowed = await guard.authorize(request("/bookings/42", tokens.es256), { now });
  const refused = await guard.authorize(request("/bookings/42"), { now });
  const refusal = refused.response();
  let configError = null;
  try {
    new Guard({ keys: { keys: [{ kty: "oct", kid: "short", alg: "HS256", k: "c2hvcnQ" }] } });
  } catch (e) {
    // The message names the field and never echoes the key bytes.
    configError = { type: e.constructor.name, namesField: e.message.startsWith("keys[0].k: "), echoesKey: e.message.includes("c2hvcnQ") };
  }
  return {
    hs256: verified(tokens.hs256, ["bookings:read"]),
    es256: verified(tokens.es256, ["bookings:read"]),
    tampered: verified(tokens.tampered, []),
    expired: verified(tokens.hs256, []).ok && guard.verifySync(tokens.hs256, { now: now + 86400 }).error?.code,
    missingScope: verified(tokens.hs256, ["bookings:write"]),
    decodedSub: decode(tokens.hs256).claims?.sub ?? null,
    authorize: {
      allowed: { ok: allowed.ok, status: allowed.status, subject: allowed.forwardHeaders["X-Auth-Subject"] ?? allowed.forwardHeaders["x-auth-subject"] ?? null },
      refused: { ok: refused.ok, status: refused.status, code: refused.code },
      response: await describe(refusal, refused.message),
    },
    configError,
  };
}

async function describe(response, message) {
  const body = await response.json();
  return {
    status: response.status,
    error: body.error,
    messageMatchesDecision: body.message === message && typeof message === "string" && message !== "",
    challenge: response.headers.get("www-authenticate"),
    cacheControl: response.headers.get("cache-control"),
    contentType: response.headers.get("content-type"),
  };
}

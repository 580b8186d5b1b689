// A worker guarding an API with tokens from an issuer that publishes its keys at a JWKS URL
// (an identity provider, an authorization server): the guard fetches the set itself and keeps it
// current (keySource: remoteKeySet), skipping the keys it cannot verify with (RSA, OKP …).
//   env.JWKS_URL      the issuer's JWKS URL, e.g. https://auth.example/.well-known/jwks.json
//   env.ISSUER        the tokens' `iss`
//   env.AUDIENCE      the tokens' `aud`
//   env.UPSTREAM_URL  where allowed requests go (optional: without it the worker answers with
//                     the caller's identity, handy to try it out)
//   env.KEYS_REFRESH_SECONDS (default 600), KEYS_COOLDOWN_SECONDS (30),
//   env.KEYS_MAX_STALENESS_SECONDS (default 86400), JWKS_TIMEOUT_MS (5000)
import { Guard, remoteKeySet } from "tollgate";

let guard = null; // one per isolate: its key set is shared by the requests this isolate serves

const number = (value, fallback) => (value === undefined || value === "" ? fallback : Number(value));

function start(env) {
  if (!env.JWKS_URL) throw new TypeError("JWKS_URL is not set");
  return new Guard({
    issuer: env.ISSUER,
    audience: env.AUDIENCE,
    algorithms: ["ES256"], // what the issuer signs with; its RSA keys are skipped
    clockTolerance: 30,
    keySource: remoteKeySet(env.JWKS_URL, {
      timeout: number(env.JWKS_TIMEOUT_MS, 5000),
      refreshInterval: number(env.KEYS_REFRESH_SECONDS, 600),
      cooldown: number(env.KEYS_COOLDOWN_SECONDS, 30),
      maxStaleness: number(env.KEYS_MAX_STALENESS_SECONDS, 86400),
      onError: (e) => console.error(`tollgate key set: ${e.message}`),
    }),
  });
}

export default {
  async fetch(request, env) {
    try {
      guard ??= start(env);
    } catch (e) {
      return Response.json({ error: "misconfigured", message: e.message }, { status: 500 });
    }
    const decision = await guard.authorize(request);
    if (!decision.ok) return decision.response(); // 401/403, or 503 keys_unavailable
    if (env.UPSTREAM_URL) return fetch(decision.forwardRequest(request, env.UPSTREAM_URL, { dropAuthorization: true }));
    return Response.json({ sub: decision.claims.sub, kid: decision.keyId, keyLoads: guard.keyLoads });
  },
};

// The benchmark cases, runtime-neutral (Node and workerd import this file).
// Every library verifies the same tokens with the same policy: issuer,
// audience, algorithm pinned, key chosen by kid. Each adapter returns whether
// the token was accepted, so a run checks that everyone agrees before timing.

/** @typedef {{ lib: string, fn: () => boolean | Promise<boolean>, async: boolean }} Runner */
/** @typedef {{ id: string, alg: string, kind: string, expect: boolean, runners: Runner[] }} Case */

const rotate = (list) => {
  let i = 0;
  return () => list[i++ % list.length];
};

/**
 * Builds the cases. `libs`: { Guard, jose, tsndr, fastJwt? (Node only), pem? }.
 * @returns {Promise<Case[]>}
 */
export async function makeCases(libs, data) {
  const { Guard, jose, tsndr, fastJwt } = libs;
  const policy = { issuer: data.issuer, audience: data.audience };
  const scopes = data.scopes;
  const plain = new Guard({ keys: data.jwks, ...policy });
  let cached = null;
  try {
    cached = new Guard({ keys: data.jwks, ...policy, cache: { maxEntries: 128 } });
  } catch {
    // a tollgate without the verified-token cache: no cache cases
  }
  const jwk = { HS256: data.jwks.keys[0], ES256: data.jwks.keys[1] };
  const joseKey = {
    HS256: await jose.importJWK(jwk.HS256, "HS256"),
    ES256: await jose.importJWK(jwk.ES256, "ES256"),
  };
  const joseOpts = (alg) => ({ ...policy, algorithms: [alg] });
  const fast = fastJwt && {
    HS256: (cache) => fastJwt.createVerifier({ key: libs.pem.HS256, algorithms: ["HS256"], allowedIss: data.issuer, allowedAud: data.audience, cache }),
    ES256: (cache) => fastJwt.createVerifier({ key: libs.pem.ES256, algorithms: ["ES256"], allowedIss: data.issuer, allowedAud: data.audience, cache }),
  };
  // What typical jose code does: import the JWK on every call (beside it, the key imported once).
  const josePerCall = (alg, token) => okAsync(jose.importJWK(jwk[alg], alg).then((key) => jose.jwtVerify(token, key, joseOpts(alg))));
  const ok = (f) => { try { f(); return true; } catch { return false; } };
  const okAsync = async (p) => { try { await p; return true; } catch { return false; } };

  /** The plain (uncached) verifiers of every library for one token source. */
  function plainRunners(alg, next) {
    const runners = [
      { lib: "tollgate", async: true, fn: async () => (await plain.verify(next(), { scopes })).ok },
      { lib: "tollgate verifySync", async: false, fn: () => plain.verifySync(next(), { scopes }).ok },
    ];
    runners.push(
      { lib: "jose", async: true, fn: () => josePerCall(alg, next()) },
      { lib: "jose (key imported once)", async: true, fn: () => okAsync(jose.jwtVerify(next(), joseKey[alg], joseOpts(alg))) },
      { lib: "@tsndr/cloudflare-worker-jwt", async: true, fn: async () => Boolean(await tsndr.verify(next(), jwk[alg], { algorithm: alg })) },
    );
    if (fast) {
      const verifier = fast[alg](false);
      runners.push({ lib: "fast-jwt", async: false, fn: () => ok(() => verifier(next())) });
    }
    return runners;
  }

  /** Cached verifiers (tollgate cache, fast-jwt cache) plus jose as the reference. */
  function cacheRunners(alg, next) {
    const runners = [{ lib: "tollgate (cache)", async: true, fn: async () => (await cached.verify(next(), { scopes })).ok }];
    runners.push(
      { lib: "jose", async: true, fn: () => josePerCall(alg, next()) },
      { lib: "jose (key imported once)", async: true, fn: () => okAsync(jose.jwtVerify(next(), joseKey[alg], joseOpts(alg))) },
    );
    if (fast) {
      const verifier = fast[alg](128);
      runners.push({ lib: "fast-jwt (cache)", async: false, fn: () => ok(() => verifier(next())) });
    }
    return runners;
  }

  /**
   * authorize on a guard with a route table and API keys, beside verify of the same token on
   * the same guard: the request path users run, and what it adds to verify.
   */
  const API_KEY = "live_bench_0123456789abcdef0123456789abcdef";
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(API_KEY)));
  const sha256 = [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
  const edge = new Guard({
    keys: data.jwks,
    ...policy,
    routes: [{ method: "GET", path: "/bookings/:id", scopes }],
    apiKeys: [{ id: "bench-key", sha256, scopes }],
  });
  const request = (credential) => new Request("https://api.example/bookings/7", { headers: { authorization: `Bearer ${credential}` } });
  function authorizeRunners(alg, token) {
    const req = request(token);
    return [
      { lib: "tollgate authorize", async: true, fn: async () => (await edge.authorize(req)).ok },
      { lib: "tollgate", async: true, fn: async () => (await edge.verify(token, { scopes })).ok },
      { lib: "jose", async: true, fn: () => josePerCall(alg, token) },
      { lib: "jose (key imported once)", async: true, fn: () => okAsync(jose.jwtVerify(token, joseKey[alg], joseOpts(alg))) },
    ];
  }
  const apiKeyRequest = request(API_KEY);

  const cases = [];
  for (const [alg, tokens] of [["HS256", data.hs256], ["ES256", data.es256]]) {
    cases.push({ id: `${alg} valid`, alg, kind: "valid", expect: true, runners: plainRunners(alg, () => tokens.valid) });
    cases.push({ id: `${alg} rejected`, alg, kind: "rejected", expect: false, runners: plainRunners(alg, () => tokens.rejected) });
    if (cached) {
      cases.push({ id: `${alg} cache hit`, alg, kind: "hit", expect: true, runners: cacheRunners(alg, () => tokens.valid) });
      cases.push({ id: `${alg} cache miss`, alg, kind: "miss", expect: true, runners: cacheRunners(alg, rotate(tokens.many)) });
    }
  }
  cases.push({ id: "HS256 authorize", alg: "HS256", kind: "authorize", expect: true, runners: authorizeRunners("HS256", data.hs256.valid) });
  cases.push({ id: "ES256 authorize", alg: "ES256", kind: "authorize", expect: true, runners: authorizeRunners("ES256", data.es256.valid) });
  cases.push({
    id: "API key authorize",
    alg: "none",
    kind: "authorize",
    expect: true,
    runners: [{ lib: "tollgate authorize", async: true, fn: async () => (await edge.authorize(apiKeyRequest)).ok }],
  });
  return cases;
}

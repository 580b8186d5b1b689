// Cold start with jose instead of tollgate (bench/workerd/cold-breakdown.mjs): at load the
// keys are imported as an app would; the first request verifies the same ES256 and HS256
// tokens with the same policy as the cold worker.
import * as jose from "jose";
import data from "tokens.json";

const jwk = Object.fromEntries(data.jwks.keys.map((k) => [k.alg, k]));
const keys = Promise.all([jose.importJWK(jwk.ES256, "ES256"), jose.importJWK(jwk.HS256, "HS256")]);
const policy = { issuer: data.issuer, audience: data.audience };
const scoped = (payload) => String(payload.scope ?? "").split(" ").includes(data.scopes[0]);

export default {
  async fetch() {
    const [es, hs] = await keys;
    const a = await jose.jwtVerify(data.es256.valid, es, { ...policy, algorithms: ["ES256"] });
    const b = await jose.jwtVerify(data.hs256.valid, hs, { ...policy, algorithms: ["HS256"] });
    return Response.json({ ok: scoped(a.payload) && scoped(b.payload), firstVerifyMs: 0 });
  },
};

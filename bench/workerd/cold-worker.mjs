// Cold start: a worker that builds its guard at load time, as a real one does,
// and verifies one ES256 and one HS256 token on its first request.
import { Guard } from "tollgate";
import data from "tokens.json";

const loaded = Date.now();
const guard = new Guard({ keys: data.jwks, issuer: data.issuer, audience: data.audience });

export default {
  async fetch() {
    const t0 = performance.now();
    const es = (await guard.verify(data.es256.valid, { scopes: data.scopes })).ok;
    const hs = guard.verifySync(data.hs256.valid, { scopes: data.scopes }).ok;
    const firstVerifyMs = performance.now() - t0;
    return Response.json({ ok: es && hs, firstVerifyMs, sinceLoadMs: Date.now() - loaded });
  },
};

// Cold-start breakdown (bench/workerd/cold-breakdown.mjs): the cold worker's work, stopped
// after a stage named in the first request's URL (?stage=...). The tollgate module is
// imported (wasm instantiated) at load in every stage; later stages add, in order:
//   import  → nothing more
//   guard   → new Guard (config compiled, ES256 key import into WebCrypto started)
//   guardhs → new Guard with the HS256 key only (no WebCrypto import)
//   hs256   → + the first HS256 verify (pure wasm)
//   es256   → + the first ES256 verify (WebCrypto importKey settles, first subtle.verify)
//   wasm    → new Guard + the first ES256 verifySync in wasm (no WebCrypto)
// workerd's clocks only move at I/O, so the runner times start → first response from outside.
import { Guard } from "tollgate";
import data from "tokens.json";

const config = { keys: data.jwks, issuer: data.issuer, audience: data.audience };
const hsOnly = { ...config, keys: { keys: data.jwks.keys.filter((k) => k.kty === "oct") } };
const opts = { scopes: data.scopes };

export default {
  async fetch(request) {
    const stage = new URL(request.url).searchParams.get("stage");
    let ok = true;
    if (stage === "guardhs") {
      new Guard(hsOnly);
    } else if (stage !== "import") {
      const guard = new Guard(config);
      if (stage === "hs256" || stage === "es256") ok = guard.verifySync(data.hs256.valid, opts).ok;
      if (stage === "es256") ok = ok && (await guard.verify(data.es256.valid, opts)).ok;
      if (stage === "wasm") ok = guard.verifySync(data.es256.valid, opts).ok;
    }
    return Response.json({ ok, firstVerifyMs: 0 });
  },
};

// The page every bundler recipe builds (README "Browser bundlers"): `import init, { Guard } from
// "tollgate"` resolved through the `browser` condition, the wasm URL from the bundler (the
// `WASM_URL` import is substituted per bundler), first a Guard before init() (which must say to
// call init()), then init and one accepted and one refused token. The answers go to <body data-*>.
import init, { Guard, decode } from "tollgate";
import wasmUrl from "WASM_URL";
import fixture from "./fixture.mjs";

const out = document.body.dataset;
try {
  new Guard({ keys: fixture.jwks });
  out.beforeInit = "no error";
} catch (e) {
  out.beforeInit = e.message;
}
try {
  await init(wasmUrl);
  const guard = new Guard({ keys: fixture.jwks, issuer: fixture.issuer, audience: fixture.audience });
  const accepted = await guard.verify(fixture.valid, { now: fixture.now });
  const refused = await guard.verify(fixture.tampered, { now: fixture.now });
  out.result = JSON.stringify({ accepted: accepted.ok && accepted.claims.sub, refused: refused.ok ? "accepted" : refused.error.code, kid: decode(fixture.valid).header.kid });
} catch (e) {
  out.result = `error: ${e.message}`;
}
out.done = "1";

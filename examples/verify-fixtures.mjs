// Demo: verifies every booking fixture token through the built package and
// prints each result next to the expected one.
//   node examples/verify-fixtures.mjs
import { readFileSync } from "node:fs";
import { Guard, decode } from "tollgate";

const fx = JSON.parse(readFileSync(new URL("../tests/vectors/fixtures.json", import.meta.url), "utf8"));
const { issuer, audience, clockTolerance, now } = fx.verifier;
const guard = new Guard({ keys: fx.jwks, issuer, audience, clockTolerance });

console.log(`tollgate demo: ${fx.tokens.length} booking fixture tokens, now = ${new Date(now * 1000).toISOString()}\n`);
let agree = 0;
for (const t of fx.tokens) {
  const r = guard.verifySync(t.token, { now, ...(t.verify ?? {}) });
  const got = r.ok ? `accept  scopes=${r.scopes.join(",") || "-"}` : `reject  ${r.error.status} ${r.error.code}`;
  const want = t.expected.result === "accept" ? "accept" : t.expected.code;
  const same = r.ok ? t.expected.result === "accept" : r.error.code === t.expected.code;
  agree += same ? 1 : 0;
  console.log(`${same ? "✓" : "✗"} ${t.label.padEnd(28)} ${got.padEnd(44)} expected ${want}`);
}
const sample = decode(fx.tokens[0].token);
console.log(`\ndecode(${fx.tokens[0].label}) → header ${JSON.stringify(sample.header)}`);
console.log(`${agree}/${fx.tokens.length} results match the fixtures' expectations`);
process.exitCode = agree === fx.tokens.length ? 0 : 1;

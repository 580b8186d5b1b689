// Node side of the benchmark: the same cases as in workerd, plus fast-jwt.
//   node bench/node.mjs TOKENS.json OUT.json
import { readFileSync, writeFileSync } from "node:fs";
import { createPublicKey } from "node:crypto";
import * as jose from "jose";
import tsndr from "@tsndr/cloudflare-worker-jwt";
import * as fastJwt from "fast-jwt";
import { Guard } from "tollgate";
import { makeCases } from "./cases.mjs";
import { checkCases, localBatch, runCases } from "./measure.mjs";

const [tokensPath, outPath] = process.argv.slice(2);
const data = JSON.parse(readFileSync(tokensPath, "utf8"));
const pem = {
  HS256: Buffer.from(data.jwks.keys[0].k, "base64url"),
  ES256: createPublicKey({ key: data.jwks.keys[1], format: "jwk" }).export({ type: "spki", format: "pem" }),
};
const cases = await makeCases({ Guard, jose, tsndr, fastJwt, pem }, data);
await checkCases(cases);
const results = await runCases(cases, { batch: localBatch(cases), rounds: 25, targetMs: 15, log: (l) => console.error(`[node] ${l}`) });
writeFileSync(outPath, JSON.stringify({ runtime: "node", version: process.version, results }, null, 1));

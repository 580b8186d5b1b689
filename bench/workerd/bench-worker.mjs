// The benchmark inside workerd. The runner in Node drives it over HTTP and
// times each batch from outside (workerd's own clock ticks in milliseconds,
// and only as I/O happens):
//   GET /cases          → the cases, after checking every library's answer
//   GET /batch?c&r&n    → runs runner r of case c n times
import { Guard } from "tollgate";
import * as jose from "jose";
import tsndr from "@tsndr/cloudflare-worker-jwt";
import data from "tokens.json";
import { makeCases } from "../cases.mjs";
import { checkCases } from "../measure.mjs";

let cases;

async function run(runner, n) {
  if (runner.async) {
    for (let i = 0; i < n; i++) await runner.fn();
  } else {
    for (let i = 0; i < n; i++) runner.fn();
  }
}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/cases") {
      cases = await makeCases({ Guard, jose, tsndr }, data);
      await checkCases(cases);
      return Response.json(cases.map((c) => ({ id: c.id, alg: c.alg, kind: c.kind, runners: c.runners.map((r) => ({ lib: r.lib })) })));
    }
    if (url.pathname === "/batch") {
      const q = (k) => Number(url.searchParams.get(k));
      const runner = cases?.[q("c")]?.runners[q("r")];
      if (!runner) return new Response("no such runner", { status: 400 });
      await run(runner, q("n"));
      return new Response("ok");
    }
    return new Response("not found", { status: 404 });
  },
};

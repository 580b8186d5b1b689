// The benchmark inside workerd: GET /run runs every case (bench/cases.mjs) in
// this isolate and answers with the results as JSON.
import { Guard } from "tollgate";
import * as jose from "jose";
import tsndr from "@tsndr/cloudflare-worker-jwt";
import data from "tokens.json";
import { makeCases } from "../cases.mjs";
import { runCases } from "../measure.mjs";

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname !== "/run") return new Response("not found", { status: 404 });
    const rounds = Number(url.searchParams.get("rounds") ?? 15);
    const cases = await makeCases({ Guard, jose, tsndr }, data);
    const results = await runCases(cases, { rounds });
    return Response.json({ runtime: "workerd", results });
  },
};

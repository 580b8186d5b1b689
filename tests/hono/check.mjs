// Run by tests/js/hono.test.mjs under Node, Deno and Bun: builds the app with the keys and
// credentials in the JSON file named by the first argument, sends every case through
// app.fetch (the same entry a server calls), and prints one JSON line of the answers.
import { readFileSync } from "node:fs";
import { makeApp } from "./app.mjs";
import { CASES, describe, requestInit } from "./cases.mjs";

const args = globalThis.Deno ? globalThis.Deno.args : process.argv.slice(2);
const input = JSON.parse(readFileSync(args[0], "utf8"));
const app = makeApp(input.config);
const answers = [];
for (const c of CASES) {
  const response = await app.fetch(new Request(`https://bookings.example${c.path}`, requestInit(c, input.credentials)));
  answers.push({ name: c.name, ...(await describe(response)) });
}
const runtime = globalThis.Deno ? "deno" : globalThis.Bun ? "bun" : "node";
console.log(JSON.stringify({ runtime, answers }));

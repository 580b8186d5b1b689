// The browser entry (`tollgate/browser`, default export init) run in Node: init() is given the
// bytes of the file that the `tollgate/tollgate_bg.wasm` subpath resolves to, as a bundler would.
import { readFileSync } from "node:fs";
import init, * as lib from "tollgate/browser";
import fixture from "./fixture.mjs";
import { check } from "./check.mjs";

await init(readFileSync(new URL(import.meta.resolve("tollgate/tollgate_bg.wasm"))));
console.log(JSON.stringify(await check(lib, fixture)));

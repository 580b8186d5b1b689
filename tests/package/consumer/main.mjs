// ESM consumer for Node, Deno and Bun: `import { Guard, decode } from "tollgate"`.
import * as lib from "tollgate";
import fixture from "./fixture.mjs";
import { check } from "./check.mjs";

console.log(JSON.stringify(await check(lib, fixture)));

// Entry for Node, Deno and Bun: reads the wasm next to this file and
// instantiates it synchronously, so the exports are ready on import.
import { readFileSync } from "node:fs";
import { initSync } from "./gen/tollgate.js";

initSync({ module: readFileSync(new URL("./gen/tollgate_bg.wasm", import.meta.url)) });

export { Guard, decode } from "./src/guard.js";

// Entry for Node, Deno and Bun: reads the wasm next to this file and
// instantiates it synchronously, so the exports are ready on import.
import { readFileSync } from "node:fs";
import { initSync } from "./gen/tollgate.js";
import { markLoaded } from "./src/loaded.js";

initSync({ module: readFileSync(new URL("./gen/tollgate_bg.wasm", import.meta.url)) });
markLoaded();

/** The wasm is loaded on import here; `init()` resolves at once (code shared with browsers may call it). */
export default async function init(_source) {}

export { Guard, decode } from "./src/guard.js";
export { kvApiKeyStore } from "./src/api-key-store.js";
export { kvKeySet, remoteKeySet } from "./src/key-source.js";

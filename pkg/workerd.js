// Entry for workerd (Cloudflare Workers) and other runtimes that import a
// .wasm file as a compiled WebAssembly.Module: workerd forbids compiling wasm
// from bytes at run time, so the module is imported statically.
import wasmModule from "./gen/tollgate_bg.wasm";
import { initSync } from "./gen/tollgate.js";
import { markLoaded } from "./src/loaded.js";

initSync({ module: wasmModule });
markLoaded();

/** The wasm is loaded on import here; `init()` resolves at once (code shared with browsers may call it). */
export default async function init(_source) {}

export { Guard, decode } from "./src/guard.js";
export { kvApiKeyStore } from "./src/api-key-store.js";
export { kvKeySet, remoteKeySet } from "./src/key-source.js";

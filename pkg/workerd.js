// Entry for workerd (Cloudflare Workers) and other runtimes that import a
// .wasm file as a compiled WebAssembly.Module: workerd forbids compiling wasm
// from bytes at run time, so the module is imported statically.
import wasmModule from "./gen/tollgate_bg.wasm";
import { initSync } from "./gen/tollgate.js";

initSync({ module: wasmModule });

export { Guard, decode } from "./src/guard.js";

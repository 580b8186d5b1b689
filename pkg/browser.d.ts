export * from "./index.js";
/** Loads the wasm; call once, and wait for it, before using Guard or decode. */
export default function init(source?: RequestInfo | URL | Response | BufferSource | WebAssembly.Module): Promise<void>;

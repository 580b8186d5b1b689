// Entry for browsers: call the default export once before using Guard or
// decode. It fetches the wasm next to this file unless given another source.
import initWasm from "./gen/tollgate.js";

/**
 * Loads the wasm. `source` may be a URL, a Response, bytes or a WebAssembly.Module.
 * @param {RequestInfo | URL | Response | BufferSource | WebAssembly.Module} [source]
 */
export default async function init(source) {
  await initWasm(source === undefined ? undefined : { module_or_path: source });
}

export { Guard, decode } from "./src/guard.js";

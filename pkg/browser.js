// Entry for browsers: call the default export once before using Guard or
// decode. It fetches the wasm next to this file unless given another source.
import initWasm from "./gen/tollgate.js";
import { markLoaded } from "./src/loaded.js";

let loading = null;

/**
 * Loads the wasm. `source` may be a URL, a Response, bytes or a WebAssembly.Module. Later calls
 * return the first call's promise.
 * @param {RequestInfo | URL | Response | BufferSource | WebAssembly.Module} [source]
 */
export default function init(source) {
  loading ??= initWasm(source === undefined ? undefined : { module_or_path: source }).then(markLoaded, (e) => {
    loading = null; // a failed load (a wrong URL) may be retried
    throw e;
  });
  return loading;
}

export { Guard, decode } from "./src/guard.js";
export { kvApiKeyStore } from "./src/api-key-store.js";
export { kvKeySet, remoteKeySet } from "./src/key-source.js";

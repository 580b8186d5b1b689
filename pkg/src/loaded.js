// Whether the wasm is instantiated: node.js and workerd.js do it on import, browser.js in init().
// Guard and decode check it first, so a page that forgot init() is told what to do instead of
// failing inside the generated glue.

const NOT_LOADED =
  'tollgate: the WebAssembly module is not loaded yet. In a browser, call init() once and wait for it ' +
  'before using Guard or decode: import init, { Guard } from "tollgate/browser"; await init();';

let loaded = false;

/** Called by the entry that instantiated the wasm. */
export function markLoaded() {
  loaded = true;
}

/** Throws an Error that says to call init() while the wasm is not instantiated. */
export function assertLoaded() {
  if (!loaded) throw new Error(NOT_LOADED);
}

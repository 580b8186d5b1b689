// The fast way into the core (src/wasm/input.rs): the token and the required scopes are
// written with TextEncoder.encodeInto straight into a buffer the compiled guard owns, and
// the call passes only their lengths. These are the same UTF-8 bytes a string argument
// would carry. Whatever does not fit (over the token-size limit) goes the string way.
// A signature check the core hands out overwrites the buffer's start with its signing input
// and signature (webcrypto.js). After a call that asked for it, the buffer's last 24 bytes
// hold the cache window of an accepted token: from, until as little-endian f64, then a flag
// byte (1: written).
import { wasmMemory } from "../gen/tollgate.js";

const encoder = new TextEncoder();
const WINDOW_LEN = 24;
/** The module's WebAssembly.Memory, fetched once the module is initialized. */
let memory = null;

export class CoreInput {
  #ptr;
  #capacity;
  #view = null;
  #window = null;
  /** Bytes of the token and of the scopes last written. */
  tokenLength = 0;
  scopesLength = 0;

  constructor(core) {
    this.#ptr = core.inputPtr();
    this.#capacity = core.inputCapacity();
  }

  /** The buffer (a new view when the memory grew, which detaches the old one). */
  view() {
    if (this.#view === null || this.#view.byteLength === 0) {
      memory ??= wasmMemory();
      this.#view = new Uint8Array(memory.buffer, this.#ptr, this.#capacity);
      this.#window = new DataView(memory.buffer, this.#ptr + this.#capacity, WINDOW_LEN);
    }
    return this.#view;
  }

  /** The window the last call wrote, [from, until], or null when it wrote none. */
  window() {
    this.view();
    const w = this.#window;
    return w.getUint8(16) === 1 ? [w.getFloat64(0, true), w.getFloat64(8, true)] : null;
  }

  /** A core answer parsed; with `window`, as [result, window or null] (read now, before the next call). */
  answer(json, window) {
    const result = parseResult(json);
    return window ? [result, result.ok === true ? this.window() : null] : result;
  }

  /** Writes token ‖ scopes, leaving `reserve` bytes after them; false when that does not fit. */
  write(token, scopes, reserve = 0) {
    const view = this.view();
    const { read, written } = encoder.encodeInto(token, view);
    if (read !== token.length) return false;
    let end = written;
    for (let i = 0; i < scopes.length; i++) {
      const code = scopes.charCodeAt(i);
      if (code > 0x7f || end >= view.length) return this.#writeScopes(view, written, scopes, reserve);
      view[end++] = code;
    }
    return this.#lengths(view, written, end - written, reserve);
  }

  #writeScopes(view, at, scopes, reserve) {
    const { read, written } = encoder.encodeInto(scopes, view.subarray(at));
    return read === scopes.length && this.#lengths(view, at, written, reserve);
  }

  #lengths(view, token, scopes, reserve) {
    this.tokenLength = token;
    this.scopesLength = scopes;
    return token + scopes + reserve <= view.length;
  }
}

/**
 * A verify answer of the core: `{ ok: false, error }` as is, or an accepted token's compact
 * `[header, keyId, scopes, claims]` (src/outcome.rs `verified_json`) as
 * `{ ok: true, header, keyId, scopes, claims }`: `header` the protected header exactly as sent,
 * `keyId` the kid of the key that verified it.
 */
export function parseResult(json) {
  const value = JSON.parse(json);
  if (!Array.isArray(value)) return value;
  return { ok: true, header: value[0], keyId: value[1], scopes: value[2], claims: value[3] };
}

/**
 * The core's verify, every step in wasm, through the buffer: the parsed result, or with
 * `window` [result, window or null]. Too long for the buffer: the string way, without a window.
 */
export function verifyInCore(core, input, token, scopes, now, window) {
  if (input.write(token, scopes)) return input.answer(core.verifyInput(input.tokenLength, input.scopesLength, now, window), window);
  const result = parseResult(core.verify(token, scopes, now));
  return window ? [result, null] : result;
}

// The fast way into the core (src/wasm/input.rs): the token and the required scopes are
// written with TextEncoder.encodeInto straight into a buffer the compiled guard owns, and
// the call passes only their lengths. These are the same UTF-8 bytes a string argument
// would carry. Whatever does not fit (over the token-size limit) goes the string way.
import { wasmMemory } from "../gen/tollgate.js";

const encoder = new TextEncoder();
/** The module's WebAssembly.Memory, fetched once the module is initialized. */
let memory = null;

export class CoreInput {
  #ptr;
  #capacity;
  #view = null;
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
    }
    return this.#view;
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
 * core.verify through the buffer: the result JSON, or with `dates` the
 * `[result, [exp, nbf, iat] | null]` JSON (src/outcome.rs). Too long for the buffer:
 * the string way, a plain result.
 */
export function verifyInCore(core, input, token, scopes, now, dates) {
  if (input.write(token, scopes)) return core.verifyInput(input.tokenLength, input.scopesLength, now, dates);
  return core.verify(token, scopes, now);
}

// The fast way into the core (src/wasm/input.rs): the token and the required scopes are
// written with TextEncoder.encodeInto straight into a buffer the compiled guard owns, and
// the call passes only their lengths. These are the same UTF-8 bytes a string argument
// would carry. Whatever does not fit (over the token-size limit) goes the string way.
// After a call that asked for them, the buffer's last 32 bytes hold the date claims of an
// accepted token (for the front cache): exp, nbf, iat as little-endian f64, then flags
// (0x80 written; 1, 2, 4: exp, nbf, iat present).
import { wasmMemory } from "../gen/tollgate.js";

const encoder = new TextEncoder();
const DATES_LEN = 32;
/** The module's WebAssembly.Memory, fetched once the module is initialized. */
let memory = null;

export class CoreInput {
  #ptr;
  #capacity;
  #view = null;
  #dates = null;
  /** Counts writes: unchanged means the buffer still holds the last token and scopes. */
  writes = 0;
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
      this.#dates = new DataView(memory.buffer, this.#ptr + this.#capacity, DATES_LEN);
    }
    return this.#view;
  }

  /** The dates the last call wrote: [exp, nbf, iat] (null when absent), or null when none were. */
  dates() {
    this.view();
    const d = this.#dates;
    const flags = d.getUint8(24);
    if ((flags & 0x80) === 0) return null;
    const at = (i, bit) => ((flags & bit) === 0 ? null : d.getFloat64(i * 8, true));
    return [at(0, 1), at(1, 2), at(2, 4)];
  }

  /** A core answer parsed; with `dates`, as [result, dates or null] (read now, before the next call). */
  answer(json, dates) {
    const result = parseResult(json);
    if (!dates) return result;
    return [result, result.ok === true ? this.dates() : null];
  }

  /** Writes token ‖ scopes, leaving `reserve` bytes after them; false when that does not fit. */
  write(token, scopes, reserve = 0) {
    this.writes++;
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
    if (token + scopes + reserve > view.length) return false;
    this.#dates.setUint8(24, 0); // a call that writes no dates leaves "none"
    return true;
  }
}

/**
 * A verify answer of the core: `{ ok: false, error }` as is, or an accepted token's compact
 * `[alg, kid, typ | null, scopes, claims]` (src/outcome.rs `verified_json`) as
 * `{ ok: true, header: { alg, kid, typ? }, scopes, claims }`.
 */
export function parseResult(json) {
  const value = JSON.parse(json);
  if (!Array.isArray(value)) return value;
  const typ = value[2];
  const header = typ === null ? { alg: value[0], kid: value[1] } : { alg: value[0], kid: value[1], typ };
  return { ok: true, header, scopes: value[3], claims: value[4] };
}

/**
 * core.verify through the buffer: the parsed result, or with `dates` [result, dates or null].
 * Too long for the buffer: the string way, without dates (not cached).
 */
export function verifyInCore(core, input, token, scopes, now, dates) {
  if (input.write(token, scopes)) return input.answer(core.verifyInput(input.tokenLength, input.scopesLength, now, dates), dates);
  const result = parseResult(core.verify(token, scopes, now));
  return dates ? [result, null] : result;
}

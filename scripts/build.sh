#!/usr/bin/env bash
# Build the WebAssembly package into pkg/gen/ (git-ignored):
#   1. cargo build --release --target wasm32-unknown-unknown --features wasm --lib
#   2. wasm-bindgen --target web  ->  pkg/gen/tollgate.js, pkg/gen/tollgate_bg.wasm
#   3. wasm-opt -O3 --converge (npm `binaryen`) on pkg/gen/tollgate_bg.wasm, then a load check in Node
# Steps 2-3 are skipped when the cargo output, the tool versions and this script are
# unchanged since the last build (stamp in pkg/gen/.build-stamp).
#
# Runs scripts/setup.sh first unless TOLLGATE_SKIP_SETUP=1 (test.sh and demo.sh set it).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
TG_TAG=build
cd "$ROOT"

if [[ "${TOLLGATE_SKIP_SETUP:-0}" != 1 ]]; then
  bash scripts/setup.sh
fi

RAW="target/wasm32-unknown-unknown/release/tollgate.wasm"
GEN="pkg/gen"
WASM_OPT="node_modules/.bin/wasm-opt"
# Features the Rust wasm32 target enables by default and wasm-bindgen output uses. -O3 for
# speed; --converge repeats the passes while they still shrink the module; the producers
# and target_features sections are metadata no runtime reads. --low-memory-unused lets
# wasm-opt fold constant offsets into loads and stores (-1.2 KB gzip): Rust lays the module out
# stack first (the stack grows down from 1 MiB toward 0, data and heap above 1 MiB), so the low
# 1 KiB is only reached by a stack that has already overflowed.
OPT_FLAGS=(-O3 --converge --low-memory-unused --strip-producers --strip-target-features --enable-reference-types
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-multivalue
  --enable-mutable-globals)

start="$(date +%s.%N)"

# 1. cargo (incremental by itself).
cargo build --release --target wasm32-unknown-unknown --features wasm --lib --quiet
[[ -f "$RAW" ]] || die "$RAW was not produced"
say "cargo build (wasm32, release): ok"

want_bg="$(wasm_bindgen_version)"
[[ "$(wasm_bindgen_cli_version)" == "$want_bg" ]] ||
  die "wasm-bindgen CLI $(wasm_bindgen_cli_version) does not match crate $want_bg; run scripts/setup.sh"
[[ -x "$WASM_OPT" ]] || die "$WASM_OPT missing; run scripts/setup.sh"

# Several agents share the tree: serialize the post-processing and publish files by rename,
# so a test running meanwhile never reads a half-written pkg/gen/.
exec 9>"target/.tollgate-build.lock"
flock -w 600 9 || die "another build.sh holds target/.tollgate-build.lock"

stamp_want="$(printf '%s\n' "$(hash_files "$RAW" scripts/build.sh)" "$want_bg" \
  "$("$WASM_OPT" --version)" "${OPT_FLAGS[*]}" | sha256sum | cut -d' ' -f1)"
if [[ -f "$GEN/.build-stamp" && "$(cat "$GEN/.build-stamp")" == "$stamp_want" &&
      -f "$GEN/tollgate.js" && -f "$GEN/tollgate_bg.wasm" ]]; then
  say "wasm-bindgen + wasm-opt: up to date"
else
  tmp="target/tollgate-gen.tmp"
  rm -rf "$tmp"
  mkdir -p "$tmp" "$GEN"
  wasm-bindgen --target web --out-dir "$tmp" --out-name tollgate "$RAW"
  say "wasm-bindgen $want_bg --target web: ok"
  "$WASM_OPT" "${OPT_FLAGS[@]}" "$tmp/tollgate_bg.wasm" -o "$tmp/tollgate_bg.opt.wasm"
  mv -f "$tmp/tollgate_bg.opt.wasm" "$tmp/tollgate_bg.wasm"
  say "wasm-opt ${OPT_FLAGS[*]:0:2}: ok"
  # The optimized module must still validate and instantiate with the generated glue.
  node --input-type=module -e '
    import { readFileSync } from "node:fs";
    import { pathToFileURL } from "node:url";
    const dir = process.argv[1];
    const glue = await import(pathToFileURL(`${dir}/tollgate.js`).href);
    const bytes = readFileSync(`${dir}/tollgate_bg.wasm`);
    if (!WebAssembly.validate(bytes)) throw new Error("tollgate_bg.wasm does not validate");
    glue.initSync({ module: bytes });
  ' "$tmp" || die "the optimized module does not load"
  say "load check (WebAssembly.validate + initSync in node): ok"
  for f in "$tmp"/*; do mv -f "$f" "$GEN/"; done
  rm -rf "$tmp"
  printf '%s\n' "$stamp_want" >"$GEN/.build-stamp"
fi

raw_bytes="$(wc -c <"$GEN/tollgate_bg.wasm")"
gz_bytes="$(gzip -9c "$GEN/tollgate_bg.wasm" | wc -c)"
say "pkg/gen/tollgate_bg.wasm: $raw_bytes bytes raw, $gz_bytes bytes gzip -9 (cargo output $(wc -c <"$RAW") bytes)"
say "done in $(elapsed "$start")"

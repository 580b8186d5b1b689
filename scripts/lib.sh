# Shared helpers for scripts/*.sh. Source it; do not run it.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
export PATH="$HOME/.cargo/bin:$PATH"

# One line per step: "[setup] rust target wasm32-unknown-unknown: ok (installed)".
say() { printf '[%s] %s\n' "${TG_TAG:-tollgate}" "$*"; }
die() { printf '[%s] error: %s\n' "${TG_TAG:-tollgate}" "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

# sha256 of the given files' contents (missing files hash as empty).
hash_files() {
  local f
  for f in "$@"; do
    printf '%s\0' "$f"
    cat "$f" 2>/dev/null || true
  done | sha256sum | cut -d' ' -f1
}

# The wasm-bindgen crate version the build uses: Cargo.lock first, Cargo.toml as fallback.
wasm_bindgen_version() {
  local v=""
  if [[ -f "$ROOT/Cargo.lock" ]]; then
    v="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/^version = "|"$/, ""); print; exit }' "$ROOT/Cargo.lock")"
  fi
  if [[ -z "$v" ]]; then
    v="$(sed -n 's/^wasm-bindgen *= *.*version *= *"=\{0,1\}\([0-9][0-9.]*\)".*/\1/p; s/^wasm-bindgen *= *"=\{0,1\}\([0-9][0-9.]*\)".*/\1/p' "$ROOT/Cargo.toml" | head -n1)"
  fi
  [[ -n "$v" ]] || die "cannot find the wasm-bindgen version in Cargo.lock or Cargo.toml"
  printf '%s\n' "$v"
}

# Installed wasm-bindgen CLI version, or empty.
wasm_bindgen_cli_version() {
  have wasm-bindgen || return 0
  wasm-bindgen --version 2>/dev/null | awk '{ print $2; exit }'
}

# Elapsed seconds since $1 (from `date +%s.%N`), one decimal.
elapsed() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1fs", e - s }'; }

#!/usr/bin/env bash
# Run the tollgate demo: set up, build the package, then each demo part in turn.
# Each part is a function `demo_<name>`; add a part by writing its function and
# listing it in DEMO_PARTS. A part whose files do not exist yet says so and is skipped.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
TG_TAG=demo
cd "$ROOT"

DEMO_PARTS=(fixtures www) # keep www last: interactively it serves until Ctrl-C

demo_setup() {
  bash scripts/setup.sh "$@"
  export TOLLGATE_SKIP_SETUP=1
}

demo_build() {
  bash scripts/build.sh
}

# Verify every labelled token of ../shared/vectors/fixtures.json with the built package.
demo_fixtures() {
  if [[ ! -f examples/verify-fixtures.mjs ]]; then
    say "fixtures: examples/verify-fixtures.mjs not written yet, skipped"
    return 0
  fi
  say "fixtures: node examples/verify-fixtures.mjs"
  node examples/verify-fixtures.mjs
}

# The browser demo page: www/ at / and pkg/ at /pkg/ on http://127.0.0.1:${DEMO_PORT:-8788}/.
# In a terminal it serves until Ctrl-C; otherwise (CI, pipes) it serves once, checks
# that the page and the wasm come back with their MIME types and CSP, and stops.
demo_www() {
  if [[ ! -f www/serve.mjs ]]; then
    say "www: www/serve.mjs not written yet, skipped"
    return 0
  fi
  if [[ -t 0 && -t 1 && -z "${CI:-}" ]]; then
    say "www: open http://127.0.0.1:${DEMO_PORT:-8788}/ in a browser (Ctrl-C stops the server)"
    node www/serve.mjs "${DEMO_PORT:-8788}"
  else
    say "www: not a terminal, checking the demo page once: node www/serve.mjs --check"
    node www/serve.mjs --check 0
  fi
}

main() {
  local start part
  start="$(date +%s.%N)"
  demo_setup "$@"
  demo_build
  for part in "${DEMO_PARTS[@]}"; do
    "demo_$part"
  done
  say "done in $(elapsed "$start")"
}

main "$@"

#!/usr/bin/env bash
# Run the tollgate demo: set up, build the package, then each demo part in turn.
# Each part is a function `demo_<name>`; add a part by writing its function and
# listing it in DEMO_PARTS. A part whose files do not exist yet says so and is skipped.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
TG_TAG=demo
cd "$ROOT"

DEMO_PARTS=(fixtures booking_worker www) # keep www last: interactively it serves until Ctrl-C

demo_setup() {
  bash scripts/setup.sh "$@"
  export TOLLGATE_SKIP_SETUP=1
}

demo_build() {
  bash scripts/build.sh
}

# Verify every labelled token of tests/vectors/fixtures.json with the built package.
demo_fixtures() {
  if [[ ! -f examples/verify-fixtures.mjs ]]; then
    say "fixtures: examples/verify-fixtures.mjs not written yet, skipped"
    return 0
  fi
  say "fixtures: node examples/verify-fixtures.mjs"
  node examples/verify-fixtures.mjs
}

# The booking worker in real workerd in front of a local mock booking backend, with sample
# tokens (valid, expired, under-scoped), demo API keys and ready-to-paste curl lines (JWTs, an API
# key as Bearer and as Basic `--user :live_…`, the key+secret → token exchange). In a terminal both keep
# running in the background until the demo exits (Ctrl-C); otherwise every sample request is
# sent once, its status checked, and both stop.
demo_booking_worker() {
  local demo=examples/booking-worker/demo.mjs
  if [[ ! -f "$demo" ]]; then
    say "booking worker: $demo not written yet, skipped"
    return 0
  fi
  if [[ ! -t 0 || ! -t 1 || -n "${CI:-}" ]]; then
    say "booking worker: not a terminal, sending every sample request once: node $demo --check"
    node "$demo" --check
    return
  fi
  # Globals, not locals: the EXIT trap runs after this function has returned.
  BOOKING_DEMO_LOG="$(mktemp)"
  node "$demo" >"$BOOKING_DEMO_LOG" 2>&1 &
  BOOKING_DEMO_PID=$!
  trap 'kill "$BOOKING_DEMO_PID" 2>/dev/null || true; rm -f "$BOOKING_DEMO_LOG"' EXIT
  for _ in $(seq 1 600); do
    grep -q '^ready' "$BOOKING_DEMO_LOG" && break
    kill -0 "$BOOKING_DEMO_PID" 2>/dev/null || { cat "$BOOKING_DEMO_LOG"; die "booking worker demo stopped"; }
    sleep 0.1
  done
  cat "$BOOKING_DEMO_LOG"
  say "booking worker: running in the background (from the repo root, paste the token and key lines, then the curl lines)"
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

#!/usr/bin/env bash
# Run the tollgate demo: set up, build the package, then each demo part in turn.
# Each part is a function `demo_<name>`; add a part by writing its function and
# listing it in DEMO_PARTS. A part whose files do not exist yet says so and is skipped.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
TG_TAG=demo
cd "$ROOT"

DEMO_PARTS=(fixtures)

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

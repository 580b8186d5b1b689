#!/usr/bin/env bash
# Run every test: setup, Rust tests (+ clippy when installed), the wasm build, the shared
# vectors check, then each JS suite that exists (tests/package, tests/js, tests/js/hostile,
# tests/e2e, tests/miniflare, tests/browser).
# Every suite runs even when an earlier one fails; the exit status is non-zero if any failed.
# The last line is "tollgate: N passed, M failed" (tests, plus 1 per check without tests).
#
#   TOLLGATE_BROWSER=0       skip the browser suite (and the chromium install)
#   TOLLGATE_SUITE_TIMEOUT   seconds before a hanging suite is killed (default 900)
#   TOLLGATE_ONLY="js e2e"   run only these suites (names as in the summary)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
TG_TAG=test
cd "$ROOT"

LOGS="target/test-logs"
SUITE_TIMEOUT="${TOLLGATE_SUITE_TIMEOUT:-900}"
want_browser=0
if compgen -G 'tests/browser/*.test.mjs' >/dev/null && [[ "${TOLLGATE_BROWSER:-1}" != 0 ]]; then
  want_browser=1
fi

setup_args=()
(( want_browser )) && setup_args+=(--browser)
browser_ready=1
if ! bash scripts/setup.sh "${setup_args[@]}"; then
  (( want_browser )) || die "setup failed"
  # Retry without the browser so everything else still runs; the browser suite then fails.
  browser_ready=0
  bash scripts/setup.sh || die "setup failed"
fi
export TOLLGATE_SKIP_SETUP=1
mkdir -p "$LOGS"

total_pass=0
total_fail=0
summary=()

selected() { [[ -z "${TOLLGATE_ONLY:-}" || " $TOLLGATE_ONLY " == *" $1 "* ]]; }

record() { # name status pass fail seconds
  total_pass=$((total_pass + $3))
  total_fail=$((total_fail + $4))
  summary+=("$(printf '  %-12s %-7s %4d passed, %3d failed  (%s)' "$1" "$2" "$3" "$4" "$5")")
}

skip_suite() { # name reason: a suite that should have run but could not counts as one failure
  say "=== $1: FAILED ($2)"
  record "$1" FAILED 0 1 "$2"
}

# run_suite NAME KIND CMD...  KIND: cargo (parse "test result:" lines), node (parse TAP
# written to $LOGS/NAME.tap) or check (a command without test counts: 1 pass or 1 fail).
run_suite() {
  local name="$1" kind="$2" rc=0 pass=0 fail=0 start
  shift 2
  selected "$name" || return 0
  say "=== $name: $*"
  start="$(date +%s.%N)"
  rm -f "$LOGS/$name.tap"
  if declare -F "$1" >/dev/null; then   # shell functions cannot go through timeout(1)
    "$@" 2>&1 | tee "$LOGS/$name.log" || rc=$?
  else
    timeout --kill-after=10 "$SUITE_TIMEOUT" "$@" 2>&1 | tee "$LOGS/$name.log" || rc=$?
  fi
  case "$kind" in
    cargo)
      read -r pass fail < <(awk '/^test result:/ { p += $4; f += $6 } END { print p + 0, f + 0 }' "$LOGS/$name.log") ;;
    node)
      if [[ -f "$LOGS/$name.tap" ]]; then
        read -r pass fail < <(awk '/^# pass / { p += $3 } /^# (fail|cancelled) / { f += $3 } END { print p + 0, f + 0 }' "$LOGS/$name.tap")
      fi ;;
    check)
      if (( rc == 0 )); then pass=1; else fail=1; fi ;;
  esac
  (( rc == 124 )) && say "$name: killed after ${SUITE_TIMEOUT}s"
  (( rc != 0 && fail == 0 )) && fail=1   # e.g. a compile error or a crash before any test ran
  local status=ok
  (( rc != 0 )) && status=FAILED
  say "=== $name: $status ($pass passed, $fail failed, exit $rc, $(elapsed "$start"))"
  record "$name" "$status" "$pass" "$fail" "$(elapsed "$start")"
}

node_suite() { # name dir
  local files=()
  mapfile -t files < <(compgen -G "$2/*.test.mjs" | sort)
  (( ${#files[@]} )) || return 0
  run_suite "$1" node node --test \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$LOGS/$1.tap" "${files[@]}"
}

check_vectors() { # the repository's vectors must be self-consistent and fixtures.json reproducible
  local out
  # realpath: the script only runs its main() when argv[1] is its own real path.
  out="$(node "$(realpath tests/vectors/verify-vectors.mjs)" 2>&1)" || { printf '%s\n' "$out"; return 1; }
  node tests/vectors/gen-fixtures.mjs --check || return 1
  printf '%s\n' "$out" | tail -n 3
  grep -q 'all vectors consistent' <<<"$out"
}

start_all="$(date +%s.%N)"

run_suite paths check node scripts/check-paths.mjs
run_suite layers check node scripts/check-layers.mjs
run_suite vectors check check_vectors
run_suite cargo cargo cargo test --all-targets
run_suite doctest cargo cargo test --doc
if cargo clippy --version >/dev/null 2>&1; then
  # --features wasm lints src/wasm/ too; natively, so the dependencies' check artifacts are
  # shared with the plain build instead of re-checked for wasm32 (minutes on a fresh machine).
  run_suite clippy check cargo clippy --all-targets --features wasm --quiet -- -D warnings
else
  say "clippy: not installed, skipped"
fi

# The JS suites test the built package, so they always build first (never a stale pkg/gen/).
built=1
if selected build || selected pack || selected js || selected hostile || selected e2e || selected miniflare || selected browser; then
  TOLLGATE_ONLY="${TOLLGATE_ONLY:+$TOLLGATE_ONLY build}" run_suite build check bash scripts/build.sh
  if [[ "${summary[-1]}" == *FAILED* ]]; then built=0; fi
fi

js_suites=()
compgen -G 'tests/package/*.test.mjs' >/dev/null && js_suites+=(pack)
compgen -G 'tests/js/*.test.mjs' >/dev/null && js_suites+=(js)
compgen -G 'tests/js/hostile/*.test.mjs' >/dev/null && js_suites+=(hostile)
compgen -G 'tests/e2e/*.test.mjs' >/dev/null && js_suites+=(e2e)
compgen -G 'tests/miniflare/*.test.mjs' >/dev/null && js_suites+=(miniflare)
(( want_browser )) && js_suites+=(browser)

for s in "${js_suites[@]}"; do
  selected "$s" || continue
  if (( ! built )); then skip_suite "$s" "not run: build failed"; continue; fi
  case "$s" in
    pack) node_suite pack tests/package ;;   # npm pack, install into a temp consumer, runtimes, tsc
    js) node_suite js tests/js ;;
    hostile) node_suite hostile tests/js/hostile ;;  # jose differential, JS-side attacks, 1M-verify memory run
    e2e) node_suite e2e tests/e2e ;;
    miniflare) node_suite miniflare tests/miniflare ;;  # fleets of workers on one KV namespace, a JWKS server
    browser)
      if (( browser_ready )); then node_suite browser tests/browser
      else skip_suite browser "not run: chromium could not be installed"; fi ;;
  esac
done
if compgen -G 'tests/browser/*.test.mjs' >/dev/null && (( ! want_browser )); then
  say "browser: skipped (TOLLGATE_BROWSER=0)"
fi

say "summary (logs in $LOGS/, total $(elapsed "$start_all")):"
printf '%s\n' "${summary[@]}"
echo "tollgate: $total_pass passed, $total_fail failed"
(( total_fail == 0 ))

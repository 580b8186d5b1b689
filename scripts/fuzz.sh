#!/usr/bin/env bash
# Coverage-guided fuzzing of tollgate with cargo-fuzz (libFuzzer, nightly Rust).
# Not part of scripts/test.sh: the quick, deterministic part of this work is the
# property suite in tests/proptest.rs, which `cargo test` runs.
#
#   bash scripts/fuzz.sh                 # every target for 60 s each
#   bash scripts/fuzz.sh 600             # every target for 10 min each
#   bash scripts/fuzz.sh 3600 verify     # one target for an hour
#
# Targets (fuzz/fuzz_targets/): parse (split, base64url, header/claims JSON, decode),
# verify (full verification, also of MACed arbitrary claims), config (Guard config, JWKS).
# Seeds come from fuzz/corpus/<target>/ (committed, small, never written to); new
# inputs go to fuzz/target/corpus/<target>/ and crashes to fuzz/artifacts/ (git-ignored).
# Reproduce a crash: (cd fuzz && cargo +nightly fuzz run <target> artifacts/<target>/<file>).
# Installs, idempotently: the nightly toolchain (rustup) and cargo-fuzz 0.13.1 (crates.io).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
TG_TAG=fuzz
CARGO_FUZZ_VERSION=0.13.1

seconds="${1:-60}"
shift || true
targets=("$@")
(( ${#targets[@]} )) || targets=(parse verify config)

rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
if [[ "$(cargo fuzz --version 2>/dev/null || true)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]]; then
  say "installing cargo-fuzz $CARGO_FUZZ_VERSION"
  cargo install --locked "cargo-fuzz@$CARGO_FUZZ_VERSION"
fi

cd "$ROOT/fuzz"
total=0
for t in "${targets[@]}"; do
  mkdir -p "target/corpus/$t"
  dict=()
  [[ "$t" != config ]] && dict=(-dict=token.dict)
  say "$t: ${seconds}s"
  log="target/fuzz-$t.log"
  # -max_len above the 8 KiB token limit so oversize input is exercised too;
  # -timeout: any single input taking over 2 s counts as a hang (a failure).
  if ! cargo +nightly fuzz run -O "$t" "target/corpus/$t" "corpus/$t" -- \
      -max_total_time="$seconds" -max_len=12000 -timeout=2 -rss_limit_mb=2048 \
      -print_final_stats=1 "${dict[@]}" 2>&1 | tee "$log" | grep -E '^(#[0-9]+ *(INITED|DONE)|==|SUMMARY|stat::number_of_executed_units)'; then
    die "$t: failed (see fuzz/$log and fuzz/artifacts/$t/)"
  fi
  grep -q 'ERROR: libFuzzer\|deadly signal\|panicked' "$log" && die "$t: crash (see fuzz/$log)"
  runs="$(awk '/stat::number_of_executed_units/ { print $2 }' "$log" | tail -n1)"
  total=$((total + ${runs:-0}))
  say "$t: ${runs:-0} executions, no crash"
done
say "total: $total executions"

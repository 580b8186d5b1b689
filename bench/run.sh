#!/usr/bin/env bash
# The benchmark: tollgate, jose, @tsndr/cloudflare-worker-jwt and (Node only) fast-jwt on the
# same tokens, in Node and inside a real workerd; writes BENCHMARKS.md and bench/chart.svg.
# Not part of scripts/test.sh: it times, it does not assert.
#   bash bench/run.sh
# A quick look while iterating: BENCH_CASES (a regular expression on case ids) times only
# those cases, skips the cold starts and prints jose ÷ tollgate (bench/ratios.mjs) instead of
# writing BENCHMARKS.md; BENCH_ROUNDS sets the rounds; BENCH_RUNTIMES=node or =workerd runs
# one side only.
#   BENCH_CASES='HS256 valid|cache hit' BENCH_ROUNDS=9 bash bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
RUN=target/bench/run
[[ -n "${BENCH_CASES:-}" ]] && RUN=target/bench/quick
runtimes="${BENCH_RUNTIMES:-node workerd}"
rm -rf "$RUN"
mkdir -p "$RUN"
node bench/tokens.mjs "$RUN/tokens.json"
node bench/meta.mjs start "$RUN"
if [[ " $runtimes " == *" node "* ]]; then
  echo "[bench] node"
  node bench/node.mjs "$RUN/tokens.json" "$RUN/node.json"
fi
if [[ " $runtimes " == *" workerd "* ]]; then
  echo "[bench] workerd"
  node bench/workerd/run.mjs "$RUN/tokens.json" "$RUN/workerd.json"
fi
node bench/meta.mjs end "$RUN"
if [[ -n "${BENCH_CASES:-}" ]]; then
  node bench/ratios.mjs "$RUN"
else
  node bench/report.mjs "$RUN"
fi

#!/usr/bin/env bash
# The benchmark: tollgate, jose, @tsndr/cloudflare-worker-jwt and (Node only) fast-jwt on the
# same tokens, in Node and inside a real workerd; writes BENCHMARKS.md and bench/chart.svg.
# Not part of scripts/test.sh: it times, it does not assert.
#   bash bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
RUN=target/bench/run
mkdir -p "$RUN"
node bench/tokens.mjs "$RUN/tokens.json"
node bench/meta.mjs start "$RUN"
echo "[bench] node"
node bench/node.mjs "$RUN/tokens.json" "$RUN/node.json"
echo "[bench] workerd"
node bench/workerd/run.mjs "$RUN/tokens.json" "$RUN/workerd.json"
node bench/meta.mjs end "$RUN"
node bench/report.mjs "$RUN"

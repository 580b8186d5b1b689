#!/usr/bin/env bash
# Install everything the build and tests need. Idempotent: each step checks first and
# skips itself when already done, so a second run takes about a second.
#
#   bash scripts/setup.sh             # Rust target, wasm-bindgen-cli, npm packages
#   bash scripts/setup.sh --browser   # also Debian `chromium` (browser tests, demo page tests)
#   TOLLGATE_BROWSER=1 bash scripts/setup.sh   # same as --browser
#
# Needs rustup and Node >= 20. Network: crates.io, the npm registry, Debian apt only.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
TG_TAG=setup
cd "$ROOT"

want_browser="${TOLLGATE_BROWSER:-0}"
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) die "unknown argument: $arg" ;;
  esac
done

# Two agents running setup at once must not run `npm ci` or `cargo install` twice.
lock="/tmp/tollgate-setup-$(printf '%s' "$ROOT" | sha256sum | cut -c1-12).lock"
exec 9>"$lock"
flock -w 1800 9 || die "another setup.sh has held $lock for 30 minutes"

step_toolchain() {
  have rustup || die "rustup not found; install it from https://rustup.rs"
  have cargo || die "cargo not found (is ~/.cargo/bin on PATH?)"
  have node || die "node not found; Node >= 20 is required"
  have npm || die "npm not found"
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  (( major >= 20 )) || die "Node >= 20 required, found $(node --version)"
  say "toolchain: ok ($(cargo --version | cut -d' ' -f1-2), node $(node --version))"
}

step_wasm_target() {
  if rustup target list --installed | grep -qx 'wasm32-unknown-unknown'; then
    say "rust target wasm32-unknown-unknown: present"
  else
    rustup target add wasm32-unknown-unknown >/dev/null
    say "rust target wasm32-unknown-unknown: installed"
  fi
}

# Wait for a `cargo install wasm-bindgen-cli` started by someone else, rather than racing it.
wait_for_other_install() {
  local waited=0
  while pgrep -f 'cargo install wasm-bindgen-cli' >/dev/null 2>&1; do
    (( waited == 0 )) && say "wasm-bindgen-cli: another install is running, waiting for it"
    sleep 5
    waited=$((waited + 5))
    (( waited < 1800 )) || die "gave up waiting for the other wasm-bindgen-cli install"
  done
}

step_wasm_bindgen() {
  local want have_v
  want="$(wasm_bindgen_version)"
  have_v="$(wasm_bindgen_cli_version)"
  if [[ "$have_v" == "$want" ]]; then
    say "wasm-bindgen-cli $want: present"
    return
  fi
  wait_for_other_install
  have_v="$(wasm_bindgen_cli_version)"
  if [[ "$have_v" == "$want" ]]; then
    say "wasm-bindgen-cli $want: present (installed by another process)"
    return
  fi
  say "wasm-bindgen-cli $want: installing with cargo (found '${have_v:-none}'; takes a few minutes)"
  cargo install wasm-bindgen-cli --version "$want"
  [[ "$(wasm_bindgen_cli_version)" == "$want" ]] || die "wasm-bindgen --version does not report $want after install"
  say "wasm-bindgen-cli $want: installed"
}

step_npm() {
  local stamp="node_modules/.tollgate-lock.sha256" want
  [[ -f package-lock.json ]] || die "package-lock.json missing"
  want="$(hash_files package-lock.json)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x node_modules/.bin/wasm-opt ]]; then
    say "npm packages: up to date"
    return
  fi
  npm ci --no-audit --no-fund --loglevel=error
  printf '%s\n' "$want" >"$stamp"
  say "npm packages: installed (npm ci)"
}

step_chromium() {
  if [[ "$want_browser" != 1 ]]; then
    say "chromium: not requested (use --browser for browser tests)"
    return
  fi
  if [[ -x /usr/bin/chromium ]]; then
    say "chromium: present ($(/usr/bin/chromium --version 2>/dev/null | head -n1 || echo /usr/bin/chromium))"
    return
  fi
  local sudo=()
  if [[ "$(id -u)" != 0 ]]; then
    have sudo || die "chromium: need root or sudo to run apt-get"
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends chromium >/dev/null
  [[ -x /usr/bin/chromium ]] || die "chromium: apt-get finished but /usr/bin/chromium is missing"
  say "chromium: installed with apt-get"
}

start="$(date +%s.%N)"
step_toolchain
step_wasm_target
step_wasm_bindgen
step_npm
step_chromium
say "done in $(elapsed "$start")"

#!/usr/bin/env bash
# Runs every test: lint, the domain crate's native tests, the app's browser tests in
# headless Chromium, and a build of the page itself. Installs what is missing first.
source "$(dirname "$0")/tools.sh"
cd "$ROOT"
need_wasm_target
need_wasm_bindgen
need_trunk
need_chromium

NATIVE=$(mktemp) BROWSER=$(mktemp) LOG=$(mktemp)
trap 'rm -f "$NATIVE" "$BROWSER" "$LOG"' EXIT

say "Checking formatting and lints (rustfmt, clippy -D warnings for the native and wasm targets)"
cargo fmt --all -- --check
cargo clippy --workspace --exclude apx-console --all-targets -- -D warnings
cargo clippy -p apx-console --all-targets --target wasm32-unknown-unknown -- -D warnings

say "Native tests (domain: rules, text length, validators, sniffer, transitions)"
cargo test --workspace --exclude apx-console 2>&1 | tee "$NATIVE"

say "Browser tests (wasm-bindgen-test in headless Chromium)"
export CHROMEDRIVER=/usr/bin/chromedriver
cargo test -p apx-console --target wasm32-unknown-unknown 2>&1 | tee "$BROWSER"

say "Building the page with trunk (index.html, styles, wasm)"
trunk build

count() { grep "^test result:" "$2" | grep -Eo "[0-9]+ $1" | awk '{ n += $1 } END { print n + 0 }'; }
echo
echo "native tests: $(count passed "$NATIVE") passed, $(count failed "$NATIVE") failed"
echo "browser tests: $(count passed "$BROWSER") passed, $(count failed "$BROWSER") failed"
cat "$NATIVE" "$BROWSER" > "$LOG"
echo "total: $(count passed "$LOG") passed, $(count failed "$LOG") failed"

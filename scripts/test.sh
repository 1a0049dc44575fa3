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

say "Starting the reference backend for the browser tests (demo data, a temporary folder)"
export APX_TEST_PORT=${APX_TEST_PORT:-18080}
export APX_TEST_API="http://127.0.0.1:$APX_TEST_PORT"
cargo build -p apx-server
DATA=$(mktemp -d)
target/debug/apx-server --listen "127.0.0.1:$APX_TEST_PORT" --data-dir "$DATA" --dist "$DATA/no-app" > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$NATIVE" "$BROWSER" "$LOG" "$DATA"' EXIT
for _ in $(seq 50); do curl -sf "$APX_TEST_API/api/v1/demo-accounts" > /dev/null && break; sleep 0.2; done
curl -sf "$APX_TEST_API/api/v1/demo-accounts" > /dev/null || { cat "$DATA/server.log"; exit 1; }

say "Browser tests (wasm-bindgen-test in headless Chromium, against the backend at $APX_TEST_API)"
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

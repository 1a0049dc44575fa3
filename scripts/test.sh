#!/usr/bin/env bash
# Runs every test: lint, the native tests (domain, reference backend), the contract
# fuzzer against the backend, the app's browser tests in headless Chromium, the release
# build of the page (split into chunks, as it ships), and the end-to-end tests of that
# build and the demo seller center (WebDriver, axe-core). Installs what is missing first.
source "$(dirname "$0")/tools.sh"
cd "$ROOT"
need_wasm_target
need_wasm_bindgen
need_trunk
need_wasm_opt
need_wasm_split
need_chromium
need_schemathesis
need_postgres
need_moto

NATIVE=$(mktemp) POSTGRES=$(mktemp) BROWSER=$(mktemp) E2E=$(mktemp) LOG=$(mktemp)
trap 'stop_moto; stop_postgres; rm -f "$NATIVE" "$POSTGRES" "$BROWSER" "$E2E" "$LOG"' EXIT

say "Checking formatting and lints (rustfmt, clippy -D warnings for the native and wasm targets)"
cargo fmt --all -- --check
cargo clippy --workspace --exclude apx-console --all-targets -- -D warnings
cargo clippy -p apx-console --all-targets --target wasm32-unknown-unknown -- -D warnings
cargo clippy -p apx-console --features split --target wasm32-unknown-unknown -- -D warnings

say "Native tests (domain rules and transitions, the reference backend's API)"
cargo test --workspace --exclude apx-console --exclude apx-e2e 2>&1 | tee "$NATIVE"

# The same suite on PostgreSQL and an S3-compatible bucket: each test's server in a
# schema and a prefix of its own.
start_postgres "${APX_TEST_PG_PORT:-18432}"
start_moto "${APX_TEST_S3_PORT:-18500}"
say "The reference backend's tests again, on PostgreSQL ($APX_TEST_DATABASE_URL) and S3 (moto, $APX_TEST_STORE)"
cargo test -p apx-server 2>&1 | tee "$POSTGRES"
stop_moto
stop_postgres
unset APX_TEST_DATABASE_URL

say "Contract test: server/openapi.json against the running server (schemathesis, seller and reviewer)"
bash scripts/contract.sh

say "Starting the reference backend for the browser tests (demo data, a temporary folder)"
export APX_TEST_PORT=${APX_TEST_PORT:-18080}
export APX_TEST_API="http://127.0.0.1:$APX_TEST_PORT"
cargo build -p apx-server
DATA=$(mktemp -d)
# The browser tests' page is served by wasm-bindgen-test-runner on the next port: the
# backend offers it the demo accounts (it offers them to no other origin).
export WASM_BINDGEN_TEST_ADDRESS="127.0.0.1:$((APX_TEST_PORT + 1))"
"${CARGO_TARGET_DIR:-target}/debug/apx-server" --listen "127.0.0.1:$APX_TEST_PORT" --data-dir "$DATA" --dist "$DATA/no-app" \
  --console-origin "http://$WASM_BINDGEN_TEST_ADDRESS" > "$DATA/server.log" 2>&1 &
SERVER=$!
PROFILES=
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$NATIVE" "$POSTGRES" "$BROWSER" "$E2E" "$LOG" "$DATA" ${PROFILES:+"$PROFILES"}' EXIT
for _ in $(seq 50); do curl -sf "$APX_TEST_API/api/v1/demo-accounts" > /dev/null && break; sleep 0.2; done
curl -sf "$APX_TEST_API/api/v1/demo-accounts" > /dev/null || { cat "$DATA/server.log"; exit 1; }
# Not another backend that happened to be on the port: this one.
kill -0 "$SERVER" 2>/dev/null || { echo "the backend did not start (is port $APX_TEST_PORT in use?)"; cat "$DATA/server.log"; exit 1; }

say "Browser tests (wasm-bindgen-test in headless Chromium, against the backend at $APX_TEST_API)"
export CHROMEDRIVER=/usr/bin/chromedriver
# Chromium's profiles (chromedriver makes one per session in TMPDIR, ~120 MB with the
# cached test wasm, and wasm-bindgen-test-runner's are left behind) go into a folder
# removed when the tests end.
PROFILES=$(mktemp -d)
TMPDIR="$PROFILES" cargo test -p apx-console --target wasm32-unknown-unknown 2>&1 | tee "$BROWSER"
rm -rf "$PROFILES"

say "Building the page as it ships (trunk --release: split into chunks, optimised, precompressed) for the end-to-end tests"
trunk build --release

say "End-to-end tests: the built console and the demo seller center in headless Chromium (WebDriver), axe-core audits"
PROFILES=$(mktemp -d)
TMPDIR="$PROFILES" cargo test -p apx-e2e -- --test-threads=2 2>&1 | tee "$E2E"
rm -rf "$PROFILES"

count() { grep "^test result:" "$2" | grep -Eo "[0-9]+ $1" | awk '{ n += $1 } END { print n + 0 }'; }
echo
echo "native tests: $(count passed "$NATIVE") passed, $(count failed "$NATIVE") failed"
echo "backend tests on PostgreSQL and S3: $(count passed "$POSTGRES") passed, $(count failed "$POSTGRES") failed"
echo "browser tests: $(count passed "$BROWSER") passed, $(count failed "$BROWSER") failed"
echo "end-to-end tests: $(count passed "$E2E") passed, $(count failed "$E2E") failed"
cat "$NATIVE" "$POSTGRES" "$BROWSER" "$E2E" > "$LOG"
echo "total: $(count passed "$LOG") passed, $(count failed "$LOG") failed"

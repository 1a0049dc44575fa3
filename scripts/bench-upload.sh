#!/usr/bin/env bash
# Benchmark figures (not a test): the browser-side image preparation of 12-megapixel
# photos (JPEG, EXIF-rotated JPEG, PNG) next to a bare decode of each, in headless
# Chromium (tests/bench_upload.rs).
source "$(dirname "$0")/tools.sh"
cd "$ROOT"
need_wasm_target
need_wasm_bindgen
need_chromium
say "Preparing 12-megapixel photos in headless Chromium (release build of the test)"
export CHROMEDRIVER=/usr/bin/chromedriver
# Nine runs of three photos take longer than the runner's default 20 s per test.
export WASM_BINDGEN_TEST_TIMEOUT=180
cargo test --release -p apx-console --target wasm32-unknown-unknown --test bench_upload -- --include-ignored --nocapture 2>&1 \
  | grep -E "12-megapixel|MB\)|floor|ready to upload|main-thread|test result"

#!/usr/bin/env bash
# Benchmark figures (not a test): the browser-side image preparation of a 12-megapixel
# photo next to a bare decode, in headless Chromium (tests/bench_upload.rs).
source "$(dirname "$0")/tools.sh"
cd "$ROOT"
need_wasm_target
need_wasm_bindgen
need_chromium
say "Preparing a 12-megapixel photo in headless Chromium"
export CHROMEDRIVER=/usr/bin/chromedriver
cargo test -p apx-console --target wasm32-unknown-unknown --test bench_upload -- --include-ignored --nocapture 2>&1 \
  | grep -E "12 MP|floor|ready to upload|main-thread|test result"

#!/usr/bin/env bash
# Benchmark figures (not a test): the release bundle as it ships, loaded cold in headless
# Chromium from the reference backend, on loopback and on a throttled profile
# (e2e/benches/load.rs): time until 商品管理 is usable, and until step 1 of 发布商品 is
# usable after its click on a page idle for 2 s.
source "$(dirname "$0")/tools.sh"
cd "$ROOT"
need_build_tools
need_chromium
say "Building the release bundle (split into chunks, precompressed)"
trunk build --release
say "Loading it in headless Chromium, cold cache (three runs per network profile)"
export CHROMEDRIVER=/usr/bin/chromedriver
cargo bench -p apx-e2e --bench load 2>&1 | grep -E "Loading the console|usable|waterfall|→|usable at"

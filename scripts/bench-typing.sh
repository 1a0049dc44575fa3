#!/usr/bin/env bash
# Benchmark figures, not a test: time from a keystroke to the next frame in the publish
# form's fields, with the release bundle in headless Chromium (e2e/benches/typing.rs).
source "$(dirname "$0")/tools.sh"
cd "$ROOT"
need_build_tools
need_chromium
say "Building the release bundle (into dist/)"
trunk build --release
say "Typing into the publish form in headless Chromium"
cargo bench -p apx-e2e --bench typing

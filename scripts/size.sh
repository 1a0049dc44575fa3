#!/usr/bin/env bash
# Benchmark figure, not a test: builds the release bundle (split into chunks, optimised,
# precompressed), starts the reference backend on it, and prints what a browser
# transfers from it for the first screen (the page, the main module with its JS and
# the style sheet inside it) with Accept-Encoding: br, then each chunk loaded on
# demand, against the 120 KB first-load budget.
source "$(dirname "$0")/tools.sh"
cd "$ROOT"
need_build_tools
say "Building the release bundle (into a clean dist/, so old builds are not counted)"
rm -rf dist
trunk build --release
say "Building the reference backend"
cargo build -q -p apx-server
DATA=$(mktemp -d)
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
target/debug/apx-server --listen "127.0.0.1:$PORT" --data-dir "$DATA" --dist dist > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/index.html" > /dev/null && break; sleep 0.2; done
say "What a browser transfers from the reference backend (Accept-Encoding: br, gzip)"
node "$ROOT/scripts/transfer.js" "http://127.0.0.1:$PORT" dist

#!/usr/bin/env bash
# Runs the console: installs what is missing, builds the release bundle, and starts
# the reference backend on http://127.0.0.1:8080, serving the app and /api/v1 with
# its embedded SQLite database in .data/ (kept across restarts).
source "$(dirname "$0")/tools.sh"
cd "$ROOT"
need_build_tools
say "Building the console (release bundle into dist/)"
trunk build --release
say "Building the reference backend (release)"
cargo build --release -p apx-server
LISTEN=${APX_LISTEN:-127.0.0.1:8080}
say "Starting the reference backend: open http://$LISTEN/ (the demo seller center embedding it: http://$LISTEN/seller-center/; Ctrl-C stops it)"
exec target/release/apx-server --listen "$LISTEN" --data-dir "${APX_DATA_DIR:-.data}" --dist dist

#!/usr/bin/env bash
# Runs the console: installs what is missing, builds the release bundle and serves it
# on http://127.0.0.1:8080 (until the reference backend lands, with `trunk serve`).
source "$(dirname "$0")/tools.sh"
cd "$ROOT"
need_build_tools
ADDRESS=${APX_ADDRESS:-127.0.0.1}
PORT=${APX_PORT:-8080}
say "Building and serving the console at http://$ADDRESS:$PORT/ (Ctrl-C stops it)"
exec trunk serve --release --address "$ADDRESS" --port "$PORT"

#!/usr/bin/env bash
# Trunk post_build hook (Trunk.toml): splits the console's wasm into the main module
# and the chunks loaded on demand (src/chunk.rs), the way cargo-leptos does — trunk has
# no split step (trunk-rs/trunk#1022):
#   1. cargo built the wasm with `-Clink-args=--emit-relocs` (.cargo/config.toml) and
#      the `split` feature (index.html);
#   2. wasm-split-cli cuts it into the main module, one chunk per split point and the
#      chunks they share, with __wasm_split.js that loads them;
#   3. wasm-bindgen runs on the main module (keeping the exports the chunks link to);
#   4. wasm-opt -Oz shrinks every module (release builds);
#   5. scripts/bundle.js names the chunks by content hash, puts everything in trunk's
#      staging folder, and precompresses it (brotli, gzip) for the backend to serve.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
STAGE=${TRUNK_STAGING_DIR:?this runs as trunk\'s post_build hook}
PROFILE=${TRUNK_PROFILE:-debug}
NAME=apx-console
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
INPUT="$TARGET_DIR/wasm32-unknown-unknown/$PROFILE/$NAME.wasm"
[ -f "$INPUT" ] || { echo "split.sh: no $INPUT" >&2; exit 1; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
echo "split.sh: splitting $INPUT"
wasm-split-cli --target web --out-name "$NAME" "$INPUT" "$WORK/out" > "$WORK/split.log" 2>&1 \
  || { cat "$WORK/split.log" >&2; exit 1; }
mv "$WORK/out/$NAME.wasm" "$WORK/main.wasm"
wasm-bindgen --target web --keep-lld-exports --no-demangle --no-typescript \
  --out-name "$NAME" --out-dir "$WORK/out" "$WORK/main.wasm"
if [ "$PROFILE" = release ]; then
  for wasm in "$WORK"/out/*.wasm; do
    wasm-opt -Oz --strip-debug --strip-producers --enable-bulk-memory --enable-bulk-memory-opt \
      --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
      --enable-reference-types --enable-multivalue "$wasm" -o "$wasm"
  done
fi
node "$ROOT/scripts/bundle.js" "$WORK/out" "$STAGE" "$NAME"

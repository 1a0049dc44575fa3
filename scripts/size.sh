#!/usr/bin/env bash
# Benchmark figure, not a test: builds the release bundle (wasm-opt -Oz through the
# pinned binaryen) and prints raw, gzip and brotli bytes of the wasm, JS and CSS in
# dist/, against the 120 KB brotli first-load budget.
source "$(dirname "$0")/tools.sh"
cd "$ROOT"
need_build_tools
say "Building the release bundle (into a clean dist/, so old builds are not counted)"
rm -rf dist
trunk build --release
say "First-load size of dist/ (gzip -9 and brotli quality 11, via Node's zlib)"
node - dist <<'JS'
const fs = require('fs'), path = require('path'), zlib = require('zlib');
const dir = process.argv[2];
const files = fs.readdirSync(dir).filter(f => /\.(wasm|js|css)$/.test(f)).sort();
const row = (name, raw, gz, br) =>
  console.log(name.padEnd(44) + String(raw).padStart(10) + String(gz).padStart(10) + String(br).padStart(10));
row('file', 'raw', 'gzip', 'brotli');
const total = [0, 0, 0];
for (const f of files) {
  const data = fs.readFileSync(path.join(dir, f));
  const sizes = [data.length, zlib.gzipSync(data, { level: 9 }).length,
    zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length];
  sizes.forEach((s, i) => total[i] += s);
  row(f, ...sizes);
}
row('total', ...total);
const budget = 120 * 1024;
console.log(`brotli total ${(total[2] / 1024).toFixed(1)} KB of the ${budget / 1024} KB budget (${(100 * total[2] / budget).toFixed(0)} %)`);
JS
say "Code bytes per crate (before wasm-opt), to see where the budget goes"
node scripts/wasm-top.js target/wasm-bindgen/release/apx-console_bg.wasm | head -16

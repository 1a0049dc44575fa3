// Part of scripts/split.sh: takes the split and bindgen'd console in OUT and puts it
// in trunk's staging folder STAGE:
//   - every chunk (split_*.wasm, chunk_*.wasm) and the loader (__wasm_split.js) are
//     renamed by their content hash, and the references to them rewritten, so the
//     backend can cache them for good; the entry names that host pages import
//     (NAME.js, NAME_bg.wasm) stay as they are;
//   - everything text-like or wasm in STAGE is precompressed once, here, as .br
//     (quality 11) and .gz (level 9), for the backend to serve by Accept-Encoding.
// usage: node scripts/bundle.js OUT STAGE NAME
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const zlib = require('zlib');

const [out, stage, name] = process.argv.slice(2);
const hash = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 16);
const read = (file) => fs.readFileSync(path.join(out, file));
const replaceAll = (text, from, to) => text.split(from).join(to);

// 1. Chunks by content hash, referenced from the loader as "./file.wasm".
let loader = read('__wasm_split.js').toString();
const renamed = {};
for (const file of fs.readdirSync(out).filter((f) => f.endsWith('.wasm') && f !== `${name}_bg.wasm`)) {
  const hashed = `${file.slice(0, -'.wasm'.length)}-${hash(read(file))}.wasm`;
  loader = replaceAll(loader, `"./${file}"`, `"./${hashed}"`);
  renamed[file] = hashed;
}
const loaderName = `__wasm_split-${hash(loader)}.js`;
let main = read(`${name}.js`).toString();
// Only the import statements: the wasm still names its import module "./__wasm_split.js"
// (the key of the imports object).
for (const quote of ['"', "'"]) {
  main = replaceAll(main, `from ${quote}./__wasm_split.js${quote}`, `from ${quote}./${loaderName}${quote}`);
}
if (!main.includes(loaderName)) {
  throw new Error(`bundle.js: ${name}.js does not import ./__wasm_split.js`);
}

// 2. Into the staging folder, in place of trunk's unsplit module.
for (const old of [`${name}.js`, `${name}_bg.wasm`, 'snippets']) {
  fs.rmSync(path.join(stage, old), { recursive: true, force: true });
}
fs.writeFileSync(path.join(stage, `${name}.js`), main);
fs.writeFileSync(path.join(stage, loaderName), loader);
fs.copyFileSync(path.join(out, `${name}_bg.wasm`), path.join(stage, `${name}_bg.wasm`));
for (const [file, hashed] of Object.entries(renamed)) {
  fs.copyFileSync(path.join(out, file), path.join(stage, hashed));
}
if (fs.existsSync(path.join(out, 'snippets'))) {
  fs.cpSync(path.join(out, 'snippets'), path.join(stage, 'snippets'), { recursive: true });
}

// The page asks for the chunk loader with the main module, not one round trip later
// (trunk already preloads the main module, its snippets and its wasm).
const page = path.join(stage, 'index.html');
if (fs.existsSync(page)) {
  const html = fs.readFileSync(page, 'utf8');
  const prefix = html.match(new RegExp(`href="([^"]*)${name}\\.js"`))?.[1] ?? '/';
  const hint = `<link rel="modulepreload" href="${prefix}${loaderName}" crossorigin="anonymous">`;
  if (!html.includes(loaderName)) fs.writeFileSync(page, html.replace('</head>', `${hint}</head>`));
}

// The page runs no inline script or style, so the backend can send it with a strict
// Content-Security-Policy (script-src 'self'): trunk's inline start script goes into a
// file named by its hash, and the body's margin is set from there (CSSOM, not markup).
if (fs.existsSync(page)) {
  let html = fs.readFileSync(page, 'utf8');
  const inline = html.match(/<script type="module">([\s\S]*?)<\/script>/);
  if (inline) {
    const code = `${inline[1].trim()}\ndocument.body.style.margin = '0';\n`;
    const start = `start-${hash(code)}.js`;
    fs.writeFileSync(path.join(stage, start), code);
    html = html.replace(inline[0], `<script type="module" src="/${start}"></script>`);
  }
  if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html) || /\sstyle="/.test(html)) {
    throw new Error('bundle.js: index.html still has an inline script or style');
  }
  fs.writeFileSync(page, html);
}

// 3. Precompressed once, served as they are.
const compressible = /\.(js|wasm|html|css|svg|json)$/;
const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]);
for (const file of walk(stage).filter((f) => compressible.test(f))) {
  const bytes = fs.readFileSync(file);
  fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(bytes, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }));
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(bytes, { level: 9 }));
}
const chunks = Object.values(renamed).length;
console.log(`bundle.js: main module, ${chunks} chunks, ${loaderName}; precompressed (br, gzip)`);

// Part of scripts/split.sh: takes the split and bindgen'd console in OUT and puts it
// in trunk's staging folder STAGE, every file the page loads named by its content, so
// the backend serves them as immutable and a return visit asks for none of them:
//   - every chunk (split_*.wasm, chunk_*.wasm) by its content hash, the main module's
//     wasm and the JS snippets too;
//   - the main module's JS and the chunk loader (__wasm_split.js) import each other, so
//     neither can carry the other's hash: both are named by the hash of the build;
//   - host pages import the stable `NAME.js`, a two-line module that re-exports the
//     hashed one (it is revalidated; everything it leads to is not);
//   - index.html gets the start scripts (trunk's, and web/boot.js which asks for the
//     first screen's data while the code downloads), both as files (the page runs
//     under a strict CSP), and the service worker (web/sw.js) gets the build's version
//     and the shell it keeps;
//   - every script is minified (terser, from npm);
//   - everything text-like or wasm in STAGE is precompressed once, here, as .br
//     (quality 11) and .gz (level 9), for the backend to serve by Accept-Encoding.
// usage: node scripts/bundle.js OUT STAGE NAME
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const zlib = require('zlib');
const terser = require('terser');

/// Minified JS (`module`: an ES module, else a classic script).
const small = async (code, module) => {
  const out = await terser.minify(code.toString(), {
    module, ecma: 2020, compress: { passes: 2 }, mangle: true, format: { comments: false },
  });
  return out.code;
};

(async () => {
const [out, stage, name] = process.argv.slice(2);
const web = path.join(__dirname, '..', 'web');
const hash = (...parts) => {
  const h = crypto.createHash('sha256');
  for (const part of parts) h.update(part);
  return h.digest('hex').slice(0, 16);
};
const read = (file) => fs.readFileSync(path.join(out, file));
const replaceAll = (text, from, to) => text.split(from).join(to);
const hashed = (file, bytes) => file.replace(/(\.[a-z]+)$/, `-${hash(bytes)}$1`);
const written = {}; // staged name (below STAGE) -> bytes

// 1. Chunks by content hash, referenced from the loader as "./file.wasm".
let loader = read('__wasm_split.js').toString();
for (const file of fs.readdirSync(out).filter((f) => f.endsWith('.wasm') && f !== `${name}_bg.wasm`)) {
  const to = hashed(file, read(file));
  loader = replaceAll(loader, `"./${file}"`, `"./${to}"`);
  written[to] = read(file);
}

// 2. The main module: its wasm by content, its snippets by content.
let main = read(`${name}.js`).toString();
const wasm = read(`${name}_bg.wasm`);
const wasmName = hashed(`${name}_bg.wasm`, wasm);
written[wasmName] = wasm;
main = replaceAll(main, `'${name}_bg.wasm'`, `'${wasmName}'`);
const snippets = path.join(out, 'snippets');
const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]);
if (fs.existsSync(snippets)) {
  for (const file of walk(snippets)) {
    const relative = path.relative(out, file).split(path.sep).join('/');
    const bytes = fs.readFileSync(file);
    const to = hashed(relative, bytes);
    for (const quote of ['"', "'"]) main = replaceAll(main, `${quote}./${relative}${quote}`, `${quote}./${to}${quote}`);
    written[to] = bytes;
  }
}

// 3. The main JS and the loader, named by the build.
const build = hash(main, loader);
const mainName = `${name}-${build}.js`;
const loaderName = `__wasm_split-${build}.js`;
for (const quote of ['"', "'"]) {
  // Only the import statements: the wasm still names its import module "./__wasm_split.js"
  // (the key of the imports object).
  main = replaceAll(main, `from ${quote}./__wasm_split.js${quote}`, `from ${quote}./${loaderName}${quote}`);
  loader = replaceAll(loader, `from ${quote}./${name}.js${quote}`, `from ${quote}./${mainName}${quote}`);
}
if (!main.includes(loaderName)) throw new Error(`bundle.js: ${name}.js does not import ./__wasm_split.js`);
if (!loader.includes(mainName)) throw new Error(`bundle.js: __wasm_split.js does not import ./${name}.js`);
written[mainName] = Buffer.from(main);
written[loaderName] = Buffer.from(loader);
// Host pages: `import init, { mount } from ".../NAME.js"`.
written[`${name}.js`] = Buffer.from(
  `// The console for host pages: this build's module, named by its hash.\n` +
  `export * from './${mainName}';\nexport { default } from './${mainName}';\n`);

// 4. Into the staging folder, in place of trunk's unsplit module.
for (const old of [`${name}.js`, `${name}_bg.wasm`, 'snippets']) {
  fs.rmSync(path.join(stage, old), { recursive: true, force: true });
}
for (const [file, bytes] of Object.entries(written)) {
  fs.mkdirSync(path.dirname(path.join(stage, file)), { recursive: true });
  fs.writeFileSync(path.join(stage, file), file.endsWith('.js') ? await small(bytes, true) : bytes);
}

// 5. The page: hashed names, the start scripts as files, nothing inline.
const page = path.join(stage, 'index.html');
if (fs.existsSync(page)) {
  let html = fs.readFileSync(page, 'utf8');
  const prefix = html.match(new RegExp(`href="([^"]*)${name}\\.js"`))?.[1] ?? '/';
  html = replaceAll(html, `${prefix}${name}.js"`, `${prefix}${mainName}"`);
  html = replaceAll(html, `${prefix}${name}_bg.wasm"`, `${prefix}${wasmName}"`);
  html = html.replace(/(href|src)="([^"]*)snippets\/[^"]*"/g, (all) => {
    const to = Object.keys(written).find((f) => f.startsWith('snippets/') && all.includes(f.replace(/-[0-9a-f]{16}(\.[a-z]+)$/, '$1')));
    return to ? all.replace(/snippets\/[^"]*/, to) : all;
  });
  // The icon by its content (the stable name stays for whoever asks for it).
  html = html.replace(/<link rel="icon" href="([^"]*)favicon\.svg"[^>]*>/, (_, at) => {
    const icon = hashed('favicon.svg', fs.readFileSync(path.join(stage, 'favicon.svg')));
    fs.copyFileSync(path.join(stage, 'favicon.svg'), path.join(stage, icon));
    return `<link rel="icon" href="${at}${icon}">`;
  });
  // trunk's start script, as a file; the body's margin set from there (CSSOM, not markup).
  const inline = html.match(/<script type="module">([\s\S]*?)<\/script>/);
  if (inline) {
    let code = `${inline[1].trim()}\ndocument.body.style.margin = '0';\n`;
    code = replaceAll(code, `'${prefix}${name}.js'`, `'${prefix}${mainName}'`);
    code = replaceAll(code, `'${prefix}${name}_bg.wasm'`, `'${prefix}${wasmName}'`);
    const start = hashed('start.js', code);
    fs.writeFileSync(path.join(stage, start), await small(code, true));
    html = html.replace(inline[0], `<script type="module" src="${prefix}${start}"></script>`);
  }
  // The first screen's data, asked for while the code downloads (web/boot.js).
  const bootCode = fs.readFileSync(path.join(web, 'boot.js'));
  const boot = hashed('boot.js', bootCode);
  fs.writeFileSync(path.join(stage, boot), await small(bootCode, false));
  html = html.replace('</head>', `<script async src="${prefix}${boot}"></script>` +
    `<link rel="modulepreload" href="${prefix}${loaderName}" crossorigin="anonymous"></head>`);
  if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html) || /\sstyle="/.test(html)) {
    throw new Error('bundle.js: index.html still has an inline script or style');
  }
  if (html.includes(`${name}.js"`) || html.includes(`${name}_bg.wasm"`)) {
    throw new Error('bundle.js: index.html still names a file without its hash');
  }
  fs.writeFileSync(page, html);

  // 6. The service worker: the shell is the page and every file it names (the chunks
  // are kept as they are first fetched).
  const shell = ['/index.html'];
  for (const m of html.matchAll(/(?:href|src)="([^"]+)"/g)) shell.push(m[1]);
  const version = hash(...Object.keys(written).sort(), html);
  const sw = fs.readFileSync(path.join(web, 'sw.js'), 'utf8')
    .replace("'__VERSION__'", JSON.stringify(version))
    .replace('[/* __SHELL__ */]', JSON.stringify([...new Set(shell)].filter((f) => f.startsWith(prefix))));
  fs.writeFileSync(path.join(stage, 'sw.js'), await small(sw, false));
}

// 7. Precompressed once, served as they are.
const compressible = /\.(js|wasm|html|css|svg|json)$/;
for (const file of walk(stage).filter((f) => compressible.test(f))) {
  const bytes = fs.readFileSync(file);
  fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(bytes, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }));
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(bytes, { level: 9 }));
}
console.log(`bundle.js: ${mainName}, ${wasmName}, ${Object.keys(written).length} files; precompressed (br, gzip)`);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});

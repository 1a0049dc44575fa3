// Part of scripts/size.sh: asks the backend at ORIGIN for the console as a browser does
// (Accept-Encoding: br, gzip) and prints the bytes each response carries.
//   first load: index.html, the favicon, the main module's JS and everything it imports
//               (the chunk loader, inline snippets) and its wasm (the style sheet is in it);
//   chunks:     every other wasm in DIST, fetched on demand (or prefetched when idle).
// usage: node scripts/transfer.js ORIGIN DIST
const http = require('http');
const fs = require('fs');
const path = require('path');

const [origin, dist] = process.argv.slice(2);

function get(url) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { 'Accept-Encoding': 'br, gzip' } }, (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(parts) }));
    }).on('error', reject);
  });
}

function plain(file) {
  return fs.readFileSync(path.join(dist, file.replace(/^\//, '')));
}

const rows = [];
async function fetchRow(file, group) {
  const res = await get(origin + file);
  if (res.status !== 200) throw new Error(`${file}: ${res.status}`);
  rows.push({ file, group, bytes: res.body.length, encoding: res.headers['content-encoding'] || 'identity',
    raw: plain(file).length });
  return file;
}

(async () => {
  const first = new Set(['/index.html']);
  const html = plain('index.html').toString();
  for (const m of html.matchAll(/(?:href|src)=["']([^"']+)["']/g)) first.add(m[1].startsWith('/') ? m[1] : `/${m[1]}`);
  for (const m of html.matchAll(/from\s+["']([^"']+)["']/g)) first.add(m[1].startsWith('/') ? m[1] : `/${m[1]}`);
  // The JS modules the entry imports, and theirs.
  const todo = [...first].filter((f) => f.endsWith('.js'));
  while (todo.length) {
    const js = todo.pop();
    const text = plain(js).toString();
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["'](\.[^"']+)["']/g)) {
      const file = path.posix.normalize(path.posix.join(path.posix.dirname(js), m[1]));
      if (!first.has(file)) { first.add(file); if (file.endsWith('.js')) todo.push(file); }
    }
  }
  for (const file of first) await fetchRow(file, 'first load');
  const chunks = fs.readdirSync(dist).filter((f) => f.endsWith('.wasm') && !first.has(`/${f}`)).sort();
  for (const file of chunks) await fetchRow(`/${file}`, 'chunk');

  const kb = (n) => (n / 1024).toFixed(1).padStart(7);
  const line = (a, b, c, d) => console.log(a.padEnd(46) + b.padStart(10) + c.padStart(12) + d.padStart(10));
  line('file', 'on disk', 'transferred', 'encoding');
  for (const group of ['first load', 'chunk']) {
    const mine = rows.filter((r) => r.group === group);
    for (const r of mine) line(`  ${r.file}`, kb(r.raw), kb(r.bytes), r.encoding);
    const total = mine.reduce((n, r) => n + r.bytes, 0);
    line(`${group === 'first load' ? 'first load' : 'chunks, all together'} (KB)`, '', kb(total), '');
  }
  const firstTotal = rows.filter((r) => r.group === 'first load').reduce((n, r) => n + r.bytes, 0);
  const all = rows.reduce((n, r) => n + r.bytes, 0);
  console.log(`first load ${(firstTotal / 1024).toFixed(1)} KB transferred of the 150 KB budget ` +
    `(${(100 * firstTotal / (150 * 1024)).toFixed(0)} %; stretch 120 KB); everything ${(all / 1024).toFixed(1)} KB`);
})().catch((e) => { console.error(e); process.exit(1); });

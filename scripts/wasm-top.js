// Benchmark aid for scripts/size.sh: code bytes per crate of a wasm file, read from
// its name section (the wasm-bindgen output, before wasm-opt strips the names).
const fs = require('fs');
const buf = fs.readFileSync(process.argv[2]);
let p = 8;
const uleb = () => { let r = 0, s = 0, b; do { b = buf[p++]; r |= (b & 0x7f) << s; s += 7; } while (b & 0x80); return r >>> 0; };
let imports = 0, bodies = [], names = new Map();
while (p < buf.length) {
  const id = buf[p++]; const size = uleb(); const end = p + size;
  if (id === 2) { const n = uleb(); for (let i = 0; i < n; i++) { let l = uleb(); p += l; l = uleb(); p += l; const kind = buf[p++];
      if (kind === 0) { uleb(); imports++; } else if (kind === 1) { p++; const f = uleb(); uleb(); if (f & 1) uleb(); } else if (kind === 2) { const f = uleb(); uleb(); if (f & 1) uleb(); } else if (kind === 3) { p++; p++; } else { p++; uleb(); } } }
  if (id === 10) { const n = uleb(); for (let i = 0; i < n; i++) { const s = uleb(); bodies.push(s); p += s; } }
  if (id === 0) { const l = uleb(); const name = buf.slice(p, p + l).toString(); p += l;
    if (name === 'name') { while (p < end) { const sub = buf[p++]; const ss = uleb(); const se = p + ss;
        if (sub === 1) { const n = uleb(); for (let i = 0; i < n; i++) { const idx = uleb(); const l2 = uleb(); names.set(idx, buf.slice(p, p + l2).toString()); p += l2; } }
        p = se; } } }
  p = end;
}
const byCrate = {};
bodies.forEach((s, i) => { const n = names.get(i + imports) || '?';
  const c = (n.match(/^_ZN\d+([a-z_0-9]+)/) || n.match(/^<?([a-z_0-9]+)::/) || [0, 'other'])[1];
  byCrate[c] = (byCrate[c] || 0) + s; });
const total = bodies.reduce((a, b) => a + b, 0);
console.log('code bytes', total, 'functions', bodies.length, 'named', names.size);
Object.entries(byCrate).sort((a, b) => b[1] - a[1]).slice(0, 25).forEach(([c, s]) => console.log(String(s).padStart(8), c));

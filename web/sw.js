// The standalone console's service worker (registered by web/boot.js; an embedded
// console never registers one). It keeps the shell — index.html and the files it names,
// each named by its content — in a cache of this build, so a return visit asks the
// network for none of them and the console opens offline; a chunk is kept the first time
// it is fetched. The API is never touched: its answers always come from the backend.
//
// Updates: a new build has a new sw.js (scripts/bundle.js writes its version and shell
// below). The browser installs it next to the running one; it takes over only once its
// whole shell is cached (all or nothing), and the page the next load gets is then the
// new build's, with its own files: a page never mixes two builds.
const VERSION = '__VERSION__';
const SHELL = [/* __SHELL__ */];
const CACHE = `apx-shell-${VERSION}`;
const scope = new URL(self.registration.scope);
const at = (file) => new URL(file.replace(/^\//, ''), scope).href;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(SHELL.map(at)))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((names) => Promise.all(
      names.filter((n) => n.startsWith('apx-shell-') && n !== CACHE).map((n) => caches.delete(n)),
    )),
  );
});

const byContent = /-[0-9a-f]{16}\.[a-z]+$/;
// The console's own addresses (src/app/mod.rs's routes); anything else on the origin
// (the API, a seller center's pages, the health checks) is none of this worker's business.
const addresses = /^(products|publish|product|review|shared)?(\/|$)/;

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  const below = url.pathname.slice(scope.pathname.length);
  if (request.mode === 'navigate') {
    // An address of the console: this build's page.
    if (!addresses.test(below)) return;
    event.respondWith(
      caches.open(CACHE).then((cache) => cache.match(at('/index.html'))).then((page) => page || fetch(request)),
    );
  } else if (byContent.test(url.pathname) && !below.startsWith('api/')) {
    event.respondWith(
      caches.match(request, { ignoreVary: true, ignoreSearch: true }).then((kept) => kept || fetch(request).then((response) => {
        if (response.ok) {
          const copy = response.clone();
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
        }
        return response;
      })),
    );
  }
});

// The standalone page's first script (scripts/bundle.js puts it in index.html, named by
// its hash; no inline script: the page runs under a strict CSP). While the console's
// code downloads, it asks who is signed in and for the page of 商品管理 the address
// names; the console adopts those answers instead of asking again (src/api/boot.rs,
// which builds the same addresses). Then it registers the service worker that keeps
// the shell (web/sw.js) — only here: an embedded console never registers one.
(() => {
  const meta = (name) => (document.querySelector(`meta[name="${name}"]`) || {}).content || '';
  const api = `${meta('apx-api-base').replace(/\/+$/, '')}/api/v1`;
  const base = meta('apx-base-path').replace(/\/+$/, '');
  const boot = (window.__apxBoot = window.__apxBoot || { at: performance.now(), answers: {} });
  let token = null;
  try {
    token = localStorage.getItem('apx.token');
  } catch (_) {
    // Storage denied: the sign-in screen asks for a token.
  }
  const ask = (path) => {
    const url = api + path;
    const answer = fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    answer.catch(() => {});
    boot.answers[url] = { token, answer };
  };
  let path = location.pathname;
  if (base && path.startsWith(base)) path = path.slice(base.length);
  path = path.replace(/\/+$/, '');
  const tab = path === '' || path === '/products' ? 'listed' : (path.match(/^\/products\/(listed|pending|delisted)$/) || [])[1];
  if (token) {
    ask('/me');
    if (tab) {
      const params = new URLSearchParams(location.search);
      const q = encodeURIComponent((params.get('q') || '').trim());
      const n = /^\d+$/.test(params.get('page') || '') ? Number(params.get('page')) : 1;
      ask(`/products?tab=${tab}&q=${q}&page=${n >= 1 ? n : 1}&per_page=10`);
    }
  }
  const script = document.currentScript;
  if ('serviceWorker' in navigator && script) {
    addEventListener('load', () => {
      navigator.serviceWorker.register(new URL('sw.js', script.src)).catch(() => {});
    });
  }
})();

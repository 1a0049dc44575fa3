//! 商品管理 at once (SPEC §11): the first screen's data is asked for while the code
//! downloads and not asked again, no chunk is fetched before the list is shown, a return
//! visit fetches nothing it has (the shell from the service worker, files from the
//! browser's cache), the last list is shown before the backend answers — never to another
//! user — and the shell opens offline.

mod common;

use common::*;
use serde_json::{json, Value};

/// Run before every page: when 商品管理 first shows its total (ms since the navigation).
const USABLE: &str = "(() => {
  new MutationObserver((_, observer) => {
    if (document.querySelector('.apx-tabs__panel .apx-pager') && window.__apxUsable === undefined) {
      window.__apxUsable = performance.now();
      observer.disconnect();
    }
  }).observe(document, { subtree: true, childList: true });
})();";

/// The page's requests so far: [address below the origin, start, end, bytes over the wire].
async fn requests(b: &Browser) -> Vec<(String, f64, f64, f64)> {
    let script = "return performance.getEntriesByType('resource').map((e) =>
        [e.name.replace(location.origin, ''), e.startTime, e.responseEnd, e.transferSize]);";
    let rows = b.js(script, vec![]).await;
    rows.as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            let n = |i: usize| r.get(i).and_then(Value::as_f64).unwrap_or(f64::NAN);
            (r[0].as_str().unwrap_or_default().to_owned(), n(1), n(2), n(3))
        })
        .collect()
}

async fn usable(b: &Browser) -> f64 {
    b.wait("商品管理's total", "window.__apxUsable !== undefined").await;
    b.js("return window.__apxUsable;", vec![]).await.as_f64().unwrap_or(f64::NAN)
}

/// Waits until the service worker has the shell (it then serves the next page).
async fn shell_kept(b: &Browser) {
    let ready = "const done = arguments[arguments.length - 1];
        navigator.serviceWorker.ready.then(() => done(true), () => done(false));";
    assert_eq!(b.js_async(ready, vec![]).await, json!(true), "a service worker is active");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_data_starts_with_the_page_and_nothing_waits_on_a_chunk() {
    let s = setup().await;
    s.product_in("天气查询 API", "listed").await;
    let b = &s.browser;
    // A seller whose token is remembered, on a slow network, nothing cached yet.
    b.goto("/favicon.svg").await;
    b.js("localStorage.setItem('apx.token', arguments[0]);", vec![json!(SELLER_A)]).await;
    b.cdp("Network.enable", json!({})).await;
    let slow = json!({ "offline": false, "latency": 150, "downloadThroughput": 200_000, "uploadThroughput": 96_000 });
    b.cdp("Network.emulateNetworkConditions", slow).await;
    b.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": USABLE })).await;
    b.goto("/products/listed").await;
    let shown = usable(b).await;
    b.wait_text("天气查询 API").await;
    let all = requests(b).await;
    let started = |part: &str| all.iter().filter(|r| r.0.contains(part)).collect::<Vec<_>>();
    let (me, list, wasm) = (started("/api/v1/me"), started("/api/v1/products?"), started("/apx-console_bg-"));
    assert_eq!((me.len(), list.len()), (1, 1), "who is signed in and the list, each asked once: {all:?}");
    assert_eq!(wasm.len(), 1, "the main module, by its hashed name: {all:?}");
    assert!(me[0].1 < wasm[0].2 && list[0].1 < wasm[0].2, "both asked while the code downloads: {all:?}");
    let early_chunks: Vec<_> =
        all.iter().filter(|r| r.0.ends_with(".wasm") && !r.0.contains("/apx-console_bg-") && r.1 < shown).collect();
    assert!(early_chunks.is_empty(), "no chunk before the list is shown: {early_chunks:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_return_visit_fetches_nothing_it_has_and_shows_the_last_list_at_once_to_its_user_only() {
    let s = setup().await;
    s.product_in("天气查询 API", "listed").await;
    let b = &s.browser;
    s.sign_in("示例服务商 A").await;
    b.goto("/products/listed").await;
    b.wait("the icon", "R().querySelector('.apx-table__icon[src^=\"blob:\"]')").await;
    shell_kept(b).await;

    // Back later: the page, its code and the icon all come from this browser.
    b.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": USABLE })).await;
    b.goto("/favicon.svg").await;
    b.goto("/products/listed").await;
    usable(b).await;
    b.wait("the icon", "R().querySelector('.apx-table__icon[src^=\"blob:\"]')").await;
    let page = b.js("return performance.getEntriesByType('navigation')[0].transferSize;", vec![]).await;
    assert_eq!(page, json!(0), "index.html from the service worker");
    let all = requests(b).await;
    let fetched: Vec<_> = all
        .iter()
        .filter(|r| {
            r.3 > 0.0
                && !r.0.starts_with("/api/v1/me")
                && !r.0.starts_with("/api/v1/products")
                && !r.0.starts_with("/api/v1/events")
        })
        .collect();
    assert!(fetched.is_empty(), "nothing the browser has is fetched again: {fetched:?}");
    assert!(
        all.iter().any(|r| r.0.starts_with("/api/v1/files/")),
        "the icon was asked for (and came from the cache): {all:?}"
    );

    // The backend does not answer the list: the one last shown, said to be so.
    b.cdp("Network.enable", json!({})).await;
    b.cdp("Network.setBlockedURLs", json!({ "urls": ["*/api/v1/products?*"] })).await;
    b.goto("/products/listed").await;
    b.wait_text("上次看到的列表（未能更新）").await;
    b.wait_text("天气查询 API").await;
    b.wait_text("共 1 个商品").await;

    // Another identity never sees it: 切换身份 forgets it.
    switch_to(&s, "示例服务商 B").await;
    let kept = "const done = arguments[arguments.length - 1];
        caches.open('apx-kept').then((c) => c.keys()).then((keys) => done(keys.map((k) => k.url)));";
    let left = b.js_async(kept, vec![]).await;
    assert!(!left.to_string().contains("seller-a"), "seller A's kept list went with the identity: {left}");
    b.goto("/products/listed").await;
    b.wait_text("无法连接服务器").await;
    assert!(!b.text().await.contains("天气查询 API"), "seller B never sees seller A's list");
    b.cdp("Network.setBlockedURLs", json!({ "urls": [] })).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_shell_opens_offline() {
    let s = setup().await;
    let b = &s.browser;
    s.sign_in("示例服务商 A").await;
    shell_kept(b).await;
    b.offline(true).await;
    b.goto("/products/pending").await;
    // The console, from this browser: it says the backend cannot be reached.
    b.wait_text("无法连接服务器，请稍后重试").await;
    b.offline(false).await;
    b.click_on("button", "重试").await;
    b.wait_text("没有待上架的商品").await;
}

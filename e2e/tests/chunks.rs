//! The console as it ships is split: the first screen comes from the main module alone,
//! the other screens' chunks are fetched once it is idle, and a chunk that does not
//! arrive is said and tried again.

mod common;

use common::*;
use serde_json::json;

/// Run before every page: the files fetched so far when 商品管理 first shows its data.
const FIRST_SCREEN: &str = "(() => {
  new MutationObserver((_, observer) => {
    const listed = document.querySelector('.apx-tabs__panel .apx-table tbody tr')
      || document.querySelector('.apx-tabs__panel .apx-empty:not([role=status])');
    if (listed && !window.__apxFirstFiles) {
      window.__apxFirstFiles = performance.getEntriesByType('resource').map((e) => e.name);
      observer.disconnect();
    }
  }).observe(document, { subtree: true, childList: true });
})();";

/// The wasm files in a list of URLs, by name without their hash (`split_publish`).
fn wasm_names(urls: &serde_json::Value) -> Vec<String> {
    let urls = urls.as_array().cloned().unwrap_or_default();
    urls.iter()
        .filter_map(|u| u.as_str())
        .filter(|u| u.ends_with(".wasm"))
        .map(|u| {
            u.rsplit('/')
                .next()
                .unwrap_or_default()
                .split('-')
                .next()
                .unwrap_or_default()
                .trim_end_matches(".wasm")
                .to_owned()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_screen_needs_only_the_main_module_and_the_rest_comes_when_idle() {
    let s = setup().await;
    let b = &s.browser;
    s.sign_in("示例服务商 A").await;
    b.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": FIRST_SCREEN })).await;
    b.goto("/products/listed").await;
    b.wait("the first screen", "window.__apxFirstFiles").await;
    let first = wasm_names(&b.js("return window.__apxFirstFiles;", vec![]).await);
    assert_eq!(first, ["apx"], "only the main module (apx-console_bg.wasm) for 商品管理: {first:?}");
    // Then, idle, the chunks of what a seller opens next.
    for chunk in ["split_publish", "split_detail"] {
        b.wait(
            &format!("{chunk}, prefetched"),
            &format!("performance.getEntriesByType('resource').some((e) => e.name.includes('/{chunk}-'))"),
        )
        .await;
    }
    let later = wasm_names(&b.js("return performance.getEntriesByType('resource').map((e) => e.name);", vec![]).await);
    assert!(later.iter().any(|n| n == "split_detail"), "详情 prefetched too: {later:?}");
    assert!(!later.iter().any(|n| n == "split_review"), "not the reviewer's pages: {later:?}");
    // Opening the form then needs nothing more from the network.
    let before = b.js("return performance.getEntriesByType('resource').length;", vec![]).await;
    b.click_on("a", "发布商品").await;
    b.wait("step 1", "R().querySelector('#apx-f-name')").await;
    let fetched = b
        .js(
            "return performance.getEntriesByType('resource').slice(arguments[0]).map((e) => e.name).filter((n) => n.endsWith('.wasm'));",
            vec![before],
        )
        .await;
    assert_eq!(fetched, json!([]), "the form's chunks were already here");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chunk_that_does_not_arrive_is_said_and_tried_again() {
    let s = setup().await;
    let b = &s.browser;
    s.sign_in("示例服务商 A").await;
    // The publish form's chunk cannot be had (the prefetch fails quietly too).
    b.cdp("Network.enable", json!({})).await;
    b.cdp("Network.setBlockedURLs", json!({ "urls": ["*split_publish-*"] })).await;
    b.goto("/products/listed").await;
    b.wait_text("没有已上架的商品").await;
    b.click_on("a", "发布商品").await;
    b.wait_text("这部分页面没能加载，请检查网络后重试。").await;
    assert_eq!(b.count("#apx-f-name").await, 0);
    // Back online: 重试 brings it.
    b.cdp("Network.setBlockedURLs", json!({ "urls": [] })).await;
    b.click_on("button", "重试").await;
    b.wait("step 1", "R().querySelector('#apx-f-name')").await;
    assert!(!b.text().await.contains("没能加载"));
}

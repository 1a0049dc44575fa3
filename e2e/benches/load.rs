//! Benchmark, not a test (`make bench-load`): how soon 商品管理 is usable when the console
//! loads, as it ships (the split release bundle in `dist/`, served by the reference
//! backend), in headless Chromium, median of 3, on three network profiles (loopback;
//! 9 Mbit/s down with an 85 ms round trip; 1.6 Mbit/s down with a 150 ms round trip,
//! through the Chrome DevTools Protocol's network emulation):
//!   - cold: a browser that has nothing of the console yet (the seller's token is
//!     remembered), from the start of the navigation until 商品管理 shows "共 N 个商品";
//!   - return visit: the same browser opening the console again later;
//!   - the bytes transferred before it is usable (brotli as served), both times;
//!   - step 1 of 发布商品 usable: on a page that has been idle for 2 s (when the chunks
//!     of the next screens are prefetched), from the click on 发布商品 until 商品名称 is
//!     there to type into;
//!   - and the request waterfall of one throttled cold load.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Duration;

use common::*;
use serde_json::{json, Value};

const RUNS: usize = 3;

/// Run before every page: notes when the page first shows 商品管理's total ("共 N 个商品"),
/// when 发布商品 is clicked, and when step 1's first field is there (ms since the
/// navigation started).
const MARKS: &str = "(() => {
  const note = (key) => { if (window[key] === undefined) window[key] = performance.now(); };
  const check = () => {
    if (document.querySelector('.apx-tabs__panel .apx-pager')) note('__apxProducts');
    if (document.querySelector('#apx-f-name')) note('__apxStep1');
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true });
  document.addEventListener('click', (e) => {
    const a = e.target.closest && e.target.closest('a');
    if (a && a.textContent.includes('发布商品')) note('__apxClick');
  }, true);
})();";

/// What was transferred before the list was usable: the page and every request that
/// ended by then (bytes as they came over the wire, headers included).
const BYTES: &str = "const until = window.__apxProducts;
  const page = performance.getEntriesByType('navigation')[0];
  const files = performance.getEntriesByType('resource').filter((e) => e.responseEnd <= until);
  return (page ? page.transferSize : 0) + files.reduce((n, e) => n + e.transferSize, 0);";

/// The requests of the page until a moment after it was usable: start, end, bytes.
const WATERFALL: &str = "const until = window.__apxProducts + 300;
  const page = performance.getEntriesByType('navigation')[0];
  return [page, ...performance.getEntriesByType('resource')].filter((e) => e.startTime <= until)
    .map((e) => [e.name.replace(location.origin, ''), e.startTime, e.responseEnd, e.transferSize, e.responseStatus]);";

struct Profile {
    name: &'static str,
    /// (latency ms, download and upload bytes per second)
    throttle: Option<(f64, f64, f64)>,
}

#[derive(Default)]
struct Figures {
    cold: Vec<f64>,
    cold_bytes: Vec<f64>,
    back: Vec<f64>,
    back_bytes: Vec<f64>,
    step1: Vec<f64>,
}

fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

async fn number(b: &Browser, expr: &str) -> Option<f64> {
    b.js(&format!("return {expr} === undefined ? null : {expr};"), vec![]).await.as_f64()
}

async fn throttle(b: &Browser, profile: &Profile) {
    if let Some((latency, down, up)) = profile.throttle {
        let conditions =
            json!({ "offline": false, "latency": latency, "downloadThroughput": down, "uploadThroughput": up });
        b.cdp("Network.emulateNetworkConditions", conditions).await;
    }
}

/// Opens 商品管理 and returns (ms until usable, bytes before usable).
async fn open_products(b: &Browser) -> (f64, f64) {
    b.goto("/products/listed").await;
    b.wait("商品管理 with its data", "window.__apxProducts !== undefined").await;
    let usable = number(b, "window.__apxProducts").await.unwrap_or(f64::NAN);
    let bytes = b.js(BYTES, vec![]).await.as_f64().unwrap_or(f64::NAN);
    (usable, bytes)
}

/// One cold load of 商品管理, 发布商品 after 2 s of idle, then a return visit.
async fn run(origin: &str, profile: &Profile, figures: &mut Figures, waterfall: bool) {
    let b = Browser::start(origin).await;
    // Signed in as a seller would be on a second visit (the token is remembered), with
    // nothing of the console in the cache yet: only the favicon was loaded to get here.
    b.goto("/favicon.svg").await;
    b.js("localStorage.setItem('apx.token', 'demo-seller-a');", vec![]).await;
    b.cdp("Network.enable", json!({})).await;
    b.cdp("Network.clearBrowserCache", json!({})).await;
    throttle(&b, profile).await;
    b.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": MARKS })).await;
    let (cold, cold_bytes) = open_products(&b).await;
    if waterfall {
        println!("  waterfall of a cold load on {} (ms from the navigation; bytes over the wire):", profile.name);
        let rows = b.js(WATERFALL, vec![]).await;
        for row in rows.as_array().into_iter().flatten() {
            let cell = |i: usize| row.get(i).cloned().unwrap_or(Value::Null);
            let name = cell(0).as_str().unwrap_or_default().chars().take(60).collect::<String>();
            println!(
                "    {:>6.0} → {:>6.0}  {:>7} B  {:>3}  {name}",
                cell(1).as_f64().unwrap_or(0.0),
                cell(2).as_f64().unwrap_or(0.0),
                cell(3).as_f64().unwrap_or(0.0),
                cell(4).as_f64().unwrap_or(0.0)
            );
        }
        println!("    usable at {cold:.0} ms");
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    b.click_on("a", "发布商品").await;
    b.wait("step 1 of 发布商品", "window.__apxStep1 !== undefined").await;
    if let (Some(shown), Some(clicked)) = (number(&b, "window.__apxStep1").await, number(&b, "window.__apxClick").await)
    {
        figures.step1.push(shown - clicked);
    }
    // Some time later, the seller comes back.
    tokio::time::sleep(Duration::from_secs(2)).await;
    b.goto("/favicon.svg").await;
    let (back, back_bytes) = open_products(&b).await;
    figures.cold.push(cold);
    figures.cold_bytes.push(cold_bytes);
    figures.back.push(back);
    figures.back_bytes.push(back_bytes);
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let s = setup().await;
    // A few products with icons, as a seller's list has.
    for name in ["天气查询 API", "空气质量 API", "台风路径 API"] {
        s.product_in(name, "listed").await;
    }
    let origin = s.browser.origin.clone();
    drop(s.browser);
    let profiles = [
        Profile { name: "loopback", throttle: None },
        Profile { name: "9 Mbit/s down, 85 ms round trip", throttle: Some((85.0, 1_125_000.0, 187_500.0)) },
        Profile { name: "1.6 Mbit/s down, 150 ms round trip", throttle: Some((150.0, 200_000.0, 96_000.0)) },
    ];
    println!(
        "Loading the console as it ships (dist/), median of {RUNS} (targets on 1.6 Mbit/s: 商品管理 usable ≤ 1.5 s \
         cold, ≤ 0.4 s on a return visit, ≤ 150 KB before usable; step 1 ≤ 300 ms after the click):"
    );
    for profile in &profiles {
        let mut figures = Figures::default();
        for i in 0..RUNS {
            run(&origin, profile, &mut figures, i == 0 && profile.name.starts_with("1.6")).await;
        }
        println!(
            "  {:<36} 商品管理 usable cold {:>5.0} ms ({:>6.1} KB), return visit {:>5.0} ms ({:>5.1} KB); \
             step 1 of 发布商品 usable {:>4.0} ms after the click",
            profile.name,
            median(&figures.cold),
            median(&figures.cold_bytes) / 1024.0,
            median(&figures.back),
            median(&figures.back_bytes) / 1024.0,
            median(&figures.step1),
        );
    }
}

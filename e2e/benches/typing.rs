//! Benchmark, not a test (`make bench-typing`): how soon the next frame comes after a
//! keystroke in the publish form's fields, in headless Chromium against the reference
//! backend. Real key events (WebDriver actions) go to a field; for each `input` event the
//! page records the time from the event to the next animation frame. The budget is the
//! next frame within 16 ms.

#[path = "../tests/common/mod.rs"]
mod common;

use common::*;

/// Records, for every `input` event in the console, the ms from the event to the next
/// frame, and the console's work for it: from the capture phase at the console's root to
/// the bubble phase back there — the field's handler and, as the browser runs microtasks
/// after each listener of a real event, the effects it schedules.
const RECORD: &str = "window.apxFrames = []; window.apxWork = []; \
    const root = R(); let start = 0; \
    root.addEventListener('input', (ev) => { const t0 = ev.timeStamp; start = performance.now(); \
      requestAnimationFrame(() => window.apxFrames.push(performance.now() - t0)); }, true); \
    root.addEventListener('input', () => window.apxWork.push(performance.now() - start));";

/// p50, p95 and max of `values` (ms).
fn spread(values: &serde_json::Value) -> (usize, f64, f64, f64) {
    let mut ms: Vec<f64> = values.as_array().unwrap().iter().filter_map(|v| v.as_f64()).collect();
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
    (ms.len(), at(0.5), at(0.95), at(1.0))
}

async fn measure(s: &Setup, field: &str, text: &str) {
    let b = &s.browser;
    b.js(RECORD, vec![]).await;
    let el = b.find(field, "").await;
    b.click(&el).await;
    b.press(&[text]).await;
    b.wait("the last frame", &format!("window.apxFrames.length >= {}", text.chars().count())).await;
    let (n, p50, p95, max) = spread(&b.js("return window.apxFrames;", vec![]).await);
    let over = b.js("return window.apxFrames.filter((m) => m > 16).length;", vec![]).await;
    let (_, w50, _, wmax) = spread(&b.js("return window.apxWork;", vec![]).await);
    println!(
        "{field:<34} keystrokes {n:>4}   next frame: p50 {p50:>5.1} ms  p95 {p95:>5.1} ms  max {max:>5.1} ms  (over 16 ms: {over})   \
         console's work: p50 {w50:>4.1} ms  max {wmax:>4.1} ms"
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let s = setup().await;
    let b = &s.browser;
    let draft = s.draft(SELLER_A, "Typing benchmark").await;
    s.sign_in("示例服务商 A").await;
    println!("Typing in the publish form (headless Chromium, the debug or release build in dist/):");
    b.goto(&format!("/publish/{}/1", draft.id)).await;
    b.wait("step 1", "R().querySelector('#apx-f-name') && R().querySelector('#apx-f-name').value !== ''").await;
    measure(&s, "#apx-f-name", &" weather API for every city".repeat(2)).await;
    s.next("下一步：基本信息", "/2").await;
    measure(&s, "#apx-f-detail", &" Live weather and forecasts for every city, over HTTPS.".repeat(3)).await;
    s.next("下一步：业务信息", "/3").await;
    s.next("下一步：销售信息", "/4").await;
    let price = format!("{}-price", s.browser.package(0, 0).await);
    measure(&s, &price, "1234567").await;
}

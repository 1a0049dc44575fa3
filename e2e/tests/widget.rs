//! The console as a widget on the demo seller center (`/seller-center/`): it works there
//! end to end, tells the host about submitted / listed / delisted products, leaves the
//! host's links, address and styles alone, is not restyled by the host, and unmounts.

mod common;

use common::*;

/// Computed styles of host elements that the widget must not change.
const HOST_STYLES: &str = "const s = (sel, prop) => getComputedStyle(document.querySelector(sel))[prop]; \
    return [s('body', 'fontFamily'), s('body', 'lineHeight'), s('body', 'backgroundColor'), \
    s('#host-button', 'backgroundColor'), s('#host-button', 'fontSize'), s('#host-orders', 'color'), \
    s('.host-title', 'textTransform')].join(' | ');";

/// The events the host page logged (`apx-listed <id>` …).
async fn host_events(b: &Browser) -> Vec<String> {
    let events = b.js("return [...document.querySelectorAll('#host-events li')].map((li) => li.dataset.type + ' ' + li.dataset.id);", vec![]).await;
    events.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_widget_runs_the_flow_on_the_host_page_and_leaves_the_host_alone() {
    let s = setup().await;
    let b = &s.browser;
    let approved = s.product_in("挂件里上架的商品", "listing_approved").await;
    let draft = s.draft(SELLER_A, "挂件里提交的商品").await;

    // The seller center without the widget: its own styles.
    b.goto("/seller-center/").await;
    b.wait("the host page", "document.querySelector('#host-page-title').textContent === '概览'").await;
    let host_styles = b.js(HOST_STYLES, vec![]).await;

    // Its own link opens the console, which mounts into a shadow root under its base path.
    b.click(&b.find("#host-products", "").await).await;
    b.wait("the widget", "document.querySelector('#apx-widget').shadowRoot && R().querySelector('.apx-root')").await;
    b.wait_text("商品管理").await;
    assert_eq!(b.js(HOST_STYLES, vec![]).await, host_styles, "the widget changes none of the host's styles");
    assert_eq!(b.path().await, "/seller-center/api-products/products/listed");
    // An embedded console registers no service worker on its host.
    let workers = "const done = arguments[arguments.length - 1];
        navigator.serviceWorker.getRegistrations().then((all) => done(all.length));";
    assert_eq!(b.js_async(workers, vec![]).await, serde_json::json!(0), "no service worker on the host page");
    // Nothing of the console is in the host's document, and no host rule reaches it.
    assert_eq!(b.js("return document.querySelectorAll('.apx-root, .apx-modal').length;", vec![]).await, 0);
    let inside = b
        .js(
            "const root = R().querySelector('.apx-root'); const button = R().querySelector('.apx-button'); \
             return [getComputedStyle(root).fontFamily.includes('Georgia'), getComputedStyle(root).lineHeight, \
             getComputedStyle(button).fontSize, getComputedStyle(button).backgroundColor === 'rgb(255, 212, 0)', \
             getComputedStyle(R().querySelector('.apx-table')).borderTopStyle];",
            vec![],
        )
        .await;
    assert_eq!(inside, serde_json::json!([false, "22.4px", "14px", false, "none"]), "host CSS stays out");

    // The console's own navigation stays in the page (no reload) and under the base path.
    b.js("window.hostMarker = 'still here';", vec![]).await;
    s.browser.click_on(".apx-tabs a", "待上架").await;
    s.wait_row("挂件里上架的商品", "上架审核通过").await;
    assert_eq!(b.path().await, "/seller-center/api-products/products/pending");

    // 上架 → apx-listed on the mount element.
    s.row_op("挂件里上架的商品", "上架").await;
    b.wait_text("已上架：“挂件里上架的商品”").await;
    b.wait("apx-listed", "document.querySelectorAll('#host-events li[data-type=\"apx-listed\"]').length === 1").await;

    // 申请下架 asks in a dialog inside the widget's root.
    s.browser.click_on(".apx-tabs a", "已上架").await;
    s.row_op("挂件里上架的商品", "申请下架").await;
    b.wait("the dialog in the shadow root", "R().querySelector('dialog.apx-modal[open]')").await;
    assert_eq!(b.js("return document.querySelectorAll('dialog').length;", vec![]).await, 0);
    s.confirm("申请下架").await;
    s.wait_row("挂件里上架的商品", "下架审核中").await;
    // A reviewer decides elsewhere: the widget hears it live (apx-reviewed) and its list
    // follows without a click.
    s.act(true, &approved.id, "approve").await;
    b.wait("apx-reviewed", "document.querySelectorAll('#host-events li[data-type=\"apx-reviewed\"]').length === 1")
        .await;
    let reviewed =
        b.js("return document.querySelector('#host-events li[data-type=\"apx-reviewed\"]').textContent;", vec![]).await;
    assert!(reviewed.as_str().unwrap_or_default().contains("delist_approved delist approved"), "{reviewed}");
    s.wait_row("挂件里上架的商品", "下架审核通过").await;
    s.row_op("挂件里上架的商品", "下架").await;
    s.confirm("下架").await;
    b.wait("apx-delisted", "document.querySelectorAll('#host-events li[data-type=\"apx-delisted\"]').length === 1")
        .await;

    // 编辑 → 提交审核 → apx-submitted.
    s.browser.click_on(".apx-tabs a", "待上架").await;
    s.row_op("挂件里提交的商品", "编辑").await;
    b.wait(
        "the form",
        "R().querySelector('#apx-f-name') && R().querySelector('#apx-f-name').value === '挂件里提交的商品'",
    )
    .await;
    s.to_last_step().await;
    b.click_on("button", "提交审核").await;
    b.wait("apx-submitted", "document.querySelectorAll('#host-events li[data-type=\"apx-submitted\"]').length === 1")
        .await;
    b.wait("the pending tab", "location.pathname === '/seller-center/api-products/products/pending'").await;
    assert_eq!(
        host_events(b).await,
        [
            format!("apx-listed {}", approved.id),
            format!("apx-reviewed {}", approved.id),
            format!("apx-delisted {}", approved.id),
            format!("apx-submitted {}", draft.id)
        ]
    );
    assert_eq!(b.js("return window.hostMarker;", vec![]).await, "still here", "the console never reloaded the page");

    // A host link navigates as it always does: a real page load, not the console's router.
    b.click(&b.find_host("#host-orders").await).await;
    b.wait("the orders page", "document.querySelector('#host-page-title').textContent === '订单管理'").await;
    assert_eq!(b.path().await, "/seller-center/orders");
    assert_eq!(b.js("return window.hostMarker === undefined;", vec![]).await, true);
    assert_eq!(b.js(HOST_STYLES, vec![]).await, host_styles);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unmount_removes_the_console_and_back_forward_stay_in_it() {
    let s = setup().await;
    let b = &s.browser;
    b.goto("/seller-center/api-products/products/delisted").await;
    b.wait("the widget", "R().querySelector('.apx-root')").await;
    b.wait_text("没有已下架的商品").await;
    s.browser.click_on(".apx-tabs a", "待上架").await;
    b.wait("pending", "location.pathname === '/seller-center/api-products/products/pending'").await;
    b.js("history.back();", vec![]).await;
    b.wait("back on 已下架", "location.pathname === '/seller-center/api-products/products/delisted'").await;
    b.wait_text("没有已下架的商品").await;
    // The host's options: English, and its own query parameters stay in the address.
    b.goto("/seller-center/api-products/products/pending?locale=en").await;
    b.wait_text("Product management").await;
    b.wait_text("No pending products").await;
    b.type_into("#apx-search", "weather").await;
    b.press(&[key::ENTER]).await;
    b.wait("the search in the address", "new URLSearchParams(location.search).get('q') === 'weather'").await;
    assert_eq!(b.js("return new URLSearchParams(location.search).get('locale');", vec![]).await, "en");
    b.js("window.apxWidget.unmount(); window.apxWidget.unmount();", vec![]).await;
    assert_eq!(b.count(".apx-root").await, 0);
    // The host keeps its element and the page goes on working.
    assert_eq!(b.js("return !!document.querySelector('#apx-widget');", vec![]).await, true);
}

/// Run before every page: every Content-Security-Policy violation, kept.
const CSP_WATCH: &str = "window.__apxCsp = []; document.addEventListener('securitypolicyviolation', \
    (e) => window.__apxCsp.push(`${e.violatedDirective} ${e.blockedURI}`));";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_seller_center_on_another_origin_loads_the_console_under_a_strict_policy() {
    let s = setup().await;
    let b = &s.browser;
    // The seller center on an origin of its own; the console's module, wasm, chunks and
    // API on the console's origin. The host page sends a strict Content-Security-Policy.
    let host = api::start_with_app(&dist()).await;
    let host_origin = host.base.trim_end_matches("/api/v1").to_owned();
    assert_ne!(host_origin, b.origin);
    b.cdp("Page.addScriptToEvaluateOnNewDocument", serde_json::json!({ "source": CSP_WATCH })).await;
    let address = format!("{host_origin}/seller-center/api-products/products/listed?console={}", b.origin);
    b.goto_url(&address).await;
    b.wait("the widget", "document.querySelector('#apx-widget').shadowRoot && R().querySelector('.apx-root')").await;
    b.wait_text("没有已上架的商品").await;
    // Styled inside its shadow root (a constructed sheet, allowed by the policy).
    let button = "return getComputedStyle(R().querySelector('.apx-button')).borderRadius;";
    assert_ne!(b.js(button, vec![]).await, "0px", "the console's styles apply");
    // A chunk from the console's origin too.
    b.click_on("a", "发布商品").await;
    b.wait("step 1", "R().querySelector('#apx-f-name')").await;
    assert!(b.path().await.starts_with("/seller-center/api-products/publish/"), "{}", b.path().await);
    let violations = b.js("return window.__apxCsp;", vec![]).await;
    assert_eq!(violations, serde_json::json!([]), "nothing the policy refuses");
}

/// The standalone console runs under the strict policy its backend sends: its own
/// scripts and wasm only, no inline script or style, images from blob URLs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_standalone_console_works_under_its_own_strict_policy() {
    let s = setup().await;
    let b = &s.browser;
    let product = s.product_in("策略下的商品", "listing_review").await;
    let page = reqwest::get(format!("{}/products/listed", b.origin)).await.expect("the page");
    let policy = page.headers()["content-security-policy"].to_str().unwrap().to_owned();
    for directive in ["script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'", "frame-ancestors 'none'"] {
        assert!(policy.contains(directive), "{directive} in {policy}");
    }
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    let html = page.text().await.unwrap();
    assert!(!html.contains("<script type=\"module\">") && !html.contains("style=\""), "no inline script or style");

    b.cdp("Page.addScriptToEvaluateOnNewDocument", serde_json::json!({ "source": CSP_WATCH })).await;
    s.sign_in("示例服务商 A").await;
    b.wait("styled", "getComputedStyle(R().querySelector('.apx-header')).display === 'flex'").await;
    assert_eq!(b.js("return window.__apxCsp;", vec![]).await, serde_json::json!([]), "signing in");
    b.goto(&format!("/product/{}/preview", product.id)).await;
    b.wait(
        "the icon shown from a blob URL",
        "[...R().querySelectorAll('img')].some((i) => i.src.startsWith('blob:') && i.complete && i.naturalWidth > 0)",
    )
    .await;
    b.click_on("a", "返回商品管理").await;
    b.click_on("a", "发布商品").await;
    b.wait("step 1", "R().querySelector('#apx-f-name')").await;
    s.upload("#apx-f-icon", &s.files.icon).await;
    assert_eq!(b.js("return document.body.style.margin;", vec![]).await, "0px", "the page's margin, set by script");
    let violations = b.js("return window.__apxCsp;", vec![]).await;
    assert_eq!(violations, serde_json::json!([]), "nothing blocked by the policy");
}

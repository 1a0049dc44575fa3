//! Accessibility: an axe-core audit (from npm) of every screen — sign-in, 商品管理 with
//! its dialog, each publish step with its errors, 详情, 预览, the review queue and a
//! request, the widget on the seller center — with no serious or critical violation;
//! and a product published with the keyboard alone.

mod common;

use common::*;
use serde_json::Value;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_screen_passes_an_axe_audit() {
    let s = setup().await;
    let b = &s.browser;
    s.product_in("审计用的上架商品", "listed").await;
    let rejected = s.product_in("审计用的驳回商品", "listing_rejected").await;
    let in_review = s.product_in("审计用的审核中商品", "listing_review").await;

    b.goto("/").await;
    b.js("localStorage.clear();", vec![]).await;
    b.goto("/").await;
    b.wait_text("演示账号").await;
    audit(b, "sign-in").await;

    s.sign_in("示例服务商 A").await;
    s.wait_row("审计用的上架商品", "已上架").await;
    audit(b, "商品管理 已上架").await;
    b.click_on(".apx-tabs a", "待上架").await;
    s.wait_row("审计用的驳回商品", "上架审核未通过").await;
    audit(b, "商品管理 待上架 with a reason").await;
    s.row_op("审计用的驳回商品", "删除").await;
    b.wait("the dialog", "R().querySelector('dialog.apx-modal[open]')").await;
    audit(b, "the confirmation dialog").await;
    b.press(&[key::ESCAPE]).await;
    b.click_on(".apx-tabs a", "已下架").await;
    b.wait_text("没有已下架的商品").await;
    audit(b, "an empty tab").await;

    b.goto(&format!("/product/{}", rejected.id)).await;
    b.wait_text("report.docx").await;
    audit(b, "详情").await;
    b.goto(&format!("/product/{}/preview", rejected.id)).await;
    b.wait_text("全国天气，一次调用").await;
    audit(b, "预览").await;

    b.goto("/publish/1").await;
    b.wait("step 1", "R().querySelector('#apx-f-name')").await;
    b.click_on("button", "下一步：基本信息").await;
    b.wait("errors shown", "R().querySelector('[aria-invalid=\"true\"]')").await;
    audit(b, "发布商品 step 1 with errors").await;
    b.goto(&format!("/publish/{}/1", rejected.id)).await;
    b.wait("the product", "R().querySelector('#apx-f-name') && R().querySelector('#apx-f-name').value !== ''").await;
    for (button, step, screen) in [
        ("下一步：基本信息", "/2", "发布商品 step 2"),
        ("下一步：业务信息", "/3", "发布商品 step 3"),
        ("下一步：销售信息", "/4", "发布商品 step 4"),
        ("下一步：提交审核", "/5", "发布商品 step 5 (preview)"),
    ] {
        s.next(button, step).await;
        b.wait_text(match step {
            "/2" => "商品简介",
            "/3" => "商品分类",
            "/4" => "规格名称",
            _ => "全国天气，一次调用",
        })
        .await;
        audit(b, screen).await;
    }

    s.sign_in("云市场审核员").await;
    s.wait_row("审计用的审核中商品", "上架申请").await;
    s.wait_row("审计用的审核中商品", "示例服务商 A（天气数据科技）").await;
    audit(b, "review queue").await;
    b.goto(&format!("/review/{}", in_review.id)).await;
    b.wait_text("全国天气，一次调用").await;
    b.click_on(".apx-decision button", "驳回").await;
    b.wait("the reason's error", "T(R().querySelector('#apx-f-reason-error')) === '请填写此项'").await;
    audit(b, "a review request with an error").await;

    b.goto("/seller-center/api-products/products/listed").await;
    b.wait("the widget", "R().querySelector('.apx-root') && R().querySelectorAll('tbody tr').length > 0").await;
    audit(b, "the widget on the seller center").await;
}

/// Tabs to the field whose description contains `want` and types `text` into it.
async fn fill(b: &Browser, want: &str, text: &str) {
    b.tab_to(want, false, 80).await;
    b.press(&[text]).await;
}

/// Tabs to the file input `want` and gives it a file (what the picker does).
async fn pick(s: &Setup, want: &str, path: &std::path::Path) {
    let b = &s.browser;
    b.tab_to(want, false, 80).await;
    let before = b.count("ul.apx-files:not(.apx-files--pending) .apx-files__name").await;
    b.send_files(&b.focused_element().await, &[path]).await;
    b.wait(
        "the upload",
        &format!(
            "R().querySelectorAll('.apx-files__job').length === 0 && \
             R().querySelectorAll('ul.apx-files:not(.apx-files--pending) .apx-files__name').length > {before}"
        ),
    )
    .await;
}

/// Tabs to the `<select>` `want` and presses ↓ until it shows `value`.
async fn select(b: &Browser, want: &str, css: &str, value: &str) {
    b.tab_to(want, false, 80).await;
    for _ in 0..30 {
        if b.value(css).await == value {
            return;
        }
        b.press(&[key::DOWN]).await;
    }
    panic!("{css} never reached {value}");
}

/// Tabs to the button or link `want` and presses Enter.
async fn activate(b: &Browser, want: &str) {
    b.tab_to(want, false, 120).await;
    b.press(&[key::ENTER]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_product_is_published_with_the_keyboard_alone() {
    let s = setup().await;
    let b = &s.browser;
    b.goto("/").await;
    b.js("localStorage.clear();", vec![]).await;
    b.goto("/").await;
    b.wait_text("演示账号").await;
    activate(b, "button# 示例服务商 A").await;
    b.wait_text("商品管理").await;
    activate(b, "a# 发布商品").await;
    b.wait("step 1", "R().querySelector('#apx-f-name')").await;

    fill(b, "input#apx-f-name", "Keyboard API").await;
    pick(&s, "input#apx-f-icon", &s.files.icon).await;
    activate(b, "下一步：基本信息").await;
    b.wait("step 2", "location.pathname.endsWith('/2')").await;
    pick(&s, "input#apx-f-images", &s.files.cover).await;
    fill(b, "#apx-f-summary", "Weather in one call").await;
    fill(b, "#apx-f-detail", "Live weather and forecasts over HTTPS.").await;
    pick(&s, "input#apx-f-usage_doc", &s.files.pdf).await;
    fill(b, "#apx-f-support-hotline", "400-123-4567").await;
    fill(b, "#apx-f-support-email", "support@example.com").await;
    activate(b, "下一步：业务信息").await;
    b.wait("step 3", "location.pathname.endsWith('/3')").await;
    select(b, "select#apx-f-category ", "#apx-f-category", "data").await;
    select(b, "select#apx-f-category-2", "#apx-f-category-2", "data-weather").await;
    pick(&s, "input#apx-f-service_agreement", &s.files.pdf).await;
    pick(&s, "input#apx-f-test_report", &s.files.docx).await;
    activate(b, "下一步：销售信息").await;
    b.wait("step 4", "location.pathname.endsWith('/4')").await;
    let (spec, package) = (b.spec(0).await, b.package(0, 0).await);
    fill(b, &format!("{spec}-name"), "Basic").await;
    let service = format!("{spec}-service_id");
    select(b, &format!("select{service}"), &service, "svc-a-weather").await;
    fill(b, &format!("{package}-name"), "10k calls").await;
    fill(b, &format!("{package}-calls"), "10000").await;
    fill(b, &format!("{package}-validity"), "12").await;
    fill(b, &format!("{package}-price"), "99.00").await;
    activate(b, &format!("button{}", b.spec_save(0).await)).await;
    b.wait("the spec saved", "T(R().querySelector('.apx-spec .apx-badge')) === '已保存'").await;
    activate(b, "下一步：提交审核").await;
    b.wait("step 5", "location.pathname.endsWith('/5')").await;
    b.wait_text("Weather in one call").await;
    activate(b, "button# 提交审核").await;
    b.wait("the pending tab", "location.pathname.endsWith('/products/pending')").await;
    s.wait_row("Keyboard API", "上架审核中").await;
}

/// Whether the page scrolls sideways now.
async fn scrolls_sideways(b: &Browser) -> bool {
    let widths =
        b.js("return [document.documentElement.scrollWidth, document.documentElement.clientWidth];", vec![]).await;
    widths[0].as_f64() > widths[1].as_f64()
}

/// The console at 390 px (a phone): navigation across the top, 商品管理 rows as cards
/// with their operations, fields the full width of the form, the steps readable, no
/// sideways scroll on any screen, and no serious axe finding.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_390_px_every_screen_fits_and_passes_an_axe_audit() {
    let s = setup().await;
    let b = &s.browser;
    let rejected = s.product_in("窄屏上的驳回商品，名字也长一些以便换行", "listing_rejected").await;
    s.sign_in("示例服务商 A").await;
    b.width(Some(390)).await;
    b.click_on(".apx-tabs a", "待上架").await;
    s.wait_row("窄屏上的驳回商品", "上架审核未通过").await;
    let layout = b
        .js(
            "const nav = R().querySelector('.apx-nav').getBoundingClientRect(); \
             const main = R().querySelector('.apx-main').getBoundingClientRect(); \
             const tr = R().querySelector('tbody tr'); const cell = tr.querySelectorAll('td')[2]; \
             return [nav.bottom <= main.top, getComputedStyle(tr).display, \
               getComputedStyle(cell, '::before').content, T(tr.querySelector('.apx-ops'))];",
            vec![],
        )
        .await;
    assert_eq!(
        layout,
        serde_json::json!([true, "block", "\"上架状态\"", "详情 编辑 预览 删除 克隆"]),
        "nav on top, rows as cards"
    );
    assert!(!scrolls_sideways(b).await, "商品管理 fits");
    audit(b, "商品管理 at 390 px").await;

    b.goto(&format!("/product/{}/preview", rejected.id)).await;
    b.wait_text("全国天气，一次调用").await;
    assert!(!scrolls_sideways(b).await, "预览 fits");
    audit(b, "预览 at 390 px").await;
    b.goto(&format!("/product/{}", rejected.id)).await;
    b.wait_text("report.docx").await;
    assert!(!scrolls_sideways(b).await, "详情 fits");

    b.goto(&format!("/publish/{}/1", rejected.id)).await;
    b.wait("the form", "R().querySelector('#apx-f-name') && R().querySelector('#apx-f-name').value !== ''").await;
    for step in 1..=5 {
        b.goto(&format!("/publish/{}/{step}", rejected.id)).await;
        b.wait(
            &format!("step {step}"),
            &format!("T(R().querySelector('.apx-step__counter') || document.body).startsWith('第 {step}')"),
        )
        .await;
        assert!(!scrolls_sideways(b).await, "step {step} fits");
        let sizes = b
            .js(
                "const form = R().querySelector('.apx-form').getBoundingClientRect().width; \
                 const input = R().querySelector('.apx-form input.apx-input, .apx-form textarea.apx-input'); \
                 const names = [...R().querySelectorAll('.apx-steps__name')].map((n) => n.getBoundingClientRect()); \
                 return [form, input ? input.getBoundingClientRect().width : form, \
                   Math.min(...names.map((r) => r.width)), Math.max(...names.map((r) => r.height))];",
                vec![],
            )
            .await;
        let [form, input, name_width, name_height] = [0, 1, 2, 3].map(|i| sizes[i].as_f64().unwrap_or_default());
        assert!(input >= form * 0.75, "step {step}: fields take the form's width ({input} of {form})");
        assert!(
            name_width >= 40.0 && name_height <= 40.0,
            "step {step}: step names readable ({name_width}×{name_height})"
        );
        if step == 1 {
            audit(b, "发布商品 step 1 at 390 px").await;
        }
    }

    // The narrowest container the console is made for.
    b.width(Some(360)).await;
    for path in [format!("/publish/{}/4", rejected.id), "/products/pending".to_owned()] {
        b.goto(&path).await;
        b.wait(&path, "R().querySelector('.apx-spec, tbody tr')").await;
        assert!(!scrolls_sideways(b).await, "{path} fits at 360 px");
    }
}

/// In a wide window, the table's cells line up: a row without an icon has its first
/// cell's border exactly on the row's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tables_row_borders_line_up_with_or_without_an_icon() {
    let s = setup().await;
    let b = &s.browser;
    s.draft(SELLER_A, "有图标的草稿").await;
    let mut content = s.server.complete_content(SELLER_A).await;
    content.name = "没有图标的草稿".into();
    content.icon = None;
    s.server.create(SELLER_A, content).await;
    s.sign_in("示例服务商 A").await;
    b.click_on(".apx-tabs a", "待上架").await;
    s.wait_row("没有图标的草稿", "草稿").await;
    s.wait_row("有图标的草稿", "草稿").await;
    let offsets = b
        .js(
            "return [...R().querySelectorAll('tbody tr')].flatMap((tr) => [...tr.querySelectorAll('td')].map((td) => \
               Math.abs(td.getBoundingClientRect().bottom - tr.getBoundingClientRect().bottom)));",
            vec![],
        )
        .await;
    let worst = offsets.as_array().unwrap().iter().filter_map(Value::as_f64).fold(0.0, f64::max);
    assert!(worst < 0.5, "every cell ends where its row ends (off by {worst} px)");
}

/// The widget lays itself out by its own width: in a 400 px column of a wide seller
/// center, 商品管理 rows are cards.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_widget_follows_the_width_of_its_column_not_the_window() {
    let s = setup().await;
    let b = &s.browser;
    s.draft(SELLER_A, "窄栏里的草稿").await;
    b.goto("/seller-center/api-products/products/pending").await;
    b.wait("the widget", "R().querySelector('.apx-root') && R().querySelectorAll('tbody tr').length > 0").await;
    let wide = b.js("return getComputedStyle(R().querySelector('tbody tr')).display;", vec![]).await;
    assert_eq!(wide, "table-row");
    b.js("document.querySelector('#apx-widget').style.width = '400px';", vec![]).await;
    b.wait("rows as cards", "getComputedStyle(R().querySelector('tbody tr')).display === 'block'").await;
    let window = b.js("return window.innerWidth;", vec![]).await;
    assert!(window.as_f64().unwrap_or_default() > 1000.0, "the window stayed wide");
}

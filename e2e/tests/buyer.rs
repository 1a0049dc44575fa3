//! The buyer's page and 分享预览 in the built console: a seller makes a share link on a
//! saved product's preview; anyone opens it signed out and sees the buyer's page — never
//! the test report, nothing of the console; the link stops when it is revoked and when it
//! expires. Step 4's package row keeps its fields on one line; the preview and the shared
//! page pass axe at desktop, tablet and phone widths.

mod common;

use common::*;

/// Signed out: nothing of any account is left in this browser.
async fn sign_out(b: &apx_e2e::Browser) {
    b.goto("/").await;
    b.js("localStorage.clear();", vec![]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_share_link_shows_the_buyers_page_signed_out_until_revoked_or_expired() {
    let s = setup().await;
    let b = &s.browser;
    let p = s.draft(SELLER_A, "分享用的天气 API").await;
    s.sign_in("示例服务商 A").await;
    b.goto(&format!("/product/{}/preview", p.id)).await;
    b.wait_text("预览：商品上架后买家看到的页面").await;
    b.click_on(".apx-share button", "生成分享链接").await;
    b.wait("the link", "R().querySelector('#apx-share-link') && R().querySelector('#apx-share-link').value !== ''")
        .await;
    let link = b.value("#apx-share-link").await;
    assert!(link.contains("/shared/"), "{link}");
    b.wait_text("有效期至").await;

    // Anyone with the link, signed out.
    sign_out(b).await;
    b.goto_url(&link).await;
    b.wait_text("分享用的天气 API").await;
    b.wait("the buyer's page", "R().querySelector('.apx-listing__buy')").await;
    b.wait("its icon, through the link", "R().querySelector('.apx-listing__icon:not([aria-busy])')").await;
    let text = b.text().await;
    assert!(text.contains("这是服务商分享的预览"), "{text}");
    assert!(!text.contains("report.docx") && !text.contains("测试报告"), "never the test report: {text}");
    assert!(!text.contains("商品管理") && !text.contains("切换身份"), "nothing of the console: {text}");
    assert_eq!(b.count("button:not([disabled])").await, 0, "nothing to act on: 立即购买 is disabled");

    // Revoked: says so.
    let token = link.rsplit('/').next().unwrap().to_owned();
    let shares: Vec<domain::model::Share> =
        api::json(s.server.get(SELLER_A, &format!("/products/{}/shares", p.id)).await).await;
    s.server.delete(SELLER_A, &format!("/products/{}/shares/{}", p.id, shares[0].id)).await;
    b.goto_url(&link).await;
    b.wait_text("此预览链接已被服务商撤销。").await;

    // Expired: a new link, then 7 days on the server's clock.
    let new: domain::model::NewShare =
        api::json(s.server.post_empty(SELLER_A, &format!("/products/{}/shares", p.id)).await).await;
    let fresh = link.replace(&token, &new.token);
    b.goto_url(&fresh).await;
    b.wait_text("分享用的天气 API").await;
    s.server.state.clock.advance(7 * 24 * 3600 * 1000);
    b.goto_url(&fresh).await;
    b.wait_text("此预览链接已过期").await;
    b.goto_url(&link.replace(&token, &"0".repeat(64))).await;
    b.wait_text("没有这个预览链接。").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_package_rows_fields_share_one_line_at_1366_px() {
    let s = setup().await;
    let b = &s.browser;
    let p = s.draft(SELLER_A, "一行套餐").await;
    s.sign_in("示例服务商 A").await;
    b.width(Some(1366)).await;
    b.goto(&format!("/publish/{}/4", p.id)).await;
    b.wait("the package", "R().querySelector('.apx-package input')").await;
    let tops = b
        .js(
            "const row = R().querySelector('.apx-package'); \
             return [...row.querySelectorAll('input.apx-input, select')].map((e) => { \
               const r = e.getBoundingClientRect(); return [Math.round(r.top), Math.round(r.bottom), Math.round(r.left)]; });",
            vec![],
        )
        .await;
    let boxes: Vec<(i64, i64, i64)> = tops
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b[0].as_i64().unwrap(), b[1].as_i64().unwrap(), b[2].as_i64().unwrap()))
        .collect();
    assert_eq!(boxes.len(), 5, "name, calls, validity, its unit, price: {boxes:?}");
    let (top, bottom) = (boxes[0].0, boxes[0].1);
    for (t, btm, _) in &boxes {
        assert!((t - top).abs() <= 2 && (btm - bottom).abs() <= 2, "one line: {boxes:?}");
    }
    assert!(boxes.windows(2).all(|w| w[0].2 < w[1].2), "left to right: {boxes:?}");
    // The name's counter is inside its field: it pushes nothing.
    let counter_inside = b
        .js(
            "const row = R().querySelector('.apx-package'); const input = row.querySelector('input').getBoundingClientRect(); \
             const counter = row.querySelector('.apx-counter').getBoundingClientRect(); \
             return counter.right <= input.right + 1 && counter.left >= input.left;",
            vec![],
        )
        .await;
    assert_eq!(counter_inside, serde_json::json!(true));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_preview_and_the_shared_page_pass_axe_at_1366_768_and_390_px() {
    let s = setup().await;
    let b = &s.browser;
    let p = s.draft(SELLER_A, "审计用的预览").await;
    let new: domain::model::NewShare =
        api::json(s.server.post_empty(SELLER_A, &format!("/products/{}/shares", p.id)).await).await;
    s.sign_in("示例服务商 A").await;
    for width in [1366, 768, 390] {
        b.width(Some(width)).await;
        b.goto(&format!("/product/{}/preview", p.id)).await;
        b.wait("the preview", "R().querySelector('.apx-listing__buy') && R().querySelector('.apx-share')").await;
        audit(b, &format!("预览 at {width} px")).await;
    }
    sign_out(b).await;
    for width in [1366, 768, 390] {
        b.width(Some(width)).await;
        b.goto(&format!("/shared/{}", new.token)).await;
        b.wait("the shared page", "R().querySelector('.apx-listing__buy')").await;
        audit(b, &format!("the shared page at {width} px")).await;
    }
}

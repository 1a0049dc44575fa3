//! The review loop end to end (SPEC §5b), in two browsers at once — a reviewer and a
//! seller, each signed in on their own: the reviewer, with the keyboard alone, comments
//! on 商品简介 and on a package and rejects; the seller's open 商品管理 changes without a
//! reload; 编辑 (in English) shows both comments by their fields, the package's on step
//! 4; the seller fixes one, answers the other and resubmits; the reviewer sees
//! 自上次驳回以来的修改 with both comments and the answer, and approves; the seller's
//! list says so, live. axe audits the new screens at 1366 and 390 px.

mod common;

use common::*;

const NAME: &str = "审核闭环的天气商品";
const SUMMARY_COMMENT: &str = "请写明覆盖哪些城市";
const PACKAGE_COMMENT: &str = "套餐名称请写明有效期";
const ANSWER: &str = "The name says 10,000 calls; validity is shown next to it.";

/// Signs `b` in as the demo account whose name contains `who`.
async fn sign_in_as(b: &Browser, who: &str) {
    b.goto("/").await;
    b.js("localStorage.clear();", vec![]).await;
    b.goto("/").await;
    b.click_on(".apx-session__accounts button", who).await;
    b.wait(&format!("signed in as {who}"), &format!("T(R().querySelector('.apx-header')).includes({who:?})")).await;
}

/// Presses Tab until the focused element's text contains `want`, then Enter.
async fn press_on(b: &Browser, want: &str) {
    b.tab_to(want, false, 200).await;
    b.press(&[key::ENTER]).await;
}

/// Types `text` into whatever has focus.
async fn type_here(b: &Browser, text: &str) {
    b.focused_element().await.send_keys(text).await.expect("typing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejection_with_comments_goes_round_the_loop_live_in_two_windows() {
    let s = setup().await;
    let seller = &s.browser;
    let reviewer = Browser::start(&seller.origin).await;
    let product = s.product_in(NAME, "listing_review").await;

    // The seller watches 待上架.
    sign_in_as(seller, "示例服务商 A").await;
    seller.click_on(".apx-tabs a", "待上架").await;
    s.wait_row(NAME, "上架审核中").await;

    // The reviewer, keyboard only: 领取, a comment on 商品简介 and one on the package, 驳回.
    sign_in_as(&reviewer, "云市场审核员").await;
    reviewer.goto(&format!("/review/{}", product.id)).await;
    reviewer.wait_text("逐项审核").await;
    reviewer.js("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);", vec![]).await;
    press_on(&reviewer, "领取").await;
    reviewer.wait_text("你已领取").await;
    press_on(&reviewer, "添加意见：商品简介").await;
    reviewer
        .wait("the comment box", "document.activeElement && document.activeElement.id === 'apx-f-comment-summary'")
        .await;
    assert!(reviewer.text().await.contains("审核意见：商品简介"), "the box is labelled by its field");
    type_here(&reviewer, SUMMARY_COMMENT).await;
    press_on(&reviewer, "添加意见：套餐名称（基础版 / 1 万次）").await;
    reviewer.wait("the package's box", "document.activeElement && document.activeElement.tagName === 'TEXTAREA'").await;
    type_here(&reviewer, PACKAGE_COMMENT).await;
    reviewer.wait_text("将随驳回发送 2 条审核意见").await;
    audit(&reviewer, "a request with comments being written (1366)").await;
    reviewer.width(Some(390)).await;
    audit(&reviewer, "a request with comments being written (390)").await;
    reviewer.width(None).await;
    press_on(&reviewer, "驳回").await;
    reviewer.wait_text("已驳回").await;

    // The seller's list changed by itself: rejected, with the count; and a notice.
    s.wait_row(NAME, "上架审核未通过").await;
    s.wait_row(NAME, "2 条审核意见").await;
    seller.wait_text(&format!("「{NAME}」上架审核未通过（2 条审核意见）")).await;

    // 编辑, in English: the reason's list on top, each comment by its field.
    seller.choose(".apx-locale select", "en").await;
    seller.wait_text("Pending").await;
    s.row_op(NAME, "Edit").await;
    seller.wait_text("Review comments").await;
    let marked = seller
        .js("return [...R().querySelectorAll('.apx-steps__step--commented .apx-steps__number')].map(T);", vec![])
        .await;
    assert_eq!(marked, serde_json::json!(["2", "4"]), "the steps with comments are marked");
    // Before 修改此商品 the fields are read-only: a link goes to the comment.
    seller.click_on(".apx-review-panel button", "Summary").await;
    seller
        .wait(
            "the comment focused on step 2",
            "document.activeElement && document.activeElement.id === 'apx-f-summary-comment'",
        )
        .await;
    seller.click_on("button", "Change this product").await;
    seller.click_on(".apx-review-panel button", "Summary").await;
    seller.wait("the summary focused", "document.activeElement && document.activeElement.id === 'apx-f-summary'").await;
    let described =
        seller.js("return R().querySelector('#apx-f-summary').getAttribute('aria-describedby');", vec![]).await;
    assert!(described.as_str().unwrap_or_default().contains("apx-f-summary-comment"), "{described}");
    let comment = seller.js("return T(R().querySelector('#apx-f-summary-comment'));", vec![]).await;
    assert!(comment.as_str().unwrap_or_default().contains(SUMMARY_COMMENT), "{comment}");
    audit(seller, "the form with comments (1366)").await;
    seller.width(Some(390)).await;
    audit(seller, "the form with comments (390)").await;
    seller.width(None).await;

    // Fix the summary (the product becomes a draft).
    seller.type_into("#apx-f-summary", "全国 300 个城市的实时天气").await;
    seller
        .wait("已修改 beside the summary", "T(R().querySelector('#apx-f-summary-comment')).includes('Changed')")
        .await;
    // Answer the package's comment, on step 4.
    seller.click_on(".apx-review-panel button", "Package name").await;
    seller.wait("step 4", "location.pathname.endsWith('/4')").await;
    seller.click_on("button", "Answer the comment: Package name").await;
    seller.wait("the answer box", "document.activeElement && document.activeElement.tagName === 'TEXTAREA'").await;
    type_here(seller, ANSWER).await;
    seller.click_on("button", "Save the answer").await;
    seller.wait_text(&format!("Your answer: {ANSWER}")).await;
    s.next("Next: Submit for review", "/5").await;
    seller.wait_text("2 of 2 review comments handled").await;
    seller.click_on("button", "Submit for review").await;
    s.wait_row(NAME, "Listing under review").await;

    // The second review: what changed since, the earlier comments with the answer.
    reviewer.goto(&format!("/review/{}", product.id)).await;
    reviewer.wait_text("自上次驳回以来的修改").await;
    let changed = reviewer
        .js("return [...R().querySelectorAll('table.apx-diff tbody tr')].map((tr) => tr.dataset.field);", vec![])
        .await;
    assert_eq!(changed, serde_json::json!(["summary"]), "only the summary changed");
    reviewer.wait_text(&format!("上次的意见：{SUMMARY_COMMENT}")).await;
    reviewer.wait_text(&format!("卖家回复：{ANSWER}")).await;
    audit(&reviewer, "a second review (1366)").await;
    reviewer.width(Some(390)).await;
    audit(&reviewer, "a second review (390)").await;
    reviewer.width(None).await;
    reviewer.click_on("button", "通过").await;
    reviewer.wait_text("已通过").await;

    // The seller's list says so, live, and so does the notice.
    s.wait_row(NAME, "Listing approved").await;
    seller.wait_text(&format!("“{NAME}” was approved for listing: you can list it now")).await;
    // 详情's timeline: who did what.
    seller.goto(&format!("/product/{}", product.id)).await;
    seller.wait_text("Timeline").await;
    let kinds = seller
        .js("return [...R().querySelectorAll('.apx-timeline__entry')].map((li) => li.dataset.kind);", vec![])
        .await;
    assert_eq!(
        kinds,
        serde_json::json!(["created", "submitted", "rejected", "answered", "submitted", "approved"]),
        "the timeline"
    );
    audit(seller, "详情 with its timeline").await;
}

/// How many event streams the backend holds open now (its metrics).
async fn open_streams(b: &Browser) -> u64 {
    let metrics = reqwest::get(format!("{}/metrics", b.origin)).await.expect("metrics").text().await.expect("text");
    let line = metrics.lines().find(|l| l.starts_with("apx_event_streams_open")).unwrap_or_default();
    line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).unwrap_or(u64::MAX)
}

/// A browser gives a host six HTTP/1.1 connections: a page that is left must give its
/// stream back at once, or the seventh page load waits for ever.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_left_gives_its_stream_back() {
    let s = setup().await;
    let b = &s.browser;
    sign_in_as(b, "示例服务商 A").await;
    for tab in ["pending", "listed", "delisted", "pending", "listed", "delisted", "pending", "listed"] {
        b.goto(&format!("/products/{tab}")).await;
        b.wait(&format!("the {tab} tab"), "R().querySelector('.apx-pager') || R().querySelector('.apx-empty')").await;
    }
    let mut open = open_streams(b).await;
    for _ in 0..20 {
        if open <= 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        open = open_streams(b).await;
    }
    assert!(open <= 1, "{open} streams still open after 8 page loads");
}

//! The seller's whole flow in the built console, in headless Chromium against the
//! reference backend: publish, review, list, delist; rejection and resubmission; the
//! withdrawals, 克隆 and 删除; exactly the operations of each status; search and
//! pagination; a product changed elsewhere; 详情 and 预览.

mod common;

use common::*;

/// Switches identity through the header (切换身份) to the demo account named `who`.
async fn switch_to(s: &Setup, who: &str) {
    let b = &s.browser;
    b.click_on(".apx-header button", "切换身份").await;
    b.click_on(".apx-session__accounts button", who).await;
    b.wait(&format!("signed in as {who}"), &format!("T(R().querySelector('.apx-header')).includes({who:?})")).await;
}

/// As the reviewer: opens the request for `name` from the queue and decides it.
async fn review(s: &Setup, name: &str, decision: &str) {
    let b = &s.browser;
    b.click_on(".apx-nav a", "审核队列").await;
    s.row_op(name, "预览并审核").await;
    b.wait_text(name).await;
    b.click_on(".apx-decision button", decision).await;
    b.wait("back on the queue", "location.pathname === '/review'").await;
    b.wait_text(&format!("已{decision}：“{name}”")).await;
}

async fn tab(s: &Setup, name: &str) {
    s.browser.click_on(".apx-tabs a", name).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_seed_flow_runs_from_publish_to_delisted() {
    let s = setup().await;
    let b = &s.browser;
    s.sign_in("示例服务商 A").await;
    b.click_on("a", "发布商品").await;
    let name = "天气查询 API 全流程";
    s.publish(name).await;
    s.wait_row(name, "上架审核中").await;

    switch_to(&s, "云市场审核员").await;
    review(&s, name, "通过").await;

    switch_to(&s, "示例服务商 A").await;
    tab(&s, "待上架").await;
    s.wait_row(name, "上架审核通过").await;
    s.row_op(name, "上架").await;
    b.wait_text(&format!("已上架：“{name}”")).await;
    // Gone from 待上架 without a reload; on sale under 已上架.
    b.wait("the row left 待上架", &format!("!T(R().querySelector('tbody')).includes({name:?})")).await;
    tab(&s, "已上架").await;
    s.wait_row(name, "已上架").await;

    s.row_op(name, "申请下架").await;
    s.confirm("申请下架").await;
    s.wait_row(name, "下架审核中").await;

    switch_to(&s, "云市场审核员").await;
    review(&s, name, "通过").await;

    switch_to(&s, "示例服务商 A").await;
    tab(&s, "已上架").await;
    s.wait_row(name, "下架审核通过").await;
    s.row_op(name, "下架").await;
    s.confirm("下架").await;
    b.wait_text(&format!("已下架：“{name}”")).await;
    tab(&s, "已下架").await;
    s.wait_row(name, "已下架").await;
    assert_eq!(s.row_ops(name).await, ["详情", "克隆", "预览", "删除"]);
}

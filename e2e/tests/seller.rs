//! The seller's whole flow in the built console, in headless Chromium against the
//! reference backend: publish, review, list, delist; rejection and resubmission; the
//! withdrawals, 克隆 and 删除; exactly the operations of each status; search and
//! pagination; a product changed elsewhere; 详情 and 预览.

mod common;

use common::*;

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_product_shows_the_reason_and_is_edited_and_resubmitted() {
    let s = setup().await;
    let b = &s.browser;
    let name = "被驳回的商品";
    s.product_in(name, "listing_review").await;
    s.sign_in("云市场审核员").await;
    b.click_on(".apx-nav a", "审核队列").await;
    s.row_op(name, "预览并审核").await;
    // 驳回 needs a reason: without one it says so next to the field and stays.
    b.click_on(".apx-decision button", "驳回").await;
    b.wait("the reason marked", "R().querySelector('#apx-f-reason').getAttribute('aria-invalid') === 'true'").await;
    b.wait("the reason's error", "T(R().querySelector('#apx-f-reason-error')) === '请填写此项'").await;
    b.type_into("#apx-f-reason", "图标模糊，请上传清晰的图标").await;
    b.click_on(".apx-decision button", "驳回").await;
    b.wait_text(&format!("已驳回：“{name}”")).await;

    switch_to(&s, "示例服务商 A").await;
    tab(&s, "待上架").await;
    s.wait_row(name, "上架审核未通过").await;
    s.wait_row(name, "图标模糊，请上传清晰的图标").await;
    assert_eq!(s.row_ops(name).await, ["详情", "编辑", "预览", "删除", "克隆"]);
    s.row_op(name, "编辑").await;
    b.wait(
        "the form with the product",
        &format!("R().querySelector('#apx-f-name') && R().querySelector('#apx-f-name').value === {name:?}"),
    )
    .await;
    // The form says what an edit does; nothing changes before 修改此商品.
    b.wait_text("此商品的上架审核未通过。修改后它将成为草稿，需要重新提交审核").await;
    b.click_on("button", "修改此商品").await;
    let fixed = "被驳回的商品（已修改）";
    b.type_into("#apx-f-name", fixed).await;
    s.to_last_step().await;
    b.click_on("button", "提交审核").await;
    b.wait("the pending tab", "location.pathname.endsWith('/products/pending')").await;
    s.wait_row(fixed, "上架审核中").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn withdrawals_ask_first_and_move_the_product() {
    let s = setup().await;
    let b = &s.browser;
    let in_review = s.product_in("审核中的商品", "listing_review").await;
    s.product_in("下架审核中的商品", "delist_review").await;
    s.sign_in("示例服务商 A").await;
    tab(&s, "待上架").await;
    // Cancelling (Escape) changes nothing.
    s.row_op("审核中的商品", "撤回审核").await;
    b.wait("the confirmation", "R().querySelector('dialog.apx-modal[open]')").await;
    b.wait_text("确定撤回“审核中的商品”的上架审核吗？").await;
    b.press(&[key::ESCAPE]).await;
    b.wait("the dialog closed", "!R().querySelector('dialog.apx-modal[open]')").await;
    assert_eq!(s.status_of(&in_review.id).await, "listing_review");
    s.row_op("审核中的商品", "撤回审核").await;
    s.confirm("撤回审核").await;
    s.wait_row("审核中的商品", "上架审核已撤回").await;
    assert_eq!(s.status_of(&in_review.id).await, "listing_withdrawn");

    tab(&s, "已上架").await;
    s.wait_row("下架审核中的商品", "下架审核中").await;
    s.row_op("下架审核中的商品", "撤回下架申请").await;
    s.confirm("撤回下架申请").await;
    b.wait_text("已撤回下架申请：“下架审核中的商品”").await;
    s.wait_row("下架审核中的商品", "已上架").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clone_opens_a_copy_and_delete_removes_it_from_every_list() {
    let s = setup().await;
    let b = &s.browser;
    s.product_in("原商品", "listed").await;
    s.sign_in("示例服务商 A").await;
    s.wait_row("原商品", "已上架").await;
    s.row_op("原商品", "克隆").await;
    b.wait("the form on the copy", "/^\\/publish\\/[^/]+\\/1$/.test(location.pathname)").await;
    b.wait(
        "the copied name",
        "R().querySelector('#apx-f-name') && R().querySelector('#apx-f-name').value === '原商品'",
    )
    .await;
    let copy = b.path().await.trim_start_matches("/publish/").trim_end_matches("/1").to_owned();
    b.type_into("#apx-f-name", "原商品的副本").await;
    b.click_on("button", "保存草稿").await;
    b.wait_text("草稿已保存").await;
    b.click_on(".apx-nav a", "商品管理").await;
    s.wait_row("原商品", "已上架").await;
    tab(&s, "待上架").await;
    s.wait_row("原商品的副本", "草稿").await;
    assert_eq!(s.row_ops("原商品的副本").await, ["编辑", "预览", "删除", "克隆"]);

    s.row_op("原商品的副本", "删除").await;
    b.wait_text("确定删除“原商品的副本”吗？").await;
    s.confirm("删除").await;
    b.wait_text("已删除：“原商品的副本”").await;
    b.wait("the row gone", "!T(R().querySelector('tbody')).includes('原商品的副本')").await;
    let gone = s.server.get(SELLER_A, &format!("/products/{copy}")).await;
    assert_eq!(gone.status(), 404);
    for t in ["已上架", "已下架"] {
        tab(&s, t).await;
        b.wait(t, "R().querySelector('table[aria-busy=\"false\"]')").await;
        assert!(!b.text().await.contains("原商品的副本"), "the deleted product is not on {t}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_status_offers_exactly_its_operations_with_its_reason() {
    let s = setup().await;
    let b = &s.browser;
    let table: [(&str, &str, &[&str]); 10] = [
        ("draft", "草稿", &["编辑", "预览", "删除", "克隆"]),
        ("listing_review", "上架审核中", &["详情", "撤回审核", "预览", "克隆"]),
        ("listing_approved", "上架审核通过", &["详情", "上架", "编辑", "预览", "删除", "克隆"]),
        ("listing_rejected", "上架审核未通过", &["详情", "编辑", "预览", "删除", "克隆"]),
        ("listed", "已上架", &["详情", "修改", "申请下架", "克隆"]),
        ("delist_review", "下架审核中", &["详情", "撤回下架申请", "克隆"]),
        ("delist_approved", "下架审核通过", &["详情", "下架", "克隆"]),
        ("delisted", "已下架", &["详情", "克隆", "预览", "删除"]),
        ("listing_withdrawn", "上架审核已撤回", &["详情", "编辑", "预览", "删除", "克隆"]),
        ("delist_rejected", "下架审核驳回", &["详情", "撤回下架申请", "克隆"]),
    ];
    for (status, _, _) in &table[..8] {
        s.product_in(&format!("状态 {status}"), status).await;
    }
    let withdrawn = s.product_in("状态 listing_withdrawn", "listing_review").await;
    s.act(false, &withdrawn.id, "withdraw-review").await;
    let rejected = s.product_in("状态 delist_rejected", "delist_review").await;
    s.act(true, &rejected.id, "reject").await;

    s.sign_in("示例服务商 A").await;
    let mut seen = 0;
    for t in ["已上架", "待上架", "已下架"] {
        tab(&s, t).await;
        b.wait(t, "R().querySelector('table[aria-busy=\"false\"]') && R().querySelectorAll('tbody tr').length > 0")
            .await;
        for (status, zh, ops) in &table {
            let name = format!("状态 {status}");
            if b.text().await.contains(&name) {
                s.wait_row(&name, zh).await;
                assert_eq!(&s.row_ops(&name).await, ops, "{zh}");
                seen += 1;
            }
        }
    }
    assert_eq!(seen, table.len(), "every status is on one tab");
    // The reviewer's reason shows where the status does.
    tab(&s, "已上架").await;
    s.wait_row("状态 delist_rejected", "图片不清晰").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_and_pagination_come_from_the_server() {
    let s = setup().await;
    let b = &s.browser;
    for i in 1..=12 {
        let content = domain::model::ProductContent { name: format!("批量商品 {i:02}"), ..Default::default() };
        s.server.create(SELLER_A, content).await;
    }
    s.server.create(SELLER_A, domain::model::ProductContent { name: "另一个".into(), ..Default::default() }).await;
    s.sign_in("示例服务商 A").await;
    // Empty tabs say so.
    b.wait_text("还没有已上架的商品").await;
    tab(&s, "待上架").await;
    b.wait_text("共 13 个商品").await;
    b.wait_text("第 1 / 2 页").await;
    assert_eq!(b.count("tbody tr").await, 10);
    b.click_on(".apx-pager button", "下一页").await;
    b.wait_text("第 2 / 2 页").await;
    b.wait("3 rows", "R().querySelectorAll('tbody tr').length === 3").await;
    b.type_into("#apx-search", "批量").await;
    b.click_on(".apx-search button", "搜索").await;
    b.wait_text("共 12 个商品").await;
    b.wait_text("第 1 / 2 页").await;
    assert!(!b.text().await.contains("另一个"));
    // The search and page are in the address: a reload shows the same rows.
    b.click_on(".apx-pager button", "下一页").await;
    b.wait_text("第 2 / 2 页").await;
    b.wait("the address", "new URLSearchParams(location.search).get('page') === '2'").await;
    b.js("location.reload();", vec![]).await;
    b.wait_text("第 2 / 2 页").await;
    b.wait_text("共 12 个商品").await;
    assert_eq!(b.value("#apx-search").await, "批量");
    // An address past the last page (an old bookmark) shows the last page.
    b.goto("/products/pending?q=%E6%89%B9%E9%87%8F&page=999").await;
    b.wait_text("第 2 / 2 页").await;
    b.wait("the address corrected", "new URLSearchParams(location.search).get('page') === '2'").await;
    b.type_into("#apx-search", "不存在的名字").await;
    b.press(&[key::ENTER]).await;
    b.wait_text("没有名称包含“不存在的名字”的商品。").await;
    b.click_on(".apx-empty button", "清除搜索").await;
    b.wait_text("共 13 个商品").await;
    assert_eq!(b.value("#apx-search").await, "");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_product_changed_elsewhere_is_shown_as_it_is_now() {
    let s = setup().await;
    let b = &s.browser;
    let p = s.product_in("别处变化的商品", "listing_review").await;
    // Without the event stream (down, or a proxy that cuts it) the list is not told:
    // the operation meets the product as it is now.
    b.cdp("Network.enable", serde_json::json!({})).await;
    b.cdp("Network.setBlockedURLs", serde_json::json!({ "urls": ["*/api/v1/events*"] })).await;
    s.sign_in("示例服务商 A").await;
    tab(&s, "待上架").await;
    s.wait_row("别处变化的商品", "上架审核中").await;
    // Meanwhile the marketplace approves it.
    s.act(true, &p.id, "approve").await;
    s.row_op("别处变化的商品", "撤回审核").await;
    s.confirm("撤回审核").await;
    b.wait_text("“别处变化的商品”已在别处被更改，现在的状态是“上架审核通过”").await;
    s.wait_row("别处变化的商品", "上架审核通过").await;
    assert_eq!(s.status_of(&p.id).await, "listing_approved");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn detail_is_read_only_and_preview_is_the_buyers_listing() {
    let s = setup().await;
    let b = &s.browser;
    s.product_in("看详情的商品", "listing_rejected").await;
    s.sign_in("示例服务商 A").await;
    tab(&s, "待上架").await;
    s.row_op("看详情的商品", "详情").await;
    b.wait_text("商品详情").await;
    b.wait_text("图片不清晰").await;
    b.wait_text("report.docx").await;
    b.wait_text("全国天气，一次调用").await;
    // Read-only: no field to type into (the listing's spec and package choosers aside).
    assert_eq!(b.count(".apx-main input:not([type=radio]), .apx-main textarea").await, 0);
    b.click_on("a", "返回商品管理").await;
    tab(&s, "待上架").await;
    s.row_op("看详情的商品", "预览").await;
    b.wait(
        "the listing",
        "R().querySelector('.apx-listing') && T(R().querySelector('.apx-listing')).includes('全国天气，一次调用')",
    )
    .await;
    let listing = b.js("return T(R().querySelector('.apx-listing'));", vec![]).await;
    let listing = listing.as_str().unwrap();
    assert!(listing.contains("数据服务 / 天气数据") && listing.contains("¥ 99.00"), "{listing}");
    assert!(!listing.contains("report.docx") && !listing.contains("测试报告"), "no test report on the listing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn detail_offers_the_rows_operations_and_shows_what_they_did() {
    let s = setup().await;
    let b = &s.browser;
    let approved = s.product_in("详情里上架的商品", "listing_approved").await;
    let rejected = s.product_in("详情里删除的商品", "listing_rejected").await;
    s.sign_in("示例服务商 A").await;
    let ops = "return [...R().querySelectorAll('.apx-facts + .apx-ops a, .apx-facts + .apx-ops button')].map(T);";

    b.goto(&format!("/product/{}", approved.id)).await;
    b.wait_text("上架审核通过").await;
    assert_eq!(b.js(ops, vec![]).await, serde_json::json!(["上架", "编辑", "预览", "删除", "克隆"]));
    b.click_on(".apx-ops button", "上架").await;
    b.wait_text("已上架：“详情里上架的商品”").await;
    b.wait("the new status", "T(R().querySelector('.apx-facts')).includes('已上架')").await;
    assert_eq!(b.js(ops, vec![]).await, serde_json::json!(["修改", "申请下架", "克隆"]));
    assert_eq!(s.status_of(&approved.id).await, "listed");

    b.goto(&format!("/product/{}", rejected.id)).await;
    b.wait_text("上架审核未通过").await;
    b.click_on(".apx-ops button", "删除").await;
    s.confirm("删除").await;
    b.wait("back on 待上架", "location.pathname === '/products/pending'").await;
    b.wait("the list", "R().querySelector('table[aria-busy=\"false\"]')").await;
    assert!(!b.text().await.contains("详情里删除的商品"));
    assert_eq!(s.server.get(SELLER_A, &format!("/products/{}", rejected.id)).await.status(), 404);
}

//! Changing a product on sale (SPEC §5a) in the built console: 修改 → 提交变更 while
//! the live listing stays as it was → the reviewer's field-by-field difference → 通过
//! → the new listing and the old version in the history; 驳回 with a reason → 修改 →
//! resubmitted; 撤回变更 and 删除变更 (both ask first); English; axe on the new
//! screens; the widget on the demo seller center telling its host.

mod common;

use common::*;
use domain::model::{ChangeUpdate, Product};

/// The product as the backend has it (the live content).
async fn live(s: &Setup, id: &str) -> Product {
    api::json(s.server.get(SELLER_A, &format!("/products/{id}")).await).await
}

/// Waits until the form holds the change and its autosave is done.
async fn wait_saved(s: &Setup, text: &str) {
    s.browser
        .wait(&format!("saved ({text})"), &format!("T(R().querySelector('.apx-savebar')).includes({text:?})"))
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_is_reviewed_while_the_live_version_stays_on_sale_then_goes_live() {
    let s = setup().await;
    let b = &s.browser;
    let name = "变更中的天气 API";
    let p = s.product_in(name, "listed").await;
    let p = live(&s, &p.id).await;
    s.sign_in("示例服务商 A").await;
    s.wait_row(name, "已上架").await;
    assert_eq!(s.row_ops(name).await, ["详情", "修改", "申请下架", "克隆"]);

    // 修改: the same form on a copy of the live content, saying what a change is.
    s.row_op(name, "修改").await;
    b.wait("the form on the change", &format!("location.pathname === '/publish/{}/change/1'", p.id)).await;
    b.wait_text("线上版本继续销售").await;
    b.wait("the live name", &format!("R().querySelector('#apx-f-name')?.value === {name:?}")).await;
    s.next("下一步：基本信息", "/change/2").await;
    b.type_into("#apx-f-summary", "全国天气，每小时更新").await;
    wait_saved(&s, "草稿已保存").await;
    audit(b, "the publish form on a change").await;
    for (button, step) in
        [("下一步：业务信息", "/change/3"), ("下一步：销售信息", "/change/4"), ("下一步：提交变更", "/change/5")]
    {
        s.next(button, step).await;
    }
    // The last step is named as its button: a change is submitted, not a product.
    b.wait(
        "the step named 提交变更",
        "R().querySelector('.apx-step__title')?.textContent.trim().startsWith('提交变更')",
    )
    .await;
    b.wait(
        "the indicator's step 5",
        "R().querySelector('.apx-steps__step--current')?.textContent.includes('提交变更')",
    )
    .await;
    // 预览 shows the proposed version, and the live one on request.
    b.click_on("a", "预览").await;
    b.wait("the change's preview", "location.pathname.endsWith('/change/preview')").await;
    b.wait_text("全国天气，每小时更新").await;
    b.click_on(".apx-switch button", "线上版本").await;
    b.wait("the live listing", "!T(R().querySelector('.apx-listing')).includes('每小时更新')").await;
    audit(b, "the change's preview").await;
    b.click_on(".apx-switch button", "变更后").await;
    b.click_on(".apx-preview__actions button", "提交变更").await;
    b.wait("back on 已上架", "location.pathname.endsWith('/products/listed')").await;
    s.wait_row(name, "变更审核中").await;
    assert_eq!(s.row_ops(name).await, ["详情", "撤回变更", "克隆"]);
    // Buyers still get the live version.
    assert_eq!(live(&s, &p.id).await.content, p.content);

    // The reviewer: a 变更申请 with the difference, field by field.
    switch_to(&s, "云市场审核员").await;
    b.click_on(".apx-nav a", "审核队列").await;
    s.wait_row(name, "变更申请").await;
    s.row_op(name, "预览并审核").await;
    b.wait("the difference", "R().querySelector('.apx-diff tr[data-field=\"summary\"] ins')").await;
    let marked = b.js("return T(R().querySelector('.apx-diff tr[data-field=\"summary\"] ins'));", vec![]).await;
    assert_eq!(marked, "每小时更新");
    let struck = b.js("return T(R().querySelector('.apx-diff tr[data-field=\"summary\"] del'));", vec![]).await;
    assert_eq!(struck, "一次调用");
    assert_eq!(b.count(".apx-diff tbody tr").await, 1, "only the changed field");
    audit(b, "a change request").await;
    b.click_on(".apx-decision button", "通过").await;
    b.wait_text(&format!("已通过：“{name}”")).await;

    // Live at once; 详情 lists both versions and what the second changed.
    let after = live(&s, &p.id).await;
    assert_eq!(after.content.summary, "全国天气，每小时更新");
    assert_eq!((after.version, after.change), (p.version + 1, None));
    switch_to(&s, "示例服务商 A").await;
    s.wait_row(name, "已上架").await;
    assert_eq!(s.row_ops(name).await, ["详情", "修改", "申请下架", "克隆"]);
    s.row_op(name, "详情").await;
    b.wait_text("已通过的版本").await;
    b.wait_text("修改了：商品简介").await;
    b.wait_text("首次上架").await;
    audit(b, "详情 with its versions").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_image_added_in_a_change_is_the_reviewers_to_see_and_goes_live_with_it() {
    let s = setup().await;
    let b = &s.browser;
    let name = "换了图片的天气 API";
    let p = s.product_in(name, "listed").await;
    let p = live(&s, &p.id).await;
    s.sign_in("示例服务商 A").await;
    s.wait_row(name, "已上架").await;
    s.row_op(name, "修改").await;
    b.wait("the live name", &format!("R().querySelector('#apx-f-name')?.value === {name:?}")).await;
    s.next("下一步：基本信息", "/change/2").await;
    // A second 商品图片, uploaded inside the change.
    s.upload("#apx-f-images", &s.files.cover).await;
    wait_saved(&s, "草稿已保存").await;
    let r = s.server.get(SELLER_A, &format!("/products/{}/change", p.id)).await;
    let proposed: domain::model::Change = api::json(r).await;
    assert_eq!(proposed.content.images.len(), p.content.images.len() + 1, "the change holds the new image");
    let added = proposed.content.images.last().cloned().expect("the new image");
    // The live product still has its own images only.
    assert_eq!(live(&s, &p.id).await.content.images, p.content.images);
    for (button, step) in
        [("下一步：业务信息", "/change/3"), ("下一步：销售信息", "/change/4"), ("下一步：提交变更", "/change/5")]
    {
        s.next(button, step).await;
    }
    b.click_on(".apx-actions button", "提交变更").await;
    s.wait_row(name, "变更审核中").await;

    // The reviewer sees the images side by side: the new one loads with their token.
    switch_to(&s, "云市场审核员").await;
    b.click_on(".apx-nav a", "审核队列").await;
    s.wait_row(name, "变更申请").await;
    s.row_op(name, "预览并审核").await;
    let proposed_cell = "R().querySelector('.apx-diff tr[data-field=\"images\"] td:last-of-type')";
    b.wait(
        "the proposed images, loaded",
        &format!(
            "(() => {{ const imgs = [...({proposed_cell}?.querySelectorAll('img') ?? [])]; \
             return imgs.length === {} && imgs.every((i) => i.complete && i.naturalWidth > 0 && !i.hasAttribute('aria-busy')); }})()",
            p.content.images.len() + 1
        ),
    )
    .await;
    b.click_on(".apx-decision button", "通过").await;
    b.wait_text(&format!("已通过：“{name}”")).await;

    // Live with the new image; the seller's file is theirs to read.
    let after = live(&s, &p.id).await;
    assert_eq!(after.content.images.last(), Some(&added));
    assert!(after.change.is_none());
    let file = s.server.get(SELLER_A, &format!("/files/{}", added.id)).await;
    assert_eq!(file.status(), reqwest::StatusCode::OK);
    let kind = file.headers()["content-type"].to_str().unwrap_or_default().to_owned();
    assert!(kind.starts_with("image/"), "{kind}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_change_is_edited_and_resubmitted_withdrawn_and_deleted() {
    let s = setup().await;
    let b = &s.browser;
    let name = "被驳回变更的商品";
    let p = s.product_in(name, "listed").await;
    let p = live(&s, &p.id).await;
    // A change submitted and rejected elsewhere (another tab, the marketplace).
    let mut content = p.content.clone();
    content.name = "名称写错的版本".into();
    let r = s.server.put(SELLER_A, &format!("/products/{}/change", p.id), &ChangeUpdate { version: 0, content }).await;
    api::expect(r, reqwest::StatusCode::OK).await;
    api::expect(
        s.server.post_empty(SELLER_A, &format!("/products/{}/change/submit", p.id)).await,
        reqwest::StatusCode::OK,
    )
    .await;
    s.act(true, &p.id, "reject").await;

    s.sign_in("示例服务商 A").await;
    s.wait_row(name, "变更未通过").await;
    s.wait_row(name, "图片不清晰").await;
    assert_eq!(s.row_ops(name).await, ["详情", "修改", "删除变更", "申请下架", "克隆"]);
    // 修改 continues the same change, with the reason on the form.
    s.row_op(name, "修改").await;
    b.wait("the change's name", "R().querySelector('#apx-f-name')?.value === '名称写错的版本'").await;
    b.wait_text("变更未通过审核：图片不清晰").await;
    b.type_into("#apx-f-name", "名称已改正的版本").await;
    wait_saved(&s, "草稿已保存").await;
    s.to_last_step_of_change().await;
    b.click_on(".apx-actions button", "提交变更").await;
    s.wait_row(name, "变更审核中").await;

    // 撤回变更 asks first; then it is a change draft again.
    s.row_op(name, "撤回变更").await;
    b.wait_text("撤回“被驳回变更的商品”的变更审核").await;
    s.confirm("撤回变更").await;
    s.wait_row(name, "变更草稿").await;
    // 申请下架 says the change draft goes when the product is delisted; cancelled here.
    s.row_op(name, "申请下架").await;
    b.wait_text("未提交的变更草稿将被丢弃").await;
    b.click_on("dialog.apx-modal[open] button", "取消").await;
    // 删除变更 asks first; the product is as it was, the live name never changed.
    s.row_op(name, "删除变更").await;
    s.confirm("删除变更").await;
    b.wait_text(&format!("已删除变更：“{name}”")).await;
    b.wait("no change badge", "!R().querySelector('tbody .apx-change')").await;
    assert_eq!(s.row_ops(name).await, ["详情", "修改", "申请下架", "克隆"]);
    assert_eq!(live(&s, &p.id).await, p);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_english_a_change_reads_as_one() {
    let s = setup().await;
    let b = &s.browser;
    let name = "Weather API";
    let p = s.product_in(name, "listed").await;
    let mut content = p.content.clone();
    content.summary = "Hourly weather".into();
    let r = s.server.put(SELLER_A, &format!("/products/{}/change", p.id), &ChangeUpdate { version: 0, content }).await;
    api::expect(r, reqwest::StatusCode::OK).await;
    s.sign_in("示例服务商 A").await;
    b.js("localStorage.setItem('apx.locale', 'en');", vec![]).await;
    b.goto("/products/listed").await;
    s.wait_row(name, "Change draft").await;
    assert_eq!(s.row_ops(name).await, ["Details", "Modify", "Delete change", "Request delisting", "Clone"]);
    s.row_op(name, "Modify").await;
    b.wait_text("the live version stays on sale").await;
    s.browser.goto(&format!("/publish/{}/change/5", p.id)).await;
    b.wait("Submit change", "[...R().querySelectorAll('.apx-actions button')].some((el) => T(el) === 'Submit change')")
        .await;
    b.click_on(".apx-actions button", "Submit change").await;
    s.wait_row(name, "Change in review").await;
    b.click_on(".apx-header button", "Switch identity").await;
    b.click_on(".apx-session__accounts button", "云市场审核员").await;
    b.click_on(".apx-nav a", "Review queue").await;
    s.wait_row(name, "Change request").await;
    s.row_op(name, "Preview and review").await;
    b.wait_text("What changes").await;
    b.wait_text("Live version").await;
    b.wait_text("Proposed").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_the_widget_the_host_hears_of_a_submitted_change_and_of_its_approval() {
    let s = setup().await;
    let b = &s.browser;
    let name = "挂件里修改的商品";
    let p = s.product_in(name, "listed").await;
    b.goto("/seller-center/api-products/products/listed").await;
    b.wait("the widget", "R().querySelector('.apx-root')").await;
    s.wait_row(name, "已上架").await;
    s.row_op(name, "修改").await;
    b.wait("the form", &format!("location.pathname === '/seller-center/api-products/publish/{}/change/1'", p.id)).await;
    b.wait("the live name", &format!("R().querySelector('#apx-f-name')?.value === {name:?}")).await;
    // In a shadow root chromedriver types at the end of the text: empty it first.
    b.js("const f = R().querySelector('#apx-f-name'); f.value = ''; f.dispatchEvent(new Event('input', { bubbles: true }));", vec![]).await;
    b.type_into("#apx-f-name", "挂件里修改后的商品").await;
    wait_saved(&s, "草稿已保存").await;
    s.to_last_step_of_change().await;
    b.click_on(".apx-actions button", "提交变更").await;
    b.wait(
        "apx-change-submitted",
        "document.querySelectorAll('#host-events li[data-type=\"apx-change-submitted\"]').length === 1",
    )
    .await;
    b.wait("back on 已上架", "location.pathname === '/seller-center/api-products/products/listed'").await;
    s.wait_row(name, "变更审核中").await;
    audit(b, "the widget with a change in review").await;
    // The marketplace's reviewer, in the same widget: 通过 → apx-changed, live at once.
    b.goto(&format!("/seller-center/api-products/review/{}?token=demo-reviewer", p.id)).await;
    b.wait("the difference", "R().querySelector('.apx-diff tr[data-field=\"name\"]')").await;
    b.click_on(".apx-decision button", "通过").await;
    b.wait("apx-changed", "document.querySelectorAll('#host-events li[data-type=\"apx-changed\"]').length === 1").await;
    let logged = b.js("return document.querySelector('#host-events li').dataset.id;", vec![]).await;
    assert_eq!(logged, p.id.as_str());
    assert_eq!(live(&s, &p.id).await.content.name, "挂件里修改后的商品");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_saved_in_another_tab_meanwhile_offers_both_versions() {
    let s = setup().await;
    let b = &s.browser;
    let name = "两个标签页里修改的商品";
    let p = s.product_in(name, "listed").await;
    s.sign_in("示例服务商 A").await;
    b.goto(&format!("/publish/{}/change/2", p.id)).await;
    b.wait("the form on the change", "R().querySelector('#apx-f-summary')").await;
    b.type_into("#apx-f-summary", "本页的修改").await;
    wait_saved(&s, "草稿已保存").await;
    // Another tab saves the change (version 1 → 2).
    let change: domain::model::Change =
        api::json(s.server.get(SELLER_A, &format!("/products/{}/change", p.id)).await).await;
    let mut theirs = change.content.clone();
    theirs.summary = "另一个标签页的修改".into();
    let update = ChangeUpdate { version: change.version, content: theirs };
    api::expect(s.server.put(SELLER_A, &format!("/products/{}/change", p.id), &update).await, reqwest::StatusCode::OK)
        .await;
    // This tab's next save meets it: both are offered; keeping mine writes over it.
    b.type_into("#apx-f-summary", "本页的第二次修改").await;
    b.wait_text("请选择保留哪一份").await;
    b.click_on("button", "保留我的修改").await;
    wait_saved(&s, "草稿已保存").await;
    let saved: domain::model::Change =
        api::json(s.server.get(SELLER_A, &format!("/products/{}/change", p.id)).await).await;
    assert_eq!((saved.content.summary.as_str(), saved.version), ("本页的第二次修改", change.version + 2));
    // The live product never changed.
    assert_eq!(live(&s, &p.id).await.content.summary, "全国天气，一次调用");
}

//! A seller never loses work, an approval or their place: changes kept in the browser
//! across a tab closed while offline, a decided product that only changes once the seller
//! confirms, a preview with a way back (and 提交审核), the listing's usage document as a
//! download, S4-SAVE across a reload, refused files, and the console at phone width.

mod common;

use std::time::{Duration, Instant};

use common::{api, setup, Setup, SELLER_A};
use domain::model::Product;

/// The product as the backend has it.
async fn backend_copy(s: &Setup, id: &str) -> Product {
    api::json(s.server.get(SELLER_A, &format!("/products/{id}")).await).await
}

/// Waits until the backend's copy of `id` satisfies `condition`.
async fn wait_backend(s: &Setup, id: &str, what: &str, condition: impl Fn(&Product) -> bool) -> Product {
    let started = Instant::now();
    loop {
        let product = backend_copy(s, id).await;
        if condition(&product) {
            return product;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "the backend never had {what}: {product:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Opens step `step` of the draft `id` and waits for its content.
async fn open_step(s: &Setup, id: &str, step: u8) {
    s.browser.goto(&format!("/publish/{id}/{step}")).await;
    let ready = format!("location.pathname.endsWith('/{step}') && R().querySelector('.apx-step__title') && T(R().querySelector('.apx-step__counter')).startsWith('第 {step}')");
    s.browser.wait(&format!("step {step}"), &ready).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tab_closed_while_offline_loses_nothing_and_the_draft_reopens_with_it() {
    let s = setup().await;
    let b = &s.browser;
    let draft = s.draft(SELLER_A, "离线前的名字").await;
    s.sign_in("示例服务商 A").await;
    open_step(&s, &draft.id, 1).await;
    b.wait("the draft's name", "R().querySelector('#apx-f-name').value === '离线前的名字'").await;

    b.offline(true).await;
    b.type_into("#apx-f-name", "离线时改的名字").await;
    b.wait("the save waiting for the network", "T(R().querySelector('.apx-savebar__status')).includes('网络异常')")
        .await;
    assert_eq!(backend_copy(&s, &draft.id).await.content.name, "离线前的名字");
    b.close_tab().await;

    // A new tab, online: the draft opens with what was typed, says so, and saves it.
    open_step(&s, &draft.id, 1).await;
    b.wait("the kept name", "R().querySelector('#apx-f-name').value === '离线时改的名字'").await;
    b.wait_text("已恢复此前未保存到服务器的修改").await;
    wait_backend(&s, &draft.id, "the kept name", |p| p.content.name == "离线时改的名字").await;
    b.wait("saved", "T(R().querySelector('.apx-savebar__status')) === '草稿已保存'").await;

    // Once saved, nothing is kept any more: a reload says nothing was restored.
    open_step(&s, &draft.id, 2).await;
    b.goto(&format!("/publish/{}/1", draft.id)).await;
    b.wait(
        "the name",
        "R().querySelector('#apx-f-name') && R().querySelector('#apx-f-name').value === '离线时改的名字'",
    )
    .await;
    assert!(!b.text().await.contains("已恢复"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kept_changes_meet_a_newer_copy_and_the_seller_chooses() {
    let s = setup().await;
    let b = &s.browser;
    let draft = s.draft(SELLER_A, "两边都改了").await;
    s.sign_in("示例服务商 A").await;
    open_step(&s, &draft.id, 1).await;
    b.offline(true).await;
    b.type_into("#apx-f-name", "本机的名字").await;
    b.wait("offline", "T(R().querySelector('.apx-savebar__status')).includes('网络异常')").await;
    b.close_tab().await;

    // Meanwhile another device saved the draft.
    let mut theirs = backend_copy(&s, &draft.id).await;
    theirs.content.name = "别处的名字".into();
    let body = serde_json::json!({ "version": theirs.version, "content": theirs.content });
    api::expect(s.server.put(SELLER_A, &format!("/products/{}", draft.id), &body).await, reqwest::StatusCode::OK).await;

    open_step(&s, &draft.id, 1).await;
    b.wait_text("本机保存了此商品尚未提交到服务器的修改").await;
    b.wait("this browser's name in the form", "R().querySelector('#apx-f-name').value === '本机的名字'").await;
    assert_eq!(backend_copy(&s, &draft.id).await.content.name, "别处的名字", "nothing written before the choice");
    b.click_on("button", "保留我的修改").await;
    wait_backend(&s, &draft.id, "this browser's name", |p| p.content.name == "本机的名字").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_approved_product_opened_in_edit_and_left_stays_approved_until_the_seller_confirms() {
    let s = setup().await;
    let b = &s.browser;
    let name = "已通过审核的商品";
    let product = s.product_in(name, "listing_approved").await;
    let before = backend_copy(&s, &product.id).await;
    s.sign_in("示例服务商 A").await;
    b.click_on(".apx-tabs a", "待上架").await;
    s.wait_row(name, "上架审核通过").await;
    s.row_op(name, "编辑").await;
    b.wait_text("此商品已通过审核。修改后它将成为草稿，需要重新提交审核，当前的审核通过随之失效").await;
    b.wait("the form read-only", "R().querySelector('#apx-f-name').matches(':disabled')").await;
    // Going through the steps changes nothing either (step 4 opens with its spec).
    open_step(&s, &product.id, 4).await;
    open_step(&s, &product.id, 5).await;
    assert!(b.try_find("button", "提交审核").await.is_none(), "no 提交审核 for an approved product not changed");
    b.click_on(".apx-nav a", "商品管理").await;
    b.click_on(".apx-tabs a", "待上架").await;
    s.wait_row(name, "上架审核通过").await;
    tokio::time::sleep(Duration::from_millis(2000)).await; // past any autosave
    let after = backend_copy(&s, &product.id).await;
    assert_eq!((after.status, after.version), (before.status, before.version), "left as it was");

    // Confirmed: the first change makes it a draft that needs a new review.
    s.row_op(name, "编辑").await;
    b.click_on("button", "修改此商品").await;
    b.wait("the form enabled", "!R().querySelector('#apx-f-name').matches(':disabled')").await;
    b.wait_text("正在修改").await;
    b.type_into("#apx-f-name", "已通过审核的商品（改）").await;
    let changed = wait_backend(&s, &product.id, "the change", |p| p.content.name == "已通过审核的商品（改）").await;
    assert_eq!(changed.status.slug(), "draft");
    open_step(&s, &product.id, 5).await;
    b.find("button", "提交审核").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_preview_names_the_draft_survives_a_reload_and_leads_back_or_submits() {
    let s = setup().await;
    let b = &s.browser;
    let draft = s.draft(SELLER_A, "可预览的草稿").await;
    s.sign_in("示例服务商 A").await;
    open_step(&s, &draft.id, 5).await;
    b.click_on("a", "预览").await;
    let preview = format!("/publish/{}/preview", draft.id);
    b.wait("the preview's address", &format!("location.pathname.endsWith({preview:?})")).await;
    b.goto(&preview).await;
    b.wait_text("可预览的草稿").await;
    let text = b.text().await;
    assert!(text.contains("12 个月"), "有效期 reads naturally: {text}");
    assert!(!text.contains("客户案例"), "an empty section is left out");
    b.find("a", "下载 guide.pdf").await;
    b.click_on("a", "返回编辑").await;
    b.wait("step 5", &format!("location.pathname.endsWith('/publish/{}/5')", draft.id)).await;
    b.click_on("a", "预览").await;
    b.wait("the preview", &format!("location.pathname.endsWith({preview:?})")).await;
    b.click_on("button", "提交审核").await;
    b.wait("the pending tab", "location.pathname.endsWith('/products/pending')").await;
    s.wait_row("可预览的草稿", "上架审核中").await;

    // 预览 of a saved product leads back to its tab.
    s.row_op("可预览的草稿", "预览").await;
    b.wait_text("下载 guide.pdf").await;
    b.click_on("a", "返回商品管理").await;
    b.wait("back on its tab", "location.pathname.endsWith('/products/pending')").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_usage_document_downloads_under_its_name() {
    let s = setup().await;
    let b = &s.browser;
    let product = s.product_in("带使用文档的商品", "listing_review").await;
    let downloads = tempfile::tempdir().expect("a download folder");
    let folder = downloads.path().to_string_lossy().into_owned();
    b.cdp("Browser.setDownloadBehavior", serde_json::json!({ "behavior": "allow", "downloadPath": folder })).await;
    s.sign_in("示例服务商 A").await;
    b.goto(&format!("/product/{}/preview", product.id)).await;
    b.click_on("a", "下载 guide.pdf").await;
    let file = downloads.path().join("guide.pdf");
    let started = Instant::now();
    while !file.exists() {
        assert!(started.elapsed() < Duration::from_secs(20), "guide.pdf never downloaded");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let bytes = std::fs::read(&file).expect("the download");
    assert!(bytes.starts_with(b"%PDF"), "the document itself");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unsaved_spec_stays_unsaved_after_a_reload_and_submit_names_it() {
    let s = setup().await;
    let b = &s.browser;
    let draft = s.draft(SELLER_A, "规格未保存").await;
    s.sign_in("示例服务商 A").await;
    open_step(&s, &draft.id, 4).await;
    b.type_into(&format!("{}-name", b.spec(0).await), "专业版").await;
    b.wait("marked unsaved", "T(R().querySelector('.apx-spec .apx-badge')) === '未保存'").await;
    wait_backend(&s, &draft.id, "the spec's change", |p| p.content.specs[0].name == "专业版").await;
    b.goto(&format!("/publish/{}/4", draft.id)).await;
    b.wait(
        "still unsaved after a reload",
        "R().querySelector('.apx-spec .apx-badge') && T(R().querySelector('.apx-spec .apx-badge')) === '未保存'",
    )
    .await;
    open_step(&s, &draft.id, 5).await;
    b.click_on("button", "提交审核").await;
    b.wait_text("规格「专业版」有未保存的修改，请先保存").await;
    assert_eq!(s.status_of(&draft.id).await, "draft");
    // The backend refuses it too, naming the spec.
    let refused = s.server.post_empty(SELLER_A, &format!("/products/{}/submit", draft.id)).await;
    assert_eq!(refused.status(), reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().await.unwrap_or_default().contains("专业版"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_file_offers_delete_and_another_file_not_retry() {
    let s = setup().await;
    let b = &s.browser;
    s.sign_in("示例服务商 A").await;
    b.click_on("a", "发布商品").await;
    b.wait("step 1", "R().querySelector('#apx-f-name')").await;
    b.choose_files("#apx-f-icon", &[&s.files.pdf]).await;
    b.wait("the refusal", "R().querySelector('.apx-files__job') && R().querySelector('.apx-files__job').dataset.state.startsWith('Failed')").await;
    let job = b.js("return T(R().querySelector('.apx-files__job'));", vec![]).await;
    let job = job.as_str().unwrap_or_default().to_owned();
    assert!(job.contains("PDF"), "says what the file is: {job}");
    assert!(!job.contains("重试"), "no retry for a refused file: {job}");
    assert!(job.contains("删除"), "{job}");
    b.click_on(".apx-files__job button", "删除").await;
    b.wait("the refusal gone", "!R().querySelector('.apx-files__job')").await;
    s.upload("#apx-f-icon", &s.files.icon).await;
}

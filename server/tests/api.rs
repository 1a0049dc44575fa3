//! The `/api/v1` contract as a client meets it: auth and roles, the catalog, uploads
//! checked by content, products with versions, the list, and cross-seller isolation.

mod common;

use common::*;
use domain::model::{
    DemoAccount, FileRef, GatewayService, Package, Product, ProductContent, ProductPage, ProductUpdate, Tag, User,
};
use domain::{FileKind, Role, Status};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

// --- auth -------------------------------------------------------------------------------

const SELLER_ENDPOINTS: [(&str, &str); 8] = [
    ("GET", "/services"),
    ("GET", "/products"),
    ("POST", "/products"),
    ("GET", "/products/x"),
    ("PUT", "/products/x"),
    ("DELETE", "/products/x"),
    ("POST", "/products/x/clone"),
    ("POST", "/products/x/submit"),
];

const REVIEWER_ENDPOINTS: [(&str, &str); 4] = [
    ("GET", "/review/queue"),
    ("GET", "/review/products/x"),
    ("POST", "/review/products/x/approve"),
    ("POST", "/review/products/x/reject"),
];

#[tokio::test]
async fn no_token_or_an_unknown_one_is_401_everywhere() {
    let s = start().await;
    let all = SELLER_ENDPOINTS.iter().chain(&REVIEWER_ENDPOINTS).chain(&[
        ("GET", "/me"),
        ("GET", "/tags"),
        ("GET", "/categories"),
        ("GET", "/files/x"),
        ("POST", "/files?field=icon"),
    ]);
    for (method, path) in all {
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let none = s.request(method.clone(), None, path).send().await.unwrap();
        assert_eq!(error(none, StatusCode::UNAUTHORIZED).await["code"], "unauthorized", "{method} {path}");
        let bad = s.request(method.clone(), Some("not-a-token"), path).send().await.unwrap();
        error(bad, StatusCode::UNAUTHORIZED).await;
    }
}

#[tokio::test]
async fn sellers_get_403_from_reviewer_endpoints_and_reviewers_from_seller_ones() {
    let s = start().await;
    for (method, path) in REVIEWER_ENDPOINTS {
        let r = s.request(Method::from_bytes(method.as_bytes()).unwrap(), Some(SELLER_A), path).send().await.unwrap();
        assert_eq!(error(r, StatusCode::FORBIDDEN).await["code"], "forbidden", "{method} {path}");
    }
    for (method, path) in SELLER_ENDPOINTS {
        let r = s.request(Method::from_bytes(method.as_bytes()).unwrap(), Some(REVIEWER), path).send().await.unwrap();
        error(r, StatusCode::FORBIDDEN).await;
    }
}

#[tokio::test]
async fn demo_accounts_and_me() {
    let s = start().await;
    let accounts: Vec<DemoAccount> = json(s.http.get(s.url("/demo-accounts")).send().await.unwrap()).await;
    let roles: Vec<Role> = accounts.iter().map(|a| a.user.role).collect();
    assert_eq!(roles, [Role::Seller, Role::Seller, Role::Seller, Role::Reviewer, Role::Reviewer]);
    for account in accounts {
        let me: User = json(expect(s.get(&account.token, "/me").await, StatusCode::OK).await).await;
        assert_eq!(me, account.user);
    }
}

#[tokio::test]
async fn the_api_answers_cross_origin_requests_with_a_bearer_token() {
    let s = start().await;
    let preflight = s
        .request(Method::OPTIONS, None, "/products")
        .header("origin", "http://127.0.0.1:9999")
        .header("access-control-request-method", "PUT")
        .header("access-control-request-headers", "authorization,content-type")
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success());
    assert_eq!(preflight.headers()["access-control-allow-origin"], "*");
    let allowed = preflight.headers()["access-control-allow-headers"].to_str().unwrap().to_owned();
    assert!(allowed.contains("authorization") && allowed.contains("content-type"), "{allowed}");
}

// --- catalog ----------------------------------------------------------------------------

#[tokio::test]
async fn each_seller_sees_only_its_own_gateway_services() {
    let s = start().await;
    let a: Vec<GatewayService> = json(s.get(SELLER_A, "/services").await).await;
    let b: Vec<GatewayService> = json(s.get(SELLER_B, "/services").await).await;
    assert!(!a.is_empty() && !b.is_empty());
    assert!(a.iter().all(|svc| svc.id.starts_with("svc-a-") && svc.access_url.starts_with("https://")));
    assert!(b.iter().all(|svc| svc.id.starts_with("svc-b-")));
}

#[tokio::test]
async fn categories_are_two_levels_and_there_are_at_least_20_tags() {
    let s = start().await;
    let tree: Value = json(s.get(SELLER_A, "/categories").await).await;
    let level1 = tree.as_array().unwrap();
    assert!(level1.len() >= 2);
    for node in level1 {
        let children = node["children"].as_array().unwrap();
        assert!(!children.is_empty());
        assert!(children.iter().all(|c| c.get("children").is_none()), "only two levels");
    }
    let tags: Vec<Tag> = json(s.get(SELLER_A, "/tags").await).await;
    assert!(tags.len() >= 20);
}

// --- uploads ----------------------------------------------------------------------------

#[tokio::test]
async fn an_icon_of_96_square_is_stored_with_its_kind_and_size() {
    let s = start().await;
    let bytes = png(96, 96);
    let file = s.file(SELLER_A, "icon", "../../etc/我的图标.png", bytes.clone()).await;
    assert_eq!(
        (file.kind, file.width, file.height, file.size),
        (FileKind::Png, Some(96), Some(96), bytes.len() as u64)
    );
    assert_eq!(file.name, "我的图标.png", "a client path is cut to its last segment");
    let r = expect(s.get(SELLER_A, &format!("/files/{}", file.id)).await, StatusCode::OK).await;
    assert_eq!(r.headers()["content-type"], "image/png");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert!(r.headers()["content-disposition"].to_str().unwrap().starts_with("inline; filename*=UTF-8''%E6%88%91"));
    assert_eq!(r.bytes().await.unwrap().to_vec(), bytes);
}

#[tokio::test]
async fn an_image_of_the_wrong_size_is_refused_naming_the_size_needed() {
    let s = start().await;
    let e = error(s.upload(SELLER_A, "icon", "icon.png", png(97, 96)).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(e["errors"][0]["key"], "error.pixels");
    assert_eq!(e["errors"][0]["params"]["width"], "96");
    let e = error(s.upload(SELLER_A, "images", "a.png", png(800, 600)).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(e["errors"][0]["rule"], "S2-IMAGES");
    s.file(SELLER_A, "images", "b.png", png(1024, 768)).await;
}

#[tokio::test]
async fn spoofed_file_types_are_refused_naming_what_they_are() {
    let s = start().await;
    let cases = [
        ("icon", "logo.png", b"just some text, named like a picture".to_vec(), "kind.unknown"),
        ("icon", "logo.png", pdf(), "kind.pdf"),
        ("images", "photo.jpg", zip(), "kind.zip"),
        ("test_report", "report.pdf", zip(), "kind.zip"),
        ("service_agreement", "agreement.pdf", docx(), "kind.docx"),
        ("usage_doc", "guide.pdf", Vec::new(), "kind.empty"),
    ];
    for (field, name, bytes, actual) in cases {
        let e = error(s.upload(SELLER_A, field, name, bytes).await, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(e["errors"][0]["key"], "error.wrong_kind", "{field} {name}");
        assert_eq!(e["errors"][0]["params"]["actual"], actual, "{field} {name}");
        assert_eq!(e["field"], field);
    }
}

#[tokio::test]
async fn documents_are_recognised_by_content() {
    let s = start().await;
    assert_eq!(s.file(SELLER_A, "usage_doc", "guide.zip", zip()).await.kind, FileKind::Zip);
    assert_eq!(s.file(SELLER_A, "usage_doc", "guide", pdf()).await.kind, FileKind::Pdf);
    assert_eq!(s.file(SELLER_A, "test_report", "r.doc", doc()).await.kind, FileKind::Doc);
    assert_eq!(s.file(SELLER_A, "test_report", "r.docx", docx()).await.kind, FileKind::Docx);
    assert_eq!(s.file(SELLER_A, "copyright_certs", "c.png", png(10, 10)).await.kind, FileKind::Png);
    let report = s.file(SELLER_A, "test_report", "r.pdf", pdf()).await;
    let r = expect(s.get(SELLER_A, &format!("/files/{}", report.id)).await, StatusCode::OK).await;
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert!(r.headers()["content-disposition"].to_str().unwrap().starts_with("attachment;"));
}

#[tokio::test]
async fn a_file_over_its_field_limit_is_413() {
    let s = start().await;
    let mut big = png(96, 96);
    big.resize(2 * 1024 * 1024 + 1, 0);
    let e = error(s.upload(SELLER_A, "icon", "icon.png", big).await, StatusCode::PAYLOAD_TOO_LARGE).await;
    assert_eq!(e["code"], "too_large");
    assert_eq!(e["errors"][0]["params"]["max_mb"], "2");
    let mut exact = png(96, 96);
    exact.resize(2 * 1024 * 1024, 0);
    s.file(SELLER_A, "icon", "icon.png", exact).await;
}

#[tokio::test]
async fn an_upload_needs_a_known_field_and_a_file_part() {
    let s = start().await;
    let r = s.request(Method::POST, Some(SELLER_A), "/files?field=icon").body("not multipart").send().await.unwrap();
    error(r, StatusCode::BAD_REQUEST).await;
    error(s.upload(SELLER_A, "avatar", "a.png", png(96, 96)).await, StatusCode::BAD_REQUEST).await;
    let form = reqwest::multipart::Form::new().text("other", "x");
    let r = s.request(Method::POST, Some(SELLER_A), "/files?field=icon").multipart(form).send().await.unwrap();
    error(r, StatusCode::BAD_REQUEST).await;
}

#[tokio::test]
async fn files_are_the_owners_and_the_reviewers_of_submitted_products_only() {
    let s = start().await;
    let report = s.file(SELLER_A, "test_report", "r.docx", docx()).await;
    let path = format!("/files/{}", report.id);
    error(s.get(SELLER_B, &path).await, StatusCode::NOT_FOUND).await;
    error(s.get(REVIEWER, &path).await, StatusCode::NOT_FOUND).await;
    expect(s.get(SELLER_A, &path).await, StatusCode::OK).await;
    let mut content = s.complete_content(SELLER_A).await;
    content.test_report = Some(report);
    let p = s.create(SELLER_A, content).await;
    expect(s.post_empty(SELLER_A, &format!("/products/{}/submit", p.id)).await, StatusCode::OK).await;
    expect(s.get(REVIEWER, &path).await, StatusCode::OK).await;
}

#[tokio::test]
async fn a_released_file_is_deleted_once_no_product_refers_to_it() {
    let s = start().await;
    // Not referenced by anything: gone at once.
    let loose = s.file(SELLER_A, "icon", "a.png", png(96, 96)).await;
    expect(s.delete(SELLER_A, &format!("/files/{}", loose.id)).await, StatusCode::NO_CONTENT).await;
    error(s.get(SELLER_A, &format!("/files/{}", loose.id)).await, StatusCode::NOT_FOUND).await;

    // In a saved draft (a re-crop replaced it, the autosave has not run yet): kept until
    // the draft no longer refers to it.
    let old = s.file(SELLER_A, "icon", "old.png", png(96, 96)).await;
    let draft = s.create(SELLER_A, ProductContent { icon: Some(old.clone()), ..Default::default() }).await;
    let path = format!("/files/{}", old.id);
    expect(s.delete(SELLER_A, &path).await, StatusCode::NO_CONTENT).await;
    expect(s.get(SELLER_A, &path).await, StatusCode::OK).await;
    let new = s.file(SELLER_A, "icon", "new.png", png(96, 96)).await;
    let content = ProductContent { icon: Some(new.clone()), ..draft.content.clone() };
    let update = ProductUpdate { version: draft.version, content, reopen: false };
    expect(s.put(SELLER_A, &format!("/products/{}", draft.id), &update).await, StatusCode::OK).await;
    error(s.get(SELLER_A, &path).await, StatusCode::NOT_FOUND).await;
    expect(s.get(SELLER_A, &format!("/files/{}", new.id)).await, StatusCode::OK).await;

    // Only the owner releases a file.
    error(s.delete(SELLER_B, &format!("/files/{}", new.id)).await, StatusCode::NOT_FOUND).await;
    expect(s.get(SELLER_A, &format!("/files/{}", new.id)).await, StatusCode::OK).await;
}

#[tokio::test]
async fn a_file_is_kept_by_its_readers_browser_and_unavailable_to_anyone_once_deleted() {
    let s = start().await;
    let icon = s.file(SELLER_A, "icon", "a.png", png(96, 96)).await;
    let path = format!("/files/{}", icon.id);
    let r = expect(s.get(SELLER_A, &path).await, StatusCode::OK).await;
    assert_eq!(r.headers()["cache-control"], "private, max-age=31536000, immutable");
    assert_eq!(r.headers()["vary"], "Authorization", "a copy kept for one identity is not another's");
    // Not another seller's, cached or not; and once deleted, no one's.
    error(s.get(SELLER_B, &path).await, StatusCode::NOT_FOUND).await;
    expect(s.delete(SELLER_A, &path).await, StatusCode::NO_CONTENT).await;
    for token in [SELLER_A, SELLER_B, REVIEWER] {
        error(s.get(token, &path).await, StatusCode::NOT_FOUND).await;
    }
}

// --- products ---------------------------------------------------------------------------

#[tokio::test]
async fn a_draft_is_created_read_updated_and_versioned() {
    let s = start().await;
    let draft = s.create(SELLER_A, ProductContent { name: "天气".into(), ..Default::default() }).await;
    assert_eq!((draft.status, draft.version), (Status::Draft, 1));
    let read: Product = json(s.get(SELLER_A, &format!("/products/{}", draft.id)).await).await;
    assert_eq!(read, draft);
    let mut content = draft.content.clone();
    content.summary = "一句话".into();
    let saved: Product = json(
        expect(
            s.put(SELLER_A, &format!("/products/{}", draft.id), &ProductUpdate { version: 1, content, reopen: false })
                .await,
            StatusCode::OK,
        )
        .await,
    )
    .await;
    assert_eq!((saved.version, saved.content.summary.as_str()), (2, "一句话"));
}

#[tokio::test]
async fn a_stale_write_is_409_with_the_current_version() {
    let s = start().await;
    let draft = s.create(SELLER_A, Default::default()).await;
    let path = format!("/products/{}", draft.id);
    let mut first = draft.content.clone();
    first.name = "第一个标签页".into();
    expect(s.put(SELLER_A, &path, &ProductUpdate { version: 1, content: first, reopen: false }).await, StatusCode::OK)
        .await;
    let mut second = draft.content.clone();
    second.name = "第二个标签页".into();
    let e = error(
        s.put(SELLER_A, &path, &ProductUpdate { version: 1, content: second, reopen: false }).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(e["code"], "stale");
    assert_eq!(e["current"]["version"], 2);
    assert_eq!(e["current"]["content"]["name"], "第一个标签页");
}

#[tokio::test]
async fn access_info_comes_from_the_chosen_service_not_from_the_client() {
    let s = start().await;
    let mut content = s.complete_content(SELLER_A).await;
    content.specs[0].access_url = "https://evil.example/".into();
    let draft = s.create(SELLER_A, content).await;
    assert_eq!(draft.content.specs[0].access_url, "https://gw.example.com/seller-a/weather/v1");
}

#[tokio::test]
async fn overlong_fields_are_counted_in_grapheme_clusters() {
    let s = start().await;
    let family = "👨‍👩‍👧‍👦";
    let at_limit = domain::model::ProductContent { name: family.repeat(80), ..Default::default() };
    let draft = s.create(SELLER_A, at_limit).await;
    assert_eq!(draft.content.name.chars().count(), 7 * 80, "80 families of 7 code points each");
    let over = domain::model::ProductContent { name: family.repeat(81), ..Default::default() };
    let e = error(
        s.post(SELLER_A, "/products", &domain::model::NewProduct { content: over }).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(e["errors"][0]["key"], "error.too_long");
    assert_eq!(e["errors"][0]["params"]["len"], "81");
}

#[tokio::test]
async fn unknown_paths_and_methods_answer_in_the_error_shape() {
    let s = start().await;
    assert_eq!(error(s.get(SELLER_A, "/nothing-here").await, StatusCode::NOT_FOUND).await["code"], "not_found");
    let r = s.request(Method::PATCH, Some(SELLER_A), "/products").send().await.unwrap();
    assert_eq!(error(r, StatusCode::METHOD_NOT_ALLOWED).await["code"], "method_not_allowed");
}

#[tokio::test]
async fn a_reviewer_reads_a_product_once_it_was_submitted_never_before() {
    let s = start().await;
    let p = s.complete_draft(SELLER_B).await;
    let path = format!("/review/products/{}", p.id);
    // A draft never submitted is the seller's alone: to a reviewer it does not exist.
    error(s.get(REVIEWER, &path).await, StatusCode::NOT_FOUND).await;
    let icon = format!("/files/{}", p.content.icon.as_ref().unwrap().id);
    error(s.get(REVIEWER, &icon).await, StatusCode::NOT_FOUND).await;
    let submitted: Product =
        json(expect(s.post_empty(SELLER_B, &format!("/products/{}/submit", p.id)).await, StatusCode::OK).await).await;
    let seen: Product = json(expect(s.get(REVIEWER, &path).await, StatusCode::OK).await).await;
    assert_eq!(seen, submitted);
    expect(s.get(REVIEWER, &icon).await, StatusCode::OK).await;
    // Withdrawn and edited back into a draft, it stays readable: it was submitted once.
    expect(s.post_empty(SELLER_B, &format!("/products/{}/withdraw-review", p.id)).await, StatusCode::OK).await;
    expect(s.get(REVIEWER, &path).await, StatusCode::OK).await;
    error(s.get(REVIEWER, "/review/products/nope").await, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn malformed_json_is_a_400_in_the_error_shape() {
    let s = start().await;
    for body in ["{bad", "\"just text\"", r#"{"content":{"name":42}}"#, r#"{"content":{"access_type":"saas"}}"#] {
        let r = s
            .request(Method::POST, Some(SELLER_A), "/products")
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(error(r, StatusCode::BAD_REQUEST).await["code"], "bad_request", "{body}");
    }
    let r = s.request(Method::POST, Some(SELLER_A), "/products").body("{}").send().await.unwrap();
    error(r, StatusCode::BAD_REQUEST).await;
    let r = s.request(Method::GET, Some(SELLER_A), "/products?page=minus-one").send().await.unwrap();
    error(r, StatusCode::BAD_REQUEST).await;
}

#[tokio::test]
async fn submit_returns_every_field_error_and_a_complete_product_goes_to_review() {
    let s = start().await;
    let empty = s.create(SELLER_A, Default::default()).await;
    let e = error(
        s.post_empty(SELLER_A, &format!("/products/{}/submit", empty.id)).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let fields: Vec<&str> = e["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(
        fields,
        [
            "name",
            "icon",
            "images",
            "summary",
            "detail",
            "usage_doc",
            "support.hotline",
            "support.email",
            "category",
            "service_agreement",
            "test_report",
            "specs"
        ]
    );
    let complete = s.complete_draft(SELLER_A).await;
    let submitted: Product =
        json(expect(s.post_empty(SELLER_A, &format!("/products/{}/submit", complete.id)).await, StatusCode::OK).await)
            .await;
    assert_eq!(submitted.status, Status::ListingReview);
    let queue: Vec<domain::model::QueueItem> = json(s.get(REVIEWER, "/review/queue").await).await;
    assert_eq!(queue.iter().map(|q| q.product.id.as_str()).collect::<Vec<_>>(), [complete.id.as_str()]);
    assert_eq!(queue[0].seller, "示例服务商 A（天气数据科技）");
}

#[tokio::test]
async fn submit_refuses_a_spec_its_own_save_has_not_taken_naming_it() {
    let s = start().await;
    let mut content = s.complete_content(SELLER_A).await;
    content.specs[0].saved = false;
    let draft = s.create(SELLER_A, content).await;
    assert!(!draft.content.specs[0].saved, "the draft keeps the spec's state");
    let e = error(
        s.post_empty(SELLER_A, &format!("/products/{}/submit", draft.id)).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let errors = e["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let spec = format!("specs[{}]", draft.content.specs[0].id);
    assert_eq!((errors[0]["rule"].as_str(), errors[0]["field"].as_str()), (Some("S4-SAVE"), Some(spec.as_str())));
    assert_eq!(errors[0]["params"]["name"], "基础版");
}

#[tokio::test]
async fn a_rejection_needs_a_reason_which_the_seller_then_sees() {
    let s = start().await;
    let p = s.complete_draft(SELLER_A).await;
    expect(s.post_empty(SELLER_A, &format!("/products/{}/submit", p.id)).await, StatusCode::OK).await;
    let reject = format!("/review/products/{}/reject", p.id);
    let e = error(s.post(REVIEWER, &reject, &json!({"reason": "   "})).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(e["errors"][0]["rule"], "RV-REASON");
    // Neither a reason nor a comment (SPEC §5b: one of them).
    let e = error(s.post(REVIEWER, &reject, &json!({})).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(e["errors"][0]["field"], "reason");
    error(s.post(REVIEWER, &reject, &json!({"reason": 3})).await, StatusCode::BAD_REQUEST).await;
    let rejected: Product =
        json(s.post(REVIEWER, &reject, &json!({"reason": "图片与描述不符 <b>请修改</b>"})).await).await;
    assert_eq!(rejected.status, Status::ListingRejected);
    let seen: Product = json(s.get(SELLER_A, &format!("/products/{}", p.id)).await).await;
    assert_eq!(seen.review_reason.as_deref(), Some("图片与描述不符 <b>请修改</b>"));
    let page: ProductPage = json(s.get(SELLER_A, "/products?tab=pending").await).await;
    assert_eq!(page.items[0].review_reason.as_deref(), Some("图片与描述不符 <b>请修改</b>"));
}

#[tokio::test]
async fn the_list_filters_by_tab_status_and_name_and_pages() {
    let s = start().await;
    for i in 0..12 {
        s.create(SELLER_A, domain::model::ProductContent { name: format!("天气 {i:02}"), ..Default::default() }).await;
    }
    s.create(SELLER_A, domain::model::ProductContent { name: "短信 100%_off".into(), ..Default::default() }).await;
    s.create(SELLER_B, domain::model::ProductContent { name: "天气 B".into(), ..Default::default() }).await;

    let first: ProductPage = json(s.get(SELLER_A, "/products?tab=pending&per_page=5").await).await;
    assert_eq!((first.total, first.items.len(), first.page), (13, 5, 1));
    let last: ProductPage = json(s.get(SELLER_A, "/products?tab=pending&per_page=5&page=3").await).await;
    assert_eq!(last.items.len(), 3);
    let listed: ProductPage = json(s.get(SELLER_A, "/products?tab=listed").await).await;
    assert_eq!(listed.total, 0);
    let weather: ProductPage = json(s.get(SELLER_A, "/products?q=%E5%A4%A9%E6%B0%94&per_page=100").await).await;
    assert_eq!(weather.total, 12, "seller B's product is not in seller A's list");
    let literal: ProductPage = json(s.get(SELLER_A, "/products?q=100%25_").await).await;
    assert_eq!(literal.items.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["短信 100%_off"]);
    let drafts: ProductPage = json(s.get(SELLER_A, "/products?status=draft&per_page=1").await).await;
    assert_eq!(drafts.total, 13);
    let none: ProductPage = json(s.get(SELLER_A, "/products?tab=listed&status=draft").await).await;
    assert_eq!(none.total, 0);
    error(s.get(SELLER_A, "/products?tab=archived").await, StatusCode::BAD_REQUEST).await;
    let newest_first: Vec<String> = first.items.iter().map(|p| p.name.clone()).collect();
    assert_eq!(newest_first[0], "短信 100%_off");
}

#[tokio::test]
async fn clone_makes_a_new_draft_and_delete_removes_it_from_every_list() {
    let s = start().await;
    let p = s.complete_draft(SELLER_A).await;
    let copy: Product =
        json(expect(s.post_empty(SELLER_A, &format!("/products/{}/clone", p.id)).await, StatusCode::CREATED).await)
            .await;
    assert_ne!(copy.id, p.id);
    // The same content, but its specs and packages are the copy's own: new ids.
    let mut same = copy.content.clone();
    for (spec, original) in same.specs.iter_mut().zip(&p.content.specs) {
        assert_ne!(spec.id, original.id, "a clone's spec has a new id");
        spec.id = original.id.clone();
        for (package, original) in spec.packages.iter_mut().zip(&original.packages) {
            assert_ne!(package.id, original.id, "a clone's package has a new id");
            package.id = original.id.clone();
        }
    }
    assert_eq!((copy.status, same), (Status::Draft, p.content.clone()));
    expect(s.delete(SELLER_A, &format!("/products/{}", p.id)).await, StatusCode::NO_CONTENT).await;
    error(s.get(SELLER_A, &format!("/products/{}", p.id)).await, StatusCode::NOT_FOUND).await;
    let all: ProductPage = json(s.get(SELLER_A, "/products").await).await;
    assert_eq!(all.items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(), [copy.id.as_str()]);
}

// --- isolation --------------------------------------------------------------------------

#[tokio::test]
async fn another_sellers_product_is_404_on_every_endpoint() {
    let s = start().await;
    let p = s.complete_draft(SELLER_A).await;
    let id = &p.id;
    error(s.get(SELLER_B, &format!("/products/{id}")).await, StatusCode::NOT_FOUND).await;
    error(
        s.put(
            SELLER_B,
            &format!("/products/{id}"),
            &ProductUpdate { version: 1, content: p.content.clone(), reopen: false },
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    error(s.delete(SELLER_B, &format!("/products/{id}")).await, StatusCode::NOT_FOUND).await;
    error(s.post_empty(SELLER_B, &format!("/products/{id}/clone")).await, StatusCode::NOT_FOUND).await;
    for op in ["submit", "withdraw-review", "list", "request-delist", "withdraw-delist", "delist"] {
        error(s.post_empty(SELLER_B, &format!("/products/{id}/{op}")).await, StatusCode::NOT_FOUND).await;
    }
    let list: ProductPage = json(s.get(SELLER_B, "/products").await).await;
    assert_eq!(list.total, 0);
    let unchanged: Product = json(s.get(SELLER_A, &format!("/products/{id}")).await).await;
    assert_eq!(unchanged, p);
}

#[tokio::test]
async fn a_seller_cannot_put_another_sellers_file_into_a_product() {
    let s = start().await;
    let theirs: FileRef = s.file(SELLER_B, "icon", "b.png", png(96, 96)).await;
    let content = domain::model::ProductContent { icon: Some(theirs), ..Default::default() };
    let e = error(
        s.post(SELLER_A, "/products", &domain::model::NewProduct { content }).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!((e["field"].as_str(), e["errors"][0]["key"].as_str()), (Some("icon"), Some("error.unknown_choice")));
}

#[tokio::test]
async fn file_metadata_in_a_product_is_the_servers_not_the_clients() {
    let s = start().await;
    let mut icon = s.file(SELLER_A, "icon", "i.png", png(96, 96)).await;
    let real = icon.clone();
    icon.size = 1;
    icon.kind = FileKind::Jpeg;
    let draft = s.create(SELLER_A, domain::model::ProductContent { icon: Some(icon), ..Default::default() }).await;
    assert_eq!(draft.content.icon, Some(real));
}

#[tokio::test]
async fn specs_and_packages_keep_their_ids_through_saves_and_reorders() {
    let s = start().await;
    let mut content = s.complete_content(SELLER_A).await;
    // An older client sends no ids, or a bad one: the backend gives each its own.
    content.specs[0].id.clear();
    let second = Package { id: "Bad Id!".into(), ..content.specs[0].packages[0].clone() };
    content.specs[0].packages.push(second);
    content.specs[0].packages[1].name = "10 万次".into();
    let draft = s.create(SELLER_A, content).await;
    let spec_id = draft.content.specs[0].id.clone();
    let package_ids: Vec<String> = draft.content.specs[0].packages.iter().map(|p| p.id.clone()).collect();
    assert!(domain::model::is_item_id(&spec_id) && package_ids.iter().all(|id| domain::model::is_item_id(id)));
    assert_ne!(package_ids[0], package_ids[1]);
    // 下移: the same ids, in the new order; nothing new is written.
    let mut moved = draft.content.clone();
    moved.specs[0].packages.swap(0, 1);
    let update = ProductUpdate { version: draft.version, content: moved, reopen: false };
    let saved: Product =
        json(expect(s.put(SELLER_A, &format!("/products/{}", draft.id), &update).await, StatusCode::OK).await).await;
    assert_eq!(saved.content.specs[0].id, spec_id);
    let after: Vec<String> = saved.content.specs[0].packages.iter().map(|p| p.id.clone()).collect();
    assert_eq!(after, [package_ids[1].clone(), package_ids[0].clone()]);
    assert_eq!(saved.content.specs[0].packages[0].name, "10 万次");
}

#[tokio::test]
async fn a_seller_without_a_deployed_service_saves_drafts_and_submit_names_the_missing_service() {
    let s = start().await;
    let seller_c = "demo-seller-c";
    let services: Vec<GatewayService> = json(s.get(seller_c, "/services").await).await;
    assert!(services.is_empty(), "seller C has deployed nothing");
    let mut content = s.complete_content(seller_c).await;
    content.specs[0].service_id.clear();
    let draft = s.create(seller_c, content).await;
    let e = error(
        s.post_empty(seller_c, &format!("/products/{}/submit", draft.id)).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let errors = e["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["key"], "error.no_service");
    assert_eq!(errors[0]["field"], format!("specs[{}].service_id", draft.content.specs[0].id));
}

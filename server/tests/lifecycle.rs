//! Every transition is one transaction: a failure after its first write (a test-only
//! failpoint) leaves nothing half-written — product, change, history, file references
//! and file releases all as they were — on SQLite and on PostgreSQL. And the table of
//! file references is filled from the contents an older server stored.

mod common;

use common::*;
use domain::model::{Change, ChangeUpdate, Product, ProductContent, ProductUpdate, Version};
use domain::ChangeStatus;
use reqwest::StatusCode;

async fn listed(s: &Server) -> Product {
    let p = s.complete_draft(SELLER_A).await;
    expect(s.post_empty(SELLER_A, &format!("/products/{}/submit", p.id)).await, StatusCode::OK).await;
    expect(s.post_empty(REVIEWER, &format!("/review/products/{}/approve", p.id)).await, StatusCode::OK).await;
    json(expect(s.post_empty(SELLER_A, &format!("/products/{}/list", p.id)).await, StatusCode::OK).await).await
}

/// Everything a transition may write, as it stands.
#[derive(Debug, PartialEq)]
struct Snapshot {
    product: Product,
    change: Option<Change>,
    versions: Vec<Version>,
    refs: Vec<(String, String, String)>,
}

async fn snapshot(s: &Server, id: &str) -> Snapshot {
    let product: Product = json(expect(s.get(SELLER_A, &format!("/products/{id}")).await, StatusCode::OK).await).await;
    let change = match s.get(SELLER_A, &format!("/products/{id}/change")).await {
        r if r.status() == StatusCode::OK => Some(json(r).await),
        _ => None,
    };
    let versions = json(expect(s.get(SELLER_A, &format!("/products/{id}/versions")).await, StatusCode::OK).await).await;
    let refs = apx_server::files::refs_of(&s.state.db, id).await.expect("refs");
    Snapshot { product, change, versions, refs }
}

/// Arms the failpoint, sends `request`, expects the 500 it causes and an unchanged
/// product; then the same request without the failpoint succeeds.
async fn interrupted(
    s: &Server,
    id: &str,
    what: &str,
    request: impl Fn() -> reqwest::RequestBuilder,
) -> reqwest::Response {
    let before = snapshot(s, id).await;
    s.state.db.failpoint.arm();
    let r = request().send().await.unwrap();
    assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR, "{what}: the injected failure");
    assert_eq!(error(r, StatusCode::INTERNAL_SERVER_ERROR).await["code"], "internal");
    assert_eq!(snapshot(s, id).await, before, "{what}: nothing half-written");
    let r = request().send().await.unwrap();
    assert!(r.status().is_success(), "{what}: {}", r.status());
    r
}

#[tokio::test]
async fn an_interrupted_approval_of_a_change_writes_nothing() {
    let s = start().await;
    let p = listed(&s).await;
    let id = p.id.clone();
    let mut content = p.content.clone();
    content.summary = "变更后的简介".into();
    content.images = vec![s.file(SELLER_A, "images", "new.png", png(1024, 768)).await];
    let update = ChangeUpdate { version: 0, content };
    expect(s.put(SELLER_A, &format!("/products/{id}/change"), &update).await, StatusCode::OK).await;
    expect(s.post_empty(SELLER_A, &format!("/products/{id}/change/submit")).await, StatusCode::OK).await;

    let approve = || s.request(reqwest::Method::POST, Some(REVIEWER), &format!("/review/products/{id}/approve"));
    let live: Product = json(interrupted(&s, &id, "通过 a change", approve).await).await;
    assert_eq!(live.content.summary, "变更后的简介");
    let after = snapshot(&s, &id).await;
    assert!(after.change.is_none());
    assert_eq!(after.versions.len(), 2, "the first listing and the approved change");
    // The replaced image is kept for the history; the new one is live.
    assert!(after
        .refs
        .iter()
        .any(|(holder, slot, file)| holder == "live" && slot == "images" && *file == live.content.images[0].id));
    assert!(after.refs.iter().any(|(holder, _, file)| holder.starts_with('v') && *file == p.content.images[0].id));
}

#[tokio::test]
async fn an_interrupted_save_keeps_the_draft_and_its_files() {
    let s = start().await;
    let p = s.complete_draft(SELLER_A).await;
    let id = p.id.clone();
    let dropped = p.content.images[0].id.clone();
    let mut content = p.content.clone();
    content.images = vec![s.file(SELLER_A, "images", "other.png", png(1024, 768)).await];
    let update = ProductUpdate { version: p.version, content, reopen: false };
    let save = || s.request(reqwest::Method::PUT, Some(SELLER_A), &format!("/products/{id}")).json(&update);
    interrupted(&s, &id, "a save dropping an image", save).await;
    // After the real save the dropped image is released and, referred to by nothing, gone.
    let gone = s.get(SELLER_A, &format!("/files/{dropped}")).await;
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_interrupted_delisting_keeps_the_change_it_would_discard() {
    let s = start().await;
    let p = listed(&s).await;
    let id = p.id.clone();
    let mut content = p.content.clone();
    content.name = "变更中的名称".into();
    expect(
        s.put(SELLER_A, &format!("/products/{id}/change"), &ChangeUpdate { version: 0, content }).await,
        StatusCode::OK,
    )
    .await;
    expect(s.post_empty(SELLER_A, &format!("/products/{id}/request-delist")).await, StatusCode::OK).await;
    expect(s.post_empty(REVIEWER, &format!("/review/products/{id}/approve")).await, StatusCode::OK).await;
    let delist = || s.request(reqwest::Method::POST, Some(SELLER_A), &format!("/products/{id}/delist"));
    let before = snapshot(&s, &id).await;
    assert_eq!(before.change.as_ref().map(|c| c.status), Some(ChangeStatus::Draft));
    interrupted(&s, &id, "下架 discarding a change", delist).await;
    assert!(snapshot(&s, &id).await.change.is_none(), "the real 下架 discards it");
}

#[tokio::test]
async fn an_interrupted_new_draft_leaves_no_product() {
    let s = start().await;
    let content = s.complete_content(SELLER_A).await;
    s.state.db.failpoint.arm();
    let r = s.post(SELLER_A, "/products", &domain::model::NewProduct { content }).await;
    error(r, StatusCode::INTERNAL_SERVER_ERROR).await;
    let page: domain::model::ProductPage = json(s.get(SELLER_A, "/products").await).await;
    assert_eq!(page.total, 0);
}

/// What the migration must find: the files each content of a product refers to.
fn expected_refs(contents: &[(&str, &ProductContent)]) -> Vec<(String, String, String)> {
    let mut refs: Vec<(String, String, String)> = contents
        .iter()
        .flat_map(|(holder, content)| {
            apx_server::files::references(content)
                .into_iter()
                .map(move |(slot, file)| ((*holder).to_owned(), slot.name().to_owned(), file))
        })
        .collect();
    refs.sort();
    refs.dedup();
    refs
}

#[tokio::test]
async fn file_references_are_filled_from_what_an_older_server_stored() {
    let temp = tempfile::tempdir().unwrap();
    let url = apx_server::Config::for_tests(temp.path().to_path_buf()).database_url();
    // The schema before file references: SQLite's 0001–0004, PostgreSQL's 0001.
    let last_old = if url.starts_with("postgres") { 1 } else { 4 };
    let old = apx_server::db::connect_at_version(&url, last_old).await.expect("the older schema");

    let file =
        |id: &str, kind: &str| serde_json::json!({"id": id, "kind": kind, "name": format!("{id}.{kind}"), "size": 10});
    let live: ProductContent = serde_json::from_value(serde_json::json!({
        "name": "旧服务器的商品", "icon": file("f0icon", "png"),
        "images": [file("f1img", "png"), file("f2img", "png")], "usage_doc": file("f3doc", "pdf"),
        "copyright_certs": [file("f4cert", "pdf")], "service_agreement": file("f5agr", "pdf"),
        "test_report": file("f6rep", "pdf"), "specs": [{"name": "基础版"}]
    }))
    .unwrap();
    let change: ProductContent = serde_json::from_value(serde_json::json!({
        "name": "变更", "icon": file("f7icon", "png"), "images": [file("f1img", "png")], "oss_statement": file("f8oss", "pdf")
    }))
    .unwrap();
    let replaced: ProductContent =
        serde_json::from_value(serde_json::json!({"name": "旧版", "images": [file("f9old", "png")]})).unwrap();
    let db = &old;
    sqlx::query(&db.sql("INSERT INTO users (id, name, role, token) VALUES ('u-old', '旧卖家', 'seller', 'old-token')"))
        .execute(&db.pool)
        .await
        .unwrap();
    sqlx::query(&db.sql(
        "INSERT INTO products (id, seller_id, status, version, name, content, created_at, updated_at, submitted)
         VALUES ('p-old', 'u-old', 'listed', 3, '旧服务器的商品', $1::jsonb, 1, 2, 1)",
    ))
    .bind(serde_json::to_string(&live).unwrap())
    .execute(&db.pool)
    .await
    .unwrap();
    sqlx::query(&db.sql(
        "INSERT INTO changes (product_id, status, version, content, created_at, updated_at)
         VALUES ('p-old', 'draft', 1, $1::jsonb, 3, 3)",
    ))
    .bind(serde_json::to_string(&change).unwrap())
    .execute(&db.pool)
    .await
    .unwrap();
    sqlx::query(&db.sql(
        "INSERT INTO product_versions (product_id, version, approved_at, changed, replaced)
         VALUES ('p-old', 3, 2, '[\"images\"]'::jsonb, $1::jsonb), ('p-old', 2, 1, '[]'::jsonb, NULL)",
    ))
    .bind(serde_json::to_string(&replaced).unwrap())
    .execute(&db.pool)
    .await
    .unwrap();
    old.pool.close().await;

    // This server's migrations run on it.
    let db = apx_server::db::connect(&url).await.expect("migrated");
    let refs = apx_server::files::refs_of(&db, "p-old").await.unwrap();
    let expected = expected_refs(&[("live", &live), ("change", &change), ("v3", &replaced)]);
    assert_eq!(refs, expected);
    assert_eq!(refs.len(), 7 + 3 + 1);
}

//! Changing a product on sale (SPEC §5a) over HTTP: the live content stays on sale
//! until a reviewer approves the change, which replaces it atomically and keeps the old
//! one in the history; the change is its own record with its own version, checks and
//! files; isolation as for products.

mod common;

use common::*;
use domain::model::{Change, ChangeRequest, ChangeUpdate, Product, QueueItem, RequestKind, Version};
use domain::{ChangeStatus, Status};
use reqwest::StatusCode;
use serde_json::json;

async fn listed(s: &Server) -> Product {
    let p = s.complete_draft(SELLER_A).await;
    expect(s.post_empty(SELLER_A, &format!("/products/{}/submit", p.id)).await, StatusCode::OK).await;
    expect(s.post_empty(REVIEWER, &format!("/review/products/{}/approve", p.id)).await, StatusCode::OK).await;
    json(expect(s.post_empty(SELLER_A, &format!("/products/{}/list", p.id)).await, StatusCode::OK).await).await
}

async fn save_change(s: &Server, id: &str, update: &ChangeUpdate) -> reqwest::Response {
    s.put(SELLER_A, &format!("/products/{id}/change"), update).await
}

#[tokio::test]
async fn a_change_goes_live_only_when_approved_and_the_old_version_is_kept() {
    let s = start().await;
    let p = listed(&s).await;
    let id = &p.id;
    // 修改: a change draft with new text and a new package.
    let mut content = p.content.clone();
    content.summary = "全国天气，每小时更新".into();
    let mut package = content.specs[0].packages[0].clone();
    package.name = "10 万次".into();
    package.id = "hundred-k".into();
    content.specs[0].packages.push(package);
    let change: Change = json(
        expect(save_change(&s, id, &ChangeUpdate { version: 0, content: content.clone() }).await, StatusCode::OK).await,
    )
    .await;
    assert_eq!((change.status, change.version), (ChangeStatus::Draft, 1));
    // The live product, its list row and the reviewer's copy are unchanged.
    let live: Product = json(s.get(SELLER_A, &format!("/products/{id}")).await).await;
    assert_eq!((live.version, &live.content, live.status), (p.version, &p.content, Status::Listed));
    assert_eq!(live.change.as_ref().map(|c| c.status), Some(ChangeStatus::Draft));
    let page: serde_json::Value = json(s.get(SELLER_A, "/products?tab=listed").await).await;
    assert_eq!(page["items"][0]["change"]["status"], "draft");
    // 提交变更: in the reviewer's queue as a change request, next to the live content.
    expect(s.post_empty(SELLER_A, &format!("/products/{id}/change/submit")).await, StatusCode::OK).await;
    let queue: Vec<QueueItem> = json(s.get(REVIEWER, "/review/queue").await).await;
    let item = queue.iter().find(|q| &q.product.id == id).expect("in the queue");
    assert_eq!(item.kind, RequestKind::Change);
    let request: ChangeRequest =
        json(expect(s.get(REVIEWER, &format!("/review/changes/{id}")).await, StatusCode::OK).await).await;
    assert_eq!((request.product.content, request.change.content.clone()), (p.content.clone(), content.clone()));
    assert_eq!(request.change.status, ChangeStatus::Review);
    // 通过: live at once, one version up, the change gone, the history says what changed.
    let approved: Product =
        json(expect(s.post_empty(REVIEWER, &format!("/review/products/{id}/approve")).await, StatusCode::OK).await)
            .await;
    assert_eq!((approved.status, approved.version, &approved.content), (Status::Listed, p.version + 1, &content));
    assert_eq!(approved.change, None);
    error(s.get(SELLER_A, &format!("/products/{id}/change")).await, StatusCode::NOT_FOUND).await;
    let versions: Vec<Version> = json(s.get(SELLER_A, &format!("/products/{id}/versions")).await).await;
    let changed: Vec<&[String]> = versions.iter().map(|v| v.changed.as_slice()).collect();
    assert_eq!(changed, [&["summary".to_owned(), "specs".to_owned()][..], &[][..]]);
    assert_eq!(versions[0].version, p.version + 1);
    assert_eq!(versions[1].version, p.version);
    // Another seller sees none of it.
    error(s.get(SELLER_B, &format!("/products/{id}/versions")).await, StatusCode::NOT_FOUND).await;
    error(s.get(SELLER_B, &format!("/products/{id}/change")).await, StatusCode::NOT_FOUND).await;
    let r = s.put(SELLER_B, &format!("/products/{id}/change"), &ChangeUpdate { version: 0, content }).await;
    error(r, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn a_rejected_change_shows_its_reason_and_is_edited_and_resubmitted() {
    let s = start().await;
    let p = listed(&s).await;
    let id = &p.id;
    let mut content = p.content.clone();
    content.name = "天气查询 API 专业版".into();
    expect(save_change(&s, id, &ChangeUpdate { version: 0, content: content.clone() }).await, StatusCode::OK).await;
    expect(s.post_empty(SELLER_A, &format!("/products/{id}/change/submit")).await, StatusCode::OK).await;
    let r = s.post(REVIEWER, &format!("/review/products/{id}/reject"), &json!({"reason": "名称与资质不符"})).await;
    let rejected: Product = json(expect(r, StatusCode::OK).await).await;
    let summary = rejected.change.expect("the change stays");
    assert_eq!((summary.status, summary.review_reason.as_deref()), (ChangeStatus::Rejected, Some("名称与资质不符")));
    assert_eq!(rejected.content, p.content, "the live content is unchanged");
    // 修改 continues the same change: a draft again, the reason gone, the version on.
    let change: Change = json(s.get(SELLER_A, &format!("/products/{id}/change")).await).await;
    content.name = "天气查询 API".into();
    content.summary = "全国天气".into();
    let r = save_change(&s, id, &ChangeUpdate { version: change.version, content }).await;
    let edited: Change = json(expect(r, StatusCode::OK).await).await;
    assert_eq!((edited.status, edited.review_reason, edited.version), (ChangeStatus::Draft, None, change.version + 1));
    expect(s.post_empty(SELLER_A, &format!("/products/{id}/change/submit")).await, StatusCode::OK).await;
    // 撤回变更: a draft again; 删除变更: gone, the product as it was.
    let r = s.post(SELLER_A, &format!("/products/{id}/change/withdraw"), &json!({"version": 1})).await;
    assert!(error(r, StatusCode::CONFLICT).await["current_change"]["version"].is_u64(), "an old version is stale");
    expect(s.post_empty(SELLER_A, &format!("/products/{id}/change/withdraw")).await, StatusCode::OK).await;
    let after: Product =
        json(expect(s.delete(SELLER_A, &format!("/products/{id}/change")).await, StatusCode::OK).await).await;
    assert_eq!(after, p);
}

#[tokio::test]
async fn a_change_is_checked_like_a_draft_and_submitted_like_a_product() {
    let s = start().await;
    let p = listed(&s).await;
    let id = &p.id;
    // Over a cap: refused, nothing stored.
    let mut content = p.content.clone();
    content.name = "名".repeat(81);
    error(save_change(&s, id, &ChangeUpdate { version: 0, content }).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    error(s.get(SELLER_A, &format!("/products/{id}/change")).await, StatusCode::NOT_FOUND).await;
    // Another seller's file: refused.
    let theirs = s.file(SELLER_B, "icon", "icon.png", png(96, 96)).await;
    let mut content = p.content.clone();
    content.icon = Some(theirs);
    error(save_change(&s, id, &ChangeUpdate { version: 0, content }).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    // Incomplete: saved as a change draft, refused at 提交变更 with every field error.
    let mut content = p.content.clone();
    content.summary.clear();
    expect(save_change(&s, id, &ChangeUpdate { version: 0, content: content.clone() }).await, StatusCode::OK).await;
    let e =
        error(s.post_empty(SELLER_A, &format!("/products/{id}/change/submit")).await, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    assert_eq!(e["errors"][0]["field"], "summary");
    // Two tabs: the second write on the same version is stale, with the change as it is.
    let r = save_change(&s, id, &ChangeUpdate { version: 0, content: content.clone() }).await;
    assert_eq!(error(r, StatusCode::CONFLICT).await["current_change"]["version"], 1);
    expect(save_change(&s, id, &ChangeUpdate { version: 1, content: content.clone() }).await, StatusCode::OK).await;
    let r = save_change(&s, id, &ChangeUpdate { version: 1, content }).await;
    let e = error(r, StatusCode::CONFLICT).await;
    assert_eq!((e["code"].as_str(), e["current_change"]["version"].as_u64()), (Some("stale"), Some(2)));
}

#[tokio::test]
async fn files_of_a_change_are_the_reviewers_to_read_and_released_when_it_goes() {
    let s = start().await;
    let p = listed(&s).await;
    let id = &p.id;
    let icon = s.file(SELLER_A, "icon", "new-icon.png", png(96, 96)).await;
    let mut content = p.content.clone();
    content.icon = Some(icon.clone());
    expect(save_change(&s, id, &ChangeUpdate { version: 0, content }).await, StatusCode::OK).await;
    expect(s.get(REVIEWER, &format!("/files/{}", icon.id)).await, StatusCode::OK).await;
    // 删除变更 releases the file only the change carried; the live icon stays.
    expect(s.delete(SELLER_A, &format!("/products/{id}/change")).await, StatusCode::OK).await;
    error(s.get(SELLER_A, &format!("/files/{}", icon.id)).await, StatusCode::NOT_FOUND).await;
    let live_icon = p.content.icon.as_ref().unwrap();
    expect(s.get(SELLER_A, &format!("/files/{}", live_icon.id)).await, StatusCode::OK).await;
}

#[tokio::test]
async fn a_delisted_product_loses_its_change_and_an_approved_change_keeps_the_replaced_files() {
    let s = start().await;
    let p = listed(&s).await;
    let id = &p.id;
    // Approving a new icon: the replaced one is kept for the history.
    let icon = s.file(SELLER_A, "icon", "new-icon.png", png(96, 96)).await;
    let mut content = p.content.clone();
    content.icon = Some(icon);
    expect(save_change(&s, id, &ChangeUpdate { version: 0, content: content.clone() }).await, StatusCode::OK).await;
    expect(s.post_empty(SELLER_A, &format!("/products/{id}/change/submit")).await, StatusCode::OK).await;
    expect(s.post_empty(REVIEWER, &format!("/review/products/{id}/approve")).await, StatusCode::OK).await;
    let old_icon = p.content.icon.as_ref().unwrap();
    expect(s.get(SELLER_A, &format!("/files/{}", old_icon.id)).await, StatusCode::OK).await;
    // A change draft, then 申请下架 → 通过 → 下架: the change is discarded.
    content.summary = "下架前的修改".into();
    expect(save_change(&s, id, &ChangeUpdate { version: 0, content }).await, StatusCode::OK).await;
    expect(s.post_empty(SELLER_A, &format!("/products/{id}/request-delist")).await, StatusCode::OK).await;
    let during: Product = json(s.get(SELLER_A, &format!("/products/{id}")).await).await;
    assert_eq!(during.change.map(|c| c.status), Some(ChangeStatus::Draft), "kept while the request runs");
    expect(s.post_empty(REVIEWER, &format!("/review/products/{id}/approve")).await, StatusCode::OK).await;
    let delisted: Product =
        json(expect(s.post_empty(SELLER_A, &format!("/products/{id}/delist")).await, StatusCode::OK).await).await;
    assert_eq!((delisted.status, delisted.change), (Status::Delisted, None));
    error(s.get(SELLER_A, &format!("/products/{id}/change")).await, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn the_queue_has_every_kind_of_request_oldest_first() {
    let s = start().await;
    // A change asked for first, then a delisting, then a listing.
    let changed = listed(&s).await;
    let update = ChangeUpdate { version: 0, content: changed.content.clone() };
    expect(save_change(&s, &changed.id, &update).await, StatusCode::OK).await;
    expect(s.post_empty(SELLER_A, &format!("/products/{}/change/submit", changed.id)).await, StatusCode::OK).await;
    let delisting = listed(&s).await;
    expect(s.post_empty(SELLER_A, &format!("/products/{}/request-delist", delisting.id)).await, StatusCode::OK).await;
    let new = s.complete_draft(SELLER_A).await;
    expect(s.post_empty(SELLER_A, &format!("/products/{}/submit", new.id)).await, StatusCode::OK).await;
    let queue: Vec<QueueItem> = json(s.get(REVIEWER, "/review/queue").await).await;
    let order: Vec<(&str, RequestKind)> = queue.iter().map(|q| (q.product.id.as_str(), q.kind)).collect();
    assert_eq!(
        order,
        [
            (changed.id.as_str(), RequestKind::Change),
            (delisting.id.as_str(), RequestKind::Delist),
            (new.id.as_str(), RequestKind::Listing)
        ]
    );
}

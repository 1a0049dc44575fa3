//! The review loop (SPEC §5b) on the backend, on SQLite and (with `APX_TEST_DATABASE_URL`)
//! on PostgreSQL: comments on fields kept with 驳回 and shown to the seller only, the
//! seller's answers, the second review's earlier rejection, claims between two
//! reviewers (never one request decided twice, none skipped), the timeline, and the
//! event streams — each user's own, resumable with `Last-Event-ID`, across processes.

mod common;

use std::time::Duration;

use common::*;
use domain::model::{Product, ProductPage, ProductUpdate, QueueItem};
use domain::review::{Claim, Comment, Decision, EventKind, Review, TimelineEntry, TimelineKind};
use domain::Status;
use reqwest::StatusCode;
use serde_json::json;

const PRICE: &str = "specs[basic].packages[ten-k].price";
const WAIT: Duration = Duration::from_secs(10);

async fn in_review(s: &Server) -> Product {
    let p = s.complete_draft(SELLER_A).await;
    json(expect(s.post_empty(SELLER_A, &format!("/products/{}/submit", p.id)).await, StatusCode::OK).await).await
}

async fn reject_with_comments(s: &Server, id: &str) -> Product {
    let body = json!({"reason": "", "comments": [
        {"path": "summary", "text": "请写明覆盖哪些城市"},
        {"path": PRICE, "text": "价格与同类相比偏高，请说明"},
    ]});
    json(expect(s.post(REVIEWER, &format!("/review/products/{id}/reject"), &body).await, StatusCode::OK).await).await
}

#[tokio::test]
async fn comments_come_with_a_rejection_and_the_seller_sees_and_answers_them() {
    let s = start().await;
    let p = in_review(&s).await;
    let rejected = reject_with_comments(&s, &p.id).await;
    assert_eq!(
        (rejected.status, rejected.comments, rejected.review_reason.as_deref()),
        (Status::ListingRejected, 2, None)
    );
    let page: ProductPage = json(s.get(SELLER_A, "/products?tab=pending").await).await;
    let row = page.items.iter().find(|r| r.id == p.id).expect("the row");
    assert_eq!(row.comments, 2, "3 条审核意见 on the row");

    let review: Review =
        json(expect(s.get(SELLER_A, &format!("/products/{}/review", p.id)).await, StatusCode::OK).await).await;
    assert_eq!(review.decision, Decision::Rejected);
    assert_eq!(review.reviewer, "云市场审核员");
    let paths: Vec<&str> = review.comments.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(paths, ["summary", PRICE]);
    assert_eq!(review.content.summary, p.content.summary, "the content decided on");

    // The seller edits (the product becomes a draft) and answers one comment.
    let mut content = p.content.clone();
    content.summary = "全国 300 个城市的天气".into();
    let update = ProductUpdate { version: rejected.version, content, reopen: true };
    let saved: Product =
        json(expect(s.put(SELLER_A, &format!("/products/{}", p.id), &update).await, StatusCode::OK).await).await;
    assert_eq!((saved.status, saved.comments), (Status::Draft, 2), "the count stays until the next decision");
    let answer_path = format!("/products/{}/review/comments/{}/answer", p.id, review.comments[1].id);
    let answered: Comment =
        json(expect(s.put(SELLER_A, &answer_path, &json!({"text": "已附上成本说明"})).await, StatusCode::OK).await)
            .await;
    assert_eq!(answered.answer.as_ref().map(|a| a.text.as_str()), Some("已附上成本说明"));
    let again: Review = json(s.get(SELLER_A, &format!("/products/{}/review", p.id)).await).await;
    assert_eq!(again.comments[1].answer.as_ref().map(|a| a.text.as_str()), Some("已附上成本说明"));
    assert!(again.comments[0].answer.is_none());
    assert!(domain::review::changed("summary", &again.content, &saved.content), "已修改");
    assert!(!domain::review::changed(PRICE, &again.content, &saved.content));

    // Resubmitted: the reviewer sees the earlier rejection with the answer; approval closes it.
    expect(s.post_empty(SELLER_A, &format!("/products/{}/submit", p.id)).await, StatusCode::OK).await;
    let previous: Review =
        json(expect(s.get(REVIEWER, &format!("/review/products/{}/previous", p.id)).await, StatusCode::OK).await).await;
    assert_eq!(previous.id, review.id);
    assert_eq!(previous.comments[1].answer.as_ref().map(|a| a.text.as_str()), Some("已附上成本说明"));
    let approved: Product =
        json(expect(s.post_empty(REVIEWER, &format!("/review/products/{}/approve", p.id)).await, StatusCode::OK).await)
            .await;
    assert_eq!((approved.status, approved.comments), (Status::ListingApproved, 0));
    error(s.get(SELLER_A, &format!("/products/{}/review", p.id)).await, StatusCode::NOT_FOUND).await;
    let e = error(s.put(SELLER_A, &answer_path, &json!({"text": "再补充"})).await, StatusCode::CONFLICT).await;
    assert_eq!(e["code"], "settled");

    // The timeline: who did what, in order.
    let timeline: Vec<TimelineEntry> = json(s.get(SELLER_A, &format!("/products/{}/timeline", p.id)).await).await;
    let kinds: Vec<TimelineKind> = timeline.iter().map(|e| e.kind).collect();
    use TimelineKind::*;
    assert_eq!(kinds, [Created, Submitted, Rejected, Answered, Submitted, Approved]);
    assert_eq!(timeline[2].actor, "云市场审核员");
    assert_eq!(timeline[2].comments.len(), 2);
    assert_eq!(timeline[3].answer.as_deref(), Some("已附上成本说明"));
    assert!(timeline[0].actor.starts_with("示例服务商 A"), "{}", timeline[0].actor);
}

#[tokio::test]
async fn a_change_rejected_with_a_comment_on_a_package_keeps_it_through_a_move() {
    let s = start().await;
    let p = in_review(&s).await;
    expect(s.post_empty(REVIEWER, &format!("/review/products/{}/approve", p.id)).await, StatusCode::OK).await;
    expect(s.post_empty(SELLER_A, &format!("/products/{}/list", p.id)).await, StatusCode::OK).await;
    let mut content = p.content.clone();
    let mut second = content.specs[0].packages[0].clone();
    second.id = "trial".into();
    second.name = "体验包".into();
    content.specs[0].packages.push(second);
    let change = json!({"version": 0, "content": content});
    expect(s.put(SELLER_A, &format!("/products/{}/change", p.id), &change).await, StatusCode::OK).await;
    expect(s.post_empty(SELLER_A, &format!("/products/{}/change/submit", p.id)).await, StatusCode::OK).await;
    let body = json!({"comments": [{"path": "specs[basic].packages[trial].name", "text": "套餐名称请写明次数"}]});
    let product: Product =
        json(expect(s.post(REVIEWER, &format!("/review/products/{}/reject", p.id), &body).await, StatusCode::OK).await)
            .await;
    let change = product.change.expect("变更未通过");
    assert_eq!((change.status, change.comments), (domain::ChangeStatus::Rejected, 1));
    let review: Review =
        json(expect(s.get(SELLER_A, &format!("/products/{}/review", p.id)).await, StatusCode::OK).await).await;
    assert_eq!(review.target, domain::review::Target::Change);
    // 上移: the package moves, the comment still names it, and it is not 已修改.
    content.specs[0].packages.swap(0, 1);
    assert!(!domain::review::changed(&review.comments[0].path, &review.content, &content));
    let described = domain::path::describe(&review.comments[0].path, &content);
    assert_eq!(described.package.as_deref(), Some("体验包"));
    // Answered: the timeline says it was about the change.
    let answer = format!("/products/{}/review/comments/{}/answer", p.id, review.comments[0].id);
    expect(s.put(SELLER_A, &answer, &json!({"text": "已改为“体验包（7 天）”"})).await, StatusCode::OK).await;
    let timeline: Vec<TimelineEntry> = json(s.get(SELLER_A, &format!("/products/{}/timeline", p.id)).await).await;
    let last = timeline.last().expect("entries");
    assert_eq!((last.kind, last.change), (TimelineKind::Answered, true));
    let rejected = &timeline[timeline.len() - 2];
    assert_eq!((rejected.kind, rejected.change), (TimelineKind::Rejected, true));
}

#[tokio::test]
async fn bad_comments_and_the_wrong_people_are_refused() {
    let s = start().await;
    let p = in_review(&s).await;
    let reject = format!("/review/products/{}/reject", p.id);
    // Over 300 characters, on a field the product does not have: every error, by the comment.
    let body = json!({"comments": [
        {"path": "summary", "text": "长".repeat(301)},
        {"path": "specs[nope].name", "text": "?"},
        {"path": "password", "text": "?"},
    ]});
    let e = error(s.post(REVIEWER, &reject, &body).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    let fields: Vec<&str> = e["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["comments[0].text", "comments[1].path", "comments[2].path"]);
    assert_eq!(e["errors"][0]["rule"], "RV-COMMENT");
    // A seller comments nowhere.
    error(s.post(SELLER_A, &reject, &json!({"reason": "x"})).await, StatusCode::FORBIDDEN).await;
    reject_with_comments(&s, &p.id).await;
    // After the decision: no more comments (the request awaits none).
    error(
        s.post(REVIEWER, &reject, &json!({"comments": [{"path": "summary", "text": "再加一条"}]})).await,
        StatusCode::CONFLICT,
    )
    .await;
    // Another seller neither reads nor answers them.
    error(s.get(SELLER_B, &format!("/products/{}/review", p.id)).await, StatusCode::NOT_FOUND).await;
    let review: Review = json(s.get(SELLER_A, &format!("/products/{}/review", p.id)).await).await;
    let answer = format!("/products/{}/review/comments/{}/answer", p.id, review.comments[0].id);
    error(s.put(SELLER_B, &answer, &json!({"text": "不是我的"})).await, StatusCode::NOT_FOUND).await;
    error(s.get(SELLER_B, &format!("/products/{}/timeline", p.id)).await, StatusCode::NOT_FOUND).await;
    error(s.put(REVIEWER, &answer, &json!({"text": "x"})).await, StatusCode::FORBIDDEN).await;
    let e = error(s.put(SELLER_A, &answer, &json!({"text": "答".repeat(301)})).await, StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(e["errors"][0]["rule"], "RV-ANSWER");
    // A draft that was never submitted is not a reviewer's to comment on.
    let draft = s.complete_draft(SELLER_A).await;
    let body = json!({"comments": [{"path": "summary", "text": "x"}]});
    error(s.post(REVIEWER, &format!("/review/products/{}/reject", draft.id), &body).await, StatusCode::NOT_FOUND).await;
    // One that was, and is a draft again, neither.
    let update = ProductUpdate { version: p.version + 1, content: p.content.clone(), reopen: true };
    expect(s.put(SELLER_A, &format!("/products/{}", p.id), &update).await, StatusCode::OK).await;
    error(s.post(REVIEWER, &reject, &body).await, StatusCode::CONFLICT).await;
}

#[tokio::test]
async fn only_the_claimant_decides_while_the_claim_holds() {
    let s = start().await;
    let p = in_review(&s).await;
    let claim_path = format!("/review/products/{}/claim", p.id);
    let claim: Claim = json(expect(s.post_empty(REVIEWER, &claim_path).await, StatusCode::OK).await).await;
    assert_eq!(claim.reviewer, "云市场审核员");
    // The other reviewer sees who holds it, and can neither claim nor decide it.
    let queue: Vec<QueueItem> = json(s.get(REVIEWER_2, "/review/queue").await).await;
    let item = queue.iter().find(|i| i.product.id == p.id).expect("in the queue");
    assert_eq!(item.claim.as_ref().map(|c| c.reviewer.as_str()), Some("云市场审核员"));
    let e = error(s.post_empty(REVIEWER_2, &claim_path).await, StatusCode::CONFLICT).await;
    assert_eq!((e["code"].as_str(), e["claim"]["reviewer"].as_str()), (Some("claimed"), Some("云市场审核员")));
    let e = error(s.post_empty(REVIEWER_2, &format!("/review/products/{}/approve", p.id)).await, StatusCode::CONFLICT)
        .await;
    assert_eq!(e["code"], "claimed");
    let body = json!({"comments": [{"path": "summary", "text": "x"}]});
    error(s.post(REVIEWER_2, &format!("/review/products/{}/reject", p.id), &body).await, StatusCode::CONFLICT).await;
    error(s.delete(REVIEWER_2, &claim_path).await, StatusCode::NOT_FOUND).await;
    // 下一个 skips it.
    expect(s.post_empty(REVIEWER_2, "/review/next").await, StatusCode::NO_CONTENT).await;
    // Once the claim runs out, it is free again.
    s.state.clock.advance(domain::review::CLAIM_MS + 1000);
    let taken: Claim = json(expect(s.post_empty(REVIEWER_2, &claim_path).await, StatusCode::OK).await).await;
    assert_eq!(taken.reviewer, "云市场审核员 2");
    let e =
        error(s.post_empty(REVIEWER, &format!("/review/products/{}/approve", p.id)).await, StatusCode::CONFLICT).await;
    assert_eq!(e["code"], "claimed");
    // Given back: anyone decides.
    expect(s.delete(REVIEWER_2, &claim_path).await, StatusCode::NO_CONTENT).await;
    error(s.get(REVIEWER, &claim_path).await, StatusCode::NOT_FOUND).await;
    expect(s.post_empty(REVIEWER, &format!("/review/products/{}/approve", p.id)).await, StatusCode::OK).await;
    // Nothing to claim on a decided request; sellers claim nothing.
    let e = error(s.post_empty(REVIEWER, &claim_path).await, StatusCode::CONFLICT).await;
    assert_eq!(e["code"], "not_in_review");
    error(s.post_empty(SELLER_A, &claim_path).await, StatusCode::FORBIDDEN).await;
}

#[tokio::test]
async fn two_reviewers_working_the_queue_decide_every_request_once() {
    let s = start().await;
    let first = s.complete_draft(SELLER_A).await;
    let mut ids = vec![first.id.clone()];
    for _ in 0..11 {
        let copy: Product = json(
            expect(s.post_empty(SELLER_A, &format!("/products/{}/clone", first.id)).await, StatusCode::CREATED).await,
        )
        .await;
        ids.push(copy.id);
    }
    for id in &ids {
        expect(s.post_empty(SELLER_A, &format!("/products/{id}/submit")).await, StatusCode::OK).await;
    }
    let work = |token: &'static str, name: &'static str| {
        let (http, base) = (s.http.clone(), s.base.clone());
        async move {
            let mut decided = Vec::new();
            loop {
                let next = http.post(format!("{base}/review/next")).bearer_auth(token).send().await.unwrap();
                if next.status() == StatusCode::NO_CONTENT {
                    return decided;
                }
                let item: QueueItem = json(expect(next, StatusCode::OK).await).await;
                assert_eq!(
                    item.claim.as_ref().map(|c| c.reviewer.as_str()),
                    Some(name),
                    "claimed by the one who asked"
                );
                let approve = format!("{base}/review/products/{}/approve", item.product.id);
                let answer = http.post(approve).bearer_auth(token).send().await.unwrap();
                expect(answer, StatusCode::OK).await;
                decided.push(item.product.id);
            }
        }
    };
    let (a, b) = tokio::join!(work(REVIEWER, "云市场审核员"), work(REVIEWER_2, "云市场审核员 2"));
    let mut all: Vec<String> = a.iter().chain(&b).cloned().collect();
    all.sort();
    let mut expected = ids.clone();
    expected.sort();
    assert_eq!(all, expected, "every request decided, none twice (A took {}, B {})", a.len(), b.len());
    assert!(!a.is_empty() && !b.is_empty(), "both reviewers worked");
}

#[tokio::test]
async fn a_sellers_stream_carries_its_own_products_only_and_resumes_without_loss() {
    let s = start().await;
    let mut seller_a = Events::open(&s, SELLER_A, None).await;
    let mut seller_b = Events::open(&s, SELLER_B, None).await;
    let mut reviewer = Events::open(&s, REVIEWER, None).await;
    let p = in_review(&s).await;
    let queued = reviewer.until(WAIT, |e| e.kind == EventKind::Queue && e.product_id == p.id).await;
    assert_eq!(queued.status, Status::ListingReview);
    reject_with_comments(&s, &p.id).await;
    let decided = seller_a.until(WAIT, |e| e.kind == EventKind::Decided).await;
    assert_eq!(
        (decided.product_id.as_str(), decided.decision, decided.status, decided.comments),
        (p.id.as_str(), Some(Decision::Rejected), Status::ListingRejected, 2)
    );
    assert_eq!(seller_b.next(Duration::from_millis(500)).await, None, "nothing of another seller");

    // Disconnected: what happens meanwhile comes when the stream resumes.
    let last = seller_a.last;
    drop(seller_a);
    let mut content = p.content.clone();
    content.summary = "全国 300 个城市".into();
    let update = ProductUpdate { version: p.version + 1, content, reopen: true };
    expect(s.put(SELLER_A, &format!("/products/{}", p.id), &update).await, StatusCode::OK).await;
    expect(s.post_empty(SELLER_A, &format!("/products/{}/submit", p.id)).await, StatusCode::OK).await;
    expect(s.post_empty(REVIEWER, &format!("/review/products/{}/approve", p.id)).await, StatusCode::OK).await;
    let mut resumed = Events::open(&s, SELLER_A, last).await;
    let mut seen = Vec::new();
    while let Some(e) = resumed.next(Duration::from_millis(800)).await {
        seen.push((e.kind, e.status));
    }
    assert_eq!(
        seen,
        [
            (EventKind::Status, Status::Draft),
            (EventKind::Status, Status::ListingReview),
            (EventKind::Decided, Status::ListingApproved)
        ]
    );
    // Sellers do not hear the reviewers' claims; reviewers do.
    let q = in_review(&s).await;
    expect(s.post_empty(REVIEWER_2, &format!("/review/products/{}/claim", q.id)).await, StatusCode::OK).await;
    let claimed = reviewer.until(WAIT, |e| e.kind == EventKind::Claim).await;
    assert_eq!(claimed.product_id, q.id);
    while let Some(e) = resumed.next(Duration::from_millis(500)).await {
        assert_ne!(e.kind, EventKind::Claim, "a seller hears no claims");
    }
}

#[tokio::test]
async fn streams_are_bounded_per_user_and_need_a_token() {
    let s = start().await;
    error(s.request(reqwest::Method::GET, None, "/events").send().await.unwrap(), StatusCode::UNAUTHORIZED).await;
    let mut open = Vec::new();
    for _ in 0..apx_server::events::STREAMS_PER_USER {
        open.push(Events::open(&s, SELLER_B, None).await);
    }
    let e = error(s.get(SELLER_B, "/events").await, StatusCode::TOO_MANY_REQUESTS).await;
    assert_eq!(e["code"], "too_many_streams");
    open.pop();
    // A closed stream frees its place (the server notices the client went).
    let mut admitted = false;
    for _ in 0..50 {
        if s.get(SELLER_B, "/events").await.status() == StatusCode::OK {
            admitted = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(admitted, "a place came free");
}

/// Two backend processes on one PostgreSQL: an approval on one reaches a stream on the
/// other (LISTEN/NOTIFY). On SQLite a database has one process; this needs PostgreSQL.
#[tokio::test]
async fn an_approval_on_one_process_reaches_a_stream_on_another() {
    if std::env::var("APX_TEST_DATABASE_URL").map_or(true, |u| u.is_empty()) {
        eprintln!("skipped: needs PostgreSQL (APX_TEST_DATABASE_URL); `make test` runs it there");
        return;
    }
    let a = start().await;
    let b = start_in(&a.dir).await;
    let mut stream = Events::open(&b, SELLER_A, None).await;
    let p = in_review(&a).await;
    expect(a.post_empty(REVIEWER, &format!("/review/products/{}/approve", p.id)).await, StatusCode::OK).await;
    let started = std::time::Instant::now();
    let decided = stream.until(WAIT, |e| e.kind == EventKind::Decided).await;
    assert_eq!((decided.product_id.as_str(), decided.decision), (p.id.as_str(), Some(Decision::Approved)));
    assert!(started.elapsed() < Duration::from_secs(5), "woken by NOTIFY, not by polling");
}

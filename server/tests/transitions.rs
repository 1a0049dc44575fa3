//! Every (status, operation) pair over HTTP: the backend allows exactly what
//! `domain::transition` allows, answers everything else with 409 and changes nothing.

mod common;

use common::*;
use domain::model::{Product, ProductUpdate};
use domain::{transition, Operation, Outcome, Status};
use reqwest::StatusCode;
use serde_json::json;

/// The path from a complete draft to each status, as (who, request) steps.
fn route_to(status: Status) -> &'static [(&'static str, &'static str)] {
    const SUBMIT: (&str, &str) = ("seller", "submit");
    const APPROVE: (&str, &str) = ("reviewer", "approve");
    const REJECT: (&str, &str) = ("reviewer", "reject");
    match status {
        Status::Draft => &[],
        Status::ListingReview => &[SUBMIT],
        Status::ListingApproved => &[SUBMIT, APPROVE],
        Status::ListingRejected => &[SUBMIT, REJECT],
        Status::ListingWithdrawn => &[SUBMIT, ("seller", "withdraw-review")],
        Status::Listed => &[SUBMIT, APPROVE, ("seller", "list")],
        Status::DelistReview => &[SUBMIT, APPROVE, ("seller", "list"), ("seller", "request-delist")],
        Status::DelistApproved => &[SUBMIT, APPROVE, ("seller", "list"), ("seller", "request-delist"), APPROVE],
        Status::DelistRejected => &[SUBMIT, APPROVE, ("seller", "list"), ("seller", "request-delist"), REJECT],
        Status::Delisted => {
            &[SUBMIT, APPROVE, ("seller", "list"), ("seller", "request-delist"), APPROVE, ("seller", "delist")]
        }
    }
}

async fn step(s: &Server, id: &str, who: &str, what: &str) -> reqwest::Response {
    match (who, what) {
        ("reviewer", "reject") => {
            s.post(REVIEWER, &format!("/review/products/{id}/reject"), &json!({"reason": "请补充说明"})).await
        }
        ("reviewer", op) => s.post_empty(REVIEWER, &format!("/review/products/{id}/{op}")).await,
        (_, op) => s.post_empty(SELLER_A, &format!("/products/{id}/{op}")).await,
    }
}

async fn product_in(s: &Server, status: Status) -> Product {
    let p = s.complete_draft(SELLER_A).await;
    for (who, what) in route_to(status) {
        expect(step(s, &p.id, who, what).await, StatusCode::OK).await;
    }
    let p: Product = json(s.get(SELLER_A, &format!("/products/{}", p.id)).await).await;
    assert_eq!(p.status, status);
    p
}

/// Performs `op` on `p` the way a client does; returns the response.
async fn perform(s: &Server, p: &Product, op: Operation) -> reqwest::Response {
    let id = &p.id;
    match op {
        Operation::Detail | Operation::Preview => s.get(SELLER_A, &format!("/products/{id}")).await,
        Operation::Edit => {
            s.put(
                SELLER_A,
                &format!("/products/{id}"),
                &ProductUpdate { version: p.version, content: p.content.clone(), reopen: true },
            )
            .await
        }
        Operation::Delete => s.delete(SELLER_A, &format!("/products/{id}")).await,
        Operation::Clone => s.post_empty(SELLER_A, &format!("/products/{id}/clone")).await,
        Operation::Submit => step(s, id, "seller", "submit").await,
        Operation::WithdrawReview => step(s, id, "seller", "withdraw-review").await,
        Operation::List => step(s, id, "seller", "list").await,
        Operation::RequestDelist => step(s, id, "seller", "request-delist").await,
        Operation::WithdrawDelist => step(s, id, "seller", "withdraw-delist").await,
        Operation::Delist => step(s, id, "seller", "delist").await,
        Operation::Approve => step(s, id, "reviewer", "approve").await,
        Operation::Reject => step(s, id, "reviewer", "reject").await,
    }
}

#[tokio::test]
async fn the_backend_allows_exactly_the_transitions_of_the_spec() {
    let s = start().await;
    let mut checked = 0;
    for status in Status::ALL {
        for op in Operation::ALL {
            let p = product_in(&s, status).await;
            let response = perform(&s, &p, op).await;
            let after = s.get(SELLER_A, &format!("/products/{}", p.id)).await;
            if matches!(op, Operation::Detail | Operation::Preview) {
                // Reads, not transitions: the owner can always read a product; whether
                // the list offers the link is the table's `Status::operations`.
                let read: Product = json(expect(response, StatusCode::OK).await).await;
                assert_eq!(read, p);
                checked += 1;
                continue;
            }
            match transition(status, op) {
                Ok(Outcome::Becomes(next)) => {
                    expect(response, StatusCode::OK).await;
                    let after: Product = json(after).await;
                    assert_eq!(after.status, next, "{status:?} + {op:?}");
                    assert_eq!(after.version, p.version + 1, "{status:?} + {op:?}");
                }
                Ok(Outcome::Deleted) => {
                    expect(response, StatusCode::NO_CONTENT).await;
                    assert_eq!(after.status(), StatusCode::NOT_FOUND, "{status:?} + {op:?}");
                }
                Ok(Outcome::Unchanged) => {
                    assert!(response.status().is_success(), "{status:?} + {op:?}: {}", response.status());
                    let after: Product = json(after).await;
                    assert_eq!(after, p, "{status:?} + {op:?} changes nothing");
                }
                // A draft never submitted does not exist for a reviewer.
                Err(_) if status == Status::Draft && op.role() == domain::Role::Reviewer => {
                    error(response, StatusCode::NOT_FOUND).await;
                    let after: Product = json(after).await;
                    assert_eq!(after, p, "{status:?} + {op:?} is refused without a change");
                }
                Err(_) => {
                    let e = error(response, StatusCode::CONFLICT).await;
                    assert_eq!(e["code"], "transition", "{status:?} + {op:?}");
                    assert_eq!(e["current"]["status"], status.slug());
                    let after: Product = json(after).await;
                    assert_eq!(after, p, "{status:?} + {op:?} is refused without a change");
                }
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 130);
}

#[tokio::test]
async fn a_transition_with_an_old_version_is_stale() {
    let s = start().await;
    let p = s.complete_draft(SELLER_A).await;
    let r = s.post(SELLER_A, &format!("/products/{}/submit", p.id), &json!({"version": 7})).await;
    assert_eq!(error(r, StatusCode::CONFLICT).await["code"], "stale");
    let r = s.post(SELLER_A, &format!("/products/{}/submit", p.id), &json!({"version": 1})).await;
    expect(r, StatusCode::OK).await;
}

#[tokio::test]
async fn editing_an_approved_product_makes_it_a_draft_that_needs_a_new_review() {
    let s = start().await;
    let p = product_in(&s, Status::ListingApproved).await;
    let edited: Product = json(perform(&s, &p, Operation::Edit).await).await;
    assert_eq!(edited.status, Status::Draft);
    error(step(&s, &p.id, "seller", "list").await, StatusCode::CONFLICT).await;
    expect(step(&s, &p.id, "seller", "submit").await, StatusCode::OK).await;
}

#[tokio::test]
async fn an_unknown_operation_is_404() {
    let s = start().await;
    let p = s.complete_draft(SELLER_A).await;
    error(s.post_empty(SELLER_A, &format!("/products/{}/publish-now", p.id)).await, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn editing_a_decided_product_needs_the_sellers_confirmation() {
    let s = start().await;
    for status in [Status::ListingApproved, Status::ListingRejected, Status::ListingWithdrawn] {
        let p = product_in(&s, status).await;
        let path = format!("/products/{}", p.id);
        let mut content = p.content.clone();
        content.summary = "改一个字".into();
        // Without the confirmation nothing is written: the status and version stay.
        let unconfirmed = ProductUpdate { version: p.version, content: content.clone(), reopen: false };
        let body = error(s.put(SELLER_A, &path, &unconfirmed).await, StatusCode::CONFLICT).await;
        assert_eq!(body["code"], "confirm_edit", "{status:?}");
        assert_eq!(body["current"]["status"], json!(status.slug()));
        let now: Product = json(s.get(SELLER_A, &path).await).await;
        assert_eq!(
            (now.status, now.version, now.content.summary.as_str()),
            (status, p.version, p.content.summary.as_str())
        );
        // Confirmed: a draft that needs a new review.
        let confirmed = ProductUpdate { version: p.version, content, reopen: true };
        let saved: Product = json(expect(s.put(SELLER_A, &path, &confirmed).await, StatusCode::OK).await).await;
        assert_eq!((saved.status, saved.content.summary.as_str()), (Status::Draft, "改一个字"));
    }
    // A draft needs no confirmation.
    let draft = s.complete_draft(SELLER_A).await;
    let update = ProductUpdate { version: draft.version, content: draft.content.clone(), reopen: false };
    expect(s.put(SELLER_A, &format!("/products/{}", draft.id), &update).await, StatusCode::OK).await;
}

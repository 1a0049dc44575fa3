//! Every (state, operation) pair over HTTP — the ten statuses, and a product on sale
//! with each state of its change (SPEC §5a): the backend allows exactly what
//! `domain::transition` allows, answers everything else with 409 and changes nothing.

mod common;

use common::*;
use domain::model::{Change, ChangeUpdate, Product, ProductUpdate};
use domain::{transition, ChangeStatus, Operation, Outcome, State, Status};
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

/// A product in `state`: on sale with a change made by 修改 (and submitted, and
/// rejected), then the rest of the route to its status.
async fn product_in_state(s: &Server, state: State) -> Product {
    let Some(change) = state.change else { return product_in(s, state.status).await };
    let p = product_in(s, Status::Listed).await;
    let id = &p.id;
    let mut content = p.content.clone();
    content.summary = format!("{}（新版）", content.summary);
    expect(
        s.put(SELLER_A, &format!("/products/{id}/change"), &ChangeUpdate { version: 0, content }).await,
        StatusCode::OK,
    )
    .await;
    if change != ChangeStatus::Draft {
        expect(s.post_empty(SELLER_A, &format!("/products/{id}/change/submit")).await, StatusCode::OK).await;
    }
    if change == ChangeStatus::Rejected {
        expect(step(s, id, "reviewer", "reject").await, StatusCode::OK).await;
    }
    for (who, what) in &route_to(state.status)[3..] {
        expect(step(s, id, who, what).await, StatusCode::OK).await;
    }
    let p: Product = json(s.get(SELLER_A, &format!("/products/{id}")).await).await;
    assert_eq!(p.state(), state);
    p
}

async fn change_of(s: &Server, p: &Product) -> Option<Change> {
    let r = s.get(SELLER_A, &format!("/products/{}/change", p.id)).await;
    if r.status() == StatusCode::OK {
        Some(json(r).await)
    } else {
        None
    }
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
        Operation::Modify => {
            let change = change_of(s, p).await;
            let update = ChangeUpdate {
                version: change.as_ref().map_or(0, |c| c.version),
                content: change.map_or_else(|| p.content.clone(), |c| c.content),
            };
            s.put(SELLER_A, &format!("/products/{id}/change"), &update).await
        }
        Operation::SubmitChange => s.post_empty(SELLER_A, &format!("/products/{id}/change/submit")).await,
        Operation::WithdrawChange => s.post_empty(SELLER_A, &format!("/products/{id}/change/withdraw")).await,
        Operation::DeleteChange => s.delete(SELLER_A, &format!("/products/{id}/change")).await,
    }
}

#[tokio::test]
async fn the_backend_allows_exactly_the_transitions_of_the_spec() {
    let s = start().await;
    let mut checked = 0;
    for state in State::all() {
        for op in Operation::ALL {
            let p = product_in_state(&s, state).await;
            let change = change_of(&s, &p).await;
            let response = perform(&s, &p, op).await;
            let after = s.get(SELLER_A, &format!("/products/{}", p.id)).await;
            let pair = format!("{state:?} + {op:?}");
            if matches!(op, Operation::Detail | Operation::Preview) {
                // Reads, not transitions: the owner can always read a product; whether
                // the list offers the link is the table's `State::operations`.
                let read: Product = json(expect(response, StatusCode::OK).await).await;
                assert_eq!(read, p);
                checked += 1;
                continue;
            }
            match transition(state, op) {
                Ok(Outcome::Becomes(next)) => {
                    expect(response, StatusCode::OK).await;
                    let after: Product = json(after).await;
                    assert_eq!(after.status, next, "{pair}");
                    assert_eq!(after.version, p.version + 1, "{pair}");
                    assert_eq!(after.content, p.content, "{pair}");
                    // A change stays while the product is in the 已上架 tab.
                    let kept = if next.keeps_change() { p.change.clone() } else { None };
                    assert_eq!(after.change, kept, "{pair}");
                }
                Ok(Outcome::Deleted) => {
                    expect(response, StatusCode::NO_CONTENT).await;
                    assert_eq!(after.status(), StatusCode::NOT_FOUND, "{pair}");
                }
                Ok(Outcome::Unchanged) => {
                    assert!(response.status().is_success(), "{pair}: {}", response.status());
                    let after: Product = json(after).await;
                    assert_eq!(after, p, "{pair} changes nothing");
                }
                Ok(Outcome::ChangeBecomes(next)) => {
                    assert_eq!(response.status(), StatusCode::OK, "{pair}");
                    let after: Product = json(after).await;
                    assert_eq!(after.change.as_ref().map(|c| c.status), Some(next), "{pair}");
                    // The live product is untouched.
                    assert_eq!(
                        (after.version, &after.content, after.status),
                        (p.version, &p.content, p.status),
                        "{pair}"
                    );
                }
                Ok(Outcome::ChangeDeleted) => {
                    assert_eq!(response.status(), StatusCode::OK, "{pair}");
                    let after: Product = json(after).await;
                    assert_eq!(after, Product { change: None, ..p.clone() }, "{pair}");
                    assert!(change_of(&s, &p).await.is_none());
                }
                Ok(Outcome::ChangeApproved) => {
                    expect(response, StatusCode::OK).await;
                    let after: Product = json(after).await;
                    let proposed = change.as_ref().expect("a change in review").content.clone();
                    assert_eq!(after.content, proposed, "{pair}: the change is live");
                    assert_eq!((after.status, after.version, &after.change), (Status::Listed, p.version + 1, &None));
                }
                // A draft never submitted does not exist for a reviewer.
                Err(_) if state.status == Status::Draft && op.role() == domain::Role::Reviewer => {
                    error(response, StatusCode::NOT_FOUND).await;
                    let after: Product = json(after).await;
                    assert_eq!(after, p, "{pair} is refused without a change");
                }
                Err(_) => {
                    let e = error(response, StatusCode::CONFLICT).await;
                    assert_eq!(e["code"], "transition", "{pair}");
                    assert_eq!(e["current"]["status"], state.status.slug());
                    let after: Product = json(after).await;
                    assert_eq!(after, p, "{pair} is refused without a change");
                    assert_eq!(change_of(&s, &p).await, change, "{pair}: the change is as it was");
                }
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 19 * 17);
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

//! The reviewer's side: the queue of listing, delisting and change requests with who
//! holds each, 领取 and 下一个, the request and the rejection it follows, 通过 and 驳回
//! with comments on fields (on a product whose change is in review, they decide the
//! change).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::model::{ChangeRequest, Product, QueueItem, RejectRequest};
use domain::review::{Claim, Review};
use domain::Operation;

use super::{Body, Path};
use crate::auth::Reviewer;
use crate::error::{ApiResult, AppError};
use crate::lifecycle::{self, submitted};
use crate::{changes, queue, AppState};

/// Requests waiting for review (上架审核中, 下架审核中, 变更审核中), oldest first, with
/// the seller who asks and the reviewer who holds each.
#[utoipa::path(get, path = "/api/v1/review/queue", tag = "review", security(("bearer" = [])),
    responses((status = 200, body = [QueueItem]), (status = 401, body = domain::ApiError), (status = 403, body = domain::ApiError)))]
pub async fn list(State(state): State<AppState>, _reviewer: Reviewer) -> ApiResult<Json<Vec<QueueItem>>> {
    Ok(Json(queue::list(&state).await?))
}

/// A product submitted for review at least once, for a reviewer's preview.
#[utoipa::path(get, path = "/api/v1/review/products/{id}", tag = "review", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = Product), (status = 403, body = domain::ApiError), (status = 404, body = domain::ApiError)))]
pub async fn get(
    State(state): State<AppState>,
    _reviewer: Reviewer,
    Path(id): Path<String>,
) -> ApiResult<Json<Product>> {
    Ok(Json(submitted(&state, &id).await?.product))
}

/// A change request: the live product and the proposed change (404 without a change).
#[utoipa::path(get, path = "/api/v1/review/changes/{id}", tag = "review", security(("bearer" = [])),
    params(("id" = String, Path, description = "the product's id")),
    responses((status = 200, body = ChangeRequest), (status = 403, body = domain::ApiError), (status = 404, body = domain::ApiError)))]
pub async fn change(
    State(state): State<AppState>,
    _reviewer: Reviewer,
    Path(id): Path<String>,
) -> ApiResult<Json<ChangeRequest>> {
    let product = submitted(&state, &id).await?.product;
    let change = changes::get(&state.db, &id).await?.ok_or(AppError::NotFound)?;
    Ok(Json(ChangeRequest { product, change }))
}

/// The rejection a resubmitted request follows (自上次驳回以来的修改): the content it
/// rejected, its reason, its comments with the seller's answers; 404 when there is none.
#[utoipa::path(get, path = "/api/v1/review/products/{id}/previous", tag = "review", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = Review), (status = 403, body = domain::ApiError), (status = 404, body = domain::ApiError)))]
pub async fn previous(
    State(state): State<AppState>,
    _reviewer: Reviewer,
    Path(id): Path<String>,
) -> ApiResult<Json<Review>> {
    let product = submitted(&state, &id).await?.product;
    Ok(Json(lifecycle::open_review(&state, &product).await?))
}

/// Who holds the request (审核中 · <reviewer>); 404 when no one does.
#[utoipa::path(get, path = "/api/v1/review/products/{id}/claim", tag = "review", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = Claim), (status = 403, body = domain::ApiError), (status = 404, body = domain::ApiError)))]
pub async fn holder(
    State(state): State<AppState>,
    _reviewer: Reviewer,
    Path(id): Path<String>,
) -> ApiResult<Json<Claim>> {
    Ok(Json(queue::holder(&state, &id).await?))
}

/// 领取: holds the request for 30 minutes (renewed when claimed again); only its holder
/// decides it meanwhile. 409 `claimed` (with the holder's `claim`) while another holds
/// it, 409 `not_in_review` when it awaits no decision.
#[utoipa::path(post, path = "/api/v1/review/products/{id}/claim", tag = "review", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = Claim), (status = 403, body = domain::ApiError), (status = 404, body = domain::ApiError),
        (status = 409, body = domain::ApiError)))]
pub async fn claim(
    State(state): State<AppState>,
    Reviewer(reviewer): Reviewer,
    Path(id): Path<String>,
) -> ApiResult<Json<Claim>> {
    Ok(Json(queue::claim(&state, &reviewer, &id).await?))
}

/// Gives the request back; 404 when the caller does not hold it.
#[utoipa::path(delete, path = "/api/v1/review/products/{id}/claim", tag = "review", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 204), (status = 403, body = domain::ApiError), (status = 404, body = domain::ApiError)))]
pub async fn release(
    State(state): State<AppState>,
    Reviewer(reviewer): Reviewer,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    queue::release(&state, &reviewer, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// 下一个: claims the oldest request no one holds and answers it; 204 when there is none.
#[utoipa::path(post, path = "/api/v1/review/next", tag = "review", security(("bearer" = [])),
    responses((status = 200, body = QueueItem), (status = 204), (status = 403, body = domain::ApiError)))]
pub async fn next(State(state): State<AppState>, Reviewer(reviewer): Reviewer) -> ApiResult<Response> {
    Ok(match queue::next(&state, &reviewer).await? {
        Some(item) => Json(item).into_response(),
        None => StatusCode::NO_CONTENT.into_response(),
    })
}

/// 通过: a listing request becomes 上架审核通过, a delisting request 下架审核通过, a
/// change request goes live (the product's content is replaced, the old one kept in its
/// history). 409 `claimed` while another reviewer holds the request.
#[utoipa::path(post, path = "/api/v1/review/products/{id}/approve", tag = "review", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = Product), (status = 403, body = domain::ApiError), (status = 404, body = domain::ApiError),
        (status = 409, body = domain::ApiError)))]
pub async fn approve(
    State(state): State<AppState>,
    Reviewer(reviewer): Reviewer,
    Path(id): Path<String>,
) -> ApiResult<Json<Product>> {
    Ok(Json(lifecycle::decide(&state, &reviewer, &id, Operation::Approve, RejectRequest::default()).await?))
}

/// 驳回 with a reason (≤ 500 characters) or comments on fields (each ≤ 300 characters,
/// on a field the content under review has), or both; kept with the decision and shown
/// to the seller by the field (a rejected change becomes 变更未通过; the live product is
/// unchanged). 409 `claimed` while another reviewer holds the request.
#[utoipa::path(post, path = "/api/v1/review/products/{id}/reject", tag = "review", security(("bearer" = [])),
    params(("id" = String, Path)), request_body = RejectRequest,
    responses((status = 200, body = Product), (status = 403, body = domain::ApiError), (status = 404, body = domain::ApiError),
        (status = 409, body = domain::ApiError), (status = 422, body = domain::ApiError)))]
pub async fn reject(
    State(state): State<AppState>,
    Reviewer(reviewer): Reviewer,
    Path(id): Path<String>,
    Body(request): Body<RejectRequest>,
) -> ApiResult<Json<Product>> {
    Ok(Json(lifecycle::decide(&state, &reviewer, &id, Operation::Reject, request).await?))
}

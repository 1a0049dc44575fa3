//! The reviewer's side: the queue of listing, delisting and change requests, 通过 and
//! 驳回 (on a product whose change is in review, they decide the change).

use axum::extract::State;
use axum::Json;
use domain::model::{ChangeRequest, Product, QueueItem, RejectRequest};
use domain::{validate, Operation};

use super::{Body, Path};
use crate::auth::Reviewer;
use crate::error::{ApiResult, AppError};
use crate::lifecycle::{self, submitted};
use crate::{changes, products, AppState};

/// Products waiting for review (上架审核中, 下架审核中), oldest first, with the seller
/// who asks.
#[utoipa::path(get, path = "/api/v1/review/queue", tag = "review", security(("bearer" = [])),
    responses((status = 200, body = [QueueItem]), (status = 401, body = domain::ApiError), (status = 403, body = domain::ApiError)))]
pub async fn queue(State(state): State<AppState>, _reviewer: Reviewer) -> ApiResult<Json<Vec<QueueItem>>> {
    Ok(Json(products::review_queue(&state.db).await?))
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

/// 通过: a listing request becomes 上架审核通过, a delisting request 下架审核通过, a
/// change request goes live (the product's content is replaced, the old one kept in its
/// history).
#[utoipa::path(post, path = "/api/v1/review/products/{id}/approve", tag = "review", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = Product), (status = 403, body = domain::ApiError), (status = 404, body = domain::ApiError),
        (status = 409, body = domain::ApiError)))]
pub async fn approve(
    State(state): State<AppState>,
    _reviewer: Reviewer,
    Path(id): Path<String>,
) -> ApiResult<Json<Product>> {
    let row = submitted(&state, &id).await?;
    Ok(Json(lifecycle::operate(&state, &row.seller_id, row.product, Operation::Approve, None).await?))
}

/// 驳回 with a reason (required, ≤ 500 characters), stored and shown to the seller (a
/// rejected change becomes 变更未通过; the live product is unchanged).
#[utoipa::path(post, path = "/api/v1/review/products/{id}/reject", tag = "review", security(("bearer" = [])),
    params(("id" = String, Path)), request_body = RejectRequest,
    responses((status = 200, body = Product), (status = 403, body = domain::ApiError), (status = 404, body = domain::ApiError),
        (status = 409, body = domain::ApiError), (status = 422, body = domain::ApiError)))]
pub async fn reject(
    State(state): State<AppState>,
    _reviewer: Reviewer,
    Path(id): Path<String>,
    Body(request): Body<RejectRequest>,
) -> ApiResult<Json<Product>> {
    validate::review_reason(&request.reason).map_err(|e| AppError::Invalid(vec![e]))?;
    let row = submitted(&state, &id).await?;
    let reason = Some(request.reason.trim().to_owned());
    Ok(Json(lifecycle::operate(&state, &row.seller_id, row.product, Operation::Reject, reason).await?))
}

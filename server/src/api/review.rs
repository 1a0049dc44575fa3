//! The reviewer's side: the queue of listing, delisting and change requests, 通过 and
//! 驳回 (on a product whose change is in review, they decide the change).

use axum::extract::State;
use axum::Json;
use domain::model::{ChangeRequest, Product, QueueItem, RejectRequest};
use domain::{validate, Operation};

use super::products::apply;
use super::{Body, Path};
use crate::auth::Reviewer;
use crate::db;
use crate::error::{ApiResult, AppError};
use crate::AppState;

/// Products waiting for review (上架审核中, 下架审核中), oldest first, with the seller
/// who asks.
#[utoipa::path(get, path = "/api/v1/review/queue", tag = "review", security(("bearer" = [])),
    responses((status = 200, body = [QueueItem]), (status = 401, body = domain::ApiError), (status = 403, body = domain::ApiError)))]
pub async fn queue(State(state): State<AppState>, _reviewer: Reviewer) -> ApiResult<Json<Vec<QueueItem>>> {
    Ok(Json(db::review_queue(&state.db).await?))
}

/// A product that was submitted for review at least once; any other is not the
/// reviewer's to read (404, as for a product that does not exist).
async fn any_product(state: &AppState, id: &str) -> ApiResult<Product> {
    let row = db::product(&state.db, id).await?.filter(|row| row.submitted).ok_or(AppError::NotFound)?;
    Ok(row.product)
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
    Ok(Json(any_product(&state, &id).await?))
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
    let product = any_product(&state, &id).await?;
    let change = db::change(&state.db, &id).await?.ok_or(AppError::NotFound)?;
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
    let current = any_product(&state, &id).await?;
    apply(&state, current, Operation::Approve, None).await.map(Json)
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
    let current = any_product(&state, &id).await?;
    apply(&state, current, Operation::Reject, Some(request.reason.trim().to_owned())).await.map(Json)
}

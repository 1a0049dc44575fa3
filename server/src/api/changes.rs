//! Changes to a product on sale (SPEC §5a): the seller's side — the change itself, 修改
//! (save), 删除变更, 提交变更 and 撤回变更 — and the history of approved versions. The
//! writes go through `lifecycle`.

use axum::body::Bytes;
use axum::extract::State;
use axum::Json;
use domain::model::{Change, ChangeUpdate, Product, TransitionRequest, Version};
use domain::{transition, validate, Operation};

use super::{Body, Path};
use crate::auth::Seller;
use crate::error::{ApiResult, AppError};
use crate::lifecycle::{self, owned};
use crate::{changes, history, AppState};

/// The change of one of the seller's products on sale.
#[utoipa::path(get, path = "/api/v1/products/{id}/change", tag = "changes", security(("bearer" = [])),
    params(("id" = String, Path)), responses((status = 200, body = Change), (status = 404, body = domain::ApiError)))]
pub async fn get(
    State(state): State<AppState>,
    Seller(user): Seller,
    Path(id): Path<String>,
) -> ApiResult<Json<Change>> {
    owned(&state, &user, &id).await?;
    Ok(Json(changes::get(&state.db, &id).await?.ok_or(AppError::NotFound)?))
}

/// 修改: saves the change's content (a change draft; a rejected change becomes a draft
/// again). `version` 0 starts the change of a product that has none. The same checks as
/// a draft; a newer stored change answers 409 `stale` with `current_change`.
#[utoipa::path(put, path = "/api/v1/products/{id}/change", tag = "changes", security(("bearer" = [])),
    params(("id" = String, Path)), request_body = ChangeUpdate,
    responses((status = 200, body = Change), (status = 404, body = domain::ApiError), (status = 409, body = domain::ApiError),
        (status = 422, body = domain::ApiError)))]
pub async fn save(
    State(state): State<AppState>,
    Seller(user): Seller,
    Path(id): Path<String>,
    Body(update): Body<ChangeUpdate>,
) -> ApiResult<Json<Change>> {
    Ok(Json(lifecycle::save_change(&state, &user, &id, update).await?))
}

/// 删除变更: the change is gone; the live product is unchanged.
#[utoipa::path(delete, path = "/api/v1/products/{id}/change", tag = "changes", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = Product), (status = 404, body = domain::ApiError), (status = 409, body = domain::ApiError)))]
pub async fn delete(
    State(state): State<AppState>,
    Seller(user): Seller,
    Path(id): Path<String>,
) -> ApiResult<Json<Product>> {
    let product = owned(&state, &user, &id).await?;
    Ok(Json(lifecycle::operate(&state, &user, &user.id, product, Operation::DeleteChange, Default::default()).await?))
}

/// 提交变更 (`submit`: every rule, as for 提交审核) or 撤回变更 (`withdraw`). The body
/// may name the change's version the seller saw.
#[utoipa::path(post, path = "/api/v1/products/{id}/change/{operation}", tag = "changes", security(("bearer" = [])),
    params(("id" = String, Path), ("operation" = String, Path, description = "submit | withdraw")),
    request_body(content = Option<TransitionRequest>, description = "optional: the change's version the seller saw"),
    responses((status = 200, body = Product), (status = 404, body = domain::ApiError), (status = 409, body = domain::ApiError),
        (status = 422, body = domain::ApiError)))]
pub async fn operate(
    State(state): State<AppState>,
    Seller(user): Seller,
    Path((id, segment)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult<Json<Product>> {
    let operation = Operation::ALL
        .into_iter()
        .find(|op| op.change_segment() == Some(segment.as_str()))
        .ok_or(AppError::NotFound)?;
    let request = super::transition_request(&body)?;
    let product = owned(&state, &user, &id).await?;
    // Without a change, the transition refuses (409), as for any other state.
    if let Some(change) = changes::get(&state.db, &id).await? {
        if request.version.is_some_and(|v| v != change.version) {
            return Err(AppError::StaleChange(Box::new(change)));
        }
        if operation == Operation::SubmitChange && transition(product.state(), operation).is_ok() {
            let catalog = crate::gateway::catalog(&state.db, state.gateway.as_ref(), &user.id).await?;
            validate::product(&change.content, &catalog).map_err(AppError::Invalid)?;
        }
    }
    Ok(Json(lifecycle::operate(&state, &user, &user.id, product, operation, Default::default()).await?))
}

/// The product's approved versions, newest first: when each went live and what it changed.
#[utoipa::path(get, path = "/api/v1/products/{id}/versions", tag = "changes", security(("bearer" = [])),
    params(("id" = String, Path)), responses((status = 200, body = [Version]), (status = 404, body = domain::ApiError)))]
pub async fn versions(
    State(state): State<AppState>,
    Seller(user): Seller,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<Version>>> {
    owned(&state, &user, &id).await?;
    Ok(Json(history::versions(&state.db, &id).await?))
}

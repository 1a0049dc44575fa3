//! Changes to a product on sale (SPEC §5a): a change is its own record bound to its
//! product — content, version, status, reason — edited like a draft while the live
//! content stays on sale, and made live only by a reviewer's 通过, atomically, with the
//! replaced content kept in the product's history. Every move goes through
//! `domain::transition` (via `products::apply`).

use axum::body::Bytes;
use axum::extract::State;
use axum::Json;
use domain::model::{Change, ChangeUpdate, Product, TransitionRequest, Version};
use domain::{diff, transition, validate, ChangeStatus, Operation};

use super::products::{apply, file_ids, owned, prepare, release_dropped};
use super::{Body, Path};
use crate::auth::Seller;
use crate::db;
use crate::error::{ApiResult, AppError};
use crate::AppState;

/// The product's change, or 404 when it has none.
async fn change_of(state: &AppState, product_id: &str) -> ApiResult<Change> {
    db::change(&state.db, product_id).await?.ok_or(AppError::NotFound)
}

/// The change of one of the seller's products on sale.
#[utoipa::path(get, path = "/api/v1/products/{id}/change", tag = "changes", security(("bearer" = [])),
    params(("id" = String, Path)), responses((status = 200, body = Change), (status = 404, body = domain::ApiError)))]
pub async fn get(
    State(state): State<AppState>,
    Seller(user): Seller,
    Path(id): Path<String>,
) -> ApiResult<Json<Change>> {
    owned(&state, &user, &id).await?;
    Ok(Json(change_of(&state, &id).await?))
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
    let product = owned(&state, &user, &id).await?;
    transition(product.state(), Operation::Modify).map_err(|e| AppError::Transition(e, Box::new(product.clone())))?;
    let content = prepare(&state, &user, update.content).await?;
    let now = db::now_ms();
    let saved = match db::change(&state.db, &id).await? {
        None if update.version != 0 => return Err(AppError::Stale(Box::new(product))),
        None => {
            let change = Change {
                product_id: id.clone(),
                version: 1,
                status: ChangeStatus::Draft,
                created_at: now,
                updated_at: now,
                review_reason: None,
                content,
            };
            if !db::insert_change(&state.db, &change).await? {
                return Err(AppError::StaleChange(Box::new(change_of(&state, &id).await?)));
            }
            change
        }
        Some(current) if current.version != update.version => return Err(AppError::StaleChange(Box::new(current))),
        Some(current) => {
            release_dropped(&state, &user, &current.content, &content).await?;
            let next = Change {
                version: current.version + 1,
                status: ChangeStatus::Draft,
                updated_at: now,
                review_reason: None,
                content,
                ..current.clone()
            };
            if !db::update_change(&state.db, &next, current.version).await? {
                return Err(AppError::StaleChange(Box::new(change_of(&state, &id).await?)));
            }
            next
        }
    };
    super::files::purge_released(&state, &user.id).await?;
    Ok(Json(saved))
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
    apply(&state, product, Operation::DeleteChange, None).await.map(Json)
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
    let request = super::products::transition_request(&body)?;
    let product = owned(&state, &user, &id).await?;
    // Without a change, the transition refuses (409), as for any other state.
    if let Some(change) = db::change(&state.db, &id).await? {
        if request.version.is_some_and(|v| v != change.version) {
            return Err(AppError::StaleChange(Box::new(change)));
        }
        if operation == Operation::SubmitChange && transition(product.state(), operation).is_ok() {
            let catalog = crate::gateway::catalog(&state.db, state.gateway.as_ref(), &user.id).await?;
            validate::product(&change.content, &catalog).map_err(AppError::Invalid)?;
        }
    }
    apply(&state, product, operation, None).await.map(Json)
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
    Ok(Json(db::versions(&state.db, &id).await?))
}

/// The change is now in `next` (submitted, withdrawn, rejected with `reason`).
pub(crate) async fn moved(
    state: &AppState,
    product: Product,
    next: ChangeStatus,
    reason: Option<String>,
) -> ApiResult<Product> {
    let current = change_of(state, &product.id).await?;
    let change = Change {
        status: next,
        version: current.version + 1,
        updated_at: db::now_ms(),
        review_reason: reason,
        ..current.clone()
    };
    if !db::update_change(&state.db, &change, current.version).await? {
        return Err(AppError::StaleChange(Box::new(change_of(state, &product.id).await?)));
    }
    Ok(Product { change: Some(change.summary()), ..product })
}

/// 通过 on a change: its content goes live at once; the replaced content and the fields
/// that changed go to the history.
pub(crate) async fn approve(state: &AppState, product: Product) -> ApiResult<Product> {
    let change = change_of(state, &product.id).await?;
    let changed = diff::changed_fields(&product.content, &change.content);
    match db::approve_change(&state.db, &product, &change, &changed).await? {
        Some(live) => Ok(live),
        None => Err(AppError::Stale(Box::new(
            db::product(&state.db, &product.id).await?.ok_or(AppError::NotFound)?.product,
        ))),
    }
}

/// 删除变更, or a product leaving the 已上架 tab: the change is gone, and the files only it
/// carried are released.
pub(crate) async fn discard(state: &AppState, product: Product) -> ApiResult<Product> {
    let row = db::product(&state.db, &product.id).await?.ok_or(AppError::NotFound)?;
    if let Some(change) = db::change(&state.db, &product.id).await? {
        for file in file_ids(&change.content) {
            db::release_file(&state.db, &row.seller_id, &file).await?;
        }
        db::delete_change(&state.db, &product.id, Some(change.version)).await?;
        super::files::purge_released(state, &row.seller_id).await?;
    }
    Ok(Product { change: None, ..product })
}

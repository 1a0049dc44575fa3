//! A seller's products: drafts, edits with a version check, the list, and every
//! transition of SPEC §5 through `domain::transition`.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use domain::model::{NewProduct, Product, ProductPage, ProductSummary, ProductUpdate, TransitionRequest};
use domain::{validate, Operation, Status, Tab};
use serde::Deserialize;

use super::{Body, Path, Query};
use crate::auth::Seller;
use crate::error::{ApiResult, AppError};
use crate::lifecycle::{self, owned};
use crate::{products, AppState};

/// Creates a draft (草稿).
#[utoipa::path(post, path = "/api/v1/products", tag = "products", security(("bearer" = [])), request_body = NewProduct,
    responses((status = 201, body = Product), (status = 400, body = domain::ApiError), (status = 401, body = domain::ApiError),
        (status = 422, body = domain::ApiError)))]
pub async fn create(
    State(state): State<AppState>,
    Seller(user): Seller,
    Body(new): Body<NewProduct>,
) -> ApiResult<(StatusCode, Json<Product>)> {
    Ok((StatusCode::CREATED, Json(lifecycle::create(&state, &user, new.content).await?)))
}

/// One of the seller's products.
#[utoipa::path(get, path = "/api/v1/products/{id}", tag = "products", security(("bearer" = [])),
    params(("id" = String, Path)), responses((status = 200, body = Product), (status = 404, body = domain::ApiError)))]
pub async fn get(
    State(state): State<AppState>,
    Seller(user): Seller,
    Path(id): Path<String>,
) -> ApiResult<Json<Product>> {
    Ok(Json(owned(&state, &user, &id).await?))
}

/// Saves the content. The body names the version it was based on; a newer stored
/// version answers 409 `stale` with the current product. Saving an approved,
/// rejected or withdrawn product makes it a draft again (编辑) — only with `reopen`,
/// the seller's confirmation (else 409 `confirm_edit`, nothing written).
#[utoipa::path(put, path = "/api/v1/products/{id}", tag = "products", security(("bearer" = [])),
    params(("id" = String, Path)), request_body = ProductUpdate,
    responses((status = 200, body = Product), (status = 404, body = domain::ApiError), (status = 409, body = domain::ApiError),
        (status = 422, body = domain::ApiError)))]
pub async fn update(
    State(state): State<AppState>,
    Seller(user): Seller,
    Path(id): Path<String>,
    Body(update): Body<ProductUpdate>,
) -> ApiResult<Json<Product>> {
    Ok(Json(lifecycle::save(&state, &user, &id, update).await?))
}

/// Filters of the product list.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub struct ListQuery {
    /// `listed` (已上架), `pending` (待上架) or `delisted` (已下架); all tabs when absent.
    pub tab: Option<String>,
    /// One status (`listing_review` …), within the tab if both are given.
    pub status: Option<String>,
    /// Part of the product name.
    pub q: Option<String>,
    /// 1-based page, default 1.
    pub page: Option<u32>,
    /// 1–100, default 10.
    pub per_page: Option<u32>,
}

/// The seller's products, newest change first, a page at a time.
#[utoipa::path(get, path = "/api/v1/products", tag = "products", security(("bearer" = [])), params(ListQuery),
    responses((status = 200, body = ProductPage), (status = 400, body = domain::ApiError), (status = 401, body = domain::ApiError)))]
pub async fn list(
    State(state): State<AppState>,
    Seller(user): Seller,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<ProductPage>> {
    let bad = |what: &str| AppError::BadRequest(what.to_owned());
    let tab = q.tab.as_deref().map(|t| Tab::from_slug(t).ok_or_else(|| bad("unknown tab"))).transpose()?;
    let status = q
        .status
        .as_deref()
        .map(|s| Status::ALL.into_iter().find(|st| st.slug() == s).ok_or_else(|| bad("unknown status")))
        .transpose()?;
    let statuses: Vec<Status> = Status::ALL
        .into_iter()
        .filter(|s| tab.is_none_or(|t| s.tab() == t) && status.is_none_or(|st| st == *s))
        .collect();
    let page = q.page.unwrap_or(1);
    let per_page = q.per_page.unwrap_or(10);
    if page < 1 || !(1..=100).contains(&per_page) {
        return Err(bad("page is 1 or more, per_page 1 to 100"));
    }
    // A search is part of a name: no longer than a name can be.
    if q.q.as_deref().is_some_and(|q| q.chars().count() > domain::RULES.s1_name.max_chars) {
        return Err(bad("the search is longer than a product name can be"));
    }
    let name = q.q.as_deref().map(str::trim).filter(|n| !n.is_empty());
    let filter = products::ListFilter { seller_id: &user.id, statuses, name, page, per_page };
    let (products, total) = products::list(&state.db, &filter).await?;
    let items = products.iter().map(ProductSummary::from).collect();
    Ok(Json(ProductPage { items, total, page, per_page }))
}

/// 删除: the product is gone from every list.
#[utoipa::path(delete, path = "/api/v1/products/{id}", tag = "products", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = domain::ApiError), (status = 409, body = domain::ApiError)))]
pub async fn delete(
    State(state): State<AppState>,
    Seller(user): Seller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    lifecycle::delete(&state, &user, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// 克隆: a new draft with a copy of the content; the source is unchanged.
#[utoipa::path(post, path = "/api/v1/products/{id}/clone", tag = "products", security(("bearer" = [])),
    params(("id" = String, Path)), responses((status = 201, body = Product), (status = 404, body = domain::ApiError)))]
pub async fn clone(
    State(state): State<AppState>,
    Seller(user): Seller,
    Path(id): Path<String>,
) -> ApiResult<(StatusCode, Json<Product>)> {
    Ok((StatusCode::CREATED, Json(lifecycle::clone(&state, &user, &id).await?)))
}

/// Moves a product: `submit` (提交审核, re-validates everything), `withdraw-review`
/// (撤回审核), `list` (上架), `request-delist` (申请下架), `withdraw-delist`
/// (撤回下架申请), `delist` (下架). Anything the status does not allow is 409.
#[utoipa::path(post, path = "/api/v1/products/{id}/{operation}", tag = "products", security(("bearer" = [])),
    params(("id" = String, Path),
        ("operation" = String, Path, description = "submit | withdraw-review | list | request-delist | withdraw-delist | delist")),
    request_body(content = Option<TransitionRequest>, description = "optional: the version the seller saw"),
    responses((status = 200, body = Product), (status = 404, body = domain::ApiError), (status = 409, body = domain::ApiError),
        (status = 422, body = domain::ApiError)))]
pub async fn operate(
    State(state): State<AppState>,
    Seller(user): Seller,
    Path((id, segment)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult<Json<Product>> {
    let operation = Operation::from_segment(&segment).ok_or(AppError::NotFound)?;
    let request = super::transition_request(&body)?;
    let current = owned(&state, &user, &id).await?;
    if request.version.is_some_and(|v| v != current.version) {
        return Err(AppError::Stale(Box::new(current)));
    }
    if operation == Operation::Submit && current.status == Status::Draft {
        let catalog = crate::gateway::catalog(&state.db, state.gateway.as_ref(), &user.id).await?;
        validate::product(&current.content, &catalog).map_err(AppError::Invalid)?;
    }
    Ok(Json(lifecycle::operate(&state, &user, &user.id, current, operation, Default::default()).await?))
}

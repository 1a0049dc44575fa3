//! A seller's products: drafts, edits with a version check, the list, and every
//! transition of SPEC §5 through `domain::transition`.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use domain::model::{
    NewProduct, Product, ProductContent, ProductPage, ProductSummary, ProductUpdate, TransitionRequest, User,
};
use domain::{transition, validate, ErrorKey, FieldError, FileSlot, Operation, Outcome, Status, Tab};
use serde::Deserialize;

use super::{Body, Path, Query};
use crate::auth::Seller;
use crate::db::{self, ProductRow};
use crate::error::{ApiResult, AppError};
use crate::AppState;

/// A product of this seller, or 404 (another seller's product is not there for them).
pub(crate) async fn owned(state: &AppState, user: &User, id: &str) -> ApiResult<Product> {
    match db::product(&state.db, id).await? {
        Some(ProductRow { seller_id, product, .. }) if seller_id == user.id => Ok(product),
        _ => Err(AppError::NotFound),
    }
}

/// Checks what a draft must respect, and makes the server's own facts win: file
/// references are replaced by the stored metadata of the seller's own files, and each
/// spec's access address (S4-ACCESS) is taken from its gateway service.
pub(crate) async fn prepare(state: &AppState, user: &User, mut content: ProductContent) -> ApiResult<ProductContent> {
    let catalog = crate::gateway::catalog(&state.db, state.gateway.as_ref(), &user.id).await?;
    validate::draft(&content, &catalog).map_err(AppError::Invalid)?;
    let mut unknown = Vec::new();
    for slot in FileSlot::ALL {
        for (i, file) in slot.files_mut(&mut content).into_iter().enumerate() {
            match db::file(&state.db, &file.id).await? {
                Some(stored) if stored.owner_id == user.id => *file = stored.file,
                _ => unknown.push(FieldError::new(slot.limit().id, slot.path(i), ErrorKey::UnknownChoice)),
            }
        }
    }
    if !unknown.is_empty() {
        return Err(AppError::Invalid(unknown));
    }
    for spec in &mut content.specs {
        spec.access_url =
            catalog.services.iter().find(|s| s.id == spec.service_id).map(|s| s.access_url.clone()).unwrap_or_default();
    }
    Ok(content)
}

/// Creates a draft (草稿).
#[utoipa::path(post, path = "/api/v1/products", tag = "products", security(("bearer" = [])), request_body = NewProduct,
    responses((status = 201, body = Product), (status = 400, body = domain::ApiError), (status = 401, body = domain::ApiError),
        (status = 422, body = domain::ApiError)))]
pub async fn create(
    State(state): State<AppState>,
    Seller(user): Seller,
    Body(new): Body<NewProduct>,
) -> ApiResult<(StatusCode, Json<Product>)> {
    let content = prepare(&state, &user, new.content).await?;
    Ok((StatusCode::CREATED, Json(insert_draft(&state, &user, content).await?)))
}

async fn insert_draft(state: &AppState, user: &User, content: ProductContent) -> ApiResult<Product> {
    crate::quota::room_for_product(state, &user.id).await?;
    let now = db::now_ms();
    let product = Product {
        id: db::new_id(),
        version: 1,
        status: Status::Draft,
        created_at: now,
        updated_at: now,
        review_reason: None,
        content,
        change: None,
    };
    db::insert_product(&state.db, &user.id, &product).await?;
    Ok(product)
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
    let current = owned(&state, &user, &id).await?;
    if update.version != current.version {
        return Err(AppError::Stale(Box::new(current)));
    }
    // No client reopens a decided product by accident: the seller confirms.
    if current.status.edit_reopens() && !update.reopen {
        return Err(AppError::ConfirmEdit(Box::new(current)));
    }
    let status = match transition(current.state(), Operation::Edit) {
        Ok(Outcome::Becomes(status)) => status,
        Ok(_) => current.status,
        Err(e) => return Err(AppError::Transition(e, Box::new(current))),
    };
    let content = prepare(&state, &user, update.content).await?;
    release_dropped(&state, &user, &current.content, &content).await?;
    let next = Product {
        version: current.version + 1,
        status,
        updated_at: db::now_ms(),
        review_reason: None,
        content,
        ..current.clone()
    };
    save(&state, &user, next, current.version).await.map(Json)
}

/// Releases the files `before` carried and `after` does not (replaced, removed): each is
/// deleted once nothing of the seller refers to it any more — a product, a change, a
/// kept version (see `save`).
pub(crate) async fn release_dropped(
    state: &AppState,
    user: &User,
    before: &ProductContent,
    after: &ProductContent,
) -> ApiResult<()> {
    let kept = file_ids(after);
    for gone in file_ids(before).into_iter().filter(|id| !kept.contains(id)) {
        db::release_file(&state.db, &user.id, &gone).await?;
    }
    Ok(())
}

/// The ids of every file a product's content refers to.
pub(crate) fn file_ids(content: &ProductContent) -> Vec<String> {
    FileSlot::ALL.into_iter().flat_map(|slot| slot.files(content)).map(|f| f.id).collect()
}

/// Writes a changed product, or answers `stale` if another write won meanwhile.
async fn save(state: &AppState, user: &User, next: Product, expected: u64) -> ApiResult<Product> {
    if db::update_product(&state.db, &next, expected).await? {
        super::files::purge_released(state, &user.id).await?;
        Ok(next)
    } else {
        Err(AppError::Stale(Box::new(owned(state, user, &next.id).await?)))
    }
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
    let filter = db::ListFilter { seller_id: &user.id, statuses, name, page, per_page };
    let (products, total) = db::list_products(&state.db, &filter).await?;
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
    let current = owned(&state, &user, &id).await?;
    transition(current.state(), Operation::Delete).map_err(|e| AppError::Transition(e, Box::new(current.clone())))?;
    if db::delete_product(&state.db, &id, current.version).await? {
        super::files::purge_released(&state, &user.id).await?;
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::Stale(Box::new(owned(&state, &user, &id).await?)))
    }
}

/// 克隆: a new draft with a copy of the content; the source is unchanged.
#[utoipa::path(post, path = "/api/v1/products/{id}/clone", tag = "products", security(("bearer" = [])),
    params(("id" = String, Path)), responses((status = 201, body = Product), (status = 404, body = domain::ApiError)))]
pub async fn clone(
    State(state): State<AppState>,
    Seller(user): Seller,
    Path(id): Path<String>,
) -> ApiResult<(StatusCode, Json<Product>)> {
    let source = owned(&state, &user, &id).await?;
    transition(source.state(), Operation::Clone).map_err(|e| AppError::Transition(e, Box::new(source.clone())))?;
    Ok((StatusCode::CREATED, Json(insert_draft(&state, &user, source.content).await?)))
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
    let request = transition_request(&body)?;
    let current = owned(&state, &user, &id).await?;
    if request.version.is_some_and(|v| v != current.version) {
        return Err(AppError::Stale(Box::new(current)));
    }
    if operation == Operation::Submit && current.status == Status::Draft {
        let catalog = crate::gateway::catalog(&state.db, state.gateway.as_ref(), &user.id).await?;
        validate::product(&current.content, &catalog).map_err(AppError::Invalid)?;
    }
    apply(&state, current, operation, None).await.map(Json)
}

/// The optional body of a transition. No body, or `null`, is a transition without the
/// version check.
pub(crate) fn transition_request(body: &[u8]) -> ApiResult<TransitionRequest> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(TransitionRequest::default());
    }
    match serde_json::from_slice(body).map_err(|e| AppError::BadRequest(e.to_string()))? {
        serde_json::Value::Null => Ok(TransitionRequest::default()),
        value => super::decode(value),
    }
}

/// Applies an operation that moves a product (or its change) to another state, with
/// the version check. A product that leaves the 已上架 tab loses its change; one that
/// goes on sale starts its history.
pub(crate) async fn apply(
    state: &AppState,
    current: Product,
    operation: Operation,
    reason: Option<String>,
) -> ApiResult<Product> {
    let status = match transition(current.state(), operation) {
        Ok(Outcome::Becomes(status)) => status,
        Ok(Outcome::ChangeApproved) => return super::changes::approve(state, current).await,
        Ok(Outcome::ChangeBecomes(next)) => return super::changes::moved(state, current, next, reason).await,
        Ok(Outcome::ChangeDeleted) => return super::changes::discard(state, current).await,
        Ok(_) => return Ok(current),
        Err(e) => return Err(AppError::Transition(e, Box::new(current))),
    };
    let expected = current.version;
    let next = Product { status, version: expected + 1, updated_at: db::now_ms(), review_reason: reason, ..current };
    if !db::update_product(&state.db, &next, expected).await? {
        let fresh = db::product(&state.db, &next.id).await?.ok_or(AppError::NotFound)?;
        return Err(AppError::Stale(Box::new(fresh.product)));
    }
    if status == Status::Listed && operation == Operation::List {
        db::record_listing(&state.db, &next).await?;
    }
    if next.change.is_some() && !status.keeps_change() {
        return super::changes::discard(state, next).await;
    }
    Ok(next)
}

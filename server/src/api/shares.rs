//! 分享预览: the seller makes, lists and revokes read-only links to a saved product's
//! buyer's page; anyone with a link reads that page and its files — signed out, nothing
//! else. Unknown tokens are 404 (and counted: an address that keeps guessing gets 429),
//! a revoked or expired link 410 saying which.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use domain::model::{Catalog, NewShare, Share, SharedListing};
use domain::FileSlot;

use super::Path;
use crate::auth::Seller;
use crate::error::{ApiResult, AppError};
use crate::lifecycle::owned;
use crate::{catalog, files, products, shares, AppState};

/// 分享预览: a new link to the product's buyer's page, valid 7 days. Its token is in this
/// answer only.
#[utoipa::path(post, path = "/api/v1/products/{id}/shares", tag = "shares", security(("bearer" = [])),
    params(("id" = String, Path)), responses((status = 201, body = NewShare), (status = 404, body = domain::ApiError)))]
pub async fn create(
    State(state): State<AppState>,
    Seller(user): Seller,
    Path(id): Path<String>,
) -> ApiResult<(StatusCode, Json<NewShare>)> {
    owned(&state, &user, &id).await?;
    let (share, token) = shares::create(&state.db, &id, state.clock.now_ms()).await?;
    Ok((StatusCode::CREATED, Json(NewShare { share, token })))
}

/// The product's links that work now, newest first.
#[utoipa::path(get, path = "/api/v1/products/{id}/shares", tag = "shares", security(("bearer" = [])),
    params(("id" = String, Path)), responses((status = 200, body = [Share]), (status = 404, body = domain::ApiError)))]
pub async fn list(
    State(state): State<AppState>,
    Seller(user): Seller,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<Share>>> {
    owned(&state, &user, &id).await?;
    Ok(Json(shares::active(&state.db, &id, state.clock.now_ms()).await?))
}

/// Revokes a link: from now on it says so.
#[utoipa::path(delete, path = "/api/v1/products/{id}/shares/{share}", tag = "shares", security(("bearer" = [])),
    params(("id" = String, Path), ("share" = String, Path)),
    responses((status = 204), (status = 404, body = domain::ApiError)))]
pub async fn revoke(
    State(state): State<AppState>,
    Seller(user): Seller,
    Path((id, share)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    owned(&state, &user, &id).await?;
    if shares::revoke(&state.db, &id, &share, state.clock.now_ms()).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound)
    }
}

/// The product a link opens, as buyers see it: 404 for an unknown token (a guess,
/// counted), 410 for a link revoked or expired, 429 for an address that guessed too
/// often.
async fn shared(state: &AppState, from: SocketAddr, token: &str) -> ApiResult<(SharedListing, String)> {
    let now = state.clock.now_ms();
    if !state.guesses.allowed(from.ip(), now) {
        return Err(AppError::TooManyGuesses);
    }
    let found = if shares::is_token(token) { shares::find(&state.db, token).await? } else { None };
    let found = match found {
        Some(found) => found,
        None => {
            state.guesses.failed(from.ip(), now);
            return Err(AppError::NotFound);
        }
    };
    if found.revoked {
        return Err(AppError::Gone("revoked"));
    }
    if found.expires_at <= now {
        return Err(AppError::Gone("expired"));
    }
    let row = products::get(&state.db, &found.product_id).await?.ok_or(AppError::Gone("revoked"))?;
    let catalog = Catalog {
        categories: catalog::categories(&state.db).await?,
        tags: catalog::tags(&state.db).await?,
        services: Vec::new(),
    };
    let listing = SharedListing { content: row.product.content.for_buyers(), catalog, expires_at: found.expires_at };
    Ok((listing, row.seller_id))
}

/// The buyer's page a share link opens (no sign-in).
#[utoipa::path(get, path = "/api/v1/shared/{token}", tag = "shares",
    params(("token" = String, Path, description = "the link's token")),
    responses((status = 200, body = SharedListing), (status = 404, body = domain::ApiError),
        (status = 410, body = domain::ApiError), (status = 429, body = domain::ApiError)))]
pub async fn open(
    State(state): State<AppState>,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
    Path(token): Path<String>,
) -> ApiResult<Json<SharedListing>> {
    Ok(Json(shared(&state, from, &token).await?.0))
}

/// A file of the page a share link opens (an image, the usage document, the agreement
/// …): only the files that page shows — never the test report, nothing else.
#[utoipa::path(get, path = "/api/v1/shared/{token}/files/{id}", tag = "shares",
    params(("token" = String, Path, description = "the link's token"), ("id" = String, Path, description = "file id")),
    responses((status = 200, description = "the file's bytes"), (status = 404, body = domain::ApiError),
        (status = 410, body = domain::ApiError), (status = 429, body = domain::ApiError)))]
pub async fn file(
    State(state): State<AppState>,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
    Path((token, id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let (listing, seller) = shared(&state, from, &token).await?;
    let shown = FileSlot::ALL.into_iter().flat_map(|slot| slot.files(&listing.content)).any(|f| f.id == id);
    let stored = files::get(&state.db, &id).await?.filter(|stored| shown && stored.owner_id == seller);
    match stored {
        Some(stored) => super::files::file_response(&state, &stored, super::files::Caching::Never).await,
        None => {
            state.guesses.failed(from.ip(), state.clock.now_ms());
            Err(AppError::NotFound)
        }
    }
}

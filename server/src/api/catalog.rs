//! Who is signed in, the demo accounts, and what a seller chooses from.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::model::{Category, DemoAccount, GatewayService, Tag, User};

use crate::auth::{Caller, Seller};
use crate::error::{ApiResult, AppError};
use crate::{catalog, users, AppState};

/// The signed-in user.
#[utoipa::path(get, path = "/api/v1/me", tag = "session", security(("bearer" = [])),
    responses((status = 200, body = User), (status = 401, body = domain::ApiError)))]
pub async fn me(Caller(user): Caller) -> Json<User> {
    Json(user)
}

/// The demo identities with their tokens, in demo mode only (404 otherwise), and only
/// to the console this backend serves: a request from a page on another origin is 403
/// (its `Origin`, or `Sec-Fetch-Site: cross-site`), unless that origin is one of the
/// consoles named by `--console-origin`, which alone get a CORS header. Any other web
/// page a person opens while the backend runs cannot read a token.
#[utoipa::path(get, path = "/api/v1/demo-accounts", tag = "session",
    responses((status = 200, body = [DemoAccount]), (status = 403, body = domain::ApiError),
        (status = 404, body = domain::ApiError)))]
pub async fn demo_accounts(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<Response> {
    if !state.demo {
        return Err(AppError::NotFound);
    }
    let text = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let origin = text(header::ORIGIN);
    let host = text(header::HOST).unwrap_or_default();
    let own = |o: &str| o == format!("http://{host}") || o == format!("https://{host}");
    let trusted = origin.as_deref().filter(|o| state.console_origins.iter().any(|c| c == o));
    let cross_site = headers.get("sec-fetch-site").is_some_and(|v| v == "cross-site" || v == "same-site");
    let same_origin = origin.as_deref().is_none_or(own) && !cross_site;
    if trusted.is_none() && !same_origin {
        return Err(AppError::Refused("the demo accounts are offered to the console this backend serves only".into()));
    }
    let accounts = users::demo_accounts(&state.db).await?;
    let mut response = Json(accounts).into_response();
    let response_headers = response.headers_mut();
    response_headers.insert(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(origin) = trusted.and_then(|o| HeaderValue::from_str(o).ok()) {
        response_headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    }
    Ok(response)
}

/// The seller's API services deployed on the API gateway (S4-SERVICE).
#[utoipa::path(get, path = "/api/v1/services", tag = "catalog", security(("bearer" = [])),
    responses((status = 200, body = [GatewayService]), (status = 401, body = domain::ApiError), (status = 403, body = domain::ApiError)))]
pub async fn services(State(state): State<AppState>, Seller(user): Seller) -> ApiResult<Json<Vec<GatewayService>>> {
    Ok(Json(state.gateway.services(&user.id).await?))
}

/// The two-level category tree (S3-CATEGORY).
#[utoipa::path(get, path = "/api/v1/categories", tag = "catalog", security(("bearer" = [])),
    responses((status = 200, body = [Category]), (status = 401, body = domain::ApiError)))]
pub async fn categories(State(state): State<AppState>, _caller: Caller) -> ApiResult<Json<Vec<Category>>> {
    Ok(Json(catalog::categories(&state.db).await?))
}

/// The tags a product can carry (S3-TAGS).
#[utoipa::path(get, path = "/api/v1/tags", tag = "catalog", security(("bearer" = [])),
    responses((status = 200, body = [Tag]), (status = 401, body = domain::ApiError)))]
pub async fn tags(State(state): State<AppState>, _caller: Caller) -> ApiResult<Json<Vec<Tag>>> {
    Ok(Json(catalog::tags(&state.db).await?))
}

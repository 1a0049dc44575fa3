//! Who is signed in, the demo accounts, and what a seller chooses from.

use axum::extract::State;
use axum::Json;
use domain::model::{Category, DemoAccount, GatewayService, Tag, User};

use crate::auth::{Caller, Seller};
use crate::error::{ApiResult, AppError};
use crate::{db, AppState};

/// The signed-in user.
#[utoipa::path(get, path = "/api/v1/me", tag = "session", security(("bearer" = [])),
    responses((status = 200, body = User), (status = 401, body = domain::ApiError)))]
pub async fn me(Caller(user): Caller) -> Json<User> {
    Json(user)
}

/// The demo identities with their tokens (demo mode only; 404 otherwise).
#[utoipa::path(get, path = "/api/v1/demo-accounts", tag = "session",
    responses((status = 200, body = [DemoAccount]), (status = 404, body = domain::ApiError)))]
pub async fn demo_accounts(State(state): State<AppState>) -> ApiResult<Json<Vec<DemoAccount>>> {
    if !state.demo {
        return Err(AppError::NotFound);
    }
    Ok(Json(db::demo_accounts(&state.db).await?))
}

/// The seller's API services deployed on the API gateway (S4-SERVICE).
#[utoipa::path(get, path = "/api/v1/services", tag = "catalog", security(("bearer" = [])),
    responses((status = 200, body = [GatewayService]), (status = 401, body = domain::ApiError), (status = 403, body = domain::ApiError)))]
pub async fn services(State(state): State<AppState>, Seller(user): Seller) -> ApiResult<Json<Vec<GatewayService>>> {
    Ok(Json(db::services(&state.db, &user.id).await?))
}

/// The two-level category tree (S3-CATEGORY).
#[utoipa::path(get, path = "/api/v1/categories", tag = "catalog", security(("bearer" = [])),
    responses((status = 200, body = [Category]), (status = 401, body = domain::ApiError)))]
pub async fn categories(State(state): State<AppState>, _caller: Caller) -> ApiResult<Json<Vec<Category>>> {
    Ok(Json(db::categories(&state.db).await?))
}

/// The tags a product can carry (S3-TAGS).
#[utoipa::path(get, path = "/api/v1/tags", tag = "catalog", security(("bearer" = [])),
    responses((status = 200, body = [Tag]), (status = 401, body = domain::ApiError)))]
pub async fn tags(State(state): State<AppState>, _caller: Caller) -> ApiResult<Json<Vec<Tag>>> {
    Ok(Json(db::tags(&state.db).await?))
}

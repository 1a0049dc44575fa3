//! Bearer tokens: who is calling, and whether they may.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use domain::model::User;
use domain::Role;

use crate::error::AppError;
use crate::AppState;

/// The signed-in caller (401 without a known token).
pub struct Caller(pub User);

impl FromRequestParts<AppState> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(AppError::Unauthorized)?;
        crate::db::user_by_token(&state.db, token).await?.map(Caller).ok_or(AppError::Unauthorized)
    }
}

/// The caller, if it has `role` (403 otherwise).
async fn with_role(parts: &mut Parts, state: &AppState, role: Role) -> Result<User, AppError> {
    let Caller(user) = Caller::from_request_parts(parts, state).await?;
    if user.role == role {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// A seller (a reviewer at a seller endpoint is refused with 403).
pub struct Seller(pub User);

impl FromRequestParts<AppState> for Seller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        with_role(parts, state, Role::Seller).await.map(Seller)
    }
}

/// A reviewer (403 for sellers).
pub struct Reviewer(pub User);

impl FromRequestParts<AppState> for Reviewer {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        with_role(parts, state, Role::Reviewer).await.map(Reviewer)
    }
}

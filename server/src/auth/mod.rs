//! Who is calling, and whether they may: a bearer token that is either a JWT of the
//! seller center's identity service (`jwt`), or — in demo mode only — one of the tokens
//! kept in the `users` table (the demo accounts).

pub mod jwt;

use std::collections::HashMap;
use std::sync::Mutex;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use domain::model::User;
use domain::Role;

use crate::db::Db;
use crate::error::AppError;
use crate::AppState;

/// Turns bearer tokens into users.
pub struct Authenticator {
    /// Tokens of the `users` table sign in (demo mode).
    pub plain_tokens: bool,
    pub jwt: Option<jwt::JwtVerifier>,
    /// Users already written from their claims, as written (a changed name or role is
    /// written again).
    known: Mutex<HashMap<String, User>>,
}

impl Authenticator {
    pub fn new(plain_tokens: bool, jwt: Option<jwt::JwtVerifier>) -> Self {
        Authenticator { plain_tokens, jwt, known: Mutex::default() }
    }

    /// The user `token` belongs to: 401 `invalid_token` for any token that is not valid
    /// now (never saying why to the caller; the log line says).
    pub async fn user(&self, db: &Db, token: &str) -> Result<User, AppError> {
        if jwt::looks_like_jwt(token) {
            let Some(verifier) = &self.jwt else {
                tracing::info!(reason = "no JWKS is configured", "refused a JWT");
                return Err(AppError::InvalidToken);
            };
            let identity = verifier.verify(token).await.map_err(|refusal| {
                tracing::info!(reason = %refusal, "refused a JWT");
                AppError::InvalidToken
            })?;
            let user = User { id: identity.sub, name: identity.name, role: identity.role };
            self.remember(db, &user).await?;
            return Ok(user);
        }
        if !self.plain_tokens {
            return Err(AppError::InvalidToken);
        }
        crate::users::by_token(db, token).await?.ok_or(AppError::InvalidToken)
    }

    /// Writes a user first seen (or seen with another name or role) from its claims.
    async fn remember(&self, db: &Db, user: &User) -> Result<(), AppError> {
        let seen = self.known.lock().unwrap_or_else(|e| e.into_inner()).get(&user.id) == Some(user);
        if !seen {
            crate::users::upsert(db, user).await?;
            self.known.lock().unwrap_or_else(|e| e.into_inner()).insert(user.id.clone(), user.clone());
        }
        Ok(())
    }
}

/// The signed-in caller (401 without a valid token).
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
        let user = state.auth.user(&state.db, token).await?;
        tracing::Span::current().record("user", user.id.as_str());
        Ok(Caller(user))
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

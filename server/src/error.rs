//! Every failure as the one JSON error shape `{code, message, field}` of the contract.

use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::model::{Change, Product};
use domain::review::Claim;
use domain::{ApiError, FieldError, TransitionError};

#[derive(Debug)]
pub enum AppError {
    /// 401: no token.
    Unauthorized,
    /// 401: a token that is not valid (unknown, expired, badly signed, a refused claim).
    InvalidToken,
    /// 403: signed in, but not allowed (a seller at a reviewer endpoint).
    Forbidden,
    /// 403 with a reason of its own.
    Refused(String),
    /// 404: no such thing — or another seller's, which is the same to the caller.
    NotFound,
    /// 400: the request itself is malformed.
    BadRequest(String),
    /// 405: the path exists, the method does not.
    MethodNotAllowed,
    /// 409: written against an old version; carries the current product.
    Stale(Box<Product>),
    /// 409: a change written against an old version of it; carries the current change.
    StaleChange(Box<Change>),
    /// 409: the operation is not possible in the product's status; carries it.
    Transition(TransitionError, Box<Product>),
    /// 409: a content write to a decided product (上架审核通过 / 未通过 / 已撤回) without
    /// the seller's confirmation that it reopens the product; carries it.
    ConfirmEdit(Box<Product>),
    /// 409: the request is held by another reviewer (领取); carries their claim.
    Claimed(Box<Claim>),
    /// 409: the request awaits no decision (nothing to claim); carries the product.
    NotInReview(Box<Product>),
    /// 409: an answer to a comment whose rejection was followed by a decision.
    Settled,
    /// 429: the user holds as many event streams as one may.
    TooManyStreams,
    /// 413: a file over its field's limit.
    TooLarge(FieldError),
    /// 429 (`count`: one more product or file) or 413 (bytes): past a seller's quota.
    Quota { count: bool, message: String },
    /// 410: a share link revoked or expired (`revoked`, `expired`).
    Gone(&'static str),
    /// 429: an address that guessed share tokens too often.
    TooManyGuesses,
    /// 413: a JSON body over the request limit.
    BodyTooLarge,
    /// 408: the request took too long.
    Timeout,
    /// 422: field errors, every one of them.
    Invalid(Vec<FieldError>),
    /// 500: what went wrong, its source kept for the log (never shown to the caller).
    Internal(Box<dyn std::error::Error + Send + Sync>),
}

macro_rules! internal_from {
    ($($t:ty),*) => {$(
        impl From<$t> for AppError {
            fn from(e: $t) -> Self {
                AppError::Internal(Box::new(e))
            }
        }
    )*};
}
internal_from!(sqlx::Error, std::io::Error, serde_json::Error);

impl From<JsonRejection> for AppError {
    fn from(e: JsonRejection) -> Self {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return AppError::BodyTooLarge;
        }
        AppError::BadRequest(e.body_text())
    }
}

impl From<MultipartRejection> for AppError {
    fn from(e: MultipartRejection) -> Self {
        AppError::BadRequest(e.body_text())
    }
}

impl From<QueryRejection> for AppError {
    fn from(e: QueryRejection) -> Self {
        AppError::BadRequest(e.body_text())
    }
}

/// The JSON error body, with the product as it is now for a 409.
#[derive(serde::Serialize)]
struct Body {
    #[serde(flatten)]
    error: ApiError,
    #[serde(skip_serializing_if = "Option::is_none")]
    current: Option<Box<Product>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    current_change: Option<Box<Change>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    claim: Option<Box<Claim>>,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::StaleChange(change) = self {
            let message = format!("the change was saved meanwhile; it is at version {}", change.version);
            let body = Body {
                error: ApiError::new("stale", message),
                current: None,
                current_change: Some(change),
                claim: None,
            };
            return (StatusCode::CONFLICT, Json(body)).into_response();
        }
        if let AppError::Claimed(claim) = self {
            let message = format!("{} holds this request until it is decided or the claim runs out", claim.reviewer);
            let body = Body {
                error: ApiError::new("claimed", message),
                current: None,
                current_change: None,
                claim: Some(claim),
            };
            return (StatusCode::CONFLICT, Json(body)).into_response();
        }
        let invalid_token = matches!(self, AppError::InvalidToken);
        let (status, error, current) = match self {
            AppError::Unauthorized | AppError::InvalidToken => {
                (StatusCode::UNAUTHORIZED, ApiError::new("unauthorized", "a valid bearer token is required"), None)
            }
            AppError::Forbidden => {
                (StatusCode::FORBIDDEN, ApiError::new("forbidden", "this needs the reviewer role"), None)
            }
            AppError::Refused(message) => (StatusCode::FORBIDDEN, ApiError::new("forbidden", message), None),
            AppError::NotFound => (StatusCode::NOT_FOUND, ApiError::new("not_found", "no such resource"), None),
            AppError::BadRequest(message) => (StatusCode::BAD_REQUEST, ApiError::new("bad_request", message), None),
            AppError::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                ApiError::new("method_not_allowed", "this path does not take that method"),
                None,
            ),
            AppError::Stale(current) => (
                StatusCode::CONFLICT,
                ApiError::new("stale", format!("the product changed meanwhile; it is at version {}", current.version)),
                Some(current),
            ),
            AppError::Transition(e, current) => {
                (StatusCode::CONFLICT, ApiError::new("transition", e.to_string()), Some(current))
            }
            AppError::ConfirmEdit(current) => (
                StatusCode::CONFLICT,
                ApiError::new(
                    "confirm_edit",
                    "editing this product makes it a draft that needs a new review: send `reopen: true` to confirm",
                ),
                Some(current),
            ),
            AppError::NotInReview(current) => {
                (StatusCode::CONFLICT, ApiError::new("not_in_review", "this request awaits no decision"), Some(current))
            }
            AppError::Settled => (
                StatusCode::CONFLICT,
                ApiError::new("settled", "a later decision was made on this request; its comments are closed"),
                None,
            ),
            AppError::TooManyStreams => (
                StatusCode::TOO_MANY_REQUESTS,
                ApiError::new("too_many_streams", "too many event streams are open for this user"),
                None,
            ),
            AppError::TooLarge(e) => {
                let mut error = ApiError::new("too_large", "the file is over its limit");
                error.field = Some(e.field.clone());
                error.errors = vec![e];
                (StatusCode::PAYLOAD_TOO_LARGE, error, None)
            }
            AppError::Quota { count, message } => {
                let status = if count { StatusCode::TOO_MANY_REQUESTS } else { StatusCode::PAYLOAD_TOO_LARGE };
                (status, ApiError::new("quota", message), None)
            }
            AppError::BodyTooLarge => {
                (StatusCode::PAYLOAD_TOO_LARGE, ApiError::new("too_large", "the request body is over its limit"), None)
            }
            AppError::Gone(code) => {
                let message = if code == "expired" { "this link has expired" } else { "this link was revoked" };
                (StatusCode::GONE, ApiError::new(code, message), None)
            }
            AppError::TooManyGuesses => (
                StatusCode::TOO_MANY_REQUESTS,
                ApiError::new("too_many_guesses", "too many unknown links from this address; try again later"),
                None,
            ),
            AppError::Timeout => {
                (StatusCode::REQUEST_TIMEOUT, ApiError::new("timeout", "the request took too long"), None)
            }
            AppError::Invalid(errors) => (StatusCode::UNPROCESSABLE_ENTITY, ApiError::invalid(errors), None),
            AppError::StaleChange(_) | AppError::Claimed(_) => unreachable!("answered above"),
            AppError::Internal(error) => {
                // The whole chain: a database error names its query's failure, and so on.
                let mut causes = Vec::new();
                let mut source = error.source();
                while let Some(cause) = source {
                    causes.push(cause.to_string());
                    source = cause.source();
                }
                tracing::error!(%error, ?causes, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ApiError::new("internal", "something went wrong on the server"),
                    None,
                )
            }
        };
        let mut response = (status, Json(Body { error, current, current_change: None, claim: None })).into_response();
        if status == StatusCode::UNAUTHORIZED {
            // RFC 6750: what the client should send, and whether the one it sent was bad.
            let challenge =
                if invalid_token { "Bearer realm=\"apx\", error=\"invalid_token\"" } else { "Bearer realm=\"apx\"" };
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static(challenge));
        }
        response
    }
}

pub type ApiResult<T> = Result<T, AppError>;

//! The seller's side of the review loop (SPEC §5b): the rejection its product (or its
//! change) is open under, with the comments on fields; its answers; the timeline.

use axum::extract::State;
use axum::Json;
use domain::review::{AnswerRequest, Comment, Review, TimelineEntry};

use super::{Body, Path};
use crate::auth::Seller;
use crate::error::ApiResult;
use crate::lifecycle::{self, owned};
use crate::{timeline, AppState};

/// The last rejection of the product — of its change, when it has one — until the next
/// decision: reason, comments on fields with their answers, and the content it rejected
/// (what 已修改 compares against); 404 when there is none.
#[utoipa::path(get, path = "/api/v1/products/{id}/review", tag = "products", security(("bearer" = [])),
    params(("id" = String, Path)), responses((status = 200, body = Review), (status = 404, body = domain::ApiError)))]
pub async fn review(
    State(state): State<AppState>,
    Seller(user): Seller,
    Path(id): Path<String>,
) -> ApiResult<Json<Review>> {
    let product = owned(&state, &user, &id).await?;
    Ok(Json(lifecycle::open_review(&state, &product).await?))
}

/// Answers a comment (≤ 300 characters; answering again replaces the answer), until the
/// next decision (then 409 `settled`).
#[utoipa::path(put, path = "/api/v1/products/{id}/review/comments/{comment}/answer", tag = "products",
    security(("bearer" = [])), params(("id" = String, Path), ("comment" = String, Path)), request_body = AnswerRequest,
    responses((status = 200, body = Comment), (status = 404, body = domain::ApiError), (status = 409, body = domain::ApiError),
        (status = 422, body = domain::ApiError)))]
pub async fn answer(
    State(state): State<AppState>,
    Seller(user): Seller,
    Path((id, comment)): Path<(String, String)>,
    Body(request): Body<AnswerRequest>,
) -> ApiResult<Json<Comment>> {
    Ok(Json(lifecycle::answer(&state, &user, &id, &comment, &request.text).await?))
}

/// What happened to the product, oldest first: created, submissions, decisions with
/// their reasons and comments, answers, listing and delisting, changes — who and when.
#[utoipa::path(get, path = "/api/v1/products/{id}/timeline", tag = "products", security(("bearer" = [])),
    params(("id" = String, Path)), responses((status = 200, body = [TimelineEntry]), (status = 404, body = domain::ApiError)))]
pub async fn timeline(
    State(state): State<AppState>,
    Seller(user): Seller,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<TimelineEntry>>> {
    owned(&state, &user, &id).await?;
    Ok(Json(timeline::list(&state.db, &id).await?))
}

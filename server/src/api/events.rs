//! `GET /api/v1/events`: the signed-in user's events as Server-Sent Events (SPEC §5b).

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event as Sse, KeepAlive};
use axum::response::Sse as SseResponse;
use domain::Role;
use futures_util::{Stream, StreamExt};

use crate::auth::Caller;
use crate::error::{ApiResult, AppError};
use crate::{events, AppState};

/// Idle streams carry a comment this often, so proxies keep them open.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The caller's events as they happen: a seller's own products' moves and decisions
/// (`status`, `decided`), a reviewer's queue (`queue`, `claim`). Each message's `id`
/// resumes: sent back as `Last-Event-ID`, the stream first sends every event after it.
/// Without one it starts now. At most 8 streams per user (429 `too_many_streams`);
/// idle streams carry a keep-alive comment every 15 s; streams end when the server stops.
#[utoipa::path(get, path = "/api/v1/events", tag = "events", security(("bearer" = [])),
    params(("Last-Event-ID" = Option<String>, Header, description = "the id of the last event received")),
    responses((status = 200, content_type = "text/event-stream", body = domain::review::Event,
            description = "a stream of `id:` / `data:` messages, each data one JSON event"),
        (status = 401, body = domain::ApiError), (status = 429, body = domain::ApiError)))]
pub async fn stream(
    State(state): State<AppState>,
    Caller(user): Caller,
    headers: HeaderMap,
) -> ApiResult<SseResponse<impl Stream<Item = Result<Sse, Infallible>>>> {
    let resume = headers.get("last-event-id").and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok());
    let after = match resume {
        Some(id) => id,
        None => events::latest(&state.db).await?,
    };
    let second = match user.role {
        Role::Reviewer => events::REVIEWERS.to_owned(),
        Role::Seller => user.id.clone(),
    };
    let audiences = [user.id.clone(), second];
    let stream = events::open(&state.events, state.db.clone(), audiences, after, state.shutdown.clone())
        .ok_or(AppError::TooManyStreams)?;
    let messages = stream.map(|event| {
        let data = serde_json::to_string(&event).unwrap_or_default();
        Ok(Sse::default().id(event.id.to_string()).data(data))
    });
    Ok(SseResponse::new(messages).keep_alive(KeepAlive::new().interval(KEEP_ALIVE)))
}

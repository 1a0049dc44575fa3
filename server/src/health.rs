//! For whoever runs the backend: `/healthz` (the process is alive), `/readyz` (it can
//! serve: the database and the file store answer; 503 naming the part that does not),
//! and `/metrics` (Prometheus).

use std::time::Duration;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use crate::AppState;

/// How long a readiness check waits for the database or the store.
const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

/// Whether the process is alive (it answers).
#[derive(Serialize, utoipa::ToSchema)]
pub struct Alive {
    /// `ok`.
    pub status: String,
}

/// Whether the server can serve, part by part.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Readiness {
    /// `ready`, or `unavailable` when a part is not.
    pub status: String,
    /// `ok`, or what went wrong reaching the database.
    pub database: String,
    /// `ok`, or what went wrong reaching the file store.
    pub store: String,
}

/// Alive: the process answers.
#[utoipa::path(get, path = "/healthz", tag = "operations", responses((status = 200, body = Alive)))]
pub async fn healthz() -> Json<Alive> {
    Json(Alive { status: "ok".into() })
}

async fn within<F, E>(check: F) -> String
where
    F: std::future::Future<Output = Result<(), E>>,
    E: std::fmt::Display,
{
    match tokio::time::timeout(CHECK_TIMEOUT, check).await {
        Ok(Ok(())) => "ok".into(),
        Ok(Err(e)) => format!("unreachable: {e}"),
        Err(_) => format!("no answer within {} s", CHECK_TIMEOUT.as_secs()),
    }
}

/// Ready: the database and the file store answer (503 otherwise, naming the part).
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses((status = 200, body = Readiness), (status = 503, body = Readiness)))]
pub async fn readyz(State(state): State<AppState>) -> Response {
    let database = within(async {
        if state.db.pool.is_closed() {
            return Err("the connection pool is closed".to_owned());
        }
        sqlx::query("SELECT 1").execute(&state.db.pool).await.map(drop).map_err(|e| e.to_string())
    })
    .await;
    let store = within(state.files.check()).await;
    let ready = database == "ok" && store == "ok";
    if !ready {
        tracing::warn!(%database, %store, "not ready");
    }
    let status = if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    let body = Readiness { status: if ready { "ready" } else { "unavailable" }.into(), database, store };
    (status, Json(body)).into_response()
}

/// The metrics, in the OpenMetrics text format Prometheus scrapes.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "OpenMetrics text", content_type = "application/openmetrics-text")))]
pub async fn metrics(State(state): State<AppState>) -> Response {
    // The queue is counted when asked for, so every process reports the same figure.
    match crate::products::review_queue_length(&state.db).await {
        Ok(n) => {
            state.metrics.review_queue.set(n);
        }
        Err(e) => tracing::warn!(error = %e, "counting the review queue"),
    }
    ([(header::CONTENT_TYPE, crate::metrics::CONTENT_TYPE)], state.metrics.render()).into_response()
}

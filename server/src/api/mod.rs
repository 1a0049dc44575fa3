//! The `/api/v1` routes, and the extractors that turn malformed input into the one
//! JSON error shape.

pub mod catalog;
pub mod changes;
pub mod comments;
pub mod events;
pub mod files;
pub mod products;
pub mod review;
pub mod shares;

use std::time::Duration;

use axum::extract::{DefaultBodyLimit, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, Method};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Number, Value};
use tower_http::cors::{Any, CorsLayer};

use crate::error::AppError;
use crate::AppState;

/// The API under `/api/v1`, with `docs` (the contract's own route) inside it.
pub fn router(state: AppState, request_timeout: Duration, docs: Router<AppState>) -> Router {
    // Bearer tokens, never cookies: any origin may call the API (an app served
    // elsewhere, the browser tests' own page), and none can borrow a session.
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods(Any)
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .max_age(std::time::Duration::from_secs(600));
    let api = docs
        .route("/me", get(catalog::me))
        .route("/services", get(catalog::services))
        .route("/categories", get(catalog::categories))
        .route("/tags", get(catalog::tags))
        // Uploads stream to disk and enforce each field's own limit while streaming.
        .route("/files", post(files::upload).layer(DefaultBodyLimit::disable()))
        .route("/files/{id}", get(files::download).delete(files::release))
        .route("/products", get(products::list).post(products::create))
        .route("/products/{id}", get(products::get).put(products::update).delete(products::delete))
        .route("/products/{id}/clone", post(products::clone))
        .route("/products/{id}/{operation}", post(products::operate))
        .route("/products/{id}/change", get(changes::get).put(changes::save).delete(changes::delete))
        .route("/products/{id}/change/{operation}", post(changes::operate))
        .route("/products/{id}/versions", get(changes::versions))
        .route("/products/{id}/review", get(comments::review))
        .route("/products/{id}/review/comments/{comment}/answer", axum::routing::put(comments::answer))
        .route("/products/{id}/timeline", get(comments::timeline))
        .route("/events", get(events::stream))
        .route("/products/{id}/shares", get(shares::list).post(shares::create))
        .route("/products/{id}/shares/{share}", axum::routing::delete(shares::revoke))
        .route("/shared/{token}", get(shares::open))
        .route("/shared/{token}/files/{id}", get(shares::file))
        .route("/review/queue", get(review::list))
        .route("/review/next", post(review::next))
        .route("/review/products/{id}", get(review::get))
        .route("/review/products/{id}/previous", get(review::previous))
        .route("/review/products/{id}/claim", get(review::holder).post(review::claim).delete(review::release))
        .route("/review/changes/{id}", get(review::change))
        .route("/review/products/{id}/approve", post(review::approve))
        .route("/review/products/{id}/reject", post(review::reject))
        .fallback(|| async { AppError::NotFound })
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
        .layer(cors)
        .layer(middleware::from_fn(move |request: Request, next: Next| within(request_timeout, request, next)));
    Router::new()
        .nest("/api/v1", api)
        // The demo tokens are for the console this backend serves (and the consoles it
        // is told about): outside the CORS layer, see `catalog::demo_accounts`.
        .route("/api/v1/demo-accounts", get(catalog::demo_accounts))
        .with_state(state)
}

/// Answers 408 (`timeout`) when a request takes longer than `limit`. Uploads are
/// exempt: a large file on a slow link takes its time, and a stalled body ends it; so
/// is the event stream, which lasts (its headers come at once).
async fn within(limit: Duration, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if (request.method() == Method::POST && path.ends_with("/files")) || path.ends_with("/events") {
        return next.run(request).await;
    }
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => AppError::Timeout.into_response(),
    }
}

/// The optional body of a transition. No body, or `null`, is a transition without the
/// version check.
pub(crate) fn transition_request(body: &[u8]) -> Result<domain::model::TransitionRequest, AppError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(domain::model::TransitionRequest::default());
    }
    match serde_json::from_slice(body).map_err(|e| AppError::BadRequest(e.to_string()))? {
        serde_json::Value::Null => Ok(domain::model::TransitionRequest::default()),
        value => decode(value),
    }
}

/// A JSON body; malformed JSON is a 400 in the API's error shape, one over the body
/// limit a 413.
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Serialize> FromRequest<S> for Body<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let Json(value) = Json::<Value>::from_request(req, state).await?;
        decode(value).map(Body)
    }
}

/// Reads a request's JSON into `T`, as the contract states it. A number written with a
/// fraction of zero (`3.0`) is the integer it equals, as JSON Schema's `integer` says
/// (serde alone refuses it); an object written as an array (which serde alone reads
/// field by field) is refused.
pub fn decode<T: DeserializeOwned + Serialize>(mut value: Value) -> Result<T, AppError> {
    whole_numbers(&mut value);
    let decoded: T = serde_path_to_error::deserialize(&value).map_err(|e| {
        AppError::BadRequest(format!("the body does not fit the schema at {}: {}", e.path(), e.inner()))
    })?;
    let read = serde_json::to_value(&decoded).map_err(|e| AppError::BadRequest(e.to_string()))?;
    match objects_written_as_arrays(&value, &read, "") {
        Some(at) => {
            Err(AppError::BadRequest(format!("the body does not fit the schema at {at}: an object is expected")))
        }
        None => Ok(decoded),
    }
}

/// The first place where `read` has an object and the request had an array.
fn objects_written_as_arrays(sent: &Value, read: &Value, at: &str) -> Option<String> {
    match (sent, read) {
        (Value::Array(_), Value::Object(_)) => Some(if at.is_empty() { ".".into() } else { at.into() }),
        (Value::Object(sent), Value::Object(read)) => read.iter().find_map(|(key, read)| {
            sent.get(key).and_then(|sent| objects_written_as_arrays(sent, read, &format!("{at}.{key}")))
        }),
        (Value::Array(sent), Value::Array(read)) => sent
            .iter()
            .zip(read)
            .enumerate()
            .find_map(|(i, (sent, read))| objects_written_as_arrays(sent, read, &format!("{at}[{i}]"))),
        _ => None,
    }
}

/// Rewrites integral floats within the range of `i64`/`u64` as integers, in place.
fn whole_numbers(value: &mut Value) {
    match value {
        Value::Number(n) => {
            let Some(f) = n.as_f64().filter(|f| n.is_f64() && f.fract() == 0.0) else { return };
            // 2^64 and -2^63 are exact as floats; beyond them the number stays a float.
            if (0.0..18_446_744_073_709_551_616.0).contains(&f) {
                *n = Number::from(f as u64);
            } else if (-9_223_372_036_854_775_808.0..0.0).contains(&f) {
                *n = Number::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers),
        Value::Object(fields) => fields.values_mut().for_each(whole_numbers),
        _ => {}
    }
}

/// Path parameters; a segment that does not decode (bad percent-encoding, not UTF-8)
/// is a 400 in the API's error shape.
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(e) => Err(AppError::BadRequest(e.body_text())),
        }
    }
}

/// Query parameters; bad ones are a 400 in the API's error shape.
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let axum::extract::Query(value) = axum::extract::Query::<T>::from_request_parts(parts, state).await?;
        Ok(Query(value))
    }
}

//! Every request, observed once: its id (`x-request-id` from the caller when it is a
//! sane one, else a new one; echoed on the answer), one log line when it is answered
//! (method, route template, status, time, the user — never a token, a query string or
//! a body), and the request metrics.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

use crate::metrics::{Metrics, RequestLabels, RouteLabels};

pub static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// A caller's request id is taken if it is 1–128 characters of `[A-Za-z0-9._:-]`
/// (it goes into logs and a header); anything else gets a new one.
fn caller_id(value: Option<&HeaderValue>) -> Option<String> {
    let text = value?.to_str().ok()?;
    let sane = (1..=128).contains(&text.len())
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-'));
    sane.then(|| text.to_owned())
}

/// The route a request took, as its template with `:name` parameters
/// (`/api/v1/products/:id`: braces in a label value trip some scrapers' parsers); the
/// console's files and unknown addresses are grouped, so the label's values stay few.
fn route_of(request: &Request) -> String {
    if let Some(path) = request.extensions().get::<MatchedPath>() {
        return path.as_str().replace("{*", ":").replace('{', ":").replace('}', "");
    }
    if request.uri().path().starts_with("/api/") {
        "unmatched".to_owned()
    } else {
        "static".to_owned()
    }
}

pub async fn observe(State(metrics): State<Arc<Metrics>>, mut request: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = caller_id(request.headers().get(&REQUEST_ID)).unwrap_or_else(crate::db::new_id);
    let header = HeaderValue::from_str(&id).unwrap_or_else(|_| HeaderValue::from_static("invalid"));
    request.headers_mut().insert(REQUEST_ID.clone(), header.clone());
    let method = request.method().as_str().to_owned();
    let route = route_of(&request);
    let span = tracing::info_span!("request", id = %id, user = tracing::field::Empty);
    let mut response = next.run(request).instrument(span.clone()).await;
    let status = response.status().as_u16();
    let elapsed = started.elapsed();
    response.headers_mut().insert(REQUEST_ID.clone(), header);
    metrics.requests.get_or_create(&RequestLabels { method: method.clone(), route: route.clone(), status }).inc();
    metrics
        .latency
        .get_or_create(&RouteLabels { method: method.clone(), route: route.clone() })
        .observe(elapsed.as_secs_f64());
    span.in_scope(|| {
        tracing::info!(method, route, status, ms = elapsed.as_secs_f64() * 1000.0, "answered");
    });
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_templates_name_their_parameters_with_a_colon() {
        let mut request = Request::new(axum::body::Body::empty());
        *request.uri_mut() = "/api/v1/nothing".parse().unwrap();
        assert_eq!(route_of(&request), "unmatched");
        *request.uri_mut() = "/products/listed".parse().unwrap();
        assert_eq!(route_of(&request), "static");
    }

    #[test]
    fn a_callers_request_id_is_kept_only_when_it_is_sane() {
        let id = |s: &str| caller_id(Some(&HeaderValue::from_str(s).unwrap()));
        assert_eq!(id("abc-123_x.y:z").as_deref(), Some("abc-123_x.y:z"));
        assert_eq!(id(""), None);
        assert_eq!(id("has space"), None);
        assert_eq!(id(&"a".repeat(129)), None);
        assert_eq!(caller_id(None), None);
    }
}

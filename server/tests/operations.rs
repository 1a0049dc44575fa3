//! What whoever runs the backend relies on: `/healthz`, `/readyz` (503 naming the part
//! that is down), `/metrics` in Prometheus's format counting what happens, and a request
//! id on every answer.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::Value;

/// The server's origin (its API is below `/api/v1`).
fn origin(s: &Server) -> String {
    s.base.trim_end_matches("/api/v1").to_owned()
}

async fn scrape(s: &Server) -> prometheus_parse::Scrape {
    let response = expect(s.http.get(format!("{}/metrics", origin(s))).send().await.unwrap(), StatusCode::OK).await;
    let kind = response.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(kind.starts_with("application/openmetrics-text"), "{kind}");
    let text = response.text().await.unwrap();
    prometheus_parse::Scrape::parse(text.lines().map(|l| Ok(l.to_owned()))).expect("Prometheus text")
}

/// The value of the sample `name` whose labels include `labels` (0 when there is none).
fn value(scrape: &prometheus_parse::Scrape, name: &str, labels: &[(&str, &str)]) -> f64 {
    scrape
        .samples
        .iter()
        .filter(|s| s.metric == name && labels.iter().all(|(k, v)| s.labels.get(k) == Some(*v)))
        .map(|s| match s.value {
            prometheus_parse::Value::Counter(v)
            | prometheus_parse::Value::Gauge(v)
            | prometheus_parse::Value::Untyped(v) => v,
            _ => 0.0,
        })
        .sum()
}

#[tokio::test]
async fn healthz_says_alive_and_readyz_names_the_part_that_is_down() {
    let s = start().await;
    let alive: Value =
        json(expect(s.http.get(format!("{}/healthz", origin(&s))).send().await.unwrap(), StatusCode::OK).await).await;
    assert_eq!(alive["status"], "ok");
    let ready: Value =
        json(expect(s.http.get(format!("{}/readyz", origin(&s))).send().await.unwrap(), StatusCode::OK).await).await;
    assert_eq!(
        (ready["status"].as_str(), ready["database"].as_str(), ready["store"].as_str()),
        (Some("ready"), Some("ok"), Some("ok"))
    );

    // The database goes away.
    s.state.db.pool.close().await;
    let response = s.http.get(format!("{}/readyz", origin(&s))).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "unavailable");
    assert_ne!(body["database"], "ok", "{body}");
    assert_eq!(body["store"], "ok", "only the failing part is named");
    // Alive all the same: a restart is not what it needs.
    expect(s.http.get(format!("{}/healthz", origin(&s))).send().await.unwrap(), StatusCode::OK).await;
}

#[tokio::test]
async fn metrics_count_requests_by_route_template_and_uploads() {
    let s = start().await;
    let route = [("method", "GET"), ("route", "/api/v1/products/:id"), ("status", "404")];
    let before = scrape(&s).await;
    assert_eq!(value(&before, "apx_http_requests_total", &route), 0.0);
    for id in ["a1", "b2", "c3"] {
        expect(s.get(SELLER_A, &format!("/products/{id}")).await, StatusCode::NOT_FOUND).await;
    }
    let icon = s.file(SELLER_A, "icon", "icon.png", png(96, 96)).await;
    expect(s.upload(SELLER_A, "icon", "big.png", png(200, 200)).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    expect(s.upload(SELLER_A, "icon", "doc.pdf", pdf()).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    let product = s.complete_draft(SELLER_A).await;
    expect(s.post_empty(SELLER_A, &format!("/products/{}/submit", product.id)).await, StatusCode::OK).await;

    let after = scrape(&s).await;
    assert_eq!(value(&after, "apx_http_requests_total", &route), 3.0, "three requests, one template, never the ids");
    assert!(!after.samples.iter().any(|s| s.labels.values().any(|v| v.contains("a1"))), "no address in a label");
    let latency = after
        .samples
        .iter()
        .find(|x| {
            x.metric == "apx_http_request_duration_seconds" && x.labels.get("route") == Some("/api/v1/products/:id")
        })
        .expect("a latency histogram for the route");
    assert!(matches!(&latency.value, prometheus_parse::Value::Histogram(b) if !b.is_empty()));
    assert!(value(&after, "apx_upload_bytes_total", &[]) >= icon.size as f64);
    assert_eq!(value(&after, "apx_uploads_rejected_total", &[("reason", "pixels")]), 1.0);
    assert_eq!(value(&after, "apx_uploads_rejected_total", &[("reason", "wrong_kind")]), 1.0);
    assert_eq!(value(&after, "apx_review_queue_length", &[]), 1.0, "the submitted product waits");
    assert_eq!(value(&after, "apx_event_streams_open", &[]), 0.0);
}

#[tokio::test]
async fn every_answer_carries_a_request_id_the_caller_may_choose() {
    let s = start().await;
    let chosen = s
        .request(reqwest::Method::GET, Some(SELLER_A), "/me")
        .header("x-request-id", "trace-42.a")
        .send()
        .await
        .unwrap();
    assert_eq!(chosen.headers()["x-request-id"], "trace-42.a");
    let made = s.get(SELLER_A, "/me").await;
    let id = made.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert!(id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
    let other = s.get(SELLER_A, "/me").await;
    assert_ne!(other.headers()["x-request-id"].to_str().unwrap(), id, "each request its own");
    // One that could break a log line is replaced.
    let odd =
        s.request(reqwest::Method::GET, Some(SELLER_A), "/me").header("x-request-id", "a b\"c").send().await.unwrap();
    assert_ne!(odd.headers()["x-request-id"], "a b\"c");
    // Errors too, and the files.
    let missing = s.get(SELLER_A, "/products/nope").await;
    assert!(missing.headers().contains_key("x-request-id"));
}

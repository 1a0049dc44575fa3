//! The committed contract (`server/openapi.json`) is the one the handlers generate,
//! and the running server serves it. `UPDATE_OPENAPI=1` rewrites the committed copy.

mod common;

use common::*;

#[test]
fn the_committed_contract_matches_the_handlers() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.json");
    let generated = apx_server::openapi::json();
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "server/openapi.json is out of date: run `UPDATE_OPENAPI=1 cargo test -p apx-server --test openapi`"
    );
}

#[tokio::test]
async fn the_server_serves_the_contract() {
    let s = start().await;
    let served: serde_json::Value = json(s.http.get(s.url("/openapi.json")).send().await.unwrap()).await;
    let committed: serde_json::Value = serde_json::from_str(&apx_server::openapi::json()).unwrap();
    assert_eq!(served, committed);
    for path in ["/api/v1/products", "/api/v1/products/{id}/{operation}", "/api/v1/files", "/api/v1/review/queue"] {
        assert!(served["paths"][path].is_object(), "{path} is documented");
    }
    assert!(served["components"]["schemas"]["ApiError"].is_object());
}

//! Nothing is lost when the server restarts: products, versions and files stay.

mod common;

use common::*;
use domain::model::Product;
use reqwest::StatusCode;

#[tokio::test]
async fn a_restart_keeps_every_product_and_file() {
    let temp = tempfile::tempdir().unwrap();
    let (product, icon_bytes) = {
        let s = start_in(temp.path()).await;
        let p = s.complete_draft(SELLER_A).await;
        expect(s.post_empty(SELLER_A, &format!("/products/{}/submit", p.id)).await, StatusCode::OK).await;
        let p: Product = json(s.get(SELLER_A, &format!("/products/{}", p.id)).await).await;
        (p, png(96, 96))
    };
    let s = start_in(temp.path()).await;
    let again: Product =
        json(expect(s.get(SELLER_A, &format!("/products/{}", product.id)).await, StatusCode::OK).await).await;
    assert_eq!(again, product);
    let icon = again.content.icon.as_ref().unwrap();
    let bytes =
        expect(s.get(SELLER_A, &format!("/files/{}", icon.id)).await, StatusCode::OK).await.bytes().await.unwrap();
    assert_eq!(bytes.to_vec(), icon_bytes);
    let accounts = s.http.get(s.url("/demo-accounts")).send().await.unwrap();
    assert_eq!(json::<Vec<serde_json::Value>>(accounts).await.len(), 5, "demo data is seeded once, not twice");
}

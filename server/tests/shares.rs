//! 分享预览 over HTTP: a seller's read-only link opens the buyer's page for anyone, signed
//! out — no test report, no service ids, only the page's own files — and stops when it is
//! revoked or expires (the server's clock moved forward). Guessing tokens gets an address
//! nowhere: every guess is 404, then 429, and nothing is written.

mod common;

use common::*;
use domain::model::{NewShare, Share, SharedListing};
use reqwest::StatusCode;

async fn share(s: &Server, token: &str, product: &str) -> NewShare {
    json(expect(s.post_empty(token, &format!("/products/{product}/shares")).await, StatusCode::CREATED).await).await
}

/// A request without any token, as a person opening the link.
async fn open(s: &Server, path: &str) -> reqwest::Response {
    s.request(reqwest::Method::GET, None, path).send().await.unwrap()
}

#[tokio::test]
async fn a_link_opens_the_buyers_page_signed_out_and_nothing_else() {
    let s = start().await;
    let p = s.complete_draft(SELLER_A).await;
    let link = share(&s, SELLER_A, &p.id).await;
    assert_eq!(link.token.len(), 64, "256 random bits would be 64 hex digits; at least 128 are");
    assert!(link.share.expires_at - link.share.created_at == 7 * 24 * 3600 * 1000);

    let page: SharedListing =
        json(expect(open(&s, &format!("/shared/{}", link.token)).await, StatusCode::OK).await).await;
    assert_eq!(page.content.name, p.content.name);
    assert!(page.content.test_report.is_none(), "never the test report");
    assert!(page.content.specs.iter().all(|spec| spec.service_id.is_empty()), "no internal service id");
    assert_eq!(page.content.specs[0].access_url, "https://gw.example.com/seller-a/weather/v1");
    assert!(page.catalog.categories.iter().any(|c| c.id == "data"), "names for its category");
    let text = serde_json::to_string(&page).unwrap();
    assert!(!text.contains("report.docx") && !text.contains("seller-a\"") && !text.contains(SELLER_A));

    // Its own files, signed out.
    for file in [&p.content.images[0], p.content.service_agreement.as_ref().unwrap(), p.content.icon.as_ref().unwrap()]
    {
        let r = expect(open(&s, &format!("/shared/{}/files/{}", link.token, file.id)).await, StatusCode::OK).await;
        // A link can be revoked: what it showed is not kept.
        assert_eq!(r.headers()["cache-control"], "private, no-store");
        assert_eq!(r.bytes().await.unwrap().len() as u64, file.size);
    }
    // Not the test report, not another product's file.
    let report = p.content.test_report.as_ref().unwrap();
    error(open(&s, &format!("/shared/{}/files/{}", link.token, report.id)).await, StatusCode::NOT_FOUND).await;
    let other = s.complete_draft(SELLER_A).await;
    let foreign = &other.content.images[0].id;
    error(open(&s, &format!("/shared/{}/files/{foreign}", link.token)).await, StatusCode::NOT_FOUND).await;
    // Nothing writable through it, nothing else readable.
    let r = s.request(reqwest::Method::PUT, None, &format!("/shared/{}", link.token)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    error(open(&s, &format!("/products/{}", p.id)).await, StatusCode::UNAUTHORIZED).await;
}

#[tokio::test]
async fn a_revoked_or_expired_link_says_so() {
    let s = start().await;
    let p = s.complete_draft(SELLER_A).await;
    let (kept, revoked) = (share(&s, SELLER_A, &p.id).await, share(&s, SELLER_A, &p.id).await);
    let listed: Vec<Share> = json(s.get(SELLER_A, &format!("/products/{}/shares", p.id)).await).await;
    assert_eq!(listed.len(), 2);
    expect(
        s.delete(SELLER_A, &format!("/products/{}/shares/{}", p.id, revoked.share.id)).await,
        StatusCode::NO_CONTENT,
    )
    .await;
    let e = error(open(&s, &format!("/shared/{}", revoked.token)).await, StatusCode::GONE).await;
    assert_eq!(e["code"], "revoked");
    let listed: Vec<Share> = json(s.get(SELLER_A, &format!("/products/{}/shares", p.id)).await).await;
    assert_eq!(listed.iter().map(|l| l.id.as_str()).collect::<Vec<_>>(), [kept.share.id.as_str()]);

    // Seven days later, less a minute: still open. Then it has expired.
    s.state.clock.advance(7 * 24 * 3600 * 1000 - 60_000);
    expect(open(&s, &format!("/shared/{}", kept.token)).await, StatusCode::OK).await;
    s.state.clock.advance(60_000);
    let e = error(open(&s, &format!("/shared/{}", kept.token)).await, StatusCode::GONE).await;
    assert_eq!(e["code"], "expired");
    let listed: Vec<Share> = json(s.get(SELLER_A, &format!("/products/{}/shares", p.id)).await).await;
    assert!(listed.is_empty(), "an expired link is no longer listed");
}

#[tokio::test]
async fn only_the_seller_makes_lists_and_revokes_the_links_of_a_product() {
    let s = start().await;
    let p = s.complete_draft(SELLER_A).await;
    let link = share(&s, SELLER_A, &p.id).await;
    error(s.post_empty(SELLER_B, &format!("/products/{}/shares", p.id)).await, StatusCode::NOT_FOUND).await;
    error(s.get(SELLER_B, &format!("/products/{}/shares", p.id)).await, StatusCode::NOT_FOUND).await;
    let r = s.delete(SELLER_B, &format!("/products/{}/shares/{}", p.id, link.share.id)).await;
    error(r, StatusCode::NOT_FOUND).await;
    error(s.post_empty(REVIEWER, &format!("/products/{}/shares", p.id)).await, StatusCode::FORBIDDEN).await;
    expect(open(&s, &format!("/shared/{}", link.token)).await, StatusCode::OK).await;
    // A deleted product takes its links with it.
    expect(s.delete(SELLER_A, &format!("/products/{}", p.id)).await, StatusCode::NO_CONTENT).await;
    error(open(&s, &format!("/shared/{}", link.token)).await, StatusCode::NOT_FOUND).await;
}

async fn counts(s: &Server) -> (i64, i64) {
    let db = &s.state.db;
    let shares: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM shares").fetch_one(&db.pool).await.unwrap();
    let products: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM products").fetch_one(&db.pool).await.unwrap();
    (shares, products)
}

#[tokio::test]
async fn guessing_tokens_finds_nothing_then_is_refused_and_writes_nothing() {
    let s = start().await;
    let p = s.complete_draft(SELLER_A).await;
    let link = share(&s, SELLER_A, &p.id).await;
    let before = counts(&s).await;
    let mut statuses = Vec::new();
    for i in 0..1000u32 {
        let guess = format!("{:064x}", u128::from(i).wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835));
        statuses.push(open(&s, &format!("/shared/{guess}")).await.status());
    }
    let limit = apx_server::ratelimit::LIMIT as usize;
    assert!(statuses[..limit].iter().all(|s| *s == StatusCode::NOT_FOUND), "every guess is unknown");
    assert!(statuses[limit..].iter().all(|s| *s == StatusCode::TOO_MANY_REQUESTS), "then the address is refused");
    assert_eq!(counts(&s).await, before, "nothing written");
    // The address is refused even a good link while it is stopped; the window ends.
    let e = error(open(&s, &format!("/shared/{}", link.token)).await, StatusCode::TOO_MANY_REQUESTS).await;
    assert_eq!(e["code"], "too_many_guesses");
    s.state.clock.advance(apx_server::ratelimit::WINDOW_MS);
    expect(open(&s, &format!("/shared/{}", link.token)).await, StatusCode::OK).await;
}

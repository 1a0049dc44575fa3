//! The built console as the backend serves it: precompressed by `Accept-Encoding`,
//! chunks cached for good, entry names revalidated, open to other origins.

mod common;

use common::*;
use reqwest::header;
use reqwest::StatusCode;

/// A bundle as the build leaves it: entry files with precompressed variants, a hashed chunk.
fn bundle() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
    write("index.html", b"<!DOCTYPE html><title>console</title>");
    write("apx-console.js", b"export default function init() {}");
    write("apx-console.js.br", b"BROTLI");
    write("apx-console.js.gz", b"GZIP");
    write("split_publish-0123456789abcdef.wasm", b"\0asm chunk");
    dir
}

async fn get(server: &Server, path: &str, headers: &[(header::HeaderName, &str)]) -> reqwest::Response {
    let origin = server.base.trim_end_matches("/api/v1");
    let mut request = reqwest::Client::builder().no_gzip().no_brotli().build().unwrap().get(format!("{origin}{path}"));
    for (name, value) in headers {
        request = request.header(name, *value);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn files_come_precompressed_as_the_browser_asks() {
    let dist = bundle();
    let server = start_with_app(dist.path()).await;
    let br = get(&server, "/apx-console.js", &[(header::ACCEPT_ENCODING, "gzip, deflate, br")]).await;
    assert_eq!(br.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(br.headers()[header::VARY], "Accept-Encoding");
    assert_eq!(br.bytes().await.unwrap().as_ref(), b"BROTLI");
    let gz = get(&server, "/apx-console.js", &[(header::ACCEPT_ENCODING, "gzip")]).await;
    assert_eq!(gz.headers()[header::CONTENT_ENCODING], "gzip");
    assert_eq!(gz.bytes().await.unwrap().as_ref(), b"GZIP");
    let refused = get(&server, "/apx-console.js", &[(header::ACCEPT_ENCODING, "br;q=0, identity")]).await;
    assert!(refused.headers().get(header::CONTENT_ENCODING).is_none());
    assert_eq!(refused.headers()[header::CONTENT_TYPE], "text/javascript; charset=utf-8");
    assert_eq!(refused.bytes().await.unwrap().as_ref(), b"export default function init() {}");
}

#[tokio::test]
async fn chunks_are_immutable_and_entry_names_revalidate() {
    let dist = bundle();
    let server = start_with_app(dist.path()).await;
    let chunk = get(&server, "/split_publish-0123456789abcdef.wasm", &[]).await;
    assert_eq!(chunk.status(), StatusCode::OK);
    assert_eq!(chunk.headers()[header::CONTENT_TYPE], "application/wasm");
    assert_eq!(chunk.headers()[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
    let entry = get(&server, "/apx-console.js", &[]).await;
    assert_eq!(entry.headers()[header::CACHE_CONTROL], "no-cache");
    let tag = entry.headers()[header::ETAG].to_str().unwrap().to_owned();
    let again = get(&server, "/apx-console.js", &[(header::IF_NONE_MATCH, &tag)]).await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert!(again.bytes().await.unwrap().is_empty());
    let changed = get(&server, "/apx-console.js", &[(header::IF_NONE_MATCH, "\"something-else\"")]).await;
    assert_eq!(changed.status(), StatusCode::OK);
}

#[tokio::test]
async fn another_origin_may_load_the_bundle() {
    let dist = bundle();
    let server = start_with_app(dist.path()).await;
    for path in ["/apx-console.js", "/split_publish-0123456789abcdef.wasm", "/index.html"] {
        let response = get(&server, path, &[(header::ORIGIN, "https://seller.example.com")]).await;
        assert_eq!(response.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*", "{path}");
    }
}

#[tokio::test]
async fn app_addresses_load_the_app_and_missing_files_are_404() {
    let dist = bundle();
    let server = start_with_app(dist.path()).await;
    let page = get(&server, "/products/pending", &[]).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.headers()[header::CONTENT_TYPE], "text/html; charset=utf-8");
    assert_eq!(page.headers()[header::CACHE_CONTROL], "no-cache");
    assert!(page.text().await.unwrap().contains("<title>console</title>"));
    assert_eq!(get(&server, "/split_gone-0123456789abcdef.wasm", &[]).await.status(), StatusCode::NOT_FOUND);
    // The API keeps its own answers.
    assert_eq!(get(&server, "/api/v1/no-such-thing", &[]).await.status(), StatusCode::NOT_FOUND);
}

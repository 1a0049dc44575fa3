//! The backend against hostile or careless clients: incomplete and oversized images,
//! odd multipart bodies, too-large JSON, undecodable paths, uncapped draft fields,
//! quotas, files left behind (replaced, never referenced, half uploaded), the demo
//! tokens and other origins, reviewers and drafts, download names and headers, and
//! clients that send their headers or bodies too slowly.

mod common;

use std::time::Duration;

use apx_server::Config;
use common::*;
use domain::model::{FileRef, ProductContent, ProductUpdate};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A PNG whose header says `w`×`h`, with a real (tiny) IDAT and correct CRCs.
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut png = fixtures::png(8, 8);
    png[16..20].copy_from_slice(&w.to_be_bytes());
    png[20..24].copy_from_slice(&h.to_be_bytes());
    // The IHDR's CRC over its type and data.
    let crc = fixtures::crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

/// The fixture JPEG with its frame header saying `w`×`h`.
fn jpeg_claiming(w: u16, h: u16) -> Vec<u8> {
    let mut jpeg = fixtures::jpeg();
    let sof = jpeg.windows(2).position(|m| m == [0xFF, 0xC0]).expect("a baseline frame header");
    jpeg[sof + 5..sof + 7].copy_from_slice(&h.to_be_bytes());
    jpeg[sof + 7..sof + 9].copy_from_slice(&w.to_be_bytes());
    jpeg
}

/// What nothing may leave behind: every file of the local store's folder (parts of an
/// upload under way included), or every object of the bucket's prefix.
async fn stored_files(s: &Server) -> usize {
    if std::env::var_os("APX_TEST_STORE").is_none() {
        return std::fs::read_dir(s.dir.join("files")).map(|d| d.count()).unwrap_or(0);
    }
    s.state.files.keys().await.expect("the store lists").len()
}

async fn started(config: impl FnOnce(&mut Config)) -> (Server, tempfile::TempDir) {
    let temp = tempfile::tempdir().expect("temp dir");
    let mut c = Config::for_tests(temp.path().to_path_buf());
    config(&mut c);
    (serve(c).await, temp)
}

#[tokio::test]
async fn an_image_must_be_whole_to_its_end_marker() {
    let s = start().await;
    let png = fixtures::png(1024, 768);
    let jpeg = fixtures::jpeg();
    let cut_in_data = png[..png.len() / 2].to_vec();
    let no_iend = png[..png.len() - 12].to_vec();
    let no_eoi = jpeg[..jpeg.len() - 2].to_vec();
    let mut bad_crc = fixtures::png(64, 64);
    bad_crc[60] ^= 0xFF;
    for (what, field, bytes) in [
        ("a PNG cut inside its data", "images", cut_in_data),
        ("a PNG without IEND", "images", no_iend),
        ("a JPEG without its end marker", "copyright_certs", no_eoi),
        ("a PNG with a wrong CRC", "copyright_certs", bad_crc),
    ] {
        let e = error(s.upload(SELLER_A, field, "x.png", bytes).await, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(e["errors"][0]["key"], "error.undecodable", "{what}: {e}");
    }
    // Whole ones are taken, as before.
    s.file(SELLER_A, "images", "cover.png", png).await;
    s.file(SELLER_A, "copyright_certs", "cert.jpg", jpeg).await;
    assert_eq!(stored_files(&s).await, 2, "nothing of the refused uploads is stored");
}

#[tokio::test]
async fn every_image_slot_has_the_100_megapixel_guard() {
    let s = start().await;
    for (what, bytes) in [
        ("a PNG saying 30000×30000", png_claiming(30_000, 30_000)),
        ("a JPEG saying 65500×65500", jpeg_claiming(65_500, 65_500)),
    ] {
        let e =
            error(s.upload(SELLER_A, "copyright_certs", "cert", bytes).await, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(e["errors"][0]["key"], "error.too_many_pixels", "{what}: {e}");
    }
    // 10000×10000 is the most: still taken.
    let at_most: FileRef = json(
        expect(s.upload(SELLER_A, "copyright_certs", "c.png", png_claiming(10_000, 10_000)).await, StatusCode::CREATED)
            .await,
    )
    .await;
    assert_eq!((at_most.width, at_most.height), (Some(10_000), Some(10_000)));
}

#[tokio::test]
async fn a_multipart_upload_is_one_file_part_and_small_fields() {
    let s = start().await;
    let upload = |form: reqwest::multipart::Form| {
        s.request(Method::POST, Some(SELLER_A), "/files?field=usage_doc").multipart(form).send()
    };
    // A big part that is not the file: refused, not read whole.
    let big = reqwest::multipart::Part::bytes(vec![b'x'; 4 * 1024 * 1024]);
    let form = reqwest::multipart::Form::new().part("note", big).part("file", pdf_part());
    let e = error(upload(form).await.unwrap(), StatusCode::BAD_REQUEST).await;
    assert_eq!(e["code"], "bad_request");
    // Two files.
    let form = reqwest::multipart::Form::new().part("file", pdf_part()).part("file", pdf_part());
    error(upload(form).await.unwrap(), StatusCode::BAD_REQUEST).await;
    // More small fields than the contract allows, or one with a name it does not.
    let mut form = reqwest::multipart::Form::new();
    for i in 0..9 {
        form = form.text(format!("f{i}"), "x");
    }
    error(upload(form.part("file", pdf_part())).await.unwrap(), StatusCode::BAD_REQUEST).await;
    let form = reqwest::multipart::Form::new().text("ø note", "x").part("file", pdf_part());
    error(upload(form).await.unwrap(), StatusCode::BAD_REQUEST).await;
    assert_eq!(stored_files(&s).await, 0);
    // A small field besides the file is fine.
    let form = reqwest::multipart::Form::new().text("client", "apx-console").part("file", pdf_part());
    expect(upload(form).await.unwrap(), StatusCode::CREATED).await;
    assert_eq!(stored_files(&s).await, 1);
}

/// What the contract's schema allows, the server reads the same way: `2.0` is the
/// integer 2, an object written as an array is no object, `null` is no transition body.
#[tokio::test]
async fn json_bodies_are_read_as_the_contract_states_them() {
    let s = start().await;
    let send = |method: Method, path: &str, body: &str| {
        s.request(method, Some(SELLER_A), path).header("content-type", "application/json").body(body.to_owned()).send()
    };
    let product: Value =
        json(expect(send(Method::POST, "/products", r#"{"content":{}}"#).await.unwrap(), StatusCode::CREATED).await)
            .await;
    let id = product["id"].as_str().unwrap();
    // A version written as 1.0 is version 1.
    let body = r#"{"version":1.0,"content":{"name":"整数","support":{"hours":{"kind":"weekly","days":[1.0,2],"start":"09:00","end":"18:00"}}}}"#;
    let r = send(Method::PUT, &format!("/products/{id}"), body).await.unwrap();
    let saved: Value = json(expect(r, StatusCode::OK).await).await;
    assert_eq!(saved["version"], 2);
    assert_eq!(saved["content"]["support"]["hours"]["days"], serde_json::json!([1, 2]));
    // 1.5 is not an integer.
    let r = send(Method::PUT, &format!("/products/{id}"), r#"{"version":1.5,"content":{}}"#).await.unwrap();
    error(r, StatusCode::BAD_REQUEST).await;
    // Objects as arrays, at the top and inside: refused, naming where.
    error(send(Method::POST, "/products", "[]").await.unwrap(), StatusCode::BAD_REQUEST).await;
    let r = send(Method::PUT, &format!("/products/{id}"), r#"{"version":2,"content":{"support":["400", "a@b.c"]}}"#)
        .await
        .unwrap();
    let e = error(r, StatusCode::BAD_REQUEST).await;
    assert!(e["message"].as_str().unwrap().contains("content.support"), "{e}");
    // `null`, no body and an object are the same transition body.
    let r = send(Method::POST, &format!("/products/{id}/submit"), "null").await.unwrap();
    error(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    let r = send(Method::POST, &format!("/products/{id}/submit"), "[]").await.unwrap();
    error(r, StatusCode::BAD_REQUEST).await;
    let r = send(Method::POST, &format!("/products/{id}/submit"), r#"{"version":2.0}"#).await.unwrap();
    error(r, StatusCode::UNPROCESSABLE_ENTITY).await;
}

fn pdf_part() -> reqwest::multipart::Part {
    reqwest::multipart::Part::bytes(fixtures::pdf()).file_name("guide.pdf")
}

#[tokio::test]
async fn a_json_body_over_the_limit_is_413_and_a_bad_path_is_400_in_the_error_shape() {
    let s = start().await;
    let huge = format!(r#"{{"content":{{"name":"{}"}}}}"#, "x".repeat(3 * 1024 * 1024));
    let r = s
        .request(Method::POST, Some(SELLER_A), "/products")
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(error(r, StatusCode::PAYLOAD_TOO_LARGE).await["code"], "too_large");
    // %FF is not UTF-8.
    let r = s.get(SELLER_A, "/products/%FF%FE").await;
    let e = error(r, StatusCode::BAD_REQUEST).await;
    assert_eq!(e["code"], "bad_request");
}

#[tokio::test]
async fn every_draft_field_is_capped() {
    let s = start().await;
    let mut content = s.complete_content(SELLER_A).await;
    content.support.hotline = "4".repeat(41);
    content.support.email = format!("{}@example.com", "a".repeat(250));
    content.specs[0].packages[0].price = "9".repeat(21);
    content.tags.push("t".repeat(65));
    let r = s.post(SELLER_A, "/products", &domain::model::NewProduct { content }).await;
    let e = error(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    let fields: Vec<&str> = e["errors"].as_array().unwrap().iter().filter_map(|e| e["field"].as_str()).collect();
    for field in ["support.hotline", "support.email", "specs[basic].packages[ten-k].price", "tags[2]"] {
        assert!(fields.contains(&field), "{field} capped: {fields:?}");
    }
}

#[tokio::test]
async fn quotas_answer_429_for_counts_and_413_for_bytes() {
    let (s, _dir) = started(|c| {
        c.quota_products = 2;
        c.quota_files = 2;
        c.quota_mb = 1;
    })
    .await;
    s.create(SELLER_A, ProductContent::default()).await;
    s.create(SELLER_A, ProductContent::default()).await;
    let e = error(
        s.post(SELLER_A, "/products", &serde_json::json!({ "content": {} })).await,
        StatusCode::TOO_MANY_REQUESTS,
    )
    .await;
    assert_eq!(e["code"], "quota");
    // Another seller has its own quota.
    s.create(SELLER_B, ProductContent::default()).await;

    // Bytes: 1 MB in all.
    let mut big = fixtures::pdf();
    big.resize(700 * 1024, b' ');
    s.file(SELLER_A, "usage_doc", "a.pdf", big.clone()).await;
    let e = error(s.upload(SELLER_A, "usage_doc", "b.pdf", big).await, StatusCode::PAYLOAD_TOO_LARGE).await;
    assert_eq!(e["code"], "quota");
    // Files: 2 in all.
    s.file(SELLER_A, "usage_doc", "c.pdf", fixtures::pdf()).await;
    let e = error(s.upload(SELLER_A, "usage_doc", "d.pdf", fixtures::pdf()).await, StatusCode::TOO_MANY_REQUESTS).await;
    assert_eq!(e["code"], "quota");
    assert_eq!(stored_files(&s).await, 2, "refused uploads leave nothing");
}

#[tokio::test]
async fn a_file_replaced_in_a_product_is_deleted_unless_another_product_has_it() {
    let s = start().await;
    let draft = s.complete_draft(SELLER_A).await;
    let old_icon = draft.content.icon.clone().unwrap();
    let old_doc = draft.content.usage_doc.clone().unwrap();
    // A clone shares the usage document.
    expect(s.post_empty(SELLER_A, &format!("/products/{}/clone", draft.id)).await, StatusCode::CREATED).await;
    let new_icon = s.file(SELLER_A, "icon", "new.png", fixtures::png(96, 96)).await;
    let content = ProductContent { icon: Some(new_icon), usage_doc: None, ..draft.content.clone() };
    let update = ProductUpdate { version: draft.version, content, reopen: false };
    expect(s.put(SELLER_A, &format!("/products/{}", draft.id), &update).await, StatusCode::OK).await;
    // The clone still has the old icon and document: both kept.
    expect(s.get(SELLER_A, &format!("/files/{}", old_icon.id)).await, StatusCode::OK).await;
    expect(s.get(SELLER_A, &format!("/files/{}", old_doc.id)).await, StatusCode::OK).await;

    // A file only this product had: deleted once the product no longer carries it.
    let own = s.complete_draft(SELLER_A).await;
    let gone = own.content.test_report.clone().unwrap();
    let report = s.file(SELLER_A, "test_report", "new.docx", fixtures::docx()).await;
    let content = ProductContent { test_report: Some(report), ..own.content.clone() };
    let update = ProductUpdate { version: own.version, content, reopen: false };
    expect(s.put(SELLER_A, &format!("/products/{}", own.id), &update).await, StatusCode::OK).await;
    error(s.get(SELLER_A, &format!("/files/{}", gone.id)).await, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn uploads_no_product_refers_to_are_swept_after_their_age() {
    let s = start().await;
    let loose = s.file(SELLER_A, "usage_doc", "loose.pdf", fixtures::pdf()).await;
    let draft = s.complete_draft(SELLER_A).await;
    let before = stored_files(&s).await;
    // A day by default: nothing is old enough yet.
    assert_eq!(apx_server::sweep::unreferenced_files(&s.state).await.unwrap(), 0);
    let mut state = s.state.clone();
    state.unreferenced_for = Duration::ZERO;
    tokio::time::sleep(Duration::from_millis(5)).await;
    assert_eq!(apx_server::sweep::unreferenced_files(&state).await.unwrap(), 1);
    error(s.get(SELLER_A, &format!("/files/{}", loose.id)).await, StatusCode::NOT_FOUND).await;
    let icon = draft.content.icon.unwrap();
    expect(s.get(SELLER_A, &format!("/files/{}", icon.id)).await, StatusCode::OK).await;
    assert_eq!(stored_files(&s).await, before - 1);
}

/// Sends `request` on a raw connection and returns the socket.
async fn raw(s: &Server, request: &[u8]) -> tokio::net::TcpStream {
    let address = s.base.trim_start_matches("http://").split('/').next().unwrap().to_owned();
    let mut socket = tokio::net::TcpStream::connect(address).await.unwrap();
    socket.write_all(request).await.unwrap();
    socket
}

#[tokio::test]
async fn a_client_that_disconnects_mid_upload_leaves_nothing() {
    let s = start().await;
    let boundary = "apx-boundary";
    let head = format!(
        "POST /api/v1/files?field=usage_doc HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {SELLER_A}\r\n\
         Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: 10000000\r\n\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"half.pdf\"\r\n\
         Content-Type: application/pdf\r\n\r\n%PDF-1.4\n"
    );
    let mut socket = raw(&s, head.as_bytes()).await;
    // More than a part (5 MiB): the upload's first part is being written…
    socket.write_all(&vec![b'0'; 6 * 1024 * 1024]).await.unwrap();
    if std::env::var_os("APX_TEST_STORE").is_none() {
        let started = std::time::Instant::now();
        while stored_files(&s).await == 0 && started.elapsed() < Duration::from_secs(5) {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(stored_files(&s).await, 1, "the upload started");
    }
    drop(socket);
    let started = std::time::Instant::now();
    while stored_files(&s).await > 0 && started.elapsed() < Duration::from_secs(5) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(stored_files(&s).await, 0, "the partial file is removed when the client goes");
}

#[tokio::test]
async fn slow_headers_and_stalled_bodies_end_the_request() {
    let (s, _dir) = started(|c| {
        c.header_timeout = 1;
        c.body_idle_timeout = 1;
    })
    .await;
    // Headers that never finish: the connection is closed.
    let mut socket = raw(&s, b"GET /api/v1/me HTTP/1.1\r\nHost: x\r\n").await;
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), socket.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "closed within the header timeout");
    // An upload whose body stalls: refused, nothing left.
    let head = format!(
        "POST /api/v1/files?field=usage_doc HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {SELLER_A}\r\n\
         Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n\
         --b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"slow.pdf\"\r\n\r\n%PDF-1.4\n"
    );
    let mut socket = raw(&s, head.as_bytes()).await;
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), socket.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "answered or closed after the body stalled");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.is_empty() || answer.starts_with("HTTP/1.1 4"), "{answer}");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(stored_files(&s).await, 0);
}

#[tokio::test]
async fn the_demo_tokens_go_to_the_console_of_this_backend_only() {
    let (s, _dir) = started(|c| c.console_origins = vec!["http://127.0.0.1:18081".into()]).await;
    let get = |origin: Option<&str>, site: Option<&str>| {
        let mut r = s.request(Method::GET, None, "/demo-accounts");
        if let Some(origin) = origin {
            r = r.header("origin", origin);
        }
        if let Some(site) = site {
            r = r.header("sec-fetch-site", site);
        }
        r.send()
    };
    // Another web page: refused, and no CORS header for it to read anything with.
    let r = get(Some("https://evil.example"), Some("cross-site")).await.unwrap();
    assert!(r.headers().get("access-control-allow-origin").is_none());
    assert_eq!(error(r, StatusCode::FORBIDDEN).await["code"], "forbidden");
    let r = get(None, Some("cross-site")).await.unwrap();
    error(r, StatusCode::FORBIDDEN).await;
    // The console served here (same origin), or a tool without an origin.
    let own = s.base.trim_end_matches("/api/v1").to_owned();
    let r = get(Some(&own), Some("same-origin")).await.unwrap();
    assert!(r.headers().get("access-control-allow-origin").is_none());
    let accounts: Vec<Value> = json(expect(r, StatusCode::OK).await).await;
    assert_eq!(accounts.len(), 5);
    expect(get(None, None).await.unwrap(), StatusCode::OK).await;
    // A console this backend was told about.
    let r = get(Some("http://127.0.0.1:18081"), Some("same-site")).await.unwrap();
    assert_eq!(r.headers()["access-control-allow-origin"], "http://127.0.0.1:18081");
    expect(r, StatusCode::OK).await;
}

#[tokio::test]
async fn without_demo_mode_the_demo_accounts_are_gone() {
    let temp = tempfile::tempdir().unwrap();
    let demo = serve(Config::for_tests(temp.path().to_path_buf())).await;
    expect(demo.get(SELLER_A, "/me").await, StatusCode::OK).await;
    drop(demo);
    let config = Config { demo: false, ..Config::for_tests(temp.path().to_path_buf()) };
    let s = serve(config).await;
    error(s.request(Method::GET, None, "/demo-accounts").send().await.unwrap(), StatusCode::NOT_FOUND).await;
    for token in [SELLER_A, SELLER_B, REVIEWER] {
        error(s.get(token, "/me").await, StatusCode::UNAUTHORIZED).await;
    }
}

#[tokio::test]
async fn downloads_are_named_by_their_kind_and_every_answer_has_safe_headers() {
    let s = start().await;
    let evil = s.file(SELLER_A, "usage_doc", "evil.html", fixtures::pdf()).await;
    assert_eq!(evil.name, "evil.pdf");
    let tricky = s.file(SELLER_A, "usage_doc", "report\u{202E}fdp.exe", fixtures::pdf()).await;
    assert_eq!(tricky.name, "reportfdp.pdf", "no bidi override, the extension of a PDF");
    let kept = s.file(SELLER_A, "copyright_certs", "证书.JPEG", fixtures::jpeg()).await;
    assert_eq!(kept.name, "证书.JPEG");
    let r = expect(s.get(SELLER_A, &format!("/files/{}", evil.id)).await, StatusCode::OK).await;
    let headers = r.headers();
    assert_eq!(headers["content-type"], "application/pdf");
    assert!(headers["content-disposition"].to_str().unwrap().ends_with("''evil.pdf"));
    // A file's bytes never change for its id: kept by its reader's browser, for that
    // identity only.
    assert_eq!(headers["cache-control"], "private, max-age=31536000, immutable");
    assert_eq!(headers["vary"], "Authorization");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    // JSON answers and errors too.
    let r = s.get(SELLER_A, "/products").await;
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    let r = s.request(Method::GET, None, "/me").send().await.unwrap();
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert!(r.headers()["www-authenticate"].to_str().unwrap().starts_with("Bearer"));
    error(r, StatusCode::UNAUTHORIZED).await;
}

/// The list's parameters within the bounds the contract states, and nothing else.
#[tokio::test]
async fn list_parameters_outside_their_bounds_are_400_and_days_are_weekdays() {
    let s = start().await;
    for query in ["page=0", "per_page=0", "per_page=101", "tab=", "tab=nope", "status=approved-ish"] {
        let e = error(s.get(SELLER_A, &format!("/products?{query}")).await, StatusCode::BAD_REQUEST).await;
        assert_eq!(e["code"], "bad_request", "{query}");
    }
    let long = "名".repeat(domain::RULES.s1_name.max_chars + 1);
    error(s.get(SELLER_A, &format!("/products?q={long}")).await, StatusCode::BAD_REQUEST).await;
    let within = "名".repeat(domain::RULES.s1_name.max_chars);
    expect(s.get(SELLER_A, &format!("/products?q={within}&per_page=100")).await, StatusCode::OK).await;
    // Monday is 1 and Sunday 7, in a draft too.
    let mut content = ProductContent::default();
    content.support.hours =
        domain::model::ServiceHours::Weekly { days: vec![1, 8], start: "09:00".into(), end: "18:00".into() };
    let r = s.post(SELLER_A, "/products", &domain::model::NewProduct { content }).await;
    let e = error(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(e["errors"][0]["field"], "support.hours");
}

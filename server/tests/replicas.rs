//! Two `apx-server` processes sharing one database and one file store (PostgreSQL when
//! `APX_TEST_DATABASE_URL` names one, else one SQLite file; a bucket prefix when
//! `APX_TEST_STORE` names one, else one folder) serve one seller's
//! interleaved requests consistently: what one writes the other reads, and a stale write
//! on either is 409 with the fresh product.

mod common;
mod spawn;

use common::*;
use domain::model::{Product, ProductUpdate};
use reqwest::StatusCode;
use spawn::*;

/// Starts the server binary on `dir` and `database`; waits until it answers.
async fn process(dir: &std::path::Path, database: &str, store: Option<&str>) -> (Process, String) {
    let mut args = vec!["--database-url".to_owned(), database.to_owned()];
    if let Some(store) = store {
        args.extend(["--store".to_owned(), store.to_owned()]);
    }
    let started = spawn_server(dir, &args, std::process::Stdio::null()).await;
    let base = format!("{}/api/v1", started.origin);
    (started.process, base)
}

#[tokio::test]
async fn two_processes_on_one_database_and_store_serve_one_seller_consistently() {
    let temp = tempfile::tempdir().expect("temp dir");
    let config = apx_server::Config::for_tests(temp.path().to_path_buf());
    let (database, store) = (config.database_url(), config.store.as_deref());
    // The first migrates and seeds; the second finds it done.
    let (_a, a) = process(temp.path(), &database, store).await;
    let (_b, b) = process(temp.path(), &database, store).await;
    let http = reqwest::Client::new();
    let send = |base: &str, method: reqwest::Method, path: &str| {
        http.request(method, format!("{base}{path}")).bearer_auth(SELLER_A)
    };

    // A file uploaded through one is served by the other (one store).
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(fixtures::pdf()).file_name("guide.pdf"));
    let r = send(&a, reqwest::Method::POST, "/files?field=usage_doc").multipart(form).send().await.unwrap();
    let file: domain::model::FileRef = json(expect(r, StatusCode::CREATED).await).await;
    let r = send(&b, reqwest::Method::GET, &format!("/files/{}", file.id)).send().await.unwrap();
    assert_eq!(expect(r, StatusCode::OK).await.bytes().await.unwrap().as_ref(), fixtures::pdf().as_slice());

    // A draft made on A, saved on B, read on A.
    let r = send(&a, reqwest::Method::POST, "/products").json(&serde_json::json!({"content": {"name": "两台服务器"}}));
    let made: Product = json(expect(r.send().await.unwrap(), StatusCode::CREATED).await).await;
    let mut content = made.content.clone();
    content.summary = "在 B 上保存".into();
    let update = ProductUpdate { version: made.version, content: content.clone(), reopen: false };
    let r = send(&b, reqwest::Method::PUT, &format!("/products/{}", made.id)).json(&update).send().await.unwrap();
    let saved: Product = json(expect(r, StatusCode::OK).await).await;
    let r = send(&a, reqwest::Method::GET, &format!("/products/{}", made.id)).send().await.unwrap();
    assert_eq!(json::<Product>(r).await, saved);

    // The same old version written on A: stale, with what B saved.
    content.summary = "在 A 上保存（旧版本）".into();
    let stale = ProductUpdate { version: made.version, content, reopen: false };
    let r = send(&a, reqwest::Method::PUT, &format!("/products/{}", made.id)).json(&stale).send().await.unwrap();
    let e = error(r, StatusCode::CONFLICT).await;
    assert_eq!(e["code"], "stale");
    assert_eq!(e["current"]["content"]["summary"], "在 B 上保存");
    assert_eq!(e["current"]["version"], saved.version);

    // Interleaved: each writes on the version the other left; every write lands once.
    let mut version = saved.version;
    for i in 0..10 {
        let base = if i % 2 == 0 { &a } else { &b };
        let mut content = saved.content.clone();
        content.summary = format!("第 {i} 次");
        let update = ProductUpdate { version, content, reopen: false };
        let r = send(base, reqwest::Method::PUT, &format!("/products/{}", made.id)).json(&update).send().await.unwrap();
        version = json::<Product>(expect(r, StatusCode::OK).await).await.version;
    }
    let r = send(&b, reqwest::Method::GET, &format!("/products/{}", made.id)).send().await.unwrap();
    let last: Product = json(r).await;
    assert_eq!((last.version, last.content.summary.as_str()), (saved.version + 10, "第 9 次"));
}

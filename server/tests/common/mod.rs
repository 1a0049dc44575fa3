//! An in-process server on an ephemeral port with a private data folder, a client
//! that speaks to it as the app would, and real files to upload.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use apx_server::Config;
use domain::model::{
    CategoryChoice, FileRef, NewProduct, Package, Product, ProductContent, ServiceHours, ServiceSupport, Spec,
    ValidityUnit,
};
use reqwest::{Response, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::Value;

pub const SELLER_A: &str = "demo-seller-a";
pub const SELLER_B: &str = "demo-seller-b";
pub const SELLER_C: &str = "demo-seller-c";
pub const REVIEWER: &str = "demo-reviewer";
pub const REVIEWER_2: &str = "demo-reviewer-2";

/// A user's event stream (`GET /events`), read as a console reads it.
pub struct Events {
    body: std::pin::Pin<Box<dyn futures_util::Stream<Item = reqwest::Result<bytes::Bytes>> + Send>>,
    buffer: String,
    /// The id of the last event read (what `Last-Event-ID` resumes after).
    pub last: Option<u64>,
}

impl Events {
    /// Opens `token`'s stream, resuming after `last` if given; expects 200.
    pub async fn open(s: &Server, token: &str, last: Option<u64>) -> Events {
        let mut request = s.request(reqwest::Method::GET, Some(token), "/events");
        if let Some(id) = last {
            request = request.header("Last-Event-ID", id.to_string());
        }
        let response = expect(request.send().await.expect("request"), StatusCode::OK).await;
        let kind = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert!(kind.starts_with("text/event-stream"), "an event stream: {kind}");
        Events { body: Box::pin(response.bytes_stream()), buffer: String::new(), last }
    }

    /// The next event within `wait`, or `None` (keep-alive comments are skipped).
    pub async fn next(&mut self, wait: std::time::Duration) -> Option<domain::review::Event> {
        use futures_util::StreamExt;
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut id = None;
                let mut data = String::new();
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("id:") {
                        id = v.trim().parse::<u64>().ok();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push_str(v.trim_start());
                    }
                }
                if data.is_empty() {
                    continue;
                }
                let event: domain::review::Event = serde_json::from_str(&data).expect("an event's JSON");
                assert_eq!(id, Some(event.id), "the message's id is the event's");
                self.last = id;
                return Some(event);
            }
            match tokio::time::timeout_at(deadline, self.body.next()).await {
                Ok(Some(Ok(chunk))) => self.buffer.push_str(&String::from_utf8_lossy(&chunk)),
                Ok(Some(Err(e))) => panic!("the stream broke: {e}"),
                Ok(None) | Err(_) => return None,
            }
        }
    }

    /// Events until one satisfies `wanted` (within `wait` overall); panics if none does.
    pub async fn until(
        &mut self,
        wait: std::time::Duration,
        wanted: impl Fn(&domain::review::Event) -> bool,
    ) -> domain::review::Event {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.next(left).await {
                Some(e) if wanted(&e) => return e,
                Some(_) => {}
                None => panic!("no such event within {wait:?}"),
            }
        }
    }
}

pub struct Server {
    pub base: String,
    pub dir: PathBuf,
    _temp: Option<tempfile::TempDir>,
    task: tokio::task::JoinHandle<()>,
    pub http: reqwest::Client,
    /// What the handlers share (the database, the file store), for sweeping and counting.
    pub state: apx_server::AppState,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

pub async fn start() -> Server {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = temp.path().to_path_buf();
    let mut server = start_in(&dir).await;
    server._temp = Some(temp);
    server
}

/// A server on an existing data folder (to test a restart).
pub async fn start_in(dir: &Path) -> Server {
    serve(Config::for_tests(dir.to_path_buf())).await
}

/// A server that also serves the built app in `dist` (and the demo seller center), for
/// end-to-end tests in a browser.
pub async fn start_with_app(dist: &Path) -> Server {
    let temp = tempfile::tempdir().expect("temp dir");
    let config = Config { dist: dist.to_path_buf(), ..Config::for_tests(temp.path().to_path_buf()) };
    let mut server = serve(config).await;
    server._temp = Some(temp);
    server
}

/// A server with `config`, served as `apx-server` serves (header timeout and all).
pub async fn serve(config: Config) -> Server {
    let dir = config.data_dir.clone();
    let (router, state) = apx_server::build(&config).await.expect("server builds");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}/api/v1", listener.local_addr().expect("address"));
    let task = tokio::spawn(async move {
        apx_server::serve(listener, router, &config, std::future::pending()).await.expect("serve");
    });
    Server { base, dir, _temp: None, task, http: reqwest::Client::new(), state }
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn request(&self, method: reqwest::Method, token: Option<&str>, path: &str) -> reqwest::RequestBuilder {
        let r = self.http.request(method, self.url(path));
        match token {
            Some(t) => r.bearer_auth(t),
            None => r,
        }
    }

    pub async fn get(&self, token: &str, path: &str) -> Response {
        self.request(reqwest::Method::GET, Some(token), path).send().await.expect("request")
    }

    pub async fn post(&self, token: &str, path: &str, body: &impl serde::Serialize) -> Response {
        self.request(reqwest::Method::POST, Some(token), path).json(body).send().await.expect("request")
    }

    pub async fn post_empty(&self, token: &str, path: &str) -> Response {
        self.request(reqwest::Method::POST, Some(token), path).send().await.expect("request")
    }

    pub async fn put(&self, token: &str, path: &str, body: &impl serde::Serialize) -> Response {
        self.request(reqwest::Method::PUT, Some(token), path).json(body).send().await.expect("request")
    }

    pub async fn delete(&self, token: &str, path: &str) -> Response {
        self.request(reqwest::Method::DELETE, Some(token), path).send().await.expect("request")
    }

    pub async fn upload(&self, token: &str, field: &str, name: &str, bytes: Vec<u8>) -> Response {
        let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned());
        let form = reqwest::multipart::Form::new().part("file", part);
        self.request(reqwest::Method::POST, Some(token), &format!("/files?field={field}"))
            .multipart(form)
            .send()
            .await
            .expect("request")
    }

    /// Uploads and expects 201.
    pub async fn file(&self, token: &str, field: &str, name: &str, bytes: Vec<u8>) -> FileRef {
        json(expect(self.upload(token, field, name, bytes).await, StatusCode::CREATED).await).await
    }

    pub async fn create(&self, token: &str, content: ProductContent) -> Product {
        json(expect(self.post(token, "/products", &NewProduct { content }).await, StatusCode::CREATED).await).await
    }

    /// A product with every required field filled, saved as a draft of `token`'s seller.
    pub async fn complete_draft(&self, token: &str) -> Product {
        let content = self.complete_content(token).await;
        self.create(token, content).await
    }

    pub async fn complete_content(&self, token: &str) -> ProductContent {
        let service = if token == SELLER_B { "svc-b-ocr" } else { "svc-a-weather" };
        ProductContent {
            name: "天气查询 API".into(),
            icon: Some(self.file(token, "icon", "icon.png", png(96, 96)).await),
            images: vec![self.file(token, "images", "cover.png", png(1024, 768)).await],
            summary: "全国天气，一次调用".into(),
            detail: "提供实时天气与预报。\n支持 HTTPS。".into(),
            cases: String::new(),
            usage_doc: Some(self.file(token, "usage_doc", "guide.pdf", pdf()).await),
            support: ServiceSupport {
                hotline: "400-123-4567".into(),
                email: "support@example.com".into(),
                hours: ServiceHours::default(),
            },
            category: Some(CategoryChoice { level1: "data".into(), level2: "data-weather".into() }),
            tags: vec!["tag-01".into(), "tag-03".into()],
            service_agreement: Some(self.file(token, "service_agreement", "agreement.pdf", pdf()).await),
            test_report: Some(self.file(token, "test_report", "report.docx", docx()).await),
            specs: vec![Spec {
                id: "basic".into(),
                name: "基础版".into(),
                service_id: service.into(),
                access_url: String::new(),
                packages: vec![Package {
                    id: "ten-k".into(),
                    name: "1 万次".into(),
                    calls: "10000".into(),
                    validity: "12".into(),
                    validity_unit: ValidityUnit::Month,
                    price: "99.00".into(),
                }],
                saved: true,
            }],
            ..ProductContent::default()
        }
    }
}

/// Asserts the status, printing the body when it differs.
pub async fn expect(response: Response, status: StatusCode) -> Response {
    if response.status() != status {
        let got = response.status();
        let body = response.text().await.unwrap_or_default();
        panic!("expected {status}, got {got}: {body}");
    }
    response
}

pub async fn json<T: DeserializeOwned>(response: Response) -> T {
    let text = response.text().await.expect("body");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The API error body of a response with `status`.
pub async fn error(response: Response, status: StatusCode) -> Value {
    let body: Value = json(expect(response, status).await).await;
    assert!(
        body["code"].is_string() && body["message"].is_string() && body.get("field").is_some(),
        "error shape: {body}"
    );
    body
}

#[allow(unused_imports)] // each test binary uses a different few
pub use fixtures::{doc, docx, pdf, png, zip};

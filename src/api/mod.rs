//! Typed client for the backend contract (`/api/v1`, see `server/openapi.json`): one
//! function per endpoint, one error type.

use domain::model::{
    Category, DemoAccount, FileRef, GatewayService, NewProduct, Product, ProductContent, ProductPage, ProductUpdate,
    QueueItem, RejectRequest, Tag, TransitionRequest, User,
};
use domain::Operation;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why a call failed, in the three ways a seller's message differs.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The backend could not be reached (offline, wrong address, CORS).
    Network,
    /// The backend answered with an error status and, normally, its JSON error.
    Status(u16, Option<Box<domain::ApiError>>),
    /// The backend answered something this client cannot read.
    Decode(String),
}

impl ApiError {
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Status(code, _) => Some(*code),
            _ => None,
        }
    }

    /// The backend's field errors, if it refused the content.
    pub fn field_errors(&self) -> Vec<domain::FieldError> {
        match self {
            ApiError::Status(_, Some(e)) => e.errors.clone(),
            _ => Vec::new(),
        }
    }
}

/// A 409's body: the error and the product as it is now.
#[derive(serde::Deserialize)]
struct Conflict {
    current: Option<Product>,
}

/// A client for one backend, optionally signed in with a bearer token.
#[derive(Clone, Debug, PartialEq)]
pub struct Client {
    base: String,
    token: Option<String>,
}

impl Client {
    /// `base` is the backend's origin (`""` for the page's own), without `/api/v1`.
    pub fn new(base: &str, token: Option<String>) -> Self {
        Client { base: base.trim_end_matches('/').to_owned(), token }
    }

    /// The signed-in user (`GET /me`).
    pub async fn me(&self) -> Result<User, ApiError> {
        self.get("/me").await
    }

    /// The demo identities, when the backend runs in demo mode (`GET /demo-accounts`).
    pub async fn demo_accounts(&self) -> Result<Vec<DemoAccount>, ApiError> {
        self.get("/demo-accounts").await
    }

    /// The seller's gateway services (`GET /services`).
    pub async fn services(&self) -> Result<Vec<GatewayService>, ApiError> {
        self.get("/services").await
    }

    /// The category tree (`GET /categories`).
    pub async fn categories(&self) -> Result<Vec<Category>, ApiError> {
        self.get("/categories").await
    }

    /// The tags (`GET /tags`).
    pub async fn tags(&self) -> Result<Vec<Tag>, ApiError> {
        self.get("/tags").await
    }

    /// One of the seller's products (`GET /products/{id}`).
    pub async fn product(&self, id: &str) -> Result<Product, ApiError> {
        self.get(&format!("/products/{id}")).await
    }

    /// A page of the seller's products (`GET /products?…`); `query` is already encoded.
    pub async fn products(&self, query: &str) -> Result<ProductPage, ApiError> {
        self.get(&format!("/products?{query}")).await
    }

    /// A new draft (`POST /products`).
    pub async fn create(&self, content: &ProductContent) -> Result<Product, ApiError> {
        self.call("POST", "/products", Some(&NewProduct { content: content.clone() })).await
    }

    /// Saves a product based on `version` (`PUT /products/{id}`). A 409 `stale`
    /// answers `Err(Ok(current))`: the product as another tab saved it.
    pub async fn update(
        &self,
        id: &str,
        version: u64,
        content: &ProductContent,
    ) -> Result<Product, Result<Product, ApiError>> {
        let body = serde_json::to_string(&ProductUpdate { version, content: content.clone() }).unwrap_or_default();
        match self.fetch("PUT", &format!("/products/{id}"), Some(body.into()), Some("application/json")).await {
            Ok(response) => Ok(decode(&read_text(&response).await).map_err(Err)?),
            Err(Stale(Some(current))) => Err(Ok(*current)),
            Err(Stale(None)) => Err(Err(ApiError::Status(409, None))),
            Err(Failed(e)) => Err(Err(e)),
        }
    }

    /// 克隆: a new draft with a copy of the content (`POST /products/{id}/clone`).
    pub async fn clone_product(&self, id: &str) -> Result<Product, ApiError> {
        self.call::<(), _>("POST", &format!("/products/{id}/clone"), None).await
    }

    /// 提交审核 (`POST /products/{id}/submit`).
    pub async fn submit(&self, id: &str) -> Result<Product, ApiError> {
        self.call::<(), _>("POST", &format!("/products/{id}/submit"), None).await
    }

    /// An operation from the 商品管理 table on the product as the seller saw it
    /// (`version`): the product afterwards (`None` once deleted). When the product
    /// changed elsewhere first, the backend's 409 carries it as it is now:
    /// `Err(Ok(current))`.
    pub async fn apply(
        &self,
        id: &str,
        operation: Operation,
        version: u64,
    ) -> Result<Option<Product>, Result<Product, ApiError>> {
        let (method, path, body) = match operation {
            Operation::Delete => ("DELETE", format!("/products/{id}"), None),
            _ => {
                let segment = operation_segment(operation).ok_or(Err(ApiError::Status(405, None)))?;
                let body = serde_json::to_string(&TransitionRequest { version: Some(version) }).unwrap_or_default();
                ("POST", format!("/products/{id}/{segment}"), Some(JsValue::from_str(&body)))
            }
        };
        let content_type = body.as_ref().map(|_| "application/json");
        match self.fetch(method, &path, body, content_type).await {
            Ok(_) if operation == Operation::Delete => Ok(None),
            Ok(response) => Ok(Some(decode(&read_text(&response).await).map_err(Err)?)),
            Err(Stale(Some(current))) => Err(Ok(*current)),
            Err(other) => Err(Err(other.into_error())),
        }
    }

    /// The reviewer's queue: listing and delisting requests, oldest first (`GET /review/queue`).
    pub async fn review_queue(&self) -> Result<Vec<QueueItem>, ApiError> {
        self.get("/review/queue").await
    }

    /// Any product, for the reviewer (`GET /review/products/{id}`).
    pub async fn review_product(&self, id: &str) -> Result<Product, ApiError> {
        self.get(&format!("/review/products/{id}")).await
    }

    /// 通过 (`POST /review/products/{id}/approve`).
    pub async fn approve(&self, id: &str) -> Result<Product, ApiError> {
        self.call::<(), _>("POST", &format!("/review/products/{id}/approve"), None).await
    }

    /// 驳回 with a reason (`POST /review/products/{id}/reject`).
    pub async fn reject(&self, id: &str, reason: &str) -> Result<Product, ApiError> {
        let body = RejectRequest { reason: reason.to_owned() };
        self.call("POST", &format!("/review/products/{id}/reject"), Some(&body)).await
    }

    /// A file's bytes as a Blob (`GET /files/{id}`), for showing uploaded images.
    pub async fn file_blob(&self, id: &str) -> Result<web_sys::Blob, ApiError> {
        let response = self.fetch("GET", &format!("/files/{id}"), None, None).await.map_err(Outcome::into_error)?;
        let promise = response.blob().map_err(|_| ApiError::Network)?;
        Ok(JsFuture::from(promise).await.map_err(|_| ApiError::Network)?.unchecked_into())
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        self.call::<(), T>("GET", path, None).await
    }

    async fn call<B: Serialize, T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        body: Option<&B>,
    ) -> Result<T, ApiError> {
        let body = body.map(|b| JsValue::from_str(&serde_json::to_string(b).unwrap_or_default()));
        let content_type = body.as_ref().map(|_| "application/json");
        let response = self.fetch(method, path, body, content_type).await.map_err(Outcome::into_error)?;
        decode(&read_text(&response).await)
    }

    /// The raw fetch: a 2xx response, or why not (reading the JSON error body).
    async fn fetch(
        &self,
        method: &str,
        path: &str,
        body: Option<JsValue>,
        content_type: Option<&str>,
    ) -> Result<web_sys::Response, Outcome> {
        let init = web_sys::RequestInit::new();
        init.set_method(method);
        let headers = web_sys::Headers::new().map_err(|_| Failed(ApiError::Network))?;
        if let Some(token) = &self.token {
            let _ = headers.set("Authorization", &format!("Bearer {token}"));
        }
        if let Some(content_type) = content_type {
            let _ = headers.set("Content-Type", content_type);
        }
        if let Some(body) = &body {
            init.set_body(body);
        }
        init.set_headers(&headers);
        let url = format!("{}/api/v1{path}", self.base);
        let request = web_sys::Request::new_with_str_and_init(&url, &init).map_err(|_| Failed(ApiError::Network))?;
        let window = web_sys::window().ok_or(Failed(ApiError::Network))?;
        let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
            .await
            .map_err(|_| Failed(ApiError::Network))?
            .unchecked_into();
        if response.ok() {
            return Ok(response);
        }
        let text = read_text(&response).await;
        let error: Option<domain::ApiError> = serde_json::from_str(&text).ok();
        // `stale` (saved meanwhile) and `transition` (the status moved meanwhile) both
        // carry the product as it is now.
        if response.status() == 409 && error.as_ref().is_some_and(|e| e.code == "stale" || e.code == "transition") {
            return Err(Stale(serde_json::from_str::<Conflict>(&text).ok().and_then(|c| c.current).map(Box::new)));
        }
        Err(Failed(ApiError::Status(response.status(), error.map(Box::new))))
    }
}

/// The path segment of a seller operation that moves a product (`withdraw-review`).
fn operation_segment(operation: Operation) -> Option<&'static str> {
    Some(match operation {
        Operation::Submit => "submit",
        Operation::WithdrawReview => "withdraw-review",
        Operation::List => "list",
        Operation::RequestDelist => "request-delist",
        Operation::WithdrawDelist => "withdraw-delist",
        Operation::Delist => "delist",
        _ => return None,
    })
}

/// What a failed fetch means to its caller.
enum Outcome {
    Stale(Option<Box<Product>>),
    Failed(ApiError),
}
use Outcome::{Failed, Stale};

impl Outcome {
    fn into_error(self) -> ApiError {
        match self {
            Stale(_) => ApiError::Status(409, None),
            Failed(e) => e,
        }
    }
}

async fn read_text(response: &web_sys::Response) -> String {
    match response.text() {
        Ok(promise) => JsFuture::from(promise).await.ok().and_then(|t| t.as_string()).unwrap_or_default(),
        Err(_) => String::new(),
    }
}

fn decode<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|e| ApiError::Decode(e.to_string()))
}

/// How an upload ended, other than with the stored file.
#[derive(Clone, Debug, PartialEq)]
pub enum UploadError {
    /// The seller cancelled it.
    Cancelled,
    /// The connection failed (worth retrying).
    Network,
    /// The backend refused the file (not worth retrying).
    Refused(u16, Option<Box<domain::ApiError>>),
}

/// An upload in flight: progress as it goes, and a way to cancel it.
pub struct Upload {
    xhr: web_sys::XmlHttpRequest,
}

impl Upload {
    pub fn cancel(&self) {
        let _ = self.xhr.abort();
    }
}

impl Client {
    /// Uploads through XMLHttpRequest, for real progress events: `progress` gets
    /// (bytes sent, bytes in all). `started` receives the handle to cancel with.
    pub async fn upload_with_progress(
        &self,
        field: &str,
        blob: &web_sys::Blob,
        name: &str,
        progress: impl Fn(f64, f64) + 'static,
        started: impl FnOnce(Upload),
    ) -> Result<FileRef, UploadError> {
        use wasm_bindgen::closure::Closure;
        let xhr = web_sys::XmlHttpRequest::new().map_err(|_| UploadError::Network)?;
        let url = format!("{}/api/v1/files?field={field}", self.base);
        xhr.open_with_async("POST", &url, true).map_err(|_| UploadError::Network)?;
        if let Some(token) = &self.token {
            let _ = xhr.set_request_header("Authorization", &format!("Bearer {token}"));
        }
        let on_progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |ev: web_sys::ProgressEvent| {
            if ev.length_computable() {
                progress(ev.loaded(), ev.total());
            }
        });
        if let Ok(target) = xhr.upload() {
            target.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        }
        // Settles when the request ends, however it ends.
        let done = js_sys::Promise::new(&mut |resolve, _| {
            let _ = xhr.add_event_listener_with_callback("loadend", &resolve);
        });
        let form = web_sys::FormData::new().map_err(|_| UploadError::Network)?;
        form.append_with_blob_and_filename("file", blob, name).map_err(|_| UploadError::Network)?;
        let cancelled = std::rc::Rc::new(std::cell::Cell::new(false));
        let on_abort = {
            let cancelled = cancelled.clone();
            Closure::<dyn FnMut()>::new(move || cancelled.set(true))
        };
        xhr.set_onabort(Some(on_abort.as_ref().unchecked_ref()));
        xhr.send_with_opt_form_data(Some(&form)).map_err(|_| UploadError::Network)?;
        started(Upload { xhr: xhr.clone() });
        let _ = JsFuture::from(done).await;
        drop((on_progress, on_abort));
        if cancelled.get() {
            return Err(UploadError::Cancelled);
        }
        let status = xhr.status().unwrap_or(0);
        let text = xhr.response_text().ok().flatten().unwrap_or_default();
        match status {
            0 => Err(UploadError::Network),
            200..=299 => serde_json::from_str(&text).map_err(|_| UploadError::Network),
            _ => Err(UploadError::Refused(status, serde_json::from_str(&text).ok().map(Box::new))),
        }
    }
}

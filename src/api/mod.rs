//! Typed client for the backend contract (`/api/v1`, see `server/openapi.json`): one
//! function per endpoint, one error type. JSON calls go through gloo-net; uploads through
//! XMLHttpRequest (`upload.rs`), the one browser API that reports upload progress.
//! A client made with an `AbortSignal` cancels its requests when the signal fires (the
//! screen that made them went away).

pub mod boot;
mod upload;

pub use upload::{Upload, UploadError};

use domain::model::{
    Catalog, Category, Change, ChangeRequest, ChangeUpdate, DemoAccount, GatewayService, NewProduct, NewShare, Product,
    ProductContent, ProductPage, ProductUpdate, QueueItem, RejectRequest, Share, SharedListing, Tag, TransitionRequest,
    User, Version,
};
use domain::review::{AnswerRequest, Claim, Comment, NewComment, Review, TimelineEntry};
use domain::{Operation, Tab};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The backend's error codes (`code` of its one error shape), read once when the error
/// arrives, so a screen decides by matching a value, not by comparing strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Code {
    Unauthorized,
    Forbidden,
    NotFound,
    BadRequest,
    /// Written against an old version: the answer carries the current one.
    Stale,
    /// Not possible in the product's status: the answer carries the product.
    Transition,
    /// A decided product is changed only with the seller's confirmation.
    ConfirmEdit,
    /// Field errors, every one of them.
    Invalid,
    TooLarge,
    Quota,
    Timeout,
    /// A share link that was revoked.
    Revoked,
    /// A share link that expired.
    Expired,
    /// Too many unknown share links from this address.
    TooManyGuesses,
    /// Another reviewer holds the request (领取): the answer carries their claim.
    Claimed,
    /// The request awaits no decision.
    NotInReview,
    /// A later decision closed the comments (an answer came too late).
    Settled,
    /// This user holds as many event streams as one may.
    TooManyStreams,
    /// A code this client does not know (a newer backend).
    Other,
}

impl Code {
    fn from_wire(code: &str) -> Code {
        match code {
            "unauthorized" => Code::Unauthorized,
            "forbidden" => Code::Forbidden,
            "not_found" => Code::NotFound,
            "bad_request" => Code::BadRequest,
            "stale" => Code::Stale,
            "transition" => Code::Transition,
            "confirm_edit" => Code::ConfirmEdit,
            "invalid" => Code::Invalid,
            "too_large" => Code::TooLarge,
            "quota" => Code::Quota,
            "timeout" => Code::Timeout,
            "revoked" => Code::Revoked,
            "expired" => Code::Expired,
            "too_many_guesses" => Code::TooManyGuesses,
            "claimed" => Code::Claimed,
            "not_in_review" => Code::NotInReview,
            "settled" => Code::Settled,
            "too_many_streams" => Code::TooManyStreams,
            _ => Code::Other,
        }
    }
}

/// Why a call failed: the network, an HTTP status without a readable body, or the
/// backend's JSON error (its code, the fields it is about, and for a 409 the product as
/// it is now).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// The backend could not be reached (offline, wrong address, CORS) or the request
    /// was cancelled.
    #[error("the backend could not be reached")]
    Network,
    /// An error status without a JSON error body.
    #[error("the backend answered {0}")]
    Status(u16),
    /// The backend's own JSON error (`{code, message, field, errors, current}`): its
    /// code read when it arrived; its field errors ([`ApiError::field_errors`]) and the
    /// product as it is now ([`ApiError::current`]) are read by the screens that show
    /// them (the first screen's bundle carries no product parser it does not need).
    #[error("the backend answered {status}")]
    Backend { status: u16, code: Code, body: String },
    /// The backend answered something this client cannot read.
    #[error("unreadable answer: {0}")]
    Decode(String),
}

impl ApiError {
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Status(status) | ApiError::Backend { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The backend's error code.
    pub fn code(&self) -> Option<Code> {
        match self {
            ApiError::Backend { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// The backend's field errors, if it refused the content.
    pub fn field_errors(&self) -> Vec<domain::FieldError> {
        match self {
            ApiError::Backend { body, .. } => {
                serde_json::from_str::<domain::ApiError>(body).map(|e| e.errors).unwrap_or_default()
            }
            _ => Vec::new(),
        }
    }

    /// The product as it is now, when the write met a newer version or another status:
    /// the whole [`Product`], or a [`ProductHead`] where that is all that is needed.
    pub fn current<T: DeserializeOwned>(&self) -> Option<T> {
        #[derive(serde::Deserialize)]
        struct Conflict<T> {
            current: Option<T>,
        }
        match self {
            ApiError::Backend { status: 409, body, .. } => {
                serde_json::from_str::<Conflict<T>>(body).ok().and_then(|c| c.current)
            }
            _ => None,
        }
    }

    /// Who holds the request, when a reviewer's claim or decision met another's claim.
    pub fn claim(&self) -> Option<Claim> {
        #[derive(serde::Deserialize)]
        struct Held {
            claim: Option<Claim>,
        }
        match self {
            ApiError::Backend { status: 409, body, .. } => {
                serde_json::from_str::<Held>(body).ok().and_then(|h| h.claim)
            }
            _ => None,
        }
    }

    /// Whether a change's write met a newer version of it (the change as it is now is in
    /// the answer: [`ApiError::current_change`]), without reading the change — 商品管理
    /// only says that it moved, and carries no parser for a whole change.
    pub fn has_current_change(&self) -> bool {
        #[derive(serde::Deserialize)]
        struct Conflict {
            current_change: Option<serde::de::IgnoredAny>,
        }
        match self {
            ApiError::Backend { status: 409, body, .. } => {
                serde_json::from_str::<Conflict>(body).is_ok_and(|c| c.current_change.is_some())
            }
            _ => false,
        }
    }

    /// The change as it is now, when a change's write met a newer version of it.
    pub fn current_change(&self) -> Option<Change> {
        #[derive(serde::Deserialize)]
        struct Conflict {
            current_change: Option<Change>,
        }
        match self {
            ApiError::Backend { status: 409, body, .. } => {
                serde_json::from_str::<Conflict>(body).ok().and_then(|c| c.current_change)
            }
            _ => None,
        }
    }
}

/// What 商品管理 needs of a product the backend answers with: who it is, its version and
/// status, and its name (the rest of the answer is not read).
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
pub struct ProductHead {
    pub id: String,
    pub version: u64,
    pub status: domain::Status,
    pub content: NameOnly,
}

/// A product's content, its name only.
#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize)]
pub struct NameOnly {
    #[serde(default)]
    pub name: String,
}

/// An answer's JSON, read.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|e| ApiError::Decode(e.to_string()))
}

/// A client for one backend, optionally signed in with a bearer token.
#[derive(Clone, Debug)]
pub struct Client {
    base: String,
    token: Option<String>,
    abort: Option<web_sys::AbortSignal>,
}

impl PartialEq for Client {
    fn eq(&self, other: &Self) -> bool {
        self.base == other.base && self.token == other.token
    }
}

impl Client {
    /// `base` is the backend's origin (`""` for the page's own), without `/api/v1`.
    pub fn new(base: &str, token: Option<String>) -> Self {
        Client { base: base.trim_end_matches('/').to_owned(), token, abort: None }
    }

    /// The same client whose requests end when `signal` fires.
    pub fn with_abort(mut self, signal: web_sys::AbortSignal) -> Self {
        self.abort = Some(signal);
        self
    }

    /// Where the file `id` is (it needs the seller's token: see [`Client::file_blob`]).
    pub fn file_url(&self, id: &str) -> String {
        self.url(&format!("/files/{id}"))
    }

    fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.base)
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

    /// What a product names things from: the category tree and the tags, and the
    /// seller's own services when `services` (a reviewer has none).
    pub async fn catalog(&self, services: bool) -> Result<Catalog, ApiError> {
        let services = if services { self.services().await? } else { Vec::new() };
        Ok(Catalog { services, categories: self.categories().await?, tags: self.tags().await? })
    }

    /// One of the seller's products (`GET /products/{id}`).
    pub async fn product(&self, id: &str) -> Result<Product, ApiError> {
        self.get(&format!("/products/{id}")).await
    }

    /// A page of 商品管理 ([`boot::PER_PAGE`] rows): the seller's products on `tab` whose
    /// name contains `search` (trimmed), and its JSON as it came (to be kept for the next
    /// visit).
    pub async fn products(&self, tab: Tab, search: &str, page: u32) -> Result<(ProductPage, String), ApiError> {
        let text = self.get_text(&boot::products_path(tab.slug(), search, page)).await?;
        Ok((parse(&text)?, text))
    }

    /// A new draft (`POST /products`).
    pub async fn create(&self, content: &ProductContent) -> Result<Product, ApiError> {
        self.send(Request::post(&self.url("/products")), Some(&NewProduct { content: content.clone() })).await
    }

    /// Saves a product based on `version` (`PUT /products/{id}`); `reopen` confirms that
    /// a decided product becomes a draft again. A newer version saved meanwhile is a 409
    /// whose error carries it ([`ApiError::current`]).
    pub async fn update(
        &self,
        id: &str,
        version: u64,
        content: &ProductContent,
        reopen: bool,
    ) -> Result<Product, ApiError> {
        let body = ProductUpdate { version, content: content.clone(), reopen };
        self.send(Request::put(&self.url(&format!("/products/{id}"))), Some(&body)).await
    }

    /// 克隆: a new draft with a copy of the content (`POST /products/{id}/clone`).
    pub async fn clone_product(&self, id: &str) -> Result<ProductHead, ApiError> {
        self.send::<(), _>(Request::post(&self.url(&format!("/products/{id}/clone"))), None).await
    }

    /// 提交审核 (`POST /products/{id}/submit`).
    pub async fn submit(&self, id: &str) -> Result<Product, ApiError> {
        self.operate(id, Operation::Submit, None).await
    }

    /// An operation from 商品管理 on the product as the seller saw it (`version`: the
    /// product's, or its change's for an operation on the change): the product
    /// afterwards (`None` once deleted). When the product changed elsewhere first, the
    /// 409 carries it as it is now ([`ApiError::current`]).
    pub async fn apply(&self, id: &str, operation: Operation, version: u64) -> Result<Option<ProductHead>, ApiError> {
        match operation {
            Operation::Delete => {
                self.fetch(Request::delete(&self.url(&format!("/products/{id}"))), None::<&()>).await?;
                Ok(None)
            }
            Operation::DeleteChange => {
                self.send::<(), _>(Request::delete(&self.url(&format!("/products/{id}/change"))), None).await.map(Some)
            }
            _ => match operation.change_segment() {
                Some(segment) => {
                    let builder = Request::post(&self.url(&format!("/products/{id}/change/{segment}")));
                    self.send(builder, Some(&TransitionRequest { version: Some(version) })).await.map(Some)
                }
                None => self.operate(id, operation, Some(version)).await.map(Some),
            },
        }
    }

    /// The change of a product on sale (`GET /products/{id}/change`; 404 when it has none).
    pub async fn change(&self, id: &str) -> Result<Change, ApiError> {
        self.get(&format!("/products/{id}/change")).await
    }

    /// Saves the change of a product on sale based on the change's `version` (0 starts
    /// it) (`PUT /products/{id}/change`). A newer change saved meanwhile is a 409 whose
    /// error carries it ([`ApiError::current_change`]).
    pub async fn save_change(&self, id: &str, version: u64, content: &ProductContent) -> Result<Change, ApiError> {
        let body = ChangeUpdate { version, content: content.clone() };
        self.send(Request::put(&self.url(&format!("/products/{id}/change"))), Some(&body)).await
    }

    /// 提交变更 (`POST /products/{id}/change/submit`).
    pub async fn submit_change(&self, id: &str) -> Result<Product, ApiError> {
        self.send::<(), _>(Request::post(&self.url(&format!("/products/{id}/change/submit"))), None).await
    }

    /// The approved versions of a product, newest first (`GET /products/{id}/versions`).
    pub async fn versions(&self, id: &str) -> Result<Vec<Version>, ApiError> {
        self.get(&format!("/products/{id}/versions")).await
    }

    /// A change request, for the reviewer: the live product and the proposed change
    /// (`GET /review/changes/{id}`).
    pub async fn review_change(&self, id: &str) -> Result<ChangeRequest, ApiError> {
        self.get(&format!("/review/changes/{id}")).await
    }

    /// An operation that moves a product (`POST /products/{id}/{segment}`).
    async fn operate<T: DeserializeOwned>(
        &self,
        id: &str,
        operation: Operation,
        version: Option<u64>,
    ) -> Result<T, ApiError> {
        let segment = operation.segment().ok_or(ApiError::Status(405))?;
        let builder = Request::post(&self.url(&format!("/products/{id}/{segment}")));
        self.send(builder, Some(&TransitionRequest { version })).await
    }

    /// Tells the backend a file is no longer needed (a re-crop replaced it); it is
    /// deleted once no product refers to it (`DELETE /files/{id}`).
    pub async fn release_file(&self, id: &str) -> Result<(), ApiError> {
        self.fetch(Request::delete(&self.url(&format!("/files/{id}"))), None::<&()>).await.map(drop)
    }

    /// The reviewer's queue: listing and delisting requests, oldest first (`GET /review/queue`).
    pub async fn review_queue(&self) -> Result<Vec<QueueItem>, ApiError> {
        self.get("/review/queue").await
    }

    /// Any submitted product, for the reviewer (`GET /review/products/{id}`).
    pub async fn review_product(&self, id: &str) -> Result<Product, ApiError> {
        self.get(&format!("/review/products/{id}")).await
    }

    /// 通过 (`POST /review/products/{id}/approve`).
    pub async fn approve(&self, id: &str) -> Result<Product, ApiError> {
        self.send::<(), _>(Request::post(&self.url(&format!("/review/products/{id}/approve"))), None).await
    }

    /// 驳回 with a reason, comments on fields, or both (`POST /review/products/{id}/reject`).
    pub async fn reject(&self, id: &str, reason: &str, comments: &[NewComment]) -> Result<Product, ApiError> {
        let body = RejectRequest { reason: reason.to_owned(), comments: comments.to_vec() };
        self.send(Request::post(&self.url(&format!("/review/products/{id}/reject"))), Some(&body)).await
    }

    /// The rejection a resubmitted request follows, for the second review (`GET
    /// /review/products/{id}/previous`; 404 when there is none).
    pub async fn previous_review(&self, id: &str) -> Result<Review, ApiError> {
        self.get(&format!("/review/products/{id}/previous")).await
    }

    /// Who holds a request (`GET /review/products/{id}/claim`; 404 when no one does).
    pub async fn claim_of(&self, id: &str) -> Result<Claim, ApiError> {
        self.get(&format!("/review/products/{id}/claim")).await
    }

    /// 领取 (`POST /review/products/{id}/claim`); another's claim is a 409 carrying it
    /// ([`ApiError::claim`]).
    pub async fn claim(&self, id: &str) -> Result<Claim, ApiError> {
        self.send::<(), _>(Request::post(&self.url(&format!("/review/products/{id}/claim"))), None).await
    }

    /// Gives a request back (`DELETE /review/products/{id}/claim`).
    pub async fn release(&self, id: &str) -> Result<(), ApiError> {
        self.fetch(Request::delete(&self.url(&format!("/review/products/{id}/claim"))), None::<&()>).await.map(drop)
    }

    /// 下一个: claims the oldest request no one holds (`POST /review/next`); `None` when
    /// there is none.
    pub async fn next_request(&self) -> Result<Option<QueueItem>, ApiError> {
        let response = self.fetch(Request::post(&self.url("/review/next")), None::<&()>).await?;
        if response.status() == 204 {
            return Ok(None);
        }
        let text = response.text().await.map_err(|_| ApiError::Network)?;
        serde_json::from_str(&text).map(Some).map_err(|e| ApiError::Decode(e.to_string()))
    }

    /// The seller's product's open rejection with its comments (`GET
    /// /products/{id}/review`; 404 when there is none).
    pub async fn open_review(&self, id: &str) -> Result<Review, ApiError> {
        self.get(&format!("/products/{id}/review")).await
    }

    /// Answers a comment (`PUT /products/{id}/review/comments/{comment}/answer`).
    pub async fn answer(&self, id: &str, comment: &str, text: &str) -> Result<Comment, ApiError> {
        let body = AnswerRequest { text: text.to_owned() };
        let builder = Request::put(&self.url(&format!("/products/{id}/review/comments/{comment}/answer")));
        self.send(builder, Some(&body)).await
    }

    /// What happened to the product, oldest first (`GET /products/{id}/timeline`).
    pub async fn timeline(&self, id: &str) -> Result<Vec<TimelineEntry>, ApiError> {
        self.get(&format!("/products/{id}/timeline")).await
    }

    /// The signed-in user's event stream (`GET /api/v1/events`), resuming after `last`:
    /// the open response, its body read as it comes ([`crate::live`]).
    pub async fn events(&self, last: Option<u64>) -> Result<web_sys::ReadableStream, ApiError> {
        let mut builder = Request::get(&self.url("/events")).header("Accept", "text/event-stream");
        if let Some(id) = last {
            builder = builder.header("Last-Event-ID", &id.to_string());
        }
        let response = self.fetch(builder, None::<&()>).await?;
        response.body().ok_or(ApiError::Network)
    }

    /// 分享预览: a new read-only link to the product's buyer's page (`POST /products/{id}/shares`).
    pub async fn create_share(&self, id: &str) -> Result<NewShare, ApiError> {
        self.send::<(), _>(Request::post(&self.url(&format!("/products/{id}/shares"))), None).await
    }

    /// The product's share links that work now (`GET /products/{id}/shares`).
    pub async fn shares(&self, id: &str) -> Result<Vec<Share>, ApiError> {
        self.get(&format!("/products/{id}/shares")).await
    }

    /// Revokes a share link (`DELETE /products/{id}/shares/{share}`).
    pub async fn revoke_share(&self, id: &str, share: &str) -> Result<(), ApiError> {
        let builder = Request::delete(&self.url(&format!("/products/{id}/shares/{share}")));
        self.fetch(builder, None::<&()>).await.map(drop)
    }

    /// The buyer's page a share link opens, signed out (`GET /shared/{token}`).
    pub async fn shared(&self, token: &str) -> Result<SharedListing, ApiError> {
        self.get(&format!("/shared/{token}")).await
    }

    /// A file's bytes as a Blob (`GET /files/{id}`), for showing uploaded images.
    pub async fn file_blob(&self, id: &str) -> Result<web_sys::Blob, ApiError> {
        self.blob(&format!("/files/{id}")).await
    }

    /// A file of the page a share link opens (`GET /shared/{token}/files/{id}`).
    pub async fn shared_file_blob(&self, token: &str, id: &str) -> Result<web_sys::Blob, ApiError> {
        self.blob(&format!("/shared/{token}/files/{id}")).await
    }

    async fn blob(&self, path: &str) -> Result<web_sys::Blob, ApiError> {
        let response = self.fetch(Request::get(&self.url(path)), None::<&()>).await?;
        let promise = web_sys::Response::from(response).blob().map_err(|_| ApiError::Network)?;
        let blob = wasm_bindgen_futures::JsFuture::from(promise).await.map_err(|_| ApiError::Network)?;
        Ok(wasm_bindgen::JsCast::unchecked_into(blob))
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        parse(&self.get_text(path).await?)
    }

    /// `GET path`'s JSON text, or that of the answer the page's start script already
    /// asked for.
    async fn get_text(&self, path: &str) -> Result<String, ApiError> {
        let url = self.url(path);
        if let Some(answer) = boot::adopt(&url, self.token.as_deref()) {
            // An early request that failed is asked again.
            if let Ok(raw) = wasm_bindgen_futures::JsFuture::from(answer).await {
                let response = Response::from(wasm_bindgen::JsCast::unchecked_into::<web_sys::Response>(raw));
                return Self::check(response).await?.text().await.map_err(|_| ApiError::Network);
            }
        }
        let response = self.fetch(Request::get(&url), None::<&()>).await?;
        response.text().await.map_err(|_| ApiError::Network)
    }

    /// Sends `body` as JSON and reads the JSON answer.
    async fn send<B: Serialize, T: DeserializeOwned>(
        &self,
        builder: RequestBuilder,
        body: Option<&B>,
    ) -> Result<T, ApiError> {
        let response = self.fetch(builder, body).await?;
        parse(&response.text().await.map_err(|_| ApiError::Network)?)
    }

    /// The raw exchange: a 2xx response, or why not (reading the JSON error body).
    async fn fetch<B: Serialize>(&self, builder: RequestBuilder, body: Option<&B>) -> Result<Response, ApiError> {
        let mut builder = builder.abort_signal(self.abort.as_ref());
        if let Some(token) = &self.token {
            builder = builder.header("Authorization", &format!("Bearer {token}"));
        }
        let request = match body {
            Some(body) => builder.json(body),
            None => builder.build(),
        }
        .map_err(|e| ApiError::Decode(e.to_string()))?;
        Self::check(request.send().await.map_err(|_| ApiError::Network)?).await
    }

    /// A 2xx answer as it is, another as the error it says (reading the JSON error body).
    async fn check(response: Response) -> Result<Response, ApiError> {
        if response.ok() {
            return Ok(response);
        }
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        // The one error shape (`{code, message, …}`), or something else (a proxy's page).
        #[derive(serde::Deserialize)]
        struct Shape {
            code: String,
        }
        match serde_json::from_str::<Shape>(&body) {
            Ok(shape) => Err(ApiError::Backend { status, code: Code::from_wire(&shape.code), body }),
            Err(_) => Err(ApiError::Status(status)),
        }
    }
}

//! Typed client for the backend contract (`/api/v1`, see `server/openapi.json`): one
//! function per endpoint, one error type.

use domain::model::{DemoAccount, User};
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why a call failed, in the three ways a seller's message differs.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The backend could not be reached (offline, wrong address, CORS).
    Network,
    /// The backend answered with an error status and, normally, its JSON error.
    Status(u16, Option<domain::ApiError>),
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
        Client {
            base: base.trim_end_matches('/').to_owned(),
            token,
        }
    }

    /// The signed-in user (`GET /me`).
    pub async fn me(&self) -> Result<User, ApiError> {
        self.get("/me").await
    }

    /// The demo identities, when the backend runs in demo mode (`GET /demo-accounts`).
    pub async fn demo_accounts(&self) -> Result<Vec<DemoAccount>, ApiError> {
        self.get("/demo-accounts").await
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        let text = self.send("GET", path, None).await?;
        serde_json::from_str(&text).map_err(|e| ApiError::Decode(e.to_string()))
    }

    /// Sends a request; the body of a 2xx answer as text, anything else as an error.
    async fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<String>,
    ) -> Result<String, ApiError> {
        let init = web_sys::RequestInit::new();
        init.set_method(method);
        let headers = web_sys::Headers::new().map_err(|_| ApiError::Network)?;
        if let Some(token) = &self.token {
            let _ = headers.set("Authorization", &format!("Bearer {token}"));
        }
        if let Some(body) = &body {
            let _ = headers.set("Content-Type", "application/json");
            init.set_body(&JsValue::from_str(body));
        }
        init.set_headers(&headers);
        let url = format!("{}/api/v1{path}", self.base);
        let request =
            web_sys::Request::new_with_str_and_init(&url, &init).map_err(|_| ApiError::Network)?;
        let window = web_sys::window().ok_or(ApiError::Network)?;
        let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
            .await
            .map_err(|_| ApiError::Network)?
            .unchecked_into();
        let text = match response.text() {
            Ok(promise) => JsFuture::from(promise)
                .await
                .ok()
                .and_then(|t| t.as_string())
                .unwrap_or_default(),
            Err(_) => String::new(),
        };
        if response.ok() {
            Ok(text)
        } else {
            Err(ApiError::Status(
                response.status(),
                serde_json::from_str(&text).ok(),
            ))
        }
    }
}

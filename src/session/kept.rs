//! The last page of 商品管理 a user was shown on each tab, kept in this browser (the
//! Cache API, cache `apx-kept`) so a return visit shows it at once while the backend is
//! asked again. Kept per user and tab — one search and page each, the last — and
//! forgotten whole when the identity goes (切换身份, or a token that no longer works):
//! another user never sees it.

use domain::Tab;
use js_sys::Promise;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

const CACHE: &str = "apx-kept";

fn caches() -> Option<web_sys::CacheStorage> {
    // Not in an insecure context (plain HTTP on another host): nothing is kept.
    web_sys::window()?.caches().ok()
}

async fn wait(promise: Promise) -> Option<JsValue> {
    JsFuture::from(promise).await.ok()
}

async fn open() -> Option<web_sys::Cache> {
    wait(caches()?.open(CACHE)).await?.dyn_into().ok()
}

/// The kept page's address: the user's tab, then its search and page.
fn address(user: &str, tab: Tab, search: &str, page: u32) -> String {
    let user = String::from(js_sys::encode_uri_component(user));
    let q = String::from(js_sys::encode_uri_component(search.trim()));
    format!("/apx-kept/{user}/{}?q={q}&page={page}", tab.slug())
}

/// The JSON of the page of `tab` for `search` and `page` last shown to `user`, if it
/// is the one kept.
pub async fn kept(user: &str, tab: Tab, search: &str, page: u32) -> Option<String> {
    let cache = open().await?;
    let response: web_sys::Response =
        wait(cache.match_with_str(&address(user, tab, search, page))).await?.dyn_into().ok()?;
    wait(response.text().ok()?).await?.as_string()
}

/// Keeps `json`, the page of `tab` for `search` and `page` just shown to `user`, in
/// place of the one kept for that tab.
pub fn keep(user: &str, tab: Tab, search: &str, page: u32, json: String) {
    let at = address(user, tab, search, page);
    wasm_bindgen_futures::spawn_local(async move {
        let Some(cache) = open().await else { return };
        let options = web_sys::CacheQueryOptions::new();
        options.set_ignore_search(true);
        let tab_address = at.split('?').next().unwrap_or_default().to_owned();
        let _ = wait(cache.delete_with_str_and_options(&tab_address, &options)).await;
        if let Ok(response) = web_sys::Response::new_with_opt_str(Some(&json)) {
            let _ = wait(cache.put_with_str(&at, &response)).await;
        }
    });
}

/// Forgets every kept page, of every user.
pub fn forget() {
    if let Some(caches) = caches() {
        let _ = caches.delete(CACHE);
    }
}

//! Answers asked for before the console's code was here. The standalone page's start
//! script (`web/boot.js`, in index.html) asks who is signed in and for the page of
//! 商品管理 the address names while the code downloads; an embedded console asks first
//! thing in `mount` ([`ask_first`]). The client adopts such an answer instead of asking
//! again ([`adopt`]): once, for the same address and token, in the page's first seconds.
//!
//! The answers wait in `window.__apxBoot` = `{ at, answers: { [url]: { token, answer } } }`
//! (`answer` a fetch promise), the one shape both sides write.

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// Rows on a page of 商品管理 (the start script asks for the same).
pub const PER_PAGE: u32 = 10;

/// An early answer is adopted only this long after the page started (ms): later, the
/// data it carries may be old.
const FRESH_FOR_MS: f64 = 10_000.0;

const KEY: &str = "__apxBoot";

fn get(target: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(target, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// The address of a page of 商品管理 on `tab` (`listed`) for `search` and page `n`,
/// below the API's `/api/v1` — the same the start script builds.
pub fn products_path(tab: &str, search: &str, n: u32) -> String {
    let q = String::from(js_sys::encode_uri_component(search.trim()));
    format!("/products?tab={tab}&q={q}&page={n}&per_page={PER_PAGE}")
}

/// The requests of the first screen at `path` (below the base path) with `query`
/// (`?q=…&page=…`): who is signed in, and the page of 商品管理 it shows (the home page is
/// 已上架 for a seller).
pub fn first_screen(path: &str, query: &str) -> Vec<String> {
    let mut paths = vec!["/me".to_owned()];
    let path = path.trim_end_matches('/');
    let tab = match path {
        "" | "/products" => Some("listed"),
        _ => path.strip_prefix("/products/").filter(|t| ["listed", "pending", "delisted"].contains(t)),
    };
    if let Some(tab) = tab {
        let params = web_sys::UrlSearchParams::new_with_str(query).ok();
        let param = |name: &str| params.as_ref().and_then(|p| p.get(name)).unwrap_or_default();
        let n = param("page").parse::<u32>().ok().filter(|&n| n >= 1).unwrap_or(1);
        paths.push(products_path(tab, &param("q"), n));
    }
    paths
}

/// Starts the requests of the first screen at `path` + `query` for `token` against
/// `api` (`…/api/v1`), for the console to adopt: an embedded console's first thing.
pub fn ask_first(api: &str, token: &str, path: &str, query: &str) {
    let Some(window) = web_sys::window() else { return };
    let boot = match get(&window, KEY) {
        Some(boot) => boot,
        None => {
            let boot = Object::new();
            let _ = Reflect::set(&boot, &JsValue::from_str("at"), &JsValue::from_f64(now()));
            let _ = Reflect::set(&boot, &JsValue::from_str("answers"), &Object::new());
            let _ = Reflect::set(&window, &JsValue::from_str(KEY), &boot);
            boot.into()
        }
    };
    let Some(answers) = get(&boot, "answers") else { return };
    for path in first_screen(path, query) {
        let url = format!("{api}{path}");
        let init = web_sys::RequestInit::new();
        let headers = web_sys::Headers::new().ok();
        if let Some(headers) = &headers {
            let _ = headers.set("Authorization", &format!("Bearer {token}"));
            init.set_headers(headers);
        }
        let answer = window.fetch_with_str_and_init(&url, &init);
        // Not adopted (another screen came first): not an unhandled rejection either.
        let ignore = wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(|_| {});
        let _ = answer.catch(&ignore);
        ignore.forget();
        let entry = Object::new();
        let _ = Reflect::set(&entry, &JsValue::from_str("token"), &JsValue::from_str(token));
        let _ = Reflect::set(&entry, &JsValue::from_str("answer"), &answer);
        let _ = Reflect::set(&answers, &JsValue::from_str(&url), &entry);
    }
}

/// The early answer for `url` asked with `token`, taken (it is adopted once): `None`
/// when there is none, it was asked with another token, or the page is no longer new.
pub fn adopt(url: &str, token: Option<&str>) -> Option<Promise> {
    let window = web_sys::window()?;
    let boot = get(&window, KEY)?;
    let answers = get(&boot, "answers")?;
    let entry = get(&answers, url)?;
    let _ = Reflect::delete_property(answers.unchecked_ref::<Object>(), &JsValue::from_str(url));
    let started = get(&boot, "at").and_then(|v| v.as_f64()).unwrap_or(f64::NEG_INFINITY);
    if now() - started > FRESH_FOR_MS || get(&entry, "token").and_then(|t| t.as_string()).as_deref() != token {
        return None;
    }
    get(&entry, "answer").and_then(|a| a.dyn_into::<Promise>().ok())
}

//! A small router made for a console that may be embedded: it handles only the
//! console's own links (never the host page's), keeps every address under the base
//! path, and follows the browser's back and forward buttons. leptos_router costs
//! ~10 KB brotli of the 120 KB budget and listens to every link click in the window.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// Where the console is, shared through context; `Copy`.
#[derive(Clone, Copy)]
pub struct Router {
    base: StoredValue<String>,
    /// The path below the base, always starting with `/` (`/products/pending`).
    path: RwSignal<String>,
}

fn location_path() -> String {
    web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default()
}

impl Router {
    /// Reads the address and follows back/forward for as long as the console is mounted.
    pub fn new(base: &str) -> Self {
        let base = base.trim_end_matches('/').to_owned();
        let router = Router { path: RwSignal::new(strip_base(&base, &location_path())), base: StoredValue::new(base) };
        let handle = window_event_listener(leptos::ev::popstate, move |_| {
            router.path.set(strip_base(&router.base.get_value(), &location_path()));
        });
        on_cleanup(move || handle.remove());
        router
    }

    /// The current path below the base, tracked.
    pub fn path(self) -> String {
        self.path.get()
    }

    /// The current path below the base, not tracked.
    pub fn path_untracked(self) -> String {
        self.path.get_untracked()
    }

    /// The full address of a console path (`/products` → `/seller/api/products`).
    pub fn href(self, path: &str) -> String {
        format!("{}{path}", self.base.get_value())
    }

    /// Goes to `path` (below the base), adding a history entry.
    pub fn navigate(self, path: &str) {
        self.go(path, false);
    }

    /// Goes to `path` in place of the current entry (a redirect).
    pub fn replace(self, path: &str) {
        self.go(path, true);
    }

    /// A parameter of the address's query (`?q=天气&page=2` → `param("q")`).
    pub fn param(self, name: &str) -> Option<String> {
        let search = web_sys::window()?.location().search().ok()?;
        web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(name).filter(|v| !v.is_empty())
    }

    /// Sets `params` in the address's query (an empty value removes the parameter; the
    /// host's own parameters stay), without a history entry: a reload shows the same
    /// search and page. Nothing changes on a host page outside the base path.
    pub fn replace_params(self, params: &[(&str, &str)]) {
        let Some(window) = web_sys::window().filter(|_| self.inside()) else { return };
        let search = window.location().search().unwrap_or_default();
        let Ok(query) = web_sys::UrlSearchParams::new_with_str(&search) else { return };
        for (name, value) in params {
            if value.is_empty() {
                query.delete(name);
            } else {
                query.set(name, value);
            }
        }
        let query: String = query.to_string().into();
        let url = if query.is_empty() { location_path() } else { format!("{}?{query}", location_path()) };
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
        }
    }

    /// Whether the page's address is the base or below it (the host may show the
    /// console on a page of its own elsewhere).
    fn inside(self) -> bool {
        let base = self.base.get_value();
        let full = location_path();
        base.is_empty() || full == base || full.starts_with(&format!("{base}/"))
    }

    fn go(self, path: &str, replace: bool) {
        // A redirect on a host page outside the base path stays inside the console: the
        // host's address is not the console's to rewrite. A link the seller follows
        // does go to the console's own address.
        let history = web_sys::window().and_then(|w| w.history().ok()).filter(|_| !replace || self.inside());
        if let Some(history) = history {
            let url = self.href(path);
            let _ = if replace {
                history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
            } else {
                history.push_state_with_url(&JsValue::NULL, "", Some(&url))
            };
        }
        self.path.set(path.to_owned());
    }
}

/// The path below `base`; `/` when the address is the base itself or outside it.
fn strip_base(base: &str, full: &str) -> String {
    match full.strip_prefix(base) {
        Some(rest) if rest.starts_with('/') => rest.to_owned(),
        _ => "/".to_owned(),
    }
}

pub fn use_router() -> Router {
    expect_context::<Router>()
}

/// The path's segments (`/publish/2` → `["publish", "2"]`), for matching routes.
pub fn segments(path: &str) -> Vec<String> {
    path.split('/').filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

/// A link to a console path. A plain click is handled here; a click with a modifier
/// (new tab, new window) is left to the browser. `aria-current="page"` marks the
/// link of the current page (or of a page below it, unless `exact`).
#[component]
pub fn Link(
    #[prop(into)] href: String,
    #[prop(optional, into)] class: String,
    #[prop(optional)] exact: bool,
    children: Children,
) -> impl IntoView {
    let router = use_router();
    let full = router.href(&href);
    let target = href.clone();
    let current = move || {
        let path = router.path();
        let here = path == target || (!exact && path.starts_with(&format!("{target}/")));
        here.then_some("page")
    };
    let follow = move |ev: leptos::ev::MouseEvent| {
        if ev.button() == 0 && !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key()) {
            ev.prevent_default();
            router.navigate(&href);
        }
    };
    view! {
        <a href=full class=class aria-current=current on:click=follow>
            {children()}
        </a>
    }
}

/// Replaces the current address with `to` as soon as it renders.
#[component]
pub fn Redirect(#[prop(into)] to: String) -> impl IntoView {
    let router = use_router();
    Effect::new(move |_| router.replace(&to));
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn paths_are_read_below_the_base() {
        assert_eq!(strip_base("/seller/api", "/seller/api/products/pending"), "/products/pending");
        assert_eq!(strip_base("/seller/api", "/seller/api"), "/");
        assert_eq!(strip_base("/seller/api", "/seller/apix/products"), "/");
        assert_eq!(strip_base("", "/publish/2"), "/publish/2");
        assert_eq!(segments("/publish/2/"), ["publish", "2"]);
    }
}

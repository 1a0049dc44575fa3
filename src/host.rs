//! The page the console lives in: the events it tells its host about, dispatched as DOM
//! `CustomEvent`s on the element it was mounted into (SPEC §7), and finding the
//! console's own elements wherever it is mounted (the document, or a shadow root).

use std::cell::RefCell;

use domain::Status;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// This browser's `localStorage` for the console's own keys (`apx.*`): the token, the
/// locale, kept drafts. `None` where there is none (storage disabled).
pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Something the host may want to react to (refresh a count, show a toast, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostEvent {
    /// 提交审核 succeeded: the product is 上架审核中.
    Submitted,
    /// 上架 succeeded: the product is on sale.
    Listed,
    /// 下架 succeeded: the product is off sale.
    Delisted,
    /// 提交变更 succeeded: the change of a product on sale is 变更审核中.
    ChangeSubmitted,
    /// A change was approved (通过): its content is live.
    Changed,
    /// A reviewer decided one of the seller's requests (通过 / 驳回), wherever it was
    /// decided: the detail says which (`decision`, `request`, `comments`).
    Reviewed,
}

impl HostEvent {
    /// The event's type, as the host listens for it (`apx-submitted`, …).
    pub fn name(self) -> &'static str {
        match self {
            HostEvent::Submitted => "apx-submitted",
            HostEvent::Listed => "apx-listed",
            HostEvent::Delisted => "apx-delisted",
            HostEvent::ChangeSubmitted => "apx-change-submitted",
            HostEvent::Changed => "apx-changed",
            HostEvent::Reviewed => "apx-reviewed",
        }
    }
}

/// The mount element, shared through context (`None` when there is no host to tell).
#[derive(Clone, Copy)]
pub struct Host(StoredValue<Option<web_sys::Element>, LocalStorage>);

impl Host {
    pub fn new(element: Option<web_sys::Element>) -> Self {
        Host(StoredValue::new_local(element))
    }

    /// Whether the console is embedded in a host page (which has its own `main`).
    pub fn embedded(self) -> bool {
        self.0.with_value(Option::is_some)
    }

    /// The landmark role of the console's content: the page's `main` when standalone,
    /// a named region inside the host's main when embedded.
    pub fn content_role(self) -> &'static str {
        if self.embedded() {
            "region"
        } else {
            "main"
        }
    }

    /// Dispatches `event` on the mount element with the product's `{ id, name, status }`
    /// as its detail. It bubbles, so a host may listen on the document too.
    pub fn emit(self, event: HostEvent, id: &str, name: &str, status: Status) {
        self.emit_with_change(event, id, name, status, None);
    }

    /// As [`Host::emit`], with the change's state as `change` in the detail (absent once
    /// the change is live).
    pub fn emit_with_change(
        self,
        event: HostEvent,
        id: &str,
        name: &str,
        status: Status,
        change: Option<domain::ChangeStatus>,
    ) {
        let mut fields = vec![("id", id), ("name", name), ("status", status.slug())];
        if let Some(change) = change {
            fields.push(("change", change.slug()));
        }
        self.emit_fields(event, &fields);
    }

    /// Dispatches `event` on the mount element with `fields` as its detail (strings).
    pub fn emit_fields(self, event: HostEvent, fields: &[(&str, &str)]) {
        let Some(element) = self.0.get_value() else { return };
        let detail = js_sys::Object::new();
        for (key, value) in fields {
            let _ = js_sys::Reflect::set(&detail, &JsValue::from_str(key), &JsValue::from_str(value));
        }
        let init = web_sys::CustomEventInit::new();
        init.set_bubbles(true);
        init.set_detail(&detail);
        if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(event.name(), &init) {
            let _ = element.dispatch_event(&event);
        }
    }
}

/// Where the seller center keeps the API gateway's documentation (the seed's 前提条件
/// links to it): the QingCloud page unless the page or the host names another.
pub const GATEWAY_DOCS: &str = "https://docsv3.qingcloud.com/middware/api_gateway/manual/create_apiservice/";

/// Addresses of the seller center the console links to, shared through context.
#[derive(Clone, Copy)]
pub struct Links {
    gateway_docs: StoredValue<String>,
}

impl Links {
    pub fn new(gateway_docs: Option<String>) -> Self {
        Links { gateway_docs: StoredValue::new(gateway_docs.unwrap_or_else(|| GATEWAY_DOCS.to_owned())) }
    }

    /// The API gateway's documentation (deploying an API service).
    pub fn gateway_docs(self) -> String {
        self.gateway_docs.get_value()
    }
}

pub fn use_links() -> Links {
    use_context::<Links>().unwrap_or_else(|| Links::new(None))
}

pub fn use_host() -> Host {
    use_context::<Host>().unwrap_or_else(|| Host::new(None))
}

thread_local! {
    /// The shadow roots consoles are mounted in, for finding elements by id.
    static ROOTS: RefCell<Vec<web_sys::ShadowRoot>> = const { RefCell::new(Vec::new()) };
}

/// Remembers a shadow root a console is mounted in.
pub fn add_root(root: &web_sys::ShadowRoot) {
    ROOTS.with(|r| r.borrow_mut().push(root.clone()));
}

/// Forgets a shadow root once its console is unmounted.
pub fn remove_root(root: &web_sys::ShadowRoot) {
    ROOTS.with(|r| r.borrow_mut().retain(|s| s != root));
}

/// The element with `id` in the console, wherever it is mounted: the document, or the
/// shadow root of an embedded console.
pub fn by_id(id: &str) -> Option<web_sys::Element> {
    let document = web_sys::window()?.document()?;
    document.get_element_by_id(id).or_else(|| ROOTS.with(|r| r.borrow().iter().find_map(|s| s.get_element_by_id(id))))
}

/// Moves keyboard focus to the element with `id`, if it is on the page.
pub fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = by_id(id).and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// Moves keyboard focus to the first element matching `selector` in the console,
/// wherever it is mounted.
pub fn focus_first(selector: &str) {
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let found = document
        .query_selector(selector)
        .ok()
        .flatten()
        .or_else(|| ROOTS.with(|r| r.borrow().iter().find_map(|s| s.query_selector(selector).ok().flatten())));
    if let Some(el) = found.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// Sets the console's own parameters in the address's query (an empty value removes
/// one), keeping the host's, without a history entry: a reload shows the same thing.
pub fn use_replace_query() -> impl Fn(&[(&str, &str)]) + Clone + 'static {
    let navigate = leptos_router::hooks::use_navigate();
    let location = leptos_router::hooks::use_location();
    move |changes: &[(&str, &str)]| {
        let Ok(query) = web_sys::UrlSearchParams::new_with_str(&location.search.get_untracked()) else { return };
        for (name, value) in changes {
            if value.is_empty() {
                query.delete(name);
            } else {
                query.set(name, value);
            }
        }
        let query = String::from(query.to_string());
        let path = location.pathname.get_untracked();
        let to = if query.is_empty() { path } else { format!("{path}?{query}") };
        let options =
            leptos_router::NavigateOptions { resolve: false, replace: true, scroll: false, ..Default::default() };
        navigate(&to, options);
    }
}

/// The path the console's addresses live under (`/seller/api-products`, `""` at the
/// root), shared through context.
#[derive(Clone, Debug, Default)]
pub struct Base(pub String);

/// The console's base path.
pub fn use_base() -> String {
    use_context::<Base>().map(|Base(b)| b).unwrap_or_default()
}

/// Whether the page's address is the base or below it (a host may show the console on
/// a page of its own elsewhere).
pub fn inside(base: &str) -> bool {
    let path = web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default();
    base.is_empty() || path == base || path.starts_with(&format!("{base}/"))
}

thread_local! {
    /// The console's style sheet, made once and adopted wherever a console renders.
    static SHEET: RefCell<Option<web_sys::CssStyleSheet>> = const { RefCell::new(None) };
}

/// Gives the document — or the shadow root an embedded console renders in — the
/// console's style sheet `css`, once. It is a constructed sheet (`adoptedStyleSheets`),
/// not a `<style>` element, so a host page's Content-Security-Policy need not allow
/// inline styles.
pub fn adopt_styles(css: &'static str, shadow: Option<&web_sys::ShadowRoot>) {
    let sheet = SHEET.with(|s| {
        let mut s = s.borrow_mut();
        if s.is_none() {
            let sheet = web_sys::CssStyleSheet::new().ok();
            if let Some(sheet) = &sheet {
                let _ = sheet.replace_sync(css);
            }
            *s = sheet;
        }
        s.clone()
    });
    let Some(sheet) = sheet else { return };
    let (adopted, document) = match shadow {
        Some(root) => (root.adopted_style_sheets(), None),
        None => match web_sys::window().and_then(|w| w.document()) {
            Some(document) => (document.adopted_style_sheets(), Some(document)),
            None => return,
        },
    };
    if adopted.includes(&sheet, 0) {
        return;
    }
    adopted.push(&sheet);
    match (shadow, document) {
        (Some(root), _) => root.set_adopted_style_sheets(&adopted),
        (None, Some(document)) => document.set_adopted_style_sheets(&adopted),
        (None, None) => {}
    }
}

/// Gives the console's sheet (wherever it was adopted: the document, shadow roots) every
/// rule, `all`, once: a screen in a chunk brings the rules the first load left out.
pub fn complete_styles(all: &'static str) {
    thread_local!(static COMPLETE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    if COMPLETE.with(|done| done.replace(true)) {
        return;
    }
    SHEET.with(|s| {
        if let Some(sheet) = &*s.borrow() {
            let _ = sheet.replace_sync(all);
        }
    });
}

/// Waits `ms` milliseconds without blocking the page.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

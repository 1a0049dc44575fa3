//! Acting like a person in the browser tests: mount the console into a fresh element,
//! find things by their visible text, click, type, and wait for the DOM to follow.

#![allow(dead_code)]

use apx_console::{mount, AppConfig, Locale, Mounted};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// The reference backend the browser tests talk to; `make test` starts it there.
pub const API: &str = match option_env!("APX_TEST_API") {
    Some(url) => url,
    None => "http://127.0.0.1:18080",
};

pub const SELLER_A: &str = "demo-seller-a";
pub const REVIEWER: &str = "demo-reviewer";

/// The console as a host page would configure it: zh-CN, signed in with `token`.
pub fn signed_in(token: &str) -> AppConfig {
    AppConfig { api_base: API.into(), token: Some(token.into()), locale: Some(Locale::ZhCn), ..AppConfig::default() }
}

/// The console as a standalone page: no token from a host.
pub fn standalone() -> AppConfig {
    AppConfig { api_base: API.into(), locale: Some(Locale::ZhCn), ..AppConfig::default() }
}

pub fn local_storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// `name` with a random number: products of one run (and of earlier runs on the same
/// backend) do not meet.
pub fn unique(name: &str) -> String {
    format!("{name} {}", (js_sys::Math::random() * 1e9) as u64)
}

/// A console mounted into its own element, removed again when dropped.
pub struct Console {
    pub root: HtmlElement,
    mounted: Option<Mounted>,
}

impl Drop for Console {
    fn drop(&mut self) {
        drop(self.mounted.take());
        self.root.remove();
    }
}

/// Puts the browser at `path` (as if the seller opened that URL) and mounts there.
pub fn open(path: &str, config: AppConfig) -> Console {
    set_path(path);
    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    let mounted = Some(mount(root.clone(), config));
    Console { root, mounted }
}

pub fn set_path(path: &str) {
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
        .unwrap();
}

pub fn pathname() -> String {
    web_sys::window().unwrap().location().pathname().unwrap()
}

/// Waits a macrotask, so reactive effects and navigation settle.
pub async fn tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Waits up to two seconds for `condition`; panics with `what` if it never holds.
pub async fn wait_for(what: &str, mut condition: impl FnMut() -> bool) {
    for _ in 0..200 {
        if condition() {
            return;
        }
        tick().await;
    }
    let html = document().body().map(|b| b.inner_html()).unwrap_or_default();
    panic!("timed out waiting for: {what}\nat {}\n{html}", pathname());
}

impl Console {
    pub fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(selector).unwrap();
        (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<Element>().ok()).collect()
    }

    pub fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).unwrap()
    }

    /// The element matching `selector` whose visible text is exactly `text`.
    pub fn by_text(&self, selector: &str, text: &str) -> Option<HtmlElement> {
        self.all(selector)
            .into_iter()
            .find(|e| e.text_content().unwrap_or_default().trim() == text)
            .map(|e| e.unchecked_into())
    }

    /// The element matching `selector` whose visible text contains `text`.
    pub fn containing(&self, selector: &str, text: &str) -> Option<HtmlElement> {
        self.all(selector)
            .into_iter()
            .find(|e| e.text_content().unwrap_or_default().contains(text))
            .map(|e| e.unchecked_into())
    }

    /// Types `value` into the input or textarea found by `selector`, as a person would.
    pub async fn type_into(&self, selector: &str, value: &str) {
        wait_for(selector, || self.find(selector).is_some()).await;
        let field: HtmlElement = self.find(selector).unwrap().unchecked_into();
        field.focus().unwrap();
        js_sys::Reflect::set(&field, &"value".into(), &value.into()).unwrap();
        field.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
        field.blur().unwrap();
        tick().await;
    }

    /// The current value of the input, textarea or select found by `selector`.
    pub fn value(&self, selector: &str) -> String {
        let field = self.find(selector).unwrap();
        js_sys::Reflect::get(&field, &"value".into()).unwrap().as_string().unwrap_or_default()
    }

    /// Chooses the option `value` of the select found by `selector`.
    pub async fn choose(&self, selector: &str, value: &str) {
        let option = format!("{selector} option[value='{value}']");
        wait_for(&option, || self.find(&option).is_some()).await;
        let select = self.find(selector).unwrap();
        js_sys::Reflect::set(&select, &"value".into(), &value.into()).unwrap();
        select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
        tick().await;
    }

    /// Chooses files in the file input found by `selector`, as the picker would.
    pub async fn choose_files(&self, selector: &str, files: &[(&str, Vec<u8>)]) {
        wait_for(selector, || self.find(selector).is_some()).await;
        let transfer = web_sys::DataTransfer::new().unwrap();
        for (name, bytes) in files {
            let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes.as_slice()));
            let file = web_sys::File::new_with_u8_array_sequence(&parts, name).unwrap();
            transfer.items().add_with_file(&file).unwrap();
        }
        let input: web_sys::HtmlInputElement = self.find(selector).unwrap().unchecked_into();
        input.set_files(transfer.files().as_ref());
        input.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
        tick().await;
    }

    /// The id of the focused element.
    pub fn focused(&self) -> String {
        document().active_element().map(|e| e.id()).unwrap_or_default()
    }

    pub async fn click(&self, selector: &str, text: &str) {
        wait_for(&format!("{selector} «{text}»"), || self.by_text(selector, text).is_some()).await;
        self.by_text(selector, text).unwrap().click();
        tick().await;
    }

    pub fn text(&self) -> String {
        self.root.text_content().unwrap_or_default()
    }

    pub async fn wait_text(&self, text: &str) {
        wait_for(&format!("text «{text}»"), || self.text().contains(text)).await;
    }

    /// The selector prefix of the fields of the `i`th spec on step 4 (`#apx-f-specs-<id>`,
    /// then `-name`, `-service_id` …): specs are named by their ids, as a person tells
    /// them apart by where they are.
    pub fn spec(&self, i: usize) -> String {
        format!("#apx-f-specs-{}", self.spec_id(i))
    }

    /// The id of the `i`th spec (from its title's element id).
    pub fn spec_id(&self, i: usize) -> String {
        let title = self.all(".apx-spec .apx-spec__title").get(i).map(|t| t.id()).unwrap_or_default();
        title.trim_start_matches("apx-spec-").trim_end_matches("-title").to_owned()
    }

    /// The selector of the `i`th spec's own 保存.
    pub fn spec_save(&self, i: usize) -> String {
        format!("#apx-spec-{}-save", self.spec_id(i))
    }

    /// The selector prefix of the fields of the `p`th package of the `i`th spec
    /// (`#apx-f-specs-<id>-packages-<id>`, then `-name`, `-price` …).
    pub fn package(&self, i: usize, p: usize) -> String {
        let spec = &self.all(".apx-spec")[i];
        let packages = spec.query_selector_all(".apx-package").unwrap();
        let first: Element = packages.item(p as u32).unwrap().unchecked_into();
        let input = first.query_selector("input").unwrap().map(|i| i.id()).unwrap_or_default();
        format!("#{}", input.trim_end_matches("-name"))
    }

    /// The visible text of the element with `aria-current` inside `selector`.
    pub fn current(&self, selector: &str) -> Option<String> {
        self.find(&format!("{selector} [aria-current]")).and_then(|e| e.text_content()).map(|t| t.trim().to_owned())
    }

    /// Waits until the `aria-current` element inside `selector` reads `text`.
    pub async fn wait_current(&self, selector: &str, text: &str) {
        wait_for(&format!("{selector} current «{text}»"), || self.current(selector).as_deref() == Some(text)).await;
    }
}

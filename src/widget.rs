//! The console as a widget in a host page (SPEC §7): `mount(element, options)` from
//! JavaScript. The console renders into a shadow root on `element`, so the host's CSS
//! does not restyle it and its CSS does not touch the host; its dialogs open inside
//! that root; its router only handles its own links under `basePath`.
//!
//! ```js
//! import init, { mount } from "/apx-console.js";
//! await init();
//! const widget = mount(document.querySelector("#products"), {
//!   apiBase: "https://api.example.com", token: "…", basePath: "/seller/api-products",
//!   locale: "zh-CN", route: "/products/pending",
//! });
//! element.addEventListener("apx-listed", (e) => console.log(e.detail.id));
//! widget.unmount();
//! ```

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::AppConfig;

/// A mounted console. `unmount()` removes it and its listeners; the element stays the
/// host's.
#[wasm_bindgen]
pub struct Widget {
    mounted: Option<crate::Mounted>,
    container: web_sys::HtmlElement,
}

#[wasm_bindgen]
impl Widget {
    /// Removes the console from the page. Calling it twice does nothing.
    pub fn unmount(&mut self) {
        if self.mounted.take().is_some() {
            self.container.remove();
        }
    }
}

/// Mounts the console into `element` (in a shadow root on it) with `options`.
#[wasm_bindgen]
pub fn mount(element: web_sys::HtmlElement, options: JsValue) -> Result<Widget, JsValue> {
    console_error_panic_hook::set_once();
    let config = AppConfig::from_options(&options);
    // The first screen's data starts now, while the console is being set up.
    if let Some(token) = &config.token {
        let location = web_sys::window().map(|w| w.location());
        let (path, query) = match &config.route {
            Some(route) => {
                route.split_once('?').map_or((route.clone(), String::new()), |(p, q)| (p.to_owned(), q.to_owned()))
            }
            None => {
                let here = location.as_ref().and_then(|l| l.pathname().ok()).unwrap_or_default();
                let base = config.base_path.trim_end_matches('/');
                let below = here.strip_prefix(base).unwrap_or("/").to_owned();
                (below, location.as_ref().and_then(|l| l.search().ok()).unwrap_or_default())
            }
        };
        let api = format!("{}/api/v1", config.api_base.trim_end_matches('/'));
        crate::api::boot::ask_first(&api, token, &path, &query);
    }
    let shadow = match element.shadow_root() {
        Some(shadow) => shadow,
        None => element.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))?,
    };
    let document = element.owner_document().ok_or_else(|| JsValue::from_str("no document"))?;
    let container: web_sys::HtmlElement = document.create_element("div")?.unchecked_into();
    shadow.append_child(&container)?;
    let mounted = crate::mount_with_host(container.clone(), config, Some(element.unchecked_into()));
    Ok(Widget { mounted: Some(mounted), container })
}

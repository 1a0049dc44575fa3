//! The seller console for publishing API products, as a library: the standalone page
//! (`main.rs`), host pages (`widget.rs`) and the browser tests mount it through
//! [`mount`].
//!
//! Layers point one way: `app` (routes, layout) → the feature screens (`publish`,
//! `products`, `review`) → shared views (`listing`, `ui`) → capabilities (`upload`,
//! `session`, `api`, `i18n`, `host`) → the `domain` crate.

pub mod api;
pub mod app;
pub mod chunk;
pub mod host;
pub mod i18n;
pub mod listing;
pub mod live;
pub mod products;
pub mod publish;
pub mod review;
pub mod session;
pub mod shared;
pub mod ui;
pub mod upload;
pub mod widget;

use std::any::Any;

pub use app::{App, AppConfig};
pub use i18n::Locale;
use leptos::prelude::*;

/// A mounted console; dropping it unmounts the app and removes everything it listens
/// to on the window (the router's link and history listeners included).
pub struct Mounted {
    view: Option<Box<dyn Any>>,
    owner: Owner,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        drop(self.view.take());
        // Dropping the mounted view does not run the cleanups of what it created under
        // this owner (the router's window listeners): run them.
        self.owner.cleanup();
    }
}

/// Mounts the console into `parent` with `config`; `host` is the element events for
/// the host page are dispatched on (when embedded).
pub fn mount_with_host(parent: web_sys::HtmlElement, config: AppConfig, host: Option<web_sys::Element>) -> Mounted {
    let owner = Owner::new();
    let view = owner.with(|| {
        leptos::mount::mount_to(parent, move || match host.clone() {
            Some(host) => view! { <App config host/> }.into_any(),
            None => view! { <App config/> }.into_any(),
        })
    });
    Mounted { view: Some(Box::new(view)), owner }
}

/// Mounts the console into `parent` with `config`.
pub fn mount(parent: web_sys::HtmlElement, config: AppConfig) -> Mounted {
    mount_with_host(parent, config, None)
}

/// The standalone page: mounts into `<body>` when the page asks for it with
/// `<meta name="apx-mount" content="body">`, configured by its
/// `<meta name="apx-base-path">`, `<meta name="apx-api-base">` and
/// `<meta name="apx-gateway-docs">` if present. A host
/// page that loads the same bundle has no such tag and calls [`widget::mount`].
pub fn start() {
    console_error_panic_hook::set_once();
    let meta = |name: &str| -> Option<String> {
        let document = web_sys::window()?.document()?;
        document.query_selector(&format!("meta[name='{name}']")).ok()??.get_attribute("content")
    };
    if meta("apx-mount").as_deref() != Some("body") {
        return;
    }
    let config = AppConfig {
        api_base: meta("apx-api-base").unwrap_or_default(),
        base_path: meta("apx-base-path").unwrap_or_default(),
        gateway_docs: meta("apx-gateway-docs"),
        ..AppConfig::default()
    };
    leptos::mount::mount_to_body(move || view! { <App config/> });
}

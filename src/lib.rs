//! The seller console for publishing API products, as a library: the standalone page
//! (`main.rs`) and the browser tests mount it through [`mount`].

pub mod api;
pub mod app;
pub mod host;
pub mod i18n;
pub mod listing;
pub mod products;
pub mod publish;
pub mod review;
pub mod router;
pub mod session;
pub mod ui;
pub mod upload;
pub mod widget;

use std::any::Any;

pub use app::{App, AppConfig};
pub use i18n::Locale;
use leptos::prelude::*;

/// A mounted console; dropping it unmounts the app and removes its listeners.
pub struct Mounted(#[allow(dead_code)] Box<dyn Any>);

/// Mounts the console into `parent` with `config`.
pub fn mount(parent: web_sys::HtmlElement, config: AppConfig) -> Mounted {
    Mounted(Box::new(leptos::mount::mount_to(parent, move || view! { <App config/> })))
}

/// The standalone page: mounts into `<body>` when the page asks for it with
/// `<meta name="apx-mount" content="body">`, configured by its
/// `<meta name="apx-base-path">` and `<meta name="apx-api-base">` if present. A host
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
        ..AppConfig::default()
    };
    leptos::mount::mount_to_body(move || view! { <App config/> });
}

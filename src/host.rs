//! The page the console lives in: the events it tells its host about, dispatched as DOM
//! `CustomEvent`s on the element it was mounted into (SPEC §7).

use domain::model::Product;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// Something the host may want to react to (refresh a count, show a toast, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostEvent {
    /// 提交审核 succeeded: the product is 上架审核中.
    Submitted,
    /// 上架 succeeded: the product is on sale.
    Listed,
    /// 下架 succeeded: the product is off sale.
    Delisted,
}

impl HostEvent {
    /// The event's type, as the host listens for it (`apx-submitted`, …).
    pub fn name(self) -> &'static str {
        match self {
            HostEvent::Submitted => "apx-submitted",
            HostEvent::Listed => "apx-listed",
            HostEvent::Delisted => "apx-delisted",
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

    /// Dispatches `event` on the mount element with `{ id, name, status }` of `product`
    /// as its detail. It bubbles, so a host may listen on the document too.
    pub fn emit(self, event: HostEvent, product: &Product) {
        let Some(element) = self.0.get_value() else { return };
        let detail = js_sys::Object::new();
        let set = |key: &str, value: &str| {
            let _ = js_sys::Reflect::set(&detail, &JsValue::from_str(key), &JsValue::from_str(value));
        };
        set("id", &product.id);
        set("name", &product.content.name);
        set("status", product.status.slug());
        let init = web_sys::CustomEventInit::new();
        init.set_bubbles(true);
        init.set_detail(&detail);
        if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(event.name(), &init) {
            let _ = element.dispatch_event(&event);
        }
    }
}

/// The host of the console this component belongs to.
pub fn use_host() -> Host {
    use_context::<Host>().unwrap_or_else(|| Host::new(None))
}

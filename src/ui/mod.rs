//! Small shared pieces of the console.

pub mod field;

use crate::i18n::{k, use_i18n};
use crate::router::Link;
use leptos::prelude::*;

/// A screen that a later issue builds; says so on screen instead of pretending.
#[component]
pub fn Placeholder(#[prop(into)] issue: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="apx-placeholder" role="note">
            {move || i18n.format(k::PLACEHOLDER_LATER, &[("issue", &issue)])}
        </p>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="apx-page">
            <h1 class="apx-page__title">{i18n.tr(k::NOT_FOUND_TITLE)}</h1>
            <Link href="/products">{i18n.tr(k::NOT_FOUND_BACK)}</Link>
        </section>
    }
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

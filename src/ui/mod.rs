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

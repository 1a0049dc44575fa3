//! Small shared pieces of the console.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::app::AppConfig;
use crate::i18n::{k, use_i18n};

/// A link to one of the console's own routes. `href` is written from the console's
/// root (`/products/pending`); the base path the console is served under is added,
/// which leptos_router's `<A>` does not do for absolute paths.
#[component]
pub fn Link(#[prop(into)] href: String, children: Children) -> impl IntoView {
    let base = use_context::<AppConfig>()
        .map(|c| c.base_path)
        .unwrap_or_default();
    view! { <A href=format!("{base}{href}")>{children()}</A> }
}

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

//! The buyer-facing listing (预览). The `Listing` component arrives with issue #4.

use leptos::prelude::*;

use crate::i18n::{k, use_i18n};
use crate::ui::Placeholder;

#[component]
pub fn PreviewPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="apx-page">
            <h1 class="apx-page__title">{i18n.tr(k::PREVIEW_TITLE)}</h1>
            <Placeholder issue="#4"/>
        </section>
    }
}

//! The reviewer queue (approve / reject with a reason). Arrives with issue #6.

use leptos::prelude::*;

use crate::i18n::{k, use_i18n};
use crate::ui::Placeholder;

#[component]
pub fn ReviewPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="apx-page">
            <h1 class="apx-page__title">{i18n.tr(k::REVIEW_TITLE)}</h1>
            <Placeholder issue="#6"/>
        </section>
    }
}

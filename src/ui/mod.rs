//! Small shared pieces of the console.

pub mod field;

use crate::i18n::{k, use_i18n, Key};
use crate::router::Link;
use leptos::prelude::*;

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

/// A modal dialog rendered inside the console's root, never on the host page: a native
/// `<dialog>` opened with `showModal`, so focus stays in it, the rest of the page is
/// inert, Escape closes it and focus returns where it was. `on_close` runs whenever it
/// closes (Escape included); `open` says whether it should be open.
#[component]
pub fn Modal(
    #[prop(into)] open: Signal<bool>,
    on_close: Callback<()>,
    /// The id of the element that names the dialog.
    #[prop(into)]
    labelledby: String,
    children: Children,
) -> impl IntoView {
    let node = NodeRef::<leptos::html::Dialog>::new();
    Effect::new(move |_| {
        let want = open.get();
        if let Some(dialog) = node.get() {
            if want && !dialog.open() {
                let _ = dialog.show_modal();
            } else if !want && dialog.open() {
                dialog.close();
            }
        }
    });
    view! {
        <dialog node_ref=node class="apx-modal" aria-labelledby=labelledby on:close=move |_| on_close.run(())>
            {children()}
        </dialog>
    }
}

/// The element with `id` in the console, wherever it is mounted: the document, or the
/// shadow root of an embedded console.
pub fn by_id(id: &str) -> Option<web_sys::Element> {
    let document = web_sys::window()?.document()?;
    document
        .get_element_by_id(id)
        .or_else(|| crate::widget::shadow_roots().iter().find_map(|r| r.get_element_by_id(id)))
}

/// Moves keyboard focus to the element with `id`, if it is on the page.
pub fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = by_id(id).and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// A page's title with a link back to where the seller came from.
#[component]
pub fn PageHead(title: Key, #[prop(into)] back: String, back_text: Key) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="apx-page__head">
            <h1 class="apx-page__title">{i18n.tr(title)}</h1>
            <Link href=back class="apx-link">{i18n.tr(back_text)}</Link>
        </div>
    }
}

/// A message about what just happened (or failed), shown in a status line.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

/// The line where a screen says what just happened; announced to screen readers.
#[component]
pub fn StatusLine(notice: RwSignal<Option<Notice>>) -> impl IntoView {
    view! {
        <p class="apx-status-line" class:apx-status-line--error=move || notice.with(|n| n.as_ref().is_some_and(|n| n.error))
            role="status" aria-live="polite">
            {move || notice.get().map(|n| n.text)}
        </p>
    }
}

/// A table of products: a header row of `columns`, the rows, and `aria-busy` while
/// `busy` (a page is loading).
#[component]
pub fn ProductTable(
    columns: [Key; 5],
    #[prop(into, optional)] busy: Signal<bool>,
    rows: impl IntoView + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="apx-table" aria-busy=move || busy.get().to_string()>
            <thead>
                <tr>{columns.map(|c| view! { <th scope="col">{i18n.tr(c)}</th> }).collect_view()}</tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

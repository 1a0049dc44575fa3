//! Small shared pieces of the console's screens: a status line, a dialog, a page head,
//! the product table, what a failed load says, and the form fields (`field`,
//! `file_field`, `crop`).

pub mod crop;
pub mod field;
pub mod file_field;

use domain::Status;
use leptos::error::Errors;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::ApiError;
use crate::host::use_base;
use crate::i18n::{k, status_key, use_i18n, Arg, I18n, Key, Message};

/// A link to a console address (`/products/pending`, below the base path). A plain click
/// is the router's; a click with a modifier (new tab, new window) and every link outside
/// the base path are the browser's. `aria-current="page"` marks the link of the current
/// page or of a page below it.
#[component]
pub fn Link(
    #[prop(into)] href: Signal<String>,
    #[prop(optional, into)] class: Option<String>,
    children: Children,
) -> impl IntoView {
    let base = use_base();
    view! { <A href=move || format!("{base}{}", href.get()) attr:class=class>{children()}</A> }
}

/// How a button looks: the page's main action, a dangerous one, a quiet one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Look {
    #[default]
    Plain,
    Primary,
    Danger,
    Ghost,
}

impl Look {
    fn class(self) -> &'static str {
        match self {
            Look::Plain => "apx-button",
            Look::Primary => "apx-button apx-button--primary",
            Look::Danger => "apx-button apx-button--danger",
            Look::Ghost => "apx-button apx-button--ghost",
        }
    }
}

/// The console's button (`type="button"`: never a form's submit).
#[component]
pub fn Button(
    #[prop(optional)] look: Look,
    #[prop(into)] on_click: Callback<leptos::ev::MouseEvent>,
    #[prop(into, optional)] disabled: Signal<bool>,
    #[prop(into, optional)] id: Option<String>,
    /// For a switch: whether it is on (`aria-pressed`).
    #[prop(into, optional)]
    pressed: Option<Signal<bool>>,
    #[prop(into, optional)] describedby: Option<String>,
    children: Children,
) -> impl IntoView {
    view! {
        <button type="button" class=look.class() id=id disabled=disabled aria-describedby=describedby
            aria-pressed=move || pressed.map(|p| p.get().to_string()) on:click=move |ev| on_click.run(ev)>
            {children()}
        </button>
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

/// A page's title with a link back to where the seller came from.
#[component]
pub fn PageHead(title: Key, #[prop(into)] back: Signal<String>, back_text: Key) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="apx-page__head">
            <h1 class="apx-page__title">{i18n.tr(title)}</h1>
            <Link href=back class="apx-link">{i18n.tr(back_text)}</Link>
        </div>
    }
}

/// Something that just happened (or failed), for a status line.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub message: Message,
    pub error: bool,
}

impl Notice {
    pub fn done(message: Message) -> Self {
        Notice { message, error: false }
    }

    pub fn failed(message: Message) -> Self {
        Notice { message, error: true }
    }
}

/// The line where a screen says what just happened; announced to screen readers, and
/// shown in the language chosen now.
#[component]
pub fn StatusLine(#[prop(into)] notice: Signal<Option<Notice>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="apx-status-line" class:apx-status-line--error=move || notice.with(|n| n.as_ref().is_some_and(|n| n.error))
            role="status" aria-live="polite">
            {move || notice.with(|n| n.as_ref().map(|n| i18n.show(&n.message)))}
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

/// `2026-11-29 08:15` in the browser's time zone.
pub fn format_time(ms: i64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// A product's name for messages: the name, or 未填写 for a draft without one.
pub fn display_name(name: &str) -> Arg {
    if name.trim().is_empty() {
        Arg::Key(k::LISTING_EMPTY)
    } else {
        Arg::Text(name.to_owned())
    }
}

/// A product's name as text now, tracking the locale.
pub fn name_text(i18n: I18n, name: &str) -> String {
    match display_name(name) {
        Arg::Text(text) => text,
        Arg::Key(key) => i18n.t(key).to_owned(),
    }
}

/// What an error from the backend means to the seller.
pub fn failure(error: &ApiError) -> Notice {
    let message = match error {
        ApiError::Network => Message::new(k::PRODUCTS_NETWORK),
        e if e.status() == Some(404) => Message::new(k::PRODUCTS_GONE),
        other => Message::new(k::PRODUCTS_FAILED).with("code", other.status().unwrap_or(0).to_string()),
    };
    Notice::failed(message)
}

/// A product that changed elsewhere (another tab, the marketplace): its status now.
pub fn changed(name: &str, status: Status) -> Notice {
    Notice::failed(
        Message::new(k::PRODUCTS_CHANGED).with("name", display_name(name)).with("status", status_key(status)),
    )
}

/// Whether the first screen a seller sees has its data: from then on the console uses
/// idle time to fetch what is likely opened next. Provided by the shell; `Copy`.
#[derive(Clone, Copy)]
pub struct FirstScreen(RwSignal<bool>);

impl FirstScreen {
    pub fn new() -> Self {
        FirstScreen(RwSignal::new(false))
    }

    /// Tracked.
    pub fn shown(self) -> bool {
        self.0.get()
    }

    /// The screen shows its data now.
    pub fn mark(self) {
        if self.0.try_get_untracked() == Some(false) {
            self.0.set(true);
        }
    }
}

impl Default for FirstScreen {
    fn default() -> Self {
        FirstScreen::new()
    }
}

/// The shell's [`FirstScreen`] (a stand-alone one outside it).
pub fn use_first_screen() -> FirstScreen {
    use_context::<FirstScreen>().unwrap_or_default()
}

/// While a screen's data is on its way.
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="apx-empty" role="status">{i18n.tr(k::APP_LOADING)}</p> }
}

/// The fallback of a failed load: what failed in the seller's words, and 重试.
#[component]
pub fn LoadFailed(errors: ArcRwSignal<Errors>, retry: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let notice = move || {
        errors.with(|errors| {
            let error = errors.iter().find_map(|(_, e)| e.downcast_ref::<ApiError>().cloned());
            failure(&error.unwrap_or(ApiError::Network))
        })
    };
    view! {
        <div class="apx-load-failed" role="alert">
            <p class="apx-status-line apx-status-line--error">{move || i18n.show(&notice().message)}</p>
            <Button on_click=move |_| retry.run(())>{i18n.tr(k::LOAD_RETRY)}</Button>
        </div>
    }
}

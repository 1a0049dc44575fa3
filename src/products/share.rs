//! 分享预览 of a saved product: the seller makes a read-only link to its buyer's page
//! (shown once, to copy), sees the links that work with their expiry, and revokes them.

use domain::model::Share;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::host::use_base;
use crate::i18n::{k, use_i18n};
use crate::session::use_backend;
use crate::ui::{format_time, Button};

/// Puts `text` on the clipboard (where the browser allows it; the field stays
/// selectable either way).
fn copy(text: &str) {
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else { return };
    let navigator = js_sys::Reflect::get(&window, &"navigator".into()).ok();
    let clipboard = navigator.and_then(|n| js_sys::Reflect::get(&n, &"clipboard".into()).ok());
    let write = clipboard.as_ref().and_then(|c| js_sys::Reflect::get(c, &"writeText".into()).ok());
    if let (Some(clipboard), Some(write)) = (clipboard, write.and_then(|w| w.dyn_into::<js_sys::Function>().ok())) {
        let _ = write.call1(&clipboard, &text.into());
    }
}

#[component]
pub fn SharePanel(product_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let backend = use_backend();
    let id = StoredValue::new(product_id);
    let links = LocalResource::new(move || {
        let client = backend.client();
        async move { client.shares(&id.get_value()).await }
    });
    let made = RwSignal::new(None::<String>);
    let copied = RwSignal::new(false);
    let failed = RwSignal::new(None::<ApiError>);
    let base = use_base();
    let make = Action::new_local(move |_: &()| {
        let (client, base) = (backend.client(), base.clone());
        async move {
            match client.create_share(&id.get_value()).await {
                Ok(new) => {
                    // This page's origin and the console's base path.
                    let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
                    let _ = made.try_set(Some(format!("{origin}{base}/shared/{}", new.token)));
                    let _ = copied.try_set(false);
                    links.refetch();
                }
                Err(e) => {
                    let _ = failed.try_set(Some(e));
                }
            }
        }
    });
    let revoke = Action::new_local(move |share: &String| {
        let (client, share) = (backend.client(), share.clone());
        async move {
            if let Err(e) = client.revoke_share(&id.get_value(), &share).await {
                let _ = failed.try_set(Some(e));
            }
            links.refetch();
        }
    });
    let listed = move || {
        links.get().and_then(Result::ok).map(|list: Vec<Share>| {
            if list.is_empty() {
                return view! { <p class="apx-field__hint">{i18n.tr(k::SHARE_NONE)}</p> }.into_any();
            }
            let rows = list
                .into_iter()
                .map(|share| {
                    let until = i18n.format(k::SHARE_UNTIL, &[("time", &format_time(share.expires_at))]);
                    let share_id = share.id.clone();
                    view! {
                        <li class="apx-share__item">
                            <span>{until}</span>
                            <Button on_click=move |_| { revoke.dispatch_local(share_id.clone()); }>{i18n.tr(k::SHARE_REVOKE)}</Button>
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="apx-share__list">{rows}</ul> }.into_any()
        })
    };
    view! {
        <section class="apx-share" aria-labelledby="apx-share-title">
            <h2 id="apx-share-title" class="apx-section-title">{i18n.tr(k::SHARE_TITLE)}</h2>
            <p class="apx-field__hint">{i18n.tr(k::SHARE_HINT)}</p>
            <Button disabled=move || make.pending().get() on_click=move |_| { make.dispatch_local(()); }>
                {i18n.tr(k::SHARE_MAKE)}
            </Button>
            {move || made.get().map(|url| {
                let text = url.clone();
                view! {
                    <div class="apx-share__made" role="status">
                        <p>{i18n.tr(k::SHARE_MADE)}</p>
                        <input id="apx-share-link" class="apx-input" type="text" readonly=true prop:value=url
                            aria-label=i18n.tr(k::SHARE_LINK_LABEL) on:focus=|ev| {
                                let input: web_sys::HtmlInputElement = event_target(&ev);
                                input.select();
                            }/>
                        <Button on_click=move |_| { copy(&text); copied.set(true); }>
                            {move || i18n.t(if copied.get() { k::SHARE_COPIED } else { k::SHARE_COPY })}
                        </Button>
                    </div>
                }
            })}
            <p class="apx-field__error" role="alert">{move || failed.get().map(|e| i18n.show(&crate::ui::failure(&e).message))}</p>
            {listed}
        </section>
    }
}

//! A share link's page (分享预览, `/shared/{token}`): the buyer's page of a product for
//! anyone with the link, signed out — no navigation, nothing writable, nothing else of the
//! console. Its images and documents come through the link too. A revoked or expired
//! link says so.

use domain::model::SharedListing;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::{ApiError, Code};
use crate::i18n::{k, use_i18n, Key};
use crate::listing::{Listing, SharedFiles};
use crate::session::use_backend;
use crate::ui::{format_time, Loading};

/// What a link that opens nothing says.
fn refusal(e: &ApiError) -> Key {
    match e.code() {
        Some(Code::Revoked) => k::SHARED_REVOKED,
        Some(Code::Expired) => k::SHARED_EXPIRED,
        Some(Code::TooManyGuesses) => k::SHARED_BUSY,
        Some(Code::NotFound | Code::BadRequest) => k::SHARED_UNKNOWN,
        _ => k::SHARED_FAILED,
    }
}

#[component]
pub fn SharedPage() -> impl IntoView {
    let i18n = use_i18n();
    let backend = use_backend();
    let params = use_params_map();
    let token = params.with_untracked(|p| p.get("token").unwrap_or_default());
    provide_context(SharedFiles(StoredValue::new(token.clone())));
    let loaded = LocalResource::new(move || {
        let (client, token) = (backend.client(), token.clone());
        async move { client.shared(&token).await }
    });
    let page = move |shared: SharedListing| {
        let until = i18n.format(k::SHARED_UNTIL, &[("time", &format_time(shared.expires_at))]);
        view! {
            <p class="apx-banner" role="note"><span class="apx-banner__text">{until}</span></p>
            <Listing content=Signal::stored(shared.content) catalog=Signal::stored(shared.catalog)/>
        }
    };
    view! {
        <section class="apx-page apx-shared">
            <h1 class="apx-page__title">{i18n.tr(k::SHARED_TITLE)}</h1>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match loaded.await {
                        Ok(shared) => page(shared).into_any(),
                        Err(e) => view! { <p class="apx-notice apx-notice--error" role="alert">{i18n.tr(refusal(&e))}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

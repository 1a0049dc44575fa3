//! The screens that are not part of the first load, each in a wasm chunk of its own
//! (see `crate::chunk`): the publish form with its uploads and crop editor, 详情 and 预览
//! of a saved product, and the review pages. The buyer-facing listing, used by all
//! three, ends up in a chunk they share. A chunk's screens are reached only through
//! these functions, so their code is not in the main module.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Routes};
use leptos_router::path;

use super::{Redirect, ShortStep};

use crate::products::{DetailPage, SavedPreviewPage};
use crate::publish::{DraftPreviewPage, PublishLayout, StepPage};
use crate::review::{ReviewPage, ReviewProductPage, ReviewSection};
use crate::shared::SharedPage;
use crate::ui::NotFound;

// The publish form and the review pages match their own addresses inside their chunks
// (a nested `<Routes>`): the first load carries only the flat router of the top level.
crate::split_point!(publish, preload_publish: pub fn publish_section() -> AnyView {
    complete();
    view! {
        <Routes fallback=|| view! { <NotFound/> }>
            <ParentRoute path=path!("/publish") view=PublishLayout>
                <Route path=path!("") view=|| view! { <Redirect to="/publish/new/1"/> }/>
                <Route path=path!(":change_of/change/preview") view=DraftPreviewPage/>
                <Route path=path!(":change_of/change/:step") view=StepPage/>
                <Route path=path!(":id/preview") view=DraftPreviewPage/>
                <Route path=path!(":id/:step") view=StepPage/>
                <Route path=path!(":step") view=ShortStep/>
            </ParentRoute>
        </Routes>
    }
    .into_any()
});
crate::split_point!(detail, preload_detail: pub fn product_detail() -> AnyView { complete(); view! { <DetailPage/> }.into_any() });
crate::split_point!(detail, preload_detail_preview: pub fn product_preview() -> AnyView {
    complete();
    view! { <SavedPreviewPage/> }.into_any()
});
crate::split_point!(review, preload_review: pub fn review_section() -> AnyView {
    complete();
    view! {
        <Routes fallback=|| view! { <NotFound/> }>
            <ParentRoute path=path!("/review") view=ReviewSection>
                <Route path=path!("") view=ReviewPage/>
                <Route path=path!(":id") view=ReviewProductPage/>
            </ParentRoute>
        </Routes>
    }
    .into_any()
});

crate::split_point!(shared, preload_shared: pub fn shared_page() -> AnyView { complete(); view! { <SharedPage/> }.into_any() });

/// What the first load left out for the screens: every style rule and every text.
fn complete() {
    crate::host::complete_styles(super::ALL_STYLES);
    crate::i18n::complete_texts();
}

/// Fetches the chunks a seller or a reviewer is likely to open next, while nothing else
/// happens (the first screen is there and idle): opening them then does not wait on the
/// network. A failure is left for the screen itself to report.
pub async fn prefetch(reviewer: bool) {
    if reviewer {
        let _ = preload_review().await;
    } else {
        // 发布商品 first (the largest, and the next screen), then the row operations (a
        // click before they are here fetches them itself), then 详情.
        let _ = preload_publish().await;
        crate::products::prefetch_operations().await;
        let _ = preload_detail().await;
    }
}

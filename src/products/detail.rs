//! A saved product: 详情 (read-only, with what only the seller sees) and 预览 (the
//! buyer-facing listing, the same `Listing` component as the publish preview).

use domain::model::{Catalog, Product, ProductSummary};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{failure, format_time, ConfirmOperation, Notice, OperationList, Operations};
use crate::api::{ApiError, Client};
use crate::i18n::{k, status_key, use_i18n};
use crate::listing::Listing;
use crate::router::use_router;
use crate::session::use_session;
use crate::ui::{PageHead, StatusLine};

/// The category tree and tags a listing names things from; the seller's services too
/// when `services` (a reviewer has none of its own).
pub async fn load_catalog(client: &Client, services: bool) -> Catalog {
    let services = if services { client.services().await.unwrap_or_default() } else { Vec::new() };
    Catalog {
        services,
        categories: client.categories().await.unwrap_or_default(),
        tags: client.tags().await.unwrap_or_default(),
    }
}

/// A product (fetched by `fetch`) and the catalog its listing names things from,
/// loaded once for a page; a failure is said in the notice. The catalog comes first, so
/// the listing never shows a category as missing meanwhile.
pub fn load_product<F, Fut>(
    fetch: F,
    services: bool,
) -> (RwSignal<Option<Product>>, RwSignal<Catalog>, RwSignal<Option<Notice>>)
where
    F: FnOnce(Client) -> Fut + 'static,
    Fut: std::future::Future<Output = Result<Product, ApiError>> + 'static,
{
    let i18n = use_i18n();
    let session = use_session();
    let product = RwSignal::new(None);
    let catalog = RwSignal::new(Catalog::default());
    let notice = RwSignal::new(None);
    spawn_local(async move {
        let client = session.client();
        let answer = fetch(client.clone()).await;
        catalog.set(load_catalog(&client, services).await);
        match answer {
            Ok(p) => product.set(Some(p)),
            Err(e) => notice.set(Some(failure(i18n, &e))),
        }
    });
    (product, catalog, notice)
}

/// One of the seller's own products.
fn load(id: String) -> (RwSignal<Option<Product>>, RwSignal<Catalog>, RwSignal<Option<Notice>>) {
    load_product(move |client| async move { client.product(&id).await }, true)
}

/// 详情: everything about a saved product, read-only.
#[component]
pub fn DetailPage(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let router = use_router();
    let (product, catalog, notice) = load(id.clone());
    let content = Signal::derive(move || product.get().map(|p| p.content).unwrap_or_default());
    // The same operations as the product's row; afterwards the product as it is now, or
    // its tab once it is deleted.
    let ops = Operations::new(
        notice,
        Callback::new(move |now: Option<Product>| match now {
            Some(p) => product.set(Some(p)),
            None => {
                let tab = product.get_untracked().map_or("pending", |p| p.status.tab().slug());
                router.navigate(&format!("/products/{tab}"));
            }
        }),
    );
    let facts = move || {
        product.get().map(|p| {
            let status = p.status;
            let reason = status.shows_review_reason().then(|| p.review_reason.clone()).flatten();
            let report = p.content.test_report.as_ref().map(|f| f.name.clone());
            view! {
                <dl class="apx-facts">
                    <dt>{i18n.tr(k::COL_STATUS)}</dt>
                    <dd><span class=format!("apx-status apx-status--{}", status.slug())>{i18n.tr(status_key(status))}</span></dd>
                    {reason.map(|r| view! { <dt>{i18n.tr(k::DETAIL_REASON)}</dt> <dd class="apx-table__reason">{r}</dd> })}
                    <dt>{i18n.tr(k::FIELD_ACCESS_TYPE)}</dt>
                    <dd>"API"</dd>
                    <dt>{i18n.tr(k::FIELD_TEST_REPORT)}</dt>
                    <dd>{report.unwrap_or_else(|| i18n.t(k::LISTING_EMPTY).to_owned())} " (" {i18n.tr(k::TEST_REPORT_NOTE)} ")"</dd>
                    <dt>{i18n.tr(k::COL_UPDATED)}</dt>
                    <dd>{format_time(p.updated_at)}</dd>
                </dl>
                <OperationList item=ProductSummary::from(&p) ops without_detail=true/>
            }
        })
    };
    view! {
        <section class="apx-page">
            <PageHead title=k::DETAIL_TITLE back="/products" back_text=k::DETAIL_BACK/>
            <StatusLine notice/>
            {facts}
            <h2 class="apx-section-title">{i18n.tr(k::DETAIL_LISTING)}</h2>
            <Show when=move || product.with(Option::is_some)>
                <Listing content catalog/>
            </Show>
            <ConfirmOperation ops/>
        </section>
    }
}

/// 预览 of a saved product: the listing a buyer would see.
#[component]
pub fn SavedPreviewPage(id: String) -> impl IntoView {
    let (product, catalog, notice) = load(id);
    let content = Signal::derive(move || product.get().map(|p| p.content).unwrap_or_default());
    view! {
        <section class="apx-page">
            <PageHead title=k::PREVIEW_TITLE back="/products" back_text=k::DETAIL_BACK/>
            <StatusLine notice/>
            <Show when=move || product.with(Option::is_some)>
                <Listing content catalog/>
            </Show>
        </section>
    }
}

//! A saved product: 详情 (read-only, with what only the seller sees: its pending change
//! and its approved versions) and 预览 (the buyer-facing listing, the same `Listing`
//! component as the publish preview).

use domain::model::{Catalog, Product, ProductContent, ProductSummary, Version};
use domain::review::{TimelineEntry, TimelineKind};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::operations::{ConfirmOperation, Done, OperationList, Operations};
use super::share::SharePanel;
use crate::api::ApiError;
use crate::i18n::{field_key, k, status_key, use_i18n, I18n, Key};
use crate::listing::{path_label, Listing, PreviewFrame};
use crate::session::use_backend;
use crate::ui::{format_time, Link, LoadFailed, Loading, Notice, PageHead, StatusLine};

/// A saved product, the catalog its listing names things from, and its approved versions.
type Saved = LocalResource<Result<(Product, Catalog, Vec<Version>), ApiError>>;

/// The product named by the address (`/product/{id}`) and the catalog its listing names
/// things from, loaded together so the listing never shows a category as missing (and,
/// for 详情, its approved versions).
fn use_saved_product(with_versions: bool) -> Saved {
    let backend = use_backend();
    let params = use_params_map();
    LocalResource::new(move || {
        let (id, client) = (params.with(|p| p.get("id").unwrap_or_default()), backend.client());
        async move {
            let product = client.product(&id).await?;
            // The approved versions of a product that went on sale.
            let on_sale_once = product.status.keeps_change() || product.status == domain::Status::Delisted;
            let versions = if with_versions && on_sale_once { client.versions(&id).await? } else { Vec::new() };
            Ok((product, client.catalog(true).await?, versions))
        }
    })
}

/// Back to the list the product is on: its tab, at the page and search the seller
/// left it at when they came from there.
fn back_to_list(loaded: Saved) -> Signal<String> {
    Signal::derive(move || {
        let tab = loaded.with(|r| r.as_ref().and_then(|r| r.as_ref().ok()).map(|(p, _, _)| p.status.tab()));
        tab.map_or_else(|| "/products".to_owned(), super::list_address)
    })
}

/// 详情: everything about a saved product, read-only, with its row's operations.
#[component]
pub fn DetailPage() -> impl IntoView {
    let loaded = use_saved_product(true);
    // Outside the loaded part, so what an operation did stays said when the product is
    // loaded again after it.
    let notice = RwSignal::new(None::<Notice>);
    // Moved elsewhere (another tab, a reviewer): the product as it is now.
    let params = use_params_map();
    crate::live::use_live().on_change(
        move |e| params.with_untracked(|p| p.get_str("id") == Some(e.product_id.as_str())),
        move || loaded.refetch(),
    );
    view! {
        <section class="apx-page">
            <PageHead title=k::DETAIL_TITLE back=back_to_list(loaded) back_text=k::DETAIL_BACK/>
            <StatusLine notice/>
            <Transition fallback=Loading>
                <ErrorBoundary fallback=move |errors| view! { <LoadFailed errors retry=Callback::new(move |()| loaded.refetch())/> }>
                    {move || Suspend::new(async move {
                        let (product, catalog, versions) = loaded.await?;
                        Ok::<_, ApiError>(view! {
                            <Detail product catalog versions notice reload=Callback::new(move |()| loaded.refetch())/>
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn Detail(
    product: Product,
    catalog: Catalog,
    versions: Vec<Version>,
    notice: RwSignal<Option<Notice>>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let product = RwSignal::new(product);
    // The same operations as the product's row; afterwards the product as it is now, or
    // its tab once it is deleted.
    let ops = Operations::new(
        notice,
        Callback::new(move |done: Done| match done {
            Done::Changed => reload.run(()),
            Done::Deleted => {
                let tab = product.with_untracked(|p| p.status.tab().slug());
                navigate(&format!("/products/{tab}"), Default::default());
            }
        }),
    );
    let facts = move || {
        product.with(|p| {
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
                    {p.change.clone().map(|change| {
                        let preview = format!("/publish/{}/change/preview", p.id);
                        view! {
                            <dt>{i18n.tr(k::DETAIL_CHANGE)}</dt>
                            <dd>
                                <super::ChangeBadge change/> " "
                                <Link href=preview class="apx-link">{i18n.tr(k::DETAIL_CHANGE_OPEN)}</Link>
                            </dd>
                        }
                    })}
                </dl>
                <OperationList item=ProductSummary::from(p) ops without_detail=true/>
            }
        })
    };
    let content = Signal::derive(move || product.with(|p| p.content.clone()));
    let history = (!versions.is_empty()).then(|| {
        let items = versions.into_iter().map(|v| view! { <li>{version_text(i18n, v)}</li> }).collect_view();
        view! {
            <h2 class="apx-section-title">{i18n.tr(k::DETAIL_VERSIONS)}</h2>
            <ol class="apx-versions" reversed=true>{items}</ol>
        }
    });
    let id = product.with_untracked(|p| p.id.clone());
    view! {
        {facts}
        {history}
        <Timeline id=id.clone() content/>
        <SharePanel product_id=id/>
        <h2 class="apx-section-title">{i18n.tr(k::DETAIL_LISTING)}</h2>
        <Listing content catalog=Signal::stored(catalog)/>
        <ConfirmOperation ops/>
    }
}

/// 预览 of a saved product: the page a buyer would see, and 分享预览.
#[component]
pub fn SavedPreviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let loaded = use_saved_product(false);
    let actions =
        view! { <Link href=back_to_list(loaded) class="apx-button">{i18n.tr(k::DETAIL_BACK)}</Link> }.into_any();
    view! {
        <section class="apx-page">
            <PreviewFrame actions>
                <Transition fallback=Loading>
                    <ErrorBoundary fallback=move |errors| view! { <LoadFailed errors retry=Callback::new(move |()| loaded.refetch())/> }>
                        {move || Suspend::new(async move {
                            let (product, catalog, _) = loaded.await?;
                            Ok::<_, ApiError>(view! {
                                <Listing content=Signal::stored(product.content) catalog=Signal::stored(catalog)/>
                                <SharePanel product_id=product.id/>
                            })
                        })}
                    </ErrorBoundary>
                </Transition>
            </PreviewFrame>
        </section>
    }
}

/// An approved version: its number and date, and what it changed (or that it is the
/// first listing).
fn version_text(i18n: I18n, v: Version) -> impl IntoView {
    move || {
        let what = if v.changed.is_empty() {
            i18n.t(k::DETAIL_VERSION_FIRST).to_owned()
        } else {
            let names: Vec<&str> = v.changed.iter().filter_map(|f| field_key(f)).map(|key| i18n.t(key)).collect();
            i18n.format(k::DETAIL_VERSION_CHANGED, &[("fields", &names.join(i18n.t(k::LIST_SEPARATOR)))])
        };
        format!(
            "{} · {} · {what}",
            i18n.format(k::DETAIL_VERSION, &[("version", &v.version.to_string())]),
            format_time(v.approved_at)
        )
    }
}

/// 动态: what happened to the product, who and when (SPEC §5b), newest last.
#[component]
fn Timeline(id: String, content: Signal<ProductContent>) -> impl IntoView {
    let i18n = use_i18n();
    let backend = use_backend();
    let entries = LocalResource::new(move || {
        let (client, id) = (backend.client(), id.clone());
        async move { client.timeline(&id).await }
    });
    let list = move || {
        Suspend::new(async move {
            let entries = entries.await?;
            if entries.is_empty() {
                return Ok::<_, ApiError>(view! { <p class="apx-empty">{i18n.tr(k::TIMELINE_EMPTY)}</p> }.into_any());
            }
            let items = entries.into_iter().map(|e| view! { <TimelineItem entry=e content/> }).collect_view();
            Ok(view! { <ol class="apx-timeline">{items}</ol> }.into_any())
        })
    };
    view! {
        <h2 class="apx-section-title">{i18n.tr(k::TIMELINE_TITLE)}</h2>
        <Transition fallback=Loading>
            <ErrorBoundary fallback=move |errors| view! { <LoadFailed errors retry=Callback::new(move |()| entries.refetch())/> }>
                {list}
            </ErrorBoundary>
        </Transition>
    }
}

fn timeline_key(kind: TimelineKind, change: bool) -> Key {
    use TimelineKind as T;
    match (kind, change) {
        (T::Created, _) => k::TIMELINE_CREATED,
        (T::Submitted, false) => k::TIMELINE_SUBMITTED,
        (T::Submitted, true) => k::TIMELINE_SUBMITTED_CHANGE,
        (T::Withdrawn, false) => k::TIMELINE_WITHDRAWN,
        (T::Withdrawn, true) => k::TIMELINE_WITHDRAWN_CHANGE,
        (T::Approved, false) => k::TIMELINE_APPROVED,
        (T::Approved, true) => k::TIMELINE_APPROVED_CHANGE,
        (T::Rejected, false) => k::TIMELINE_REJECTED,
        (T::Rejected, true) => k::TIMELINE_REJECTED_CHANGE,
        (T::Answered, _) => k::TIMELINE_ANSWERED,
        (T::Listed, _) => k::TIMELINE_LISTED,
        (T::DelistRequested, _) => k::TIMELINE_DELIST_REQUESTED,
        (T::DelistWithdrawn, _) => k::TIMELINE_DELIST_WITHDRAWN,
        (T::Delisted, _) => k::TIMELINE_DELISTED,
        (T::Discarded, _) => k::TIMELINE_DISCARDED,
    }
}

/// One entry: when, who did what, and the reason, comments or answer that came with it.
#[component]
fn TimelineItem(entry: TimelineEntry, content: Signal<ProductContent>) -> impl IntoView {
    let i18n = use_i18n();
    let key = timeline_key(entry.kind, entry.change);
    let actor = entry.actor.clone();
    let has_comments = !entry.comments.is_empty();
    let comments = entry
        .comments
        .into_iter()
        .map(|c| {
            let path = c.path.clone();
            let label = move || content.with(|content| path_label(i18n, &path, content));
            view! { <li>{label}{i18n.tr(k::COMMENT_COLON)}{c.text}</li> }
        })
        .collect_view();
    view! {
        <li class="apx-timeline__entry" data-kind=format!("{:?}", entry.kind).to_lowercase()>
            <time class="apx-timeline__time">{format_time(entry.at)}</time>
            " "
            <span>{move || i18n.format(key, &[("actor", &actor)])}</span>
            {entry.reason.map(|r| view! { <p><strong>{i18n.tr(k::COMMENT_REASON)}</strong>{r}</p> })}
            {has_comments.then(|| view! { <ul class="apx-timeline__comments">{comments}</ul> })}
            {entry.answer.map(|a| view! { <p><strong>{i18n.tr(k::COMMENT_SELLER_ANSWER)}</strong>{a}</p> })}
        </li>
    }
}

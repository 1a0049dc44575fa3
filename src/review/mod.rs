//! The reviewer's side (SPEC §5: a minimal queue so the whole flow runs locally): the
//! pending listing, delisting and change requests (§5a), each opened with a preview of
//! its listing — for a change, first the field-by-field difference between the live
//! and the proposed content — and decided with 通过, or 驳回 with a required reason.

use domain::model::{Catalog, Change, Product, QueueItem, RequestKind};
use domain::{validate, FieldError, Operation, RULES};
use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::ApiError;
use crate::host::{use_host, HostEvent};
use crate::i18n::{k, operation_key, status_key, use_i18n, Key, Message};
use crate::listing::{ChangeDiff, FileImage, Listing};
use crate::session::use_backend;
use crate::ui::field::{field_id, FieldErrors, TextField};
use crate::ui::{
    changed, display_name, failure, format_time, name_text, use_first_screen, Button, Link, LoadFailed, Loading, Look,
    Notice, PageHead, ProductTable, StatusLine,
};

/// What a reviewer last decided, shown on the queue after coming back to it.
#[derive(Clone, Copy)]
struct LastDecision(RwSignal<Option<Notice>>);

/// The review section (`/review/…`): the queue and the request pages share the last
/// decision.
#[component]
pub fn ReviewSection() -> impl IntoView {
    provide_context(LastDecision(RwSignal::new(None)));
    view! { <Outlet/> }
}

fn last_decision() -> RwSignal<Option<Notice>> {
    use_context::<LastDecision>().map_or_else(|| RwSignal::new(None), |LastDecision(n)| n)
}

fn request_key(kind: RequestKind) -> Key {
    match kind {
        RequestKind::Listing => k::REVIEW_KIND_LISTING,
        RequestKind::Delist => k::REVIEW_KIND_DELIST,
        RequestKind::Change => k::REVIEW_KIND_CHANGE,
    }
}

/// The queue.
#[component]
pub fn ReviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let backend = use_backend();
    let notice = last_decision();
    let first_screen = use_first_screen();
    let queue = LocalResource::new(move || {
        let client = backend.client();
        async move { client.review_queue().await }
    });
    let rows = move || {
        Suspend::new(async move {
            let items = queue.await?;
            first_screen.mark();
            let empty = items.is_empty();
            let rows = items.into_iter().map(|item| view! { <QueueRow item/> }).collect_view();
            Ok::<_, ApiError>(view! {
                <ProductTable columns=[k::COL_PRODUCT, k::COL_SELLER, k::COL_REQUEST, k::COL_UPDATED, k::COL_OPERATIONS] rows/>
                {empty.then(|| view! { <p class="apx-empty">{i18n.tr(k::REVIEW_EMPTY)}</p> })}
            })
        })
    };
    view! {
        <section class="apx-page">
            <h1 class="apx-page__title">{i18n.tr(k::REVIEW_TITLE)}</h1>
            <StatusLine notice/>
            <Transition fallback=Loading>
                <ErrorBoundary fallback=move |errors| view! { <LoadFailed errors retry=Callback::new(move |()| queue.refetch())/> }>
                    {rows}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn QueueRow(item: QueueItem) -> impl IntoView {
    let i18n = use_i18n();
    let QueueItem { kind, product: p, seller } = item;
    let status = p.status;
    let name = p.content.name.clone();
    view! {
        <tr data-id=p.id.clone() data-status=status.slug() data-request=format!("{kind:?}").to_lowercase()>
            <td>
                <div class="apx-table__product">
                    {p.content.icon.clone().map(|icon| view! { <FileImage file=icon alt="" class="apx-table__icon"/> })}
                    {move || name_text(i18n, &name)}
                </div>
            </td>
            <td data-label=move || i18n.t(k::COL_SELLER)>{seller}</td>
            <td data-label=move || i18n.t(k::COL_REQUEST)>{i18n.tr(request_key(kind))}</td>
            <td data-label=move || i18n.t(k::COL_UPDATED)>{format_time(p.updated_at)}</td>
            <td class="apx-table__ops"><Link href=format!("/review/{}", p.id) class="apx-link">{i18n.tr(k::REVIEW_OPEN)}</Link></td>
        </tr>
    }
}

/// One request (`/review/{id}`): the listing as a buyer would see it, and the decision.
#[component]
pub fn ReviewProductPage() -> impl IntoView {
    let backend = use_backend();
    let params = use_params_map();
    let loaded = LocalResource::new(move || {
        let (id, client) = (params.with(|p| p.get("id").unwrap_or_default()), backend.client());
        async move {
            let product = client.review_product(&id).await?;
            // A change request: the proposed change next to the live product.
            let change = match product.request_kind() {
                RequestKind::Change => Some(client.review_change(&id).await?.change),
                _ => None,
            };
            Ok::<_, ApiError>((product, change, client.catalog(false).await?))
        }
    });
    view! {
        <section class="apx-page">
            <PageHead title=k::REVIEW_PRODUCT_TITLE back="/review" back_text=k::REVIEW_BACK/>
            <Transition fallback=Loading>
                <ErrorBoundary fallback=move |errors| view! { <LoadFailed errors retry=Callback::new(move |()| loaded.refetch())/> }>
                    {move || Suspend::new(async move {
                        let (product, change, catalog) = loaded.await?;
                        Ok::<_, ApiError>(view! { <Request product change catalog/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn Request(product: Product, change: Option<Change>, catalog: Catalog) -> impl IntoView {
    let i18n = use_i18n();
    let product = RwSignal::new(product);
    let notice = RwSignal::new(None::<Notice>);
    let decision = use_decision(product, notice);
    let open = move || product.with(|p| p.state().awaits_review());
    let content = Signal::derive(move || product.with(|p| p.content.clone()));
    let is_change = change.is_some();
    let proposed_listing = change.as_ref().map(|change| {
        let proposed = change.content.clone();
        view! {
            <h2 class="apx-section-title">{i18n.tr(k::DIFF_PROPOSED)}</h2>
            <Listing content=Signal::stored(proposed) catalog=Signal::stored(catalog.clone())/>
        }
    });
    view! {
        <StatusLine notice/>
        <RequestFacts product/>
        // A change request: what changes first, then the decision.
        {change.map(|change| {
            let live = product.with_untracked(|p| p.content.clone());
            view! {
                <h2 class="apx-section-title">{i18n.tr(k::REVIEW_CHANGE_TITLE)}</h2>
                <ChangeDiff live proposed=change.content catalog=catalog.clone()/>
            }
        })}
        <Show when=open>
            <DecisionForm decision/>
        </Show>
        {proposed_listing}
        <h2 class="apx-section-title">{i18n.tr(if is_change { k::DIFF_LIVE } else { k::DETAIL_LISTING })}</h2>
        <Listing content catalog=Signal::stored(catalog)/>
    }
}

/// What the request asks for, its status and when it was made.
#[component]
fn RequestFacts(product: RwSignal<Product>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        product.with(|p| {
            let status = p.status;
            view! {
                <dl class="apx-facts">
                    <dt>{i18n.tr(k::COL_REQUEST)}</dt>
                    <dd>{i18n.tr(request_key(p.request_kind()))}</dd>
                    <dt>{i18n.tr(k::COL_STATUS)}</dt>
                    <dd><span class=format!("apx-status apx-status--{}", status.slug())>{i18n.tr(status_key(status))}</span></dd>
                    <dt>{i18n.tr(k::COL_UPDATED)}</dt>
                    <dd>{format_time(p.updated_at)}</dd>
                </dl>
            }
        })
    }
}

/// The reviewer's decision on one request: 通过, or 驳回 with a reason (`RV-REASON`).
#[derive(Clone, Copy)]
struct Decision {
    decide: Action<Operation, ()>,
    reason: RwSignal<String>,
    /// The reason's error, shown next to it.
    reason_error: RwSignal<Option<FieldError>>,
}

impl Decision {
    /// Decides with `op`; 驳回 only with a reason the rule takes (said next to it).
    fn ask(self, op: Operation) {
        if op == Operation::Reject {
            if let Err(e) = validate::review_reason(&self.reason.get_untracked()) {
                self.reason_error.set(Some(e));
                crate::host::focus(&field_id("reason"));
                return;
            }
        }
        self.decide.dispatch_local(op);
    }
}

/// The decision on `product`: after it, back to the queue saying what was decided; a
/// request decided or withdrawn elsewhere meanwhile is shown as it is now (`notice`).
fn use_decision(product: RwSignal<Product>, notice: RwSignal<Option<Notice>>) -> Decision {
    let backend = use_backend();
    let navigate = use_navigate();
    let decided = last_decision();
    let host = use_host();
    let reason = RwSignal::new(String::new());
    let reason_error = RwSignal::new(None::<FieldError>);
    let decide = Action::new_local(move |op: &Operation| {
        let (op, client, navigate) = (*op, backend.client(), navigate.clone());
        let (id, name) = product.with_untracked(|p| (p.id.clone(), p.content.name.clone()));
        let why = reason.get_untracked();
        let was_change = product.with_untracked(|p| p.request_kind() == RequestKind::Change);
        async move {
            let answer = match op {
                Operation::Approve => client.approve(&id).await,
                _ => client.reject(&id, &why).await,
            };
            match answer {
                Ok(after) => {
                    if was_change && op == Operation::Approve {
                        host.emit(HostEvent::Changed, &after.id, &after.content.name, after.status);
                    }
                    let message =
                        Message::new(k::PRODUCTS_DONE).with("op", operation_key(op)).with("name", display_name(&name));
                    decided.set(Some(Notice::done(message)));
                    navigate("/review", Default::default());
                }
                Err(e) if e.status() == Some(409) => {
                    // Withdrawn or decided elsewhere meanwhile: show it as it is now.
                    if let Ok(fresh) = client.review_product(&id).await {
                        let _ = notice.try_set(Some(changed(&fresh.content.name, fresh.status)));
                        let _ = product.try_set(fresh);
                    }
                }
                Err(e) => match e.field_errors().into_iter().next() {
                    Some(f) => {
                        let _ = reason_error.try_set(Some(f));
                    }
                    None => {
                        let _ = notice.try_set(Some(failure(&e)));
                    }
                },
            }
        }
    });
    Decision { decide, reason, reason_error }
}

/// 通过, the reason, 驳回.
#[component]
fn DecisionForm(decision: Decision) -> impl IntoView {
    let i18n = use_i18n();
    let busy = decision.decide.pending();
    // The reason is a field like the form's: its error comes from the decision.
    FieldErrors {
        error: Callback::new(move |path: String| (path == "reason").then(|| decision.reason_error.get()).flatten()),
        reveal: Callback::new(|_| ()),
    }
    .provide();
    view! {
        <div class="apx-decision">
            <h2 class="apx-section-title">{i18n.tr(k::REVIEW_DECISION)}</h2>
            <Button look=Look::Primary disabled=move || busy.get()
                on_click=move |_| decision.ask(Operation::Approve)>{i18n.tr(operation_key(Operation::Approve))}</Button>
            <TextField path="reason" label=k::REVIEW_REASON limit=RULES.rv_reason multiline=true hint=k::REVIEW_REASON_HINT
                value=decision.reason
                on_input=move |v: String| { decision.reason.set(v); decision.reason_error.set(None); }/>
            <Button look=Look::Danger disabled=move || busy.get()
                on_click=move |_| decision.ask(Operation::Reject)>{i18n.tr(operation_key(Operation::Reject))}</Button>
        </div>
    }
}

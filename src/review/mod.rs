//! The reviewer's side (SPEC §5: a minimal queue so the whole flow runs locally): the
//! pending listing and delisting requests, each opened with a preview of its listing
//! and decided with 通过, or 驳回 with a required reason.

use domain::model::QueueItem;
use domain::{validate, Operation, Status, RULES};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::{k, operation_key, status_key, use_i18n};
use crate::listing::{FileImage, Listing};
use crate::products::{changed, display_name, failure, format_time, load_product, Notice};
use crate::router::{use_router, Link};
use crate::session::use_session;
use crate::ui::{PageHead, ProductTable, StatusLine};

/// What a reviewer last decided, shown on the queue after coming back to it.
#[derive(Clone, Copy)]
struct LastDecision(RwSignal<Option<Notice>>);

fn last_decision() -> RwSignal<Option<Notice>> {
    use_context::<LastDecision>().map_or_else(|| RwSignal::new(None), |LastDecision(n)| n)
}

/// Provides the place the queue and the review page share their last message.
pub fn provide_review_state() {
    provide_context(LastDecision(RwSignal::new(None)));
}

fn request_key(status: Status) -> crate::i18n::Key {
    if status == Status::DelistReview {
        k::REVIEW_KIND_DELIST
    } else {
        k::REVIEW_KIND_LISTING
    }
}

/// The queue.
#[component]
pub fn ReviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let queue = RwSignal::new(None::<Vec<QueueItem>>);
    let notice = last_decision();
    spawn_local(async move {
        match session.client().review_queue().await {
            Ok(q) => queue.set(Some(q)),
            Err(e) => notice.set(Some(failure(i18n, &e))),
        }
    });
    let rows = move || {
        queue
            .get()
            .unwrap_or_default()
            .into_iter()
            .map(|QueueItem { product: p, seller }| {
                let status = p.status;
                view! {
                    <tr data-id=p.id.clone() data-status=status.slug()>
                        <td class="apx-table__product">
                            {p.content.icon.clone().map(|icon| view! { <FileImage file=icon alt="" class="apx-table__icon"/> })}
                            {display_name(i18n, &p.content.name)}
                        </td>
                        <td>{seller}</td>
                        <td>{i18n.tr(request_key(status))}</td>
                        <td>{format_time(p.updated_at)}</td>
                        <td><Link href=format!("/review/{}", p.id) class="apx-link">{i18n.tr(k::REVIEW_OPEN)}</Link></td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="apx-page">
            <h1 class="apx-page__title">{i18n.tr(k::REVIEW_TITLE)}</h1>
            <StatusLine notice/>
            <ProductTable columns=[k::COL_PRODUCT, k::COL_SELLER, k::COL_REQUEST, k::COL_UPDATED, k::COL_OPERATIONS] rows/>
            {move || queue.with(|q| q.as_ref().is_some_and(Vec::is_empty)).then(|| view! {
                <p class="apx-empty">{i18n.tr(k::REVIEW_EMPTY)}</p>
            })}
        </section>
    }
}

/// One request: the listing as a buyer would see it, and the decision.
#[component]
pub fn ReviewProductPage(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let router = use_router();
    let decided = last_decision();
    let reason = RwSignal::new(String::new());
    let reason_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let (product, catalog, notice) = load_product(move |client| async move { client.review_product(&id).await }, false);
    let content = Signal::derive(move || product.get().map(|p| p.content).unwrap_or_default());
    let open = move || product.with(|p| p.as_ref().is_some_and(|p| p.status.awaits_review()));

    let decide = move |op: Operation| {
        let Some(p) = product.get_untracked() else { return };
        if op == Operation::Reject {
            if let Err(e) = validate::review_reason(&reason.get_untracked()) {
                reason_error.set(Some(i18n.locale().field_error(&e)));
                crate::ui::focus("apx-review-reason");
                return;
            }
        }
        busy.set(true);
        spawn_local(async move {
            let client = session.client();
            let answer = match op {
                Operation::Approve => client.approve(&p.id).await,
                _ => client.reject(&p.id, &reason.get_untracked()).await,
            };
            busy.set(false);
            let name = display_name(i18n, &p.content.name);
            match answer {
                Ok(_) => {
                    let text = i18n.format(k::PRODUCTS_DONE, &[("op", i18n.t(operation_key(op))), ("name", &name)]);
                    decided.set(Some(Notice { text, error: false }));
                    router.navigate("/review");
                }
                Err(e) if e.status() == Some(409) => {
                    // Withdrawn or decided elsewhere meanwhile: show it as it is now.
                    if let Ok(fresh) = client.review_product(&p.id).await {
                        notice.set(Some(changed(i18n, &fresh)));
                        product.set(Some(fresh));
                    }
                }
                Err(e) => {
                    let errors = e.field_errors();
                    match errors.first() {
                        Some(f) => reason_error.set(Some(i18n.locale().field_error(f))),
                        None => notice.set(Some(failure(i18n, &e))),
                    }
                }
            }
        });
    };

    view! {
        <section class="apx-page">
            <PageHead title=k::REVIEW_PRODUCT_TITLE back="/review" back_text=k::REVIEW_BACK/>
            <StatusLine notice/>
            {move || product.get().map(|p| {
                let status = p.status;
                view! {
                    <dl class="apx-facts">
                        <dt>{i18n.tr(k::COL_REQUEST)}</dt>
                        <dd>{i18n.tr(request_key(status))}</dd>
                        <dt>{i18n.tr(k::COL_STATUS)}</dt>
                        <dd><span class=format!("apx-status apx-status--{}", status.slug())>{i18n.tr(status_key(status))}</span></dd>
                        <dt>{i18n.tr(k::COL_UPDATED)}</dt>
                        <dd>{format_time(p.updated_at)}</dd>
                    </dl>
                }
            })}
            <Show when=open>
                <div class="apx-decision">
                    <h2 class="apx-section-title">{i18n.tr(k::REVIEW_DECISION)}</h2>
                    <button type="button" class="apx-button apx-button--primary" disabled=move || busy.get()
                        on:click=move |_| decide(Operation::Approve)>{i18n.tr(operation_key(Operation::Approve))}</button>
                    <div class="apx-field">
                        <label class="apx-field__label" for="apx-review-reason">{i18n.tr(k::REVIEW_REASON)}</label>
                        <textarea id="apx-review-reason" class="apx-input apx-input--area" rows="3"
                            aria-invalid=move || reason_error.with(Option::is_some).to_string()
                            aria-describedby="apx-review-reason-hint apx-review-reason-error"
                            prop:value=move || reason.get()
                            on:input=move |ev| { reason.set(event_target_value(&ev)); reason_error.set(None); }></textarea>
                        <p id="apx-review-reason-hint" class="apx-field__hint">
                            {move || i18n.format(k::REVIEW_REASON_HINT, &[("max", &RULES.rv_reason.max_chars.to_string())])}
                        </p>
                        <p id="apx-review-reason-error" class="apx-field__error" role="alert">{move || reason_error.get()}</p>
                    </div>
                    <button type="button" class="apx-button apx-button--danger" disabled=move || busy.get()
                        on:click=move |_| decide(Operation::Reject)>{i18n.tr(operation_key(Operation::Reject))}</button>
                </div>
            </Show>
            <h2 class="apx-section-title">{i18n.tr(k::DETAIL_LISTING)}</h2>
            <Show when=move || product.with(Option::is_some)>
                <Listing content catalog/>
            </Show>
        </section>
    }
}

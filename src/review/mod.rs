//! The reviewer's side (SPEC §5, §5b): the queue of listing, delisting and change
//! requests with who holds each (领取, 下一个), each request opened with — for a second
//! review — what changed since the last rejection, for a change the difference between
//! the live and the proposed content, the decision (通过, or 驳回 with a reason or
//! comments), every field with 添加意见 and the earlier comments beside it, and the
//! buyer's page. The queue and the request update as other reviewers work.

mod fields;

use domain::model::{Catalog, Change, Product, QueueItem, RequestKind};
use domain::review::{Claim, EventKind, NewComment, Review};
use domain::{review, FieldError, Operation, RULES};
use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::{use_navigate, use_params_map};

use self::fields::{Draft, FieldReview};
use crate::api::{ApiError, Code};
use crate::host::{use_host, HostEvent};
use crate::i18n::{k, operation_key, status_key, use_i18n, Key, Message};
use crate::listing::{ChangeDiff, FileImage, Listing};
use crate::live::use_live;
use crate::session::{use_backend, use_session};
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

/// The queue, with 下一个.
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
    // Requests come, go, are claimed and decided by others: the queue as it is now.
    use_live().on_change(|e| matches!(e.kind, EventKind::Queue | EventKind::Claim), move || queue.refetch());
    let navigate = use_navigate();
    let next = Action::new_local(move |_: &()| {
        let (client, navigate) = (backend.client(), navigate.clone());
        async move {
            match client.next_request().await {
                Ok(Some(item)) => navigate(&format!("/review/{}", item.product.id), Default::default()),
                Ok(None) => notice.set(Some(Notice::done(Message::new(k::REVIEW_NEXT_NONE)))),
                Err(e) => notice.set(Some(failure(&e))),
            }
        }
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
            <div class="apx-page__head">
                <h1 class="apx-page__title">{i18n.tr(k::REVIEW_TITLE)}</h1>
                <Button look=Look::Primary disabled=move || next.pending().get()
                    on_click=move |_| { next.dispatch_local(()); }>{i18n.tr(k::REVIEW_NEXT)}</Button>
            </div>
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
    let QueueItem { kind, product: p, seller, claim } = item;
    let status = p.status;
    let name = p.content.name.clone();
    let held = claim.map(|c| {
        let text = move || i18n.format(k::REVIEW_CLAIMED_BY, &[("name", &c.reviewer)]);
        view! { <span class="apx-claim">{text}</span> }
    });
    view! {
        <tr data-id=p.id.clone() data-status=status.slug() data-request=format!("{kind:?}").to_lowercase()>
            <td>
                <div class="apx-table__product">
                    {p.content.icon.clone().map(|icon| view! { <FileImage file=icon alt="" class="apx-table__icon"/> })}
                    {move || name_text(i18n, &name)}
                </div>
            </td>
            <td data-label=move || i18n.t(k::COL_SELLER)>{seller}</td>
            <td data-label=move || i18n.t(k::COL_REQUEST)>{i18n.tr(request_key(kind))} {held}</td>
            <td data-label=move || i18n.t(k::COL_UPDATED)>{format_time(p.updated_at)}</td>
            <td class="apx-table__ops"><Link href=format!("/review/{}", p.id) class="apx-link">{i18n.tr(k::REVIEW_OPEN)}</Link></td>
        </tr>
    }
}

/// Everything a request's page shows: the product, its change, the catalog to name
/// things by, the rejection it follows and who holds it.
#[derive(Clone)]
struct Loaded {
    product: Product,
    change: Option<Change>,
    catalog: Catalog,
    previous: Option<Review>,
    claim: Option<Claim>,
}

/// A 404 as "there is none".
fn none_if_missing<T>(answer: Result<T, ApiError>) -> Result<Option<T>, ApiError> {
    match answer {
        Ok(found) => Ok(Some(found)),
        Err(e) if e.code() == Some(Code::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// One request (`/review/{id}`).
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
            let previous = none_if_missing(client.previous_review(&id).await)?;
            let claim = none_if_missing(client.claim_of(&id).await)?;
            let catalog = client.catalog(false).await?;
            Ok::<_, ApiError>(Loaded { product, change, catalog, previous, claim })
        }
    });
    view! {
        <section class="apx-page">
            <PageHead title=k::REVIEW_PRODUCT_TITLE back="/review" back_text=k::REVIEW_BACK/>
            <Transition fallback=Loading>
                <ErrorBoundary fallback=move |errors| view! { <LoadFailed errors retry=Callback::new(move |()| loaded.refetch())/> }>
                    {move || Suspend::new(async move {
                        let Loaded { product, change, catalog, previous, claim } = loaded.await?;
                        Ok::<_, ApiError>(view! { <Request product change catalog previous claim/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn Request(
    product: Product,
    change: Option<Change>,
    catalog: Catalog,
    previous: Option<Review>,
    claim: Option<Claim>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = product.id.clone();
    // What is under review: the proposed change, or the product.
    let under_review = change.as_ref().map_or_else(|| product.content.clone(), |c| c.content.clone());
    let product = RwSignal::new(product);
    let claim = RwSignal::new(claim);
    let notice = RwSignal::new(None::<Notice>);
    let drafts = RwSignal::new(Vec::<Draft>::new());
    let decision = use_decision(product, notice, drafts, claim, under_review.clone());
    // The reason and the comments are fields like the form's: their errors come from the
    // decision.
    FieldErrors {
        error: Callback::new(move |path: String| match path.strip_prefix("comment.") {
            None if path == "reason" => decision.reason_error.get(),
            Some(on) => drafts.with(|d| d.iter().find(|d| d.path == on).and_then(|d| d.error.get())),
            None => None,
        }),
        reveal: Callback::new(|_| ()),
    }
    .provide();
    let open = move || product.with(|p| p.state().awaits_review());
    // Claimed, released or decided elsewhere: who holds it, and the request, as now.
    let backend = use_backend();
    use_live().on_change(
        {
            let id = id.clone();
            move |e| e.product_id == id
        },
        move || {
            let (client, id) = (backend.client(), product.with_untracked(|p| p.id.clone()));
            leptos::task::spawn_local(async move {
                if let Ok(held) = none_if_missing(client.claim_of(&id).await) {
                    let _ = claim.try_set(held);
                }
                if let Ok(fresh) = client.review_product(&id).await {
                    if product.try_with_untracked(|p| p.status != fresh.status || p.change != fresh.change)
                        == Some(true)
                    {
                        let _ = notice.try_set(Some(changed(&fresh.content.name, fresh.status)));
                        let _ = product.try_set(fresh);
                    }
                }
            });
        },
    );
    let content = Signal::derive(move || product.with(|p| p.content.clone()));
    let is_change = change.is_some();
    let since = previous.clone().map(|previous| {
        let intro = i18n.format(
            k::REVIEW_SINCE_INTRO,
            &[("reviewer", &previous.reviewer), ("time", &format_time(previous.decided_at))],
        );
        view! {
            <h2 class="apx-section-title">{i18n.tr(k::REVIEW_SINCE)}</h2>
            <p>{intro}</p>
            {previous.reason.clone().map(|r| view! { <p><strong>{i18n.tr(k::COMMENT_REASON)}</strong>{r}</p> })}
            <ChangeDiff live=previous.content.clone() proposed=under_review.clone() catalog=catalog.clone()
                caption=k::REVIEW_SINCE before=k::REVIEW_SINCE_BEFORE after=k::REVIEW_SINCE_AFTER none=k::REVIEW_SINCE_NONE/>
        }
    });
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
        <Show when=open>
            <ClaimBar id=id.clone() claim notice/>
        </Show>
        {since}
        // A change request: what changes first, then the decision.
        {change.map(|change| {
            let live = product.with_untracked(|p| p.content.clone());
            view! {
                <h2 class="apx-section-title">{i18n.tr(k::REVIEW_CHANGE_TITLE)}</h2>
                <ChangeDiff live proposed=change.content catalog=catalog.clone()/>
            }
        })}
        // Every field with its comments, then the decision they go with.
        <FieldReview content=under_review catalog=catalog.clone() previous drafts open=Signal::derive(open)/>
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

/// Whether the signed-in reviewer holds `claim`.
fn mine(claim: &Claim) -> bool {
    use_session().user_untracked().is_some_and(|u| u.id == claim.reviewer_id)
}

/// Another reviewer holds the request (a 409 `claimed`): who, shown and said.
fn held_by_another(e: &ApiError, claim: RwSignal<Option<Claim>>, notice: RwSignal<Option<Notice>>) {
    let held = e.claim();
    let name = held.as_ref().map(|c| c.reviewer.clone()).unwrap_or_default();
    let _ = claim.try_set(held);
    let _ = notice.try_set(Some(Notice::failed(Message::new(k::REVIEW_CLAIM_FAILED).with("name", name))));
}

/// Who holds the request (领取 for 30 minutes), and 领取 / 放弃领取.
#[component]
fn ClaimBar(id: String, claim: RwSignal<Option<Claim>>, notice: RwSignal<Option<Notice>>) -> impl IntoView {
    let i18n = use_i18n();
    let backend = use_backend();
    let me = use_session().user_untracked().map(|u| u.id).unwrap_or_default();
    let act = Action::new_local(move |take: &bool| {
        let (take, client, id) = (*take, backend.client(), id.clone());
        async move {
            let answer =
                if take { client.claim(&id).await.map(Some) } else { client.release(&id).await.map(|()| None) };
            match answer {
                Ok(held) => {
                    let _ = claim.try_set(held);
                    let key = if take { k::REVIEW_CLAIMED } else { k::REVIEW_RELEASED };
                    let _ = notice.try_set(Some(Notice::done(Message::new(key))));
                }
                Err(e) if e.code() == Some(Code::Claimed) => held_by_another(&e, claim, notice),
                Err(e) => {
                    let _ = notice.try_set(Some(failure(&e)));
                }
            }
        }
    });
    let busy = act.pending();
    move || {
        let held = claim.get();
        let view = match held {
            None => view! {
                <span>{i18n.tr(k::REVIEW_UNCLAIMED)}</span>
                <Button disabled=busy on_click=move |_| { act.dispatch_local(true); }>{i18n.tr(k::REVIEW_CLAIM)}</Button>
            }
            .into_any(),
            Some(c) if c.reviewer_id == me => view! {
                <span>{i18n.format(k::REVIEW_CLAIMED_BY_YOU, &[("time", &format_time(c.expires_at))])}</span>
                <Button disabled=busy on_click=move |_| { act.dispatch_local(false); }>{i18n.tr(k::REVIEW_RELEASE)}</Button>
            }
            .into_any(),
            Some(c) => view! {
                <span class="apx-claim">{i18n.format(k::REVIEW_CLAIMED_BY, &[("name", &c.reviewer)])}</span>
                <p class="apx-claim-bar__held">{i18n.format(k::REVIEW_HELD, &[("name", &c.reviewer)])}</p>
            }
            .into_any(),
        };
        view! { <div class="apx-claim-bar" role="group" aria-label=i18n.tr(k::REVIEW_CLAIM_LABEL)>{view}</div> }
    }
}

/// The reviewer's decision on one request: 通过, or 驳回 with a reason or comments
/// (`RV-REASON`, `RV-COMMENT`).
#[derive(Clone, Copy)]
struct Decision {
    decide: Action<Operation, ()>,
    reason: RwSignal<String>,
    /// The reason's error, shown next to it.
    reason_error: RwSignal<Option<FieldError>>,
    drafts: RwSignal<Vec<Draft>>,
    claim: RwSignal<Option<Claim>>,
    content: StoredValue<domain::model::ProductContent>,
}

impl Decision {
    /// The comments as they go with 驳回.
    fn comments(self) -> Vec<NewComment> {
        drafted(self.drafts)
    }

    /// Decides with `op`; 驳回 only with a reason or comments the rules take (said
    /// next to each, the first focused).
    fn ask(self, op: Operation) {
        if op == Operation::Reject {
            let comments = self.comments();
            let checked = self.content.with_value(|c| review::rejection(&self.reason.get_untracked(), &comments, c));
            if let Err(errors) = checked {
                self.show(&errors);
                return;
            }
        }
        self.decide.dispatch_local(op);
    }

    fn show(self, errors: &[FieldError]) {
        show_errors(errors, self.reason_error, self.drafts);
    }

    /// Whether another reviewer holds the request (then only they decide it).
    fn held_by_another(self) -> bool {
        self.claim.with(|c| c.as_ref().is_some_and(|c| !mine(c)))
    }
}

/// The comments drafted, as they go with 驳回.
fn drafted(drafts: RwSignal<Vec<Draft>>) -> Vec<NewComment> {
    drafts.with_untracked(|d| {
        d.iter().map(|d| NewComment { path: d.path.clone(), text: d.text.get_untracked() }).collect()
    })
}

/// Puts each error next to its field (the reason, a comment) and focuses the first.
fn show_errors(errors: &[FieldError], reason_error: RwSignal<Option<FieldError>>, drafts: RwSignal<Vec<Draft>>) {
    let mut first = None;
    for e in errors {
        let id = if e.field == "reason" {
            reason_error.set(Some(e.clone()));
            field_id("reason")
        } else if let Some(draft) = comment_index(&e.field).and_then(|i| drafts.with_untracked(|d| d.get(i).cloned())) {
            draft.error.set(Some(e.clone()));
            draft.id()
        } else {
            continue;
        };
        first.get_or_insert(id);
    }
    if let Some(id) = first {
        crate::host::focus(&id);
    }
}

/// `comments[3].text` → 3.
fn comment_index(field: &str) -> Option<usize> {
    field.strip_prefix("comments[")?.split(']').next()?.parse().ok()
}

/// The decision on `product`: after it, back to the queue saying what was decided; a
/// request decided or withdrawn elsewhere meanwhile is shown as it is now (`notice`), one
/// claimed by another says who holds it.
fn use_decision(
    product: RwSignal<Product>,
    notice: RwSignal<Option<Notice>>,
    drafts: RwSignal<Vec<Draft>>,
    claim: RwSignal<Option<Claim>>,
    content: domain::model::ProductContent,
) -> Decision {
    let backend = use_backend();
    let navigate = use_navigate();
    let decided = last_decision();
    let host = use_host();
    let reason = RwSignal::new(String::new());
    let reason_error = RwSignal::new(None::<FieldError>);
    let content = StoredValue::new(content);
    let decision_drafts = drafts;
    let decide = Action::new_local(move |op: &Operation| {
        let (op, client, navigate) = (*op, backend.client(), navigate.clone());
        let (id, name) = product.with_untracked(|p| (p.id.clone(), p.content.name.clone()));
        let why = reason.get_untracked();
        let comments = drafted(decision_drafts);
        let was_change = product.with_untracked(|p| p.request_kind() == RequestKind::Change);
        async move {
            let answer = match op {
                Operation::Approve => client.approve(&id).await,
                _ => client.reject(&id, &why, &comments).await,
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
                Err(e) if e.code() == Some(Code::Claimed) => held_by_another(&e, claim, notice),
                Err(e) if e.status() == Some(409) => {
                    // Withdrawn or decided elsewhere meanwhile: show it as it is now.
                    if let Ok(fresh) = client.review_product(&id).await {
                        let _ = notice.try_set(Some(changed(&fresh.content.name, fresh.status)));
                        let _ = product.try_set(fresh);
                    }
                }
                Err(e) => {
                    let errors = e.field_errors();
                    if errors.is_empty() {
                        let _ = notice.try_set(Some(failure(&e)));
                    } else {
                        show_errors(&errors, reason_error, decision_drafts);
                    }
                }
            }
        }
    });
    Decision { decide, reason, reason_error, drafts, claim, content }
}

/// 通过, the reason, how many comments go with 驳回, 驳回 — for the one who holds the
/// request, or anyone when no one does.
#[component]
fn DecisionForm(decision: Decision) -> impl IntoView {
    let i18n = use_i18n();
    let busy = decision.decide.pending();
    let blocked = move || busy.get() || decision.held_by_another();
    let pending = move || {
        let n = decision.drafts.with(Vec::len);
        (n > 0).then(|| i18n.format(k::REVIEW_COMMENTS_PENDING, &[("n", &n.to_string())]))
    };
    view! {
        <div class="apx-decision">
            <h2 class="apx-section-title">{i18n.tr(k::REVIEW_DECISION)}</h2>
            <Button look=Look::Primary disabled=blocked
                on_click=move |_| decision.ask(Operation::Approve)>{i18n.tr(operation_key(Operation::Approve))}</Button>
            <TextField path="reason" label=k::REVIEW_REASON limit=RULES.rv_reason multiline=true hint=k::REVIEW_REASON_HINT
                value=decision.reason
                on_input=move |v: String| { decision.reason.set(v); decision.reason_error.set(None); }/>
            <p class="apx-decision__pending" role="status">{pending}</p>
            <Button look=Look::Danger disabled=blocked
                on_click=move |_| decision.ask(Operation::Reject)>{i18n.tr(operation_key(Operation::Reject))}</Button>
        </div>
    }
}

//! What a seller does to a product from 商品管理 or 详情 (SPEC §5, §5a): the operations
//! its state offers (its status, and a product on sale's change), the question before
//! those that need one, and what happened.

use std::future::Future;
use std::pin::Pin;

use domain::model::ProductSummary;
use domain::Operation;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::{ApiError, ProductHead};
use crate::host::{use_host, Host, HostEvent};
use crate::i18n::{k, operation_key, use_i18n, Key, Message};
use crate::session::{use_backend, Backend};
use crate::ui::{changed, display_name, failure, name_text, Button, Link, Look, Modal, Notice};

/// The question asked before an operation that needs confirming (申请下架 says that a
/// change draft goes when the product is delisted).
fn confirm_key(item: &ProductSummary, op: Operation) -> Key {
    match op {
        Operation::Delete => k::CONFIRM_DELETE,
        Operation::WithdrawReview => k::CONFIRM_WITHDRAW_REVIEW,
        Operation::RequestDelist if item.change.is_some() => k::CONFIRM_REQUEST_DELIST_CHANGE,
        Operation::RequestDelist => k::CONFIRM_REQUEST_DELIST,
        Operation::WithdrawDelist => k::CONFIRM_WITHDRAW_DELIST,
        Operation::WithdrawChange => k::CONFIRM_WITHDRAW_CHANGE,
        Operation::DeleteChange => k::CONFIRM_DELETE_CHANGE,
        _ => k::CONFIRM_DELIST,
    }
}

/// The version an operation names: the change's for an operation on the change.
fn version_for(item: &ProductSummary, op: Operation) -> u64 {
    match (op, &item.change) {
        (Operation::WithdrawChange | Operation::DeleteChange, Some(change)) => change.version,
        _ => item.version,
    }
}

/// What an operation did, for the screen to show it: the product moved (or turned out
/// to have moved elsewhere), or it is gone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Done {
    Changed,
    Deleted,
}

/// Goes to an address of the console.
type Navigate = Box<dyn Fn(&str)>;

/// An operation under way.
type Running = Pin<Box<dyn Future<Output = ()>>>;

/// What an operation needs of the screen that offers it.
#[derive(Clone, Copy)]
struct Screen {
    backend: Backend,
    host: Host,
    navigate: StoredValue<Navigate, LocalStorage>,
    notice: RwSignal<Option<Notice>>,
    on_done: Callback<Done>,
}

/// Running an operation and the question before one live in a chunk of their own
/// (`crate::chunk`): fetched when the browser is idle or on the first click, so 商品管理's
/// first load carries only the buttons.
#[derive(Clone, Copy)]
struct Chunk {
    run: fn(Screen, ProductSummary, Operation) -> Running,
    question: fn(Operations) -> AnyView,
}

crate::split_point!(operations, preload_operations: fn chunk() -> Chunk {
    Chunk {
        run: |screen, item, op| Box::pin(run(screen, item, op)),
        question: |ops| view! { <Question ops/> }.into_any(),
    }
});

/// Fetches the operations' chunk (when the browser is idle).
pub async fn prefetch() {
    let _ = preload_operations().await;
}

/// The operations of one screen: 克隆 opens the copy, the operations that need it ask
/// first ([`ConfirmOperation`]), the result is said in `notice`, and `on_done` hears what
/// happened — also when the product turns out to have changed elsewhere.
#[derive(Clone, Copy)]
pub struct Operations {
    asking: RwSignal<Option<(ProductSummary, Operation)>>,
    screen: Screen,
    /// The chunk, once here.
    chunk: RwSignal<Option<Chunk>>,
}

impl Operations {
    /// In a component (it reads the console's context).
    pub fn new(notice: RwSignal<Option<Notice>>, on_done: Callback<Done>) -> Self {
        let navigate = use_navigate();
        let navigate: Navigate = Box::new(move |to| navigate(to, Default::default()));
        let screen = Screen {
            backend: use_backend(),
            host: use_host(),
            navigate: StoredValue::new_local(navigate),
            notice,
            on_done,
        };
        Operations { asking: RwSignal::new(None), screen, chunk: RwSignal::new(None) }
    }

    /// The chunk, fetched if it is not here yet (`None` when it cannot be had).
    async fn chunk(self) -> Option<Chunk> {
        if let Some(chunk) = self.chunk.try_get_untracked().flatten() {
            return Some(chunk);
        }
        let chunk = chunk().await.ok()?;
        let _ = self.chunk.try_set(Some(chunk));
        Some(chunk)
    }

    /// The seller chose `op` on `item`.
    pub fn choose(self, item: ProductSummary, op: Operation) {
        if op.needs_confirmation() {
            self.asking.set(Some((item, op)));
            leptos::task::spawn_local(async move {
                if self.chunk().await.is_none() {
                    self.asking.try_set(None);
                    let _ = self.screen.notice.try_set(Some(failure(&ApiError::Network)));
                }
            });
        } else {
            self.start(item, op);
        }
    }

    fn start(self, item: ProductSummary, op: Operation) {
        self.screen.notice.set(None);
        leptos::task::spawn_local(async move {
            match self.chunk().await {
                Some(chunk) => (chunk.run)(self.screen, item, op).await,
                None => {
                    let _ = self.screen.notice.try_set(Some(failure(&ApiError::Network)));
                }
            }
        });
    }

    /// The seller confirmed the operation asked about.
    fn confirm(self) {
        if let Some((item, op)) = self.asking.get_untracked() {
            self.asking.set(None);
            self.start(item, op);
        }
    }
}

/// Runs `op` on `item` and says what happened.
async fn run(screen: Screen, item: ProductSummary, op: Operation) {
    let Screen { backend, host, navigate, notice, on_done } = screen;
    let client = backend.client();
    if op == Operation::Clone {
        match client.clone_product(&item.id).await {
            Ok(copy) => {
                let _ = navigate.try_with_value(|go| go(&format!("/publish/{}/1", copy.id)));
            }
            Err(e) => {
                let _ = notice.try_set(Some(failure(&e)));
            }
        }
        return;
    }
    match client.apply(&item.id, op, version_for(&item, op)).await {
        Ok(product) => {
            if let Some(p) = &product {
                let event = match op {
                    Operation::List => Some(HostEvent::Listed),
                    Operation::Delist => Some(HostEvent::Delisted),
                    _ => None,
                };
                if let Some(event) = event {
                    host.emit(event, &p.id, &p.content.name, p.status);
                }
            }
            let message =
                Message::new(k::PRODUCTS_DONE).with("op", operation_key(op)).with("name", display_name(&item.name));
            let _ = notice.try_set(Some(Notice::done(message)));
            on_done.try_run(if product.is_some() { Done::Changed } else { Done::Deleted });
        }
        Err(e) => match e.current::<ProductHead>() {
            Some(current) => {
                let _ = notice.try_set(Some(changed(&current.content.name, current.status)));
                on_done.try_run(Done::Changed);
            }
            // The change was saved or moved elsewhere meanwhile.
            None if e.has_current_change() => {
                let _ = notice.try_set(Some(changed(&item.name, item.status)));
                on_done.try_run(Done::Changed);
            }
            None => {
                let _ = notice.try_set(Some(failure(&e)));
            }
        },
    }
}

/// The operations `item`'s state offers, in SPEC §5's (and §5a's) order (详情 left out when
/// `without_detail`, on 详情 itself).
#[component]
pub fn OperationList(item: ProductSummary, ops: Operations, #[prop(optional)] without_detail: bool) -> impl IntoView {
    let i18n = use_i18n();
    let id = item.id.clone();
    let link = move |href: String, op: Operation| {
        view! { <Link href class="apx-link">{i18n.tr(operation_key(op))}</Link> }.into_any()
    };
    let list = item
        .state()
        .operations()
        .iter()
        .filter(|&&op| !(without_detail && op == Operation::Detail))
        .map(|&op| match op {
            Operation::Detail => link(format!("/product/{id}"), op),
            Operation::Edit => link(format!("/publish/{id}/1"), op),
            Operation::Modify => link(format!("/publish/{id}/change/1"), op),
            Operation::Preview => link(format!("/product/{id}/preview"), op),
            _ => {
                let item = item.clone();
                view! {
                    <button type="button" class="apx-link"
                        class:apx-link--danger={matches!(op, Operation::Delete | Operation::DeleteChange)}
                        data-op=op.slug() on:click=move |_| ops.choose(item.clone(), op)>
                        {i18n.tr(operation_key(op))}
                    </button>
                }
                .into_any()
            }
        })
        .collect_view();
    view! { <div class="apx-ops">{list}</div> }
}

/// The question before an operation that needs confirming, once the operations' chunk
/// is here (it comes with the first question, or earlier when the browser is idle).
#[component]
pub fn ConfirmOperation(ops: Operations) -> impl IntoView {
    move || ops.chunk.get().map(|chunk| (chunk.question)(ops))
}

/// The question: 取消 (or Escape) changes nothing; the operation's own button goes ahead.
#[component]
fn Question(ops: Operations) -> impl IntoView {
    let i18n = use_i18n();
    let asking = ops.asking;
    let question = move || {
        asking.with(|a| {
            a.as_ref().map(|(item, op)| i18n.format(confirm_key(item, *op), &[("name", &name_text(i18n, &item.name))]))
        })
    };
    view! {
        <Modal open=Signal::derive(move || asking.with(Option::is_some)) on_close=Callback::new(move |()| asking.set(None))
            labelledby="apx-confirm-title">
            <h2 id="apx-confirm-title" class="apx-modal__title">{i18n.tr(k::CONFIRM_TITLE)}</h2>
            <p>{question}</p>
            <div class="apx-modal__actions">
                <Button on_click=move |_| asking.set(None)>{i18n.tr(k::CONFIRM_CANCEL)}</Button>
                <Button look=Look::Danger on_click=move |_| ops.confirm()>
                    {move || asking.with(|a| a.as_ref().map(|(_, op)| i18n.t(operation_key(*op))))}
                </Button>
            </div>
        </Modal>
    }
}

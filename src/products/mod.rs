//! 商品管理: the tabs 已上架 (default), 待上架 and 已下架, each a page of the seller's
//! products from the backend (name search, server-side pagination) with exactly the
//! operations SPEC §5 gives each status. Operations that cannot be undone easily ask
//! first; a product that changed elsewhere meanwhile is shown as it is now.

mod detail;

pub use detail::{load_product, DetailPage, SavedPreviewPage};

use domain::model::{Product, ProductPage, ProductSummary};
use domain::{Operation, Tab};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiError;
use crate::host::{use_host, Host, HostEvent};
use crate::i18n::{k, operation_key, status_key, tab_key, use_i18n, I18n, Key};
use crate::listing::FileImage;
use crate::router::{use_router, Link, Router};
use crate::session::{use_session, Session};
pub use crate::ui::Notice;
use crate::ui::{Modal, ProductTable, StatusLine};

/// Rows on a page.
const PER_PAGE: u32 = 10;

fn empty_key(tab: Tab) -> Key {
    match tab {
        Tab::Listed => k::PRODUCTS_EMPTY_LISTED,
        Tab::Pending => k::PRODUCTS_EMPTY_PENDING,
        Tab::Delisted => k::PRODUCTS_EMPTY_DELISTED,
    }
}

/// The question asked before an operation that needs confirming.
fn confirm_key(op: Operation) -> Key {
    match op {
        Operation::Delete => k::CONFIRM_DELETE,
        Operation::WithdrawReview => k::CONFIRM_WITHDRAW_REVIEW,
        Operation::RequestDelist => k::CONFIRM_REQUEST_DELIST,
        Operation::WithdrawDelist => k::CONFIRM_WITHDRAW_DELIST,
        _ => k::CONFIRM_DELIST,
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

/// A product's name for messages, or 未填写 for a draft without one.
pub fn display_name(i18n: I18n, name: &str) -> String {
    if name.trim().is_empty() {
        i18n.t(k::LISTING_EMPTY).to_owned()
    } else {
        name.to_owned()
    }
}

/// What an error from the backend means to the seller, in words.
pub fn failure(i18n: I18n, error: &ApiError) -> Notice {
    let text = match error {
        ApiError::Network => i18n.t(k::PRODUCTS_NETWORK).to_owned(),
        ApiError::Status(404, _) => i18n.t(k::PRODUCTS_GONE).to_owned(),
        other => i18n.format(k::PRODUCTS_FAILED, &[("code", &other.status().unwrap_or(0).to_string())]),
    };
    Notice { text, error: true }
}

/// 商品管理 on `tab`.
#[component]
pub fn ProductsPage(tab: Tab) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let router = use_router();
    let page = RwSignal::new(None::<ProductPage>);
    // The search and page come from the address, so a reload shows the same rows.
    let number = RwSignal::new(router.param("page").and_then(|p| p.parse().ok()).filter(|&n| n >= 1).unwrap_or(1u32));
    let query = RwSignal::new(router.param("q").unwrap_or_default());
    let typed = RwSignal::new(query.get_untracked());
    let notice = RwSignal::new(None::<Notice>);
    let busy = RwSignal::new(false);
    // Every load gets a number; an answer to an older one is dropped.
    let loads = StoredValue::new(0u64);
    let reload = Trigger::new();

    let load = move || {
        loads.update_value(|n| *n += 1);
        let this = loads.get_value();
        let (q, n) = (query.get_untracked().trim().to_owned(), number.get_untracked());
        let shown_page = if n > 1 { n.to_string() } else { String::new() };
        router.replace_params(&[("q", &q), ("page", &shown_page)]);
        let url = format!("tab={}&q={}&page={n}&per_page={PER_PAGE}", tab.slug(), js_sys::encode_uri_component(&q));
        busy.set(true);
        spawn_local(async move {
            let answer = session.client().products(&url).await;
            // Gone (the page was left) or superseded by a newer load.
            if loads.try_get_value() != Some(this) {
                return;
            }
            busy.set(false);
            match answer {
                // Past the last page (emptied by a 删除, or an old address): the last one.
                Ok(p) if p.items.is_empty() && p.page > 1 => {
                    number.set(p.total.div_ceil(u64::from(PER_PAGE)).max(1) as u32);
                    reload.notify();
                }
                Ok(p) => page.set(Some(p)),
                Err(e) => notice.set(Some(failure(i18n, &e))),
            }
        });
    };
    Effect::new(move |_| {
        reload.track();
        load();
    });

    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        query.set(typed.get_untracked());
        number.set(1);
        notice.set(None);
        reload.notify();
    };
    let clear = move |_| {
        typed.set(String::new());
        query.set(String::new());
        number.set(1);
        reload.notify();
    };
    let go_to = move |n: u32| {
        number.set(n);
        reload.notify();
    };

    // After an operation (or a product found changed elsewhere): the page as it is now.
    let ops = Operations::new(notice, Callback::new(move |_| reload.notify()));

    let rows = move || {
        page.get()
            .map(|p| p.items)
            .unwrap_or_default()
            .into_iter()
            .map(move |item| view! { <Row item ops/> })
            .collect_view()
    };
    let empty = move || {
        if page.with(Option::is_none) && busy.get() {
            return Some(view! { <p class="apx-empty">{i18n.tr(k::APP_LOADING)}</p> }.into_any());
        }
        page.with(|p| p.as_ref().is_some_and(|p| p.items.is_empty())).then(|| {
            let q = query.get();
            if q.trim().is_empty() {
                view! { <p class="apx-empty">{i18n.tr(empty_key(tab))}</p> }.into_any()
            } else {
                view! {
                    <p class="apx-empty">
                        {move || i18n.format(k::PRODUCTS_NO_MATCH, &[("q", q.trim())])} " "
                        <button type="button" class="apx-link" on:click=clear>{i18n.tr(k::PRODUCTS_CLEAR)}</button>
                    </p>
                }
                .into_any()
            }
        })
    };

    view! {
        <section class="apx-page">
            <div class="apx-page__head">
                <h1 class="apx-page__title">{i18n.tr(k::PRODUCTS_TITLE)}</h1>
                <Link href="/publish/1" class="apx-button apx-button--primary">{i18n.tr(k::PRODUCTS_PUBLISH)}</Link>
            </div>
            <nav class="apx-tabs" aria-label=i18n.tr(k::PRODUCTS_TABS)>
                {Tab::ALL.into_iter().map(|t| view! {
                    <Link href=format!("/products/{}", t.slug()) class="apx-tabs__tab">{i18n.tr(tab_key(t))}</Link>
                }).collect_view()}
            </nav>
            <div class="apx-tabs__panel" data-tab=tab.slug()>
                <form class="apx-search" role="search" on:submit=search>
                    <label class="apx-search__label" for="apx-search">{i18n.tr(k::PRODUCTS_SEARCH_LABEL)}</label>
                    <input id="apx-search" class="apx-input apx-search__input" type="search"
                        placeholder=i18n.tr(k::PRODUCTS_SEARCH_PLACEHOLDER)
                        prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
                    <button type="submit" class="apx-button">{i18n.tr(k::PRODUCTS_SEARCH)}</button>
                </form>
                <StatusLine notice/>
                <ProductTable columns=[k::COL_PRODUCT, k::COL_ACCESS, k::COL_STATUS, k::COL_UPDATED, k::COL_OPERATIONS]
                    busy=busy rows/>
                {empty}
                <Pager total=Signal::derive(move || page.with(|p| p.as_ref().map_or(0, |p| p.total))) number on_go=Callback::new(go_to)/>
            </div>
            <ConfirmOperation ops/>
        </section>
    }
}

/// What a seller does to a product from 商品管理 or 详情 (SPEC §5): 克隆 opens the copy,
/// the operations that need it ask first (`ConfirmOperation`), the result is said in
/// `notice`, and `on_done` gets the product as it is now (`None` once deleted) — also
/// when it turns out to have changed elsewhere.
#[derive(Clone, Copy)]
pub struct Operations {
    asking: RwSignal<Option<(ProductSummary, Operation)>>,
    notice: RwSignal<Option<Notice>>,
    on_done: Callback<Option<Product>>,
    i18n: I18n,
    session: Session,
    router: Router,
    host: Host,
}

impl Operations {
    /// In a component (it reads the console's context).
    pub fn new(notice: RwSignal<Option<Notice>>, on_done: Callback<Option<Product>>) -> Self {
        Operations {
            asking: RwSignal::new(None),
            notice,
            on_done,
            i18n: use_i18n(),
            session: use_session(),
            router: use_router(),
            host: use_host(),
        }
    }

    /// The seller chose `op` on `item`.
    pub fn choose(self, item: ProductSummary, op: Operation) {
        let Operations { i18n, session, router, .. } = self;
        match op {
            Operation::Clone => spawn_local(async move {
                match session.client().clone_product(&item.id).await {
                    Ok(copy) => router.navigate(&format!("/publish/{}/1", copy.id)),
                    Err(e) => self.notice.set(Some(failure(i18n, &e))),
                }
            }),
            op if op.needs_confirmation() => self.asking.set(Some((item, op))),
            op => self.run(item, op),
        }
    }

    /// The seller confirmed the operation asked about.
    fn confirm(self) {
        if let Some((item, op)) = self.asking.get_untracked() {
            self.asking.set(None);
            self.run(item, op);
        }
    }

    fn run(self, item: ProductSummary, op: Operation) {
        let Operations { notice, on_done, i18n, session, host, .. } = self;
        notice.set(None);
        spawn_local(async move {
            let name = display_name(i18n, &item.name);
            match session.client().apply(&item.id, op, item.version).await {
                Ok(product) => {
                    if let Some(product) = &product {
                        match op {
                            Operation::List => host.emit(HostEvent::Listed, product),
                            Operation::Delist => host.emit(HostEvent::Delisted, product),
                            _ => {}
                        }
                    }
                    let text = i18n.format(k::PRODUCTS_DONE, &[("op", i18n.t(operation_key(op))), ("name", &name)]);
                    notice.set(Some(Notice { text, error: false }));
                    on_done.run(product);
                }
                Err(Ok(current)) => {
                    notice.set(Some(changed(i18n, &current)));
                    on_done.run(Some(current));
                }
                Err(Err(e)) => notice.set(Some(failure(i18n, &e))),
            }
        });
    }
}

/// The operations `item`'s status offers, in SPEC §5's order (详情 left out when
/// `without_detail`, on 详情 itself).
#[component]
pub fn OperationList(item: ProductSummary, ops: Operations, #[prop(optional)] without_detail: bool) -> impl IntoView {
    let i18n = use_i18n();
    let id = item.id.clone();
    let link = move |href: String, op: Operation| {
        view! { <Link href class="apx-link">{i18n.t(operation_key(op))}</Link> }.into_any()
    };
    let list = item
        .status
        .operations()
        .iter()
        .filter(|&&op| !(without_detail && op == Operation::Detail))
        .map(|&op| match op {
            Operation::Detail => link(format!("/product/{id}"), op),
            Operation::Edit => link(format!("/publish/{id}/1"), op),
            Operation::Preview => link(format!("/product/{id}/preview"), op),
            _ => {
                let item = item.clone();
                view! {
                    <button type="button" class="apx-link" class:apx-link--danger={op == Operation::Delete}
                        data-op=format!("{op:?}") on:click=move |_| ops.choose(item.clone(), op)>
                        {i18n.tr(operation_key(op))}
                    </button>
                }
                .into_any()
            }
        })
        .collect_view();
    view! { <div class="apx-ops">{list}</div> }
}

/// 共 N 个商品, 上一页 / 下一页 and where the seller is (`number`, 1-based).
#[component]
fn Pager(total: Signal<u64>, number: RwSignal<u32>, on_go: Callback<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let pages = move || total.get().div_ceil(u64::from(PER_PAGE)).max(1) as u32;
    view! {
        <nav class="apx-pager" aria-label=i18n.tr(k::PAGE_LABEL)>
            <span>{move || i18n.format(k::PRODUCTS_TOTAL, &[("n", &total.get().to_string())])}</span>
            <button type="button" class="apx-button" disabled={move || number.get() <= 1}
                on:click=move |_| on_go.run(number.get_untracked() - 1)>{i18n.tr(k::PAGE_PREV)}</button>
            <span aria-current="page">
                {move || i18n.format(k::PAGE_OF, &[("page", &number.get().to_string()), ("pages", &pages().to_string())])}
            </span>
            <button type="button" class="apx-button" disabled={move || number.get() >= pages()}
                on:click=move |_| on_go.run(number.get_untracked() + 1)>{i18n.tr(k::PAGE_NEXT)}</button>
        </nav>
    }
}

/// The question before an operation that needs confirming: 取消 (or Escape) changes
/// nothing; the operation's own button goes ahead.
#[component]
pub fn ConfirmOperation(ops: Operations) -> impl IntoView {
    let i18n = use_i18n();
    let asking = ops.asking;
    view! {
        <Modal open=Signal::derive(move || asking.with(Option::is_some)) on_close=Callback::new(move |()| asking.set(None))
            labelledby="apx-confirm-title">
            <h2 id="apx-confirm-title" class="apx-modal__title">{i18n.tr(k::CONFIRM_TITLE)}</h2>
            <p>{move || asking.get().map(|(item, op)| i18n.format(confirm_key(op), &[("name", &display_name(i18n, &item.name))]))}</p>
            <div class="apx-modal__actions">
                <button type="button" class="apx-button" on:click=move |_| asking.set(None)>{i18n.tr(k::CONFIRM_CANCEL)}</button>
                <button type="button" class="apx-button apx-button--danger" on:click=move |_| ops.confirm()>
                    {move || asking.get().map(|(_, op)| i18n.t(operation_key(op)))}
                </button>
            </div>
        </Modal>
    }
}

/// The notice for a product that changed elsewhere: its status now.
pub fn changed(i18n: I18n, current: &Product) -> Notice {
    let text = i18n.format(
        k::PRODUCTS_CHANGED,
        &[("name", &display_name(i18n, &current.content.name)), ("status", i18n.t(status_key(current.status)))],
    );
    Notice { text, error: true }
}

/// One product in the table, with the operations its status offers (SPEC §5).
#[component]
fn Row(item: ProductSummary, ops: Operations) -> impl IntoView {
    let i18n = use_i18n();
    let status = item.status;
    let name = display_name(i18n, &item.name);
    let reason = status.shows_review_reason().then(|| item.review_reason.clone()).flatten();
    view! {
        <tr data-status=status.slug() data-id=item.id.clone()>
            <td class="apx-table__product">
                {item.icon.clone().map(|icon| view! { <FileImage file=icon alt="" class="apx-table__icon"/> })}
                {name}
            </td>
            <td>"API"</td>
            <td>
                <span class=format!("apx-status apx-status--{}", status.slug())>{i18n.tr(status_key(status))}</span>
                {reason.map(|r| view! { <p class="apx-table__reason">{move || i18n.t(k::PRODUCTS_REASON)} {r}</p> })}
            </td>
            <td>{format_time(item.updated_at)}</td>
            <td><OperationList item=item.clone() ops/></td>
        </tr>
    }
}

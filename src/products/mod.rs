//! 商品管理: the tabs 已上架 (default), 待上架 and 已下架, each a page of the seller's
//! products from the backend (name search, server-side pagination, both kept in the
//! address) with exactly the operations SPEC §5 gives each status. Operations that
//! cannot be undone easily ask first; a product that changed elsewhere meanwhile is
//! shown as it is now. 详情 and 预览 of a saved product are in `detail.rs`.

mod detail;
mod operations;
mod share;

pub use detail::{DetailPage, SavedPreviewPage};
pub use operations::prefetch as prefetch_operations;

use domain::model::{ProductPage, ProductSummary};
use domain::Tab;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use self::operations::{ConfirmOperation, OperationList, Operations};
use crate::api::boot::PER_PAGE;
use crate::api::{parse, ApiError};
use crate::host::use_replace_query;
use crate::i18n::{change_key, k, status_key, tab_key, use_i18n, Key};
use crate::listing::FileImage;
use crate::session::{kept, use_backend, use_session, Backend};
use crate::ui::{
    format_time, name_text, use_first_screen, Button, Link, LoadFailed, Loading, NotFound, Notice, ProductTable,
    StatusLine,
};

thread_local! {
    /// The list the seller last looked at (its tab and address with search and page),
    /// for the way back from 详情 and 预览.
    static PLACE: std::cell::RefCell<Option<(Tab, String)>> = const { std::cell::RefCell::new(None) };
}

/// The address of the list on `tab`: where the seller left it, or its first page.
fn list_address(tab: Tab) -> String {
    PLACE.with(|place| match &*place.borrow() {
        Some((at, address)) if *at == tab => address.clone(),
        _ => format!("/products/{}", tab.slug()),
    })
}

fn empty_key(tab: Tab) -> Key {
    match tab {
        Tab::Listed => k::PRODUCTS_EMPTY_LISTED,
        Tab::Pending => k::PRODUCTS_EMPTY_PENDING,
        Tab::Delisted => k::PRODUCTS_EMPTY_DELISTED,
    }
}

/// 商品管理 on the tab named by the address (`/products/{tab}`).
#[component]
pub fn ProductsPage() -> impl IntoView {
    let params = use_params_map();
    let tab = Memo::new(move |_| params.with(|p| p.get_str("tab").and_then(Tab::from_slug)));
    // A tab link starts afresh: each tab is its own page.
    move || match tab.get() {
        Some(tab) => view! { <TabPage tab/> }.into_any(),
        None => view! { <NotFound/> }.into_any(),
    }
}

/// Where the list on a tab is: the search and page in the address (a reload shows the
/// same rows), and going to another search or page.
#[derive(Clone, Copy)]
struct ListAddress {
    search: Memo<String>,
    number: Memo<u32>,
    /// To this search (trimmed) and page, replacing the address.
    go: Callback<(String, u32)>,
}

fn use_list_address(tab: Tab) -> ListAddress {
    let set_query = use_replace_query();
    let query = use_query_map();
    let search = Memo::new(move |_| query.with(|q| q.get("q").unwrap_or_default()));
    let number = Memo::new(move |_| {
        query.with(|q| q.get_str("page").and_then(|p| p.parse::<u32>().ok()).filter(|&n| n >= 1).unwrap_or(1))
    });
    // Remembered for the way back from 详情 and 预览.
    Effect::new(move |_| {
        let (q, n) = (search.get(), number.get());
        let mut address = format!("/products/{}", tab.slug());
        if let Ok(params) = web_sys::UrlSearchParams::new() {
            if !q.is_empty() {
                params.append("q", &q);
            }
            if n > 1 {
                params.append("page", &n.to_string());
            }
            let text = String::from(params.to_string());
            if !text.is_empty() {
                address = format!("{address}?{text}");
            }
        }
        PLACE.with(|place| *place.borrow_mut() = Some((tab, address)));
    });
    let go = Callback::new(move |(q, n): (String, u32)| {
        let page = if n > 1 { n.to_string() } else { String::new() };
        set_query(&[("q", q.trim()), ("page", &page)]);
    });
    ListAddress { search, number, go }
}

/// The page of `tab` for search `q` and page `n` — or, past the last page (emptied by a
/// 删除, or an old address), the last one. Each page read is kept for the next visit
/// ([`kept`]).
async fn read_page(backend: Backend, tab: Tab, q: String, n: u32) -> Result<ProductPage, ApiError> {
    let client = backend.client();
    let (mut page, mut json) = client.products(tab, &q, n).await?;
    let last = page.total.div_ceil(u64::from(PER_PAGE)).max(1) as u32;
    if page.items.is_empty() && n > last {
        (page, json) = client.products(tab, &q, last).await?;
    }
    if let Some(user) = backend.session().user_untracked() {
        kept::keep(&user.id, tab, &q, page.page, json);
    }
    Ok(page)
}

/// The page of products the address asks for (see [`read_page`]), with the address
/// following the page actually shown.
fn use_product_page(backend: Backend, tab: Tab, address: ListAddress) -> LocalResource<Result<ProductPage, ApiError>> {
    let ListAddress { search, number, go } = address;
    let list = LocalResource::new(move || read_page(backend, tab, search.get(), number.get()));
    Effect::new(move |_| {
        if let Some(Ok(page)) = list.get() {
            if page.page != number.get_untracked() {
                go.run((search.get_untracked(), page.page));
            }
        }
    });
    list
}

/// Reads the page again when something may have moved (a product changed elsewhere, a
/// reviewer decided, the event stream opened or came back) and shows it only if it
/// differs: rows are not rebuilt under the seller's pointer for nothing.
fn use_live_page(backend: Backend, tab: Tab, address: ListAddress, list: LocalResource<Result<ProductPage, ApiError>>) {
    crate::live::use_live().on_change(
        |_| true,
        move || {
            let (q, n) = (address.search.get_untracked(), address.number.get_untracked());
            leptos::task::spawn_local(async move {
                let Ok(page) = read_page(backend, tab, q, n).await else { return };
                let same = list.try_with_untracked(|now| matches!(now, Some(Ok(shown)) if *shown == page));
                if same == Some(false) {
                    list.set(Some(Ok(page)));
                }
            });
        },
    );
}

/// The page this address showed the user last time, kept in this browser: shown while
/// the backend is asked (a return visit shows a list at once).
fn use_kept_page(tab: Tab, address: ListAddress) -> RwSignal<Option<ProductPage>> {
    let page = RwSignal::new(None);
    if let Some(user) = use_session().user_untracked() {
        let (q, n) = (address.search.get_untracked(), address.number.get_untracked());
        leptos::task::spawn_local(async move {
            let found = kept::kept(&user.id, tab, &q, n).await.and_then(|json| parse::<ProductPage>(&json).ok());
            if found.is_some() {
                let _ = page.try_set(found);
            }
        });
    }
    page
}

#[component]
fn TabPage(tab: Tab) -> impl IntoView {
    let i18n = use_i18n();
    let address = use_list_address(tab);
    // One backend for the list's reads: they end with the tab.
    let backend = use_backend();
    let list = use_product_page(backend, tab, address);
    let kept = use_kept_page(tab, address);
    let notice = RwSignal::new(None::<Notice>);
    let first_screen = use_first_screen();
    let typed = RwSignal::new(address.search.get_untracked());
    let clear = Callback::new(move |()| {
        typed.set(String::new());
        address.go.run((String::new(), 1));
    });
    let on_page = Callback::new(move |n: u32| address.go.run((address.search.get_untracked(), n)));
    // After an operation (or a product found changed elsewhere): the page as it is now.
    let ops = Operations::new(notice, Callback::new(move |_| list.refetch()));
    use_live_page(backend, tab, address, list);
    let shown = move |page: ProductPage| {
        let empty = page.items.is_empty();
        let total = page.total;
        let rows = page.items.into_iter().map(|item| view! { <Row item ops/> }).collect_view();
        view! {
            <ProductTable columns=[k::COL_PRODUCT, k::COL_ACCESS, k::COL_STATUS, k::COL_UPDATED, k::COL_OPERATIONS] rows/>
            {empty.then(|| view! { <EmptyTab tab search=address.search clear/> })}
            <Pager total number=address.number on_go=on_page/>
        }
    };
    let rows = move || {
        Suspend::new(async move {
            let page = list.await?;
            first_screen.mark();
            Ok::<_, ApiError>(shown(page))
        })
    };
    // The page kept from last time: until the answer is here, marked as being refreshed;
    // when none comes, under the failure, marked as not refreshed.
    let kept_page = move |status: Key| {
        kept.get().map(|page| {
            view! {
                <div class="apx-kept" aria-busy=(status == k::PRODUCTS_REFRESHING).then_some("true")>
                    <p class="apx-kept__status" role="status">{i18n.tr(status)}</p>
                    {shown(page)}
                </div>
            }
        })
    };
    let waiting = move || match kept_page(k::PRODUCTS_REFRESHING) {
        Some(page) => page.into_any(),
        None => view! { <Loading/> }.into_any(),
    };
    view! {
        <section class="apx-page">
            <ProductsHead/>
            <div class="apx-tabs__panel" data-tab=tab.slug()>
                <SearchForm typed on_search=Callback::new(move |q: String| {
                    notice.set(None);
                    address.go.run((q, 1));
                })/>
                <StatusLine notice/>
                <Transition fallback=waiting>
                    <ErrorBoundary fallback=move |errors| view! {
                        <LoadFailed errors retry=Callback::new(move |()| list.refetch())/>
                        {move || kept_page(k::PRODUCTS_KEPT)}
                    }>
                        {rows}
                    </ErrorBoundary>
                </Transition>
            </div>
            <ConfirmOperation ops/>
        </section>
    }
}

/// 商品管理's title, 发布商品, and the tabs.
#[component]
fn ProductsHead() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="apx-page__head">
            <h1 class="apx-page__title">{i18n.tr(k::PRODUCTS_TITLE)}</h1>
            <Link href="/publish/new/1" class="apx-button apx-button--primary">{i18n.tr(k::PRODUCTS_PUBLISH)}</Link>
        </div>
        <nav class="apx-tabs" aria-label=i18n.tr(k::PRODUCTS_TABS)>
            {Tab::ALL.into_iter().map(|t| view! {
                <Link href=format!("/products/{}", t.slug()) class="apx-tabs__tab">{i18n.tr(tab_key(t))}</Link>
            }).collect_view()}
        </nav>
    }
}

/// The name search: what is typed (`typed`), searched on 搜索 or Enter.
#[component]
fn SearchForm(typed: RwSignal<String>, on_search: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_search.run(typed.get_untracked());
    };
    view! {
        <form class="apx-search" role="search" on:submit=submit>
            <label class="apx-search__label" for="apx-search">{i18n.tr(k::PRODUCTS_SEARCH_LABEL)}</label>
            <input id="apx-search" class="apx-input apx-search__input" type="search"
                placeholder=i18n.tr(k::PRODUCTS_SEARCH_PLACEHOLDER)
                prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
            <button type="submit" class="apx-button">{i18n.tr(k::PRODUCTS_SEARCH)}</button>
        </form>
    }
}

/// What an empty page says: the tab's own text, or that nothing matched the search.
#[component]
fn EmptyTab(tab: Tab, search: Memo<String>, clear: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let q = search.get();
        if q.trim().is_empty() {
            view! { <p class="apx-empty">{i18n.tr(empty_key(tab))}</p> }.into_any()
        } else {
            view! {
                <p class="apx-empty">
                    {move || i18n.format(k::PRODUCTS_NO_MATCH, &[("q", q.trim())])} " "
                    <button type="button" class="apx-link" on:click=move |_| clear.run(())>{i18n.tr(k::PRODUCTS_CLEAR)}</button>
                </p>
            }
            .into_any()
        }
    }
}

/// 共 N 个商品, 上一页 / 下一页 and where the seller is (`number`, 1-based).
#[component]
fn Pager(total: u64, number: Memo<u32>, on_go: Callback<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let pages = total.div_ceil(u64::from(PER_PAGE)).max(1) as u32;
    let shown = move || number.get().min(pages);
    view! {
        <nav class="apx-pager" aria-label=i18n.tr(k::PAGE_LABEL)>
            <span>{move || i18n.format(k::PRODUCTS_TOTAL, &[("n", &total.to_string())])}</span>
            <Button disabled={move || shown() <= 1}
                on_click=move |_| on_go.run(shown() - 1)>{i18n.tr(k::PAGE_PREV)}</Button>
            <span aria-current="page">
                {move || i18n.format(k::PAGE_OF, &[("page", &shown().to_string()), ("pages", &pages.to_string())])}
            </span>
            <Button disabled={move || shown() >= pages}
                on_click=move |_| on_go.run(shown() + 1)>{i18n.tr(k::PAGE_NEXT)}</Button>
        </nav>
    }
}

/// One product in the table, with the operations its status offers (SPEC §5).
#[component]
fn Row(item: ProductSummary, ops: Operations) -> impl IntoView {
    let i18n = use_i18n();
    let status = item.status;
    let name = item.name.clone();
    let reason = status.shows_review_reason().then(|| item.review_reason.clone()).flatten();
    let change = item.change.clone();
    let change_slug = change.as_ref().map(|c| c.status.slug());
    view! {
        <tr data-status=status.slug() data-id=item.id.clone() data-change=change_slug>
            <td>
                <div class="apx-table__product">
                    {item.icon.clone().map(|icon| view! { <FileImage file=icon alt="" class="apx-table__icon"/> })}
                    {move || name_text(i18n, &name)}
                </div>
            </td>
            <td data-label=move || i18n.t(k::COL_ACCESS)>"API"</td>
            <td data-label=move || i18n.t(k::COL_STATUS)>
                <span class=format!("apx-status apx-status--{}", status.slug())>{i18n.tr(status_key(status))}</span>
                {reason.map(|r| view! { <p class="apx-table__reason">{i18n.tr(k::PRODUCTS_REASON)} {r}</p> })}
                <CommentCount n=item.comments/>
                {change.map(|c| view! { <ChangeBadge change=c/> })}
            </td>
            <td data-label=move || i18n.t(k::COL_UPDATED)>{format_time(item.updated_at)}</td>
            <td class="apx-table__ops"><OperationList item=item.clone() ops/></td>
        </tr>
    }
}

/// A product on sale's second badge (SPEC §5a): its change's state, and why a rejected
/// change was rejected.
#[component]
pub(crate) fn ChangeBadge(change: domain::model::ChangeSummary) -> impl IntoView {
    let i18n = use_i18n();
    let reason = (change.status == domain::ChangeStatus::Rejected).then_some(change.review_reason).flatten();
    view! {
        <span class=format!("apx-status apx-change apx-change--{}", change.status.slug())>
            <span class="apx-visually-hidden">{i18n.tr(k::CHANGE_LABEL)} ": "</span>
            {i18n.tr(change_key(change.status))}
        </span>
        {reason.map(|r| view! { <p class="apx-table__reason">{i18n.tr(k::CHANGE_REASON)} {r}</p> })}
        <CommentCount n=change.comments/>
    }
}

/// "3 条审核意见" with a rejection that has comments on fields (SPEC §5b).
#[component]
pub(crate) fn CommentCount(n: u32) -> impl IntoView {
    let i18n = use_i18n();
    (n > 0).then(|| {
        view! { <p class="apx-table__comments">{move || i18n.format(k::COMMENT_COUNT, &[("n", &n.to_string())])}</p> }
    })
}

//! 商品管理: the tabs 已上架 (default), 待上架 and 已下架, the seller's products on each,
//! and the entry to 发布商品. The operations column arrives with issue #6; drafts can
//! be continued from here already.

use domain::model::ProductPage;
use domain::{Operation, Status, Tab};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::{k, use_i18n, Key};
use crate::listing::FileImage;
use crate::router::{use_router, Link};
use crate::session::use_session;
use crate::ui::Placeholder;

fn tab_key(tab: Tab) -> Key {
    match tab {
        Tab::Listed => k::TAB_LISTED,
        Tab::Pending => k::TAB_PENDING,
        Tab::Delisted => k::TAB_DELISTED,
    }
}

/// `2026-11-29 08:15` in the browser's time zone.
fn format_time(ms: i64) -> String {
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

/// 商品管理 on `tab`.
#[component]
pub fn ProductsPage(tab: Tab) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let router = use_router();
    let page = RwSignal::new(None::<ProductPage>);
    // 克隆 opens the form on the new draft.
    let clone = move |id: String| {
        spawn_local(async move {
            if let Ok(copy) = session.client().clone_product(&id).await {
                router.navigate(&format!("/publish/{}/1", copy.id));
            }
        })
    };
    spawn_local(async move {
        let query = format!("tab={}&per_page=20", tab.slug());
        page.set(session.client().products(&query).await.ok());
    });
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
                <table class="apx-table">
                    <thead>
                        <tr>
                            <th scope="col">{i18n.tr(k::COL_PRODUCT)}</th>
                            <th scope="col">{i18n.tr(k::COL_ACCESS)}</th>
                            <th scope="col">{i18n.tr(k::COL_STATUS)}</th>
                            <th scope="col">{i18n.tr(k::COL_UPDATED)}</th>
                            <th scope="col">{i18n.tr(k::COL_OPERATIONS)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || page.get().map(|p| p.items).unwrap_or_default().into_iter().map(|item| {
                            let status = item.status;
                            let editable = status.operations().contains(&Operation::Edit);
                            let name = if item.name.trim().is_empty() { i18n.t(k::LISTING_EMPTY).to_owned() } else { item.name.clone() };
                            view! {
                                <tr data-status=status.slug()>
                                    <td class="apx-table__product">
                                        {item.icon.map(|icon| view! { <FileImage file=icon alt="" class="apx-table__icon"/> })}
                                        {name}
                                    </td>
                                    <td>"API"</td>
                                    <td>
                                        <span class=format!("apx-status apx-status--{}", status.slug())>
                                            {move || i18n.locale().text_by_name(&format!("status.{}", status.slug())).unwrap_or(status.zh_name())}
                                        </span>
                                        {(status == Status::ListingRejected || status == Status::DelistRejected).then(|| item.review_reason.clone()).flatten()
                                            .map(|r| view! { <p class="apx-table__reason">{r}</p> })}
                                    </td>
                                    <td>{format_time(item.updated_at)}</td>
                                    <td>
                                        {editable.then(|| view! {
                                            <Link href=format!("/publish/{}/1", item.id) class="apx-link">{i18n.tr(k::OP_EDIT)}</Link>
                                        })}
                                        " "
                                        <button type="button" class="apx-link" on:click={
                                            let id = item.id.clone();
                                            move |_| clone(id.clone())
                                        }>{i18n.tr(k::OP_CLONE)}</button>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                {move || page.get().filter(|p| p.items.is_empty()).map(|_| view! { <p class="apx-empty">{i18n.tr(k::PRODUCTS_EMPTY)}</p> })}
                <Placeholder issue="#6"/>
            </div>
        </section>
    }
}

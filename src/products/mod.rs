//! 商品管理: the tabs 已上架 (default), 待上架 and 已下架, and the entry to 发布商品.
//! The table and its operations arrive with issue #6.

use domain::Tab;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::i18n::{k, use_i18n, Key};
use crate::ui::{Link, NotFound, Placeholder};

fn tab_key(tab: Tab) -> Key {
    match tab {
        Tab::Listed => k::TAB_LISTED,
        Tab::Pending => k::TAB_PENDING,
        Tab::Delisted => k::TAB_DELISTED,
    }
}

#[component]
pub fn ProductsPage() -> impl IntoView {
    let params = use_params_map();
    let tab = Memo::new(move |_| {
        params
            .read()
            .get("tab")
            .and_then(|slug| Tab::from_slug(&slug))
    });
    move || match tab.get() {
        Some(tab) => view! { <Products tab/> }.into_any(),
        None => view! { <NotFound/> }.into_any(),
    }
}

#[component]
fn Products(tab: Tab) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="apx-page">
            <div class="apx-page__head">
                <h1 class="apx-page__title">{i18n.tr(k::PRODUCTS_TITLE)}</h1>
                <Link href="/publish/1" attr:class="apx-button apx-button--primary">
                    {i18n.tr(k::PRODUCTS_PUBLISH)}
                </Link>
            </div>
            <nav class="apx-tabs" aria-label=i18n.tr(k::PRODUCTS_TABS)>
                {Tab::ALL
                    .into_iter()
                    .map(|t| {
                        view! {
                            <Link
                                href=format!("/products/{}", t.slug())
                                attr:class="apx-tabs__tab"
                                attr:data-tab=t.slug()
                            >
                                {i18n.tr(tab_key(t))}
                            </Link>
                        }
                    })
                    .collect_view()}
            </nav>
            <div class="apx-tabs__panel" data-tab=tab.slug()>
                <Placeholder issue="#6"/>
            </div>
        </section>
    }
}

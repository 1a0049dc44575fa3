//! 商品管理: the tabs 已上架 (default), 待上架 and 已下架, and the entry to 发布商品.
//! The table and its operations arrive with issue #6.

use domain::Tab;
use leptos::prelude::*;

use crate::i18n::{k, use_i18n, Key};
use crate::router::Link;
use crate::ui::Placeholder;

fn tab_key(tab: Tab) -> Key {
    match tab {
        Tab::Listed => k::TAB_LISTED,
        Tab::Pending => k::TAB_PENDING,
        Tab::Delisted => k::TAB_DELISTED,
    }
}

/// 商品管理 on `tab`.
#[component]
pub fn ProductsPage(tab: Tab) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="apx-page">
            <div class="apx-page__head">
                <h1 class="apx-page__title">{i18n.tr(k::PRODUCTS_TITLE)}</h1>
                <Link href="/publish/1" class="apx-button apx-button--primary">
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
                                class="apx-tabs__tab"
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

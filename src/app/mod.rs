//! The shell: configuration and i18n context, the router, and the seller-center
//! layout (navigation 商品 › 商品管理, breadcrumb, language switch).

use domain::Tab;
use leptos::prelude::*;

use crate::host::{use_host, Host};
use crate::i18n::{k, I18n, Locale};
use crate::listing::PreviewPage;
use crate::products::{DetailPage, ProductsPage, SavedPreviewPage};
use crate::publish::state::Wizard;
use crate::publish::{PublishPage, STEPS};
use crate::review::{provide_review_state, ReviewPage, ReviewProductPage};
use crate::router::{segments, use_router, Link, Redirect, Router};
use crate::session::{use_session, Identity, Session, SessionGate};
use crate::ui::NotFound;

/// How the console is set up by its page or host.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AppConfig {
    /// Base URL of the backend (`""` for the same origin); the client adds `/api/v1`.
    pub api_base: String,
    /// Path prefix the console's routes live under (`/seller/api-products`), `""` at the
    /// root. A trailing slash is ignored.
    pub base_path: String,
    /// The host's locale; `None` uses the seller's saved choice, else zh-CN.
    pub locale: Option<Locale>,
    /// The host's bearer token; `None` shows the sign-in screen (standalone).
    pub token: Option<String>,
    /// The page to open first, below the base path (`/products/pending`); `None` keeps
    /// the address as it is.
    pub route: Option<String>,
}

/// The console's style sheet (`style/*.css`, joined by `build.rs`). It is rendered
/// inside the root, so an embedded console carries it into its shadow root.
pub const STYLES: &str = include_str!(concat!(env!("OUT_DIR"), "/styles.css"));

/// The whole console. `host` is the element it is mounted into when embedded: events
/// for the host page are dispatched on it.
#[component]
pub fn App(mut config: AppConfig, #[prop(optional)] host: Option<web_sys::Element>) -> impl IntoView {
    let i18n = I18n::new(config.locale);
    provide_context(i18n);
    provide_context(Session::new(&config.api_base, config.token.clone()));
    provide_context(Host::new(host));
    config.base_path = config.base_path.trim_end_matches('/').to_owned();
    let router = Router::new(&config.base_path);
    if let Some(route) = &config.route {
        router.replace(route);
    }
    provide_context(router);
    provide_context(config);
    view! {
        <div class="apx-root" lang=move || i18n.locale().tag()>
            <style>{STYLES}</style>
            <Shell/>
        </div>
    }
}

#[component]
fn Shell() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <header class="apx-header">
            <span class="apx-header__title">{i18n.tr(k::APP_TITLE)}</span>
            <span class="apx-header__tools">
                <Identity/>
                <LocaleSwitch/>
            </span>
        </header>
        <SessionGate>
            <Layout/>
        </SessionGate>
    }
}

/// Navigation and the routed screens, for a signed-in seller or reviewer.
#[component]
fn Layout() -> impl IntoView {
    // The product being published outlives the step screens, so going between steps
    // loses nothing.
    provide_context(Wizard::new(use_session(), use_router()));
    provide_review_state();
    let i18n = expect_context::<I18n>();
    let router = use_router();
    let page = Memo::new(move |_| Page::of(&segments(&router.path())));
    view! {
        <div class="apx-body">
            <SellerNav/>
            <div class="apx-main" role=use_host().content_role() aria-label=i18n.tr(k::APP_TITLE)>
                <Breadcrumb page/>
                <Screen page/>
            </div>
        </div>
    }
}

/// The screen for the current address.
///
/// Keyed by the page, not the address: when a new draft gets its id in the address
/// (`/publish/2` → `/publish/{id}/2`) the step stays as it is, uploads and all.
#[component]
fn Screen(page: Memo<Page>) -> impl IntoView {
    let router = use_router();
    let session = use_session();
    move || {
        let page = page.get();
        // Each identity has its own pages: switching identity lands on the right one.
        let reviewer = session.is_reviewer();
        if page == Page::Home || page.for_reviewer().is_some_and(|r| r != reviewer) {
            let home = if reviewer { "/review" } else { "/products/listed" };
            return view! { <Redirect to=home/> }.into_any();
        }
        match page {
            Page::Products(tab) => view! { <ProductsPage tab/> }.into_any(),
            Page::PublishHome => view! { <Redirect to="/publish/1"/> }.into_any(),
            Page::Publish(step) => {
                let draft = segments(&router.path_untracked()).get(1).filter(|_| step_in_path(&router)).cloned();
                view! { <PublishPage id=draft step/> }.into_any()
            }
            Page::Preview => view! { <PreviewPage/> }.into_any(),
            Page::Detail(id) => view! { <DetailPage id/> }.into_any(),
            Page::SavedPreview(id) => view! { <SavedPreviewPage id/> }.into_any(),
            Page::Review => view! { <ReviewPage/> }.into_any(),
            Page::ReviewProduct(id) => view! { <ReviewProductPage id/> }.into_any(),
            Page::Home | Page::NotFound => view! { <NotFound/> }.into_any(),
        }
    }
}

/// The pages of the console.
#[derive(Clone, Debug, PartialEq)]
enum Page {
    Home,
    Products(Tab),
    PublishHome,
    /// A step of 发布商品; the draft's id, if any, is read from the address.
    Publish(u8),
    Preview,
    /// 详情 of a saved product.
    Detail(String),
    /// 预览 of a saved product.
    SavedPreview(String),
    Review,
    /// One request in the review queue.
    ReviewProduct(String),
    NotFound,
}

impl Page {
    /// Whether the page is the reviewer's (`Some(true)`), a seller's (`Some(false)`) or
    /// anyone's.
    fn for_reviewer(&self) -> Option<bool> {
        match self {
            Page::Home | Page::NotFound => None,
            Page::Review | Page::ReviewProduct(_) => Some(true),
            _ => Some(false),
        }
    }

    fn of(segments: &[String]) -> Page {
        let s: Vec<&str> = segments.iter().map(String::as_str).collect();
        match s.as_slice() {
            [] | ["products"] => Page::Home,
            ["products", tab] => Tab::from_slug(tab).map_or(Page::NotFound, Page::Products),
            ["publish"] => Page::PublishHome,
            ["publish", step] | ["publish", _, step] => step_number(step).map_or(Page::NotFound, Page::Publish),
            ["preview"] => Page::Preview,
            ["review"] => Page::Review,
            ["review", id] => Page::ReviewProduct((*id).to_owned()),
            ["product", id] => Page::Detail((*id).to_owned()),
            ["product", id, "preview"] => Page::SavedPreview((*id).to_owned()),
            _ => Page::NotFound,
        }
    }
}

/// Whether the address is `/publish/{id}/{step}` (rather than `/publish/{step}`).
fn step_in_path(router: &crate::router::Router) -> bool {
    segments(&router.path_untracked()).len() == 3
}

fn step_number(segment: &str) -> Option<u8> {
    segment.parse::<u8>().ok().filter(|n| (1..=STEPS).contains(n))
}

/// The seller center's left navigation: 商品 › 商品管理 for sellers, the review
/// queue for reviewers.
#[component]
fn SellerNav() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = use_session();
    view! {
        <nav class="apx-nav" aria-label=i18n.tr(k::NAV_LABEL)>
            <p class="apx-nav__group">{i18n.tr(k::NAV_GOODS)}</p>
            {move || if session.is_reviewer() {
                view! { <Link href="/review" class="apx-nav__link">{i18n.tr(k::NAV_REVIEW_QUEUE)}</Link> }.into_any()
            } else {
                view! { <Link href="/products" class="apx-nav__link">{i18n.tr(k::NAV_PRODUCT_MANAGEMENT)}</Link> }.into_any()
            }}
        </nav>
    }
}

/// 商品 › 商品管理 (› 发布商品 / 商品详情 / 预览) for a seller, 商品 › 审核队列 (› 审核申请)
/// for a reviewer: where they are.
#[component]
fn Breadcrumb(page: Memo<Page>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = use_session();
    let here = move || match page.get() {
        Page::Publish(_) | Page::PublishHome | Page::Preview => Some(k::PUBLISH_TITLE),
        Page::Detail(_) => Some(k::DETAIL_TITLE),
        Page::SavedPreview(_) => Some(k::PREVIEW_TITLE),
        Page::ReviewProduct(_) => Some(k::REVIEW_PRODUCT_TITLE),
        _ => None,
    };
    let section = move || {
        if session.is_reviewer() {
            view! { <Link href="/review">{i18n.tr(k::NAV_REVIEW_QUEUE)}</Link> }.into_any()
        } else {
            view! { <Link href="/products">{i18n.tr(k::NAV_PRODUCT_MANAGEMENT)}</Link> }.into_any()
        }
    };
    view! {
        <nav class="apx-breadcrumb" aria-label=i18n.tr(k::NAV_BREADCRUMB)>
            <span>{i18n.tr(k::NAV_GOODS)}</span>
            " › "
            {section}
            {move || here().map(|key| view! { " › " <span aria-current="page">{i18n.tr(key)}</span> })}
        </nav>
    }
}

#[component]
fn LocaleSwitch() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let choose = move |ev: leptos::ev::Event| {
        if let Some(locale) = Locale::from_tag(&event_target_value(&ev)) {
            i18n.set_locale(locale);
        }
    };
    let name = |l: Locale| match l {
        Locale::ZhCn => k::LOCALE_ZH_CN,
        Locale::En => k::LOCALE_EN,
    };
    view! {
        <label class="apx-locale">
            <span class="apx-locale__label">{i18n.tr(k::LOCALE_LABEL)}</span>
            <select class="apx-select" on:change=choose>
                {Locale::ALL
                    .into_iter()
                    .map(|l| {
                        view! {
                            <option value=l.tag() selected=move || i18n.locale() == l>
                                {i18n.tr(name(l))}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

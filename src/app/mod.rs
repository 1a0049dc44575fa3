//! The shell: configuration and i18n context, the routes (leptos_router, under the base
//! path), and the seller-center layout (navigation 商品 › 商品管理, breadcrumb, language
//! switch, who is signed in).

mod chunks;
mod live;
mod session;

use leptos::prelude::*;
use leptos_router::components::{FlatRoutes, Route, Router};
use leptos_router::hooks::{use_location, use_navigate, use_params_map};
use leptos_router::location::{BrowserUrl, LocationProvider};
use leptos_router::{path, NavigateOptions};

use self::session::{Identity, SessionGate};
use crate::chunk::ChunkError;
use crate::host::{inside, use_base, use_host, Base, Host};
use crate::i18n::{k, I18n, Key, Locale};
use crate::products::ProductsPage;
use crate::session::{use_session, Session};
use crate::ui::{Button, FirstScreen, Link, Loading, NotFound};

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
    /// The API gateway's documentation in this seller center (step 4's 前提条件 links it).
    pub gateway_docs: Option<String>,
}

impl AppConfig {
    /// The options a host passes to `mount`, read from a plain JS object: `apiBase`,
    /// `token`, `basePath`, `locale` (`zh-CN` | `en`), `route` (the first page, below the
    /// base path), `gatewayDocs` (the API gateway's documentation).
    pub fn from_options(options: &wasm_bindgen::JsValue) -> AppConfig {
        let text = |key: &str| {
            js_sys::Reflect::get(options, &wasm_bindgen::JsValue::from_str(key))
                .ok()
                .and_then(|v| v.as_string())
                .filter(|v| !v.is_empty())
        };
        AppConfig {
            api_base: text("apiBase").unwrap_or_default(),
            base_path: text("basePath").unwrap_or_default(),
            locale: text("locale").as_deref().and_then(Locale::from_tag),
            token: text("token"),
            route: text("route"),
            gateway_docs: text("gatewayDocs"),
        }
    }
}

/// The console's style sheet (`style/*.css`, joined by `build.rs`), adopted by the
/// document, or by the shadow root of an embedded console (`host::adopt_styles`).
/// In the page build, the rules the first load can need (`build.rs` keeps those naming
/// only classes its code uses): the other screens' chunks bring the whole sheet
/// ([`ALL_STYLES`], `host::complete_styles`), so their rules are not in the first load.
/// Without chunks (the browser tests), the whole sheet at once.
#[cfg(feature = "split")]
pub const STYLES: &str = include_str!(concat!(env!("OUT_DIR"), "/first.css"));
#[cfg(not(feature = "split"))]
pub const STYLES: &str = ALL_STYLES;

/// Every rule of the console, in cascade order.
pub const ALL_STYLES: &str = include_str!(concat!(env!("OUT_DIR"), "/styles.css"));

/// Goes to `to` (below the base) in place of the current address. On a host page
/// outside the base path only the console moves: the host's address is not the
/// console's to rewrite. A link the seller follows does go to the console's address.
fn redirect(to: &str) {
    let base = use_base();
    if inside(&base) {
        use_navigate()(to, NavigateOptions { replace: true, scroll: false, ..Default::default() });
    } else if let (Some(location), Ok(url)) = (use_context::<BrowserUrl>(), BrowserUrl::parse(&format!("{base}{to}"))) {
        // Not while the routes are being matched against the current address.
        queue_microtask(move || location.as_url().set(url));
    }
}

/// Replaces the address with `to` as soon as it renders (see [`redirect`]).
#[component]
fn Redirect(#[prop(into)] to: String) -> impl IntoView {
    redirect(&to);
}

/// The whole console. `host` is the element it is mounted into when embedded: events
/// for the host page are dispatched on it.
#[component]
pub fn App(config: AppConfig, #[prop(optional)] host: Option<web_sys::Element>) -> impl IntoView {
    // Embedded in a shadow root: the console's elements are found there by id, and
    // its style sheet goes there (else to the document).
    let shadow = host.as_ref().and_then(web_sys::Element::shadow_root);
    crate::host::adopt_styles(STYLES, shadow.as_ref());
    if let Some(root) = shadow {
        crate::host::add_root(&root);
        let root = StoredValue::new_local(root);
        on_cleanup(move || root.with_value(crate::host::remove_root));
    }
    let i18n = I18n::new(config.locale);
    provide_context(i18n);
    provide_context(Session::new(&config.api_base, config.token.clone()));
    provide_context(Host::new(host));
    provide_context(crate::host::Links::new(config.gateway_docs.clone()));
    let base = config.base_path.trim_end_matches('/').to_owned();
    provide_context(Base(base.clone()));
    let route = config.route.clone();
    view! {
        <div class="apx-root" lang=move || i18n.locale().tag()>
            // In English, the English texts first (a chunk of their own).
            {move || i18n.ready().then(|| {
                let (base, route) = (base.clone(), route.clone());
                view! {
                    <Router base=base>
                        {route.map(|route| view! { <Redirect to=route/> })}
                        <Shell/>
                    </Router>
                }
            })}
        </div>
    }
}

#[component]
fn Shell() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    // A share link's page is for anyone: no sign-in, no navigation, nothing else.
    let base = use_base();
    let location = use_location();
    let shared = Memo::new(move |_| {
        location.pathname.with(|path| path.strip_prefix(base.as_str()).is_some_and(|p| p.starts_with("/shared/")))
    });
    view! {
        <header class="apx-header">
            <span class="apx-header__title">{i18n.tr(k::APP_TITLE)}</span>
            <span class="apx-header__tools">
                <Show when=move || !shared.get()>
                    <Identity/>
                </Show>
                <LocaleSwitch/>
            </span>
        </header>
        <Show when=move || shared.get() fallback=|| view! { <SessionGate><Layout/></SessionGate> }>
            <div class="apx-main" role=use_host().content_role() aria-label=i18n.tr(k::APP_TITLE)>
                <FlatRoutes fallback=Fallback>
                    <Route path=path!("/shared/:token") view=|| view! { <Lazy load=|| Box::pin(chunks::shared_page())/> }/>
                </FlatRoutes>
            </div>
        </Show>
    }
}

/// Navigation and the routed screens, for a signed-in seller or reviewer.
#[component]
fn Layout() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = use_session();
    // Once the first screen shows its data (or after a while, whatever it is), the next
    // screens' chunks are fetched in idle time.
    let first_screen = FirstScreen::new();
    provide_context(first_screen);
    // What reviewers decide and the queue's moves, live, for every screen below.
    crate::live::provide_live(session, Signal::derive(move || first_screen.shown()));
    set_timeout(move || first_screen.mark(), std::time::Duration::from_secs(3));
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) || !first_screen.shown() {
            return done.unwrap_or(false);
        }
        prefetch_when_idle(session.is_reviewer_untracked());
        true
    });
    let base = use_base();
    let location = use_location();
    let page = Memo::new(move |_| {
        let path = location.pathname.get();
        let below = path.strip_prefix(base.as_str()).unwrap_or_default();
        Page::of(&below.split('/').filter(|s| !s.is_empty()).collect::<Vec<_>>())
    });
    view! {
        <div class="apx-body">
            <SellerNav/>
            <div class="apx-main" role=use_host().content_role() aria-label=i18n.tr(k::APP_TITLE)>
                <Breadcrumb page/>
                <live::DecisionNotice/>
                <FlatRoutes fallback=Fallback>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/products") view=Home/>
                    <Route path=path!("/products/:tab") view=|| view! { <ForSeller><ProductsPage/></ForSeller> }/>
                    <Route path=path!("/publish/*rest") view=|| view! { <ForSeller><Lazy load=|| Box::pin(chunks::publish_section())/></ForSeller> }/>
                    <Route path=path!("/product/:id") view=|| view! { <ForSeller><Lazy load=|| Box::pin(chunks::product_detail())/></ForSeller> }/>
                    <Route path=path!("/product/:id/preview")
                        view=|| view! { <ForSeller><Lazy load=|| Box::pin(chunks::product_preview())/></ForSeller> }/>
                    <Route path=path!("/review/*rest") view=|| view! { <ForReviewer><Lazy load=|| Box::pin(chunks::review_section())/></ForReviewer> }/>
                </FlatRoutes>
            </div>
        </div>
    }
}

/// A split point's loader: the chunk's screen, once the chunk is here.
type Chunk = fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<AnyView, ChunkError>>>>;

/// A screen in a chunk loaded on demand: 正在加载… while it comes; if it cannot be
/// loaded, it says so and offers 重试.
/// (One kind of loader for every chunk, so the loading machinery exists once.)
#[component]
fn Lazy(load: Chunk) -> impl IntoView {
    let attempt = RwSignal::new(0u32);
    view! {
        <Transition fallback=Loading>
            <ErrorBoundary fallback=move |_| view! { <ChunkFailed retry=Callback::new(move |()| attempt.update(|n| *n += 1))/> }>
                {move || {
                    attempt.track();
                    Suspend::new(send_wrapper::SendWrapper::new(async move { load().await }))
                }}
            </ErrorBoundary>
        </Transition>
    }
}

/// A screen's chunk did not arrive.
#[component]
fn ChunkFailed(retry: Callback<()>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <div class="apx-load-failed" role="alert">
            <p class="apx-status-line apx-status-line--error">{i18n.tr(k::CHUNK_FAILED)}</p>
            <Button on_click=move |_| retry.run(())>{i18n.tr(k::LOAD_RETRY)}</Button>
        </div>
    }
}

/// Once the first screen is there and the browser idle, fetches the chunks this
/// identity is likely to open next.
fn prefetch_when_idle(reviewer: bool) {
    let fetch = wasm_bindgen::closure::Closure::once_into_js(move || {
        leptos::task::spawn_local(chunks::prefetch(reviewer));
    });
    if let Some(window) = web_sys::window() {
        let _ = window.request_idle_callback(wasm_bindgen::JsCast::unchecked_ref(&fetch));
    }
}

/// Each identity has its own home: the review queue, or 商品管理 › 已上架.
fn home() -> &'static str {
    if use_session().is_reviewer_untracked() {
        "/review"
    } else {
        "/products/listed"
    }
}

#[component]
fn Home() -> impl IntoView {
    redirect(home());
}

/// `/publish/{step}`: the step of a new product.
#[component]
fn ShortStep() -> impl IntoView {
    let step = use_params_map().with_untracked(|p| p.get("step").unwrap_or_default());
    redirect(&format!("/publish/new/{step}"));
}

/// No route matched: the home page on a host page outside the base path (without
/// touching its address), else 页面不存在.
#[component]
fn Fallback() -> impl IntoView {
    if inside(&use_base()) {
        view! { <NotFound/> }.into_any()
    } else {
        redirect(home());
        ().into_any()
    }
}

/// A seller's page: a reviewer who opens it lands on the queue (also after 切换身份).
#[component]
fn ForSeller(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let reviewer = Memo::new(move |_| session.is_reviewer());
    move || if reviewer.get() { view! { <Redirect to="/review"/> }.into_any() } else { children().into_any() }
}

/// A reviewer's page: a seller who opens it lands on 商品管理.
#[component]
fn ForReviewer(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let reviewer = Memo::new(move |_| session.is_reviewer());
    move || if reviewer.get() { children().into_any() } else { view! { <Redirect to="/products/listed"/> }.into_any() }
}

/// Where the seller is, for the breadcrumb.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Page {
    Publish,
    Detail,
    SavedPreview,
    ReviewProduct,
    Other,
}

impl Page {
    fn of(segments: &[&str]) -> Page {
        match segments {
            ["publish", ..] => Page::Publish,
            ["product", _] => Page::Detail,
            ["product", _, "preview"] => Page::SavedPreview,
            ["review", _] => Page::ReviewProduct,
            _ => Page::Other,
        }
    }

    fn title(self) -> Option<Key> {
        match self {
            Page::Publish => Some(k::PUBLISH_TITLE),
            Page::Detail => Some(k::DETAIL_TITLE),
            Page::SavedPreview => Some(k::PREVIEW_TITLE),
            Page::ReviewProduct => Some(k::REVIEW_PRODUCT_TITLE),
            Page::Other => None,
        }
    }
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
            {move || page.get().title().map(|key| view! { " › " <span aria-current="page">{i18n.tr(key)}</span> })}
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

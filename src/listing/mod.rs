//! The buyer's page (预览, SPEC §6): one component for the preview of an unsaved form,
//! a saved product, 详情, the review and a share link — the listing, a spec and package
//! chosen with their price, calls and validity, the API access information, and 立即购买
//! (never enabled here: these are previews). It never shows the test report.

mod diff;
mod fields;

pub use diff::ChangeDiff;
pub use fields::{path_label, path_value};

use domain::model::{Catalog, FileRef, ProductContent, ServiceHours, ValidityUnit};
use leptos::prelude::*;

use crate::api::{ApiError, Client};
use crate::i18n::{day_key, k, use_i18n, I18n, Key, Locale};
use crate::session::use_backend;
use crate::ui::field::format_size;
use crate::ui::{Button, Look};

/// The files of a page opened by a share link come through that link, signed out;
/// without this context, with the signed-in user's token.
#[derive(Clone, Copy)]
pub struct SharedFiles(pub StoredValue<String>);

/// A file's bytes, from wherever this page's files come.
async fn file_blob(client: Client, shared: Option<SharedFiles>, id: String) -> Result<web_sys::Blob, ApiError> {
    match shared {
        Some(SharedFiles(token)) => client.shared_file_blob(&token.get_value(), &id).await,
        None => client.file_blob(&id).await,
    }
}

/// A name for a group of radio buttons, unique on the page (several listings may be).
fn group_name(what: &str) -> String {
    thread_local!(static NEXT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) });
    let n = NEXT.with(|next| {
        next.set(next.get() + 1);
        next.get()
    });
    format!("apx-{what}-{n}")
}

/// An uploaded image, fetched with the seller's token and shown from a blob URL.
#[component]
pub fn FileImage(file: FileRef, #[prop(into)] alt: String, #[prop(optional)] class: &'static str) -> impl IntoView {
    let backend = use_backend();
    let shared = use_context::<SharedFiles>();
    // The blob URL, set when the bytes are here. Not a resource: a list's `<Transition>`
    // would wait for every image before showing its rows.
    let src = RwSignal::new(None::<String>);
    // The blob URL to release when the image goes, kept outside the reactive graph (the
    // signal may be gone by the time the cleanup runs).
    let made = std::sync::Arc::new(std::sync::Mutex::new(None::<String>));
    leptos::task::spawn_local({
        let (client, id, made) = (backend.client(), file.id, made.clone());
        async move {
            let Ok(blob) = file_blob(client, shared, id).await else { return };
            let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
            match src.try_set(Some(url.clone())) {
                // The image went meanwhile.
                Some(_) => {
                    let _ = web_sys::Url::revoke_object_url(&url);
                }
                None => {
                    if let Ok(mut made) = made.lock() {
                        *made = Some(url);
                    }
                }
            }
        }
    });
    on_cleanup(move || {
        if let Some(url) = made.lock().ok().and_then(|mut m| m.take()) {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    });
    // Until its bytes are here the image is a quiet box (busy, without its text), not its
    // alt text beside a broken-image sign. `try_get`: the attributes may be updated once
    // more while the image is being taken away, after its signal is gone.
    let fetched = move || src.try_get().flatten();
    let loading = move || fetched().is_none();
    let alt = move || if loading() { String::new() } else { alt.clone() };
    view! { <img class=class src=fetched alt=alt aria-busy=move || loading().then_some("true")/> }
}

/// 商品分类 as buyers read it: "level 1 / level 2" by the catalog's names.
fn category_name(c: &ProductContent, catalog: &Catalog) -> Option<String> {
    let choice = c.category.as_ref()?;
    let l1 = catalog.categories.iter().find(|x| x.id == choice.level1)?;
    let l2 = l1.children.iter().find(|x| x.id == choice.level2).map(|x| x.name.as_str()).unwrap_or_default();
    Some(format!("{} / {l2}", l1.name))
}

/// 服务时间 as buyers read it: 7×24, or the days and the hours.
fn hours_text(i18n: I18n, hours: &ServiceHours) -> String {
    match hours {
        ServiceHours::Always => i18n.t(k::HOURS_ALWAYS).to_owned(),
        ServiceHours::Weekly { days, start, end } => {
            let names: Vec<&str> = days.iter().filter_map(|d| day_key(*d)).map(|key| i18n.t(key)).collect();
            format!("{} {start}–{end}", names.join(i18n.t(k::LIST_SEPARATOR)))
        }
    }
}

/// A whole number as typed, with thousands grouped for reading (`1000000` → `1,000,000`);
/// anything else as it is.
fn grouped(number: &str) -> String {
    let digits = number.trim();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return number.to_owned();
    }
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// 有效期 as a buyer reads it: "1 个月", "12 个月", "1 年"; "1 month", "2 months".
/// Anything but a whole number is shown as typed, with its unit.
pub fn validity_text(locale: Locale, validity: &str, unit: ValidityUnit) -> String {
    let n = validity.trim();
    let one = n.parse::<u64>().is_ok_and(|n| n == 1);
    let key: Key = match (unit, one) {
        (ValidityUnit::Day, true) => k::DURATION_DAY_ONE,
        (ValidityUnit::Day, false) => k::DURATION_DAY,
        (ValidityUnit::Month, true) => k::DURATION_MONTH_ONE,
        (ValidityUnit::Month, false) => k::DURATION_MONTH,
        (ValidityUnit::Year, true) => k::DURATION_YEAR_ONE,
        (ValidityUnit::Year, false) => k::DURATION_YEAR,
    };
    locale.format(key, &[("n", n)])
}

/// A document as a link (the usage document, the service agreement): fetched with the
/// seller's token (or through the share link) when followed, and saved under its own
/// name. Its text is `label`, or its name and size.
#[component]
fn Download(file: FileRef, #[prop(optional)] label: Option<Key>) -> impl IntoView {
    let i18n = use_i18n();
    let backend = use_backend();
    let shared = use_context::<SharedFiles>();
    let failed = RwSignal::new(false);
    let (id, name, size) = (file.id.clone(), file.name.clone(), format_size(file.size));
    let fetch = Action::new_local({
        let (id, name) = (id.clone(), name.clone());
        move |_: &()| {
            let (client, id, name) = (backend.client(), id.clone(), name.clone());
            async move {
                let saved = match file_blob(client, shared, id).await {
                    Ok(blob) => save_blob(&blob, &name).is_some(),
                    Err(_) => false,
                };
                let _ = failed.try_set(!saved);
            }
        }
    });
    let href = backend.client().file_url(&id);
    let label = {
        let name = name.clone();
        move || match label {
            Some(label) => i18n.t(label).to_owned(),
            None => i18n.format(k::LISTING_DOWNLOAD, &[("name", &name), ("size", &size)]),
        }
    };
    view! {
        <a class="apx-link apx-listing__download" href=href download=name
            on:click=move |ev| { ev.prevent_default(); fetch.dispatch_local(()); }>{label}</a>
        <Show when=move || failed.get()>
            <span class="apx-field__error" role="alert">{i18n.tr(k::LISTING_DOWNLOAD_FAILED)}</span>
        </Show>
    }
}

/// Hands `blob` to the browser as a download named `name`.
fn save_blob(blob: &web_sys::Blob, name: &str) -> Option<()> {
    use wasm_bindgen::JsCast;
    let document = web_sys::window()?.document()?;
    let url = web_sys::Url::create_object_url_with_blob(blob).ok()?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // The download has its own copy once it started.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(30),
    );
    Some(())
}

/// The preview page around the buyer's page: a bar saying what it is ("预览：商品上架后
/// 买家看到的页面") with the page's `actions` (返回编辑, 提交审核 …) and a width switch —
/// desktop, or a phone's 390 px: the same page laid out in a container that wide.
#[component]
pub fn PreviewFrame(actions: AnyView, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let phone = RwSignal::new(false);
    view! {
        <div class="apx-preview">
            <div class="apx-preview__bar">
                <h1 class="apx-preview__what">{i18n.tr(k::PREVIEW_BAR)}</h1>
                <div class="apx-preview__actions">{actions}</div>
                <div class="apx-switch" role="group" aria-label=i18n.tr(k::PREVIEW_WIDTH)>
                    <Button pressed=Signal::derive(move || !phone.get()) on_click=move |_| phone.set(false)>
                        {i18n.tr(k::PREVIEW_DESKTOP)}
                    </Button>
                    <Button pressed=phone on_click=move |_| phone.set(true)>{i18n.tr(k::PREVIEW_PHONE)}</Button>
                </div>
            </div>
            <div class="apx-preview__frame" class:apx-preview__frame--phone=phone>{children()}</div>
        </div>
    }
}

/// What a buyer chooses and buys: a spec, then one of its packages (radio groups: arrow
/// keys move within a group), the chosen package's price, calls and validity, the chosen
/// spec's API access information (the key only after purchase), and 立即购买 with the
/// agreement it accepts — disabled, saying why: this is a preview.
#[component]
fn Purchase(content: Signal<ProductContent>) -> impl IntoView {
    let i18n = use_i18n();
    let spec = RwSignal::new(0usize);
    let package = RwSignal::new(0usize);
    let (spec_group, package_group) = (group_name("spec"), group_name("package"));
    let reason_id = format!("{spec_group}-why");
    let (title_id, labelled_by) = (format!("{spec_group}-title"), format!("{spec_group}-title"));
    let specs = move || content.with(|c| c.specs.iter().map(|s| s.name.clone()).collect::<Vec<_>>());
    let chosen_spec = move || content.with(|c| c.specs.get(spec.get()).cloned());
    let packages = move || chosen_spec().map(|s| s.packages).unwrap_or_default();
    let chosen = move || packages().get(package.get()).cloned();
    let radios = move |group: String, names: Vec<String>, selected: RwSignal<usize>, on_pick: Callback<usize>| {
        names
            .into_iter()
            .enumerate()
            .map(|(i, name)| {
                let empty = name.trim().is_empty();
                view! {
                    <label class="apx-choice-chip" class:apx-choice-chip--on=move || selected.get() == i>
                        <input type="radio" class="apx-choice-chip__input" name=group.clone() prop:checked=move || selected.get() == i
                            on:change=move |_| on_pick.run(i)/>
                        {if empty { i18n.t(k::LISTING_EMPTY).to_owned() } else { name }}
                    </label>
                }
            })
            .collect_view()
    };
    let agreement = move || content.with(|c| c.service_agreement.clone());
    view! {
        <section class="apx-listing__section apx-listing__buy" aria-labelledby=labelled_by>
            <h3 id=title_id class="apx-visually-hidden">{i18n.tr(k::LISTING_BUY)}</h3>
            <fieldset class="apx-listing__choices">
                <legend>{i18n.tr(k::LISTING_SPEC)}</legend>
                {move || radios(spec_group.clone(), specs(), spec, Callback::new(move |i| { spec.set(i); package.set(0); }))}
            </fieldset>
            <fieldset class="apx-listing__choices">
                <legend>{i18n.tr(k::LISTING_PACKAGE)}</legend>
                {move || {
                    let names = packages().into_iter().map(|p| p.name).collect();
                    radios(package_group.clone(), names, package, Callback::new(move |i| package.set(i)))
                }}
            </fieldset>
            {move || chosen().map(|p| view! {
                <p class="apx-listing__price" aria-live="polite">
                    <span class="apx-listing__amount">"¥ " {p.price.clone()}</span>
                    <span>{i18n.format(k::LISTING_CALLS, &[("n", &grouped(&p.calls))])}</span>
                    <span>{i18n.format(k::LISTING_VALIDITY, &[("validity", &validity_text(i18n.locale(), &p.validity, p.validity_unit))])}</span>
                </p>
            })}
            <dl class="apx-listing__facts apx-listing__access">
                <dt>{i18n.tr(k::LISTING_ACCESS)}</dt>
                <dd>
                    <span class="apx-listing__address">{move || chosen_spec().map(|s| s.access_url).filter(|a| !a.is_empty())
                        .unwrap_or_else(|| i18n.t(k::LISTING_EMPTY).to_owned())}</span>
                </dd>
                <dt>{i18n.tr(k::LISTING_KEY)}</dt>
                <dd>{i18n.tr(k::LISTING_KEY_AFTER)}</dd>
            </dl>
            <div class="apx-listing__purchase">
                <Button look=Look::Primary disabled=true describedby=reason_id.clone() on_click=|_| ()>
                    {i18n.tr(k::LISTING_BUY)}
                </Button>
                <p id=reason_id class="apx-field__hint">{i18n.tr(k::LISTING_BUY_PREVIEW)}</p>
                <p class="apx-listing__agree">
                    {i18n.tr(k::LISTING_AGREE_BEFORE)}
                    {move || match agreement() {
                        Some(file) => view! { <Download file label=k::LISTING_AGREEMENT/> }.into_any(),
                        None => view! { <span>{i18n.tr(k::LISTING_AGREEMENT)}</span> }.into_any(),
                    }}
                </p>
            </div>
        </section>
    }
}

/// The listing page a buyer sees, built from `content`. Sections with nothing to show
/// are left out (a draft's preview may be far from complete).
#[component]
pub fn Listing(#[prop(into)] content: Signal<ProductContent>, #[prop(into)] catalog: Signal<Catalog>) -> impl IntoView {
    let i18n = use_i18n();
    let c = move || content.get();
    let category = move || content.with(|c| catalog.with(|cat| category_name(c, cat)));
    let tag_names = move || {
        let tags = c().tags;
        catalog.with(|cat| cat.tags.iter().filter(|t| tags.contains(&t.id)).map(|t| t.name.clone()).collect::<Vec<_>>())
    };
    let hours = move || content.with(|c| hours_text(i18n, &c.support.hours));
    let empty = move || i18n.t(k::LISTING_EMPTY);
    let has = move |f: fn(&ProductContent) -> bool| content.with(f);
    view! {
        <article class="apx-listing">
            <header class="apx-listing__head">
                {move || c().icon.map(|icon| view! { <FileImage file=icon alt=c().name class="apx-listing__icon"/> })}
                <div>
                    <h2 class="apx-listing__name">{move || { let n = c().name; if n.trim().is_empty() { empty().to_owned() } else { n } }}</h2>
                    <Show when=move || has(|c| !c.summary.trim().is_empty())>
                        <p class="apx-listing__summary">{move || c().summary}</p>
                    </Show>
                </div>
            </header>
            <Show when=move || has(|c| !c.images.is_empty())>
                // It scrolls sideways when the images are wider than the page: the
                // keyboard can scroll it too.
                <div class="apx-listing__gallery" tabindex="0" role="group" aria-label=move || i18n.t(k::FIELD_IMAGES)>
                    {move || c().images.into_iter().enumerate().map(|(i, img)| {
                        let alt = format!("{} {}", c().name, i + 1);
                        view! { <FileImage file=img alt=alt class="apx-listing__image"/> }
                    }).collect_view()}
                </div>
            </Show>
            <Show when=move || has(|c| c.category.is_some() || !c.tags.is_empty())>
                <dl class="apx-listing__facts">
                    {move || category().map(|name| view! { <dt>{i18n.tr(k::FIELD_CATEGORY)}</dt> <dd>{name}</dd> })}
                    {move || {
                        let tags = tag_names();
                        (!tags.is_empty()).then(|| view! {
                            <dt>{i18n.tr(k::LISTING_TAGS)}</dt>
                            <dd class="apx-listing__tags">{tags.into_iter().map(|t| view! { <span class="apx-tag">{t}</span> }).collect_view()}</dd>
                        })
                    }}
                </dl>
            </Show>
            <Show when=move || has(|c| !c.specs.is_empty())>
                <Purchase content/>
            </Show>
            <Show when=move || has(|c| !c.detail.trim().is_empty())>
                <section class="apx-listing__section">
                    <h3>{i18n.tr(k::FIELD_DETAIL)}</h3>
                    <p class="apx-listing__text">{move || c().detail}</p>
                </section>
            </Show>
            <Show when=move || has(|c| !c.cases.trim().is_empty())>
                <section class="apx-listing__section">
                    <h3>{i18n.tr(k::LISTING_CASES)}</h3>
                    <p class="apx-listing__text">{move || c().cases}</p>
                </section>
            </Show>
            {move || c().usage_doc.map(|file| view! {
                <section class="apx-listing__section">
                    <h3>{i18n.tr(k::FIELD_USAGE_DOC)}</h3>
                    <p><Download file/></p>
                </section>
            })}
            <Show when=move || has(|c| !c.support.hotline.trim().is_empty() || !c.support.email.trim().is_empty())>
                <section class="apx-listing__section">
                    <h3>{i18n.tr(k::FIELD_SUPPORT)}</h3>
                    <dl class="apx-listing__facts">
                        <Show when=move || has(|c| !c.support.hotline.trim().is_empty())>
                            <dt>{i18n.tr(k::FIELD_HOTLINE)}</dt><dd>{move || c().support.hotline}</dd>
                        </Show>
                        <Show when=move || has(|c| !c.support.email.trim().is_empty())>
                            <dt>{i18n.tr(k::FIELD_EMAIL)}</dt><dd>{move || c().support.email}</dd>
                        </Show>
                        <dt>{i18n.tr(k::FIELD_HOURS)}</dt><dd>{hours}</dd>
                    </dl>
                </section>
            </Show>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::{grouped, validity_text};
    use crate::i18n::Locale;
    use domain::model::ValidityUnit::{Day, Month, Year};
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn calls_are_grouped_by_thousands() {
        assert_eq!(grouped("1000000"), "1,000,000");
        assert_eq!(grouped("10000"), "10,000");
        assert_eq!(grouped("999"), "999");
        assert_eq!(grouped("12a"), "12a");
        assert_eq!(grouped(""), "");
    }

    #[wasm_bindgen_test]
    async fn validity_reads_naturally_in_both_languages() {
        assert_eq!(validity_text(Locale::ZhCn, "1", Month), "1 个月");
        assert_eq!(validity_text(Locale::ZhCn, "12", Month), "12 个月");
        assert_eq!(validity_text(Locale::ZhCn, "1", Year), "1 年");
        assert_eq!(validity_text(Locale::ZhCn, "30", Day), "30 天");
        Locale::En.load().await.expect("the English texts");
        assert_eq!(validity_text(Locale::En, "1", Month), "1 month");
        assert_eq!(validity_text(Locale::En, "12", Month), "12 months");
        assert_eq!(validity_text(Locale::En, " 1 ", Year), "1 year");
        assert_eq!(validity_text(Locale::En, "2", Year), "2 years");
        assert_eq!(validity_text(Locale::En, "1", Day), "1 day");
    }
}

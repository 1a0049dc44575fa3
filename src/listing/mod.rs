//! The buyer-facing listing (预览): one component for the preview of an unsaved form
//! and for saved products. It never shows the test report.

mod diff;

pub use diff::ChangeDiff;

use domain::model::{Catalog, FileRef, ProductContent, ServiceHours, ValidityUnit};
use leptos::prelude::*;

use crate::i18n::{day_key, k, use_i18n, I18n, Key, Locale};
use crate::session::use_backend;
use crate::ui::field::format_size;

/// An uploaded image, fetched with the seller's token and shown from a blob URL.
#[component]
pub fn FileImage(file: FileRef, #[prop(into)] alt: String, #[prop(optional)] class: &'static str) -> impl IntoView {
    let backend = use_backend();
    let id = file.id;
    // The blob URL to release when the image goes, kept outside the reactive graph (the
    // resource may be gone by the time the cleanup runs).
    let made = std::sync::Arc::new(std::sync::Mutex::new(None::<String>));
    let src = LocalResource::new({
        let made = made.clone();
        move || {
            let (client, id, made) = (backend.client(), id.clone(), made.clone());
            async move {
                let blob = client.file_blob(&id).await.ok()?;
                let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
                if let Ok(mut made) = made.lock() {
                    *made = Some(url.clone());
                }
                Some(url)
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
    // more while the image is being taken away, after its resource is gone.
    let fetched = move || src.try_get().flatten();
    let loading = move || fetched().is_none();
    let alt = move || if loading() { String::new() } else { alt.clone() };
    view! { <img class=class src=move || fetched().flatten() alt=alt aria-busy=move || loading().then_some("true")/> }
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

/// The usage document as a link: fetched with the seller's token when followed, and
/// saved under its own name.
#[component]
fn Download(file: FileRef) -> impl IntoView {
    let i18n = use_i18n();
    let backend = use_backend();
    let failed = RwSignal::new(false);
    let (id, name, size) = (file.id.clone(), file.name.clone(), format_size(file.size));
    let fetch = Action::new_local({
        let (id, name) = (id.clone(), name.clone());
        move |_: &()| {
            let (client, id, name) = (backend.client(), id.clone(), name.clone());
            async move {
                let saved = match client.file_blob(&id).await {
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
        move || i18n.format(k::LISTING_DOWNLOAD, &[("name", &name), ("size", &size)])
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

/// The listing page a buyer sees, built from `content`. Sections with nothing to show
/// are left out (a draft's preview may be far from complete).
#[component]
pub fn Listing(#[prop(into)] content: Signal<ProductContent>, #[prop(into)] catalog: Signal<Catalog>) -> impl IntoView {
    let i18n = use_i18n();
    let spec = RwSignal::new(0usize);
    let package = RwSignal::new(0usize);
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
            <Show when=move || has(|c| !c.specs.is_empty())>
                <section class="apx-listing__section apx-listing__buy">
                    <h3>{i18n.tr(k::LISTING_SPEC)}</h3>
                    <div class="apx-listing__choices" role="radiogroup" aria-label=i18n.tr(k::LISTING_SPEC)>
                        {move || c().specs.into_iter().enumerate().map(|(i, s)| view! {
                            <button type="button" class="apx-choice-chip" role="radio" aria-checked=move || (spec.get() == i).to_string()
                                on:click=move |_| { spec.set(i); package.set(0); }>{s.name}</button>
                        }).collect_view()}
                    </div>
                    <h3>{i18n.tr(k::LISTING_PACKAGE)}</h3>
                    <div class="apx-listing__choices" role="radiogroup" aria-label=i18n.tr(k::LISTING_PACKAGE)>
                        {move || c().specs.get(spec.get()).map(|s| s.packages.clone()).unwrap_or_default().into_iter().enumerate().map(|(i, p)| view! {
                            <button type="button" class="apx-choice-chip" role="radio" aria-checked=move || (package.get() == i).to_string()
                                on:click=move |_| package.set(i)>{p.name}</button>
                        }).collect_view()}
                    </div>
                    {move || c().specs.get(spec.get()).and_then(|s| s.packages.get(package.get()).cloned()).map(|p| view! {
                        <p class="apx-listing__price">
                            <span class="apx-listing__amount">"¥ " {p.price.clone()}</span>
                            <span>{i18n.format(k::LISTING_CALLS, &[("n", &grouped(&p.calls))])}</span>
                            <span>{format!("{} {}", i18n.t(k::FIELD_VALIDITY), validity_text(i18n.locale(), &p.validity, p.validity_unit))}</span>
                        </p>
                    })}
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

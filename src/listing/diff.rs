//! What a change changes, field by field (SPEC §5a): the live content next to the
//! proposed one, changed text marked, images and files side by side, specs and packages
//! added, removed or changed. The pairing and marking are `domain::diff`; this renders.

use domain::diff::{self, Kind, PackageDiff, SpecDiff};
use domain::model::{Catalog, FileRef, Package, ProductContent, ServiceSupport};
use leptos::prelude::*;

use super::{category_name, grouped, hours_text, validity_text, FileImage};
use crate::i18n::{field_key, k, use_i18n, I18n, Key};

/// The table of differences between `live` and `proposed` (only the fields that differ);
/// its caption and column heads name what is compared (a change: 线上版本 and 变更后; a
/// second review: 上次驳回时 and 重新提交的).
#[component]
pub fn ChangeDiff(
    live: ProductContent,
    proposed: ProductContent,
    catalog: Catalog,
    #[prop(default = k::REVIEW_CHANGE_TITLE)] caption: Key,
    #[prop(default = k::DIFF_LIVE)] before: Key,
    #[prop(default = k::DIFF_PROPOSED)] after: Key,
    #[prop(default = k::REVIEW_CHANGE_NONE)] none: Key,
) -> impl IntoView {
    let i18n = use_i18n();
    let changed = diff::changed_fields(&live, &proposed);
    if changed.is_empty() {
        return view! { <p class="apx-empty">{i18n.tr(none)}</p> }.into_any();
    }
    let rows = changed
        .into_iter()
        .map(|field| {
            let label = field_key(field).map(|key| i18n.tr(key));
            let (before, after) = cells(i18n, field, &live, &proposed, &catalog);
            view! {
                <tr data-field=field>
                    <th scope="row">{label.map(|l| l())}</th>
                    <td>{before}</td>
                    <td>{after}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="apx-diff">
            <caption class="apx-visually-hidden">{i18n.tr(caption)}</caption>
            <thead>
                <tr>
                    <th scope="col">{i18n.tr(k::DIFF_FIELD)}</th>
                    <th scope="col">{i18n.tr(before)}</th>
                    <th scope="col">{i18n.tr(after)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

/// The live and the proposed cell of one field.
fn cells(
    i18n: I18n,
    field: &str,
    live: &ProductContent,
    proposed: &ProductContent,
    catalog: &Catalog,
) -> (AnyView, AnyView) {
    let texts = |a: &str, b: &str| (plain(i18n, a), marked(i18n, a, b));
    match field {
        "name" => texts(&live.name, &proposed.name),
        "summary" => texts(&live.summary, &proposed.summary),
        "detail" => texts(&live.detail, &proposed.detail),
        "cases" => texts(&live.cases, &proposed.cases),
        "icon" => (files(i18n, live.icon.iter()), files(i18n, proposed.icon.iter())),
        "images" => (files(i18n, live.images.iter()), files(i18n, proposed.images.iter())),
        "copyright_certs" => (files(i18n, live.copyright_certs.iter()), files(i18n, proposed.copyright_certs.iter())),
        "usage_doc" => (files(i18n, live.usage_doc.iter()), files(i18n, proposed.usage_doc.iter())),
        "oss_statement" => (files(i18n, live.oss_statement.iter()), files(i18n, proposed.oss_statement.iter())),
        "service_agreement" => {
            (files(i18n, live.service_agreement.iter()), files(i18n, proposed.service_agreement.iter()))
        }
        "test_report" => (files(i18n, live.test_report.iter()), files(i18n, proposed.test_report.iter())),
        "support" => {
            let (a, b) = (support_text(i18n, &live.support), support_text(i18n, &proposed.support));
            texts(&a, &b)
        }
        "category" => {
            let name = |c| category_name(c, catalog).unwrap_or_default();
            texts(&name(live), &name(proposed))
        }
        "tags" => texts(&tags_text(i18n, live, catalog), &tags_text(i18n, proposed, catalog)),
        "specs" => specs(i18n, &diff::specs(&live.specs, &proposed.specs)),
        _ => (().into_any(), ().into_any()),
    }
}

fn plain(i18n: I18n, text: &str) -> AnyView {
    if text.trim().is_empty() {
        return view! { <span>{i18n.tr(k::DIFF_EMPTY)}</span> }.into_any();
    }
    text.to_owned().into_any()
}

/// The proposed text with the changed run marked: what went (struck) and what came.
fn marked(i18n: I18n, live: &str, proposed: &str) -> AnyView {
    if proposed.trim().is_empty() {
        return plain(i18n, proposed);
    }
    let d = diff::text(live, proposed);
    view! {
        {d.before}
        {(!d.removed.is_empty()).then(|| view! { <del>{d.removed}</del> })}
        {(!d.added.is_empty()).then(|| view! { <ins>{d.added}</ins> })}
        {d.after}
    }
    .into_any()
}

/// Images as thumbnails, other files by name.
fn files<'a>(i18n: I18n, files: impl Iterator<Item = &'a FileRef>) -> AnyView {
    let items: Vec<FileRef> = files.cloned().collect();
    if items.is_empty() {
        return plain(i18n, "");
    }
    let list = items
        .into_iter()
        .map(|file| {
            let image = matches!(file.kind, domain::FileKind::Jpeg | domain::FileKind::Png);
            let name = file.name.clone();
            view! {
                <li>
                    {image.then(|| view! { <FileImage file=file.clone() alt=name.clone() class="apx-diff__thumb"/> })}
                    {(!image).then(|| name.clone())}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="apx-diff__files">{list}</ul> }.into_any()
}

fn support_text(i18n: I18n, s: &ServiceSupport) -> String {
    let hours = hours_text(i18n, &s.hours);
    format!(
        "{}：{}\n{}：{}\n{}：{hours}",
        i18n.t(k::FIELD_HOTLINE),
        s.hotline,
        i18n.t(k::FIELD_EMAIL),
        s.email,
        i18n.t(k::FIELD_HOURS)
    )
}

fn tags_text(i18n: I18n, c: &ProductContent, catalog: &Catalog) -> String {
    let names: Vec<&str> =
        c.tags.iter().filter_map(|id| catalog.tags.iter().find(|t| &t.id == id).map(|t| t.name.as_str())).collect();
    names.join(i18n.t(k::LIST_SEPARATOR))
}

fn kind_key(kind: Kind) -> Option<Key> {
    match kind {
        Kind::Added => Some(k::DIFF_ADDED),
        Kind::Removed => Some(k::DIFF_REMOVED),
        Kind::Changed => Some(k::DIFF_CHANGED),
        Kind::Same => None,
    }
}

fn package_text(i18n: I18n, p: &Package) -> String {
    format!(
        "{} · {} · {} · ¥ {}",
        p.name.trim(),
        i18n.format(k::LISTING_CALLS, &[("n", &grouped(&p.calls))]),
        validity_text(i18n.locale(), &p.validity, p.validity_unit),
        p.price.trim()
    )
}

/// Specs: the live ones as they are; the proposed ones with what was added, removed or
/// changed marked, down to each package.
fn specs(i18n: I18n, diffs: &[SpecDiff]) -> (AnyView, AnyView) {
    let live = diffs
        .iter()
        .filter_map(|d| d.live.as_ref())
        .map(|s| {
            let packages = s.packages.iter().map(|p| view! { <li>{package_text(i18n, p)}</li> }).collect_view();
            view! { <div class="apx-diff__item"><strong>{s.name.clone()}</strong><ul>{packages}</ul></div> }
        })
        .collect_view();
    let proposed = diffs
        .iter()
        .map(|d| {
            let mark = kind_key(d.kind).map(|key| view! { <span class="apx-diff__mark">"[" {i18n.tr(key)} "]"</span> });
            let service =
                d.service_changed.then(|| view! { <p class="apx-diff__item">{i18n.tr(k::DIFF_SERVICE_CHANGED)}</p> });
            let packages = d.packages.iter().map(|p| package_row(i18n, p)).collect_view();
            view! {
                <div class="apx-diff__item" data-kind=format!("{:?}", d.kind).to_lowercase()>
                    {mark}<strong>{d.name.clone()}</strong>
                    {service}
                    <ul>{packages}</ul>
                </div>
            }
        })
        .collect_view();
    (live.into_any(), proposed.into_any())
}

fn package_row(i18n: I18n, p: &PackageDiff) -> impl IntoView {
    let mark = kind_key(p.kind).map(|key| view! { <span class="apx-diff__mark">"[" {i18n.tr(key)} "]"</span> });
    let text = match (p.kind, &p.live, &p.proposed) {
        (Kind::Removed, Some(live), _) => view! { <del>{package_text(i18n, live)}</del> }.into_any(),
        (Kind::Changed, Some(live), Some(proposed)) => {
            marked(i18n, &package_text(i18n, live), &package_text(i18n, proposed))
        }
        (_, _, Some(proposed)) => package_text(i18n, proposed).into_any(),
        _ => ().into_any(),
    };
    view! { <li>{mark}{text}</li> }
}

//! Step 4 — 销售信息: specs (1–20) with their gateway service, access information and
//! packages (1–20, reorderable), each spec saved on its own.

use domain::model::{Package, Spec, ValidityUnit};
use domain::{validate, RULES};
use leptos::prelude::*;

use super::state::{use_wizard, Wizard};
use crate::i18n::{k, unit_key, use_i18n};
use crate::ui::field::{field_id, invalid, FieldMessage, InputField, TextField};

/// A new spec: one empty package, not saved by its own 保存 yet.
fn new_spec() -> Spec {
    Spec { packages: vec![Package::default()], saved: false, ..Spec::default() }
}

/// Edits spec `i`; its own 保存 has not taken this change (S4-SAVE, kept in the draft).
fn edit_spec(w: Wizard, i: usize, field: &str, change: impl FnOnce(&mut Spec)) {
    w.edit(&format!("specs[{i}].{field}"), |c| {
        if let Some(spec) = c.specs.get_mut(i) {
            change(spec);
            spec.saved = false;
        }
    });
}

/// The first spec with changes its own 保存 has not taken: the step cannot be left then.
pub fn first_unsaved(w: Wizard) -> Option<usize> {
    w.content.with_untracked(|c| c.specs.iter().position(|s| !s.saved))
}

#[component]
pub fn SalesStep() -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    let count = Memo::new(move |_| w.content.with(|c| c.specs.len()));
    let full = move || count.get() >= RULES.s4_specs.max;
    // A product needs a spec: the step opens with one to fill in.
    if count.get_untracked() == 0 {
        w.edit("specs", |c| c.specs.push(new_spec()));
    }
    let add = move |_: leptos::ev::MouseEvent| w.edit("specs", |c| c.specs.push(new_spec()));
    view! {
        <div class="apx-specs">
            {move || (0..count.get()).map(|i| view! { <SpecEditor index=i/> }).collect_view()}
        </div>
        <div class="apx-field">
            <button type="button" class="apx-button" id=field_id("specs") disabled=full
                aria-describedby="apx-specs-limit apx-f-specs-error" on:click=add>
                {i18n.tr(k::SPEC_ADD)}
            </button>
            <p id="apx-specs-limit" class="apx-field__hint">
                {move || if full() {
                    i18n.format(k::SPEC_MAX, &[("max", &RULES.s4_specs.max.to_string())])
                } else {
                    i18n.format(k::SPEC_COUNT, &[("n", &count.get().to_string()), ("max", &RULES.s4_specs.max.to_string())])
                }}
            </p>
            <FieldMessage path="specs"/>
        </div>
    }
}

#[component]
fn SpecEditor(index: usize) -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    let i = index;
    let spec = move || w.content.with(|c| c.specs.get(i).cloned().unwrap_or_default());
    let packages = Memo::new(move |_| w.content.with(|c| c.specs.get(i).map_or(0, |s| s.packages.len())));
    let unsaved = move || w.content.with(|c| c.specs.get(i).is_some_and(|s| !s.saved));
    let prefix = format!("specs[{i}]");
    let service_path = format!("{prefix}.service_id");
    let service_id = field_id(&service_path);
    let choose_service = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        let url = w.catalog.with_untracked(|cat| {
            cat.services.iter().find(|s| s.id == id).map(|s| s.access_url.clone()).unwrap_or_default()
        });
        edit_spec(w, i, "service_id", |s| {
            s.service_id = id;
            s.access_url = url;
        });
    };
    // 保存: the spec's own rules, then it is saved (and the draft with it).
    let save = move |_: leptos::ev::MouseEvent| {
        let errors = w.content.with_untracked(|c| {
            w.catalog.with_untracked(|cat| {
                c.specs.get(i).map(|s| validate::spec_content(i, s, &c.specs, cat)).unwrap_or_default()
            })
        });
        w.reveal(errors.iter().map(|e| e.field.clone()));
        if let Some(first) = errors.first() {
            crate::host::focus(&field_id(&first.field));
        } else {
            w.edit(&format!("specs[{i}]"), |c| {
                if let Some(spec) = c.specs.get_mut(i) {
                    spec.saved = true;
                }
            });
            w.save_now();
        }
    };
    let remove = move |_: leptos::ev::MouseEvent| {
        w.edit("specs", |c| {
            if i < c.specs.len() {
                c.specs.remove(i);
            }
        });
    };
    let add_package =
        move |_: leptos::ev::MouseEvent| edit_spec(w, i, "packages", |s| s.packages.push(Package::default()));
    let title = move || {
        let name = spec().name;
        if name.trim().is_empty() {
            i18n.format(k::SPEC_TITLE, &[("n", &(i + 1).to_string())])
        } else {
            name
        }
    };
    view! {
        <section class="apx-spec" aria-labelledby=format!("apx-spec-{i}-title")>
            <header class="apx-spec__head">
                <h3 id=format!("apx-spec-{i}-title") class="apx-spec__title">{title}</h3>
                <span class="apx-badge" class:apx-badge--warn=unsaved>
                    {move || if unsaved() { i18n.t(k::SPEC_UNSAVED) } else { i18n.t(k::SPEC_SAVED) }}
                </span>
            </header>
            <FieldMessage path=prefix.clone()/>
            <TextField path=format!("{prefix}.name") label=k::FIELD_SPEC_NAME limit=RULES.s4_name hint=k::HINT_SPEC_NAME
                value=Signal::derive(move || spec().name)
                on_input=move |v: String| edit_spec(w, i, "name", |s| s.name = v)/>
            <div class="apx-field">
                <label class="apx-field__label" for=service_id.clone()>{i18n.tr(k::FIELD_SERVICE)}</label>
                <select id=service_id.clone() class="apx-select" aria-invalid=invalid(&service_path)
                    aria-describedby=format!("{service_id}-error {service_id}-note") on:change=choose_service>
                    <option value="" selected=move || spec().service_id.is_empty()>{i18n.tr(k::SPEC_CHOOSE_SERVICE)}</option>
                    {move || w.catalog.with(|cat| cat.services.iter().map(|s| {
                        let id = s.id.clone();
                        view! { <option value=s.id.clone() selected=move || spec().service_id == id>{s.name.clone()}</option> }
                    }).collect_view())}
                </select>
                <p id=format!("{service_id}-note") class="apx-note">{i18n.tr(k::SPEC_SERVICE_NOTE)}</p>
                <FieldMessage path=service_path.clone()/>
            </div>
            <div class="apx-field">
                <label class="apx-field__label" for=format!("apx-spec-{i}-access")>{i18n.tr(k::FIELD_ACCESS)}</label>
                <input id=format!("apx-spec-{i}-access") class="apx-input" type="text" readonly=true
                    prop:value=move || spec().access_url placeholder=i18n.tr(k::SPEC_ACCESS_EMPTY)/>
            </div>
            <fieldset class="apx-field apx-packages">
                <legend class="apx-field__label">{i18n.tr(k::FIELD_PACKAGES)}</legend>
                {move || (0..packages.get()).map(|p| view! { <PackageRow spec=i index=p count=packages/> }).collect_view()}
                <button type="button" class="apx-button" id=field_id(&format!("{prefix}.packages"))
                    disabled={move || packages.get() >= RULES.s4_packages.count.max} on:click=add_package>
                    {i18n.tr(k::PACKAGE_ADD)}
                </button>
                <FieldMessage path=format!("{prefix}.packages")/>
            </fieldset>
            <div class="apx-actions">
                <button type="button" class="apx-button apx-button--primary" id=format!("apx-spec-{i}-save") on:click=save>
                    {i18n.tr(k::SPEC_SAVE)}
                </button>
                <button type="button" class="apx-button" on:click=remove disabled={move || w.content.with(|c| c.specs.len() <= 1)}>
                    {i18n.tr(k::SPEC_REMOVE)}
                </button>
            </div>
        </section>
    }
}

/// One package: 套餐名称, 调用次数, 有效期 + unit, 价格, and 上移 / 下移.
#[component]
fn PackageRow(spec: usize, index: usize, count: Memo<usize>) -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    let (s, p) = (spec, index);
    let package =
        move || w.content.with(|c| c.specs.get(s).and_then(|sp| sp.packages.get(p)).cloned().unwrap_or_default());
    let path = format!("specs[{s}].packages[{p}]");
    let edit = move |field: &'static str, change: Box<dyn FnOnce(&mut Package)>| {
        edit_spec(w, s, &format!("packages[{p}].{field}"), |sp| {
            if let Some(pk) = sp.packages.get_mut(p) {
                change(pk);
            }
        });
    };
    let swap = move |a: usize, b: usize| edit_spec(w, s, "packages", |sp| sp.packages.swap(a, b));
    let remove = move |_: leptos::ev::MouseEvent| {
        edit_spec(w, s, "packages", |sp| {
            sp.packages.remove(p);
        })
    };
    let unit_id = field_id(&format!("{path}.validity_unit"));
    let units = [(ValidityUnit::Day, "day"), (ValidityUnit::Month, "month"), (ValidityUnit::Year, "year")];
    view! {
        <div class="apx-package" role="group" aria-label=move || i18n.format(k::PACKAGE_TITLE, &[("n", &(p + 1).to_string())])>
            <TextField path=format!("{path}.name") label=k::FIELD_PACKAGE_NAME limit=domain::rules::TextLimit {
                    id: RULES.s4_packages.id, required: true, max_chars: RULES.s4_packages.name_max_chars, single_line: true }
                value=Signal::derive(move || package().name)
                on_input=move |v: String| edit("name", Box::new(move |pk| pk.name = v))/>
            <InputField path=format!("{path}.calls") label=k::FIELD_CALLS kind="text"
                value=Signal::derive(move || package().calls)
                on_input=move |v: String| edit("calls", Box::new(move |pk| pk.calls = v))/>
            <div class="apx-package__validity">
                <InputField path=format!("{path}.validity") label=k::FIELD_VALIDITY kind="text"
                    value=Signal::derive(move || package().validity)
                    on_input=move |v: String| edit("validity", Box::new(move |pk| pk.validity = v))/>
                <label class="apx-visually-hidden" for=unit_id.clone()>{i18n.tr(k::FIELD_VALIDITY_UNIT)}</label>
                <select id=unit_id class="apx-select" on:change=move |ev| {
                    let unit = match event_target_value(&ev).as_str() { "day" => ValidityUnit::Day, "year" => ValidityUnit::Year, _ => ValidityUnit::Month };
                    edit("validity", Box::new(move |pk| pk.validity_unit = unit));
                }>
                    {units.into_iter().map(|(unit, value)| view! {
                        <option value=value selected=move || package().validity_unit == unit>{i18n.tr(unit_key(unit))}</option>
                    }).collect_view()}
                </select>
            </div>
            <InputField path=format!("{path}.price") label=k::FIELD_PRICE kind="text"
                value=Signal::derive(move || package().price)
                on_input=move |v: String| edit("price", Box::new(move |pk| pk.price = v))/>
            <div class="apx-package__order">
                <button type="button" class="apx-button" disabled=p == 0 on:click=move |_| swap(p, p - 1)>{i18n.tr(k::PACKAGE_UP)}</button>
                <button type="button" class="apx-button" disabled={move || p + 1 >= count.get()} on:click=move |_| swap(p, p + 1)>
                    {i18n.tr(k::PACKAGE_DOWN)}
                </button>
                <button type="button" class="apx-button" disabled={move || count.get() <= 1} on:click=remove>{i18n.tr(k::PACKAGE_REMOVE)}</button>
            </div>
        </div>
    }
}

//! Step 4 — 销售信息: specs (1–20) with their gateway service, access information and
//! packages (1–20, reorderable), each spec saved on its own. Specs and packages are
//! rendered by keyed `<For>` over the form's store: each keeps its id, its inputs and its
//! errors (paths by id) through 上移 / 下移, and a keystroke re-runs only its own field.

use domain::model::{Package, PackageStoreFields, ProductContentStoreFields, Spec, SpecStoreFields, ValidityUnit};
use domain::{path, validate, RULES};
use leptos::prelude::*;
use reactive_stores::Field;

use super::state::{new_item_id, use_wizard, Wizard};
use crate::i18n::{k, unit_key, use_i18n};
use crate::ui::field::{field_id, invalid, FieldComment, FieldMessage, TextField};
use crate::ui::{Button, Look};

/// A new spec: one empty package, not saved by its own 保存 yet.
fn new_spec() -> Spec {
    Spec {
        id: new_item_id(),
        packages: vec![Package { id: new_item_id(), ..Package::default() }],
        saved: false,
        ..Spec::default()
    }
}

/// The element id of a spec's own 保存 (the blocked step points at it).
pub fn save_button_id(spec_id: &str) -> String {
    format!("apx-spec-{spec_id}-save")
}

/// Edits the spec through `change`; its own 保存 has not taken this change (S4-SAVE,
/// kept in the draft).
fn edit_spec(w: Wizard, spec: Field<Spec>, path: String, change: impl FnOnce(Field<Spec>)) {
    w.edit(&path, move |_| {
        change(spec);
        spec.saved().set(false);
    });
}

/// The first spec with changes its own 保存 has not taken (its place, id and name):
/// the step cannot be left then.
pub fn first_unsaved(w: Wizard) -> Option<(usize, String, String)> {
    w.content().with_untracked(|c| {
        c.specs.iter().enumerate().find(|(_, s)| !s.saved).map(|(i, s)| (i, s.id.clone(), s.name.clone()))
    })
}

#[component]
pub fn SalesStep() -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    let specs = w.content().specs();
    let count = Memo::new(move |_| specs.with(Vec::len));
    let full = move || count.get() >= RULES.s4_specs.max;
    // A product needs a spec: the step opens with one to fill in.
    if count.get_untracked() == 0 {
        w.edit("specs", move |c| c.specs().write().push(new_spec()));
    }
    let add = move |_: leptos::ev::MouseEvent| w.edit("specs", move |c| c.specs().write().push(new_spec()));
    view! {
        <div class="apx-specs">
            <For each=move || specs key=|spec| spec.clone().id().get_untracked() let:spec>
                <SpecEditor spec=spec count/>
            </For>
        </div>
        <div class="apx-field">
            <Button id=field_id("specs") disabled=full
                describedby="apx-specs-limit apx-f-specs-error" on_click=add>
                {i18n.tr(k::SPEC_ADD)}
            </Button>
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
fn SpecEditor(#[prop(into)] spec: Field<Spec>, count: Memo<usize>) -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    let id = spec.id().get_untracked();
    let prefix = path::spec(&id);
    let place = {
        let id = id.clone();
        Memo::new(move |_| w.content().specs().with(|specs| specs.iter().position(|s| s.id == id).unwrap_or_default()))
    };
    let unsaved = move || spec.saved().try_get().is_some_and(|saved| !saved);
    let service_path = path::spec_field(&id, "service_id");
    let service_id = field_id(&service_path);
    let chosen_service = move || spec.service_id().try_get().unwrap_or_default();
    let choose_service = {
        let path = service_path.clone();
        move |ev: leptos::ev::Event| {
            let chosen = event_target_value(&ev);
            let url = w.catalog().with_untracked(|cat| {
                cat.services.iter().find(|s| s.id == chosen).map(|s| s.access_url.clone()).unwrap_or_default()
            });
            edit_spec(w, spec, path.clone(), move |s| {
                s.service_id().set(chosen);
                s.access_url().set(url);
            });
        }
    };
    // 保存: the spec's own rules, then it is saved (and the draft with it).
    let save = {
        let (id, prefix) = (id.clone(), prefix.clone());
        move |_: leptos::ev::MouseEvent| {
            let errors = w.content().with_untracked(|c| {
                w.catalog().with_untracked(|cat| {
                    let at = c.specs.iter().position(|s| s.id == id);
                    at.map(|i| validate::spec_content(i, &c.specs[i], &c.specs, cat)).unwrap_or_default()
                })
            });
            w.reveal(errors.iter().map(|e| e.field.clone()));
            if let Some(first) = errors.first() {
                crate::host::focus(&field_id(&first.field));
            } else {
                w.edit(&prefix, move |_| spec.saved().set(true));
                w.save_now();
            }
        }
    };
    let remove = {
        let id = id.clone();
        move |_: leptos::ev::MouseEvent| {
            let id = id.clone();
            w.edit("specs", move |c| c.specs().write().retain(|s| s.id != id));
        }
    };
    let packages_path = path::spec_field(&id, "packages");
    let add_package = {
        let path = packages_path.clone();
        move |_: leptos::ev::MouseEvent| {
            edit_spec(w, spec, path.clone(), |s| {
                s.packages().write().push(Package { id: new_item_id(), ..Package::default() });
            });
        }
    };
    let package_count = Memo::new(move |_| spec.packages().try_with(Vec::len).unwrap_or_default());
    let title = move || {
        let name = spec.name().try_get().unwrap_or_default();
        if name.trim().is_empty() {
            i18n.format(k::SPEC_TITLE, &[("n", &(place.get() + 1).to_string())])
        } else {
            name
        }
    };
    let (title_id, labelled_by) = (format!("apx-spec-{id}-title"), format!("apx-spec-{id}-title"));
    let (select_id, select_path) = (service_id.clone(), service_path.clone());
    let access_id = format!("apx-spec-{id}-access");
    let access_hint = format!("apx-spec-{id}-access-hint");
    let name_path = path::spec_field(&id, "name");
    let spec_id = id.clone();
    view! {
        <section class="apx-spec" aria-labelledby=labelled_by>
            <header class="apx-spec__head">
                <h3 id=title_id class="apx-spec__title">{title}</h3>
                <span class="apx-badge" class:apx-badge--warn=unsaved>
                    {move || if unsaved() { i18n.t(k::SPEC_UNSAVED) } else { i18n.t(k::SPEC_SAVED) }}
                </span>
            </header>
            <FieldMessage path=prefix.clone()/>
            <TextField path=name_path.clone() label=k::FIELD_SPEC_NAME limit=RULES.s4_name hint=k::HINT_SPEC_NAME
                value=Signal::derive(move || spec.name().try_get().unwrap_or_default())
                on_input=move |v: String| edit_spec(w, spec, name_path.clone(), move |s| s.name().set(v))/>
            <div class="apx-field">
                <label class="apx-field__label" for=service_id.clone()>{i18n.tr(k::FIELD_SERVICE)}</label>
                <Show when=move || !w.has_no_service() fallback=move || view! { <NoService/> }>
                    <select id=select_id.clone() class="apx-select" aria-invalid=invalid(&select_path)
                        aria-describedby=crate::ui::field::described(&select_id, &["note"]) on:change=choose_service.clone()>
                        <option value="" selected=move || chosen_service().is_empty()>{i18n.tr(k::SPEC_CHOOSE_SERVICE)}</option>
                        {move || w.catalog().with(|cat| cat.services.iter().map(|s| {
                            let id = s.id.clone();
                            view! { <option value=s.id.clone() selected=move || chosen_service() == id>{s.name.clone()}</option> }
                        }).collect_view())}
                    </select>
                </Show>
                <p id=format!("{service_id}-note") class="apx-note">{i18n.tr(k::SPEC_SERVICE_NOTE)}</p>
                <FieldMessage path=service_path.clone()/>
            </div>
            <div class="apx-field">
                <label class="apx-field__label" for=access_id.clone()>{i18n.tr(k::FIELD_ACCESS)}</label>
                <input id=access_id class="apx-input" type="text" readonly=true aria-describedby=access_hint.clone()
                    prop:value=move || spec.access_url().try_get().unwrap_or_default() placeholder=i18n.tr(k::SPEC_ACCESS_EMPTY)/>
                <p id=access_hint class="apx-field__hint">{i18n.tr(k::HINT_ACCESS)}</p>
            </div>
            <fieldset class="apx-field apx-packages">
                <legend class="apx-field__label">{i18n.tr(k::FIELD_PACKAGES)}</legend>
                <p class="apx-field__hint">{i18n.tr(k::HINT_PACKAGES)}</p>
                <For each=move || spec.packages() key=|package| package.clone().id().get_untracked() let:package>
                    <PackageRow spec spec_id=spec_id.clone() package count=package_count/>
                </For>
                <Button id=field_id(&packages_path)
                    disabled={move || package_count.get() >= RULES.s4_packages.count.max} on_click=add_package>
                    {i18n.tr(k::PACKAGE_ADD)}
                </Button>
                <FieldMessage path=packages_path.clone()/>
            </fieldset>
            <div class="apx-actions">
                <Button look=Look::Primary id=save_button_id(&id) on_click=save>
                    {i18n.tr(k::SPEC_SAVE)}
                </Button>
                <Button on_click=remove disabled={move || count.get() <= 1}>
                    {i18n.tr(k::SPEC_REMOVE)}
                </Button>
            </div>
        </section>
    }
}

/// In place of an empty choice of services: the seed's 前提条件 — the service must be
/// deployed on the API gateway first — with a link to the gateway's documentation. The
/// draft still saves; 提交审核 says what is missing.
#[component]
fn NoService() -> impl IntoView {
    let i18n = use_i18n();
    let docs = crate::host::use_links().gateway_docs();
    view! {
        <div class="apx-prerequisite" role="note">
            <p class="apx-prerequisite__title">{i18n.tr(k::SERVICE_NONE_TITLE)}</p>
            <p>{i18n.tr(k::SERVICE_NONE_TEXT)}</p>
            <a class="apx-link" href=docs target="_blank" rel="noopener noreferrer">{i18n.tr(k::SERVICE_NONE_LINK)}</a>
        </div>
    }
}

/// One package: 套餐名称, 调用次数, 有效期 + unit, 价格, and 上移 / 下移.
#[component]
fn PackageRow(
    #[prop(into)] spec: Field<Spec>,
    spec_id: String,
    #[prop(into)] package: Field<Package>,
    count: Memo<usize>,
) -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    let id = package.id().get_untracked();
    let place = {
        let id = id.clone();
        Memo::new(move |_| {
            spec.packages().try_with(|ps| ps.iter().position(|p| p.id == id)).flatten().unwrap_or_default()
        })
    };
    let at = path::package(&spec_id, &id);
    let field = move |name: &str| path::package_field(&spec_id, &id, name);
    let edit = {
        let at = at.clone();
        move |name: &'static str, change: Box<dyn FnOnce(Field<Package>)>| {
            edit_spec(w, spec, format!("{at}.{name}"), move |_| change(package));
        }
    };
    let text =
        move |read: fn(Field<Package>) -> Option<String>| Signal::derive(move || read(package).unwrap_or_default());
    let moved = {
        let at = at.clone();
        let id = package.id().get_untracked();
        move |by: isize| {
            let id = id.clone();
            edit_spec(w, spec, at.clone(), move |s| {
                let field = s.packages();
                let mut packages = field.write();
                if let Some(from) = packages.iter().position(|p| p.id == id) {
                    let to = from as isize + by;
                    if (0..packages.len() as isize).contains(&to) {
                        packages.swap(from, to as usize);
                    }
                }
            });
        }
    };
    let remove = {
        let at = at.clone();
        let id = package.id().get_untracked();
        move |_| {
            let id = id.clone();
            edit_spec(w, spec, at.clone(), move |s| s.packages().write().retain(|p| p.id != id));
        }
    };
    let unit_id = field_id(&field("validity_unit"));
    let units = [(ValidityUnit::Day, "day"), (ValidityUnit::Month, "month"), (ValidityUnit::Year, "year")];
    let (up, down) = (moved.clone(), moved);
    let (e1, e2, e3, e4, e5) = (edit.clone(), edit.clone(), edit.clone(), edit.clone(), edit);
    view! {
        <div class="apx-package" role="group" aria-label=move || i18n.format(k::PACKAGE_TITLE, &[("n", &(place.get() + 1).to_string())])>
            <TextField path=field("name") label=k::FIELD_PACKAGE_NAME limit=domain::rules::TextLimit {
                    id: RULES.s4_packages.id, required: true, max_chars: RULES.s4_packages.name_max_chars, single_line: true }
                value=text(|p| p.name().try_get())
                on_input=move |v: String| e1("name", Box::new(move |p| p.name().set(v)))/>
            <TextField path=field("calls") label=k::FIELD_CALLS kind="text"
                value=text(|p| p.calls().try_get())
                on_input=move |v: String| e2("calls", Box::new(move |p| p.calls().set(v)))/>
            <TextField path=field("validity") label=k::FIELD_VALIDITY kind="text"
                value=text(|p| p.validity().try_get())
                on_input=move |v: String| e3("validity", Box::new(move |p| p.validity().set(v)))
                addon=view! {
                    <label class="apx-visually-hidden" for=unit_id.clone()>{i18n.tr(k::FIELD_VALIDITY_UNIT)}</label>
                    <select id=unit_id class="apx-select apx-package__unit" on:change=move |ev| {
                        let unit = match event_target_value(&ev).as_str() { "day" => ValidityUnit::Day, "year" => ValidityUnit::Year, _ => ValidityUnit::Month };
                        e4("validity", Box::new(move |p| p.validity_unit().set(unit)));
                    }>
                        {units.into_iter().map(|(unit, value)| view! {
                            <option value=value selected=move || package.validity_unit().try_get() == Some(unit)>{i18n.tr(unit_key(unit))}</option>
                        }).collect_view()}
                    </select>
                }.into_any()/>
            <TextField path=field("price") label=k::FIELD_PRICE kind="text"
                value=text(|p| p.price().try_get())
                on_input=move |v: String| e5("price", Box::new(move |p| p.price().set(v)))/>
            <div class="apx-package__order">
                <Button disabled={move || place.get() == 0} on_click=move |_| up(-1)>{i18n.tr(k::PACKAGE_UP)}</Button>
                <Button disabled=Signal::derive(move || place.get() + 1 >= count.get()) on_click=move |_| down(1)>
                    {i18n.tr(k::PACKAGE_DOWN)}
                </Button>
                <Button disabled={move || count.get() <= 1} on_click=remove>{i18n.tr(k::PACKAGE_REMOVE)}</Button>
            </div>
        </div>
        // The reviewer's comments on the package and its fields, under its row.
        <FieldComment path=at/>
    }
}

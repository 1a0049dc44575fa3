//! Step 3 — 业务信息: 商品分类, 商品标签（可选）, 软件著作权证书（可选）,
//! 开源软件声明（可选）, 商品服务协议, 测试报告.

use domain::model::{CategoryChoice, ProductContentStoreFields};
use domain::{FileSlot, RULES};
use leptos::prelude::*;

use super::state::use_wizard;
use super::SlotField;
use crate::i18n::{k, use_i18n};
use crate::ui::field::{field_id, invalid, FieldMessage};
use crate::ui::Button;

#[component]
pub fn BusinessStep() -> impl IntoView {
    view! {
        <CategoryPicker/>
        <TagPicker/>
        <SlotField of=FileSlot::CopyrightCerts/>
        <SlotField of=FileSlot::OssStatement button=k::OSS_UPLOAD/>
        <SlotField of=FileSlot::ServiceAgreement/>
        <SlotField of=FileSlot::TestReport note=k::TEST_REPORT_NOTE/>
    }
}

/// 商品分类: level 1, then its level-2 children.
#[component]
fn CategoryPicker() -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    let path = "category";
    let id = field_id(path);
    let choice = move || w.content().category().get().unwrap_or_default();
    let set = move |level1: String, level2: String| {
        w.reveal([path.to_owned()]);
        w.edit(path, move |c| c.category().set((!level1.is_empty()).then_some(CategoryChoice { level1, level2 })));
    };
    let children = move || {
        let level1 = choice().level1;
        w.catalog()
            .with(|cat| cat.categories.iter().find(|c| c.id == level1).map(|c| c.children.clone()).unwrap_or_default())
    };
    view! {
        <fieldset class="apx-field apx-cascade">
            <legend class="apx-field__label">{i18n.tr(k::FIELD_CATEGORY)}</legend>
            <p class="apx-field__hint">{i18n.tr(k::HINT_CATEGORY)}</p>
            <label class="apx-cascade__level">{i18n.tr(k::CATEGORY_LEVEL1)}
                <select id=id.clone() class="apx-select" aria-invalid=invalid(path) aria-describedby=crate::ui::field::described(&id, &[])
                    on:change=move |ev| set(event_target_value(&ev), String::new())>
                    <option value="" selected=move || choice().level1.is_empty()>{i18n.tr(k::CATEGORY_CHOOSE)}</option>
                    {move || w.catalog().with(|cat| cat.categories.iter().map(|c| {
                        let id = c.id.clone();
                        view! { <option value=c.id.clone() selected=move || choice().level1 == id>{c.name.clone()}</option> }
                    }).collect_view())}
                </select>
            </label>
            <label class="apx-cascade__level">{i18n.tr(k::CATEGORY_LEVEL2)}
                <select id=format!("{id}-2") class="apx-select" disabled=move || choice().level1.is_empty()
                    aria-invalid=invalid(path) on:change=move |ev| set(choice().level1, event_target_value(&ev))>
                    <option value="" selected=move || choice().level2.is_empty()>{i18n.tr(k::CATEGORY_CHOOSE)}</option>
                    {move || children().into_iter().map(|c| {
                        let id = c.id.clone();
                        view! { <option value=c.id selected=move || choice().level2 == id>{c.name}</option> }
                    }).collect_view()}
                </select>
            </label>
            <FieldMessage path=path/>
        </fieldset>
    }
}

/// 商品标签（可选）: chosen via 添加标签, at most 8, each once, removable.
#[component]
fn TagPicker() -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    let path = "tags";
    let id = field_id(path);
    let picked = RwSignal::new(String::new());
    let tags = move || w.content().tags().get();
    let full = move || tags().len() >= RULES.s3_tags.max;
    let name_of = move |tag: &str| {
        w.catalog()
            .with(|cat| cat.tags.iter().find(|t| t.id == tag).map(|t| t.name.clone()).unwrap_or_else(|| tag.to_owned()))
    };
    let add = move |_| {
        let tag = picked.get_untracked();
        if !tag.is_empty() && !tags().contains(&tag) && !full() {
            w.edit(path, move |c| c.tags().write().push(tag));
            picked.set(String::new());
        }
    };
    view! {
        <fieldset class="apx-field apx-tags">
            <legend class="apx-field__label">{i18n.tr(k::FIELD_TAGS)}</legend>
            <p class="apx-field__hint">{i18n.tr(k::HINT_TAGS)}</p>
            <ul class="apx-tags__list">
                {move || tags().into_iter().map(|tag| {
                    let name = name_of(&tag);
                    let label = i18n.format(k::TAGS_REMOVE, &[("tag", &name)]);
                    view! {
                        <li class="apx-tag">{name}
                            <button type="button" class="apx-tag__remove" aria-label=label
                                on:click=move |_| { let tag = tag.clone(); w.edit(path, move |c| c.tags().write().retain(|t| *t != tag)) }>"×"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div class="apx-tags__add">
                <select id=id.clone() class="apx-select" aria-label=i18n.tr(k::TAGS_CHOOSE) disabled=full
                    aria-describedby=crate::ui::field::described(&id, &["hint"]) on:change=move |ev| picked.set(event_target_value(&ev))>
                    <option value="" selected=move || picked.get().is_empty()>{i18n.tr(k::TAGS_CHOOSE)}</option>
                    {move || w.catalog().with(|cat| cat.tags.iter().filter(|t| !tags().contains(&t.id)).map(|t| {
                        view! { <option value=t.id.clone()>{t.name.clone()}</option> }
                    }).collect_view())}
                </select>
                <Button disabled=move || full() || picked.get().is_empty() on_click=add>
                    {i18n.tr(k::TAGS_ADD)}
                </Button>
            </div>
            <p id=format!("{id}-hint") class="apx-field__hint">
                {move || i18n.format(k::TAGS_HINT, &[("n", &tags().len().to_string()), ("max", &RULES.s3_tags.max.to_string())])}
            </p>
            <FieldMessage path=path/>
        </fieldset>
    }
}

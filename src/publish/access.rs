//! Step 1 — 接入信息: 选择接入类型 (API), 商品名称, 商品图标.

use domain::model::ProductContentStoreFields;
use domain::{FileSlot, RULES};
use leptos::prelude::*;

use super::state::use_wizard;
use super::SlotField;
use crate::i18n::{k, use_i18n};
use crate::ui::field::TextField;

#[component]
pub fn AccessStep() -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    view! {
        <fieldset class="apx-field apx-choice">
            <legend class="apx-field__label">{i18n.tr(k::FIELD_ACCESS_TYPE)}</legend>
            <label class="apx-choice__option">
                <input type="radio" name="apx-access-type" checked=true/>
                " API"
            </label>
            <p class="apx-field__hint">{i18n.tr(k::HINT_ACCESS_TYPE)}</p>
        </fieldset>
        <TextField path="name" label=k::FIELD_NAME limit=RULES.s1_name
            value=Signal::derive(move || w.content().name().get())
            on_input=move |v: String| w.edit("name", move |c| c.name().set(v))/>
        <SlotField of=FileSlot::Icon/>
    }
}

//! Step 2 — 基本信息: 商品图片, 商品简介, 商品详情, 客户案例（可选）, 使用文档, 服务支持.

use domain::model::{ProductContentStoreFields, ServiceHours, ServiceSupportStoreFields};
use domain::{FileSlot, RULES};
use leptos::prelude::*;

use super::state::use_wizard;
use super::SlotField;
use crate::i18n::{day_key, k, use_i18n};
use crate::ui::field::{field_id, FieldMessage, TextField};

#[component]
pub fn BasicsStep() -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    view! {
        <SlotField of=FileSlot::Images/>
        <TextField path="summary" label=k::FIELD_SUMMARY limit=RULES.s2_summary hint=k::HINT_SUMMARY
            value=Signal::derive(move || w.content().summary().get())
            on_input=move |v: String| w.edit("summary", move |c| c.summary().set(v))/>
        <TextField path="detail" label=k::FIELD_DETAIL limit=RULES.s2_detail multiline=true hint=k::HINT_DETAIL
            value=Signal::derive(move || w.content().detail().get())
            on_input=move |v: String| w.edit("detail", move |c| c.detail().set(v))/>
        <TextField path="cases" label=k::FIELD_CASES limit=RULES.s2_cases multiline=true hint=k::HINT_CASES
            value=Signal::derive(move || w.content().cases().get())
            on_input=move |v: String| w.edit("cases", move |c| c.cases().set(v))/>
        <SlotField of=FileSlot::UsageDoc/>
        <fieldset class="apx-field apx-group">
            <legend class="apx-field__label">{i18n.tr(k::FIELD_SUPPORT)}</legend>
            <p class="apx-field__hint">{i18n.tr(k::HINT_SUPPORT)}</p>
            <TextField path="support.hotline" label=k::FIELD_HOTLINE kind="tel" hint=k::HINT_HOTLINE
                value=Signal::derive(move || w.content().support().hotline().get())
                on_input=move |v: String| w.edit("support.hotline", move |c| c.support().hotline().set(v))/>
            <TextField path="support.email" label=k::FIELD_EMAIL kind="email"
                value=Signal::derive(move || w.content().support().email().get())
                on_input=move |v: String| w.edit("support.email", move |c| c.support().email().set(v))/>
            <HoursPicker/>
        </fieldset>
    }
}

/// 服务时间: 7×24, or days of the week and a time range.
#[component]
fn HoursPicker() -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    let path = "support.hours";
    let id = field_id(path);
    let hours = move || w.content().support().hours().get();
    let always = move || matches!(hours(), ServiceHours::Always);
    let set = move |h: ServiceHours| w.edit(path, move |c| c.support().hours().set(h));
    let weekly = move || match hours() {
        ServiceHours::Weekly { days, start, end } => (days, start, end),
        ServiceHours::Always => (vec![1, 2, 3, 4, 5], "09:00".into(), "18:00".into()),
    };
    let toggle_day = move |day: u8| {
        let (mut days, start, end) = weekly();
        if let Some(at) = days.iter().position(|d| *d == day) {
            days.remove(at);
        } else {
            days.push(day);
            days.sort_unstable();
        }
        set(ServiceHours::Weekly { days, start, end });
    };
    view! {
        <fieldset class="apx-field apx-hours" id=id.clone() aria-describedby=crate::ui::field::described(&id, &[])>
            <legend class="apx-field__label">{i18n.tr(k::FIELD_HOURS)}</legend>
            <label class="apx-choice__option">
                <input type="radio" name="apx-hours" prop:checked=always on:change=move |_| set(ServiceHours::Always)/>
                {i18n.tr(k::HOURS_ALWAYS)}
            </label>
            <label class="apx-choice__option">
                <input type="radio" name="apx-hours" prop:checked=move || !always()
                    on:change=move |_| { let (days, start, end) = weekly(); set(ServiceHours::Weekly { days, start, end }) }/>
                {i18n.tr(k::HOURS_WEEKLY)}
            </label>
            <Show when=move || !always()>
                <div class="apx-hours__days">
                    {(1u8..=7).map(|day| view! {
                        <label class="apx-choice__option">
                            <input type="checkbox" prop:checked=move || weekly().0.contains(&day) on:change=move |_| toggle_day(day)/>
                            {day_key(day).map(|key| i18n.tr(key))}
                        </label>
                    }).collect_view()}
                </div>
                <div class="apx-hours__range">
                    <label>{i18n.tr(k::HOURS_START)}
                        <input type="time" class="apx-input apx-input--time" prop:value=move || weekly().1
                            on:change=move |ev| { let (days, _, end) = weekly(); set(ServiceHours::Weekly { days, start: event_target_value(&ev), end }) }/>
                    </label>
                    <label>{i18n.tr(k::HOURS_END)}
                        <input type="time" class="apx-input apx-input--time" prop:value=move || weekly().2
                            on:change=move |ev| { let (days, start, _) = weekly(); set(ServiceHours::Weekly { days, start, end: event_target_value(&ev) }) }/>
                    </label>
                </div>
            </Show>
            <FieldMessage path=path/>
        </fieldset>
    }
}

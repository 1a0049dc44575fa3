//! 发布商品: the five steps 接入信息 → 基本信息 → 业务信息 → 销售信息 → 提交审核.
//! This is the wizard's frame (step indicator, back / next); the fields arrive with
//! issue #4.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::i18n::{k, use_i18n, Key};
use crate::ui::{Link, NotFound, Placeholder};

pub const STEPS: u8 = 5;

/// The title of step `n` (1–5).
pub fn step_key(n: u8) -> Key {
    match n {
        1 => k::STEP_1,
        2 => k::STEP_2,
        3 => k::STEP_3,
        4 => k::STEP_4,
        _ => k::STEP_5,
    }
}

#[component]
pub fn PublishPage() -> impl IntoView {
    let params = use_params_map();
    let step = Memo::new(move |_| {
        params
            .read()
            .get("step")
            .and_then(|s| s.parse::<u8>().ok())
            .filter(|n| (1..=STEPS).contains(n))
    });
    move || match step.get() {
        Some(step) => view! { <Wizard step/> }.into_any(),
        None => view! { <NotFound/> }.into_any(),
    }
}

#[component]
fn Wizard(step: u8) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let go = move |n: u8| {
        let navigate = navigate.clone();
        move |_| navigate(&format!("/publish/{n}"), Default::default())
    };
    let total = STEPS.to_string();
    let counter = move || {
        i18n.format(
            k::PUBLISH_STEP_OF,
            &[("n", &step.to_string()), ("total", &total)],
        )
    };
    view! {
        <section class="apx-page">
            <h1 class="apx-page__title">{i18n.tr(k::PUBLISH_TITLE)}</h1>
            <ol class="apx-steps" aria-label=i18n.tr(k::PUBLISH_STEPS)>
                {(1..=STEPS)
                    .map(|n| {
                        let state = if n < step { "done" } else if n == step { "current" } else { "todo" };
                        view! {
                            <li
                                class=format!("apx-steps__step apx-steps__step--{state}")
                                aria-current=(n == step).then_some("step")
                            >
                                <span class="apx-steps__number">{n}</span>
                                <span class="apx-steps__name">{i18n.tr(step_key(n))}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            <h2 class="apx-step__title">
                {i18n.tr(step_key(step))}
                <span class="apx-step__counter">{counter}</span>
            </h2>
            <Placeholder issue="#4"/>
            <div class="apx-actions">
                {(step > 1).then(|| view! {
                    <button type="button" class="apx-button" on:click=go(step - 1)>
                        {i18n.tr(k::PUBLISH_BACK)}
                    </button>
                })}
                {(step < STEPS).then(|| {
                    let next = step_key(step + 1);
                    view! {
                        <button type="button" class="apx-button apx-button--primary" on:click=go(step + 1)>
                            {move || i18n.format(k::PUBLISH_NEXT, &[("step", i18n.t(next))])}
                        </button>
                    }
                })}
                {(step == STEPS).then(|| view! {
                    <Link href="/preview" attr:class="apx-button">{i18n.tr(k::PUBLISH_PREVIEW)}</Link>
                    <button type="button" class="apx-button apx-button--primary" disabled=true>
                        {i18n.tr(k::PUBLISH_SUBMIT)}
                    </button>
                })}
            </div>
        </section>
    }
}

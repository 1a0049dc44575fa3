//! 发布商品: the five steps 接入信息 → 基本信息 → 业务信息 → 销售信息 → 提交审核.
//! This is the wizard's frame (step indicator, back / next); the fields arrive with
//! issue #4.

use leptos::prelude::*;

use crate::i18n::{k, use_i18n, Key};
use crate::router::{use_router, Link};
use crate::ui::Placeholder;

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

/// The wizard at `step` (1–5).
#[component]
pub fn PublishPage(step: u8) -> impl IntoView {
    let i18n = use_i18n();
    let router = use_router();
    let go = move |n: u8| move |_| router.navigate(&format!("/publish/{n}"));
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
                    <Link href="/preview" class="apx-button">{i18n.tr(k::PUBLISH_PREVIEW)}</Link>
                    <button type="button" class="apx-button apx-button--primary" disabled=true>
                        {i18n.tr(k::PUBLISH_SUBMIT)}
                    </button>
                })}
            </div>
        </section>
    }
}

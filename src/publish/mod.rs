//! 发布商品: the five steps 接入信息 → 基本信息 → 业务信息 → 销售信息 → 提交审核, the
//! step indicator, 下一步 that checks the step first, and the draft's save status.

mod access;
mod basics;
mod business;
mod sales;
pub mod state;

use leptos::prelude::*;
use leptos::task::spawn_local;

use self::state::{use_wizard, SaveState};
use crate::i18n::{k, use_i18n, Key};
use crate::listing::Listing;
use crate::router::{use_router, Link};
use crate::ui::field::field_id;

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

/// The wizard at `step` (1–5) for a new product, or for the draft `id`.
#[component]
pub fn PublishPage(id: Option<String>, step: u8) -> impl IntoView {
    let i18n = use_i18n();
    let router = use_router();
    let w = use_wizard();
    w.open(id);
    let notice = RwSignal::new(None::<String>);
    let path = move |n: u8| match w.id.get_untracked() {
        Some(id) => format!("/publish/{id}/{n}"),
        None => format!("/publish/{n}"),
    };
    let go = move |n: u8| {
        notice.set(None);
        router.navigate(&path(n));
    };
    // 下一步: every field of this step must be right; the first wrong one gets focus.
    let next = move |_| {
        if step == 4 {
            if let Some(i) = sales::first_unsaved(w) {
                let name = w.content.with_untracked(|c| c.specs.get(i).map(|s| s.name.clone()).unwrap_or_default());
                let name = if name.trim().is_empty() {
                    i18n.format(k::SPEC_TITLE, &[("n", &(i + 1).to_string())])
                } else {
                    name
                };
                notice.set(Some(i18n.format(k::SPEC_BLOCKING, &[("name", &name)])));
                sales::focus(&format!("apx-spec-{i}-save"));
                return;
            }
        }
        let errors = w.step_errors(step);
        if errors.is_empty() {
            go(step + 1);
        } else {
            w.reveal(errors.iter().map(|e| e.field.clone()));
            notice.set(Some(i18n.format(k::PUBLISH_FIX, &[("n", &errors.len().to_string())])));
            sales::focus(&field_id(&errors[0].field));
        }
    };
    let submit = move |_| {
        notice.set(None);
        spawn_local(async move {
            match w.submit().await {
                Ok(()) => router.navigate("/products/pending"),
                Err(errors) => {
                    w.reveal(errors.iter().map(|e| e.field.clone()));
                    let first = errors.iter().filter_map(|e| e.step()).min();
                    notice.set(Some(match first {
                        Some(n) => i18n.format(k::PUBLISH_SUBMIT_FAILED, &[("step", i18n.t(step_key(n)))]),
                        None => i18n.t(k::DRAFT_OFFLINE).to_owned(),
                    }));
                }
            }
        });
    };
    // Leaving the page with unsaved changes asks first.
    let unload = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if w.has_unsaved_changes() {
            ev.prevent_default();
            ev.set_return_value(i18n.t(k::DRAFT_LEAVE));
        }
    });
    on_cleanup(move || unload.remove());
    let total = STEPS.to_string();
    let counter = move || i18n.format(k::PUBLISH_STEP_OF, &[("n", &step.to_string()), ("total", &total)]);
    let attention = move |n: u8| n < step && w.has_errors_on_step(n);
    view! {
        <section class="apx-page">
            <div class="apx-page__head">
                <h1 class="apx-page__title">{i18n.tr(k::PUBLISH_TITLE)}</h1>
                <SaveBar/>
            </div>
            <ol class="apx-steps" aria-label=i18n.tr(k::PUBLISH_STEPS)>
                {(1..=STEPS).map(|n| {
                    let state = if n < step { "done" } else if n == step { "current" } else { "todo" };
                    view! {
                        <li class=format!("apx-steps__step apx-steps__step--{state}") class:apx-steps__step--attention=move || attention(n)
                            aria-current=(n == step).then_some("step")>
                            <span class="apx-steps__number">{n}</span>
                            {if n < step {
                                view! { <Link href=path(n) class="apx-steps__name">{i18n.tr(step_key(n))}</Link> }.into_any()
                            } else {
                                view! { <span class="apx-steps__name">{i18n.tr(step_key(n))}</span> }.into_any()
                            }}
                        </li>
                    }
                }).collect_view()}
            </ol>
            <h2 class="apx-step__title">
                {i18n.tr(step_key(step))}
                <span class="apx-step__counter">{counter}</span>
            </h2>
            <form class="apx-form" novalidate=true on:submit=|ev| ev.prevent_default()>
                {match step {
                    1 => view! { <access::AccessStep/> }.into_any(),
                    2 => view! { <basics::BasicsStep/> }.into_any(),
                    3 => view! { <business::BusinessStep/> }.into_any(),
                    4 => view! { <sales::SalesStep/> }.into_any(),
                    _ => view! { <Listing content=w.content catalog=w.catalog/> }.into_any(),
                }}
            </form>
            <p class="apx-notice" role="alert">{move || notice.get()}</p>
            <div class="apx-actions">
                {(step > 1).then(|| view! {
                    <button type="button" class="apx-button" on:click=move |_| go(step - 1)>{i18n.tr(k::PUBLISH_BACK)}</button>
                })}
                <button type="button" class="apx-button" on:click=move |_| w.save_now()>{i18n.tr(k::DRAFT_SAVE)}</button>
                {(step < STEPS).then(|| {
                    let next_title = step_key(step + 1);
                    view! {
                        <button type="button" class="apx-button apx-button--primary" on:click=next>
                            {move || i18n.format(k::PUBLISH_NEXT, &[("step", i18n.t(next_title))])}
                        </button>
                    }
                })}
                {(step == STEPS).then(|| view! {
                    <Link href="/preview" class="apx-button">{i18n.tr(k::PUBLISH_PREVIEW)}</Link>
                    <button type="button" class="apx-button apx-button--primary" on:click=submit>{i18n.tr(k::PUBLISH_SUBMIT)}</button>
                })}
            </div>
        </section>
    }
}

/// Where the draft stands, and the choice when another tab saved first.
#[component]
fn SaveBar() -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    let text = move || match w.save.get() {
        SaveState::Saved if w.id.get().is_some() => Some(k::DRAFT_SAVED),
        SaveState::Saved => None,
        SaveState::Unsaved => Some(k::DRAFT_UNSAVED),
        SaveState::Saving => Some(k::DRAFT_SAVING),
        SaveState::Offline => Some(k::DRAFT_OFFLINE),
        SaveState::Conflict(_) => Some(k::DRAFT_CONFLICT),
    };
    let conflict = move || matches!(w.save.get(), SaveState::Conflict(_));
    view! {
        <div class="apx-savebar">
            <span class="apx-savebar__status" role="status">{move || text().map(|key| i18n.t(key))}</span>
            <Show when=conflict>
                <div class="apx-dialog" role="alertdialog" aria-labelledby="apx-conflict-text">
                    <p id="apx-conflict-text">{i18n.tr(k::DRAFT_CONFLICT)}</p>
                    <button type="button" class="apx-button apx-button--primary" on:click=move |_| w.resolve(true)>{i18n.tr(k::DRAFT_KEEP_MINE)}</button>
                    <button type="button" class="apx-button" on:click=move |_| w.resolve(false)>{i18n.tr(k::DRAFT_TAKE_THEIRS)}</button>
                </div>
            </Show>
        </div>
    }
}

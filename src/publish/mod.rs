//! 发布商品: the five steps 接入信息 → 基本信息 → 业务信息 → 销售信息 → 提交审核, the
//! step indicator, 下一步 that checks the step first, the draft's save status, and the
//! preview of the form as it stands. Addresses: `/publish/{id}/{step}` and
//! `/publish/{id}/preview`, with `new` for a product not saved yet; the address is
//! replaced by the draft's id once it exists, without the step starting over. The
//! change of a product on sale (修改, SPEC §5a) is the same form at
//! `/publish/{id}/change/{step}` and `/publish/{id}/change/preview`, ending in 提交变更.

mod access;
mod basics;
mod business;
mod comments;
mod kept;
mod sales;
pub mod state;

use domain::{ErrorKey, FieldError, FileSlot, Status};
use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;

use self::state::{use_wizard, EditGate, Mode, SaveState, Wizard};
use crate::api::ApiError;
use crate::i18n::{k, use_i18n, Key, Message};
use crate::listing::{Listing, PreviewFrame};
use crate::ui::field::field_id;
use crate::ui::file_field::FileField;
use crate::ui::{Button, Link, LoadFailed, Loading, Look, NotFound};
use crate::upload::{use_upload_queue, UploadQueue, UploadQueueOptions};

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

/// The name of step `n` in this form: the last step of a change is 提交变更, as its button.
fn step_name(w: Wizard, n: u8) -> Key {
    if n == STEPS && w.mode().get() == Mode::Change {
        k::STEP_5_CHANGE
    } else {
        step_key(n)
    }
}

/// The upload queues of the form's seven file slots. They live as long as the form, so
/// a file keeps uploading while the seller goes to another step.
#[derive(Clone, Copy)]
pub struct Uploads([UploadQueue; 7]);

impl Uploads {
    fn new(w: Wizard) -> Self {
        Uploads(FileSlot::ALL.map(|slot| {
            use_upload_queue(UploadQueueOptions {
                slot,
                files: Signal::derive(move || w.content().with(|c| slot.files(c))),
                on_change: Callback::new(move |files| w.edit(slot.name(), move |c| c.update(|c| slot.set(c, files)))),
            })
        }))
    }

    fn of(self, slot: FileSlot) -> UploadQueue {
        self.0[FileSlot::ALL.iter().position(|s| *s == slot).unwrap_or_default()]
    }
}

/// The upload field of the slot `of` in this form (not `slot`: a reserved attribute in
/// `view!`).
#[component]
fn SlotField(
    of: FileSlot,
    #[prop(optional)] button: Option<Key>,
    #[prop(optional)] note: Option<Key>,
) -> impl IntoView {
    let queue = expect_context::<Uploads>().of(of);
    match (button, note) {
        (Some(button), _) => view! { <FileField queue button/> }.into_any(),
        (None, Some(note)) => view! { <FileField queue note/> }.into_any(),
        (None, None) => view! { <FileField queue/> }.into_any(),
    }
}

/// The form around its pages (`/publish/…`): the product being published, its uploads,
/// its field errors. Going between steps and the preview loses nothing; leaving the form
/// saves what was not saved yet.
#[component]
pub fn PublishLayout() -> impl IntoView {
    let i18n = use_i18n();
    let w = Wizard::start();
    provide_context(w);
    w.field_errors().provide();
    comments::use_comments(w);
    provide_context(Uploads::new(w));
    // Leaving the page with unsaved changes asks first.
    let unload = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if w.has_unsaved_changes() {
            ev.prevent_default();
            ev.set_return_value(i18n.t(k::DRAFT_LEAVE));
        }
    });
    on_cleanup(move || {
        unload.remove();
        w.flush_on_leave();
    });
    view! { <Outlet/> }
}

/// The draft the address names (`{id}`: `new` or a draft's id), opened in the wizard.
/// The resource changes only when the wizard must load another product — not when a
/// new draft's address gets its id — so the page is not rebuilt under the seller's
/// hands.
fn use_opened() -> (Memo<String>, LocalResource<Result<(), ApiError>>) {
    let w = use_wizard();
    let params = use_params_map();
    // `:change_of/change/…` names the change of a product on sale.
    let id = Memo::new(move |_| {
        params.with(|p| match p.get("change_of") {
            Some(id) => format!("{id}/change"),
            None => p.get("id").unwrap_or_else(|| "new".into()),
        })
    });
    let to_open = Memo::new(move |previous: Option<&String>| {
        let id = id.get();
        let held = w.id().get_untracked().map(|h| if w.is_change() { format!("{h}/change") } else { h });
        let holds = held.as_deref() == Some(id.as_str()) || (id == "new" && held.is_none());
        match previous {
            Some(previous) if holds => previous.clone(),
            _ => id,
        }
    });
    let opened = LocalResource::new(move || w.open(to_open.get()));
    (id, opened)
}

/// A step of the form (`/publish/{id}/{step}`).
#[component]
pub fn StepPage() -> impl IntoView {
    let w = use_wizard();
    let params = use_params_map();
    let step = Memo::new(move |_| {
        params.with(|p| p.get_str("step").and_then(|s| s.parse::<u8>().ok()).filter(|n| (1..=STEPS).contains(n)))
    });
    let (id, opened) = use_opened();
    // Once a new draft is saved, its address names it, so a reload resumes it.
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let (Some(saved), true, Some(n)) = (w.id().get(), id.get() == "new", step.get_untracked()) {
            let options = NavigateOptions { replace: true, scroll: false, ..Default::default() };
            navigate(&format!("/publish/{saved}/{n}"), options);
        }
    });
    view! {
        <Transition fallback=Loading>
            <ErrorBoundary fallback=move |errors| view! { <LoadFailed errors retry=Callback::new(move |()| opened.refetch())/> }>
                {move || Suspend::new(async move {
                    opened.await?;
                    Ok::<_, ApiError>(move || match step.get() {
                        Some(n) => view! { <Step step=n/> }.into_any(),
                        None => view! { <NotFound/> }.into_any(),
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

/// `/publish/{id}/{n}`: the address of step `n` of the product being published (of its
/// change: `/publish/{id}/change/{n}`).
fn step_path(w: Wizard, n: u8) -> String {
    format!("{}/{n}", form_path(w))
}

/// The form's address without the step: `/publish/{id}`, or `/publish/{id}/change`.
fn form_path(w: Wizard) -> String {
    let id = w.id().get_untracked().unwrap_or_else(|| "new".into());
    if w.is_change() {
        format!("/publish/{id}/change")
    } else {
        format!("/publish/{id}")
    }
}

/// The last step's button: 提交审核, or 提交变更 for a change.
fn submit_key(w: Wizard) -> Key {
    if w.mode().get() == Mode::Change {
        k::OP_SUBMIT_CHANGE
    } else {
        k::PUBLISH_SUBMIT
    }
}

#[component]
fn Step(step: u8) -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    let notice = RwSignal::new(None::<Message>);
    let total = STEPS.to_string();
    let counter = move || i18n.format(k::PUBLISH_STEP_OF, &[("n", &step.to_string()), ("total", &total)]);
    view! {
        <section class="apx-page">
            <div class="apx-page__head">
                <h1 class="apx-page__title">
                    {move || i18n.t(if w.mode().get() == Mode::Change { k::PUBLISH_CHANGE_TITLE } else { k::PUBLISH_TITLE })}
                </h1>
                <SaveBar/>
            </div>
            <StepIndicator step/>
            <h2 class="apx-step__title">
                {move || i18n.t(step_name(w, step))}
                <span class="apx-step__counter">{counter}</span>
            </h2>
            <EditBanner/>
            <comments::ReviewPanel/>
            <StepFields step/>
            <p class="apx-notice" role="alert">{move || notice.with(|n| n.as_ref().map(|n| i18n.show(n)))}</p>
            <StepActions step notice/>
        </section>
    }
}

/// The five steps, the current one marked, the earlier ones linked (and marked when
/// they need attention).
#[component]
fn StepIndicator(step: u8) -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    let attention = move |n: u8| n < step && w.has_errors_on_step(n);
    // Steps the reviewer commented on (SPEC §5b).
    let comments = comments::use_form_comments();
    let commented = move |n: u8| comments.is_some_and(|c| c.steps().contains(&n));
    view! {
        <ol class="apx-steps" aria-label=i18n.tr(k::PUBLISH_STEPS)>
            {(1..=STEPS).map(|n| {
                let state = if n < step { "done" } else if n == step { "current" } else { "todo" };
                view! {
                    <li class=format!("apx-steps__step apx-steps__step--{state}") class:apx-steps__step--attention=move || attention(n)
                        class:apx-steps__step--commented=move || commented(n) aria-current=(n == step).then_some("step")>
                        <span class="apx-steps__number">{n}</span>
                        {if n < step {
                            view! { <Link href=Signal::derive(move || step_path(w, n)) class="apx-steps__name">{move || i18n.t(step_name(w, n))}</Link> }.into_any()
                        } else {
                            view! { <span class="apx-steps__name">{move || i18n.t(step_name(w, n))}</span> }.into_any()
                        }}
                        {move || commented(n).then(|| view! { <span class="apx-visually-hidden">{i18n.tr(k::COMMENT_STEP_MARKED)}</span> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// The step's fields; a decided product is read-only until the seller confirms
/// changing it, a change in review altogether.
#[component]
fn StepFields(step: u8) -> impl IntoView {
    let w = use_wizard();
    let read_only = move || matches!(w.gate().get(), EditGate::Locked(_) | EditGate::InReview);
    view! {
        <form class="apx-form" novalidate=true on:submit=|ev| ev.prevent_default()>
            <fieldset class="apx-form__fields" disabled=read_only>
                {match step {
                    1 => view! { <access::AccessStep/> }.into_any(),
                    2 => view! { <basics::BasicsStep/> }.into_any(),
                    3 => view! { <business::BusinessStep/> }.into_any(),
                    4 => view! { <sales::SalesStep/> }.into_any(),
                    _ => view! { <Listing content=Signal::derive(move || w.content().get()) catalog=w.catalog()/> }.into_any(),
                }}
            </fieldset>
        </form>
    }
}

/// 上一步, 保存草稿, 下一步 (which checks the step first), and on the last step 预览 and
/// 提交审核 (提交变更); what they cannot do is said in `notice`.
#[component]
fn StepActions(step: u8, notice: RwSignal<Option<Message>>) -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    let navigate = use_navigate();
    let go = move |n: u8| {
        notice.set(None);
        navigate(&step_path(w, n), Default::default());
    };
    let next = {
        let go = go.clone();
        move |_| {
            if let Some(refusal) = leaving_refused(w, step) {
                notice.set(Some(refusal));
            } else {
                go(step + 1);
            }
        }
    };
    let submit = use_submit(notice);
    let preview = move || {
        w.id().track();
        format!("{}/preview", form_path(w))
    };
    let locked = move || matches!(w.gate().get(), EditGate::Locked(_));
    view! {
        <div class="apx-actions">
            {(step > 1).then(|| {
                let go = go.clone();
                view! { <Button on_click=move |_| go(step - 1)>{i18n.tr(k::PUBLISH_BACK)}</Button> }
            })}
            <Button disabled=locked on_click=move |_| w.save_now()>{i18n.tr(k::DRAFT_SAVE)}</Button>
            {(step < STEPS).then(|| {
                view! {
                    <Button look=Look::Primary on_click=next>
                        {move || i18n.format(k::PUBLISH_NEXT, &[("step", i18n.t(step_name(w, step + 1)))])}
                    </Button>
                }
            })}
            {(step == STEPS).then(|| view! {
                <comments::HandledComments/>
                <Link href=Signal::derive(preview) class="apx-button">{i18n.tr(k::PUBLISH_PREVIEW)}</Link>
                <Show when=move || w.may_submit()>
                    <Button look=Look::Primary disabled=move || submit.pending().get()
                        on_click=move |_| { submit.dispatch_local(()); }>{move || i18n.t(submit_key(w))}</Button>
                </Show>
            })}
        </div>
    }
}

/// Why 下一步 cannot leave `step` now: a spec with changes its own 保存 has not taken
/// (pointed at), or the step's errors (shown, the first focused); `None` when it can.
fn leaving_refused(w: Wizard, step: u8) -> Option<Message> {
    if step == 4 {
        if let Some((i, id, name)) = sales::first_unsaved(w) {
            crate::host::focus(&sales::save_button_id(&id));
            return Some(if name.trim().is_empty() {
                Message::new(k::SPEC_BLOCKING_UNNAMED).with("n", (i + 1).to_string())
            } else {
                Message::new(k::SPEC_BLOCKING).with("name", name)
            });
        }
    }
    let errors = w.step_errors(step);
    let first = errors.first()?.field.clone();
    w.reveal(errors.iter().map(|e| e.field.clone()));
    crate::host::focus(&field_id(&first));
    Some(Message::new(k::PUBLISH_FIX).with("n", errors.len().to_string()))
}

/// 提交审核 of the draft: to 待上架 when the backend took it, otherwise `notice` says why.
fn use_submit(notice: RwSignal<Option<Message>>) -> Action<(), ()> {
    let w = use_wizard();
    let navigate = use_navigate();
    Action::new_local(move |_: &()| {
        let navigate = navigate.clone();
        async move {
            match w.submit().await {
                // A change waits for review on the 已上架 tab; a product on 待上架.
                Ok(()) if w.is_change() => navigate("/products/listed", Default::default()),
                Ok(()) => navigate("/products/pending", Default::default()),
                Err(errors) => {
                    w.reveal(errors.iter().map(|e| e.field.clone()));
                    let _ = notice.try_set(Some(submit_refused(&errors)));
                }
            }
        }
    })
}

/// What 提交审核 says when it is refused: an unsaved spec by its name (S4-SAVE), any
/// other error by the step to go back to, and nothing at all as being offline.
fn submit_refused(errors: &[FieldError]) -> Message {
    // What the seller must do first, by name: save a spec; deploy a service.
    if let Some(first) = errors.iter().find(|e| matches!(e.key, ErrorKey::SpecUnsaved | ErrorKey::NoService)) {
        return Message::Field(first.clone());
    }
    match errors.iter().filter_map(|e| e.step()).min() {
        Some(n) => Message::new(k::PUBLISH_SUBMIT_FAILED).with("step", step_key(n)),
        None => Message::new(k::DRAFT_OFFLINE),
    }
}

/// What editing a decided product does, said on the form before anything changes, and
/// the button that confirms it (SPEC §5). Nothing is written until then.
#[component]
fn EditBanner() -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    let change_text = move || {
        let live = w.live().get()?;
        let name = crate::ui::name_text(i18n, &live.content.name);
        let reason = w.change().with(|c| {
            c.as_ref()
                .filter(|c| c.status == domain::ChangeStatus::Rejected)
                .map(|c| c.review_reason.clone().unwrap_or_default())
        });
        Some(match (w.gate().get(), reason) {
            (EditGate::InReview, _) => i18n.t(k::PUBLISH_CHANGE_REVIEW).to_owned(),
            (_, Some(reason)) => i18n.format(k::PUBLISH_CHANGE_REJECTED, &[("reason", &reason)]),
            _ => i18n.format(k::PUBLISH_CHANGE_BANNER, &[("name", &name)]),
        })
    };
    let text = move || match w.gate().get() {
        _ if w.mode().get() == Mode::Change => None,
        EditGate::Open | EditGate::InReview => None,
        EditGate::Locked(Status::ListingApproved) => Some(k::EDIT_APPROVED),
        EditGate::Locked(Status::ListingRejected) => Some(k::EDIT_REJECTED),
        EditGate::Locked(_) => Some(k::EDIT_WITHDRAWN),
        EditGate::Confirmed(_) => Some(k::EDIT_CONFIRMED),
    };
    let locked = move || matches!(w.gate().get(), EditGate::Locked(_));
    let start = move |_| {
        w.confirm_edit();
        // Once the form is enabled, its first field takes the seller's typing.
        request_animation_frame(|| {
            crate::host::focus_first(".apx-form__fields :is(input, select, textarea):not(:disabled)");
        });
    };
    view! {
        {move || change_text().map(|text| view! {
            <div class="apx-banner" class:apx-banner--warn=move || w.gate().get() == EditGate::InReview role="status">
                <p class="apx-banner__text">{text}</p>
            </div>
        })}
        {move || text().map(|key| view! {
            <div class="apx-banner" class:apx-banner--warn=locked role="status">
                <p class="apx-banner__text">{i18n.tr(key)}</p>
                <Show when=locked>
                    <Button look=Look::Primary on_click=start>{i18n.tr(k::EDIT_START)}</Button>
                </Show>
            </div>
        })}
    }
}

/// Where the draft stands, and the choice when another tab saved first.
#[component]
fn SaveBar() -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    let text = move || match w.save_state().get() {
        SaveState::Saved if w.id().get().is_some() => Some(k::DRAFT_SAVED),
        SaveState::Saved => None,
        SaveState::Unsaved => Some(k::DRAFT_UNSAVED),
        SaveState::Saving => Some(k::DRAFT_SAVING),
        SaveState::Offline => Some(k::DRAFT_OFFLINE),
        SaveState::Conflict(_) => Some(k::DRAFT_CONFLICT),
    };
    let conflict = move || matches!(w.save_state().get(), SaveState::Conflict(_));
    view! {
        <div class="apx-savebar">
            <span class="apx-savebar__status" role="status">{move || text().map(|key| i18n.t(key))}</span>
            <span class="apx-savebar__restored" role="status">{move || w.restored().with(|m| m.as_ref().map(|m| i18n.show(m)))}</span>
            <Show when=conflict>
                <div class="apx-dialog" role="alertdialog" aria-labelledby="apx-conflict-text">
                    <p id="apx-conflict-text">{i18n.tr(k::DRAFT_CONFLICT)}</p>
                    <Button look=Look::Primary on_click=move |_| w.resolve(true)>{i18n.tr(k::DRAFT_KEEP_MINE)}</Button>
                    <Button on_click=move |_| w.resolve(false)>{i18n.tr(k::DRAFT_TAKE_THEIRS)}</Button>
                </div>
            </Show>
        </div>
    }
}

/// 预览 of the form as it stands (`/publish/{id}/preview`), possibly unsaved (a reload
/// shows the same: what the backend has and what this browser kept), with 返回编辑 and,
/// for a draft, 提交审核.
#[component]
pub fn DraftPreviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    let (_, opened) = use_opened();
    let back = Signal::derive(move || {
        w.id().track();
        step_path(w, STEPS)
    });
    let notice = RwSignal::new(None::<Message>);
    let submit = use_submit(notice);
    // A change can be previewed as proposed or as the live version on sale.
    let show_live = RwSignal::new(false);
    let shown = Signal::derive(move || match w.live().get() {
        Some(live) if show_live.get() => live.content,
        _ => w.content().get(),
    });
    let actions = view! {
        <Link href=back class="apx-button">{i18n.tr(k::PREVIEW_BACK)}</Link>
        <Show when=move || w.may_submit()>
            <Button look=Look::Primary disabled=move || submit.pending().get()
                on_click=move |_| { submit.dispatch_local(()); }>{move || i18n.t(submit_key(w))}</Button>
        </Show>
    }
    .into_any();
    view! {
        <section class="apx-page">
            <PreviewFrame actions>
                <p class="apx-notice" role="alert">{move || notice.with(|n| n.as_ref().map(|n| i18n.show(n)))}</p>
                <Show when=move || w.mode().get() == Mode::Change>
                    <div class="apx-switch" role="group" aria-label=i18n.tr(k::PREVIEW_WHICH)>
                        <Button pressed=Signal::derive(move || !show_live.get())
                            on_click=move |_| show_live.set(false)>{i18n.tr(k::DIFF_PROPOSED)}</Button>
                        <Button pressed=show_live
                            on_click=move |_| show_live.set(true)>{i18n.tr(k::DIFF_LIVE)}</Button>
                    </div>
                </Show>
                <Transition fallback=Loading>
                    <ErrorBoundary fallback=move |errors| view! { <LoadFailed errors retry=Callback::new(move |()| opened.refetch())/> }>
                        {move || Suspend::new(async move {
                            opened.await?;
                            Ok::<_, ApiError>(view! { <Listing content=shown catalog=w.catalog()/> })
                        })}
                    </ErrorBoundary>
                </Transition>
            </PreviewFrame>
        </section>
    }
}

//! The last rejection of what the form edits, by the field (SPEC §5b): the reason and
//! the list 审核意见 at the top, each item jumping to its field (on its step); each
//! comment beside its field (in the field's `aria-describedby`), 已修改 once the field
//! changed since the decision, the seller's answer to it; the steps with comments marked;
//! how many are handled, at 提交审核.

use domain::review::{self, Comment, Review};
use domain::{path, FieldError, RULES};
use leptos::context::Provider;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;

use super::state::Wizard;
use crate::api::Code;
use crate::i18n::{k, use_i18n, Key};
use crate::listing::path_label;
use crate::session::use_backend;
use crate::ui::field::{field_id, FieldComments, FieldErrors, Label, TextField};
use crate::ui::{format_time, Button, Look};

/// The rejection the form's product (or change) is open under, for its views; `Copy`.
#[derive(Clone, Copy)]
pub struct Comments {
    review: RwSignal<Option<Review>>,
    wizard: Wizard,
}

/// Loads the rejection when what the form edits was rejected, and shows its comments
/// beside the form's fields.
pub fn use_comments(w: Wizard) -> Comments {
    let backend = use_backend();
    let review = RwSignal::new(None::<Review>);
    // Not on every save: only when the product, or whether it was rejected, changes.
    let wanted = Memo::new(move |_| w.id().get().filter(|_| w.was_rejected()));
    let loaded = LocalResource::new(move || {
        let (id, client) = (wanted.get(), backend.client());
        async move {
            match id {
                Some(id) => client.open_review(&id).await.ok(),
                None => None,
            }
        }
    });
    Effect::new(move |_| {
        if let Some(found) = loaded.get() {
            review.set(found);
        }
    });
    let comments = Comments { review, wizard: w };
    provide_context(comments);
    provide_context(FieldComments(Callback::new(move |path: String| comments.beside(&path))));
    comments
}

/// The comments of the form, where there are any.
pub fn use_form_comments() -> Option<Comments> {
    use_context::<Comments>()
}

impl Comments {
    /// The comments shown with the field at `path`: its own; for a list of files
    /// (商品图片) those on each of its files; for a package, those on its fields too
    /// (its row is one line: they go under it). A package's field shows none itself.
    fn on(self, field: &str) -> Vec<Comment> {
        let list = matches!(field, "images" | "copyright_certs");
        let package = matches!(path::parse(field), Some(path::FieldPath::Package { field: None, .. }));
        if matches!(path::parse(field), Some(path::FieldPath::Package { field: Some(_), .. })) {
            return Vec::new();
        }
        self.review.with(|r| {
            r.iter()
                .flat_map(|r| &r.comments)
                .filter(|c| match c.path.strip_prefix(field) {
                    Some("") => true,
                    Some(rest) => (list && rest.starts_with('[')) || (package && rest.starts_with('.')),
                    None => false,
                })
                .cloned()
                .collect()
        })
    }

    /// The steps (1–4) that have comments.
    pub fn steps(self) -> Vec<u8> {
        self.review.with(|r| r.iter().flat_map(|r| &r.comments).filter_map(|c| path::step(&c.path)).collect())
    }

    /// Whether a comment's field changed since the decision (已修改), tracked.
    fn changed(self, comment_path: &str) -> bool {
        let w = self.wizard;
        self.review.with(|r| {
            r.as_ref().is_some_and(|r| w.content().with(|now| review::changed(comment_path, &r.content, now)))
        })
    }

    /// Comments answered or whose field changed, and all of them.
    pub fn handled(self) -> (usize, usize) {
        let all: Vec<Comment> = self.review.with(|r| r.iter().flat_map(|r| r.comments.clone()).collect());
        let done = all.iter().filter(|c| c.answer.is_some() || self.changed(&c.path)).count();
        (done, all.len())
    }

    /// The comments beside the field at `path`, if it has any: each field's text under
    /// the id its `aria-describedby` names (`{field_id}-comment`).
    fn beside(self, path: &str) -> Option<AnyView> {
        let comments = self.on(path);
        if comments.is_empty() {
            return None;
        }
        // Under a package, each of its fields' comments is described by its own id.
        let by_field = matches!(path::parse(path), Some(path::FieldPath::Package { .. }));
        let mut groups: Vec<(String, Vec<Comment>)> = Vec::new();
        for c in comments {
            let key = if by_field { c.path.clone() } else { path.to_owned() };
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, list)) => list.push(c),
                None => groups.push((key, vec![c])),
            }
        }
        let i18n = use_i18n();
        let w = self.wizard;
        let blocks = groups
            .into_iter()
            .map(|(key, list)| {
                let id = format!("{}-comment", field_id(&key));
                let label = (by_field && key != path).then(|| {
                    let key = key.clone();
                    view! { <span class="apx-comment__field">{move || w.content().with(|c| path_label(i18n, &key, c))}</span> }
                });
                let texts = list.iter().map(|c| view! { <CommentText comment=c.clone() comments=self/> }).collect_view();
                let answers = list.into_iter().map(|c| view! { <CommentAnswer comment=c comments=self/> }).collect_view();
                view! {
                    {label}
                    <p class="apx-comment__text" id=id tabindex="-1">{texts}</p>
                    {answers}
                }
            })
            .collect_view();
        Some(view! { <div class="apx-comment">{blocks}</div> }.into_any())
    }
}

/// A comment in words: 审核意见：<text>, and whether it is 已修改 or 已回复.
#[component]
fn CommentText(comment: Comment, comments: Comments) -> impl IntoView {
    let i18n = use_i18n();
    let path = comment.path.clone();
    let id = comment.id.clone();
    let is_answered =
        move || comments.review.with(|r| r.iter().flat_map(|r| &r.comments).any(|c| c.id == id && c.answer.is_some()));
    view! {
        <span class="apx-comment__item">
            <strong>{i18n.tr(k::COMMENT_TEXT)}</strong>
            {comment.text}
            {move || comments.changed(&path).then(|| view! { <span class="apx-badge apx-badge--done">{i18n.tr(k::COMMENT_CHANGED)}</span> })}
            {move || is_answered().then(|| view! { <span class="apx-badge">{i18n.tr(k::COMMENT_ANSWERED)}</span> })}
        </span>
    }
}

/// The seller's answer to a comment: shown, and written (≤ 300 characters).
#[component]
fn CommentAnswer(comment: Comment, comments: Comments) -> impl IntoView {
    let i18n = use_i18n();
    let backend = use_backend();
    let w = comments.wizard;
    let label = Memo::new({
        let path = comment.path.clone();
        move |_| w.content().with(|c| path_label(i18n, &path, c))
    });
    let answer = Memo::new({
        let id = comment.id.clone();
        move |_| {
            comments.review.with(|r| {
                r.iter()
                    .flat_map(|r| &r.comments)
                    .find(|c| c.id == id)
                    .and_then(|c| c.answer.as_ref())
                    .map(|a| a.text.clone())
            })
        }
    });
    let open = RwSignal::new(false);
    let text = RwSignal::new(String::new());
    // The rule's error beside the text (a field of its own); why a save failed under it.
    let error = RwSignal::new(None::<FieldError>);
    let failed = RwSignal::new(None::<Key>);
    let editor_path = format!("answer.{}", comment.id);
    let editor_id = field_id(&editor_path);
    // Its own errors, for its text field only (a field may carry several comments).
    let answer_errors = {
        let editor_path = editor_path.clone();
        FieldErrors {
            error: Callback::new(move |path: String| (path == editor_path).then(|| error.get()).flatten()),
            reveal: Callback::new(|_| ()),
        }
    };
    let save = Action::new_local({
        let id = comment.id.clone();
        move |typed: &String| {
            let (typed, id, client, product) = (typed.clone(), id.clone(), backend.client(), w.id().get_untracked());
            async move {
                let Some(product) = product else { return };
                match client.answer(&product, &id, &typed).await {
                    Ok(saved) => {
                        comments.review.update(|r| {
                            if let Some(c) = r.iter_mut().flat_map(|r| r.comments.iter_mut()).find(|c| c.id == saved.id)
                            {
                                c.answer = saved.answer;
                            }
                        });
                        open.set(false);
                    }
                    Err(e) if e.code() == Some(Code::Settled) => failed.set(Some(k::COMMENT_ANSWER_CLOSED)),
                    Err(e) => match e.field_errors().into_iter().next() {
                        Some(f) => error.set(Some(f)),
                        None => failed.set(Some(k::DRAFT_OFFLINE)),
                    },
                }
            }
        }
    });
    let start = {
        let editor_id = editor_id.clone();
        move |_| {
            text.set(answer.get_untracked().unwrap_or_default());
            error.set(None);
            failed.set(None);
            open.set(true);
            let editor_id = editor_id.clone();
            request_animation_frame(move || crate::host::focus(&editor_id));
        }
    };
    let submit = move |_| {
        let typed = text.get_untracked();
        failed.set(None);
        match review::answer(&typed) {
            Ok(()) => {
                error.set(None);
                save.dispatch_local(typed);
            }
            Err(e) => error.set(Some(e)),
        }
    };
    let label_text = Signal::derive(move || i18n.format(k::COMMENT_ANSWER_LABEL, &[("field", &label.get())]));
    let editor_path = StoredValue::new(editor_path);
    view! {
        <div class="apx-comment__answer">
            {move || answer.get().map(|a| view! { <p><strong>{i18n.tr(k::COMMENT_YOUR_ANSWER)}</strong>{a}</p> })}
            <Show when=move || open.get() fallback=move || view! {
                <Button look=Look::Ghost on_click=start.clone()>{move || i18n.format(k::COMMENT_ANSWER_OPEN, &[("field", &label.get())])}</Button>
            }>
                <Provider value=answer_errors>
                    <TextField path=editor_path.get_value() label=Label::Text(label_text) limit=RULES.rv_answer multiline=true rows=3
                        value=text on_input=move |v: String| { text.set(v); error.set(None); }/>
                </Provider>
                <p class="apx-field__error" role="alert">{move || failed.get().map(|key| i18n.t(key))}</p>
                <Button look=Look::Primary disabled=move || save.pending().get() on_click=submit>{i18n.tr(k::COMMENT_ANSWER_SAVE)}</Button>
                <Button on_click=move |_| open.set(false)>{i18n.tr(k::COMMENT_ANSWER_CANCEL)}</Button>
            </Show>
        </div>
    }
}

/// The reason and the list 审核意见 on top of the form, each item a way to its field.
#[component]
pub fn ReviewPanel() -> impl IntoView {
    let Some(comments) = use_form_comments() else { return ().into_any() };
    let i18n = use_i18n();
    let w = comments.wizard;
    let navigate = use_navigate();
    let jump = move |path: String| {
        let Some(step) = path::step(&path) else { return };
        navigate(&super::step_path(w, step), Default::default());
        focus_when_there(field_id(&focus_path(&path)), 30);
    };
    (move || {
        let jump = jump.clone();
        comments.review.get().map(|r| {
            let intro =
                i18n.format(k::COMMENT_INTRO, &[("reviewer", &r.reviewer), ("time", &format_time(r.decided_at))]);
            let items = r
                .comments
                .iter()
                .map(|c| {
                    let (path, text) = (c.path.clone(), c.text.clone());
                    let label = w.content().with_untracked(|content| path_label(i18n, &path, content));
                    let jump = jump.clone();
                    let (to, marked) = (path.clone(), path.clone());
                    let target = (!path.is_empty()).then(move || {
                        view! { <button type="button" class="apx-link" on:click=move |_| jump(to.clone())>{label.clone()}</button> }
                    });
                    let whole = path.is_empty().then(|| i18n.t(k::COMMENT_WHOLE));
                    view! {
                        <li data-path=path>
                            {target}{whole}{i18n.tr(k::COMMENT_COLON)}{text}
                            {move || comments.changed(&marked).then(|| view! { <span class="apx-badge apx-badge--done">{i18n.tr(k::COMMENT_CHANGED)}</span> })}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="apx-review-panel" aria-labelledby="apx-review-panel-title">
                    <h3 id="apx-review-panel-title" class="apx-review-panel__title">{i18n.tr(k::COMMENT_LIST)}</h3>
                    <p>{intro}</p>
                    {r.reason.map(|reason| view! { <p><strong>{i18n.tr(k::COMMENT_REASON)}</strong>{reason}</p> })}
                    {(!r.comments.is_empty()).then(|| view! { <ol class="apx-review-panel__list">{items}</ol> })}
                </section>
            }
        })
    })
    .into_any()
}

/// "已处理 2/3 条审核意见", where there are comments.
#[component]
pub fn HandledComments() -> impl IntoView {
    let Some(comments) = use_form_comments() else { return ().into_any() };
    let i18n = use_i18n();
    (move || {
        let (done, total) = comments.handled();
        (total > 0).then(|| {
            view! {
                <p class="apx-review-handled" role="status">
                    {i18n.format(k::COMMENT_HANDLED, &[("done", &done.to_string()), ("total", &total.to_string())])}
                </p>
            }
        })
    })
    .into_any()
}

/// The field a comment's link goes to: a file list for one of its files, a spec's or a
/// package's name for the whole of it.
fn focus_path(p: &str) -> String {
    match path::parse(p) {
        Some(path::FieldPath::Product(field)) => field.split('[').next().unwrap_or(field).to_owned(),
        Some(path::FieldPath::Spec { spec, field: None }) => path::spec_field(spec, "name"),
        Some(path::FieldPath::Package { spec, package, field: None }) => path::package_field(spec, package, "name"),
        _ => p.to_owned(),
    }
}

/// Focuses the element `id` once it is on the page (the step it is on may still be
/// coming), trying for `frames` animation frames; a group (服务时间) by its first control.
fn focus_when_there(id: String, frames: u32) {
    request_animation_frame(move || {
        let Some(element) = crate::host::by_id(&id) else {
            if frames > 0 {
                focus_when_there(id, frames - 1);
            }
            return;
        };
        let target = if element.tag_name().eq_ignore_ascii_case("fieldset") {
            element.query_selector("input, select, textarea").ok().flatten()
        } else {
            Some(element)
        };
        // A field the seller cannot change yet (a decided product before 修改此商品):
        // its comment, which says what to change.
        let target = match target {
            Some(t) if t.matches(":disabled").unwrap_or(false) => crate::host::by_id(&format!("{id}-comment")),
            other => other,
        };
        if let Some(target) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = target.focus();
        }
    });
}

//! 逐项审核: every field, file, spec and package of the content under review with its
//! value, 添加意见：<field label> (a text box 审核意见：<field label>, ≤ 300 characters,
//! sent with 驳回), and the earlier rejection's comments on it with the seller's answers
//! and whether the field changed since (SPEC §5b).

use domain::model::{Catalog, ProductContent};
use domain::review::{self, Review};
use domain::{path, FieldError, RULES};
use leptos::prelude::*;

use crate::i18n::{k, use_i18n};
use crate::listing::{path_label, path_value};
use crate::ui::field::{field_id, Label, TextField};
use crate::ui::Button;

/// A comment being written on the field at `path`.
#[derive(Clone, PartialEq)]
pub struct Draft {
    pub path: String,
    pub text: RwSignal<String>,
    pub error: RwSignal<Option<FieldError>>,
}

impl Draft {
    /// The id of its text box.
    pub fn id(&self) -> String {
        field_id(&comment_path(&self.path))
    }
}

/// The request form's path of the comment on the field at `path` (`comment.summary`).
pub fn comment_path(path: &str) -> String {
    format!("comment.{path}")
}

/// The list, for the content under review; `open` while a decision can be made.
#[component]
pub fn FieldReview(
    content: ProductContent,
    catalog: Catalog,
    previous: Option<Review>,
    drafts: RwSignal<Vec<Draft>>,
    #[prop(into)] open: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let content = StoredValue::new(content);
    let rows = content.with_value(path::commentable).into_iter().map(|path| {
        let earlier: Vec<_> =
            previous.iter().flat_map(|r| r.comments.iter().filter(|c| c.path == path).cloned()).collect();
        let changed = previous.as_ref().is_some_and(|r| content.with_value(|c| review::changed(&path, &r.content, c)));
        view! { <FieldRow path content catalog=catalog.clone() earlier changed drafts open/> }
    });
    view! {
        <h2 class="apx-section-title" id="apx-field-review-title">{i18n.tr(k::REVIEW_FIELDS)}</h2>
        <p class="apx-field__hint">{i18n.tr(k::REVIEW_FIELDS_HINT)}</p>
        <ul class="apx-field-review" aria-labelledby="apx-field-review-title">{rows.collect_view()}</ul>
    }
}

/// One field: its label and value, the earlier comments, 添加意见 or the comment box.
#[component]
fn FieldRow(
    path: String,
    content: StoredValue<ProductContent>,
    catalog: Catalog,
    earlier: Vec<domain::review::Comment>,
    changed: bool,
    drafts: RwSignal<Vec<Draft>>,
    open: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let label = {
        let path = path.clone();
        Memo::new(move |_| content.with_value(|c| path_label(i18n, &path, c)))
    };
    let value = {
        let path = path.clone();
        move || content.with_value(|c| path_value(i18n, &path, c, &catalog))
    };
    let earlier = earlier
        .into_iter()
        .map(|c| {
            view! {
                <div class="apx-comment">
                    <p>
                        <strong>{i18n.tr(k::REVIEW_EARLIER)}</strong>{c.text}
                        {changed.then(|| view! { <span class="apx-badge apx-badge--done">{i18n.tr(k::COMMENT_CHANGED)}</span> })}
                    </p>
                    {c.answer.map(|a| view! { <p><strong>{i18n.tr(k::COMMENT_SELLER_ANSWER)}</strong>{a.text}</p> })}
                </div>
            }
        })
        .collect_view();
    let draft = {
        let path = path.clone();
        Memo::new(move |_| drafts.with(|d| d.iter().find(|d| d.path == path).cloned()))
    };
    // A draft's signals belong to the row, not to the button that made it (which goes
    // when the box takes its place).
    let owner = Owner::current();
    let add = {
        let path = path.clone();
        move |_| {
            let signals = || (RwSignal::new(String::new()), RwSignal::new(None));
            let (text, error) = owner.as_ref().map_or_else(signals, |o| o.with(signals));
            let new = Draft { path: path.clone(), text, error };
            let id = new.id();
            drafts.update(|d| d.push(new));
            request_animation_frame(move || crate::host::focus(&id));
        }
    };
    let whole = path.is_empty();
    let add_id = field_id(&format!("add.{path}"));
    view! {
        <li class="apx-field-review__row" class:apx-field-review__row--whole=whole data-path=path.clone()>
            <div class="apx-field-review__head">
                <span class="apx-field-review__label">{move || label.get()}</span>
                <span class="apx-field-review__value">{value}</span>
            </div>
            {earlier}
            {move || match draft.get() {
                Some(d) => view! { <CommentBox draft=d label drafts add_id=add_id.clone()/> }.into_any(),
                None if open.get() => {
                    let add = add.clone();
                    view! {
                        <Button id=add_id.clone() on_click=add>{move || i18n.format(k::COMMENT_ADD, &[("field", &label.get())])}</Button>
                    }
                    .into_any()
                }
                None => ().into_any(),
            }}
        </li>
    }
}

/// 审核意见：<field label> (a text field of the request's form: its counter, its error
/// from the decision), and 移除意见.
#[component]
fn CommentBox(draft: Draft, label: Memo<String>, drafts: RwSignal<Vec<Draft>>, add_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let (text, error) = (draft.text, draft.error);
    let path = draft.path.clone();
    let remove = move |_| {
        drafts.update(|d| d.retain(|d| d.path != path));
        let add_id = add_id.clone();
        request_animation_frame(move || crate::host::focus(&add_id));
    };
    let box_label = Signal::derive(move || i18n.format(k::COMMENT_BOX, &[("field", &label.get())]));
    view! {
        <div class="apx-comment-box">
            <TextField path=comment_path(&draft.path) label=Label::Text(box_label) limit=RULES.rv_comment multiline=true rows=3
                value=text on_input=move |v: String| { text.set(v); error.set(None); }/>
            <Button on_click=remove>{move || i18n.format(k::COMMENT_REMOVE, &[("field", &label.get())])}</Button>
        </div>
    }
}

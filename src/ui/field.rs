//! Form fields: a label that is the seed's parameter name, the input, a live counter
//! for limited texts, the error next to the field (aria-invalid, aria-describedby).
//! Which error a field shows is the form's business: the form provides [`FieldErrors`].

use domain::rules::TextLimit;
use domain::{text_len, FieldError};
use leptos::prelude::*;

use crate::i18n::{use_i18n, Key};

/// The DOM id of the input for a field path (`specs[0].name` → `apx-f-specs-0-name`).
pub fn field_id(path: &str) -> String {
    let mut id = String::from("apx-f-");
    for c in path.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            id.push(c);
        } else if !id.ends_with('-') {
            id.push('-');
        }
    }
    id.trim_end_matches('-').to_owned()
}

/// The errors a form shows, by field path, and telling it a field was left (from then
/// on its errors show). Provided by the form through context; `Copy`.
#[derive(Clone, Copy)]
pub struct FieldErrors {
    /// The error shown for a field path now (tracked).
    pub error: Callback<String, Option<FieldError>>,
    /// The seller left these fields: show their errors from now on.
    pub reveal: Callback<Vec<String>>,
}

impl FieldErrors {
    pub fn provide(self) {
        provide_context(self);
    }
}

/// The form's errors; a form without any shows none.
pub fn use_field_errors() -> FieldErrors {
    use_context::<FieldErrors>()
        .unwrap_or(FieldErrors { error: Callback::new(|_| None), reveal: Callback::new(|_| ()) })
}

/// What a form shows beside its fields besides their errors: the reviewer's comments
/// (SPEC §5b), by field path. The view names its text `{field_id}-comment`, which the
/// field's `aria-describedby` lists. Provided by the form; a form without it shows none.
#[derive(Clone, Copy)]
pub struct FieldComments(pub Callback<String, Option<AnyView>>);

/// The error under a field, in words (announced when it appears), and the comments on it.
#[component]
pub fn FieldMessage(#[prop(into)] path: String) -> impl IntoView {
    let errors = use_field_errors();
    let i18n = use_i18n();
    let id = format!("{}-error", field_id(&path));
    let error_path = path.clone();
    view! {
        <p id=id class="apx-field__error" role="alert">
            {move || errors.error.try_run(error_path.clone()).flatten().map(|e| i18n.locale().field_error(&e))}
        </p>
        <FieldComment path/>
    }
}

/// The reviewer's comments on the field at `path`, if the form shows any.
#[component]
pub fn FieldComment(#[prop(into)] path: String) -> impl IntoView {
    use_context::<FieldComments>().map(|FieldComments(comments)| move || comments.try_run(path.clone()).flatten())
}

/// A field's `aria-describedby`: its error, its comments, and `more`.
pub fn described(id: &str, more: &[&str]) -> String {
    let mut ids = format!("{id}-error {id}-comment");
    for m in more {
        ids.push(' ');
        ids.push_str(id);
        ids.push('-');
        ids.push_str(m);
    }
    ids
}

/// Whether the field at `path` shows an error now (for `aria-invalid`).
pub fn invalid(path: &str) -> impl Fn() -> Option<&'static str> + Send + Sync + 'static {
    let errors = use_field_errors();
    let path = path.to_owned();
    move || errors.error.try_run(path.clone()).flatten().map(|_| "true")
}

/// A field's label: a locale key (the seed's parameter name), or a text made from
/// others (审核意见：商品简介).
#[derive(Clone, Copy)]
pub enum Label {
    Key(Key),
    Text(Signal<String>),
}

impl From<Key> for Label {
    fn from(key: Key) -> Self {
        Label::Key(key)
    }
}

/// A text field: its label (the seed's parameter name), the input — one line of
/// `kind` (`text`, `tel`, `email`), or an area when `multiline` — its hint, and its
/// error. A limited text shows `12/80`, counted as the rule counts (grapheme clusters).
#[component]
pub fn TextField(
    #[prop(into)] path: String,
    #[prop(into)] label: Label,
    #[prop(optional)] limit: Option<TextLimit>,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_input: Callback<String>,
    #[prop(optional)] multiline: bool,
    #[prop(default = "text")] kind: &'static str,
    /// Rows of a multi-line field.
    #[prop(default = 5)]
    rows: u32,
    #[prop(optional)] hint: Option<Key>,
    /// Shown beside the input, on its line (有效期's unit).
    #[prop(optional)]
    addon: Option<AnyView>,
) -> impl IntoView {
    let i18n = use_i18n();
    let errors = use_field_errors();
    let id = field_id(&path);
    let described = described(&id, if limit.is_some() { &["count"] } else { &[] });
    let reveal = {
        let path = path.clone();
        move |_| {
            // A blur may come as the form is being removed.
            errors.reveal.try_run(vec![path.clone()]);
        }
    };
    let input = move |ev| on_input.run(event_target_value(&ev));
    let control = if multiline {
        view! {
            <textarea id=id.clone() class="apx-input apx-input--area" rows=rows prop:value=value
                aria-invalid=invalid(&path) aria-describedby=described.clone() on:input=input on:blur=reveal.clone()></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() class="apx-input" type=kind prop:value=value
                aria-invalid=invalid(&path) aria-describedby=described.clone() on:input=input on:blur=reveal.clone()/>
        }
        .into_any()
    };
    let counter = limit.map(|limit| {
        let count = move || format!("{}/{}", text_len(&value.get()), limit.max_chars);
        let over = move || text_len(&value.get()) > limit.max_chars;
        view! { <span id=format!("{id}-count") class="apx-counter" class:apx-counter--over=over>{count}</span> }
    });
    view! {
        <div class="apx-field">
            <label class="apx-field__label" for=id.clone()>
                {move || match label {
                    Label::Key(key) => i18n.t(key).to_owned(),
                    Label::Text(text) => text.get(),
                }}
            </label>
            <div class="apx-field__control">{control}{counter}{addon}</div>
            {hint.map(|h| view! { <p class="apx-field__hint">{i18n.tr(h)}</p> })}
            <FieldMessage path=path.clone()/>
        </div>
    }
}

/// `1.2 MB`, `340 KB`.
pub fn format_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        // Integer arithmetic: float formatting would add ~10 KB to the bundle.
        let tenths = bytes * 10 / (1024 * 1024);
        format!("{}.{} MB", tenths / 10, tenths % 10)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

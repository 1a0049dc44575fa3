//! An upload field as a seller sees it: the files it holds (reorder, 调整裁剪, 删除),
//! the files on their way with their state, the picker and the drop zone. It is a view
//! of its slot's [`UploadQueue`]; the queue does the work.

use domain::model::FileRef;
use domain::rules::FileLimit;
use domain::FileSlot;
use leptos::prelude::*;

use super::crop::CropEditor;
use super::field::{field_id, format_size, invalid, use_field_errors, FieldMessage};
use crate::i18n::{formats_key, k, slot_key, use_i18n, Key};
use crate::upload::{JobState, UploadQueue};

/// The rule of a file field in words: its formats as the seed names them, pixel size,
/// bytes, count.
fn file_hint(slot: FileSlot) -> impl Fn() -> String + Send + Sync + 'static {
    let i18n = use_i18n();
    let limit = slot.limit();
    move || {
        let locale = i18n.locale();
        let mut parts = vec![locale.text(formats_key(slot)).to_owned()];
        if let Some((w, h)) = limit.pixels {
            parts.push(locale.format(k::FILE_HINT_PIXELS, &[("width", &w.to_string()), ("height", &h.to_string())]));
        }
        parts.push(locale.format(k::FILE_HINT_SIZE, &[("max_mb", &(limit.max_bytes / (1024 * 1024)).to_string())]));
        if limit.max_count > 1 {
            parts.push(locale.format(k::FILE_HINT_COUNT, &[("max", &limit.max_count.to_string())]));
        }
        parts.join(locale.text(k::LIST_SEPARATOR))
    }
}

/// The seed's own guidance for a slot, where it gives one beyond the formats (the test
/// report's is its note).
fn guidance(slot: FileSlot) -> Option<Key> {
    match slot {
        FileSlot::Images => Some(k::HINT_IMAGES),
        FileSlot::UsageDoc => Some(k::HINT_USAGE_DOC),
        FileSlot::OssStatement => Some(k::HINT_OSS),
        FileSlot::ServiceAgreement => Some(k::HINT_AGREEMENT),
        FileSlot::Icon | FileSlot::CopyrightCerts | FileSlot::TestReport => None,
    }
}

/// The field of `queue`'s slot, labelled with the seed's parameter name; the file
/// input's accessible name starts with it ("商品图标 选择文件").
#[component]
pub fn FileField(
    queue: UploadQueue,
    /// The picker's text, if not 选择文件.
    #[prop(optional)]
    button: Option<Key>,
    /// A note under the field.
    #[prop(optional)]
    note: Option<Key>,
) -> impl IntoView {
    let i18n = use_i18n();
    let errors = use_field_errors();
    let slot = queue.slot;
    let files = queue.files;
    let limit = slot.limit();
    let path = slot.name();
    let id = field_id(path);
    let ordered = slot == FileSlot::Images;
    let take = move |list: Option<web_sys::FileList>| {
        errors.reveal.try_run(vec![path.to_owned()]);
        let picked = list.map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect()).unwrap_or_default();
        queue.add(picked);
    };
    let chosen = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        take(input.files());
        input.set_value("");
    };
    let dropped = {
        let id = id.clone();
        move |ev: leptos::ev::DragEvent| {
            ev.prevent_default();
            // A drop counts only where the picker could be used (not full, not in a
            // form that is read-only).
            let usable = crate::host::by_id(&id).is_some_and(|input| !input.matches(":disabled").unwrap_or(true));
            if usable {
                take(ev.data_transfer().and_then(|d| d.files()));
            }
        }
    };
    let full = move || queue.full();
    let described = super::field::described(&id, &["hint"]);
    view! {
        <div class="apx-field apx-dropzone" on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=dropped>
            <span class="apx-field__label" id=format!("{id}-label")>{i18n.tr(slot_key(slot))}</span>
            <ul class="apx-files" aria-labelledby=format!("{id}-label")>
                {move || {
                    let count = files.with(Vec::len);
                    files.get().into_iter().enumerate().map(|(i, f)| view! { <FileItem file=f index=i count ordered queue/> }).collect_view()
                }}
            </ul>
            {move || queue.editing.get().map(|session| view! {
                <CropEditor session on_done=Callback::new(move |crop| queue.recrop(crop))/>
            })}
            <ul class="apx-files apx-files--pending" aria-live="polite">
                {move || queue.jobs.get().into_iter().map(|job| {
                    let state = job.state;
                    let id = job.id;
                    let retry = move || matches!(state.get(), JobState::Failed { retry: true, .. });
                    let text = move || match state.get() {
                        JobState::Preparing if limit.pixels.is_some() => i18n.t(k::UPLOAD_PREPARING).to_owned(),
                        JobState::Preparing => i18n.t(k::UPLOAD_CHECKING).to_owned(),
                        JobState::Uploading(percent) => i18n.format(k::UPLOAD_UPLOADING, &[("percent", &percent.to_string())]),
                        JobState::Retrying(seconds) => i18n.format(k::UPLOAD_RETRYING, &[("seconds", &seconds.to_string())]),
                        JobState::Failed { message, .. } => i18n.show(&message),
                    };
                    view! {
                        <li class="apx-files__item apx-files__job" data-state=move || format!("{:?}", state.get())>
                            {move || job.thumbnail.get().map(|url| view! {
                                <img class="apx-files__thumbnail" src=url alt=i18n.tr(k::UPLOAD_THUMBNAIL)/>
                            })}
                            <span class="apx-files__name">{job.name.clone()}</span>
                            <span class="apx-files__state" class:apx-field__error=move || state.with(JobState::failed)>{text}</span>
                            <Show when=move || matches!(state.get(), JobState::Uploading(_))>
                                <button type="button" class="apx-link" on:click=move |_| queue.cancel(id)>{i18n.tr(k::UPLOAD_CANCEL)}</button>
                            </Show>
                            <Show when=retry>
                                <button type="button" class="apx-link" on:click=move |_| queue.retry(id)>{i18n.tr(k::UPLOAD_RETRY)}</button>
                            </Show>
                            <Show when=move || state.with(JobState::failed)>
                                <button type="button" class="apx-link" on:click=move |_| queue.remove(id)>{i18n.tr(k::FILE_REMOVE)}</button>
                            </Show>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <label id=format!("{id}-choose") class="apx-button apx-file-button" class:apx-file-button--disabled=full for=id.clone()>
                {i18n.tr(button.unwrap_or(k::FILE_CHOOSE))}
            </label>
            <span class="apx-field__hint">" " {i18n.tr(k::UPLOAD_DROP)}</span>
            <input id=id.clone() class="apx-visually-hidden" type="file" accept=accept(limit) multiple={limit.max_count > 1}
                disabled=full aria-labelledby=format!("{id}-label {id}-choose") aria-invalid=invalid(path)
                aria-describedby=described on:change=chosen/>
            <p id=format!("{id}-hint") class="apx-field__hint">
                {guidance(slot).map(|h| view! { <span class="apx-field__guide">{i18n.tr(h)}</span> " " })}
                {file_hint(slot)}
                {note.map(|n| view! { <strong class="apx-field__note">{i18n.tr(n)}</strong> })}
            </p>
            <p class="apx-field__error" role="alert">{move || queue.notice.with(|n| n.as_ref().map(|n| i18n.show(n)))}</p>
            <FieldMessage path=path/>
        </div>
    }
}

/// The `accept` attribute: the kinds' media types (the content decides in the end).
fn accept(limit: FileLimit) -> String {
    limit.kinds.iter().map(|kind| kind.mime()).collect::<Vec<_>>().join(",")
}

/// One uploaded file: name, size, cover badge, 上移 / 下移, 调整裁剪, 删除.
#[component]
fn FileItem(file: FileRef, index: usize, count: usize, ordered: bool, queue: UploadQueue) -> impl IntoView {
    let i18n = use_i18n();
    let i = index;
    let file_id = file.id.clone();
    let adjust = {
        let id = file_id.clone();
        move || queue.can_adjust(&id)
    };
    view! {
        <li class="apx-files__item" data-file-id=file.id.clone()>
            <span class="apx-files__name">{file.name.clone()}</span>
            <span class="apx-files__size">{format_size(file.size)}</span>
            {(ordered && i == 0).then(|| view! { <span class="apx-badge">{i18n.tr(k::FILE_COVER)}</span> })}
            {ordered.then(|| view! {
                <button type="button" class="apx-link" disabled=i == 0 on:click=move |_| queue.swap_files(i, i - 1)>
                    {i18n.tr(k::FILE_EARLIER)}
                </button>
                <button type="button" class="apx-link" disabled={i + 1 >= count} on:click=move |_| queue.swap_files(i, i + 1)>
                    {i18n.tr(k::FILE_LATER)}
                </button>
            })}
            <Show when=adjust>
                <button type="button" class="apx-link" on:click={
                    let id = file_id.clone();
                    move |_| queue.adjust(id.clone())
                }>{i18n.tr(k::CROP_ADJUST)}</button>
            </Show>
            <button type="button" class="apx-link" on:click=move |_| queue.remove_file(i)>{i18n.tr(k::FILE_REMOVE)}</button>
        </li>
    }
}

//! Form fields: a label that is the seed's parameter name, the input, a live counter
//! for limited texts, the error next to the field (aria-invalid, aria-describedby).

use domain::model::FileRef;
use domain::rules::{FileLimit, TextLimit};
use domain::text_len;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{Upload, UploadError};
use crate::i18n::{k, use_i18n, Key};
use crate::publish::state::use_wizard;
use crate::session::use_session;
use crate::ui::sleep;
use crate::upload::crop::CropEditor;
use crate::upload::{centre_crop, original_size, prepare, Crop};

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

/// The error under a field, in words; announced when it appears.
#[component]
pub fn FieldMessage(#[prop(into)] path: String) -> impl IntoView {
    let wizard = use_wizard();
    let i18n = use_i18n();
    let id = format!("{}-error", field_id(&path));
    view! {
        <p id=id class="apx-field__error" role="alert">
            {move || wizard.error(&path).map(|e| i18n.locale().field_error(&e))}
        </p>
    }
}

/// Whether the field at `path` shows an error now (for `aria-invalid`).
pub fn invalid(path: &str) -> impl Fn() -> Option<&'static str> + Send + Sync + 'static {
    let wizard = use_wizard();
    let path = path.to_owned();
    move || wizard.error(&path).map(|_| "true")
}

/// A limited text: `12/80` counts what the rule counts (grapheme clusters).
#[component]
pub fn TextField(
    #[prop(into)] path: String,
    label: Key,
    limit: TextLimit,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_input: Callback<String>,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] hint: Option<Key>,
) -> impl IntoView {
    let i18n = use_i18n();
    let wizard = use_wizard();
    let id = field_id(&path);
    let described = format!("{id}-error {id}-count");
    let count = move || format!("{}/{}", text_len(&value.get()), limit.max_chars);
    let over = move || text_len(&value.get()) > limit.max_chars;
    let reveal = {
        let path = path.clone();
        move |_| wizard.reveal([path.clone()])
    };
    let input = move |ev| on_input.run(event_target_value(&ev));
    let control = if multiline {
        view! {
            <textarea id=id.clone() class="apx-input apx-input--area" rows="5" prop:value=value
                aria-invalid=invalid(&path) aria-describedby=described.clone() on:input=input on:blur=reveal.clone()></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() class="apx-input" type="text" prop:value=value
                aria-invalid=invalid(&path) aria-describedby=described.clone() on:input=input on:blur=reveal.clone()/>
        }
        .into_any()
    };
    view! {
        <div class="apx-field">
            <label class="apx-field__label" for=id.clone()>{i18n.tr(label)}</label>
            <div class="apx-field__control">
                {control}
                <span id=format!("{id}-count") class="apx-counter" class:apx-counter--over=over>{count}</span>
            </div>
            {hint.map(|h| view! { <p class="apx-field__hint">{i18n.tr(h)}</p> })}
            <FieldMessage path=path.clone()/>
        </div>
    }
}

/// The rule of a file field in words: kinds, pixel size, bytes, count.
fn file_hint(limit: &FileLimit) -> impl Fn() -> String + Send + Sync + 'static {
    let i18n = use_i18n();
    let limit = *limit;
    move || {
        let locale = i18n.locale();
        let kinds: Vec<&str> = limit.kinds.iter().filter_map(|kind| locale.text_by_name(kind.i18n_key())).collect();
        let mut parts = vec![locale.format(k::FILE_HINT_KINDS, &[("kinds", &kinds.join(" / "))])];
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

/// Where one chosen file is on its way to the backend.
#[derive(Clone, Debug, PartialEq)]
enum JobState {
    Preparing,
    /// Percent sent.
    Uploading(u32),
    /// The connection dropped; another try comes after this many seconds.
    Retrying(u32),
    /// Stopped, with the reason in words; 重试 starts again.
    Failed(String),
}

/// One chosen file: its state, its thumbnail once prepared, and the upload to cancel.
#[derive(Clone)]
struct Job {
    id: u64,
    name: String,
    state: RwSignal<JobState>,
    thumbnail: RwSignal<Option<String>>,
    file: StoredValue<web_sys::File, LocalStorage>,
    upload: StoredValue<Option<Upload>, LocalStorage>,
}

/// Network failures are retried this many times, waiting 1 s, 2 s, 4 s….
const RETRIES: u32 = 3;

/// An upload field: a file picker and a drop zone (several files where the rule
/// allows), the rule in words, each file on its way with its state (announced to
/// screen readers), the uploaded files — and for product images, their order (the
/// first is the cover).
#[component]
pub fn FileField(
    #[prop(into)] path: String,
    label: Key,
    limit: FileLimit,
    #[prop(into)] files: Signal<Vec<FileRef>>,
    #[prop(into)] on_change: Callback<Vec<FileRef>>,
    /// The picker's button text (开源软件声明 is offered via 上传开源软件声明).
    #[prop(optional)]
    button: Option<Key>,
    #[prop(optional)] note: Option<Key>,
    #[prop(optional)] ordered: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let wizard = use_wizard();
    let session = use_session();
    let id = field_id(&path);
    let jobs = RwSignal::new(Vec::<Job>::new());
    let next_job = StoredValue::new(0u64);
    let problem = RwSignal::new(None::<String>);
    let accept = limit.kinds.iter().map(|k| k.mime()).collect::<Vec<_>>().join(",");
    let field = StoredValue::new(path.clone());
    // Originals of the images uploaded in this visit (by file id), so their crop can
    // be adjusted; and the crop editor, when open.
    let originals = StoredValue::new_local(Vec::<(String, web_sys::File)>::new());
    let adjustable = RwSignal::new(Vec::<String>::new());
    let editing = RwSignal::new(None::<(String, String, (u32, u32))>);

    // Prepares and uploads one job, retrying network failures with backoff.
    let run = move |job: Job| {
        spawn_local(async move {
            let locale = i18n.locale();
            let path = field.get_value();
            job.state.set(JobState::Preparing);
            let prepared = match prepare(&limit, &path, &job.file.get_value(), None).await {
                Ok(prepared) => prepared,
                Err(e) => return job.state.set(JobState::Failed(locale.field_error(&e))),
            };
            if prepared.kind.is_image() && job.thumbnail.get_untracked().is_none() {
                job.thumbnail.set(web_sys::Url::create_object_url_with_blob(&prepared.blob).ok());
            }
            let mut attempt = 0;
            loop {
                job.state.set(JobState::Uploading(0));
                let state = job.state;
                let progress = move |sent: f64, total: f64| {
                    let percent = if total > 0.0 { (sent * 100.0 / total) as u32 } else { 0 };
                    let _ = state.try_set(JobState::Uploading(percent.min(100)));
                };
                let started = |upload| job.upload.set_value(Some(upload));
                let result = session
                    .client()
                    .upload_with_progress(&path, &prepared.blob, &prepared.name, progress, started)
                    .await;
                job.upload.set_value(None);
                match result {
                    Ok(uploaded) => {
                        if limit.pixels.is_some() {
                            originals.update_value(|o| o.push((uploaded.id.clone(), job.file.get_value())));
                            adjustable.update(|a| a.push(uploaded.id.clone()));
                        }
                        let mut next = files.get_untracked();
                        next.push(uploaded);
                        on_change.run(next);
                        return finish(jobs, job.id);
                    }
                    Err(UploadError::Cancelled) => return finish(jobs, job.id),
                    Err(UploadError::Network) if attempt < RETRIES => {
                        let wait = 1u32 << attempt;
                        job.state.set(JobState::Retrying(wait));
                        sleep(wait as i32 * 1000).await;
                        attempt += 1;
                    }
                    Err(UploadError::Network) => {
                        return job.state.set(JobState::Failed(locale.text(k::FILE_FAILED).to_owned()));
                    }
                    Err(UploadError::Refused(_, body)) => {
                        let reason = body
                            .and_then(|b| b.errors.first().map(|e| locale.field_error(e)))
                            .unwrap_or_else(|| locale.text(k::FILE_FAILED).to_owned());
                        return job.state.set(JobState::Failed(reason));
                    }
                }
            }
        });
    };

    // Takes chosen or dropped files, as many as the rule has room for.
    let take = move |picked: Vec<web_sys::File>| {
        let waiting = jobs
            .with_untracked(|j| j.iter().filter(|j| !matches!(j.state.get_untracked(), JobState::Failed(_))).count());
        let room = limit.max_count.saturating_sub(files.get_untracked().len() + waiting);
        problem.set(
            (picked.len() > room).then(|| {
                i18n.format(k::FILE_KEPT, &[("max", &limit.max_count.to_string()), ("kept", &room.to_string())])
            }),
        );
        wizard.reveal([field.get_value()]);
        for file in picked.into_iter().take(room) {
            let job_id = next_job.get_value();
            next_job.set_value(job_id + 1);
            let job = Job {
                id: job_id,
                name: file.name(),
                state: RwSignal::new(JobState::Preparing),
                thumbnail: RwSignal::new(None),
                file: StoredValue::new_local(file),
                upload: StoredValue::new_local(None),
            };
            jobs.update(|j| j.push(job.clone()));
            run(job);
        }
    };
    let chosen = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let picked =
            input.files().map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect()).unwrap_or_default();
        input.set_value("");
        take(picked);
    };
    let dropped = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        let list = ev.data_transfer().and_then(|d| d.files());
        take(list.map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect()).unwrap_or_default());
    };
    let full = move || files.with(|f| f.len() >= limit.max_count);
    let remove = move |i: usize| {
        let mut next = files.get_untracked();
        if i < next.len() {
            next.remove(i);
        }
        on_change.run(next);
    };
    let swap = move |i: usize, j: usize| {
        let mut next = files.get_untracked();
        if i < next.len() && j < next.len() {
            next.swap(i, j);
            on_change.run(next);
        }
    };
    // 调整裁剪: opens the editor on the kept original.
    let adjust = move |file_id: String| {
        let Some(file) = originals.with_value(|o| o.iter().find(|(id, _)| *id == file_id).map(|(_, f)| f.clone()))
        else {
            return;
        };
        spawn_local(async move {
            let (Some(size), Ok(url)) = (original_size(&file).await, web_sys::Url::create_object_url_with_blob(&file))
            else {
                return;
            };
            editing.set(Some((file_id, url, size)));
        });
    };
    // 确定 in the editor: prepares the original with that crop and puts the result in
    // place of the file it was adjusted from.
    let cropped = move |choice: Option<Crop>| {
        let Some((file_id, url, _)) = editing.get_untracked() else { return };
        editing.set(None);
        let _ = web_sys::Url::revoke_object_url(&url);
        let Some(crop) = choice else { return };
        let Some(file) = originals.with_value(|o| o.iter().find(|(id, _)| *id == file_id).map(|(_, f)| f.clone()))
        else {
            return;
        };
        spawn_local(async move {
            let locale = i18n.locale();
            let path = field.get_value();
            let result = match prepare(&limit, &path, &file, Some(crop)).await {
                Err(e) => Err(locale.field_error(&e)),
                Ok(prepared) => session
                    .client()
                    .upload_with_progress(&path, &prepared.blob, &prepared.name, |_, _| {}, |_| {})
                    .await
                    .map_err(|_| locale.text(k::FILE_FAILED).to_owned()),
            };
            match result {
                Ok(uploaded) => {
                    let mut next = files.get_untracked();
                    if let Some(slot) = next.iter_mut().find(|f| f.id == file_id) {
                        *slot = uploaded.clone();
                    }
                    originals.update_value(|o| {
                        if let Some(entry) = o.iter_mut().find(|(id, _)| *id == file_id) {
                            entry.0 = uploaded.id.clone();
                        }
                    });
                    adjustable
                        .update(|a| a.iter_mut().filter(|id| **id == file_id).for_each(|id| *id = uploaded.id.clone()));
                    on_change.run(next);
                }
                Err(message) => problem.set(Some(message)),
            }
        });
    };
    let job_text = move |state: JobState| -> String {
        let locale = i18n.locale();
        match state {
            JobState::Preparing if limit.pixels.is_some() => locale.text(k::UPLOAD_PREPARING).to_owned(),
            JobState::Preparing => locale.text(k::UPLOAD_CHECKING).to_owned(),
            JobState::Uploading(percent) => locale.format(k::UPLOAD_UPLOADING, &[("percent", &percent.to_string())]),
            JobState::Retrying(seconds) => locale.format(k::UPLOAD_RETRYING, &[("seconds", &seconds.to_string())]),
            JobState::Failed(reason) => reason,
        }
    };
    let described = format!("{id}-error {id}-hint");
    view! {
        <div class="apx-field apx-dropzone" on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=dropped>
            <span class="apx-field__label" id=format!("{id}-label")>{i18n.tr(label)}</span>
            <ul class="apx-files" aria-labelledby=format!("{id}-label")>
                {move || {
                    files
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, f)| {
                            let count = files.with(Vec::len);
                            let file_id = f.id.clone();
                            let can_adjust = adjustable.with(|a| a.contains(&file_id));
                            view! {
                                <li class="apx-files__item" data-file-id=f.id.clone()>
                                    <span class="apx-files__name">{f.name.clone()}</span>
                                    <span class="apx-files__size">{format_size(f.size)}</span>
                                    {(ordered && i == 0).then(|| view! { <span class="apx-badge">{i18n.tr(k::FILE_COVER)}</span> })}
                                    {ordered.then(|| view! {
                                        <button type="button" class="apx-link" disabled=i == 0 on:click=move |_| swap(i, i - 1)>
                                            {i18n.tr(k::FILE_EARLIER)}
                                        </button>
                                        <button type="button" class="apx-link" disabled={i + 1 >= count} on:click=move |_| swap(i, i + 1)>
                                            {i18n.tr(k::FILE_LATER)}
                                        </button>
                                    })}
                                    {can_adjust.then(|| view! {
                                        <button type="button" class="apx-link" on:click=move |_| adjust(file_id.clone())>
                                            {i18n.tr(k::CROP_ADJUST)}
                                        </button>
                                    })}
                                    <button type="button" class="apx-link" on:click=move |_| remove(i)>{i18n.tr(k::FILE_REMOVE)}</button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            {move || editing.get().zip(limit.pixels).map(|((_, src, image), target)| {
                view! { <CropEditor src image target initial=centre_crop(image, target) on_done=cropped/> }
            })}
            <ul class="apx-files apx-files--pending" aria-live="polite">
                {move || jobs.get().into_iter().map(|job| {
                    let state = job.state;
                    let retry = job.clone();
                    let failed = move || matches!(state.get(), JobState::Failed(_));
                    let uploading = move || matches!(state.get(), JobState::Uploading(_));
                    view! {
                        <li class="apx-files__item apx-files__job" data-state=move || format!("{:?}", state.get())>
                            {move || job.thumbnail.get().map(|url| view! {
                                <img class="apx-files__thumbnail" src=url alt=i18n.tr(k::UPLOAD_THUMBNAIL)/>
                            })}
                            <span class="apx-files__name">{job.name.clone()}</span>
                            <span class="apx-files__state" class:apx-field__error=failed>{move || job_text(state.get())}</span>
                            <Show when=uploading>
                                <button type="button" class="apx-link" on:click=move |_| job.upload.with_value(|u| if let Some(u) = u { u.cancel() })>
                                    {i18n.tr(k::UPLOAD_CANCEL)}
                                </button>
                            </Show>
                            <Show when=failed>
                                <button type="button" class="apx-link" on:click={
                                    let retry = retry.clone();
                                    move |_| run(retry.clone())
                                }>{i18n.tr(k::UPLOAD_RETRY)}</button>
                                <button type="button" class="apx-link" on:click={
                                    let id = retry.id;
                                    move |_| finish(jobs, id)
                                }>{i18n.tr(k::FILE_REMOVE)}</button>
                            </Show>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <label class="apx-button apx-file-button" class:apx-file-button--disabled=full for=id.clone()>
                {i18n.tr(button.unwrap_or(k::FILE_CHOOSE))}
            </label>
            <span class="apx-field__hint">" " {i18n.tr(k::UPLOAD_DROP)}</span>
            <input id=id.clone() class="apx-visually-hidden" type="file" accept=accept multiple={limit.max_count > 1}
                disabled=full aria-invalid=invalid(&path) aria-describedby=described on:change=chosen/>
            <p id=format!("{id}-hint") class="apx-field__hint">
                {file_hint(&limit)}
                {note.map(|n| view! { <strong class="apx-field__note">{i18n.tr(n)}</strong> })}
            </p>
            <p class="apx-field__error" role="alert">{move || problem.get()}</p>
            <FieldMessage path=path.clone()/>
        </div>
    }
}

/// Removes a job from the list, releasing its thumbnail.
fn finish(jobs: RwSignal<Vec<Job>>, id: u64) {
    let _ = jobs.try_update(|list| {
        if let Some(job) = list.iter().find(|j| j.id == id) {
            if let Some(url) = job.thumbnail.get_untracked() {
                let _ = web_sys::Url::revoke_object_url(&url);
            }
        }
        list.retain(|j| j.id != id);
    });
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

/// A plain one-line input (服务热线, 服务邮箱): label, value, error.
#[component]
pub fn InputField(
    #[prop(into)] path: String,
    label: Key,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_input: Callback<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] hint: Option<Key>,
) -> impl IntoView {
    let i18n = use_i18n();
    let wizard = use_wizard();
    let id = field_id(&path);
    let reveal = {
        let path = path.clone();
        move |_| wizard.reveal([path.clone()])
    };
    view! {
        <div class="apx-field">
            <label class="apx-field__label" for=id.clone()>{i18n.tr(label)}</label>
            <input id=id.clone() class="apx-input" type=kind prop:value=value aria-invalid=invalid(&path)
                aria-describedby=format!("{id}-error") on:input=move |ev| on_input.run(event_target_value(&ev)) on:blur=reveal/>
            {hint.map(|h| view! { <p class="apx-field__hint">{i18n.tr(h)}</p> })}
            <FieldMessage path=path.clone()/>
        </div>
    }
}

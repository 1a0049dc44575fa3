//! One upload slot's queue: the files on their way (prepared in the browser, uploaded
//! with progress, cancelled, retried after a network failure), their thumbnails, and the
//! originals of images uploaded in this visit, kept for 调整裁剪. A re-crop is a job like
//! any other — same preparation, progress, cancel and retry — whose result takes the
//! place of the file it was cropped from; that file is then released on the backend.
//! Everything in flight is cancelled when the queue's owner goes away.

use domain::model::FileRef;
use domain::FileSlot;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{centre_crop, original_size, prepare, Crop};
use crate::api::{Upload, UploadError};
use crate::i18n::{k, Message};
use crate::session::{use_session, Session};

/// Network failures are retried after 1 s, 2 s and 4 s.
const RETRIES: u32 = 3;

/// Where a file on its way stands. Messages are keys with parameters, shown in the
/// language chosen when they are shown.
#[derive(Clone, Debug, PartialEq)]
pub enum JobState {
    Preparing,
    /// Uploading, percent sent.
    Uploading(u32),
    /// Waiting this many seconds before trying again.
    Retrying(u32),
    /// Stopped: why, and whether trying again may help (the network) or not (the file
    /// was refused: only another file will do).
    Failed {
        message: Message,
        retry: bool,
    },
}

impl JobState {
    pub fn failed(&self) -> bool {
        matches!(self, JobState::Failed { .. })
    }
}

/// A file on its way into the slot.
#[derive(Clone)]
pub struct Job {
    pub id: u64,
    /// The chosen file's name.
    pub name: String,
    pub state: RwSignal<JobState>,
    /// A blob URL of the prepared image, shown while it uploads.
    pub thumbnail: RwSignal<Option<String>>,
    /// The uploaded file this job re-crops: the result takes its place.
    pub replaces: Option<String>,
    source: StoredValue<web_sys::File, LocalStorage>,
    crop: Option<Crop>,
    upload: StoredValue<Option<Upload>, LocalStorage>,
}

/// The crop editor, open on an uploaded image.
#[derive(Clone, Debug, PartialEq)]
pub struct CropSession {
    /// The uploaded file being re-cropped.
    pub file_id: String,
    /// A blob URL of its original.
    pub src: String,
    /// The original's size as displayed (EXIF orientation applied).
    pub image: (u32, u32),
    /// The slot's pixel size.
    pub target: (u32, u32),
    pub initial: Crop,
}

/// A slot's queue; `Copy`. The slot's files themselves live with the caller (`files`,
/// changed through `on_change`).
#[derive(Clone, Copy)]
pub struct UploadQueue {
    pub slot: FileSlot,
    /// Files on their way, in the order chosen.
    pub jobs: RwSignal<Vec<Job>>,
    /// The last thing to tell about choosing (how many were kept).
    pub notice: RwSignal<Option<Message>>,
    /// The crop editor, when open.
    pub editing: RwSignal<Option<CropSession>>,
    /// The slot's files.
    pub files: Signal<Vec<FileRef>>,
    on_change: Callback<Vec<FileRef>>,
    /// Uploaded file id → its original, for images uploaded in this visit.
    originals: StoredValue<Vec<(String, web_sys::File)>, LocalStorage>,
    adjustable: RwSignal<Vec<String>>,
    next_id: StoredValue<u64>,
    session: Session,
    /// The queue's owner: jobs live as long as the queue, wherever they are started from.
    owner: StoredValue<Owner>,
}

/// What a queue is for: its slot, the slot's files as the form has them, and where the
/// slot's new list goes.
pub struct UploadQueueOptions {
    pub slot: FileSlot,
    /// The slot's files now.
    pub files: Signal<Vec<FileRef>>,
    /// Receives the slot's new list when an upload lands, a re-crop replaces a file, or
    /// a file is removed or moved.
    pub on_change: Callback<Vec<FileRef>>,
}

/// The upload queue of one file slot of a form.
pub fn use_upload_queue(options: UploadQueueOptions) -> UploadQueue {
    let UploadQueueOptions { slot, files, on_change } = options;
    let queue = UploadQueue {
        slot,
        jobs: RwSignal::new(Vec::new()),
        notice: RwSignal::new(None),
        editing: RwSignal::new(None),
        files,
        on_change,
        originals: StoredValue::new_local(Vec::new()),
        adjustable: RwSignal::new(Vec::new()),
        next_id: StoredValue::new(0),
        session: use_session(),
        owner: StoredValue::new(Owner::current().unwrap_or_default()),
    };
    // Cleanups run before the queue's signals are dropped.
    on_cleanup(move || {
        for job in queue.jobs.get_untracked() {
            job.upload.with_value(|u| u.as_ref().map(Upload::cancel));
            revoke(job.thumbnail.get_untracked());
        }
        revoke(queue.editing.get_untracked().map(|e| e.src));
    });
    queue
}

fn revoke(url: Option<String>) {
    if let Some(url) = url {
        let _ = web_sys::Url::revoke_object_url(&url);
    }
}

impl UploadQueue {
    /// Takes chosen or dropped files, as many as the slot has room for, and says how
    /// many were kept when there were too many.
    pub fn add(self, picked: Vec<web_sys::File>) {
        let limit = self.slot.limit();
        let waiting = self
            .jobs
            .with_untracked(|j| j.iter().filter(|j| j.replaces.is_none() && !j.state.get_untracked().failed()).count());
        let room = limit.max_count.saturating_sub(self.files.get_untracked().len() + waiting);
        self.notice.set((picked.len() > room).then(|| {
            Message::new(k::FILE_KEPT).with("max", limit.max_count.to_string()).with("kept", room.to_string())
        }));
        for file in picked.into_iter().take(room) {
            self.start(file, None, None);
        }
    }

    /// Tries a job that failed on the network again.
    pub fn retry(self, job: u64) {
        if let Some(job) = self.job(job) {
            self.run(job);
        }
    }

    /// Stops an upload under way; the job goes away.
    pub fn cancel(self, job: u64) {
        if let Some(job) = self.job(job) {
            job.upload.with_value(|u| u.as_ref().map(Upload::cancel));
        }
    }

    /// Removes a job that failed (its file never arrived).
    pub fn remove(self, job: u64) {
        self.finish(job);
    }

    /// Whether the uploaded file `id` can be re-cropped (its original is here).
    pub fn can_adjust(self, id: &str) -> bool {
        self.adjustable.with(|a| a.iter().any(|x| x == id))
    }

    /// Opens the crop editor on the uploaded image `id`.
    pub fn adjust(self, id: String) {
        let Some(target) = self.slot.limit().pixels else { return };
        let Some(file) = self.original(&id) else { return };
        spawn_local(async move {
            let (Some(image), Ok(src)) = (original_size(&file).await, web_sys::Url::create_object_url_with_blob(&file))
            else {
                return;
            };
            let session = CropSession { file_id: id, src, image, target, initial: centre_crop(image, target) };
            // The queue may have gone away meanwhile.
            if let Some(Some(unused)) = self.editing.try_set(Some(session)) {
                revoke(Some(unused.src));
            }
        });
    }

    /// Closes the crop editor; with a crop, prepares the original again with it and
    /// uploads the result in place of the file it was adjusted from.
    pub fn recrop(self, crop: Option<Crop>) {
        let Some(session) = self.editing.get_untracked() else { return };
        self.editing.set(None);
        revoke(Some(session.src));
        let (Some(crop), Some(file)) = (crop, self.original(&session.file_id)) else { return };
        self.start(file, Some(crop), Some(session.file_id));
    }

    /// Removes the uploaded file at `index` from the slot.
    pub fn remove_file(self, index: usize) {
        let mut next = self.files.get_untracked();
        if index < next.len() {
            next.remove(index);
            self.on_change.run(next);
        }
    }

    /// Swaps the uploaded files at `a` and `b` (reordering images; the first is the cover).
    pub fn swap_files(self, a: usize, b: usize) {
        let mut next = self.files.get_untracked();
        if a < next.len() && b < next.len() {
            next.swap(a, b);
            self.on_change.run(next);
        }
    }

    /// Whether the slot has no room for another file.
    pub fn full(self) -> bool {
        self.files.with(|f| f.len() >= self.slot.limit().max_count)
    }

    /// Whether any file is still on its way (not failed).
    pub fn busy(self) -> bool {
        self.jobs.with(|j| j.iter().any(|j| !j.state.with(JobState::failed)))
    }

    fn original(self, id: &str) -> Option<web_sys::File> {
        self.originals.with_value(|o| o.iter().find(|(x, _)| x == id).map(|(_, f)| f.clone()))
    }

    fn job(self, id: u64) -> Option<Job> {
        self.jobs.with_untracked(|j| j.iter().find(|j| j.id == id).cloned())
    }

    fn start(self, file: web_sys::File, crop: Option<Crop>, replaces: Option<String>) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        let job = self.owner.get_value().with(|| Job {
            id,
            name: file.name(),
            state: RwSignal::new(JobState::Preparing),
            thumbnail: RwSignal::new(None),
            replaces,
            source: StoredValue::new_local(file),
            crop,
            upload: StoredValue::new_local(None),
        });
        self.jobs.update(|j| j.push(job.clone()));
        self.run(job);
    }

    /// Removes a job from the list, releasing its thumbnail.
    fn finish(self, id: u64) {
        let _ = self.jobs.try_update(|list| {
            if let Some(job) = list.iter().find(|j| j.id == id) {
                revoke(job.thumbnail.get_untracked());
            }
            list.retain(|j| j.id != id);
        });
    }

    /// Prepares and uploads a job, retrying network failures. The one path for a first
    /// upload and for a re-crop.
    fn run(self, job: Job) {
        let client = self.session.client();
        let slot = self.slot;
        spawn_local(async move {
            let fail = |message: Message, retry| {
                let _ = job.state.try_set(JobState::Failed { message, retry });
            };
            let _ = job.state.try_set(JobState::Preparing);
            let Some(file) = job.source.try_get_value() else { return };
            let prepared = match prepare(slot, &file, job.crop).await {
                Ok(prepared) => prepared,
                Err(error) => return fail(Message::Field(error), false),
            };
            if prepared.kind.is_image() && job.thumbnail.try_get_untracked() == Some(None) {
                let _ = job.thumbnail.try_set(web_sys::Url::create_object_url_with_blob(&prepared.blob).ok());
            }
            let mut attempt = 0;
            loop {
                if job.state.try_set(JobState::Uploading(0)).is_some() {
                    return; // the queue is gone
                }
                let state = job.state;
                let progress = move |sent: f64, total: f64| {
                    let percent = if total > 0.0 { (sent * 100.0 / total) as u32 } else { 0 };
                    let _ = state.try_set(JobState::Uploading(percent.min(100)));
                };
                let started = |upload| {
                    let _ = job.upload.try_set_value(Some(upload));
                };
                let result = client.upload(slot, &prepared.blob, &prepared.name, progress, started).await;
                let _ = job.upload.try_set_value(None);
                match result {
                    Ok(uploaded) => return self.landed(&job, file, uploaded),
                    Err(UploadError::Cancelled) => return self.finish(job.id),
                    Err(UploadError::Network) if attempt < RETRIES => {
                        let wait = 1u32 << attempt;
                        let _ = job.state.try_set(JobState::Retrying(wait));
                        crate::host::sleep(wait as i32 * 1000).await;
                        attempt += 1;
                    }
                    Err(UploadError::Network) => return fail(Message::new(k::FILE_FAILED), true),
                    Err(UploadError::Refused(_, body)) => {
                        let message = body
                            .and_then(|b| b.errors.into_iter().next())
                            .map_or(Message::new(k::FILE_FAILED), Message::Field);
                        return fail(message, false);
                    }
                }
            }
        });
    }

    /// An upload arrived: it joins the slot, or takes the place of the file it re-crops
    /// (which is then released on the backend).
    fn landed(self, job: &Job, original: web_sys::File, uploaded: FileRef) {
        let Some(mut files) = self.files.try_get_untracked() else { return };
        match &job.replaces {
            Some(old) => {
                let Some(at) = files.iter().position(|f| f.id == *old) else {
                    // Removed meanwhile: nothing to replace.
                    return self.finish(job.id);
                };
                files[at] = uploaded.clone();
                let client = self.session.client();
                let old = old.clone();
                spawn_local(async move {
                    let _ = client.release_file(&old).await;
                });
            }
            None => files.push(uploaded.clone()),
        }
        if self.slot.limit().pixels.is_some() {
            self.originals.update_value(|o| {
                o.retain(|(id, _)| Some(id) != job.replaces.as_ref());
                o.push((uploaded.id.clone(), original));
            });
            self.adjustable.update(|a| {
                a.retain(|id| Some(id) != job.replaces.as_ref());
                a.push(uploaded.id.clone());
            });
        }
        self.on_change.try_run(files);
        self.finish(job.id);
    }
}

//! Uploads, streamed to disk and checked by content; downloads with safe headers.

use axum::body::Body as ResponseBody;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::model::FileRef;
use domain::sniff::{image_size, SNIFF_PREFIX};
use domain::structure::StructureCheck;
use domain::{sniff, validate, ErrorKey, FieldError, FileKind, FileSlot, Role};
use serde::Deserialize;
use tokio::io::AsyncWriteExt;
use tokio_util::io::ReaderStream;

use super::{Path, Query};
use crate::auth::{Caller, Seller};
use crate::db::new_id;
use crate::error::{ApiResult, AppError};
use crate::files::{self, StoredFile};
use crate::{lifecycle, AppState};

/// The product field a file is for; it decides the kinds, bytes and pixels allowed.
#[derive(Deserialize, utoipa::IntoParams)]
pub struct UploadQuery {
    /// One of `icon`, `images`, `usage_doc`, `copyright_certs`, `oss_statement`,
    /// `service_agreement`, `test_report`.
    pub field: String,
}

/// A client's file name, for display only: the last path segment, without control
/// or bidirectional-override characters (a name cannot pretend to end in `.pdf`), at
/// most 200 characters.
fn display_name(raw: Option<&str>) -> String {
    let base = raw.unwrap_or_default().rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base.chars().filter(|c| !c.is_control() && !is_bidi_control(*c)).take(200).collect();
    if clean.trim().is_empty() {
        "file".to_owned()
    } else {
        clean
    }
}

/// The characters that reorder text on screen (U+202A–202E, U+2066–2069, the marks).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The name a file is kept and downloaded under: its extension follows the kind read
/// from the content (a PDF sent as `evil.html` is `evil.pdf`).
fn named_for(name: &str, kind: FileKind) -> String {
    let extensions: &[&str] = match kind {
        FileKind::Jpeg => &["jpg", "jpeg"],
        FileKind::Png => &["png"],
        FileKind::Pdf => &["pdf"],
        FileKind::Zip => &["zip"],
        FileKind::Doc => &["doc"],
        FileKind::Docx => &["docx"],
        FileKind::Empty | FileKind::Unknown => return name.to_owned(),
    };
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => (stem, Some(extension)),
        _ => (name, None),
    };
    if extension.is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e))) {
        return name.to_owned();
    }
    format!("{stem}.{}", extensions[0])
}

/// Small text parts a multipart upload may carry besides `file` (a client's own
/// fields); anything bigger, or more of them, is not an upload this API takes.
pub(crate) const MAX_OTHER_PARTS: usize = 8;
pub(crate) const MAX_OTHER_PART_CHARS: usize = 1024;
/// The names such a field may have (as the contract states them).
pub(crate) const OTHER_PART_NAME: &str = "^[A-Za-z0-9_.-]{1,64}$";

fn other_part_name(name: &str) -> bool {
    (1..=64).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b))
}

/// Removes a partly written upload from the store unless the upload was kept: the
/// handler may stop at any await (a client that disconnects drops it mid-stream).
struct Partial {
    state: AppState,
    key: Option<String>,
}

impl Partial {
    fn keep(mut self) {
        self.key = None;
    }

    /// Removes the bytes now (a refused upload: gone before the answer is sent).
    async fn remove_now(mut self) {
        if let Some(key) = self.key.take() {
            let _ = self.state.files.remove(&key).await;
        }
    }
}

impl Drop for Partial {
    fn drop(&mut self) {
        if let Some(key) = self.key.take() {
            // The client went away mid-upload (a refusal removes the bytes before).
            self.state.metrics.upload_rejected("aborted");
            let files = self.state.files.clone();
            // Dropped inside the runtime (a handler future); a removal that fails only
            // costs disk, and the daily sweep of unreferenced files finds nothing here.
            if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                runtime.spawn(async move {
                    let _ = files.remove(&key).await;
                });
            }
        }
    }
}

/// Uploads one file (multipart part `file`, with at most a few small other parts) for
/// a product field. The bytes stream to the file store and are checked as they pass:
/// past the field's byte limit the upload stops with 413; an image must be whole (every
/// PNG chunk's CRC through IEND, a JPEG from SOI through a scan to EOI) and within the
/// original-image guards (100 MP, 50 MB), and the field's exact pixel size where it has
/// one. The kind is read from the content. A partial upload (refused, or the client
/// gone) leaves nothing stored.
#[utoipa::path(post, path = "/api/v1/files", tag = "files", security(("bearer" = [])), params(UploadQuery),
    request_body(content_type = "multipart/form-data", description = "one part named `file`"),
    responses((status = 201, body = FileRef), (status = 400, body = domain::ApiError), (status = 401, body = domain::ApiError),
        (status = 403, body = domain::ApiError), (status = 413, body = domain::ApiError),
        (status = 422, body = domain::ApiError), (status = 429, body = domain::ApiError)))]
pub async fn upload(
    State(state): State<AppState>,
    Seller(user): Seller,
    Query(query): Query<UploadQuery>,
    multipart: Result<Multipart, MultipartRejection>,
) -> ApiResult<(StatusCode, Json<FileRef>)> {
    let mut partial = Partial { state: state.clone(), key: None };
    match receive(&state, &user.id, &query.field, multipart, &mut partial).await {
        Ok(file) => {
            partial.keep();
            state.metrics.upload_bytes.inc_by(file.size);
            Ok((StatusCode::CREATED, Json(file)))
        }
        Err(e) => {
            state.metrics.upload_rejected(rejection_reason(&e));
            partial.remove_now().await;
            Err(e)
        }
    }
}

/// The metrics' name of why an upload was refused: a few fixed words.
fn rejection_reason(error: &AppError) -> &'static str {
    match error {
        AppError::TooLarge(_) => "too_large",
        AppError::Quota { .. } => "quota",
        AppError::Invalid(errors) => match errors.first().map(|e| e.key) {
            Some(ErrorKey::WrongKind) => "wrong_kind",
            Some(ErrorKey::Pixels) => "pixels",
            Some(ErrorKey::TooManyPixels) => "too_many_pixels",
            Some(ErrorKey::TooBig) => "too_large",
            Some(ErrorKey::Undecodable) => "incomplete",
            _ => "invalid",
        },
        AppError::BadRequest(_) => "malformed",
        AppError::Timeout => "timeout",
        _ => "other",
    }
}

/// Reads the multipart body, streaming the file part into the store under a key it
/// records in `partial` (so the bytes go if anything fails or the client goes).
async fn receive(
    state: &AppState,
    owner: &str,
    field: &str,
    multipart: Result<Multipart, MultipartRejection>,
    partial: &mut Partial,
) -> ApiResult<FileRef> {
    let mut multipart = multipart?;
    let slot = FileSlot::from_name(field).ok_or_else(|| AppError::BadRequest(format!("unknown field {field:?}")))?;
    let limit = slot.limit();
    let bad_part = |e: axum::extract::multipart::MultipartError| AppError::BadRequest(e.body_text());
    let mut others = 0;
    let mut stored: Option<StoredFile> = None;
    while let Some(mut part) = multipart.next_field().await.map_err(bad_part)? {
        if part.name() != Some("file") {
            let not_an_upload =
                || AppError::BadRequest("an upload is one part named `file` and a few small fields".into());
            others += 1;
            if others > MAX_OTHER_PARTS || !part.name().is_some_and(other_part_name) {
                return Err(not_an_upload());
            }
            // Text of at most MAX_OTHER_PART_CHARS characters (four bytes each at most).
            let mut text = Vec::new();
            while let Some(chunk) = part.chunk().await.map_err(bad_part)? {
                text.extend_from_slice(&chunk);
                if text.len() > 4 * MAX_OTHER_PART_CHARS {
                    return Err(not_an_upload());
                }
            }
            if std::str::from_utf8(&text).map_or(true, |t| t.chars().count() > MAX_OTHER_PART_CHARS) {
                return Err(not_an_upload());
            }
            continue;
        }
        if stored.is_some() {
            return Err(AppError::BadRequest("an upload carries one part named `file`".into()));
        }
        let room = crate::quota::room_for_file(state, owner).await?;
        let name = display_name(part.file_name());
        let key = new_id();
        partial.key = Some(key.clone());
        let mut writer = state.files.create(&key).await?;
        let mut head = Vec::new();
        let mut size: u64 = 0;
        // Both image checks read along; the sniffed kind picks one at the end.
        let mut checks = [FileKind::Png, FileKind::Jpeg].map(StructureCheck::new);
        while let Some(chunk) = part.chunk().await.map_err(bad_part)? {
            size += chunk.len() as u64;
            if size > limit.max_bytes {
                let error = FieldError::new(limit.id, slot.name(), ErrorKey::TooBig)
                    .with("max", limit.max_bytes)
                    .with("max_mb", limit.max_bytes / (1024 * 1024));
                return Err(AppError::TooLarge(error));
            }
            if size > room {
                return Err(crate::quota::over_bytes(state));
            }
            if head.len() < SNIFF_PREFIX {
                let take = (SNIFF_PREFIX - head.len()).min(chunk.len());
                head.extend_from_slice(&chunk[..take]);
            }
            for check in checks.iter_mut().flatten() {
                check.feed(&chunk);
            }
            writer.write_all(&chunk).await?;
        }
        writer.shutdown().await?;
        drop(writer);
        let kind = sniff(&head);
        let (width, height) = image_size(&head).map_or((None, None), |(w, h)| (Some(w), Some(h)));
        let file = FileRef { id: new_id(), kind, name: named_for(&name, kind), size, width, height };
        let whole = checks.into_iter().flatten().find(|c| c.kind() == kind).map_or(Ok(()), StructureCheck::finish);
        validate::file(&limit, slot.name(), &file)
            .and_then(|()| validate::whole_image(&limit, slot.name(), &file, whole))
            .map_err(|e| AppError::Invalid(vec![e]))?;
        stored = Some(StoredFile { file, owner_id: owner.to_owned(), store_key: key });
    }
    let stored = stored.ok_or_else(|| AppError::BadRequest("the multipart body has no part named `file`".into()))?;
    files::insert(&state.db, slot.name(), &stored).await?;
    Ok(stored.file)
}

/// RFC 5987 encoding of a file name for Content-Disposition.
fn encode_filename(name: &str) -> String {
    name.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The bytes of a file, to its owner and to reviewers when a submitted product refers
/// to it (a test report is shown to no one else). Content-Type comes from the sniffed kind, never from the upload.
#[utoipa::path(get, path = "/api/v1/files/{id}", tag = "files", security(("bearer" = [])),
    params(("id" = String, Path, description = "file id")),
    responses((status = 200, description = "the file's bytes"), (status = 401, body = domain::ApiError), (status = 404, body = domain::ApiError)))]
pub async fn download(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let stored = files::get(&state.db, &id).await?.ok_or(AppError::NotFound)?;
    let readable = stored.owner_id == user.id
        || user.role == Role::Reviewer && files::in_submitted_product(&state.db, &id).await?;
    if !readable {
        return Err(AppError::NotFound);
    }
    file_response(&state, &stored, Caching::ByIdentity).await
}

/// Whether a browser may keep a file's bytes.
pub(super) enum Caching {
    /// A file's bytes never change for its id: its reader's browser keeps them for good,
    /// for that identity only (`private`, `Vary: Authorization`; after 切换身份 the other
    /// account's copy is not used). Deleted, it is a 404 to everyone who asks.
    ByIdentity,
    /// Through a share link, which can be revoked: never kept.
    Never,
}

/// A stored file's bytes with safe headers: the sniffed Content-Type, `inline` for
/// images and `attachment` otherwise, its name, and how it may be cached.
pub(super) async fn file_response(state: &AppState, stored: &StoredFile, caching: Caching) -> ApiResult<Response> {
    let reader = state.files.open(&stored.store_key).await?;
    let disposition = if stored.file.kind.is_image() { "inline" } else { "attachment" };
    let headers = [
        (header::CONTENT_TYPE, stored.file.kind.mime().to_owned()),
        (header::CONTENT_LENGTH, stored.file.size.to_string()),
        (
            header::CONTENT_DISPOSITION,
            format!("{disposition}; filename*=UTF-8''{}", encode_filename(&stored.file.name)),
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        (
            header::CACHE_CONTROL,
            match caching {
                Caching::ByIdentity => "private, max-age=31536000, immutable",
                Caching::Never => "private, no-store",
            }
            .to_owned(),
        ),
        (header::VARY, "Authorization".to_owned()),
    ];
    Ok((headers, ResponseBody::from_stream(ReaderStream::new(reader))).into_response())
}

/// Releases one of the seller's files: it is no longer needed (a re-crop replaced it).
/// It is deleted at once if no product of the seller refers to it, else as soon as
/// none does (checked whenever a product is saved or deleted).
#[utoipa::path(delete, path = "/api/v1/files/{id}", tag = "files", security(("bearer" = [])),
    params(("id" = String, Path, description = "file id")),
    responses((status = 204, description = "released"), (status = 401, body = domain::ApiError),
        (status = 404, body = domain::ApiError)))]
pub async fn release(
    State(state): State<AppState>,
    Seller(user): Seller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    if !lifecycle::release_file(&state, &user, &id).await? {
        return Err(AppError::NotFound);
    }
    Ok(StatusCode::NO_CONTENT)
}

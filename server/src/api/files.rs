//! Uploads, streamed to disk and checked by content; downloads with safe headers.

use axum::body::Body as ResponseBody;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::model::FileRef;
use domain::sniff::{image_size, SNIFF_PREFIX};
use domain::{sniff, validate, ErrorKey, FieldError, FileSlot, Role};
use serde::Deserialize;
use tokio::io::AsyncWriteExt;
use tokio_util::io::ReaderStream;

use super::Query;
use crate::auth::{Caller, Seller};
use crate::db::{self, StoredFile};
use crate::error::{ApiResult, AppError};
use crate::AppState;

/// The product field a file is for; it decides the kinds, bytes and pixels allowed.
#[derive(Deserialize, utoipa::IntoParams)]
pub struct UploadQuery {
    /// One of `icon`, `images`, `usage_doc`, `copyright_certs`, `oss_statement`,
    /// `service_agreement`, `test_report`.
    pub field: String,
}

/// A client's file name, for display only: the last path segment, no control
/// characters, at most 200 characters.
fn display_name(raw: Option<&str>) -> String {
    let base = raw.unwrap_or_default().rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    if clean.trim().is_empty() {
        "file".to_owned()
    } else {
        clean
    }
}

/// Uploads one file (multipart part `file`) for a product field. The bytes stream to
/// the file store; past the field's byte limit the upload stops with 413. The kind is
/// read from the content, images must have the field's exact pixel size.
#[utoipa::path(post, path = "/api/v1/files", tag = "files", security(("bearer" = [])), params(UploadQuery),
    request_body(content_type = "multipart/form-data", description = "one part named `file`"),
    responses((status = 201, body = FileRef), (status = 400, body = domain::ApiError), (status = 401, body = domain::ApiError),
        (status = 413, body = domain::ApiError), (status = 422, body = domain::ApiError)))]
pub async fn upload(
    State(state): State<AppState>,
    Seller(user): Seller,
    Query(query): Query<UploadQuery>,
    multipart: Result<Multipart, MultipartRejection>,
) -> ApiResult<(StatusCode, Json<FileRef>)> {
    let mut multipart = multipart?;
    let slot = FileSlot::from_name(&query.field)
        .ok_or_else(|| AppError::BadRequest(format!("unknown field {:?}", query.field)))?;
    let limit = slot.limit();
    let bad_part = |e: axum::extract::multipart::MultipartError| AppError::BadRequest(e.body_text());
    while let Some(mut part) = multipart.next_field().await.map_err(bad_part)? {
        if part.name() != Some("file") {
            continue;
        }
        let name = display_name(part.file_name());
        let key = db::new_id();
        let mut writer = state.files.create(&key).await?;
        let mut head = Vec::new();
        let mut size: u64 = 0;
        let streamed: ApiResult<()> = async {
            while let Some(chunk) = part.chunk().await.map_err(bad_part)? {
                size += chunk.len() as u64;
                if size > limit.max_bytes {
                    let error = FieldError::new(limit.id, slot.name(), ErrorKey::TooBig)
                        .with("max", limit.max_bytes)
                        .with("max_mb", limit.max_bytes / (1024 * 1024));
                    return Err(AppError::TooLarge(error));
                }
                if head.len() < SNIFF_PREFIX {
                    let take = (SNIFF_PREFIX - head.len()).min(chunk.len());
                    head.extend_from_slice(&chunk[..take]);
                }
                writer.write_all(&chunk).await?;
            }
            writer.shutdown().await?;
            Ok(())
        }
        .await;
        drop(writer);
        let kind = sniff(&head);
        let (width, height) = image_size(&head).map_or((None, None), |(w, h)| (Some(w), Some(h)));
        let file = FileRef { id: db::new_id(), kind, name, size, width, height };
        let checked =
            streamed.and_then(|()| validate::file(&limit, slot.name(), &file).map_err(|e| AppError::Invalid(vec![e])));
        if let Err(e) = checked {
            let _ = state.files.remove(&key).await;
            return Err(e);
        }
        let stored = StoredFile { file, owner_id: user.id.clone(), store_key: key };
        db::insert_file(&state.db, &user.id, slot.name(), &stored).await?;
        return Ok((StatusCode::CREATED, Json(stored.file)));
    }
    Err(AppError::BadRequest("the multipart body has no part named `file`".into()))
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

/// The bytes of a file, to its owner and to reviewers (a test report is shown to no
/// one else). Content-Type comes from the sniffed kind, never from the upload.
#[utoipa::path(get, path = "/api/v1/files/{id}", tag = "files", security(("bearer" = [])),
    params(("id" = String, Path, description = "file id")),
    responses((status = 200, description = "the file's bytes"), (status = 401, body = domain::ApiError), (status = 404, body = domain::ApiError)))]
pub async fn download(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let stored = db::file(&state.db, &id).await?.ok_or(AppError::NotFound)?;
    if stored.owner_id != user.id && user.role != Role::Reviewer {
        return Err(AppError::NotFound);
    }
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
        (header::CACHE_CONTROL, "private, max-age=3600".to_owned()),
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
    if !db::release_file(&state.db, &user.id, &id).await? {
        return Err(AppError::NotFound);
    }
    purge_released(&state, &user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Deletes the seller's released files that no product refers to any more.
pub(crate) async fn purge_released(state: &AppState, seller_id: &str) -> ApiResult<()> {
    for key in db::take_unreferenced_released(&state.db, seller_id).await? {
        // The row is gone, so nothing can reach the bytes; a failed removal only costs disk.
        let _ = state.files.remove(&key).await;
    }
    Ok(())
}

//! `POST /files?field=…` through XMLHttpRequest: fetch cannot report upload progress.

use domain::model::FileRef;
use domain::FileSlot;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::Client;

/// How an upload ended, other than with the stored file.
#[derive(Clone, Debug, PartialEq)]
pub enum UploadError {
    /// Cancelled (by the seller, or because the field went away).
    Cancelled,
    /// The connection failed (worth retrying).
    Network,
    /// The backend refused the file (not worth retrying).
    Refused(u16, Option<Box<domain::ApiError>>),
}

/// An upload in flight, to cancel.
#[derive(Clone)]
pub struct Upload {
    xhr: web_sys::XmlHttpRequest,
}

impl Upload {
    pub fn cancel(&self) {
        let _ = self.xhr.abort();
    }
}

impl Client {
    /// Uploads `blob` for `slot`: `progress` gets (bytes sent, bytes in all) as it goes,
    /// `started` the handle to cancel it with.
    pub async fn upload(
        &self,
        slot: FileSlot,
        blob: &web_sys::Blob,
        name: &str,
        progress: impl Fn(f64, f64) + 'static,
        started: impl FnOnce(Upload),
    ) -> Result<FileRef, UploadError> {
        let xhr = web_sys::XmlHttpRequest::new().map_err(|_| UploadError::Network)?;
        xhr.open_with_async("POST", &self.url(&format!("/files?field={}", slot.name())), true)
            .map_err(|_| UploadError::Network)?;
        if let Some(token) = &self.token {
            let _ = xhr.set_request_header("Authorization", &format!("Bearer {token}"));
        }
        let on_progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |ev: web_sys::ProgressEvent| {
            if ev.length_computable() {
                progress(ev.loaded(), ev.total());
            }
        });
        if let Ok(target) = xhr.upload() {
            target.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        }
        // Settles when the request ends, however it ends.
        let done = js_sys::Promise::new(&mut |resolve, _| {
            let _ = xhr.add_event_listener_with_callback("loadend", &resolve);
        });
        let form = web_sys::FormData::new().map_err(|_| UploadError::Network)?;
        form.append_with_blob_and_filename("file", blob, name).map_err(|_| UploadError::Network)?;
        let cancelled = std::rc::Rc::new(std::cell::Cell::new(false));
        let on_abort = {
            let cancelled = cancelled.clone();
            Closure::<dyn FnMut()>::new(move || cancelled.set(true))
        };
        xhr.set_onabort(Some(on_abort.as_ref().unchecked_ref()));
        xhr.send_with_opt_form_data(Some(&form)).map_err(|_| UploadError::Network)?;
        started(Upload { xhr: xhr.clone() });
        let _ = JsFuture::from(done).await;
        drop((on_progress, on_abort));
        if cancelled.get() {
            return Err(UploadError::Cancelled);
        }
        let status = xhr.status().unwrap_or(0);
        let text = xhr.response_text().ok().flatten().unwrap_or_default();
        match status {
            0 => Err(UploadError::Network),
            200..=299 => serde_json::from_str(&text).map_err(|_| UploadError::Network),
            _ => Err(UploadError::Refused(status, serde_json::from_str(&text).ok().map(Box::new))),
        }
    }
}

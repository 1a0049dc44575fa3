//! What this browser keeps of a draft until the backend has it: every change is written
//! to `localStorage` as it is made, and forgotten once a save confirms exactly that
//! content. A crash, a closed tab or being offline loses nothing: reopening the draft
//! finds it here (SPEC §9).

use crate::host::local_storage as storage;
use domain::model::ProductContent;
use serde::{Deserialize, Serialize};

/// A draft as this browser last saw it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Kept {
    /// The draft's id on the backend; `None` before its first save.
    pub id: Option<String>,
    /// The version the changes were made on (0 for a product not saved yet).
    pub version: u64,
    pub content: ProductContent,
    /// The seller confirmed that changing this decided product reopens it.
    #[serde(default)]
    pub reopen: bool,
}

/// The storage key of a draft of `user` (`new` before it has an id): drafts of another
/// identity in the same browser are not offered.
pub fn key(user: &str, id: Option<&str>) -> String {
    format!("apx.draft.{user}.{}", id.unwrap_or("new"))
}

pub fn load(key: &str) -> Option<Kept> {
    let text = storage()?.get_item(key).ok()??;
    serde_json::from_str(&text).ok()
}

pub fn store(key: &str, kept: &Kept) {
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(kept)) {
        // A full storage only means the next change is not kept; the form goes on.
        let _ = storage.set_item(key, &text);
    }
}

pub fn forget(key: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}

/// Forgets what is kept under `key` if it is exactly `content` (a save confirmed it and
/// nothing changed since).
pub fn forget_if(key: &str, content: &ProductContent) {
    if load(key).is_some_and(|kept| kept.content == *content) {
        forget(key);
    }
}

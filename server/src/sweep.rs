//! Uploads that no product came to refer to (the seller left the form, a client
//! uploaded and went away) are removed once they are older than the configured age
//! (a day by default): their rows first, so nothing can reach the bytes, then the bytes.

use std::time::Duration;

use crate::db;
use crate::error::ApiResult;
use crate::AppState;

/// Removes every unreferenced file older than `state.unreferenced_for`; returns how many.
pub async fn unreferenced_files(state: &AppState) -> ApiResult<usize> {
    let cutoff = db::now_ms() - state.unreferenced_for.as_millis() as i64;
    let keys = db::take_unreferenced_before(&state.db, cutoff).await?;
    for key in &keys {
        let _ = state.files.remove(key).await;
    }
    Ok(keys.len())
}

/// Sweeps now, then every hour, for as long as the server runs.
pub async fn every_hour(state: AppState) {
    let mut ticks = tokio::time::interval(Duration::from_secs(3600));
    loop {
        ticks.tick().await;
        if let Err(e) = unreferenced_files(&state).await {
            eprintln!("apx-server: sweeping unreferenced files: {e:?}");
        }
    }
}

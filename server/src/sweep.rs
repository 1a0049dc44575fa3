//! Uploads that no product came to refer to (the seller left the form, a client
//! uploaded and went away) are removed once they are older than the configured age
//! (a day by default): their rows first, so nothing can reach the bytes, then the bytes.
//! One process sweeps at a time: on PostgreSQL the one holding an advisory lock (another
//! takes over when it goes); on SQLite, the one process the file has.

use std::time::Duration;

use sqlx::AnyConnection;
use sqlx::Connection;
use tokio_util::sync::CancellationToken;

use crate::db::{self, Db};
use crate::error::ApiResult;
use crate::AppState;

/// The advisory lock the sweeping process holds: this class ("apx ") and the schema's
/// hash, so deployments in other schemas of one database sweep on their own.
const SWEEPER_LOCK: i32 = 0x6170_7820;

/// Removes every unreferenced file older than `state.unreferenced_for`; returns how many.
pub async fn unreferenced_files(state: &AppState) -> ApiResult<usize> {
    let cutoff = db::now_ms() - state.unreferenced_for.as_millis() as i64;
    let keys = crate::files::take_unreferenced_before(&state.db, cutoff).await?;
    for key in &keys {
        let _ = state.files.remove(key).await;
    }
    Ok(keys.len())
}

/// The right to sweep: on PostgreSQL a connection of its own holding the lock (a
/// session lock lives as long as its connection, so it is taken out of the pool).
enum Lead {
    Sqlite,
    Postgres(AnyConnection),
}

/// Whether this process sweeps now: keeps the lead it has while its connection lives,
/// else tries to take it.
async fn lead(db: &Db, held: &mut Option<Lead>) -> bool {
    if !db.postgres {
        held.get_or_insert(Lead::Sqlite);
        return true;
    }
    if let Some(Lead::Postgres(connection)) = held {
        if connection.ping().await.is_ok() {
            return true;
        }
        tracing::warn!("the sweeper's connection is gone; its lock with it");
        *held = None;
    }
    let Ok(pooled) = db.pool.acquire().await else { return false };
    let mut connection = pooled.detach();
    let taken: Result<bool, _> = sqlx::query_scalar("SELECT pg_try_advisory_lock($1, hashtext(current_schema()))")
        .bind(SWEEPER_LOCK)
        .fetch_one(&mut connection)
        .await;
    match taken {
        Ok(true) => {
            tracing::info!("this process sweeps unreferenced uploads");
            *held = Some(Lead::Postgres(connection));
            true
        }
        Ok(false) => {
            let _ = connection.close().await;
            false
        }
        Err(e) => {
            tracing::warn!(error = %e, "taking the sweeper's lock");
            false
        }
    }
}

/// Sweeps now, then every `every`, until `stop`; only while this process leads.
pub async fn run(state: AppState, every: Duration, stop: CancellationToken) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut held = None;
    loop {
        tokio::select! {
            _ = ticks.tick() => {}
            () = stop.cancelled() => break,
        }
        let leading = lead(&state.db, &mut held).await;
        state.metrics.sweeper_leader.set(i64::from(leading));
        if !leading {
            continue;
        }
        match unreferenced_files(&state).await {
            Ok(swept) => {
                state.metrics.sweeps.inc();
                state.metrics.swept_files.inc_by(swept as u64);
                if swept > 0 {
                    tracing::info!(swept, "removed unreferenced uploads");
                }
            }
            Err(e) => tracing::warn!(error = ?e, "sweeping unreferenced uploads"),
        }
        if let Err(e) = crate::events::forget_old(&state.db, db::now_ms()).await {
            tracing::warn!(error = %e, "forgetting old events");
        }
    }
    if let Some(Lead::Postgres(connection)) = held {
        let _ = connection.close().await;
    }
}

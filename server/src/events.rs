//! What the consoles are told (SPEC §5b, `GET /api/v1/events`): every event is a row,
//! written in the transaction of what it tells, addressed to a seller (its own products'
//! moves and decisions) or to the reviewers (the queue). A stream sends a user's events
//! after the last id it sent — the `Last-Event-ID` a client resumes with — so nothing is
//! missed across a reconnect.
//!
//! Streams wake when something was written: in this process directly, and from every
//! process on one PostgreSQL through `LISTEN/NOTIFY` (the channel `apx_events_<schema>`,
//! notified when the writing transaction commits). Ids are in commit order: on
//! PostgreSQL, writers of events take a transaction lock first; on SQLite a write
//! transaction holds the database.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use domain::review::Event;
use prometheus_client::metrics::gauge::Gauge;
use sqlx::{AnyConnection, Row};
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use crate::db::{count_column, json_column, to_json, Db};

/// The audience of the reviewers' events (the queue).
pub const REVIEWERS: &str = "reviewers";

/// Streams one user may hold open on one process (tabs, windows); one more is refused.
pub const STREAMS_PER_USER: usize = 8;

/// Events are kept this long for streams to resume from.
pub const KEPT_FOR_MS: i64 = 7 * 24 * 3600 * 1000;

/// A stream with nothing to say looks for events this often anyway (a missed wake-up,
/// PostgreSQL's listener reconnecting).
const POLL: Duration = Duration::from_secs(20);

/// The lock writers of events take on PostgreSQL ("apx" + 'e'), per schema.
const EVENTS_LOCK: i32 = 0x6170_7865;

/// The streams of this process: what wakes them, and how many each user holds.
pub struct Hub {
    wake: watch::Sender<u64>,
    open: Mutex<HashMap<String, usize>>,
    gauge: Gauge,
}

impl Hub {
    pub fn new(gauge: Gauge) -> Self {
        Hub { wake: watch::Sender::new(0), open: Mutex::default(), gauge }
    }

    /// Something was written: every stream looks.
    pub fn poke(&self) {
        self.wake.send_modify(|n| *n = n.wrapping_add(1));
    }

    fn subscribe(&self) -> watch::Receiver<u64> {
        self.wake.subscribe()
    }

    /// A place for one more stream of `user_id`, or `None` at [`STREAMS_PER_USER`].
    fn admit(self: &Arc<Self>, user_id: &str) -> Option<Admitted> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let count = open.entry(user_id.to_owned()).or_default();
        if *count >= STREAMS_PER_USER {
            return None;
        }
        *count += 1;
        self.gauge.inc();
        Some(Admitted { hub: self.clone(), user_id: user_id.to_owned() })
    }
}

/// One open stream, counted until it ends.
struct Admitted {
    hub: Arc<Hub>,
    user_id: String,
}

impl Drop for Admitted {
    fn drop(&mut self) {
        let mut open = self.hub.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(count) = open.get_mut(&self.user_id) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.user_id);
            }
        }
        self.hub.gauge.dec();
    }
}

/// Writes an event for `audience` (a seller's id, or [`REVIEWERS`]) in the transaction
/// of what it tells; streams are woken when it commits.
pub async fn record(db: &Db, conn: &mut AnyConnection, audience: &str, event: &Event) -> Result<(), sqlx::Error> {
    if db.postgres {
        // Held until the commit: ids are handed out in the order events become visible.
        sqlx::query("SELECT pg_advisory_xact_lock($1, hashtext(current_schema())) IS NULL")
            .bind(EVENTS_LOCK)
            .execute(&mut *conn)
            .await?;
        sqlx::query("SELECT pg_notify('apx_events_' || current_schema(), '') IS NULL").execute(&mut *conn).await?;
    }
    sqlx::query(&db.sql("INSERT INTO events (audience, body, at) VALUES ($1, $2::jsonb, $3)"))
        .bind(audience)
        .bind(to_json(event)?)
        .bind(event.at)
        .execute(conn)
        .await?;
    Ok(())
}

/// The last event's id (0 when there is none).
pub async fn latest(db: &Db) -> Result<u64, sqlx::Error> {
    let row = sqlx::query("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) AS n FROM events").fetch_one(&db.pool).await?;
    count_column(&row, "n")
}

/// Up to `limit` events for `audiences` after `after`, oldest first.
async fn since(db: &Db, audiences: &[String; 2], after: u64, limit: i64) -> Result<Vec<Event>, sqlx::Error> {
    let rows =
        sqlx::query(&db.sql(
            "SELECT id, body::text AS body FROM events WHERE id > $1 AND audience IN ($2, $3) ORDER BY id LIMIT $4",
        ))
        .bind(i64::try_from(after).unwrap_or(i64::MAX))
        .bind(&audiences[0])
        .bind(&audiences[1])
        .bind(limit)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(|r| Ok(Event { id: count_column(r, "id")?, ..json_column(r, "body")? })).collect()
}

/// Forgets events older than [`KEPT_FOR_MS`]; returns how many.
pub async fn forget_old(db: &Db, now: i64) -> Result<u64, sqlx::Error> {
    let done =
        sqlx::query(&db.sql("DELETE FROM events WHERE at < $1")).bind(now - KEPT_FOR_MS).execute(&db.pool).await?;
    Ok(done.rows_affected())
}

/// A user's stream of events: the ones after `after`, then each as it is written, until
/// the server stops; `None` when the user holds too many already.
pub fn open(
    hub: &Arc<Hub>,
    db: Db,
    audiences: [String; 2],
    after: u64,
    stop: CancellationToken,
) -> Option<impl futures_util::Stream<Item = Event> + Send + 'static> {
    let admitted = hub.admit(&audiences[0])?;
    let reader =
        Reader { db, audiences, after, queue: VecDeque::new(), wake: hub.subscribe(), stop, _admitted: admitted };
    Some(futures_util::stream::unfold(reader, Reader::next))
}

struct Reader {
    db: Db,
    audiences: [String; 2],
    after: u64,
    queue: VecDeque<Event>,
    wake: watch::Receiver<u64>,
    stop: CancellationToken,
    _admitted: Admitted,
}

impl Reader {
    async fn next(mut self) -> Option<(Event, Reader)> {
        loop {
            if let Some(event) = self.queue.pop_front() {
                return Some((event, self));
            }
            if self.stop.is_cancelled() {
                return None;
            }
            // Marked seen before reading: a write after the read wakes the wait below.
            self.wake.borrow_and_update();
            match since(&self.db, &self.audiences, self.after, 100).await {
                Ok(events) if !events.is_empty() => {
                    self.after = events.last().map_or(self.after, |e| e.id);
                    self.queue.extend(events);
                    continue;
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "reading events for a stream"),
            }
            tokio::select! {
                changed = self.wake.changed() => if changed.is_err() { return None },
                () = self.stop.cancelled() => return None,
                () = tokio::time::sleep(POLL) => {}
            }
        }
    }
}

/// On PostgreSQL: wakes this process's streams whenever any process commits an event,
/// until `stop`. The listener reconnects by itself; a reconnect wakes the streams too
/// (they read the table, so nothing sent meanwhile is lost).
pub async fn listen(url: String, db: Db, hub: Arc<Hub>, stop: CancellationToken) {
    let schema: String = match sqlx::query("SELECT CAST(current_schema() AS TEXT) AS s").fetch_one(&db.pool).await {
        Ok(row) => row.try_get("s").unwrap_or_default(),
        Err(e) => {
            tracing::error!(error = %e, "events: reading the schema; other processes' events arrive by polling only");
            return;
        }
    };
    let channel = format!("apx_events_{schema}");
    loop {
        let mut listener = match sqlx::postgres::PgListener::connect(&url).await {
            Ok(listener) => listener,
            Err(e) => {
                tracing::warn!(error = %e, "events: connecting the listener");
                tokio::select! {
                    () = tokio::time::sleep(Duration::from_secs(2)) => continue,
                    () = stop.cancelled() => return,
                }
            }
        };
        if let Err(e) = listener.listen(&channel).await {
            tracing::warn!(error = %e, "events: LISTEN");
            tokio::select! {
                () = tokio::time::sleep(Duration::from_secs(2)) => continue,
                () = stop.cancelled() => return,
            }
        }
        loop {
            tokio::select! {
                received = listener.try_recv() => match received {
                    // A notification, or a reconnect (something may have been missed).
                    Ok(_) => hub.poke(),
                    Err(e) => {
                        tracing::warn!(error = %e, "events: the listener's connection");
                        hub.poke();
                        break;
                    }
                },
                () = stop.cancelled() => return,
            }
        }
    }
}

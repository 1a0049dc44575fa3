//! 详情's timeline (SPEC §5b): what happened to a product — created, each submission,
//! each decision with its reason and comments, the seller's answers, listing and
//! delisting, each change submitted and approved — who and when. Written in the
//! transaction of what it records.

use domain::review::{TimelineEntry, TimelineKind};
use sqlx::{AnyConnection, Row};

use crate::db::{json_column, slug_column, slug_text, to_json, Db};

/// Adds an entry to a product's timeline.
pub async fn record(db: &Db, conn: &mut AnyConnection, product_id: &str, e: &TimelineEntry) -> Result<(), sqlx::Error> {
    let comments = if e.comments.is_empty() { None } else { Some(to_json(&e.comments)?) };
    sqlx::query(&db.sql(
        "INSERT INTO timeline (product_id, at, actor, kind, change, reason, comments, answer)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)",
    ))
    .bind(product_id)
    .bind(e.at)
    .bind(&e.actor)
    .bind(slug_text(&e.kind))
    .bind(i64::from(e.change))
    .bind(&e.reason)
    .bind(comments)
    .bind(&e.answer)
    .execute(conn)
    .await?;
    Ok(())
}

/// An entry of `kind` by `actor` at `at`, nothing more.
pub fn entry(kind: TimelineKind, actor: &str, at: i64, change: bool) -> TimelineEntry {
    TimelineEntry { at, actor: actor.to_owned(), kind, change, reason: None, comments: Vec::new(), answer: None }
}

/// A product's timeline, oldest first.
pub async fn list(db: &Db, product_id: &str) -> Result<Vec<TimelineEntry>, sqlx::Error> {
    let rows = sqlx::query(&db.sql(
        "SELECT at, actor, kind, change, reason, comments::text AS comments, answer FROM timeline
         WHERE product_id = $1 ORDER BY id",
    ))
    .bind(product_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let comments = match r.try_get::<Option<String>, _>("comments")? {
                Some(_) => json_column(r, "comments")?,
                None => Vec::new(),
            };
            Ok(TimelineEntry {
                at: r.try_get("at")?,
                actor: r.try_get("actor")?,
                kind: slug_column(r, "kind")?,
                change: r.try_get::<i64, _>("change")? != 0,
                reason: r.try_get("reason")?,
                comments,
                answer: r.try_get("answer")?,
            })
        })
        .collect()
}

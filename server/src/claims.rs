//! 领取 (SPEC §5b): a reviewer holds a request for 30 minutes; while the claim holds only
//! they decide it, and others see who holds it. 下一个 takes the oldest request no one
//! holds — on PostgreSQL with `FOR UPDATE SKIP LOCKED`, so two reviewers asking at once
//! get two requests; on SQLite the transaction holds the write lock.

use domain::model::User;
use domain::review::{Claim, CLAIM_MS};
use domain::Status;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::db::Db;

fn claim_row(r: &AnyRow) -> Result<Claim, sqlx::Error> {
    Ok(Claim {
        reviewer_id: r.try_get("reviewer_id")?,
        reviewer: r.try_get("reviewer_name")?,
        expires_at: r.try_get("expires_at")?,
    })
}

/// Who holds the request of a product now (`None`: no one, or the claim ran out).
pub async fn holder(
    db: &Db,
    conn: &mut AnyConnection,
    product_id: &str,
    now: i64,
) -> Result<Option<Claim>, sqlx::Error> {
    let row = sqlx::query(
        &db.sql("SELECT reviewer_id, reviewer_name, expires_at FROM claims WHERE product_id = $1 AND expires_at > $2"),
    )
    .bind(product_id)
    .bind(now)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(claim_row).transpose()
}

/// Claims (or renews the claim on) a request for `reviewer`; the claim of another that
/// still holds is the error.
pub async fn take(
    db: &Db,
    conn: &mut AnyConnection,
    product_id: &str,
    reviewer: &User,
    now: i64,
) -> Result<Result<Claim, Claim>, sqlx::Error> {
    let claim = Claim { reviewer_id: reviewer.id.clone(), reviewer: reviewer.name.clone(), expires_at: now + CLAIM_MS };
    let done = sqlx::query(&db.sql(
        "INSERT INTO claims (product_id, reviewer_id, reviewer_name, expires_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (product_id) DO UPDATE SET reviewer_id = $2, reviewer_name = $3, expires_at = $4
         WHERE claims.expires_at <= $5 OR claims.reviewer_id = $2",
    ))
    .bind(product_id)
    .bind(&claim.reviewer_id)
    .bind(&claim.reviewer)
    .bind(claim.expires_at)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 1 {
        return Ok(Ok(claim));
    }
    // Held by another: the row the upsert left alone says who (it holds: the upsert
    // took any claim that ran out).
    Ok(Err(holder(db, conn, product_id, now).await?.unwrap_or(claim)))
}

/// Gives a request back; false if `reviewer_id` did not hold it.
pub async fn release(
    db: &Db,
    conn: &mut AnyConnection,
    product_id: &str,
    reviewer_id: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(&db.sql("DELETE FROM claims WHERE product_id = $1 AND reviewer_id = $2"))
        .bind(product_id)
        .bind(reviewer_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// A decided request is held by no one.
pub async fn clear(db: &Db, conn: &mut AnyConnection, product_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query(&db.sql("DELETE FROM claims WHERE product_id = $1")).bind(product_id).execute(conn).await?;
    Ok(())
}

/// Locks the request of a product against 下一个 of another reviewer (PostgreSQL; on
/// SQLite the transaction already holds the write lock). Whether it exists.
pub async fn lock(db: &Db, conn: &mut AnyConnection, product_id: &str) -> Result<bool, sqlx::Error> {
    let lock = if db.postgres { " FOR UPDATE" } else { "" };
    let row = sqlx::query(&db.sql(&format!("SELECT id FROM products WHERE id = $1{lock}")))
        .bind(product_id)
        .fetch_optional(conn)
        .await?;
    Ok(row.is_some())
}

/// The oldest request awaiting review that no one holds (its product row locked until
/// the transaction ends, skipped by others meanwhile).
pub async fn oldest_free(db: &Db, conn: &mut AnyConnection, now: i64) -> Result<Option<String>, sqlx::Error> {
    let row = sqlx::query(&db.sql(&format!(
        "SELECT p.id FROM products p
         LEFT JOIN changes c ON c.product_id = p.id
         LEFT JOIN claims cl ON cl.product_id = p.id
         WHERE (p.status IN ($1, $2) OR c.status = 'review') AND (cl.product_id IS NULL OR cl.expires_at <= $3)
         ORDER BY CASE WHEN c.status = 'review' THEN c.updated_at ELSE p.updated_at END, p.id
         LIMIT 1{}",
        db.skip_locked("p")
    )))
    .bind(Status::ListingReview.slug())
    .bind(Status::DelistReview.slug())
    .bind(now)
    .fetch_optional(conn)
    .await?;
    row.map(|r| r.try_get("id")).transpose()
}

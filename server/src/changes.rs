//! Changes to a product on sale (SPEC §5a): a change is its own record bound to its
//! product — content, version, status, reason — edited like a draft while the live
//! content stays on sale; at most one per product.

use domain::model::Change;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::db::{count_column, json_column, slug_column, to_json, Db};

fn change_row(r: &AnyRow) -> Result<Change, sqlx::Error> {
    Ok(Change {
        product_id: r.try_get("product_id")?,
        version: count_column(r, "version")?,
        status: slug_column(r, "status")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        review_reason: r.try_get("review_reason")?,
        comments: crate::products::small_count(r, "review_comments")?,
        content: json_column(r, "content")?,
    })
}

const CHANGE: &str =
    "SELECT product_id, status, version, content::text AS content, review_reason, review_comments, created_at, updated_at
     FROM changes WHERE product_id = $1";

pub async fn get(db: &Db, product_id: &str) -> Result<Option<Change>, sqlx::Error> {
    let row = sqlx::query(&db.sql(CHANGE)).bind(product_id).fetch_optional(&db.pool).await?;
    row.as_ref().map(change_row).transpose()
}

/// The change as it is inside a transaction.
pub async fn get_in(db: &Db, conn: &mut AnyConnection, product_id: &str) -> Result<Option<Change>, sqlx::Error> {
    let row = sqlx::query(&db.sql(CHANGE)).bind(product_id).fetch_optional(conn).await?;
    row.as_ref().map(change_row).transpose()
}

/// Starts the change of a product; false if it already has one (another tab won).
pub async fn insert(db: &Db, conn: &mut AnyConnection, c: &Change) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(&db.sql(
        "INSERT INTO changes (product_id, status, version, content, review_reason, created_at, updated_at)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7) ON CONFLICT (product_id) DO NOTHING",
    ))
    .bind(&c.product_id)
    .bind(c.status.slug())
    .bind(c.version as i64)
    .bind(to_json(&c.content)?)
    .bind(&c.review_reason)
    .bind(c.created_at)
    .bind(c.updated_at)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Writes `c` if its stored version is still `expected`; false when someone else won.
pub async fn update(db: &Db, conn: &mut AnyConnection, c: &Change, expected: u64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(&db.sql(
        "UPDATE changes SET status = $1, version = $2, content = $3::jsonb, review_reason = $4, updated_at = $5,
             review_comments = $8
         WHERE product_id = $6 AND version = $7",
    ))
    .bind(c.status.slug())
    .bind(c.version as i64)
    .bind(to_json(&c.content)?)
    .bind(&c.review_reason)
    .bind(c.updated_at)
    .bind(&c.product_id)
    .bind(expected as i64)
    .bind(i64::from(c.comments))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes the change of a product if it is still at `expected` and, when given, in
/// `status`.
pub async fn delete(
    db: &Db,
    conn: &mut AnyConnection,
    product_id: &str,
    expected: u64,
    status: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        &db.sql("DELETE FROM changes WHERE product_id = $1 AND version = $2 AND ($3 IS NULL OR status = $3)"),
    )
    .bind(product_id)
    .bind(expected as i64)
    .bind(status)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

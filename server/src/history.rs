//! The approved versions of a product on sale (详情's history): the first listing, then
//! each approved change with the fields it changed and the content it replaced.

use domain::model::{ProductContent, Version};
use sqlx::{AnyConnection, Row};

use crate::db::{count_column, json_column, to_json, Db};

/// Records a version that went live without replacing one (the first listing).
pub async fn record_listing(
    db: &Db,
    conn: &mut AnyConnection,
    product_id: &str,
    version: u64,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(&db.sql(
        "INSERT INTO product_versions (product_id, version, approved_at, changed, replaced) VALUES ($1, $2, $3, '[]', NULL)
         ON CONFLICT DO NOTHING",
    ))
    .bind(product_id)
    .bind(version as i64)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Records an approved change: version `version` went live at `at`, changing `changed`
/// and replacing `replaced`.
pub async fn record_change(
    db: &Db,
    conn: &mut AnyConnection,
    product_id: &str,
    version: u64,
    at: i64,
    changed: &[&str],
    replaced: &ProductContent,
) -> Result<(), sqlx::Error> {
    sqlx::query(&db.sql(
        "INSERT INTO product_versions (product_id, version, approved_at, changed, replaced)
         VALUES ($1, $2, $3, $4::jsonb, $5::jsonb)",
    ))
    .bind(product_id)
    .bind(version as i64)
    .bind(at)
    .bind(to_json(&changed)?)
    .bind(to_json(replaced)?)
    .execute(conn)
    .await?;
    Ok(())
}

/// The approved versions of a product, newest first.
pub async fn versions(db: &Db, product_id: &str) -> Result<Vec<Version>, sqlx::Error> {
    let rows = sqlx::query(&db.sql(
        "SELECT version, approved_at, changed::text AS changed FROM product_versions WHERE product_id = $1
         ORDER BY version DESC",
    ))
    .bind(product_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Version {
                version: count_column(r, "version")?,
                approved_at: r.try_get("approved_at")?,
                changed: json_column(r, "changed")?,
            })
        })
        .collect()
}

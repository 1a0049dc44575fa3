//! Products: the seller's content (JSON, `jsonb` on PostgreSQL) next to indexed
//! columns, the status, an optimistic-concurrency version, and whether it was ever
//! submitted. Writes name the version they were based on; the `lifecycle` module makes
//! them, each transition in one transaction.

use domain::model::{ChangeSummary, Product, ProductContent, QueueItem};
use domain::review::Claim;
use domain::Status;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::db::{count_column, json_column, slug_column, to_json, Db};

pub struct ProductRow {
    pub seller_id: String,
    /// Submitted for review at least once (a reviewer reads no other product).
    pub submitted: bool,
    pub product: Product,
}

/// Products with their change's summary (`PRODUCTS … WHERE …`).
const PRODUCTS: &str = "SELECT products.id, products.seller_id, products.status, products.version, products.name,
        products.content::text AS content, products.review_reason, products.created_at, products.updated_at,
        products.submitted, products.review_comments, c.status AS change_status, c.version AS change_version,
        c.updated_at AS change_updated_at, c.review_reason AS change_reason, c.review_comments AS change_comments
    FROM products LEFT JOIN changes c ON c.product_id = products.id";

fn product_row(r: &AnyRow) -> Result<ProductRow, sqlx::Error> {
    Ok(ProductRow {
        seller_id: r.try_get("seller_id")?,
        submitted: r.try_get::<i64, _>("submitted")? != 0,
        product: Product {
            id: r.try_get("id")?,
            version: count_column(r, "version")?,
            status: slug_column(r, "status")?,
            created_at: r.try_get("created_at")?,
            updated_at: r.try_get("updated_at")?,
            review_reason: r.try_get("review_reason")?,
            comments: small_count(r, "review_comments")?,
            content: json_column(r, "content")?,
            change: change_summary(r)?,
        },
    })
}

fn change_summary(r: &AnyRow) -> Result<Option<ChangeSummary>, sqlx::Error> {
    if r.try_get::<Option<String>, _>("change_status")?.is_none() {
        return Ok(None);
    }
    Ok(Some(ChangeSummary {
        status: slug_column(r, "change_status")?,
        version: count_column(r, "change_version")?,
        updated_at: r.try_get("change_updated_at")?,
        review_reason: r.try_get("change_reason")?,
        comments: small_count(r, "change_comments")?,
    }))
}

/// A count column as the `u32` the contract has.
pub fn small_count(r: &AnyRow, column: &str) -> Result<u32, sqlx::Error> {
    Ok(u32::try_from(count_column(r, column)?).unwrap_or(u32::MAX))
}

pub async fn get(db: &Db, id: &str) -> Result<Option<ProductRow>, sqlx::Error> {
    let row =
        sqlx::query(&db.sql(&format!("{PRODUCTS} WHERE products.id = $1"))).bind(id).fetch_optional(&db.pool).await?;
    row.as_ref().map(product_row).transpose()
}

pub async fn insert(db: &Db, conn: &mut AnyConnection, seller_id: &str, p: &Product) -> Result<(), sqlx::Error> {
    sqlx::query(&db.sql(
        "INSERT INTO products (id, seller_id, status, version, name, content, review_reason, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9)",
    ))
    .bind(&p.id)
    .bind(seller_id)
    .bind(p.status.slug())
    .bind(p.version as i64)
    .bind(p.content.name.trim())
    .bind(to_json(&p.content)?)
    .bind(&p.review_reason)
    .bind(p.created_at)
    .bind(p.updated_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Writes `p` if the stored version is still `expected`; false when someone else won.
pub async fn update(db: &Db, conn: &mut AnyConnection, p: &Product, expected: u64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(&db.sql(
        "UPDATE products SET status = $1, version = $2, name = $3, content = $4::jsonb, review_reason = $5, updated_at = $6,
             submitted = CASE WHEN $1 = 'listing_review' THEN 1 ELSE submitted END, review_comments = $9
         WHERE id = $7 AND version = $8",
    ))
    .bind(p.status.slug())
    .bind(p.version as i64)
    .bind(p.content.name.trim())
    .bind(to_json(&p.content)?)
    .bind(&p.review_reason)
    .bind(p.updated_at)
    .bind(&p.id)
    .bind(expected as i64)
    .bind(i64::from(p.comments))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes the product if it is still at `expected` (its change, history and file
/// references go with it).
pub async fn delete(db: &Db, conn: &mut AnyConnection, id: &str, expected: u64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(&db.sql("DELETE FROM products WHERE id = $1 AND version = $2"))
        .bind(id)
        .bind(expected as i64)
        .execute(&mut *conn)
        .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query(&db.sql("DELETE FROM comments WHERE product_id = $1")).bind(id).execute(&mut *conn).await?;
    for table in ["changes", "product_versions", "file_refs", "shares", "reviews", "claims", "timeline"] {
        sqlx::query(&db.sql(&format!("DELETE FROM {table} WHERE product_id = $1")))
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(true)
}

/// A filtered page of a seller's products, newest change first.
pub struct ListFilter<'a> {
    pub seller_id: &'a str,
    pub statuses: Vec<Status>,
    pub name: Option<&'a str>,
    pub page: u32,
    pub per_page: u32,
}

pub async fn list(db: &Db, f: &ListFilter<'_>) -> Result<(Vec<Product>, u64), sqlx::Error> {
    // $1 the seller, $2… the statuses, then the name pattern, then the page.
    let n = f.statuses.len().max(1);
    let placeholders: Vec<String> = (2..2 + n).map(|i| format!("${i}")).collect();
    let (name, limit, offset) = (n + 2, n + 3, n + 4);
    let pattern = f.name.map(|n| format!("%{}%", n.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")));
    let filter = format!(
        "WHERE products.seller_id = $1 AND products.status IN ({})
             AND (${name} IS NULL OR LOWER(products.name) LIKE LOWER(${name}) ESCAPE '\\')",
        placeholders.join(", ")
    );
    let count_sql = db.sql(&format!("SELECT COUNT(*) AS n FROM products {filter}"));
    let page_sql = db.sql(&format!(
        "{PRODUCTS} {filter} ORDER BY products.updated_at DESC, products.id LIMIT ${limit} OFFSET ${offset}"
    ));
    let total = count_column(&bind_filter(&count_sql, f, &pattern).fetch_one(&db.pool).await?, "n")?;
    let offset = i64::from(f.page.saturating_sub(1)) * i64::from(f.per_page);
    let rows = bind_filter(&page_sql, f, &pattern).bind(i64::from(f.per_page)).bind(offset).fetch_all(&db.pool).await?;
    let products = rows.iter().map(|r| product_row(r).map(|p| p.product)).collect::<Result<_, _>>()?;
    Ok((products, total))
}

fn bind_filter<'q>(
    sql: &'q str,
    f: &ListFilter<'_>,
    pattern: &Option<String>,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    let mut q = sqlx::query(sql).bind(f.seller_id.to_owned());
    for s in &f.statuses {
        q = q.bind(s.slug());
    }
    if f.statuses.is_empty() {
        q = q.bind("");
    }
    q.bind(pattern.clone())
}

/// Requests waiting for a reviewer — listings, delistings and changes — oldest first,
/// with who holds each (a claim that still holds at `now`).
/// `only`: the one request of that product.
pub async fn review_queue(db: &Db, now: i64, only: Option<&str>) -> Result<Vec<QueueItem>, sqlx::Error> {
    let rows = sqlx::query(&db.sql(&format!(
        "SELECT products.*, users.name AS seller_name, cl.reviewer_id AS claim_reviewer_id,
             cl.reviewer_name AS claim_reviewer, cl.expires_at AS claim_expires_at
         FROM ({PRODUCTS}) AS products
         JOIN users ON users.id = products.seller_id
         LEFT JOIN claims cl ON cl.product_id = products.id AND cl.expires_at > $3
         WHERE (products.status IN ($1, $2) OR products.change_status = 'review') AND ($4 IS NULL OR products.id = $4)
         ORDER BY CASE WHEN products.change_status = 'review' THEN products.change_updated_at
                  ELSE products.updated_at END, products.id"
    )))
    .bind(Status::ListingReview.slug())
    .bind(Status::DelistReview.slug())
    .bind(now)
    .bind(only)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let product = product_row(r)?.product;
            let claim = match r.try_get::<Option<String>, _>("claim_reviewer_id")? {
                Some(reviewer_id) => Some(Claim {
                    reviewer_id,
                    reviewer: r.try_get("claim_reviewer")?,
                    expires_at: r.try_get("claim_expires_at")?,
                }),
                None => None,
            };
            Ok(QueueItem { kind: product.request_kind(), product, seller: r.try_get("seller_name")?, claim })
        })
        .collect()
}

/// How many requests wait for a reviewer (the metrics' queue length).
pub async fn review_queue_length(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(&db.sql(
        "SELECT CAST((SELECT COUNT(*) FROM products WHERE status IN ($1, $2))
                   + (SELECT COUNT(*) FROM changes WHERE status = 'review') AS BIGINT)",
    ))
    .bind(Status::ListingReview.slug())
    .bind(Status::DelistReview.slug())
    .fetch_one(&db.pool)
    .await
}

/// The content a product has now (for a transition that reads it inside its
/// transaction).
pub async fn content(db: &Db, conn: &mut AnyConnection, id: &str) -> Result<Option<ProductContent>, sqlx::Error> {
    let row = sqlx::query(&db.sql("SELECT content::text AS content FROM products WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(|r| json_column(r, "content")).transpose()
}

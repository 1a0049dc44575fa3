//! Uploaded files: their rows (the bytes are in the file store under `store_key`), and
//! which contents refer to them — one row per (product, holder, slot, file) in
//! `file_refs`, written in the same transaction as the content. A file no content refers
//! to is deleted when its owner released it, or by the sweep once it is old.

use domain::model::{FileRef, ProductContent};
use domain::{FileKind, FileSlot};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::db::{count_column, now_ms, slug_column, Db};

/// A file as stored: what a product refers to, whose it is, where its bytes are.
pub struct StoredFile {
    pub file: FileRef,
    pub owner_id: String,
    pub store_key: String,
}

/// Which content of a product refers to a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Holder {
    /// The product's content (live, or its draft).
    Live,
    /// The product's pending change.
    Change,
    /// A content the history keeps: the one approved version `n` replaced.
    Version(u64),
}

impl Holder {
    fn name(&self) -> String {
        match self {
            Holder::Live => "live".into(),
            Holder::Change => "change".into(),
            Holder::Version(n) => format!("v{n}"),
        }
    }
}

fn kind_name(kind: FileKind) -> String {
    serde_json::to_value(kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

fn stored_file(r: &AnyRow) -> Result<StoredFile, sqlx::Error> {
    let dimension = |column: &str| -> Result<Option<u32>, sqlx::Error> {
        Ok(r.try_get::<Option<i64>, _>(column)?.and_then(|n| u32::try_from(n).ok()))
    };
    Ok(StoredFile {
        file: FileRef {
            id: r.try_get("id")?,
            kind: slug_column::<FileKind>(r, "kind").unwrap_or(FileKind::Unknown),
            name: r.try_get("name")?,
            size: count_column(r, "size")?,
            width: dimension("width")?,
            height: dimension("height")?,
        },
        owner_id: r.try_get("owner_id")?,
        store_key: r.try_get("store_key")?,
    })
}

pub async fn insert(db: &Db, field: &str, stored: &StoredFile) -> Result<(), sqlx::Error> {
    let f = &stored.file;
    sqlx::query(&db.sql(
        "INSERT INTO files (id, owner_id, field, kind, name, size, width, height, store_key, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    ))
    .bind(&f.id)
    .bind(&stored.owner_id)
    .bind(field)
    .bind(kind_name(f.kind))
    .bind(&f.name)
    .bind(f.size as i64)
    .bind(f.width.map(i64::from))
    .bind(f.height.map(i64::from))
    .bind(&stored.store_key)
    .bind(now_ms())
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn get(db: &Db, id: &str) -> Result<Option<StoredFile>, sqlx::Error> {
    let row = sqlx::query(
        &db.sql("SELECT id, owner_id, kind, name, size, width, height, store_key FROM files WHERE id = $1"),
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    row.as_ref().map(stored_file).transpose()
}

/// Marks the owner's files `ids` as no longer needed (they go once nothing refers to
/// them); how many of them were the owner's.
pub async fn release(db: &Db, conn: &mut AnyConnection, owner_id: &str, ids: &[String]) -> Result<u64, sqlx::Error> {
    let mut released = 0;
    for id in ids {
        let done = sqlx::query(&db.sql("UPDATE files SET released_at = $1 WHERE id = $2 AND owner_id = $3"))
            .bind(now_ms())
            .bind(id)
            .bind(owner_id)
            .execute(&mut *conn)
            .await?;
        released += done.rows_affected();
    }
    Ok(released)
}

/// SQL: no content refers to the file `files.id` (the `file_refs_by_file` index).
const UNREFERENCED: &str = "NOT EXISTS (SELECT 1 FROM file_refs r WHERE r.file_id = files.id)";

/// The owner's released files that no content refers to any more, with their store
/// keys; their rows are deleted, the caller removes the bytes.
pub async fn take_unreferenced_released(db: &Db, owner_id: &str) -> Result<Vec<String>, sqlx::Error> {
    let sql = format!(
        "DELETE FROM files WHERE owner_id = $1 AND released_at IS NOT NULL AND {UNREFERENCED} RETURNING store_key"
    );
    let rows = sqlx::query(&db.sql(&sql)).bind(owner_id).fetch_all(&db.pool).await?;
    rows.iter().map(|r| r.try_get("store_key")).collect()
}

/// Every file no content refers to, uploaded before `cutoff` (ms), with its store key;
/// the rows are deleted, the caller removes the bytes.
pub async fn take_unreferenced_before(db: &Db, cutoff: i64) -> Result<Vec<String>, sqlx::Error> {
    let sql = format!("DELETE FROM files WHERE created_at < $1 AND {UNREFERENCED} RETURNING store_key");
    let rows = sqlx::query(&db.sql(&sql)).bind(cutoff).fetch_all(&db.pool).await?;
    rows.iter().map(|r| r.try_get("store_key")).collect()
}

/// Whether a product submitted for review refers to the file `id` — in its content,
/// its change or its history (a reviewer reads those files only).
pub async fn in_submitted_product(db: &Db, id: &str) -> Result<bool, sqlx::Error> {
    // Changes and kept versions belong to products on sale, which were submitted.
    let found: Option<i64> = sqlx::query_scalar(&db.sql(
        "SELECT 1 FROM file_refs r JOIN products p ON p.id = r.product_id
         WHERE r.file_id = $1 AND (p.submitted = 1 OR r.holder <> 'live') LIMIT 1",
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(found.is_some())
}

/// The ids of every file `content` refers to, with their slots.
pub fn references(content: &ProductContent) -> Vec<(FileSlot, String)> {
    FileSlot::ALL.into_iter().flat_map(|slot| slot.files(content).into_iter().map(move |f| (slot, f.id))).collect()
}

/// The ids of every file `content` refers to.
pub fn ids(content: &ProductContent) -> Vec<String> {
    references(content).into_iter().map(|(_, id)| id).collect()
}

/// Records that `holder` of the product now refers to exactly the files of `content`.
pub async fn set_refs(
    db: &Db,
    conn: &mut AnyConnection,
    product_id: &str,
    holder: &Holder,
    content: &ProductContent,
) -> Result<(), sqlx::Error> {
    drop_refs(db, conn, product_id, holder).await?;
    let mut seen = std::collections::HashSet::new();
    for (slot, file_id) in references(content) {
        if !seen.insert((slot, file_id.clone())) {
            continue;
        }
        sqlx::query(&db.sql("INSERT INTO file_refs (file_id, product_id, holder, slot) VALUES ($1, $2, $3, $4)"))
            .bind(&file_id)
            .bind(product_id)
            .bind(holder.name())
            .bind(slot.name())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Records that `holder` of the product refers to no file any more.
pub async fn drop_refs(
    db: &Db,
    conn: &mut AnyConnection,
    product_id: &str,
    holder: &Holder,
) -> Result<(), sqlx::Error> {
    sqlx::query(&db.sql("DELETE FROM file_refs WHERE product_id = $1 AND holder = $2"))
        .bind(product_id)
        .bind(holder.name())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Every reference of a product, as (holder, slot, file) names, sorted (for tests).
pub async fn refs_of(db: &Db, product_id: &str) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    let rows = sqlx::query(
        &db.sql("SELECT holder, slot, file_id FROM file_refs WHERE product_id = $1 ORDER BY holder, slot, file_id"),
    )
    .bind(product_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|r| Ok((r.try_get("holder")?, r.try_get("slot")?, r.try_get("file_id")?))).collect()
}

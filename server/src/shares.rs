//! Share links (分享预览): a read-only link to the buyer's page of a saved product, valid
//! 7 days, revocable. The token (256 random bits) is given to the seller once; only its
//! SHA-256 is kept, so a copy of the database opens no link.

use domain::model::Share;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::db::{new_id, Db};

/// How long a link works.
pub const VALID_MS: i64 = 7 * 24 * 3600 * 1000;

/// A link as the token finds it.
pub struct Found {
    pub product_id: String,
    pub expires_at: i64,
    pub revoked: bool,
}

/// A new token: two version-4 UUIDs (244 random bits), 64 hex digits.
fn new_token() -> String {
    format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple())
}

fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `token` has the form of a token (anything else is not looked up).
pub fn is_token(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

fn share(r: &AnyRow) -> Result<Share, sqlx::Error> {
    Ok(Share { id: r.try_get("id")?, created_at: r.try_get("created_at")?, expires_at: r.try_get("expires_at")? })
}

/// Makes a link to the product, valid from `now`; the listing entry and its token.
pub async fn create(db: &Db, product_id: &str, now: i64) -> Result<(Share, String), sqlx::Error> {
    let token = new_token();
    let share = Share { id: new_id(), created_at: now, expires_at: now + VALID_MS };
    sqlx::query(
        &db.sql("INSERT INTO shares (id, product_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)"),
    )
    .bind(&share.id)
    .bind(product_id)
    .bind(hash(&token))
    .bind(share.created_at)
    .bind(share.expires_at)
    .execute(&db.pool)
    .await?;
    Ok((share, token))
}

/// The product's links that still work at `now`, newest first.
pub async fn active(db: &Db, product_id: &str, now: i64) -> Result<Vec<Share>, sqlx::Error> {
    let rows = sqlx::query(&db.sql(
        "SELECT id, created_at, expires_at FROM shares
         WHERE product_id = $1 AND revoked_at IS NULL AND expires_at > $2 ORDER BY created_at DESC, id",
    ))
    .bind(product_id)
    .bind(now)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(share).collect()
}

/// Revokes a link of the product; false if it has no such link.
pub async fn revoke(db: &Db, product_id: &str, id: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        &db.sql("UPDATE shares SET revoked_at = $1 WHERE id = $2 AND product_id = $3 AND revoked_at IS NULL"),
    )
    .bind(now)
    .bind(id)
    .bind(product_id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The link whose token is `token`, if there is one.
pub async fn find(db: &Db, token: &str) -> Result<Option<Found>, sqlx::Error> {
    let row = sqlx::query(&db.sql("SELECT product_id, expires_at, revoked_at FROM shares WHERE token_hash = $1"))
        .bind(hash(token))
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| {
        Ok(Found {
            product_id: r.try_get("product_id")?,
            expires_at: r.try_get("expires_at")?,
            revoked: r.try_get::<Option<i64>, _>("revoked_at")?.is_some(),
        })
    })
    .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_kept_only_as_their_hash() {
        let (a, b) = (new_token(), new_token());
        assert!(is_token(&a) && is_token(&b) && a != b);
        assert_eq!(hash(&a).len(), 64);
        assert_ne!(hash(&a), a);
        assert!(!is_token("not-a-token") && !is_token(&"g".repeat(64)));
    }
}

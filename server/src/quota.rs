//! What one seller may keep: products (drafts included), files and stored bytes. Past a
//! quota the request is refused with the one error shape, code `quota`: 429 for a count
//! (another product, another file), 413 for bytes. The figures are flags (README).

use crate::db::{count_column, Db};
use crate::error::{ApiResult, AppError};
use crate::AppState;

/// What a seller keeps: products, files, and the files' bytes.
async fn usage(db: &Db, seller_id: &str) -> Result<(u64, u64, u64), sqlx::Error> {
    let row = sqlx::query(&db.sql(
        "SELECT (SELECT COUNT(*) FROM products WHERE seller_id = $1) AS products,
                (SELECT COUNT(*) FROM files WHERE owner_id = $1) AS files,
                CAST((SELECT COALESCE(SUM(size), 0) FROM files WHERE owner_id = $1) AS BIGINT) AS bytes",
    ))
    .bind(seller_id)
    .fetch_one(&db.pool)
    .await?;
    Ok((count_column(&row, "products")?, count_column(&row, "files")?, count_column(&row, "bytes")?))
}

/// Per-seller limits.
#[derive(Clone, Copy, Debug)]
pub struct Quotas {
    pub products: u64,
    pub files: u64,
    pub bytes: u64,
}

/// Refuses another product when the seller has `products` already.
pub async fn room_for_product(state: &AppState, seller_id: &str) -> ApiResult<()> {
    let (products, _, _) = usage(&state.db, seller_id).await?;
    if products >= state.quotas.products {
        return Err(AppError::Quota {
            count: true,
            message: format!("a seller keeps at most {} products; delete one first", state.quotas.products),
        });
    }
    Ok(())
}

/// Refuses another file when the seller has `files` already; otherwise the bytes the
/// next file may take.
pub async fn room_for_file(state: &AppState, seller_id: &str) -> ApiResult<u64> {
    let (_, files, bytes) = usage(&state.db, seller_id).await?;
    if files >= state.quotas.files {
        return Err(AppError::Quota {
            count: true,
            message: format!("a seller keeps at most {} files; remove some from products first", state.quotas.files),
        });
    }
    Ok(state.quotas.bytes.saturating_sub(bytes))
}

/// The refusal of a file that would take the seller past their bytes.
pub fn over_bytes(state: &AppState) -> AppError {
    AppError::Quota {
        count: false,
        message: format!("a seller stores at most {} MB of files", state.quotas.bytes / (1024 * 1024)),
    }
}

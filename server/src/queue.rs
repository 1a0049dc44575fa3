//! The reviewers' queue (SPEC §5, §5b): the requests awaiting a decision with who holds
//! each; 领取, giving back, and 下一个 — each a transaction that tells the other
//! reviewers at once.

use domain::model::Product;
use domain::model::{QueueItem, User};
use domain::review::{Claim, Event, EventKind};

use crate::db::Tx;
use crate::error::{ApiResult, AppError};
use crate::lifecycle::submitted;
use crate::{claims, events, products, AppState};

/// The queue, oldest first.
pub async fn list(state: &AppState) -> ApiResult<Vec<QueueItem>> {
    Ok(products::review_queue(&state.db, state.clock.now_ms(), None).await?)
}

/// Who holds the request of product `id` now, or 404 when no one does.
pub async fn holder(state: &AppState, id: &str) -> ApiResult<Claim> {
    submitted(state, id).await?;
    let mut conn = state.db.pool.acquire().await?;
    claims::holder(&state.db, &mut conn, id, state.clock.now_ms()).await?.ok_or(AppError::NotFound)
}

/// 领取: `reviewer` holds the request for 30 minutes (again, if they held it already);
/// 409 `claimed` while another holds it, 409 `not_in_review` when it awaits nothing.
pub async fn claim(state: &AppState, reviewer: &User, id: &str) -> ApiResult<Claim> {
    let row = submitted(state, id).await?;
    if !row.product.state().awaits_review() {
        return Err(AppError::NotInReview(Box::new(row.product)));
    }
    let db = &state.db;
    let mut tx = db.begin().await?;
    claims::lock(db, &mut tx, id).await?;
    let claim = match claims::take(db, &mut tx, id, reviewer, state.clock.now_ms()).await? {
        Ok(claim) => claim,
        Err(held) => return Err(AppError::Claimed(Box::new(held))),
    };
    tell(state, &mut tx, &row.product).await?;
    tx.commit().await?;
    state.events.poke();
    Ok(claim)
}

/// Gives the request back; 404 if `reviewer` did not hold it.
pub async fn release(state: &AppState, reviewer: &User, id: &str) -> ApiResult<()> {
    let row = submitted(state, id).await?;
    let db = &state.db;
    let mut tx = db.begin().await?;
    if !claims::release(db, &mut tx, id, &reviewer.id).await? {
        return Err(AppError::NotFound);
    }
    tell(state, &mut tx, &row.product).await?;
    tx.commit().await?;
    state.events.poke();
    Ok(())
}

/// 下一个: claims the oldest request no one holds for `reviewer`; `None` when every one is
/// held or the queue is empty. Two reviewers asking at once get two requests.
pub async fn next(state: &AppState, reviewer: &User) -> ApiResult<Option<QueueItem>> {
    let db = &state.db;
    let now = state.clock.now_ms();
    let mut tx = db.begin().await?;
    let Some(id) = claims::oldest_free(db, &mut tx, now).await? else { return Ok(None) };
    let Ok(claim) = claims::take(db, &mut tx, &id, reviewer, now).await? else {
        // Taken by 领取 between the two statements (not possible under the row lock);
        // the reviewer asks again.
        return Ok(None);
    };
    let item = products::review_queue(db, now, Some(&id)).await?.into_iter().next();
    if let Some(item) = &item {
        tell(state, &mut tx, &item.product).await?;
    }
    tx.commit().await?;
    state.events.poke();
    Ok(item.map(|item| QueueItem { claim: Some(claim), ..item }))
}

/// The reviewers hear that the request of `product` was claimed or given back.
async fn tell(state: &AppState, tx: &mut Tx, product: &Product) -> ApiResult<()> {
    let event =
        Event { request: Some(product.request_kind()), ..Event::about(product, EventKind::Claim, crate::db::now_ms()) };
    events::record(&state.db, tx, events::REVIEWERS, &event).await?;
    Ok(())
}

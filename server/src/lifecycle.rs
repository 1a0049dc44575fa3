//! Every write that moves a product — a draft created or saved, a transition of SPEC §5
//! or §5a (through `domain::transition`), a change saved, approved or discarded, a
//! product deleted — is applied here, inside one database transaction: the product,
//! its change, its history and its file references are all written or none is. A write
//! names the version it was based on; one that lost against another answers `stale`.
//! Files a write drops are released in the same transaction and deleted after it.

use domain::model::{Change, ChangeUpdate, Product, ProductContent, ProductUpdate, RejectRequest, RequestKind, User};
use domain::review::{
    self, Comment, Decision, Event, EventKind, NewComment, Review, Target, TimelineEntry, TimelineKind,
};
use domain::{diff, transition, validate, ChangeStatus, ErrorKey, FieldError, FileSlot, Operation, Outcome, Status};

use crate::db::{new_id, now_ms, Tx};
use crate::error::{ApiResult, AppError};
use crate::files::{self, Holder};
use crate::{changes, claims, events, history, products, reviews, timeline, AppState};

/// A product of this seller, or 404 (another seller's product is not there for them).
pub async fn owned(state: &AppState, user: &User, id: &str) -> ApiResult<Product> {
    match products::get(&state.db, id).await? {
        Some(row) if row.seller_id == user.id => Ok(row.product),
        _ => Err(AppError::NotFound),
    }
}

/// A product that was submitted for review at least once, with its seller; any other
/// is not a reviewer's to read (404, as for a product that does not exist).
pub async fn submitted(state: &AppState, id: &str) -> ApiResult<products::ProductRow> {
    products::get(&state.db, id).await?.filter(|row| row.submitted).ok_or(AppError::NotFound)
}

/// The product as it is now, as the answer to a write that lost against another.
async fn stale(state: &AppState, id: &str) -> AppError {
    match products::get(&state.db, id).await {
        Ok(Some(row)) => AppError::Stale(Box::new(row.product)),
        Ok(None) => AppError::NotFound,
        Err(e) => e.into(),
    }
}

/// The change as it is now, as the answer to a change write that lost.
async fn stale_change(state: &AppState, id: &str) -> AppError {
    match changes::get(&state.db, id).await {
        Ok(Some(change)) => AppError::StaleChange(Box::new(change)),
        Ok(None) => stale(state, id).await,
        Err(e) => e.into(),
    }
}

/// Checks what a draft must respect, and makes the server's own facts win: every spec
/// and package has an id of its own (kept when the client sent a good one), file
/// references are replaced by the stored metadata of the seller's own files, and each
/// spec's access address (S4-ACCESS) is taken from its gateway service.
pub async fn prepare(state: &AppState, user: &User, mut content: ProductContent) -> ApiResult<ProductContent> {
    let catalog = crate::gateway::catalog(&state.db, state.gateway.as_ref(), &user.id).await?;
    content.ensure_ids(new_id);
    validate::draft(&content, &catalog).map_err(AppError::Invalid)?;
    let mut unknown = Vec::new();
    for slot in FileSlot::ALL {
        let paths: Vec<String> = (0..slot.files(&content).len()).map(|i| slot.path(i)).collect();
        for (file, path) in slot.files_mut(&mut content).into_iter().zip(paths) {
            match files::get(&state.db, &file.id).await? {
                Some(stored) if stored.owner_id == user.id => *file = stored.file,
                _ => unknown.push(FieldError::new(slot.limit().id, path, ErrorKey::UnknownChoice)),
            }
        }
    }
    if !unknown.is_empty() {
        return Err(AppError::Invalid(unknown));
    }
    for spec in &mut content.specs {
        spec.access_url =
            catalog.services.iter().find(|s| s.id == spec.service_id).map(|s| s.access_url.clone()).unwrap_or_default();
    }
    Ok(content)
}

/// Deletes the owner's released files that nothing refers to any more (after a commit:
/// rows first, so nothing reaches the bytes, then the bytes).
async fn purge_released(state: &AppState, owner_id: &str) -> ApiResult<()> {
    for key in files::take_unreferenced_released(&state.db, owner_id).await? {
        // The row is gone; a failed removal only costs disk.
        let _ = state.files.remove(&key).await;
    }
    Ok(())
}

/// Releases one of the seller's files (a re-crop replaced it): it is deleted at once if
/// nothing refers to it, else as soon as nothing does. False if it is not theirs.
pub async fn release_file(state: &AppState, user: &User, id: &str) -> ApiResult<bool> {
    let mut conn = state.db.pool.acquire().await?;
    let released = files::release(&state.db, &mut conn, &user.id, &[id.to_owned()]).await? == 1;
    drop(conn);
    if released {
        purge_released(state, &user.id).await?;
    }
    Ok(released)
}

/// The files `before` refers to and `after` does not.
fn dropped(before: &ProductContent, after: &ProductContent) -> Vec<String> {
    let kept = files::ids(after);
    files::ids(before).into_iter().filter(|id| !kept.contains(id)).collect()
}

/// A new draft (草稿) of the seller with `content`, checked as any draft.
pub async fn create(state: &AppState, user: &User, content: ProductContent) -> ApiResult<Product> {
    crate::quota::room_for_product(state, &user.id).await?;
    let content = prepare(state, user, content).await?;
    let now = now_ms();
    let product = Product {
        id: new_id(),
        version: 1,
        status: Status::Draft,
        created_at: now,
        updated_at: now,
        review_reason: None,
        comments: 0,
        content,
        change: None,
    };
    let db = &state.db;
    let mut tx = db.begin().await?;
    products::insert(db, &mut tx, &user.id, &product).await?;
    db.failpoint.check()?;
    files::set_refs(db, &mut tx, &product.id, &Holder::Live, &product.content).await?;
    timeline::record(db, &mut tx, &product.id, &timeline::entry(TimelineKind::Created, &user.name, now, false)).await?;
    tell(state, &mut tx, &user.id, &Event::about(&product, EventKind::Status, now), false).await?;
    tx.commit().await?;
    state.events.poke();
    Ok(product)
}

/// 克隆: a new draft with a copy of the content — new ids for its specs and packages —
/// the source unchanged.
pub async fn clone(state: &AppState, user: &User, id: &str) -> ApiResult<Product> {
    let source = owned(state, user, id).await?;
    transition(source.state(), Operation::Clone).map_err(|e| AppError::Transition(e, Box::new(source.clone())))?;
    let mut content = source.content;
    content.renew_ids(new_id);
    create(state, user, content).await
}

/// Saves a draft's content against the version it was based on. Saving an approved,
/// rejected or withdrawn product makes it a draft again (编辑) — only with `reopen`.
pub async fn save(state: &AppState, user: &User, id: &str, update: ProductUpdate) -> ApiResult<Product> {
    let current = owned(state, user, id).await?;
    if update.version != current.version {
        return Err(AppError::Stale(Box::new(current)));
    }
    // No client reopens a decided product by accident: the seller confirms.
    if current.status.edit_reopens() && !update.reopen {
        return Err(AppError::ConfirmEdit(Box::new(current)));
    }
    let status = match transition(current.state(), Operation::Edit) {
        Ok(Outcome::Becomes(status)) => status,
        Ok(_) => current.status,
        Err(e) => return Err(AppError::Transition(e, Box::new(current))),
    };
    let content = prepare(state, user, update.content).await?;
    let released = dropped(&current.content, &content);
    let next = Product {
        version: current.version + 1,
        status,
        updated_at: now_ms(),
        review_reason: None,
        content,
        ..current.clone()
    };
    let db = &state.db;
    let mut tx = db.begin().await?;
    if !products::update(db, &mut tx, &next, current.version).await? {
        drop(tx);
        return Err(stale(state, id).await);
    }
    db.failpoint.check()?;
    files::set_refs(db, &mut tx, id, &Holder::Live, &next.content).await?;
    files::release(db, &mut tx, &user.id, &released).await?;
    let moved = next.status != current.status;
    if moved {
        // Reopened (编辑 of a decided product): other tabs see it move to 草稿.
        tell(state, &mut tx, &user.id, &Event::about(&next, EventKind::Status, next.updated_at), false).await?;
    }
    tx.commit().await?;
    if moved {
        state.events.poke();
    }
    purge_released(state, &user.id).await?;
    Ok(next)
}

/// 删除: the product is gone from every list, with its change and history.
pub async fn delete(state: &AppState, user: &User, id: &str) -> ApiResult<()> {
    let current = owned(state, user, id).await?;
    transition(current.state(), Operation::Delete).map_err(|e| AppError::Transition(e, Box::new(current.clone())))?;
    let db = &state.db;
    let mut tx = db.begin().await?;
    if !products::delete(db, &mut tx, id, current.version).await? {
        drop(tx);
        return Err(stale(state, id).await);
    }
    tell(state, &mut tx, &user.id, &Event::about(&current, EventKind::Status, now_ms()), false).await?;
    tx.commit().await?;
    state.events.poke();
    purge_released(state, &user.id).await?;
    Ok(())
}

/// What a transition wrote, or that another write won meanwhile.
enum Written {
    Done(Box<Product>),
    Lost,
    LostChange,
}

/// A reviewer's 驳回: the reason and the comments on fields (SPEC §5b); empty for
/// every other operation.
#[derive(Clone, Debug, Default)]
pub struct Verdict {
    pub reason: Option<String>,
    pub comments: Vec<NewComment>,
}

/// Applies an operation that moves a product or its change — a seller's (提交审核,
/// 上架, 申请下架 …, 提交变更, 撤回变更, 删除变更) or a reviewer's (通过, 驳回 with a
/// `verdict`) — of the seller `seller_id`, by `actor`, against the version `current`
/// shows. A decision needs the request not held by another reviewer; it is kept with
/// the content decided on. The timeline and the events are written in the same
/// transaction.
pub async fn operate(
    state: &AppState,
    actor: &User,
    seller_id: &str,
    current: Product,
    operation: Operation,
    verdict: Verdict,
) -> ApiResult<Product> {
    let outcome = match transition(current.state(), operation) {
        Ok(Outcome::Unchanged | Outcome::Deleted) => return Ok(current),
        Ok(outcome) => outcome,
        Err(e) => return Err(AppError::Transition(e, Box::new(current))),
    };
    let id = current.id.clone();
    let target = if current.change.is_some() && !matches!(outcome, Outcome::Becomes(_)) {
        Target::Change
    } else {
        Target::Product
    };
    let kind = current.request_kind();
    let db = &state.db;
    let mut tx = db.begin().await?;
    let deciding = matches!(operation, Operation::Approve | Operation::Reject);
    let mut decided_on = None;
    if deciding {
        if let Some(held) = claims::holder(db, &mut tx, &id, state.clock.now_ms()).await? {
            if held.reviewer_id != actor.id {
                return Err(AppError::Claimed(Box::new(held)));
            }
        }
        decided_on = Some(match target {
            Target::Change => match changes::get_in(db, &mut tx, &id).await? {
                Some(change) => change.content,
                None => {
                    drop(tx);
                    return Err(stale(state, &id).await);
                }
            },
            Target::Product => current.content.clone(),
        });
    }
    let written = match outcome {
        Outcome::Becomes(status) => {
            move_product(state, &mut tx, seller_id, current, operation, status, &verdict).await?
        }
        Outcome::ChangeApproved => approve_change(state, &mut tx, current).await?,
        Outcome::ChangeBecomes(next) => move_change(state, &mut tx, current, next, &verdict).await?,
        Outcome::ChangeDeleted => discard_change(state, &mut tx, seller_id, current).await?,
        Outcome::Unchanged | Outcome::Deleted => unreachable!("answered above"),
    };
    let product = match written {
        Written::Done(product) => product,
        Written::Lost => {
            drop(tx);
            return Err(stale(state, &id).await);
        }
        Written::LostChange => {
            drop(tx);
            return Err(stale_change(state, &id).await);
        }
    };
    let now = product.updated_at.max(now_ms());
    if let Some(content) = &decided_on {
        let decision = if operation == Operation::Approve { Decision::Approved } else { Decision::Rejected };
        let review = reviews::NewReview {
            product_id: &id,
            target,
            kind,
            decision,
            reason: verdict.reason.as_deref(),
            comments: &verdict.comments,
            reviewer_id: &actor.id,
            reviewer: &actor.name,
            at: now,
            content,
        };
        reviews::record(db, &mut tx, &review).await?;
        claims::clear(db, &mut tx, &id).await?;
    }
    if let Some(kind) = review::timeline_kind(operation) {
        let entry = TimelineEntry {
            reason: verdict.reason.clone(),
            comments: verdict.comments.clone(),
            ..timeline::entry(kind, &actor.name, now, target == Target::Change)
        };
        timeline::record(db, &mut tx, &id, &entry).await?;
    }
    // The seller hears of the move (a decision as such), the reviewers of their queue.
    let decision = match operation {
        Operation::Approve => Some(Decision::Approved),
        Operation::Reject => Some(Decision::Rejected),
        _ => None,
    };
    let event = Event {
        kind: if decision.is_some() { EventKind::Decided } else { EventKind::Status },
        decision,
        request: decision.map(|_| kind),
        comments: u32::try_from(verdict.comments.len()).unwrap_or(u32::MAX),
        ..Event::about(&product, EventKind::Status, now)
    };
    tell(state, &mut tx, seller_id, &event, review::moves_queue(operation)).await?;
    tx.commit().await?;
    state.events.poke();
    purge_released(state, seller_id).await?;
    Ok(*product)
}

/// Writes `event` for the seller, and for the reviewers too (as a `queue` event) when
/// it moves their queue.
async fn tell(state: &AppState, tx: &mut Tx, seller_id: &str, event: &Event, queue: bool) -> ApiResult<()> {
    events::record(&state.db, tx, seller_id, event).await?;
    if queue {
        events::record(&state.db, tx, events::REVIEWERS, &Event { kind: EventKind::Queue, ..event.clone() }).await?;
    }
    Ok(())
}

/// The product moves to `status`. One that goes on sale starts its history; one that
/// leaves the 已上架 tab loses its change.
async fn move_product(
    state: &AppState,
    tx: &mut Tx,
    seller_id: &str,
    current: Product,
    operation: Operation,
    status: Status,
    verdict: &Verdict,
) -> ApiResult<Written> {
    let db = &state.db;
    let expected = current.version;
    let comments = match operation {
        Operation::Reject => u32::try_from(verdict.comments.len()).unwrap_or(u32::MAX),
        Operation::Approve => 0,
        _ => current.comments,
    };
    let mut next = Product {
        status,
        version: expected + 1,
        updated_at: now_ms(),
        review_reason: verdict.reason.clone(),
        comments,
        ..current
    };
    if !products::update(db, tx, &next, expected).await? {
        return Ok(Written::Lost);
    }
    db.failpoint.check()?;
    if status == Status::Listed && operation == Operation::List {
        history::record_listing(db, tx, &next.id, next.version, next.updated_at).await?;
    }
    if next.change.is_some() && !status.keeps_change() {
        if let Some(change) = changes::get_in(db, tx, &next.id).await? {
            changes::delete(db, tx, &next.id, change.version, None).await?;
            reviews::settle(db, tx, &next.id, Target::Change, next.updated_at).await?;
            files::drop_refs(db, tx, &next.id, &Holder::Change).await?;
            files::release(db, tx, seller_id, &files::ids(&change.content)).await?;
        }
        next.change = None;
    }
    Ok(Written::Done(Box::new(next)))
}

/// 通过 on a change: its content goes live at once at a new version; the replaced
/// content and the fields that changed go to the history; the change is gone.
async fn approve_change(state: &AppState, tx: &mut Tx, current: Product) -> ApiResult<Written> {
    let db = &state.db;
    let Some(change) = changes::get_in(db, tx, &current.id).await? else { return Ok(Written::Lost) };
    let changed = diff::changed_fields(&current.content, &change.content);
    let now = now_ms();
    let version = current.version + 1;
    let live = Product {
        version,
        updated_at: now,
        review_reason: None,
        content: change.content.clone(),
        change: None,
        ..current.clone()
    };
    if current.status != Status::Listed || !products::update(db, tx, &live, current.version).await? {
        return Ok(Written::Lost);
    }
    db.failpoint.check()?;
    if !changes::delete(db, tx, &current.id, change.version, Some(ChangeStatus::Review.slug())).await? {
        return Ok(Written::LostChange);
    }
    history::record_change(db, tx, &current.id, version, now, &changed, &current.content).await?;
    files::set_refs(db, tx, &current.id, &Holder::Live, &live.content).await?;
    files::drop_refs(db, tx, &current.id, &Holder::Change).await?;
    files::set_refs(db, tx, &current.id, &Holder::Version(version), &current.content).await?;
    Ok(Written::Done(Box::new(live)))
}

/// The change is now in `next` (submitted, withdrawn, rejected with `reason`).
async fn move_change(
    state: &AppState,
    tx: &mut Tx,
    product: Product,
    next: ChangeStatus,
    verdict: &Verdict,
) -> ApiResult<Written> {
    let db = &state.db;
    let Some(current) = changes::get_in(db, tx, &product.id).await? else { return Ok(Written::Lost) };
    let comments = match next {
        ChangeStatus::Rejected => u32::try_from(verdict.comments.len()).unwrap_or(u32::MAX),
        _ => current.comments,
    };
    let change = Change {
        status: next,
        version: current.version + 1,
        updated_at: now_ms(),
        review_reason: verdict.reason.clone(),
        comments,
        ..current.clone()
    };
    if !changes::update(db, tx, &change, current.version).await? {
        return Ok(Written::LostChange);
    }
    db.failpoint.check()?;
    Ok(Written::Done(Box::new(Product { change: Some(change.summary()), ..product })))
}

/// 删除变更: the change is gone, and the files it carried are released.
async fn discard_change(state: &AppState, tx: &mut Tx, seller_id: &str, product: Product) -> ApiResult<Written> {
    let db = &state.db;
    let Some(change) = changes::get_in(db, tx, &product.id).await? else { return Ok(Written::Lost) };
    if !changes::delete(db, tx, &product.id, change.version, None).await? {
        return Ok(Written::LostChange);
    }
    db.failpoint.check()?;
    reviews::settle(db, tx, &product.id, Target::Change, now_ms()).await?;
    files::drop_refs(db, tx, &product.id, &Holder::Change).await?;
    files::release(db, tx, seller_id, &files::ids(&change.content)).await?;
    Ok(Written::Done(Box::new(Product { change: None, ..product })))
}

/// 修改: saves the change's content (a change draft; a rejected change becomes a draft
/// again). `version` 0 starts the change of a product that has none.
pub async fn save_change(state: &AppState, user: &User, id: &str, update: ChangeUpdate) -> ApiResult<Change> {
    let product = owned(state, user, id).await?;
    transition(product.state(), Operation::Modify).map_err(|e| AppError::Transition(e, Box::new(product.clone())))?;
    let content = prepare(state, user, update.content).await?;
    let now = now_ms();
    let db = &state.db;
    let mut tx = db.begin().await?;
    let (saved, released) = match changes::get_in(db, &mut tx, id).await? {
        None if update.version != 0 => return Err(AppError::Stale(Box::new(product))),
        None => {
            let change = Change {
                product_id: id.to_owned(),
                version: 1,
                status: ChangeStatus::Draft,
                created_at: now,
                updated_at: now,
                review_reason: None,
                comments: 0,
                content,
            };
            if !changes::insert(db, &mut tx, &change).await? {
                drop(tx);
                return Err(stale_change(state, id).await);
            }
            (change, Vec::new())
        }
        Some(current) if current.version != update.version => return Err(AppError::StaleChange(Box::new(current))),
        Some(current) => {
            let released = dropped(&current.content, &content);
            let next = Change {
                version: current.version + 1,
                status: ChangeStatus::Draft,
                updated_at: now,
                review_reason: None,
                content,
                ..current.clone()
            };
            if !changes::update(db, &mut tx, &next, current.version).await? {
                drop(tx);
                return Err(stale_change(state, id).await);
            }
            (next, released)
        }
    };
    db.failpoint.check()?;
    files::set_refs(db, &mut tx, id, &Holder::Change, &saved.content).await?;
    files::release(db, &mut tx, &user.id, &released).await?;
    tx.commit().await?;
    purge_released(state, &user.id).await?;
    Ok(saved)
}

/// 通过 or 驳回 by `reviewer` on the request of product `id`. A 驳回 needs a reason or
/// a comment; its comments name fields the content under review has (SPEC §5b).
pub async fn decide(
    state: &AppState,
    reviewer: &User,
    id: &str,
    operation: Operation,
    request: RejectRequest,
) -> ApiResult<Product> {
    let row = submitted(state, id).await?;
    transition(row.product.state(), operation).map_err(|e| AppError::Transition(e, Box::new(row.product.clone())))?;
    let mut verdict = Verdict::default();
    if operation == Operation::Reject {
        let content = match row.product.request_kind() {
            RequestKind::Change => changes::get(&state.db, id).await?.ok_or(AppError::NotFound)?.content,
            _ => row.product.content.clone(),
        };
        review::rejection(&request.reason, &request.comments, &content).map_err(AppError::Invalid)?;
        let reason = request.reason.trim();
        verdict = Verdict {
            reason: (!reason.is_empty()).then(|| reason.to_owned()),
            comments: request
                .comments
                .into_iter()
                .map(|c| NewComment { text: c.text.trim().to_owned(), ..c })
                .collect(),
        };
    }
    operate(state, reviewer, &row.seller_id, row.product, operation, verdict).await
}

/// The open rejection of a product's request — of its change when it has one — with
/// its comments and their answers, or 404.
pub async fn open_review(state: &AppState, product: &Product) -> ApiResult<Review> {
    let target = if product.change.is_some() { Target::Change } else { Target::Product };
    reviews::open(&state.db, &product.id, target).await?.ok_or(AppError::NotFound)
}

/// The seller's answer to a comment of its product's open rejection (≤ 300 characters);
/// recorded in the timeline. A later decision closes the comments (409 `settled`).
pub async fn answer(state: &AppState, user: &User, id: &str, comment_id: &str, text: &str) -> ApiResult<Comment> {
    owned(state, user, id).await?;
    review::answer(text).map_err(|e| AppError::Invalid(vec![e]))?;
    let text = text.trim();
    let db = &state.db;
    let now = now_ms();
    let mut tx = db.begin().await?;
    let comment = match reviews::answer(db, &mut tx, id, comment_id, text, now).await? {
        None => return Err(AppError::NotFound),
        Some(Err(())) => return Err(AppError::Settled),
        Some(Ok(answered)) => answered,
    };
    let (comment, target) = comment;
    let entry = TimelineEntry {
        comments: vec![NewComment { path: comment.path.clone(), text: comment.text.clone() }],
        answer: Some(text.to_owned()),
        ..timeline::entry(TimelineKind::Answered, &user.name, now, target == Target::Change)
    };
    timeline::record(db, &mut tx, id, &entry).await?;
    tx.commit().await?;
    Ok(comment)
}

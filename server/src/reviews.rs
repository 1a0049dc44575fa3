//! Decisions (SPEC §5b): every 通过 and 驳回 on a product or its change, with the
//! reviewer, the reason, the comments on fields and the content decided on. A rejection
//! stays open until the next decision on the same target: its comments are answered by
//! the seller, and the second review compares against its content. Comments are never
//! edited; an answer is the seller's own.

use domain::model::ProductContent;
use domain::model::RequestKind;
use domain::review::{Answer, Comment, Decision, NewComment, Review, Target};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::db::{json_column, new_id, slug_column, slug_text, to_json, Db};

/// A decision about to be kept.
pub struct NewReview<'a> {
    pub product_id: &'a str,
    pub target: Target,
    pub kind: RequestKind,
    pub decision: Decision,
    pub reason: Option<&'a str>,
    pub comments: &'a [NewComment],
    pub reviewer_id: &'a str,
    pub reviewer: &'a str,
    pub at: i64,
    pub content: &'a ProductContent,
}

/// Keeps a decision: the earlier open rejection of its target is settled, and a
/// rejection is the open one now.
pub async fn record(db: &Db, conn: &mut AnyConnection, r: &NewReview<'_>) -> Result<(), sqlx::Error> {
    settle(db, conn, r.product_id, r.target, r.at).await?;
    let id = new_id();
    let settled = (r.decision == Decision::Approved).then_some(r.at);
    sqlx::query(&db.sql(
        "INSERT INTO reviews (id, product_id, target, kind, decision, reason, reviewer_id, reviewer_name, decided_at,
             settled_at, content)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)",
    ))
    .bind(&id)
    .bind(r.product_id)
    .bind(slug_text(&r.target))
    .bind(slug_text(&r.kind))
    .bind(slug_text(&r.decision))
    .bind(r.reason)
    .bind(r.reviewer_id)
    .bind(r.reviewer)
    .bind(r.at)
    .bind(settled)
    .bind(to_json(r.content)?)
    .execute(&mut *conn)
    .await?;
    for (position, c) in r.comments.iter().enumerate() {
        sqlx::query(&db.sql(
            "INSERT INTO comments (id, review_id, product_id, position, path, text) VALUES ($1, $2, $3, $4, $5, $6)",
        ))
        .bind(new_id())
        .bind(&id)
        .bind(r.product_id)
        .bind(position as i64)
        .bind(&c.path)
        .bind(c.text.trim())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Settles the open rejection of a target (a later decision came, or the change it was
/// about is gone).
pub async fn settle(
    db: &Db,
    conn: &mut AnyConnection,
    product_id: &str,
    target: Target,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        &db.sql("UPDATE reviews SET settled_at = $1 WHERE product_id = $2 AND target = $3 AND settled_at IS NULL"),
    )
    .bind(at)
    .bind(product_id)
    .bind(slug_text(&target))
    .execute(conn)
    .await?;
    Ok(())
}

fn review_row(r: &AnyRow, comments: Vec<Comment>) -> Result<Review, sqlx::Error> {
    Ok(Review {
        id: r.try_get("id")?,
        target: slug_column(r, "target")?,
        kind: slug_column(r, "kind")?,
        decision: slug_column(r, "decision")?,
        reason: r.try_get("reason")?,
        reviewer: r.try_get("reviewer_name")?,
        decided_at: r.try_get("decided_at")?,
        comments,
        content: json_column(r, "content")?,
    })
}

fn comment_row(r: &AnyRow) -> Result<Comment, sqlx::Error> {
    let answer: Option<String> = r.try_get("answer")?;
    Ok(Comment {
        id: r.try_get("id")?,
        path: r.try_get("path")?,
        text: r.try_get("text")?,
        answer: match (answer, r.try_get::<Option<i64>, _>("answered_at")?) {
            (Some(text), Some(at)) => Some(Answer { text, at }),
            _ => None,
        },
    })
}

/// The open rejection of a product's target, with its comments and their answers.
pub async fn open(db: &Db, product_id: &str, target: Target) -> Result<Option<Review>, sqlx::Error> {
    let row = sqlx::query(&db.sql(
        "SELECT id, target, kind, decision, reason, reviewer_name, decided_at, content::text AS content FROM reviews
         WHERE product_id = $1 AND target = $2 AND settled_at IS NULL AND decision = 'rejected'
         ORDER BY decided_at DESC LIMIT 1",
    ))
    .bind(product_id)
    .bind(slug_text(&target))
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let id: String = row.try_get("id")?;
    let comments = sqlx::query(
        &db.sql("SELECT id, path, text, answer, answered_at FROM comments WHERE review_id = $1 ORDER BY position"),
    )
    .bind(&id)
    .fetch_all(&db.pool)
    .await?;
    let comments = comments.iter().map(comment_row).collect::<Result<_, _>>()?;
    review_row(&row, comments).map(Some)
}

/// Answers a comment of the product's open rejection: the comment answered and the
/// target its rejection was about; `Ok(None)` when there is no such comment, `Err(())`
/// inside when its rejection is settled.
pub async fn answer(
    db: &Db,
    conn: &mut AnyConnection,
    product_id: &str,
    comment_id: &str,
    text: &str,
    at: i64,
) -> Result<Option<Result<(Comment, Target), ()>>, sqlx::Error> {
    let row = sqlx::query(&db.sql(
        "SELECT comments.id, comments.path, comments.text, comments.answer, comments.answered_at, reviews.settled_at,
             reviews.target
         FROM comments JOIN reviews ON reviews.id = comments.review_id
         WHERE comments.id = $1 AND comments.product_id = $2",
    ))
    .bind(comment_id)
    .bind(product_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    if row.try_get::<Option<i64>, _>("settled_at")?.is_some() {
        return Ok(Some(Err(())));
    }
    sqlx::query(&db.sql("UPDATE comments SET answer = $1, answered_at = $2 WHERE id = $3"))
        .bind(text)
        .bind(at)
        .bind(comment_id)
        .execute(&mut *conn)
        .await?;
    let comment = comment_row(&row)?;
    let target = slug_column(&row, "target")?;
    Ok(Some(Ok((Comment { answer: Some(Answer { text: text.to_owned(), at }), ..comment }, target))))
}

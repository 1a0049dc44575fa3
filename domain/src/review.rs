//! The review loop (SPEC §5b): a reviewer's comments on fields, sent with 驳回 and kept
//! with the decision; the seller's answers; whether a field changed since the decision
//! (已修改); who holds a request (claims); the product's timeline; the events that tell a
//! console what happened.

use serde::{Deserialize, Serialize};

use crate::diff::field_differs;
use crate::error::{ErrorKey, FieldError};
use crate::model::{Product, ProductContent, RequestKind};
use crate::path::{self, FieldPath};
use crate::rules::{RuleId, RULES};
use crate::status::Operation;
use crate::status::{ChangeStatus, Status};
use crate::validate::text;

/// At most this many comments go with one decision.
pub const MAX_COMMENTS: usize = 100;

/// How a request was decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// 通过
    Approved,
    /// 驳回
    Rejected,
}

/// What a review decided on: the product itself (a listing or a delisting), or its change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Target {
    Product,
    Change,
}

/// A comment as the reviewer writes it with 驳回: on the field at `path` (`""`: the whole
/// product), at most 300 characters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewComment {
    pub path: String,
    pub text: String,
}

/// The seller's answer to a comment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Answer {
    pub text: String,
    pub at: i64,
}

/// A reviewer's comment, as kept with its decision (never edited afterwards).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comment {
    pub id: String,
    /// The field it is on (`summary`, `specs[<id>].packages[<id>].price`); `""` for the
    /// whole product.
    pub path: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<Answer>,
}

/// A decision on a request: who decided what, when, why, on which content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Review {
    pub id: String,
    pub target: Target,
    pub kind: RequestKind,
    pub decision: Decision,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The reviewer's display name.
    pub reviewer: String,
    pub decided_at: i64,
    pub comments: Vec<Comment>,
    /// The content decided on: what 已修改 and the second review compare against.
    pub content: ProductContent,
}

/// Body of the seller's answer to a comment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerRequest {
    pub text: String,
}

/// Who holds a request in the queue, and until when (领取: 30 minutes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Claim {
    /// The reviewer's user id.
    pub reviewer_id: String,
    /// The reviewer's display name ("审核中 · 云市场审核员").
    pub reviewer: String,
    pub expires_at: i64,
}

/// How long a claim holds.
pub const CLAIM_MS: i64 = 30 * 60 * 1000;

/// One thing that happened to a product (详情's timeline).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    pub at: i64,
    /// Who did it (a display name).
    pub actor: String,
    pub kind: TimelineKind,
    /// The change of a product on sale rather than the product itself.
    #[serde(default)]
    pub change: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// A decision's comments, or the one comment an answer answers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<NewComment>,
    /// An answer's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
}

/// What happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TimelineKind {
    Created,
    Submitted,
    Withdrawn,
    Approved,
    Rejected,
    Answered,
    Listed,
    DelistRequested,
    DelistWithdrawn,
    Delisted,
    /// 删除变更
    Discarded,
}

/// What an event is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A product of the seller moved (any transition, from any tab or process).
    Status,
    /// A request of the seller was decided (通过 / 驳回).
    Decided,
    /// The review queue changed (a request came, went, was decided).
    Queue,
    /// A request was claimed or released.
    Claim,
}

/// What the event stream (`GET /events`) tells a console; its `id` resumes a stream
/// (`Last-Event-ID`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    pub id: u64,
    pub kind: EventKind,
    pub product_id: String,
    /// The product's name.
    pub name: String,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<ChangeStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
    /// What was decided on (a decision's event).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<RequestKind>,
    /// The decision's comments.
    #[serde(default)]
    pub comments: u32,
    pub at: i64,
}

impl Event {
    /// An event of `kind` about `product` as it is now, without a decision (its id is
    /// the stored row's).
    pub fn about(product: &Product, kind: EventKind, at: i64) -> Event {
        Event {
            id: 0,
            kind,
            product_id: product.id.clone(),
            name: product.content.name.trim().to_owned(),
            status: product.status,
            change: product.change.as_ref().map(|c| c.status),
            decision: None,
            request: None,
            comments: 0,
            at,
        }
    }
}

/// The field paths a comment may be on, as they are: `""` or one that `content` has.
fn known_path(p: &str, content: &ProductContent) -> bool {
    path::exists(p, content)
}

/// Checks a 驳回: a reason (≤ 500) or at least one comment; each comment on a field the
/// content under review has, ≤ 300 characters; at most [`MAX_COMMENTS`].
pub fn rejection(reason: &str, comments: &[NewComment], content: &ProductContent) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    if reason.trim().is_empty() {
        if comments.is_empty() {
            errors.push(FieldError::new(RuleId::RvReason, "reason", ErrorKey::Required));
        }
    } else if let Err(e) = text(&RULES.rv_reason, "reason", reason) {
        errors.push(e);
    }
    if comments.len() > MAX_COMMENTS {
        errors.push(FieldError::new(RuleId::RvComment, "comments", ErrorKey::TooMany).with("max", MAX_COMMENTS));
    }
    for (i, c) in comments.iter().enumerate().take(MAX_COMMENTS) {
        if !known_path(&c.path, content) {
            errors.push(FieldError::new(RuleId::RvComment, format!("comments[{i}].path"), ErrorKey::UnknownChoice));
        }
        if let Err(e) = text(&RULES.rv_comment, &format!("comments[{i}].text"), &c.text) {
            errors.push(e);
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Checks the seller's answer: required, ≤ 300 characters.
pub fn answer(value: &str) -> Result<(), FieldError> {
    text(&RULES.rv_answer, "text", value)
}

/// Whether the field a comment is on changed between the content decided on and
/// `now` (已修改). A spec or package that is gone has changed; a spec's `saved` mark
/// is not a change of it.
pub fn changed(p: &str, decided: &ProductContent, now: &ProductContent) -> bool {
    match path::parse(p) {
        None | Some(FieldPath::Whole) => decided != now,
        Some(FieldPath::Product(field)) => product_field_changed(field, decided, now),
        Some(FieldPath::Spec { spec, field }) => match (decided.spec(spec), now.spec(spec)) {
            (Some(a), Some(b)) => match field {
                Some("name") => a.name != b.name,
                Some("service_id" | "access_url") => a.service_id != b.service_id,
                Some("packages") => a.packages != b.packages,
                _ => (&a.name, &a.service_id, &a.packages) != (&b.name, &b.service_id, &b.packages),
            },
            _ => true,
        },
        Some(FieldPath::Package { spec, package, field }) => {
            let (a, b) =
                (decided.spec(spec).and_then(|s| s.package(package)), now.spec(spec).and_then(|s| s.package(package)));
            match (a, b) {
                (Some(a), Some(b)) => match field {
                    Some("name") => a.name != b.name,
                    Some("calls") => a.calls != b.calls,
                    Some("validity" | "validity_unit") => {
                        (&a.validity, a.validity_unit) != (&b.validity, b.validity_unit)
                    }
                    Some("price") => a.price != b.price,
                    _ => a != b,
                },
                _ => true,
            }
        }
    }
}

fn product_field_changed(field: &str, a: &ProductContent, b: &ProductContent) -> bool {
    let list = |list: &str, index: &str| -> bool {
        let i: usize = index.parse().unwrap_or(usize::MAX);
        match list {
            "images" => a.images.get(i) != b.images.get(i),
            _ => a.copyright_certs.get(i) != b.copyright_certs.get(i),
        }
    };
    if let Some((name, rest)) = field.split_once('[') {
        return list(name, rest.trim_end_matches(']'));
    }
    match field {
        "support.hotline" => a.support.hotline != b.support.hotline,
        "support.email" => a.support.email != b.support.email,
        "support.hours" => a.support.hours != b.support.hours,
        "access_type" => a.access_type != b.access_type,
        other => field_differs(a, b, other),
    }
}

/// The timeline entry an operation makes; `None` for one that moves nothing (编辑, 预览 …).
pub fn timeline_kind(op: Operation) -> Option<TimelineKind> {
    Some(match op {
        Operation::Submit | Operation::SubmitChange => TimelineKind::Submitted,
        Operation::WithdrawReview | Operation::WithdrawChange => TimelineKind::Withdrawn,
        Operation::List => TimelineKind::Listed,
        Operation::RequestDelist => TimelineKind::DelistRequested,
        Operation::WithdrawDelist => TimelineKind::DelistWithdrawn,
        Operation::Delist => TimelineKind::Delisted,
        Operation::Approve => TimelineKind::Approved,
        Operation::Reject => TimelineKind::Rejected,
        Operation::DeleteChange => TimelineKind::Discarded,
        _ => return None,
    })
}

/// Whether an operation adds a request to the reviewers' queue or takes one from it.
pub fn moves_queue(op: Operation) -> bool {
    matches!(
        op,
        Operation::Submit
            | Operation::WithdrawReview
            | Operation::RequestDelist
            | Operation::WithdrawDelist
            | Operation::Approve
            | Operation::Reject
            | Operation::SubmitChange
            | Operation::WithdrawChange
    )
}

/// The request a product's state awaits a decision on, if any (`None` when it awaits
/// none: nothing to claim, nothing to decide).
pub fn awaiting(status: Status, change: Option<ChangeStatus>) -> Option<(Target, RequestKind)> {
    match (status, change) {
        (_, Some(ChangeStatus::Review)) => Some((Target::Change, RequestKind::Change)),
        (Status::ListingReview, _) => Some((Target::Product, RequestKind::Listing)),
        (Status::DelistReview, _) => Some((Target::Product, RequestKind::Delist)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Package, Spec};

    fn content() -> ProductContent {
        ProductContent {
            summary: "全国天气".into(),
            specs: vec![Spec {
                id: "s1".into(),
                name: "基础版".into(),
                packages: vec![
                    Package { id: "p1".into(), name: "体验包".into(), price: "0".into(), ..Package::default() },
                    Package { id: "p2".into(), name: "标准包".into(), price: "99".into(), ..Package::default() },
                ],
                ..Spec::default()
            }],
            ..ProductContent::default()
        }
    }

    fn comment(path: &str, text: &str) -> NewComment {
        NewComment { path: path.into(), text: text.into() }
    }

    #[test]
    fn a_rejection_needs_a_reason_or_a_comment() {
        let c = content();
        let keys = |r: Result<(), Vec<FieldError>>| -> Vec<(String, ErrorKey)> {
            r.err().unwrap_or_default().into_iter().map(|e| (e.field, e.key)).collect()
        };
        assert_eq!(keys(rejection("  ", &[], &c)), [("reason".into(), ErrorKey::Required)]);
        assert!(rejection("图标模糊", &[], &c).is_ok());
        assert!(rejection("", &[comment("summary", "说清楚覆盖哪些城市")], &c).is_ok());
        assert!(rejection("", &[comment("", "整体再检查一遍")], &c).is_ok(), "on the whole product");
    }

    #[test]
    fn a_comment_is_on_a_field_the_content_has_and_at_most_300_characters() {
        let c = content();
        let refused = rejection(
            "",
            &[comment("nonsense", "x"), comment("specs[s9].name", "x"), comment("summary", &"长".repeat(301))],
            &c,
        )
        .unwrap_err();
        let fields: Vec<&str> = refused.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["comments[0].path", "comments[1].path", "comments[2].text"]);
        assert!(rejection("", &[comment("specs[s1].packages[p2].price", &"长".repeat(300))], &c).is_ok());
        let too_many: Vec<NewComment> = (0..=MAX_COMMENTS).map(|_| comment("summary", "x")).collect();
        assert!(rejection("", &too_many, &c).is_err());
        assert_eq!(answer(&"答".repeat(301)).unwrap_err().key, ErrorKey::TooLong);
        assert_eq!(answer("  ").unwrap_err().key, ErrorKey::Required);
    }

    #[test]
    fn a_comments_field_is_changed_when_it_differs_from_what_was_decided() {
        let decided = content();
        let mut now = decided.clone();
        assert!(!changed("summary", &decided, &now));
        now.summary = "全国天气，每小时更新".into();
        assert!(changed("summary", &decided, &now));
        assert!(!changed("specs[s1].packages[p2].price", &decided, &now));
        // 上移 moves the package, not its price: the comment on it is not 已修改.
        now.specs[0].packages.swap(0, 1);
        now.specs[0].saved = false;
        assert!(!changed("specs[s1].packages[p2].price", &decided, &now));
        now.specs[0].packages[0].price = "88".into();
        assert!(changed("specs[s1].packages[p2].price", &decided, &now));
        assert!(!changed("specs[s1].packages[p1].name", &decided, &now));
        // A package removed: its comment's field has changed (it is gone).
        now.specs[0].packages.retain(|p| p.id != "p1");
        assert!(changed("specs[s1].packages[p1].name", &decided, &now));
        assert!(path::describe("specs[s1].packages[p1].name", &now).package.is_none(), "said to be gone");
        // A spec removed: a comment on it, or on one of its packages, shows it gone.
        now.specs.clear();
        assert!(changed("specs[s1].name", &decided, &now));
        let gone = path::describe("specs[s1].packages[p2].price", &now);
        assert!(!gone.exists && gone.spec.is_none() && gone.package.is_none());
        assert_eq!(path::describe("specs[s1].packages[p2].price", &decided).package.as_deref(), Some("标准包"));
    }

    #[test]
    fn only_a_request_awaiting_review_has_something_to_decide() {
        assert_eq!(awaiting(Status::ListingReview, None), Some((Target::Product, RequestKind::Listing)));
        assert_eq!(awaiting(Status::Listed, Some(ChangeStatus::Review)), Some((Target::Change, RequestKind::Change)));
        assert_eq!(awaiting(Status::DelistReview, None), Some((Target::Product, RequestKind::Delist)));
        assert_eq!(awaiting(Status::Draft, None), None);
        assert_eq!(awaiting(Status::Listed, Some(ChangeStatus::Rejected)), None);
    }
}

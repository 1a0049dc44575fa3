//! The product's life (SPEC §5): ten statuses, the 商品管理 tab each is listed under,
//! the operations each offers, and the one function that decides every transition.

use serde::{Deserialize, Serialize};

/// 上架状态.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 草稿
    Draft,
    /// 上架审核中
    ListingReview,
    /// 上架审核通过
    ListingApproved,
    /// 上架审核未通过
    ListingRejected,
    /// 上架审核已撤回
    ListingWithdrawn,
    /// 已上架
    Listed,
    /// 下架审核中
    DelistReview,
    /// 下架审核通过
    DelistApproved,
    /// 下架审核驳回
    DelistRejected,
    /// 已下架
    Delisted,
}

/// A tab of 商品管理.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Tab {
    /// 已上架 (the default tab)
    Listed,
    /// 待上架
    Pending,
    /// 已下架
    Delisted,
}

impl Tab {
    pub const ALL: [Tab; 3] = [Tab::Listed, Tab::Pending, Tab::Delisted];

    pub fn zh_name(self) -> &'static str {
        match self {
            Tab::Listed => "已上架",
            Tab::Pending => "待上架",
            Tab::Delisted => "已下架",
        }
    }

    /// The segment used in URLs and the API (`listed`, `pending`, `delisted`).
    pub fn slug(self) -> &'static str {
        match self {
            Tab::Listed => "listed",
            Tab::Pending => "pending",
            Tab::Delisted => "delisted",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.slug() == slug)
    }
}

/// Something a seller or reviewer does to a product.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    /// 详情
    Detail,
    /// 编辑 — saving the edit (approved, rejected and withdrawn products become drafts)
    Edit,
    /// 预览
    Preview,
    /// 删除
    Delete,
    /// 克隆 — copies into a new draft; the source is unchanged
    Clone,
    /// 提交审核 (from the publish form, on a draft)
    Submit,
    /// 撤回审核
    WithdrawReview,
    /// 上架
    List,
    /// 申请下架
    RequestDelist,
    /// 撤回下架申请
    WithdrawDelist,
    /// 下架
    Delist,
    /// 通过 (reviewer)
    Approve,
    /// 驳回 (reviewer; needs a reason)
    Reject,
}

/// Who may perform an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Seller,
    Reviewer,
}

impl Operation {
    pub const ALL: [Operation; 13] = [
        Operation::Detail,
        Operation::Edit,
        Operation::Preview,
        Operation::Delete,
        Operation::Clone,
        Operation::Submit,
        Operation::WithdrawReview,
        Operation::List,
        Operation::RequestDelist,
        Operation::WithdrawDelist,
        Operation::Delist,
        Operation::Approve,
        Operation::Reject,
    ];

    pub fn zh_name(self) -> &'static str {
        match self {
            Operation::Detail => "详情",
            Operation::Edit => "编辑",
            Operation::Preview => "预览",
            Operation::Delete => "删除",
            Operation::Clone => "克隆",
            Operation::Submit => "提交审核",
            Operation::WithdrawReview => "撤回审核",
            Operation::List => "上架",
            Operation::RequestDelist => "申请下架",
            Operation::WithdrawDelist => "撤回下架申请",
            Operation::Delist => "下架",
            Operation::Approve => "通过",
            Operation::Reject => "驳回",
        }
    }

    /// The operation's name in the API and in URLs (`withdraw_review`), as serialized.
    pub fn slug(self) -> &'static str {
        match self {
            Operation::Detail => "detail",
            Operation::Edit => "edit",
            Operation::Preview => "preview",
            Operation::Delete => "delete",
            Operation::Clone => "clone",
            Operation::Submit => "submit",
            Operation::WithdrawReview => "withdraw_review",
            Operation::List => "list",
            Operation::RequestDelist => "request_delist",
            Operation::WithdrawDelist => "withdraw_delist",
            Operation::Delist => "delist",
            Operation::Approve => "approve",
            Operation::Reject => "reject",
        }
    }

    pub fn role(self) -> Role {
        match self {
            Operation::Approve | Operation::Reject => Role::Reviewer,
            _ => Role::Seller,
        }
    }

    /// The last segment of the API path that performs a seller's operation on a product
    /// (`POST /products/{id}/withdraw-review`); `None` for the operations that have
    /// their own endpoint (删除 is `DELETE`, 克隆 `…/clone`, the reviewer's decisions are
    /// under `/review`) or none at all (详情, 编辑, 预览).
    pub fn segment(self) -> Option<&'static str> {
        Some(match self {
            Operation::Submit => "submit",
            Operation::WithdrawReview => "withdraw-review",
            Operation::List => "list",
            Operation::RequestDelist => "request-delist",
            Operation::WithdrawDelist => "withdraw-delist",
            Operation::Delist => "delist",
            _ => return None,
        })
    }

    /// The seller's operation whose path segment is `segment`.
    pub fn from_segment(segment: &str) -> Option<Operation> {
        Operation::ALL.into_iter().find(|op| op.segment() == Some(segment))
    }

    /// Operations a person must confirm before they happen (SPEC §5, issue 6).
    pub fn needs_confirmation(self) -> bool {
        matches!(
            self,
            Operation::Delete
                | Operation::RequestDelist
                | Operation::Delist
                | Operation::WithdrawReview
                | Operation::WithdrawDelist
        )
    }
}

/// What an allowed operation does to the product it is applied to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The product moves to this status (possibly the same one, as when a draft is edited).
    Becomes(Status),
    /// The product is gone from every list.
    Deleted,
    /// Nothing changes on this product (详情, 预览; 克隆 makes a new draft elsewhere).
    Unchanged,
}

/// An operation the table does not allow for the product's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TransitionError {
    pub status: Status,
    pub operation: Operation,
}

impl std::fmt::Display for TransitionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} is not possible while the product is {}", self.operation.zh_name(), self.status.zh_name())
    }
}

impl std::error::Error for TransitionError {}

use Operation as Op;
use Status as S;

impl Status {
    /// Whether a content write (编辑) turns the product back into a draft that needs a
    /// new review — which the seller must confirm first (an approval ends).
    pub fn edit_reopens(self) -> bool {
        matches!(self, S::ListingApproved | S::ListingRejected | S::ListingWithdrawn)
    }

    pub const ALL: [Status; 10] = [
        S::Draft,
        S::ListingReview,
        S::ListingApproved,
        S::ListingRejected,
        S::ListingWithdrawn,
        S::Listed,
        S::DelistReview,
        S::DelistApproved,
        S::DelistRejected,
        S::Delisted,
    ];

    /// The name sellers see (上架状态).
    pub fn zh_name(self) -> &'static str {
        match self {
            S::Draft => "草稿",
            S::ListingReview => "上架审核中",
            S::ListingApproved => "上架审核通过",
            S::ListingRejected => "上架审核未通过",
            S::ListingWithdrawn => "上架审核已撤回",
            S::Listed => "已上架",
            S::DelistReview => "下架审核中",
            S::DelistApproved => "下架审核通过",
            S::DelistRejected => "下架审核驳回",
            S::Delisted => "已下架",
        }
    }

    /// The snake_case name used in JSON and locale keys (`listing_review`).
    pub fn slug(self) -> &'static str {
        match self {
            S::Draft => "draft",
            S::ListingReview => "listing_review",
            S::ListingApproved => "listing_approved",
            S::ListingRejected => "listing_rejected",
            S::ListingWithdrawn => "listing_withdrawn",
            S::Listed => "listed",
            S::DelistReview => "delist_review",
            S::DelistApproved => "delist_approved",
            S::DelistRejected => "delist_rejected",
            S::Delisted => "delisted",
        }
    }

    pub fn tab(self) -> Tab {
        match self {
            S::Draft | S::ListingReview | S::ListingApproved | S::ListingRejected | S::ListingWithdrawn => Tab::Pending,
            S::Listed | S::DelistReview | S::DelistApproved | S::DelistRejected => Tab::Listed,
            S::Delisted => Tab::Delisted,
        }
    }

    /// The 操作 column of SPEC §5, in the seed's order: exactly what the list offers.
    pub fn operations(self) -> &'static [Operation] {
        match self {
            S::Draft => &[Op::Edit, Op::Preview, Op::Delete, Op::Clone],
            S::ListingReview => &[Op::Detail, Op::WithdrawReview, Op::Preview, Op::Clone],
            S::ListingApproved => &[Op::Detail, Op::List, Op::Edit, Op::Preview, Op::Delete, Op::Clone],
            S::ListingRejected | S::ListingWithdrawn => &[Op::Detail, Op::Edit, Op::Preview, Op::Delete, Op::Clone],
            S::Listed => &[Op::Detail, Op::RequestDelist, Op::Clone],
            S::DelistReview | S::DelistRejected => &[Op::Detail, Op::WithdrawDelist, Op::Clone],
            S::DelistApproved => &[Op::Detail, Op::Delist, Op::Clone],
            S::Delisted => &[Op::Detail, Op::Clone, Op::Preview, Op::Delete],
        }
    }

    /// Whether a reviewer has this product in the queue.
    pub fn awaits_review(self) -> bool {
        matches!(self, S::ListingReview | S::DelistReview)
    }

    /// Whether the reviewer's reason belongs on screen with the status.
    pub fn shows_review_reason(self) -> bool {
        matches!(self, S::ListingRejected | S::DelistRejected)
    }
}

/// The one place that decides what an operation does to a product in a status.
/// Every pair not in SPEC §5 (plus 提交审核 on a draft and the reviewer's decisions)
/// is refused; the backend answers a refusal with 409.
pub fn transition(status: Status, operation: Operation) -> Result<Outcome, TransitionError> {
    let refused = Err(TransitionError { status, operation });
    let offered = status.operations().contains(&operation);
    match (status, operation) {
        (S::Draft, Op::Submit) => Ok(Outcome::Becomes(S::ListingReview)),
        (S::ListingReview, Op::Approve) => Ok(Outcome::Becomes(S::ListingApproved)),
        (S::ListingReview, Op::Reject) => Ok(Outcome::Becomes(S::ListingRejected)),
        (S::DelistReview, Op::Approve) => Ok(Outcome::Becomes(S::DelistApproved)),
        (S::DelistReview, Op::Reject) => Ok(Outcome::Becomes(S::DelistRejected)),
        (_, Op::Submit | Op::Approve | Op::Reject) => refused,
        _ if !offered => refused,
        (_, Op::Detail | Op::Preview | Op::Clone) => Ok(Outcome::Unchanged),
        (_, Op::Delete) => Ok(Outcome::Deleted),
        // Saving an edit of an approved, rejected or withdrawn product needs a new review.
        (_, Op::Edit) => Ok(Outcome::Becomes(S::Draft)),
        (S::ListingReview, Op::WithdrawReview) => Ok(Outcome::Becomes(S::ListingWithdrawn)),
        (S::ListingApproved, Op::List) => Ok(Outcome::Becomes(S::Listed)),
        (S::Listed, Op::RequestDelist) => Ok(Outcome::Becomes(S::DelistReview)),
        (S::DelistReview | S::DelistRejected, Op::WithdrawDelist) => Ok(Outcome::Becomes(S::Listed)),
        (S::DelistApproved, Op::Delist) => Ok(Outcome::Becomes(S::Delisted)),
        _ => refused,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every allowed (status, operation) pair and its outcome, written out from SPEC §5
    /// independently of `Status::operations`.
    fn expected(status: Status, op: Operation) -> Option<Outcome> {
        use Outcome::*;
        Some(match (status, op) {
            (S::Draft, Op::Edit) => Becomes(S::Draft),
            (S::Draft, Op::Preview | Op::Clone) => Unchanged,
            (S::Draft, Op::Delete) => Deleted,
            (S::Draft, Op::Submit) => Becomes(S::ListingReview),
            (S::ListingReview, Op::Detail | Op::Preview | Op::Clone) => Unchanged,
            (S::ListingReview, Op::WithdrawReview) => Becomes(S::ListingWithdrawn),
            (S::ListingReview, Op::Approve) => Becomes(S::ListingApproved),
            (S::ListingReview, Op::Reject) => Becomes(S::ListingRejected),
            (S::ListingApproved, Op::Detail | Op::Preview | Op::Clone) => Unchanged,
            (S::ListingApproved, Op::List) => Becomes(S::Listed),
            (S::ListingApproved, Op::Edit) => Becomes(S::Draft),
            (S::ListingApproved, Op::Delete) => Deleted,
            (S::ListingRejected | S::ListingWithdrawn, Op::Detail | Op::Preview | Op::Clone) => Unchanged,
            (S::ListingRejected | S::ListingWithdrawn, Op::Edit) => Becomes(S::Draft),
            (S::ListingRejected | S::ListingWithdrawn, Op::Delete) => Deleted,
            (S::Listed, Op::Detail | Op::Clone) => Unchanged,
            (S::Listed, Op::RequestDelist) => Becomes(S::DelistReview),
            (S::DelistReview, Op::Detail | Op::Clone) => Unchanged,
            (S::DelistReview, Op::WithdrawDelist) => Becomes(S::Listed),
            (S::DelistReview, Op::Approve) => Becomes(S::DelistApproved),
            (S::DelistReview, Op::Reject) => Becomes(S::DelistRejected),
            (S::DelistApproved, Op::Detail | Op::Clone) => Unchanged,
            (S::DelistApproved, Op::Delist) => Becomes(S::Delisted),
            (S::DelistRejected, Op::Detail | Op::Clone) => Unchanged,
            (S::DelistRejected, Op::WithdrawDelist) => Becomes(S::Listed),
            (S::Delisted, Op::Detail | Op::Clone | Op::Preview) => Unchanged,
            (S::Delisted, Op::Delete) => Deleted,
            _ => return None,
        })
    }

    #[test]
    fn every_status_and_operation_pair_is_allowed_or_refused_as_the_spec_says() {
        let mut allowed = 0;
        for status in Status::ALL {
            for op in Operation::ALL {
                let got = transition(status, op);
                match expected(status, op) {
                    Some(outcome) => {
                        assert_eq!(got, Ok(outcome), "{status:?} + {op:?}");
                        allowed += 1;
                    }
                    None => assert_eq!(got, Err(TransitionError { status, operation: op }), "{status:?} + {op:?}"),
                }
            }
        }
        assert_eq!(allowed, 45);
    }

    #[test]
    fn the_list_offers_exactly_the_seller_operations_that_are_allowed() {
        for status in Status::ALL {
            for op in Operation::ALL {
                let offered = status.operations().contains(&op);
                let allowed = transition(status, op).is_ok();
                let table_op = op.role() == Role::Seller && op != Op::Submit;
                assert_eq!(offered, allowed && table_op, "{status:?} + {op:?}");
            }
        }
    }

    #[test]
    fn delist_needs_approval_first() {
        assert!(transition(S::Listed, Op::Delist).is_err());
        assert!(transition(S::DelistReview, Op::Delist).is_err());
        assert_eq!(transition(S::DelistApproved, Op::Delist), Ok(Outcome::Becomes(S::Delisted)));
    }

    #[test]
    fn listing_needs_approval_first() {
        assert!(transition(S::Draft, Op::List).is_err());
        assert!(transition(S::ListingReview, Op::List).is_err());
    }

    #[test]
    fn statuses_are_listed_under_their_tab_with_their_chinese_names() {
        let pending: Vec<&str> = Status::ALL.iter().filter(|s| s.tab() == Tab::Pending).map(|s| s.zh_name()).collect();
        assert_eq!(pending, ["草稿", "上架审核中", "上架审核通过", "上架审核未通过", "上架审核已撤回"]);
        let listed: Vec<&str> = Status::ALL.iter().filter(|s| s.tab() == Tab::Listed).map(|s| s.zh_name()).collect();
        assert_eq!(listed, ["已上架", "下架审核中", "下架审核通过", "下架审核驳回"]);
        assert_eq!(S::Delisted.tab(), Tab::Delisted);
    }

    #[test]
    fn slugs_match_the_json_names() {
        for status in Status::ALL {
            assert_eq!(serde_json::to_string(&status).unwrap(), format!("\"{}\"", status.slug()));
        }
        for tab in Tab::ALL {
            assert_eq!(Tab::from_slug(tab.slug()), Some(tab));
        }
        for op in Operation::ALL {
            assert_eq!(serde_json::to_string(&op).unwrap(), format!("\"{}\"", op.slug()));
        }
        assert_eq!(Tab::from_slug("nope"), None);
    }

    #[test]
    fn seller_operations_that_move_a_product_have_a_path_segment_each() {
        let moving = [Op::Submit, Op::WithdrawReview, Op::List, Op::RequestDelist, Op::WithdrawDelist, Op::Delist];
        for op in Operation::ALL {
            let segment = op.segment();
            assert_eq!(segment.is_some(), moving.contains(&op), "{op:?}");
            if let Some(segment) = segment {
                assert_eq!(Operation::from_segment(segment), Some(op));
            }
        }
        assert_eq!(Op::WithdrawDelist.segment(), Some("withdraw-delist"));
        assert_eq!(Operation::from_segment("approve"), None, "the reviewer's decisions are not seller paths");
    }

    #[test]
    fn only_reviewers_decide() {
        assert_eq!(Op::Approve.role(), Role::Reviewer);
        assert_eq!(Op::Reject.role(), Role::Reviewer);
        assert_eq!(Op::List.role(), Role::Seller);
    }

    #[test]
    fn a_refusal_names_the_operation_and_status() {
        let err = transition(S::Delisted, Op::List).unwrap_err();
        assert_eq!(err.to_string(), "上架 is not possible while the product is 已下架");
    }
}

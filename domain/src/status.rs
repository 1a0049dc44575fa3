//! The product's life (SPEC §5, §5a): ten statuses, the three states of a change to a
//! product on sale, the 商品管理 tab each is listed under, the operations each offers,
//! and the one function that decides every transition.

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

/// 变更状态: a change to a product on sale, edited and reviewed while the live version
/// stays on sale (SPEC §5a). A product has at most one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChangeStatus {
    /// 变更草稿
    Draft,
    /// 变更审核中
    Review,
    /// 变更未通过
    Rejected,
}

impl ChangeStatus {
    pub const ALL: [ChangeStatus; 3] = [ChangeStatus::Draft, ChangeStatus::Review, ChangeStatus::Rejected];

    pub fn zh_name(self) -> &'static str {
        match self {
            ChangeStatus::Draft => "变更草稿",
            ChangeStatus::Review => "变更审核中",
            ChangeStatus::Rejected => "变更未通过",
        }
    }

    /// The name used in JSON (`draft`) and, prefixed, in locale keys (`change.draft`).
    pub fn slug(self) -> &'static str {
        match self {
            ChangeStatus::Draft => "draft",
            ChangeStatus::Review => "review",
            ChangeStatus::Rejected => "rejected",
        }
    }
}

/// A product's state: its status and, for a product on sale, its pending change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct State {
    pub status: Status,
    pub change: Option<ChangeStatus>,
}

impl From<Status> for State {
    fn from(status: Status) -> State {
        State { status, change: None }
    }
}

impl State {
    pub fn new(status: Status, change: Option<ChangeStatus>) -> State {
        State { status, change }
    }

    /// Every state a product can be in: the ten statuses without a change, 已上架 with
    /// each change state, and a delisting request made while a change draft (or a
    /// rejected change) waits (a change in review cannot be delisted).
    pub fn all() -> Vec<State> {
        let mut states: Vec<State> = Status::ALL.into_iter().map(State::from).collect();
        for change in ChangeStatus::ALL {
            states.push(State::new(S::Listed, Some(change)));
        }
        for status in [S::DelistReview, S::DelistApproved, S::DelistRejected] {
            for change in [ChangeStatus::Draft, ChangeStatus::Rejected] {
                states.push(State::new(status, Some(change)));
            }
        }
        states
    }

    /// The 操作 column (SPEC §5, and §5a for a product on sale): exactly what the list offers.
    pub fn operations(self) -> &'static [Operation] {
        match (self.status, self.change) {
            (S::Listed, None) => &[Op::Detail, Op::Modify, Op::RequestDelist, Op::Clone],
            (S::Listed, Some(ChangeStatus::Draft | ChangeStatus::Rejected)) => {
                &[Op::Detail, Op::Modify, Op::DeleteChange, Op::RequestDelist, Op::Clone]
            }
            (S::Listed, Some(ChangeStatus::Review)) => &[Op::Detail, Op::WithdrawChange, Op::Clone],
            (status, _) => status.operations(),
        }
    }

    /// Whether a reviewer has this product in the queue, and for what.
    pub fn awaits_review(self) -> bool {
        self.status.awaits_review() || self.change == Some(ChangeStatus::Review)
    }
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
    /// 修改 — edit a change to a product on sale (starts one if there is none)
    Modify,
    /// 提交变更 (from the publish form, on a change draft)
    SubmitChange,
    /// 撤回变更
    WithdrawChange,
    /// 删除变更
    DeleteChange,
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
    pub const ALL: [Operation; 17] = [
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
        Operation::Modify,
        Operation::SubmitChange,
        Operation::WithdrawChange,
        Operation::DeleteChange,
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
            Operation::Modify => "修改",
            Operation::SubmitChange => "提交变更",
            Operation::WithdrawChange => "撤回变更",
            Operation::DeleteChange => "删除变更",
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
            Operation::Modify => "modify",
            Operation::SubmitChange => "submit_change",
            Operation::WithdrawChange => "withdraw_change",
            Operation::DeleteChange => "delete_change",
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
    /// their own endpoint (删除 is `DELETE`, 克隆 `…/clone`, a change's are under
    /// `…/change`, the reviewer's decisions under `/review`) or none at all (详情, 编辑,
    /// 预览).
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

    /// The last segment of `POST /products/{id}/change/{segment}` that performs an
    /// operation on a product's change (删除变更 is `DELETE …/change`).
    pub fn change_segment(self) -> Option<&'static str> {
        match self {
            Operation::SubmitChange => Some("submit"),
            Operation::WithdrawChange => Some("withdraw"),
            _ => None,
        }
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
                | Operation::WithdrawChange
                | Operation::DeleteChange
        )
    }
}

/// What an allowed operation does to the product it is applied to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The product moves to this status (possibly the same one, as when a draft is edited).
    /// A product that leaves the 已上架 tab loses its change (`Status::keeps_change`).
    Becomes(Status),
    /// The product's change is (or stays) in this state; the live product is unchanged.
    ChangeBecomes(ChangeStatus),
    /// The change is gone; the live product is unchanged.
    ChangeDeleted,
    /// The change's content becomes the live content (the old one goes to the history)
    /// and the change is gone; the product stays on sale.
    ChangeApproved,
    /// The product is gone from every list.
    Deleted,
    /// Nothing changes on this product (详情, 预览; 克隆 makes a new draft elsewhere).
    Unchanged,
}

/// An operation the table does not allow for the product's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TransitionError {
    pub status: Status,
    pub change: Option<ChangeStatus>,
    pub operation: Operation,
}

impl std::fmt::Display for TransitionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} is not possible while the product is {}", self.operation.zh_name(), self.status.zh_name())?;
        match self.change {
            Some(change) => write!(f, " ({})", change.zh_name()),
            None => Ok(()),
        }
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

    /// Whether a pending change stays with the product in this status: while it is in the
    /// 已上架 tab (a delisting request keeps it until the product is delisted).
    pub fn keeps_change(self) -> bool {
        self.tab() == Tab::Listed
    }

    /// The 操作 column of SPEC §5, in the seed's order, for a product without a change
    /// (`State::operations` has a product on sale with one).
    pub fn operations(self) -> &'static [Operation] {
        match self {
            S::Draft => &[Op::Edit, Op::Preview, Op::Delete, Op::Clone],
            S::ListingReview => &[Op::Detail, Op::WithdrawReview, Op::Preview, Op::Clone],
            S::ListingApproved => &[Op::Detail, Op::List, Op::Edit, Op::Preview, Op::Delete, Op::Clone],
            S::ListingRejected | S::ListingWithdrawn => &[Op::Detail, Op::Edit, Op::Preview, Op::Delete, Op::Clone],
            S::Listed => &[Op::Detail, Op::Modify, Op::RequestDelist, Op::Clone],
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

/// The one place that decides what an operation does to a product in a state (a status,
/// or a status and its change). Every pair not in SPEC §5 and §5a (plus 提交审核 on a
/// draft, 提交变更 on a change draft and the reviewer's decisions) is refused; the
/// backend answers a refusal with 409.
pub fn transition(state: impl Into<State>, operation: Operation) -> Result<Outcome, TransitionError> {
    let state = state.into();
    let State { status, change } = state;
    let refused = Err(TransitionError { status, change, operation });
    let offered = state.operations().contains(&operation);
    use ChangeStatus as C;
    match (status, change, operation) {
        (S::Draft, _, Op::Submit) => Ok(Outcome::Becomes(S::ListingReview)),
        (S::ListingReview, _, Op::Approve) => Ok(Outcome::Becomes(S::ListingApproved)),
        (S::ListingReview, _, Op::Reject) => Ok(Outcome::Becomes(S::ListingRejected)),
        (S::DelistReview, _, Op::Approve) => Ok(Outcome::Becomes(S::DelistApproved)),
        (S::DelistReview, _, Op::Reject) => Ok(Outcome::Becomes(S::DelistRejected)),
        (S::Listed, Some(C::Draft), Op::SubmitChange) => Ok(Outcome::ChangeBecomes(C::Review)),
        (S::Listed, Some(C::Review), Op::Approve) => Ok(Outcome::ChangeApproved),
        (S::Listed, Some(C::Review), Op::Reject) => Ok(Outcome::ChangeBecomes(C::Rejected)),
        (_, _, Op::Submit | Op::SubmitChange | Op::Approve | Op::Reject) => refused,
        _ if !offered => refused,
        (_, _, Op::Detail | Op::Preview | Op::Clone) => Ok(Outcome::Unchanged),
        (_, _, Op::Delete) => Ok(Outcome::Deleted),
        // Saving an edit of an approved, rejected or withdrawn product needs a new review.
        (_, _, Op::Edit) => Ok(Outcome::Becomes(S::Draft)),
        // Saving a change (a new one, a draft, a rejected one) makes it a change draft.
        (_, _, Op::Modify) => Ok(Outcome::ChangeBecomes(C::Draft)),
        (_, _, Op::WithdrawChange) => Ok(Outcome::ChangeBecomes(C::Draft)),
        (_, _, Op::DeleteChange) => Ok(Outcome::ChangeDeleted),
        (S::ListingReview, _, Op::WithdrawReview) => Ok(Outcome::Becomes(S::ListingWithdrawn)),
        (S::ListingApproved, _, Op::List) => Ok(Outcome::Becomes(S::Listed)),
        (S::Listed, _, Op::RequestDelist) => Ok(Outcome::Becomes(S::DelistReview)),
        (S::DelistReview | S::DelistRejected, _, Op::WithdrawDelist) => Ok(Outcome::Becomes(S::Listed)),
        (S::DelistApproved, _, Op::Delist) => Ok(Outcome::Becomes(S::Delisted)),
        _ => refused,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every allowed (state, operation) pair and its outcome, written out from SPEC §5 and
    /// §5a independently of `State::operations`.
    fn expected(state: State, op: Operation) -> Option<Outcome> {
        use ChangeStatus as C;
        use Outcome::*;
        let State { status, change } = state;
        // A product on sale with a change (§5a).
        if status == S::Listed && change.is_some() {
            return Some(match (change?, op) {
                (C::Draft | C::Rejected, Op::Detail | Op::Clone) => Unchanged,
                (C::Draft | C::Rejected, Op::Modify) => ChangeBecomes(C::Draft),
                (C::Draft | C::Rejected, Op::DeleteChange) => ChangeDeleted,
                (C::Draft | C::Rejected, Op::RequestDelist) => Becomes(S::DelistReview),
                (C::Draft, Op::SubmitChange) => ChangeBecomes(C::Review),
                (C::Review, Op::Detail | Op::Clone) => Unchanged,
                (C::Review, Op::WithdrawChange) => ChangeBecomes(C::Draft),
                (C::Review, Op::Approve) => ChangeApproved,
                (C::Review, Op::Reject) => ChangeBecomes(C::Rejected),
                _ => return None,
            });
        }
        // A delisting request made while a change waits: the request's operations only.
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
            (S::Listed, Op::Modify) => ChangeBecomes(C::Draft),
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
    fn every_state_and_operation_pair_is_allowed_or_refused_as_the_spec_says() {
        let mut allowed = 0;
        let states = State::all();
        assert_eq!(states.len(), 19);
        for state in states.iter().copied() {
            for op in Operation::ALL {
                let got = transition(state, op);
                match expected(state, op) {
                    Some(outcome) => {
                        assert_eq!(got, Ok(outcome), "{state:?} + {op:?}");
                        allowed += 1;
                    }
                    None => assert_eq!(
                        got,
                        Err(TransitionError { status: state.status, change: state.change, operation: op }),
                        "{state:?} + {op:?}"
                    ),
                }
            }
        }
        // 19 states × 17 operations = 323 pairs: 46 allowed for the ten statuses, 16 for
        // the three changes on sale, 2 × 11 for a delisting request with a change waiting.
        assert_eq!(allowed, 46 + 16 + 22);
    }

    #[test]
    fn the_list_offers_exactly_the_seller_operations_that_are_allowed() {
        for state in State::all() {
            for op in Operation::ALL {
                let offered = state.operations().contains(&op);
                let allowed = transition(state, op).is_ok();
                let table_op = op.role() == Role::Seller && op != Op::Submit && op != Op::SubmitChange;
                assert_eq!(offered, allowed && table_op, "{state:?} + {op:?}");
            }
        }
    }

    #[test]
    fn a_product_on_sale_offers_the_operations_of_spec_5a() {
        let names = |change| -> Vec<&str> {
            State::new(S::Listed, change).operations().iter().map(|op| op.zh_name()).collect()
        };
        assert_eq!(names(None), ["详情", "修改", "申请下架", "克隆"]);
        assert_eq!(names(Some(ChangeStatus::Draft)), ["详情", "修改", "删除变更", "申请下架", "克隆"]);
        assert_eq!(names(Some(ChangeStatus::Review)), ["详情", "撤回变更", "克隆"]);
        assert_eq!(names(Some(ChangeStatus::Rejected)), ["详情", "修改", "删除变更", "申请下架", "克隆"]);
        assert!(Op::DeleteChange.needs_confirmation() && Op::WithdrawChange.needs_confirmation());
        assert!(!Op::Modify.needs_confirmation());
    }

    #[test]
    fn a_change_stays_while_the_product_is_in_the_listed_tab_only() {
        let keeping: Vec<Status> = Status::ALL.into_iter().filter(|s| s.keeps_change()).collect();
        assert_eq!(keeping, [S::Listed, S::DelistReview, S::DelistApproved, S::DelistRejected]);
        assert!(State::new(S::Listed, Some(ChangeStatus::Review)).awaits_review());
        assert!(!State::new(S::Listed, Some(ChangeStatus::Draft)).awaits_review());
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
        for change in ChangeStatus::ALL {
            assert_eq!(serde_json::to_string(&change).unwrap(), format!("\"{}\"", change.slug()));
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
        let err = transition(State::new(S::Listed, Some(ChangeStatus::Review)), Op::Modify).unwrap_err();
        assert_eq!(err.to_string(), "修改 is not possible while the product is 已上架 (变更审核中)");
    }
}

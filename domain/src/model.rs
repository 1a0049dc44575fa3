//! The JSON types of the `/api/v1` contract: what the app sends and the backend
//! stores and returns. Number fields a seller types (calls, validity, price) are kept
//! as typed, so a draft never loses input that is not valid yet; the validators parse.

use serde::{Deserialize, Serialize};

use crate::sniff::FileKind;
use crate::status::{ChangeStatus, State, Status};

/// 选择接入类型. Only API is in scope (S1-TYPE).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum AccessType {
    #[default]
    Api,
}

/// An uploaded file as a product refers to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FileRef {
    pub id: String,
    pub kind: FileKind,
    /// The seller's file name, for display only (never a path).
    pub name: String,
    pub size: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
}

/// A day of the week, Monday = 1 … Sunday = 7 (ISO 8601).
pub type Weekday = u8;

/// 服务时间.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum ServiceHours {
    /// 7×24.
    Always,
    /// The given days, from `start` to `end` (`HH:MM`, `end` may be `24:00`).
    Weekly { days: Vec<Weekday>, start: String, end: String },
}

impl Default for ServiceHours {
    /// Working days, office hours: what most sellers pick.
    fn default() -> Self {
        ServiceHours::Weekly { days: vec![1, 2, 3, 4, 5], start: "09:00".into(), end: "18:00".into() }
    }
}

/// 服务支持.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "store", derive(reactive_stores::Store))]
#[serde(default)]
pub struct ServiceSupport {
    /// 服务热线.
    pub hotline: String,
    /// 服务邮箱.
    pub email: String,
    /// 服务时间.
    pub hours: ServiceHours,
}

/// 商品分类: a level-1 and a level-2 category id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryChoice {
    pub level1: String,
    pub level2: String,
}

/// 有效期 unit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum ValidityUnit {
    /// 天
    Day,
    /// 月
    #[default]
    Month,
    /// 年
    Year,
}

impl ValidityUnit {
    pub const ALL: [ValidityUnit; 3] = [ValidityUnit::Day, ValidityUnit::Month, ValidityUnit::Year];

    pub fn index(self) -> usize {
        match self {
            ValidityUnit::Day => 0,
            ValidityUnit::Month => 1,
            ValidityUnit::Year => 2,
        }
    }
}

/// A package (套餐) of a spec, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "store", derive(reactive_stores::Store))]
#[serde(default)]
pub struct Package {
    /// Stable within the product: given when the package is made, kept through 上移 /
    /// 下移, saves and changes (its field paths name it: `specs[<id>].packages[<id>]`).
    /// The backend gives one to a package without a usable id.
    pub id: String,
    /// 套餐名称.
    pub name: String,
    /// 调用次数, a whole number as typed.
    pub calls: String,
    /// 有效期 amount, a whole number as typed.
    pub validity: String,
    pub validity_unit: ValidityUnit,
    /// 价格 in yuan as typed (`"99.90"`).
    pub price: String,
}

/// A spec (规格): a named offer bound to one gateway service, with its packages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "store", derive(reactive_stores::Store))]
#[serde(default)]
pub struct Spec {
    /// Stable within the product, as a package's ([`Package::id`]): `specs[<id>]`.
    pub id: String,
    /// 规格名称.
    pub name: String,
    /// API 服务: id of one of the seller's gateway services.
    pub service_id: String,
    /// API访问信息, filled from the chosen service; never typed.
    pub access_url: String,
    #[cfg_attr(feature = "store", store(key: String = |package| package.id.clone()))]
    pub packages: Vec<Package>,
    /// Whether the spec's own 保存 took its last change (S4-SAVE): a product with a
    /// spec not saved cannot be submitted. Part of the draft, so it survives a reload;
    /// absent (an older draft) means saved.
    pub saved: bool,
}

impl Default for Spec {
    fn default() -> Self {
        Spec {
            id: String::new(),
            name: String::new(),
            service_id: String::new(),
            access_url: String::new(),
            packages: Vec::new(),
            saved: true,
        }
    }
}

/// Everything the seller enters in the five steps. Every field has a default, so a
/// draft saved early (or by an older client) still reads.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "store", derive(reactive_stores::Store))]
#[serde(default)]
pub struct ProductContent {
    pub access_type: AccessType,
    /// 商品名称.
    pub name: String,
    /// 商品图标.
    pub icon: Option<FileRef>,
    /// 商品图片; the first is the cover.
    pub images: Vec<FileRef>,
    /// 商品简介.
    pub summary: String,
    /// 商品详情.
    pub detail: String,
    /// 客户案例（可选）.
    pub cases: String,
    /// 使用文档.
    pub usage_doc: Option<FileRef>,
    /// 服务支持.
    pub support: ServiceSupport,
    /// 商品分类.
    pub category: Option<CategoryChoice>,
    /// 商品标签（可选）: tag ids.
    pub tags: Vec<String>,
    /// 软件著作权证书（可选）.
    pub copyright_certs: Vec<FileRef>,
    /// 开源软件声明（可选）.
    pub oss_statement: Option<FileRef>,
    /// 商品服务协议.
    pub service_agreement: Option<FileRef>,
    /// 测试报告: for review only, never on the listing.
    pub test_report: Option<FileRef>,
    #[cfg_attr(feature = "store", store(key: String = |spec| spec.id.clone()))]
    pub specs: Vec<Spec>,
}

/// Whether `id` can be a spec's or package's id: 1–32 of `a-z`, `0-9`, `-` (it goes into
/// field paths and element ids).
pub fn is_item_id(id: &str) -> bool {
    (1..=32).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl ProductContent {
    /// Gives every spec and package without a usable id — none, a malformed one, or one
    /// an earlier spec or package of the product already has — a new one from `fresh`.
    /// Ids that are fine are kept.
    pub fn ensure_ids(&mut self, mut fresh: impl FnMut() -> String) {
        let mut taken = std::collections::HashSet::new();
        let mut usable = |id: &mut String, fresh: &mut dyn FnMut() -> String| {
            while !is_item_id(id) || !taken.insert(id.clone()) {
                *id = fresh();
            }
        };
        for spec in &mut self.specs {
            usable(&mut spec.id, &mut fresh);
            for package in &mut spec.packages {
                usable(&mut package.id, &mut fresh);
            }
        }
    }

    /// New ids for every spec and package (克隆: the copy is a product of its own).
    pub fn renew_ids(&mut self, mut fresh: impl FnMut() -> String) {
        for spec in &mut self.specs {
            spec.id.clear();
            for package in &mut spec.packages {
                package.id.clear();
            }
        }
        self.ensure_ids(&mut fresh);
    }

    /// The spec with `id`.
    pub fn spec(&self, id: &str) -> Option<&Spec> {
        self.specs.iter().find(|s| s.id == id)
    }
}

impl Spec {
    /// The package with `id`.
    pub fn package(&self, id: &str) -> Option<&Package> {
        self.packages.iter().find(|p| p.id == id)
    }
}

/// A product as the backend returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Product {
    pub id: String,
    /// Optimistic-concurrency version: a write names the version it was based on.
    pub version: u64,
    pub status: Status,
    /// Unix time in milliseconds.
    pub created_at: i64,
    pub updated_at: i64,
    /// The reviewer's reason for the last rejection, shown with the status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_reason: Option<String>,
    /// How many comments on fields came with the last rejection (SPEC §5b), until the
    /// next decision.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub comments: u32,
    pub content: ProductContent,
    /// The pending change of a product on sale (SPEC §5a), if there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<ChangeSummary>,
}

impl Product {
    pub fn state(&self) -> State {
        State::new(self.status, self.change.as_ref().map(|c| c.status))
    }

    /// What the product's review request asks for (or asked for, once decided): a
    /// change in review, a delisting, else the listing.
    pub fn request_kind(&self) -> RequestKind {
        match (self.status, self.change.as_ref().map(|c| c.status)) {
            (_, Some(ChangeStatus::Review)) => RequestKind::Change,
            (Status::DelistReview | Status::DelistApproved | Status::DelistRejected, _) => RequestKind::Delist,
            _ => RequestKind::Listing,
        }
    }
}

/// A product's pending change as its row and its product show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeSummary {
    pub status: ChangeStatus,
    /// The change's own version (its writes name it, like a product's).
    pub version: u64,
    pub updated_at: i64,
    /// The reviewer's reason when the change was rejected (变更未通过).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_reason: Option<String>,
    /// How many comments on fields came with the change's rejection.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub comments: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// 变更: a change to a product on sale, edited and reviewed while the live version
/// stays on sale; approving it makes its content the live one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    pub product_id: String,
    pub version: u64,
    pub status: ChangeStatus,
    pub created_at: i64,
    pub updated_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_reason: Option<String>,
    /// How many comments on fields came with its rejection.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub comments: u32,
    /// The proposed content: all of it, as the publish form edits it.
    pub content: ProductContent,
}

impl Change {
    pub fn summary(&self) -> ChangeSummary {
        ChangeSummary {
            status: self.status,
            version: self.version,
            updated_at: self.updated_at,
            review_reason: self.review_reason.clone(),
            comments: self.comments,
        }
    }
}

/// Body of `PUT /products/{id}/change`: the content, and the change's version it was
/// based on (0 when the seller starts a change: 修改 on a product without one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeUpdate {
    pub version: u64,
    pub content: ProductContent,
}

/// An approved version of a product on sale (详情's history): when it went live, and
/// which fields it changed (`diff::FIELDS` keys). The first entry is the listing itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Version {
    /// The product's version that went live.
    pub version: u64,
    pub approved_at: i64,
    /// Empty for the first listing.
    pub changed: Vec<String>,
}

/// What a request in the reviewer's queue asks for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// 上架申请
    #[default]
    Listing,
    /// 下架申请
    Delist,
    /// 变更申请
    Change,
}

/// A request in the reviewer's queue: the product (live content) and who asks, and for
/// a change request the proposed change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueItem {
    #[serde(default)]
    pub kind: RequestKind,
    pub product: Product,
    /// The seller's display name.
    pub seller: String,
    /// The reviewer who holds it (领取), while the claim holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<crate::review::Claim>,
}

/// A change request as a reviewer reads it: the live product and the proposed change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeRequest {
    pub product: Product,
    pub change: Change,
}

/// One of the seller's services deployed on the API gateway.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GatewayService {
    pub id: String,
    pub name: String,
    /// The access address buyers call.
    pub access_url: String,
}

/// A node of the two-level category tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Category {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub children: Vec<Category>,
}

/// A tag a product can carry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tag {
    pub id: String,
    pub name: String,
}

/// What the backend offers to choose from; the validators check choices against it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Catalog {
    pub categories: Vec<Category>,
    pub tags: Vec<Tag>,
    pub services: Vec<GatewayService>,
}

/// A product as a list row shows it (商品管理).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductSummary {
    pub id: String,
    pub version: u64,
    pub status: Status,
    pub name: String,
    pub icon: Option<FileRef>,
    pub access_type: AccessType,
    pub updated_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_reason: Option<String>,
    /// Comments on fields with the last rejection (3 条审核意见).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub comments: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<ChangeSummary>,
}

impl ProductSummary {
    pub fn state(&self) -> State {
        State::new(self.status, self.change.as_ref().map(|c| c.status))
    }
}

impl From<&Product> for ProductSummary {
    fn from(p: &Product) -> Self {
        ProductSummary {
            id: p.id.clone(),
            version: p.version,
            status: p.status,
            name: p.content.name.clone(),
            icon: p.content.icon.clone(),
            access_type: p.content.access_type,
            updated_at: p.updated_at,
            review_reason: p.review_reason.clone(),
            comments: p.comments,
            change: p.change.clone(),
        }
    }
}

/// One page of a product list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductPage {
    pub items: Vec<ProductSummary>,
    /// Products matching the filter, on every page.
    pub total: u64,
    /// 1-based.
    pub page: u32,
    pub per_page: u32,
}

/// Body of `POST /products`: a new draft.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct NewProduct {
    pub content: ProductContent,
}

/// Body of `PUT /products/{id}`: the content, and the version it was based on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductUpdate {
    pub version: u64,
    pub content: ProductContent,
    /// The seller confirmed that changing a decided product (上架审核通过, 上架审核未通过,
    /// 上架审核已撤回) makes it a draft that needs a new review (an approval ends).
    /// Without it, such a write is refused (409 `confirm_edit`).
    #[serde(default)]
    pub reopen: bool,
}

/// Optional body of a transition: the version the seller saw, checked if given.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct TransitionRequest {
    pub version: Option<u64>,
}

/// Body of a reviewer's 驳回: a reason, comments on fields, or both (SPEC §5b).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RejectRequest {
    #[serde(default)]
    pub reason: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<crate::review::NewComment>,
}

/// Who is signed in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub id: String,
    pub name: String,
    pub role: crate::status::Role,
}

/// A read-only link to the buyer's page of a saved product (分享预览), as its seller
/// lists it: when it was made and until when it works. The link itself is shown once,
/// when it is made (the backend keeps only its hash).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Share {
    pub id: String,
    pub created_at: i64,
    /// Unix time in milliseconds; 7 days after it was made.
    pub expires_at: i64,
}

/// A share link just made: the listing entry and its secret token (shown once).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewShare {
    pub share: Share,
    /// The token of the link `/shared/{token}`: 256 random bits, base64url.
    pub token: String,
}

/// What a share link shows anyone who has it: the buyer's page of the product (never
/// its test report or the seller's own data), the names to show its category and tags
/// by, and until when the link works.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SharedListing {
    pub content: ProductContent,
    pub catalog: Catalog,
    pub expires_at: i64,
}

impl ProductContent {
    /// The content as a buyer may see it: without the test report (used for review
    /// only) and without the seller's internal service ids.
    pub fn for_buyers(mut self) -> ProductContent {
        self.test_report = None;
        for spec in &mut self.specs {
            spec.service_id.clear();
        }
        self
    }
}

/// A demo identity offered on the sign-in screen when the backend runs in demo mode.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DemoAccount {
    pub user: User,
    pub token: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_hours_read_as_tagged_json() {
        let weekly = ServiceHours::default();
        assert_eq!(
            serde_json::to_value(&weekly).unwrap(),
            serde_json::json!({"kind":"weekly","days":[1,2,3,4,5],"start":"09:00","end":"18:00"})
        );
        let always: ServiceHours = serde_json::from_str(r#"{"kind":"always"}"#).unwrap();
        assert_eq!(always, ServiceHours::Always);
    }

    #[test]
    fn a_product_round_trips_through_json() {
        let product = Product {
            id: "p1".into(),
            version: 3,
            status: Status::Draft,
            created_at: 1,
            updated_at: 2,
            review_reason: None,
            comments: 0,
            change: None,
            content: ProductContent {
                name: "天气 API".into(),
                specs: vec![Spec { name: "基础版".into(), packages: vec![Package::default()], ..Spec::default() }],
                ..ProductContent::default()
            },
        };
        let json = serde_json::to_string(&product).unwrap();
        assert!(json.contains(r#""access_type":"api""#));
        assert!(json.contains(r#""status":"draft""#));
        assert_eq!(serde_json::from_str::<Product>(&json).unwrap(), product);
    }

    #[test]
    fn a_partial_draft_reads_with_defaults() {
        let content: ProductContent = serde_json::from_str(r#"{"name":"天气","specs":[{"name":"基础版"}]}"#).unwrap();
        assert_eq!(content.name, "天气");
        assert_eq!(content.access_type, AccessType::Api);
        assert_eq!(content.support.hours, ServiceHours::default());
        assert!(content.specs[0].packages.is_empty());
    }

    #[test]
    fn specs_and_packages_get_ids_once_and_keep_them() {
        let mut n = 0;
        let mut fresh = || {
            n += 1;
            format!("id-{n}")
        };
        let mut content = ProductContent {
            specs: vec![
                Spec {
                    id: "keep-me".into(),
                    packages: vec![Package::default(), Package::default()],
                    ..Spec::default()
                },
                Spec { id: "keep-me".into(), ..Spec::default() },
                Spec { id: "Not Usable!".into(), ..Spec::default() },
            ],
            ..ProductContent::default()
        };
        content.ensure_ids(&mut fresh);
        let ids: Vec<&str> = content.specs.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["keep-me", "id-3", "id-4"], "a good id stays, a repeated or malformed one is replaced");
        assert_eq!(content.specs[0].packages[0].id, "id-1");
        assert_eq!(content.specs[0].packages[1].id, "id-2");
        let before = content.clone();
        content.specs[0].packages.swap(0, 1);
        content.specs.swap(1, 2);
        content.ensure_ids(&mut fresh);
        assert_eq!(content.specs[0].packages[0].id, "id-2", "a reorder writes no new ids");
        assert_eq!(content.spec("id-3"), before.spec("id-3"));
        content.renew_ids(&mut fresh);
        assert!(content.specs.iter().all(|s| before.spec(&s.id).is_none()), "a clone's ids are all new");
    }

    #[test]
    fn another_access_type_is_refused() {
        assert!(serde_json::from_str::<ProductContent>(r#"{"access_type":"saas"}"#).is_err());
    }
}

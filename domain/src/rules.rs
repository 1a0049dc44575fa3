//! Every limit of SPEC §3–§4 as data, keyed by the rule IDs. The app's counters and
//! hints, its validators, the backend's checks and the tests all read these values.

use serde::{Deserialize, Serialize};

use crate::sniff::FileKind;

/// A rule of SPEC.md, by its ID. Serialized as the ID itself (`"S1-NAME"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum RuleId {
    #[serde(rename = "S1-TYPE")]
    S1Type,
    #[serde(rename = "S1-NAME")]
    S1Name,
    #[serde(rename = "S1-ICON")]
    S1Icon,
    #[serde(rename = "S2-IMAGES")]
    S2Images,
    #[serde(rename = "S2-SUMMARY")]
    S2Summary,
    #[serde(rename = "S2-DETAIL")]
    S2Detail,
    #[serde(rename = "S2-CASES")]
    S2Cases,
    #[serde(rename = "S2-DOC")]
    S2Doc,
    #[serde(rename = "S2-SUPPORT")]
    S2Support,
    #[serde(rename = "S3-CATEGORY")]
    S3Category,
    #[serde(rename = "S3-TAGS")]
    S3Tags,
    #[serde(rename = "S3-COPYRIGHT")]
    S3Copyright,
    #[serde(rename = "S3-OSS")]
    S3Oss,
    #[serde(rename = "S3-AGREEMENT")]
    S3Agreement,
    #[serde(rename = "S3-TESTREPORT")]
    S3TestReport,
    #[serde(rename = "S4-SPECS")]
    S4Specs,
    #[serde(rename = "S4-NAME")]
    S4Name,
    #[serde(rename = "S4-SERVICE")]
    S4Service,
    #[serde(rename = "S4-ACCESS")]
    S4Access,
    #[serde(rename = "S4-PACKAGES")]
    S4Packages,
    #[serde(rename = "S4-SAVE")]
    S4Save,
    /// SPEC §4: originals an image is prepared from *(ours: decompression-bomb guard)*.
    #[serde(rename = "UP-ORIGINAL")]
    UpOriginal,
    /// SPEC §5: a reviewer's 驳回 needs a reason *(ours: ≤ 500 characters)*; SPEC §5b:
    /// or at least one comment.
    #[serde(rename = "RV-REASON")]
    RvReason,
    /// SPEC §5b: a reviewer's comment on a field, ≤ 300 characters.
    #[serde(rename = "RV-COMMENT")]
    RvComment,
    /// SPEC §5b: the seller's answer to a comment, ≤ 300 characters.
    #[serde(rename = "RV-ANSWER")]
    RvAnswer,
}

impl RuleId {
    pub const ALL: [RuleId; 25] = [
        RuleId::S1Type,
        RuleId::S1Name,
        RuleId::S1Icon,
        RuleId::S2Images,
        RuleId::S2Summary,
        RuleId::S2Detail,
        RuleId::S2Cases,
        RuleId::S2Doc,
        RuleId::S2Support,
        RuleId::S3Category,
        RuleId::S3Tags,
        RuleId::S3Copyright,
        RuleId::S3Oss,
        RuleId::S3Agreement,
        RuleId::S3TestReport,
        RuleId::S4Specs,
        RuleId::S4Name,
        RuleId::S4Service,
        RuleId::S4Access,
        RuleId::S4Packages,
        RuleId::S4Save,
        RuleId::UpOriginal,
        RuleId::RvReason,
        RuleId::RvComment,
        RuleId::RvAnswer,
    ];

    /// The ID as written in SPEC.md.
    pub fn code(self) -> &'static str {
        match self {
            RuleId::S1Type => "S1-TYPE",
            RuleId::S1Name => "S1-NAME",
            RuleId::S1Icon => "S1-ICON",
            RuleId::S2Images => "S2-IMAGES",
            RuleId::S2Summary => "S2-SUMMARY",
            RuleId::S2Detail => "S2-DETAIL",
            RuleId::S2Cases => "S2-CASES",
            RuleId::S2Doc => "S2-DOC",
            RuleId::S2Support => "S2-SUPPORT",
            RuleId::S3Category => "S3-CATEGORY",
            RuleId::S3Tags => "S3-TAGS",
            RuleId::S3Copyright => "S3-COPYRIGHT",
            RuleId::S3Oss => "S3-OSS",
            RuleId::S3Agreement => "S3-AGREEMENT",
            RuleId::S3TestReport => "S3-TESTREPORT",
            RuleId::S4Specs => "S4-SPECS",
            RuleId::S4Name => "S4-NAME",
            RuleId::S4Service => "S4-SERVICE",
            RuleId::S4Access => "S4-ACCESS",
            RuleId::S4Packages => "S4-PACKAGES",
            RuleId::S4Save => "S4-SAVE",
            RuleId::UpOriginal => "UP-ORIGINAL",
            RuleId::RvReason => "RV-REASON",
            RuleId::RvComment => "RV-COMMENT",
            RuleId::RvAnswer => "RV-ANSWER",
        }
    }

    /// The publish step (1–5) whose form holds the rule's field; `None` for rules
    /// about uploads in general.
    pub fn step(self) -> Option<u8> {
        match self.code().as_bytes() {
            [b'S', n @ b'1'..=b'5', ..] => Some(n - b'0'),
            _ => None,
        }
    }
}

/// A limited text field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextLimit {
    pub id: RuleId,
    pub required: bool,
    /// Maximum length in user-perceived characters ([`crate::text_len`]).
    pub max_chars: usize,
    /// Line breaks are refused (商品简介 is "one line").
    pub single_line: bool,
}

/// An upload field: which kinds, how many, how big.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileLimit {
    pub id: RuleId,
    pub kinds: &'static [FileKind],
    pub min_count: usize,
    pub max_count: usize,
    /// Per file, in bytes (for images: of the prepared file).
    pub max_bytes: u64,
    /// Exact pixel size (width, height) that images are prepared to.
    pub pixels: Option<(u32, u32)>,
}

impl FileLimit {
    pub fn accepts(&self, kind: FileKind) -> bool {
        self.kinds.contains(&kind)
    }
}

/// How many of something a product may have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CountLimit {
    pub id: RuleId,
    pub min: usize,
    pub max: usize,
}

/// 服务支持: the hotline, the e-mail address and the service hours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SupportLimit {
    pub id: RuleId,
    /// Characters of the hotline as typed, separators included.
    pub phone_max_chars: usize,
    /// RFC 5321 path limit.
    pub email_max_chars: usize,
}

/// 套餐信息: bounds of each package field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PackageLimit {
    pub id: RuleId,
    pub count: CountLimit,
    pub name_max_chars: usize,
    pub calls_min: u64,
    pub calls_max: u64,
    /// 有效期 maximum per unit: days, months, years *(ours: at most ten years)*.
    pub validity_max: [u32; 3],
    /// 价格 maximum in fen (CNY cents); the minimum is 0.
    pub price_max_fen: u64,
    pub price_decimals: u32,
}

/// Originals that an image is prepared from (SPEC §4, *ours*).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OriginalImageLimit {
    pub id: RuleId,
    pub max_pixels: u64,
    pub max_bytes: u64,
}

/// The whole table. Field names are the rule IDs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rules {
    pub s1_name: TextLimit,
    pub s1_icon: FileLimit,
    pub s2_images: FileLimit,
    pub s2_summary: TextLimit,
    pub s2_detail: TextLimit,
    pub s2_cases: TextLimit,
    pub s2_doc: FileLimit,
    pub s2_support: SupportLimit,
    pub s3_tags: CountLimit,
    pub s3_copyright: FileLimit,
    pub s3_oss: FileLimit,
    pub s3_agreement: FileLimit,
    pub s3_test_report: FileLimit,
    pub s4_specs: CountLimit,
    pub s4_name: TextLimit,
    pub s4_packages: PackageLimit,
    pub up_original: OriginalImageLimit,
    pub rv_reason: TextLimit,
    pub rv_comment: TextLimit,
    pub rv_answer: TextLimit,
}

/// Caps on draft fields the seed gives no length (ours): a draft is saved with any
/// value a seller is still typing, but not with any size. Over a cap is `TooLong`
/// (`TooMany` for the days of 服务时间), refused in drafts as in submissions.
#[derive(Clone, Copy, Debug)]
pub struct DraftCaps {
    /// 服务热线 as typed.
    pub hotline: usize,
    /// 服务邮箱 (the longest address RFC 5321 allows).
    pub email: usize,
    /// 服务时间's `HH:MM`.
    pub time: usize,
    /// Ids a seller chooses (category, tag, gateway service).
    pub id: usize,
    /// API访问信息.
    pub access_url: usize,
    /// 调用次数 and 价格 as typed.
    pub number: usize,
    /// 有效期 as typed.
    pub validity: usize,
}

pub const DRAFT_CAPS: DraftCaps =
    DraftCaps { hotline: 40, email: 254, time: 5, id: 64, access_url: 2048, number: 20, validity: 10 };

const MB: u64 = 1024 * 1024;
const IMAGE: &[FileKind] = &[FileKind::Jpeg, FileKind::Png];
const IMAGE_OR_PDF: &[FileKind] = &[FileKind::Jpeg, FileKind::Png, FileKind::Pdf];
const PDF: &[FileKind] = &[FileKind::Pdf];

/// The rules of SPEC §3–§4.
pub const RULES: Rules = Rules {
    s1_name: TextLimit { id: RuleId::S1Name, required: true, max_chars: 80, single_line: true },
    s1_icon: FileLimit {
        id: RuleId::S1Icon,
        kinds: IMAGE,
        min_count: 1,
        max_count: 1,
        max_bytes: 2 * MB,
        pixels: Some((96, 96)),
    },
    s2_images: FileLimit {
        id: RuleId::S2Images,
        kinds: IMAGE,
        min_count: 1,
        max_count: 6,
        max_bytes: 10 * MB,
        pixels: Some((1024, 768)),
    },
    s2_summary: TextLimit { id: RuleId::S2Summary, required: true, max_chars: 30, single_line: true },
    s2_detail: TextLimit { id: RuleId::S2Detail, required: true, max_chars: 300, single_line: false },
    s2_cases: TextLimit { id: RuleId::S2Cases, required: false, max_chars: 300, single_line: false },
    s2_doc: FileLimit {
        id: RuleId::S2Doc,
        kinds: &[FileKind::Pdf, FileKind::Zip],
        min_count: 1,
        max_count: 1,
        max_bytes: 50 * MB,
        pixels: None,
    },
    s2_support: SupportLimit { id: RuleId::S2Support, phone_max_chars: 30, email_max_chars: 254 },
    s3_tags: CountLimit { id: RuleId::S3Tags, min: 0, max: 8 },
    s3_copyright: FileLimit {
        id: RuleId::S3Copyright,
        kinds: IMAGE_OR_PDF,
        min_count: 0,
        max_count: 3,
        max_bytes: 10 * MB,
        pixels: None,
    },
    s3_oss: FileLimit { id: RuleId::S3Oss, kinds: PDF, min_count: 0, max_count: 1, max_bytes: 10 * MB, pixels: None },
    s3_agreement: FileLimit {
        id: RuleId::S3Agreement,
        kinds: PDF,
        min_count: 1,
        max_count: 1,
        max_bytes: 10 * MB,
        pixels: None,
    },
    s3_test_report: FileLimit {
        id: RuleId::S3TestReport,
        kinds: &[FileKind::Doc, FileKind::Docx, FileKind::Pdf],
        min_count: 1,
        max_count: 1,
        max_bytes: 10 * MB,
        pixels: None,
    },
    s4_specs: CountLimit { id: RuleId::S4Specs, min: 1, max: 20 },
    s4_name: TextLimit { id: RuleId::S4Name, required: true, max_chars: 30, single_line: true },
    s4_packages: PackageLimit {
        id: RuleId::S4Packages,
        count: CountLimit { id: RuleId::S4Packages, min: 1, max: 20 },
        name_max_chars: 30,
        calls_min: 1,
        calls_max: 1_000_000_000,
        validity_max: [3650, 120, 10],
        price_max_fen: 100_000_000,
        price_decimals: 2,
    },
    up_original: OriginalImageLimit { id: RuleId::UpOriginal, max_pixels: 100_000_000, max_bytes: 50 * MB },
    rv_reason: TextLimit { id: RuleId::RvReason, required: true, max_chars: 500, single_line: false },
    rv_comment: TextLimit { id: RuleId::RvComment, required: true, max_chars: 300, single_line: false },
    rv_answer: TextLimit { id: RuleId::RvAnswer, required: true, max_chars: 300, single_line: false },
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_serialize_as_written_in_the_spec() {
        for id in RuleId::ALL {
            let json = serde_json::to_string(&id).unwrap();
            assert_eq!(json, format!("\"{}\"", id.code()));
            let back: RuleId = serde_json::from_str(&json).unwrap();
            assert_eq!(back, id);
        }
    }

    #[test]
    fn rules_know_their_step() {
        assert_eq!(RuleId::S1Icon.step(), Some(1));
        assert_eq!(RuleId::S3TestReport.step(), Some(3));
        assert_eq!(RuleId::S4Save.step(), Some(4));
        assert_eq!(RuleId::UpOriginal.step(), None);
        assert_eq!(RuleId::RvReason.step(), None);
    }

    #[test]
    fn the_table_holds_the_seed_limits() {
        assert_eq!(RULES.s1_name.max_chars, 80);
        assert_eq!(RULES.s1_icon.pixels, Some((96, 96)));
        assert_eq!(RULES.s1_icon.max_bytes, 2 * 1024 * 1024);
        assert_eq!(RULES.s2_images.max_count, 6);
        assert_eq!(RULES.s2_images.pixels, Some((1024, 768)));
        assert_eq!(RULES.s2_summary.max_chars, 30);
        assert_eq!(RULES.s2_detail.max_chars, 300);
        assert_eq!(RULES.s2_doc.max_bytes, 50 * 1024 * 1024);
        assert_eq!(RULES.s3_tags.max, 8);
        assert_eq!(RULES.s3_copyright.max_count, 3);
        assert_eq!(RULES.s4_specs.max, 20);
        assert!(!RULES.s3_test_report.accepts(FileKind::Zip));
        assert!(RULES.s3_test_report.accepts(FileKind::Docx));
    }

    #[test]
    fn every_file_limit_is_sound() {
        let limits = crate::FileSlot::ALL.map(crate::FileSlot::limit);
        assert!(limits.iter().all(|l| l.min_count <= l.max_count && !l.kinds.is_empty()));
    }
}

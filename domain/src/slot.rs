//! The seven places a product holds uploaded files (SPEC §3), each tied once to its
//! rule, its wire name (`POST /files?field=<name>`, the `field` of its errors) and
//! where its files live in [`ProductContent`]. The app's upload fields, the backend's
//! upload check and the product check all walk this one list.

use serde::{Deserialize, Serialize};

use crate::model::{FileRef, ProductContent};
use crate::rules::{FileLimit, RULES};

/// An upload slot of a product.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FileSlot {
    /// 商品图标 (S1-ICON)
    Icon,
    /// 商品图片 (S2-IMAGES), the first is the cover
    Images,
    /// 使用文档 (S2-DOC)
    UsageDoc,
    /// 软件著作权证书（可选） (S3-COPYRIGHT)
    CopyrightCerts,
    /// 开源软件声明（可选） (S3-OSS)
    OssStatement,
    /// 商品服务协议 (S3-AGREEMENT)
    ServiceAgreement,
    /// 测试报告 (S3-TESTREPORT), for review only
    TestReport,
}

impl FileSlot {
    /// In form order (step 1, 2, 3).
    pub const ALL: [FileSlot; 7] = [
        FileSlot::Icon,
        FileSlot::Images,
        FileSlot::UsageDoc,
        FileSlot::CopyrightCerts,
        FileSlot::OssStatement,
        FileSlot::ServiceAgreement,
        FileSlot::TestReport,
    ];

    /// The slot's rule: kinds, count, bytes, pixels.
    pub fn limit(self) -> FileLimit {
        match self {
            FileSlot::Icon => RULES.s1_icon,
            FileSlot::Images => RULES.s2_images,
            FileSlot::UsageDoc => RULES.s2_doc,
            FileSlot::CopyrightCerts => RULES.s3_copyright,
            FileSlot::OssStatement => RULES.s3_oss,
            FileSlot::ServiceAgreement => RULES.s3_agreement,
            FileSlot::TestReport => RULES.s3_test_report,
        }
    }

    /// The name on the wire and the field path in [`ProductContent`] (`usage_doc`).
    pub fn name(self) -> &'static str {
        match self {
            FileSlot::Icon => "icon",
            FileSlot::Images => "images",
            FileSlot::UsageDoc => "usage_doc",
            FileSlot::CopyrightCerts => "copyright_certs",
            FileSlot::OssStatement => "oss_statement",
            FileSlot::ServiceAgreement => "service_agreement",
            FileSlot::TestReport => "test_report",
        }
    }

    pub fn from_name(name: &str) -> Option<FileSlot> {
        FileSlot::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Whether the slot holds a list (`images[2]`) rather than at most one file.
    pub fn is_list(self) -> bool {
        self.limit().max_count > 1
    }

    /// The field path of the file at `index` (`images[2]`; `icon` for single slots).
    pub fn path(self, index: usize) -> String {
        if self.is_list() {
            format!("{}[{index}]", self.name())
        } else {
            self.name().to_owned()
        }
    }

    /// The publish step whose form holds the slot.
    pub fn step(self) -> u8 {
        self.limit().id.step().unwrap_or(1)
    }

    /// The slot's files in `content`, in order.
    pub fn files(self, content: &ProductContent) -> Vec<FileRef> {
        let c = content;
        match self {
            FileSlot::Icon => c.icon.iter().cloned().collect(),
            FileSlot::Images => c.images.clone(),
            FileSlot::UsageDoc => c.usage_doc.iter().cloned().collect(),
            FileSlot::CopyrightCerts => c.copyright_certs.clone(),
            FileSlot::OssStatement => c.oss_statement.iter().cloned().collect(),
            FileSlot::ServiceAgreement => c.service_agreement.iter().cloned().collect(),
            FileSlot::TestReport => c.test_report.iter().cloned().collect(),
        }
    }

    /// Puts `files` in the slot (a single slot keeps the first).
    pub fn set(self, content: &mut ProductContent, files: Vec<FileRef>) {
        let c = content;
        match self {
            FileSlot::Icon => c.icon = files.into_iter().next(),
            FileSlot::Images => c.images = files,
            FileSlot::UsageDoc => c.usage_doc = files.into_iter().next(),
            FileSlot::CopyrightCerts => c.copyright_certs = files,
            FileSlot::OssStatement => c.oss_statement = files.into_iter().next(),
            FileSlot::ServiceAgreement => c.service_agreement = files.into_iter().next(),
            FileSlot::TestReport => c.test_report = files.into_iter().next(),
        }
    }

    /// The slot's files in `content`, to replace with what the backend stored.
    pub fn files_mut(self, content: &mut ProductContent) -> Vec<&mut FileRef> {
        let c = content;
        match self {
            FileSlot::Icon => c.icon.iter_mut().collect(),
            FileSlot::Images => c.images.iter_mut().collect(),
            FileSlot::UsageDoc => c.usage_doc.iter_mut().collect(),
            FileSlot::CopyrightCerts => c.copyright_certs.iter_mut().collect(),
            FileSlot::OssStatement => c.oss_statement.iter_mut().collect(),
            FileSlot::ServiceAgreement => c.service_agreement.iter_mut().collect(),
            FileSlot::TestReport => c.test_report.iter_mut().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sniff::FileKind;

    fn file(id: &str) -> FileRef {
        FileRef { id: id.into(), kind: FileKind::Pdf, name: format!("{id}.pdf"), size: 1, width: None, height: None }
    }

    #[test]
    fn every_slot_has_its_own_rule_and_name() {
        for (i, a) in FileSlot::ALL.iter().enumerate() {
            for b in &FileSlot::ALL[i + 1..] {
                assert_ne!(a.limit().id, b.limit().id);
                assert_ne!(a.name(), b.name());
            }
            assert_eq!(FileSlot::from_name(a.name()), Some(*a));
            let wire = serde_json::to_string(a).unwrap();
            assert_eq!(wire, format!("\"{}\"", a.name()), "the wire name is the serde name");
        }
        assert_eq!(FileSlot::from_name("avatar"), None);
    }

    #[test]
    fn slots_know_their_step_and_paths() {
        assert_eq!(FileSlot::Icon.step(), 1);
        assert_eq!(FileSlot::UsageDoc.step(), 2);
        assert_eq!(FileSlot::TestReport.step(), 3);
        assert_eq!(FileSlot::Images.path(2), "images[2]");
        assert_eq!(FileSlot::CopyrightCerts.path(0), "copyright_certs[0]");
        assert_eq!(FileSlot::Icon.path(0), "icon");
    }

    #[test]
    fn files_go_in_and_out_of_the_content_where_the_slot_says() {
        let mut content = ProductContent::default();
        for slot in FileSlot::ALL {
            slot.set(&mut content, vec![file(slot.name()), file("second")]);
        }
        assert_eq!(content.icon, Some(file("icon")), "a single slot keeps the first");
        assert_eq!(content.images.len(), 2);
        assert_eq!(content.test_report, Some(file("test_report")));
        for slot in FileSlot::ALL {
            let files = slot.files(&content);
            assert_eq!(files[0].id, slot.name());
            assert_eq!(files.len(), if slot.is_list() { 2 } else { 1 });
            assert_eq!(slot.files_mut(&mut content).len(), files.len());
        }
    }
}

//! What a change changes (SPEC §5a): the fields of two contents that differ, specs and
//! packages added, removed or changed, and the changed part of a text. The reviewer's
//! request page shows it field by field; the product's history names the fields.

use crate::model::{Package, ProductContent, Spec};

/// The content's fields in the form's order, by the names the API and the locale files
/// use (`field.{key}`).
pub const FIELDS: [&str; 15] = [
    "name",
    "icon",
    "images",
    "summary",
    "detail",
    "cases",
    "usage_doc",
    "support",
    "category",
    "tags",
    "copyright_certs",
    "oss_statement",
    "service_agreement",
    "test_report",
    "specs",
];

/// Whether the field `key` of `FIELDS` differs between the two contents.
pub fn field_differs(a: &ProductContent, b: &ProductContent, key: &str) -> bool {
    match key {
        "name" => a.name != b.name,
        "icon" => a.icon != b.icon,
        "images" => a.images != b.images,
        "summary" => a.summary != b.summary,
        "detail" => a.detail != b.detail,
        "cases" => a.cases != b.cases,
        "usage_doc" => a.usage_doc != b.usage_doc,
        "support" => a.support != b.support,
        "category" => a.category != b.category,
        "tags" => a.tags != b.tags,
        "copyright_certs" => a.copyright_certs != b.copyright_certs,
        "oss_statement" => a.oss_statement != b.oss_statement,
        "service_agreement" => a.service_agreement != b.service_agreement,
        "test_report" => a.test_report != b.test_report,
        "specs" => specs(&a.specs, &b.specs).iter().any(|s| s.kind != Kind::Same),
        _ => false,
    }
}

/// The fields that differ, in the form's order.
pub fn changed_fields(live: &ProductContent, proposed: &ProductContent) -> Vec<&'static str> {
    FIELDS.into_iter().filter(|key| field_differs(live, proposed, key)).collect()
}

/// How an item (a spec, a package) of the proposed content relates to the live one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Added,
    Removed,
    Changed,
    Same,
}

/// A spec of either content, matched by its name (trimmed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecDiff {
    pub name: String,
    pub kind: Kind,
    /// The live spec, if there is one.
    pub live: Option<Spec>,
    /// The proposed spec, if there is one.
    pub proposed: Option<Spec>,
    /// Whether the API service (and so the access address) changed.
    pub service_changed: bool,
    pub packages: Vec<PackageDiff>,
}

/// A package of a spec, matched by its name (trimmed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageDiff {
    pub name: String,
    pub kind: Kind,
    pub live: Option<Package>,
    pub proposed: Option<Package>,
}

/// Matches items by name: every proposed item in its order, then the live items it
/// dropped.
fn matched<'a, T>(live: &'a [T], proposed: &'a [T], name: impl Fn(&T) -> &str) -> Vec<(Option<&'a T>, Option<&'a T>)> {
    let key = |t: &T| name(t).trim().to_owned();
    let mut pairs: Vec<(Option<&T>, Option<&T>)> =
        proposed.iter().map(|p| (live.iter().find(|l| key(l) == key(p)), Some(p))).collect();
    pairs.extend(live.iter().filter(|l| !proposed.iter().any(|p| key(p) == key(l))).map(|l| (Some(l), None)));
    pairs
}

fn kind_of<T: PartialEq>(live: Option<&T>, proposed: Option<&T>, same: impl Fn(&T, &T) -> bool) -> Kind {
    match (live, proposed) {
        (None, _) => Kind::Added,
        (_, None) => Kind::Removed,
        (Some(l), Some(p)) if same(l, p) => Kind::Same,
        _ => Kind::Changed,
    }
}

/// The specs of both contents, paired by name, with their packages paired by name.
pub fn specs(live: &[Spec], proposed: &[Spec]) -> Vec<SpecDiff> {
    matched(live, proposed, |s| s.name.as_str())
        .into_iter()
        .map(|(l, p)| {
            let packages: Vec<PackageDiff> = matched(
                l.map_or(&[][..], |s| s.packages.as_slice()),
                p.map_or(&[][..], |s| s.packages.as_slice()),
                |pkg| pkg.name.as_str(),
            )
            .into_iter()
            .map(|(lp, pp)| PackageDiff {
                name: pp.or(lp).map(|pkg| pkg.name.trim().to_owned()).unwrap_or_default(),
                kind: kind_of(lp, pp, |a, b| a == b),
                live: lp.cloned(),
                proposed: pp.cloned(),
            })
            .collect();
            let service_changed = matches!((l, p), (Some(l), Some(p)) if l.service_id != p.service_id);
            let kind = kind_of(l, p, |a, b| {
                a.name.trim() == b.name.trim() && !service_changed && packages.iter().all(|d| d.kind == Kind::Same)
            });
            SpecDiff {
                name: p.or(l).map(|s| s.name.trim().to_owned()).unwrap_or_default(),
                kind,
                live: l.cloned(),
                proposed: p.cloned(),
                service_changed,
                packages,
            }
        })
        .collect()
}

/// A text split around what changed: the common start, the live text's changed middle,
/// the proposed text's changed middle, the common end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextDiff {
    pub before: String,
    pub removed: String,
    pub added: String,
    pub after: String,
}

/// The changed part of a text (one run, by characters): what a reviewer sees marked.
pub fn text(live: &str, proposed: &str) -> TextDiff {
    let a: Vec<char> = live.chars().collect();
    let b: Vec<char> = proposed.chars().collect();
    let mut start = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut end = a[start..].iter().rev().zip(b[start..].iter().rev()).take_while(|(x, y)| x == y).count();
    // A changed number or Latin word is marked whole (99.00 → 129.00, not 9 → 12).
    let word = |c: Option<&char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || *c == '.');
    while start > 0 && word(a.get(start - 1)) && (word(a.get(start)) || word(b.get(start))) {
        start -= 1;
    }
    // The last changed character of `text` is part of a word.
    let inside = |text: &[char], end: usize| text.len() - end > start && word(text.get(text.len() - end - 1));
    while end > 0 && word(a.get(a.len() - end)) && (inside(&a, end) || inside(&b, end)) {
        end -= 1;
    }
    TextDiff {
        before: a[..start].iter().collect(),
        removed: a[start..a.len() - end].iter().collect(),
        added: b[start..b.len() - end].iter().collect(),
        after: a[a.len() - end..].iter().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FileRef, ValidityUnit};
    use crate::FileKind;

    fn package(name: &str, price: &str) -> Package {
        Package {
            id: String::new(),
            name: name.into(),
            calls: "1000".into(),
            validity: "1".into(),
            validity_unit: ValidityUnit::Month,
            price: price.into(),
        }
    }

    fn spec(name: &str, packages: Vec<Package>) -> Spec {
        Spec { name: name.into(), service_id: "svc-1".into(), packages, ..Spec::default() }
    }

    #[test]
    fn changed_fields_are_named_in_the_forms_order() {
        let live = ProductContent { name: "天气".into(), summary: "简介".into(), ..ProductContent::default() };
        let mut proposed = live.clone();
        assert!(changed_fields(&live, &proposed).is_empty());
        proposed.summary = "新简介".into();
        proposed.name = "天气 API".into();
        proposed.images.push(FileRef {
            id: "f".into(),
            kind: FileKind::Png,
            name: "a.png".into(),
            size: 1,
            width: None,
            height: None,
        });
        assert_eq!(changed_fields(&live, &proposed), ["name", "images", "summary"]);
    }

    #[test]
    fn specs_and_packages_are_paired_by_name() {
        let live = vec![spec("基础版", vec![package("月包", "9.90"), package("年包", "99")]), spec("旧版", vec![])];
        let proposed =
            vec![spec("基础版", vec![package("月包", "19.90"), package("季包", "29")]), spec("专业版", vec![])];
        let d = specs(&live, &proposed);
        let kinds: Vec<(&str, Kind)> = d.iter().map(|s| (s.name.as_str(), s.kind)).collect();
        assert_eq!(kinds, [("基础版", Kind::Changed), ("专业版", Kind::Added), ("旧版", Kind::Removed)]);
        let packages: Vec<(&str, Kind)> = d[0].packages.iter().map(|p| (p.name.as_str(), p.kind)).collect();
        assert_eq!(packages, [("月包", Kind::Changed), ("季包", Kind::Added), ("年包", Kind::Removed)]);
        assert_eq!(specs(&live, &live).iter().filter(|s| s.kind != Kind::Same).count(), 0);
        let mut moved = live.clone();
        moved[0].service_id = "svc-2".into();
        assert!(specs(&live, &moved)[0].service_changed);
        assert_eq!(specs(&live, &moved)[0].kind, Kind::Changed);
    }

    #[test]
    fn a_text_marks_the_changed_run() {
        let d = text("每日更新天气数据", "每小时更新天气数据");
        assert_eq!(
            (d.before.as_str(), d.removed.as_str(), d.added.as_str(), d.after.as_str()),
            ("每", "日", "小时", "更新天气数据")
        );
        let same = text("abc", "abc");
        assert!(same.removed.is_empty() && same.added.is_empty());
        let appended = text("ab", "abab");
        assert_eq!(appended.before + &appended.added + &appended.after, "abab");
        let price = text("1 万次 · ¥ 99.00", "1 万次 · ¥ 129.00");
        assert_eq!((price.removed.as_str(), price.added.as_str(), price.after.as_str()), ("99.00", "129.00", ""));
        let word = text("HTTPS only", "HTTP only");
        assert_eq!((word.removed.as_str(), word.added.as_str()), ("HTTPS", "HTTP"));
    }
}

//! Where a field is in a product's content, as field errors, the form and review
//! comments name it: `name`, `support.email`, `images[2]`, `specs[<spec id>].name`,
//! `specs[<spec id>].packages[<package id>].price`. Specs and packages are named by their
//! stable ids ([`crate::model::Spec::id`]), so a path keeps pointing at the same spec or
//! package through 上移 / 下移, saves and changes.

use crate::model::ProductContent;

/// `specs[<id>]`.
pub fn spec(id: &str) -> String {
    format!("specs[{id}]")
}

/// `specs[<id>].<field>`.
pub fn spec_field(id: &str, field: &str) -> String {
    format!("specs[{id}].{field}")
}

/// `specs[<spec>].packages[<package>]`.
pub fn package(spec: &str, package: &str) -> String {
    format!("specs[{spec}].packages[{package}]")
}

/// `specs[<spec>].packages[<package>].<field>`.
pub fn package_field(spec: &str, package: &str, field: &str) -> String {
    format!("specs[{spec}].packages[{package}].{field}")
}

/// A path taken apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldPath<'a> {
    /// The product as a whole (the empty path).
    Whole,
    /// A field outside the specs: `name`, `support.email`, `images[2]`, `specs`.
    Product(&'a str),
    /// A spec (`field` `None`) or one of its fields (`name`, `service_id`, `packages`…).
    Spec { spec: &'a str, field: Option<&'a str> },
    /// A package or one of its fields (`name`, `calls`, `validity`, `price`…).
    Package { spec: &'a str, package: &'a str, field: Option<&'a str> },
}

/// Takes a path apart; a path that is not of these shapes is `None`.
pub fn parse(path: &str) -> Option<FieldPath<'_>> {
    if path.is_empty() {
        return Some(FieldPath::Whole);
    }
    let Some(rest) = path.strip_prefix("specs[") else {
        return Some(FieldPath::Product(path));
    };
    let end = rest.find(']')?;
    let (spec, after) = (&rest[..end], &rest[end + 1..]);
    if after.is_empty() {
        return Some(FieldPath::Spec { spec, field: None });
    }
    let after = after.strip_prefix('.')?;
    let Some(packages) = after.strip_prefix("packages[") else {
        return Some(FieldPath::Spec { spec, field: Some(after) });
    };
    let end = packages.find(']')?;
    let (package, tail) = (&packages[..end], &packages[end + 1..]);
    let field = if tail.is_empty() { None } else { Some(tail.strip_prefix('.')?) };
    Some(FieldPath::Package { spec, package, field })
}

/// The fields outside the specs a path may name.
pub const PRODUCT_FIELDS: [&str; 19] = [
    "name",
    "icon",
    "images",
    "summary",
    "detail",
    "cases",
    "usage_doc",
    "support",
    "support.hotline",
    "support.email",
    "support.hours",
    "category",
    "tags",
    "copyright_certs",
    "oss_statement",
    "service_agreement",
    "test_report",
    "specs",
    "access_type",
];

/// The fields of a spec a path may name.
pub const SPEC_FIELDS: [&str; 4] = ["name", "service_id", "access_url", "packages"];

/// The fields of a package a path may name.
pub const PACKAGE_FIELDS: [&str; 5] = ["name", "calls", "validity", "validity_unit", "price"];

/// Whether `path` names something `content` has: a known field, an image or
/// certificate that is there, a spec or package that exists.
pub fn exists(path: &str, content: &ProductContent) -> bool {
    match parse(path) {
        None => false,
        Some(FieldPath::Whole) => true,
        Some(FieldPath::Product(field)) => {
            if let Some((list, rest)) = field.split_once('[') {
                let Some(index) = rest.strip_suffix(']').and_then(|i| i.parse::<usize>().ok()) else { return false };
                return match list {
                    "images" => index < content.images.len(),
                    "copyright_certs" => index < content.copyright_certs.len(),
                    _ => false,
                };
            }
            PRODUCT_FIELDS.contains(&field)
        }
        Some(FieldPath::Spec { spec, field }) => {
            content.spec(spec).is_some() && field.is_none_or(|f| SPEC_FIELDS.contains(&f))
        }
        Some(FieldPath::Package { spec, package, field }) => {
            content.spec(spec).and_then(|s| s.package(package)).is_some()
                && field.is_none_or(|f| PACKAGE_FIELDS.contains(&f))
        }
    }
}

/// The publish step (1–4) that holds the field at `path`; `None` for the whole product.
pub fn step(path: &str) -> Option<u8> {
    match parse(path)? {
        FieldPath::Whole => None,
        FieldPath::Spec { .. } | FieldPath::Package { .. } => Some(4),
        FieldPath::Product(field) => {
            let head = field.split(['.', '[']).next().unwrap_or_default();
            Some(match head {
                "name" | "icon" | "access_type" => 1,
                "images" | "summary" | "detail" | "cases" | "usage_doc" | "support" => 2,
                "specs" => 4,
                _ => 3,
            })
        }
    }
}

/// What a path names, for a person: the field (its last name: `price`, `summary`,
/// `support.email`; `spec` or `package` for a whole spec or package) and the names of
/// the spec and package it is in, as `content` has them (`None` when the spec or
/// package is no longer there).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Described {
    pub field: String,
    pub spec: Option<String>,
    pub package: Option<String>,
    /// Whether the spec or package the path is in still exists.
    pub exists: bool,
}

pub fn describe(path: &str, content: &ProductContent) -> Described {
    let named =
        |name: &str, fallback: &str| if name.trim().is_empty() { fallback.to_owned() } else { name.trim().to_owned() };
    match parse(path) {
        Some(FieldPath::Spec { spec, field }) => {
            let found = content.spec(spec);
            Described {
                field: field.map_or("spec".into(), |f| format!("spec.{f}")),
                spec: found.map(|s| named(&s.name, &format!("#{}", 1 + position(content, spec)))),
                package: None,
                exists: found.is_some(),
            }
        }
        Some(FieldPath::Package { spec, package, field }) => {
            let s = content.spec(spec);
            let p = s.and_then(|s| s.package(package));
            Described {
                field: field.map_or("package".into(), |f| format!("package.{f}")),
                spec: s.map(|s| named(&s.name, &format!("#{}", 1 + position(content, spec)))),
                package: p.map(|p| {
                    let at = s.map_or(0, |s| s.packages.iter().position(|x| x.id == p.id).unwrap_or_default());
                    named(&p.name, &format!("#{}", at + 1))
                }),
                exists: p.is_some(),
            }
        }
        Some(FieldPath::Product(field)) => {
            Described { field: field.to_owned(), spec: None, package: None, exists: true }
        }
        Some(FieldPath::Whole) | None => Described { field: String::new(), spec: None, package: None, exists: true },
    }
}

/// Every place a reviewer may comment on, in the form's order: the whole product (`""`),
/// each field, each image and certificate that is there, each spec and package and
/// their fields.
pub fn commentable(content: &ProductContent) -> Vec<String> {
    let mut paths: Vec<String> = ["", "name", "icon", "access_type"].map(String::from).to_vec();
    let list = |name: &str, count: usize| -> Vec<String> {
        if count == 0 {
            vec![name.to_owned()]
        } else {
            (0..count).map(|i| format!("{name}[{i}]")).collect()
        }
    };
    paths.extend(list("images", content.images.len()));
    paths.extend(
        [
            "summary",
            "detail",
            "cases",
            "usage_doc",
            "support.hotline",
            "support.email",
            "support.hours",
            "category",
            "tags",
        ]
        .map(String::from),
    );
    paths.extend(list("copyright_certs", content.copyright_certs.len()));
    paths.extend(["oss_statement", "service_agreement", "test_report"].map(String::from));
    for s in &content.specs {
        paths.push(spec(&s.id));
        paths.push(spec_field(&s.id, "name"));
        paths.push(spec_field(&s.id, "service_id"));
        for p in &s.packages {
            paths.push(package(&s.id, &p.id));
            paths.extend(["name", "calls", "validity", "price"].map(|f| package_field(&s.id, &p.id, f)));
        }
    }
    paths
}

fn position(content: &ProductContent, spec: &str) -> usize {
    content.specs.iter().position(|s| s.id == spec).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Package, Spec};

    fn content() -> ProductContent {
        ProductContent {
            specs: vec![Spec {
                id: "s1".into(),
                name: "基础版".into(),
                packages: vec![
                    Package { id: "p1".into(), name: "体验包".into(), ..Package::default() },
                    Package { id: "p2".into(), ..Package::default() },
                ],
                ..Spec::default()
            }],
            ..ProductContent::default()
        }
    }

    #[test]
    fn every_commentable_place_exists_and_is_on_a_step() {
        let mut c = content();
        let image = crate::model::FileRef {
            id: "f".into(),
            kind: crate::FileKind::Png,
            name: "a.png".into(),
            size: 1,
            width: None,
            height: None,
        };
        c.images = vec![image; 2];
        let paths = commentable(&c);
        assert!(paths.contains(&"images[1]".to_owned()) && !paths.contains(&"images".to_owned()));
        assert!(paths.contains(&"copyright_certs".to_owned()), "an empty list is one place");
        assert!(paths.contains(&"specs[s1].packages[p2].price".to_owned()));
        assert_eq!(paths[0], "", "the whole product first");
        for p in &paths {
            assert!(exists(p, &c), "{p} exists");
            assert_eq!(step(p).is_none(), p.is_empty(), "{p} is on a step");
        }
    }

    #[test]
    fn paths_name_specs_and_packages_by_id() {
        assert_eq!(package_field("s1", "p2", "price"), "specs[s1].packages[p2].price");
        assert_eq!(parse("summary"), Some(FieldPath::Product("summary")));
        assert_eq!(parse(""), Some(FieldPath::Whole));
        assert_eq!(parse("specs[s1]"), Some(FieldPath::Spec { spec: "s1", field: None }));
        assert_eq!(parse("specs[s1].name"), Some(FieldPath::Spec { spec: "s1", field: Some("name") }));
        assert_eq!(
            parse("specs[s1].packages[p2].price"),
            Some(FieldPath::Package { spec: "s1", package: "p2", field: Some("price") })
        );
        assert_eq!(
            parse("specs[s1].packages[p2]"),
            Some(FieldPath::Package { spec: "s1", package: "p2", field: None })
        );
        assert_eq!(parse("specs[s1"), None);
        assert_eq!(parse("specs[s1]name"), None);
    }

    #[test]
    fn a_path_exists_while_its_field_spec_and_package_do() {
        let c = content();
        for path in
            ["", "summary", "support.email", "specs[s1].name", "specs[s1].packages[p2].price", "specs[s1].packages[p1]"]
        {
            assert!(exists(path, &c), "{path}");
        }
        for path in [
            "nope",
            "images[0]",
            "specs[s9].name",
            "specs[s1].packages[p9].price",
            "specs[s1].colour",
            "specs[s1].packages[p1].colour",
        ] {
            assert!(!exists(path, &c), "{path}");
        }
    }

    #[test]
    fn a_path_is_described_with_the_names_of_its_spec_and_package() {
        let c = content();
        let d = describe("specs[s1].packages[p1].name", &c);
        assert_eq!(
            (d.field.as_str(), d.spec.as_deref(), d.package.as_deref()),
            ("package.name", Some("基础版"), Some("体验包"))
        );
        let unnamed = describe("specs[s1].packages[p2].price", &c);
        assert_eq!(unnamed.package.as_deref(), Some("#2"), "an unnamed package by its place");
        let mut moved = c.clone();
        moved.specs[0].packages.swap(0, 1);
        assert_eq!(describe("specs[s1].packages[p1].name", &moved).package.as_deref(), Some("体验包"), "上移 keeps it");
        let mut removed = c.clone();
        removed.specs.clear();
        let gone = describe("specs[s1].name", &removed);
        assert!(!gone.exists && gone.spec.is_none(), "a removed spec is said to be gone");
        assert_eq!(describe("summary", &c).field, "summary");
    }

    #[test]
    fn each_path_is_on_its_step() {
        assert_eq!(step("name"), Some(1));
        assert_eq!(step("images[3]"), Some(2));
        assert_eq!(step("support.hours"), Some(2));
        assert_eq!(step("test_report"), Some(3));
        assert_eq!(step("specs[s1].packages[p1].price"), Some(4));
        assert_eq!(step(""), None);
    }
}

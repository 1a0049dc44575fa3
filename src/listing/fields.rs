//! A field of a product named and shown by its path (SPEC §5b): the label a comment
//! carries (商品简介; 套餐名称（基础版 / 体验包）), and the field's value in a line, for
//! the reviewer's field-by-field list.

use domain::model::{Catalog, FileRef, ProductContent};
use domain::path::{self, FieldPath};

use super::{category_name, hours_text, validity_text};
use crate::i18n::{field_key, k, I18n, Key};

/// The label of the field at `path`, as `content` names its spec and package (a spec or
/// package no longer there: 已删除).
pub fn path_label(i18n: I18n, path: &str, content: &ProductContent) -> String {
    let gone = || i18n.t(k::COMMENT_GONE).to_owned();
    match path::parse(path) {
        None | Some(FieldPath::Whole) => i18n.t(k::COMMENT_WHOLE).to_owned(),
        Some(FieldPath::Product(field)) => product_label(i18n, field),
        Some(FieldPath::Spec { field, .. }) => {
            let key = match field {
                None => k::COMMENT_SPEC,
                Some("name") => k::FIELD_SPEC_NAME,
                Some("packages") => k::FIELD_PACKAGES,
                Some(_) => k::FIELD_SERVICE,
            };
            let described = path::describe(path, content);
            let spec = described.spec.unwrap_or_else(gone);
            i18n.format(k::COMMENT_IN_SPEC, &[("field", i18n.t(key)), ("spec", &spec)])
        }
        Some(FieldPath::Package { field, .. }) => {
            let key = match field {
                None => k::COMMENT_PACKAGE,
                Some("name") => k::FIELD_PACKAGE_NAME,
                Some("calls") => k::FIELD_CALLS,
                Some("price") => k::FIELD_PRICE,
                Some(_) => k::FIELD_VALIDITY,
            };
            let described = path::describe(path, content);
            let (spec, package) = (described.spec.unwrap_or_else(gone), described.package.unwrap_or_else(gone));
            i18n.format(k::COMMENT_IN_PACKAGE, &[("field", i18n.t(key)), ("spec", &spec), ("package", &package)])
        }
    }
}

fn product_label(i18n: I18n, field: &str) -> String {
    if let Some((list, rest)) = field.split_once('[') {
        let n = rest.trim_end_matches(']').parse::<usize>().map_or(0, |i| i + 1);
        let label = field_key(list).map(|key| i18n.t(key)).unwrap_or(list);
        return i18n.format(k::COMMENT_NTH, &[("field", label), ("n", &n.to_string())]);
    }
    let key: Option<Key> = match field {
        "support.hotline" => Some(k::FIELD_HOTLINE),
        "support.email" => Some(k::FIELD_EMAIL),
        "support.hours" => Some(k::FIELD_HOURS),
        "access_type" => Some(k::FIELD_ACCESS_TYPE),
        other => field_key(other),
    };
    key.map_or_else(|| field.to_owned(), |key| i18n.t(key).to_owned())
}

/// The value of the field at `path` in one line (a file by its name).
pub fn path_value(i18n: I18n, path: &str, content: &ProductContent, catalog: &Catalog) -> String {
    let file = |f: &Option<FileRef>| f.as_ref().map(|f| f.name.clone()).unwrap_or_default();
    let nth = |list: &[FileRef], field: &str| {
        let i = field.split_once('[').and_then(|(_, r)| r.trim_end_matches(']').parse::<usize>().ok());
        i.and_then(|i| list.get(i)).map(|f| f.name.clone()).unwrap_or_default()
    };
    match path::parse(path) {
        None | Some(FieldPath::Whole) => String::new(),
        Some(FieldPath::Product(field)) => match field {
            "name" => content.name.clone(),
            "icon" => file(&content.icon),
            "access_type" => "API".into(),
            "summary" => content.summary.clone(),
            "detail" => content.detail.clone(),
            "cases" => content.cases.clone(),
            "usage_doc" => file(&content.usage_doc),
            "support.hotline" => content.support.hotline.clone(),
            "support.email" => content.support.email.clone(),
            "support.hours" => hours_text(i18n, &content.support.hours),
            "category" => category_name(content, catalog).unwrap_or_default(),
            "tags" => {
                let names: Vec<&str> = content
                    .tags
                    .iter()
                    .filter_map(|id| catalog.tags.iter().find(|t| &t.id == id).map(|t| t.name.as_str()))
                    .collect();
                names.join(i18n.t(k::LIST_SEPARATOR))
            }
            "oss_statement" => file(&content.oss_statement),
            "service_agreement" => file(&content.service_agreement),
            "test_report" => file(&content.test_report),
            f if f.starts_with("images[") => nth(&content.images, f),
            f if f.starts_with("copyright_certs[") => nth(&content.copyright_certs, f),
            _ => String::new(),
        },
        Some(FieldPath::Spec { spec, field }) => {
            let Some(s) = content.spec(spec) else { return String::new() };
            match field {
                Some("service_id" | "access_url") => s.access_url.clone(),
                _ => s.name.clone(),
            }
        }
        Some(FieldPath::Package { spec, package, field }) => {
            let Some(p) = content.spec(spec).and_then(|s| s.package(package)) else { return String::new() };
            match field {
                Some("calls") => p.calls.clone(),
                Some("validity" | "validity_unit") => validity_text(i18n.locale(), &p.validity, p.validity_unit),
                Some("price") => format!("¥ {}", p.price.trim()),
                _ => p.name.clone(),
            }
        }
    }
}

//! Turns the locale files into a compact table (one array of strings per locale) and
//! a constant per key, so a mistyped key is a compile error. The build fails when the
//! locales disagree on keys or placeholders, or when a key the `domain` crate emits
//! (errors, file kinds, statuses, operations, tabs, upload slots) has no text.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::{env, fs, path::Path};

const LOCALES: [(&str, &str); 2] = [("ZH_CN", "locales/zh-CN.json"), ("EN", "locales/en.json")];

fn main() {
    let tables: Vec<(&str, BTreeMap<String, String>)> = LOCALES
        .iter()
        .map(|(name, path)| {
            println!("cargo::rerun-if-changed={path}");
            let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
            let map: BTreeMap<String, String> = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
            (*name, map)
        })
        .collect();

    let (_, reference) = &tables[0];
    for (name, table) in &tables[1..] {
        let a: BTreeSet<_> = reference.keys().collect();
        let b: BTreeSet<_> = table.keys().collect();
        assert!(a == b, "locale {name} differs in keys: {:?}", a.symmetric_difference(&b).collect::<Vec<_>>());
        for (key, text) in table {
            assert_eq!(
                placeholders(text),
                placeholders(&reference[key]),
                "locale {name}, key {key}: placeholders differ"
            );
        }
    }
    for key in domain_keys() {
        assert!(reference.contains_key(&key), "no locale text for domain key {key}");
    }

    let mut out = String::new();
    let n = reference.len();
    // The keys texts are looked up by name (errors and file kinds travel as their keys),
    // sorted, with their index: not every key's name, which the console never needs.
    let mut named: Vec<(String, usize)> = {
        use domain::{ErrorKey, FileKind};
        let names = ErrorKey::ALL
            .iter()
            .map(|k| k.as_str().to_owned())
            .chain(FileKind::ALL.iter().map(|k| k.i18n_key().to_owned()));
        names
            .map(|name| {
                let i =
                    reference.keys().position(|k| *k == name).unwrap_or_else(|| panic!("no locale text for {name}"));
                (name, i)
            })
            .collect()
    };
    named.sort();
    named.dedup();
    writeln!(out, "pub(crate) static NAMED: [(&str, usize); {}] = {named:?};", named.len()).unwrap();
    for (name, table) in &tables {
        writeln!(out, "pub(crate) static {name}: [&str; {n}] = {:?};", table.values().collect::<Vec<_>>()).unwrap();
    }
    // The default locale's texts the first load's code can show (the keys it names, and
    // every key the domain emits); the screens' chunks bring the rest (`ZH_CN`).
    let (first, domain) = (first_screen_keys(), domain_keys());
    let first_texts: Vec<&str> = reference
        .iter()
        .map(|(key, text)| if first.contains(&ident(key)) || domain.contains(key) { text.as_str() } else { "" })
        .collect();
    writeln!(out, "#[cfg_attr(not(feature = \"split\"), allow(dead_code))]").unwrap();
    writeln!(out, "pub(crate) static ZH_CN_FIRST: [&str; {n}] = {first_texts:?};").unwrap();
    writeln!(out, "/// One constant per locale key (`nav.product_management` → `NAV_PRODUCT_MANAGEMENT`).").unwrap();
    writeln!(out, "pub mod k {{\n    use super::Key;").unwrap();
    for (i, key) in reference.keys().enumerate() {
        writeln!(out, "    pub const {}: Key = Key({i});", ident(key)).unwrap();
    }
    writeln!(out, "}}").unwrap();
    domain_key_fns(&mut out);
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("locales.rs");
    fs::write(dest, out).unwrap();
    styles();
}

/// The style sheets, in cascade order, joined into one sheet the app renders inside its
/// root (so an embedded console carries its styles into its shadow root). Comments and
/// indentation are dropped.
const STYLES: [&str; 9] = [
    "style/shell.css",
    "style/ui.css",
    "style/session.css",
    "style/publish.css",
    "style/listing.css",
    "style/products.css",
    "style/review.css",
    "style/narrow.css",
    "style/host.css",
];

/// The code of the first load (the main module): the classes it can put on the page
/// decide which rules the first load carries (`first.css`); the screens' chunks bring the
/// whole sheet (`styles.css`).
const FIRST_SCREEN_CODE: [&str; 11] = [
    "src/app",
    "src/products/mod.rs",
    "src/products/operations.rs",
    "src/ui/mod.rs",
    "src/session",
    "src/live",
    "src/i18n",
    "src/api",
    "src/host.rs",
    "src/lib.rs",
    "src/widget.rs",
];

fn styles() {
    let mut sheet = String::new();
    for path in STYLES {
        println!("cargo::rerun-if-changed={path}");
        let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut rest = text.as_str();
        while let Some(start) = rest.find("/*") {
            sheet.push_str(&rest[..start]);
            let end = rest[start..].find("*/").unwrap_or_else(|| panic!("{path}: unclosed comment")) + start + 2;
            rest = &rest[end..];
        }
        sheet.push_str(rest);
    }
    let sheet: Vec<&str> = sheet.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let sheet = sheet.join("\n");
    let out = env::var("OUT_DIR").unwrap();
    fs::write(Path::new(&out).join("first.css"), first_screen_rules(&sheet)).unwrap();
    fs::write(Path::new(&out).join("styles.css"), sheet).unwrap();
}

/// The first load's code's files.
fn first_screen_files() -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for path in FIRST_SCREEN_CODE {
        println!("cargo::rerun-if-changed={path}");
        match fs::read_dir(path) {
            Ok(dir) => files.extend(
                dir.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "rs")),
            ),
            Err(_) => files.push(Path::new(path).to_path_buf()),
        }
    }
    files
}

/// The locale keys the first load's code names (`k::PRODUCTS_TITLE` → `PRODUCTS_TITLE`).
fn first_screen_keys() -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for file in first_screen_files() {
        let text = fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for part in text.split("k::").skip(1) {
            keys.insert(
                part.chars().take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_').collect(),
            );
        }
    }
    keys
}

/// The `apx-` class names (and the prefixes of names made at run time, `apx-status--{}`)
/// in the first load's code.
fn first_screen_classes() -> BTreeSet<String> {
    let mut classes = BTreeSet::new();
    for file in first_screen_files() {
        let text = fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let mut rest = text.as_str();
        while let Some(at) = rest.find("apx-") {
            let name: String =
                rest[at..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
            rest = &rest[at + name.len()..];
            classes.insert(name);
        }
    }
    classes
}

/// The rules of `sheet` that can apply to the first load's elements, in order: every
/// at-rule (`@container` …), and every rule one of whose selectors names only classes the
/// first load's code uses (a selector with `:not(` always). The others need a class only
/// the screens' chunks put on the page, so they cannot match before.
fn first_screen_rules(sheet: &str) -> String {
    let classes = first_screen_classes();
    let present = |class: &str| {
        classes.contains(class)
            || classes.iter().any(|c| c.ends_with('-') && c.len() > 4 && class.starts_with(c.as_str()))
    };
    let may_match = |selector: &str| {
        selector.contains(":not(")
            || selector.split('.').skip(1).all(|part| {
                let class: String =
                    part.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
                !class.starts_with("apx-") || present(&class)
            })
    };
    let mut first = String::new();
    let mut rest = sheet;
    while let Some(open) = rest.find('{') {
        let head = rest[..open].trim();
        // The block, with the blocks nested in it.
        let (mut depth, mut close) = (0, open);
        for (i, c) in rest[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                close = open + i;
                break;
            }
        }
        let rule = &rest[..=close];
        if head.starts_with('@') || head.split(',').any(may_match) {
            first.push_str(rule.trim());
            first.push('\n');
        }
        rest = &rest[close + 1..];
    }
    first
}

fn placeholders(text: &str) -> BTreeSet<String> {
    text.split('{').skip(1).filter_map(|s| s.split_once('}').map(|(p, _)| p.to_owned())).collect()
}

/// The constant of a locale key (`nav.product_management` → `NAV_PRODUCT_MANAGEMENT`).
fn ident(key: &str) -> String {
    key.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect()
}

/// The locale key of an operation (`op.withdraw_review`).
fn op_key(op: &domain::Operation) -> String {
    format!("op.{}", serde_json::to_string(op).unwrap().trim_matches('"'))
}

fn domain_keys() -> Vec<String> {
    use domain::*;
    let mut keys: Vec<String> = ErrorKey::ALL.iter().map(|k| k.as_str().to_owned()).collect();
    keys.extend(FileKind::ALL.iter().map(|k| k.i18n_key().to_owned()));
    keys.extend(Status::ALL.iter().map(|s| format!("status.{}", s.slug())));
    keys.extend(Operation::ALL.iter().map(op_key));
    keys.extend(Tab::ALL.iter().map(|t| format!("tab.{}", t.slug())));
    keys.extend(FileSlot::ALL.iter().map(|s| format!("field.{}", s.name())));
    keys.extend(FileSlot::ALL.iter().map(|s| format!("formats.{}", s.name())));
    keys.extend(ChangeStatus::ALL.iter().map(|c| format!("change.{}", c.slug())));
    keys.extend(diff::FIELDS.iter().map(|f| format!("field.{f}")));
    keys
}

/// `status_key`, `operation_key`, `tab_key`, `change_key` and `slot_key`: the locale key
/// of each status, operation, tab, change state and upload slot (its seed label) the `domain` crate names, as a `match` (checked above to exist).
fn domain_key_fns(out: &mut String) {
    use domain::*;
    let mut function = |name: &str, ty: &str, arms: Vec<(String, String)>| {
        writeln!(
            out,
            "/// The locale key of a `domain::{ty}`.\npub fn {name}(v: domain::{ty}) -> Key {{\n    match v {{"
        )
        .unwrap();
        for (variant, key) in arms {
            writeln!(out, "        domain::{ty}::{variant} => k::{},", ident(&key)).unwrap();
        }
        writeln!(out, "    }}\n}}").unwrap();
    };
    function(
        "status_key",
        "Status",
        Status::ALL.iter().map(|s| (format!("{s:?}"), format!("status.{}", s.slug()))).collect(),
    );
    function("operation_key", "Operation", Operation::ALL.iter().map(|o| (format!("{o:?}"), op_key(o))).collect());
    function("tab_key", "Tab", Tab::ALL.iter().map(|t| (format!("{t:?}"), format!("tab.{}", t.slug()))).collect());
    function(
        "change_key",
        "ChangeStatus",
        ChangeStatus::ALL.iter().map(|c| (format!("{c:?}"), format!("change.{}", c.slug()))).collect(),
    );
    function(
        "slot_key",
        "FileSlot",
        FileSlot::ALL.iter().map(|s| (format!("{s:?}"), format!("field.{}", s.name()))).collect(),
    );
    function(
        "formats_key",
        "FileSlot",
        FileSlot::ALL.iter().map(|s| (format!("{s:?}"), format!("formats.{}", s.name()))).collect(),
    );
    // The label of a content field by its `domain::diff::FIELDS` name.
    writeln!(out, "/// The label of a content field named as in `domain::diff::FIELDS`.\npub fn field_key(name: &str) -> Option<Key> {{\n    Some(match name {{").unwrap();
    for f in diff::FIELDS {
        writeln!(out, "        {f:?} => k::{},", ident(&format!("field.{f}"))).unwrap();
    }
    writeln!(out, "        _ => return None,\n    }})\n}}").unwrap();
}

//! Validators for every field of SPEC §3, per step and for the whole product. They
//! return values (never panic, never text): the app shows them next to fields, the
//! backend returns them from submit.

use std::collections::HashSet;

use crate::error::{ErrorKey, FieldError};
use crate::model::{Catalog, CategoryChoice, FileRef, Package, ProductContent, ServiceHours, ServiceSupport, Spec};
use crate::path;
use crate::rules::{CountLimit, FileLimit, RuleId, TextLimit, RULES};
use crate::slot::FileSlot;
use crate::structure::Broken;
use crate::text::{is_multiline, text_len};

type Check = Result<(), FieldError>;

/// A limited text: required, length in grapheme clusters, one line.
pub fn text(limit: &TextLimit, field: &str, value: &str) -> Check {
    let len = text_len(value);
    if len == 0 {
        return if limit.required { Err(FieldError::new(limit.id, field, ErrorKey::Required)) } else { Ok(()) };
    }
    if len > limit.max_chars {
        return Err(FieldError::new(limit.id, field, ErrorKey::TooLong).with("max", limit.max_chars).with("len", len));
    }
    if limit.single_line && is_multiline(value) {
        return Err(FieldError::new(limit.id, field, ErrorKey::OneLine));
    }
    Ok(())
}

/// A count of things between the limit's bounds.
pub fn count(limit: &CountLimit, field: &str, n: usize) -> Check {
    if n < limit.min {
        let key = if limit.min == 1 { ErrorKey::Required } else { ErrorKey::TooFew };
        return Err(FieldError::new(limit.id, field, key).with("min", limit.min));
    }
    if n > limit.max {
        return Err(FieldError::new(limit.id, field, ErrorKey::TooMany).with("max", limit.max));
    }
    Ok(())
}

/// One file against its field's rule: kind by content, bytes, pixels.
pub fn file(limit: &FileLimit, field: &str, file: &FileRef) -> Check {
    if !limit.accepts(file.kind) {
        let expected: Vec<&str> = limit.kinds.iter().map(|k| k.i18n_key()).collect();
        return Err(FieldError::new(limit.id, field, ErrorKey::WrongKind)
            .with("actual", file.kind.i18n_key())
            .with("expected", expected.join(",")));
    }
    if file.size > limit.max_bytes {
        return Err(FieldError::new(limit.id, field, ErrorKey::TooBig)
            .with("max", limit.max_bytes)
            .with("max_mb", limit.max_bytes / (1024 * 1024)));
    }
    if let Some((w, h)) = limit.pixels {
        if file.width != Some(w) || file.height != Some(h) {
            return Err(FieldError::new(limit.id, field, ErrorKey::Pixels).with("width", w).with("height", h));
        }
    }
    Ok(())
}

/// The files of a field: their count, then each file (`field[i]`).
pub fn files(limit: &FileLimit, field: &str, files: &[FileRef]) -> Vec<FieldError> {
    let counted = CountLimit { id: limit.id, min: limit.min_count, max: limit.max_count };
    let mut errors: Vec<FieldError> = count(&counted, field, files.len()).err().into_iter().collect();
    let many = limit.max_count > 1;
    for (i, f) in files.iter().enumerate() {
        let path = if many { format!("{field}[{i}]") } else { field.to_owned() };
        errors.extend(file(limit, &path, f).err());
    }
    errors
}

/// A field holding at most one file.
pub fn one_file(limit: &FileLimit, field: &str, value: &Option<FileRef>) -> Vec<FieldError> {
    files(limit, field, value.as_slice())
}

/// The files of an upload slot of `content`, against the slot's rule.
pub fn slot(slot: FileSlot, content: &ProductContent) -> Vec<FieldError> {
    files(&slot.limit(), slot.name(), &slot.files(content))
}

/// An uploaded image (any image slot: icon, product images, copyright certificates):
/// whole to its end marker (`whole`, from [`crate::structure`]), with a readable size
/// within the original-image guards (100 MP, 50 MB). Other kinds pass.
pub fn whole_image(limit: &FileLimit, field: &str, file: &FileRef, whole: Result<(), Broken>) -> Check {
    if !file.kind.is_image() {
        return Ok(());
    }
    let undecodable = || FieldError::new(limit.id, field, ErrorKey::Undecodable);
    whole.map_err(|_| undecodable())?;
    let (Some(width), Some(height)) = (file.width, file.height) else { return Err(undecodable()) };
    if width == 0 || height == 0 {
        return Err(undecodable());
    }
    original_image(field, file.size, width, height)
}

/// An original image before it is prepared: not over the pixel and byte guards.
pub fn original_image(field: &str, bytes: u64, width: u32, height: u32) -> Check {
    let limit = RULES.up_original;
    if bytes > limit.max_bytes {
        return Err(FieldError::new(limit.id, field, ErrorKey::TooBig)
            .with("max", limit.max_bytes)
            .with("max_mb", limit.max_bytes / (1024 * 1024)));
    }
    if u64::from(width) * u64::from(height) > limit.max_pixels {
        return Err(
            FieldError::new(limit.id, field, ErrorKey::TooManyPixels).with("max_mp", limit.max_pixels / 1_000_000)
        );
    }
    Ok(())
}

/// 服务热线: a mainland mobile (optionally +86), a landline with area code and an
/// optional extension, a 400/800 number, or an international `+country` number.
/// Spaces and hyphens between digit groups are fine; the area code may be in brackets.
pub fn is_phone(value: &str) -> bool {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > RULES.s2_support.phone_max_chars {
        return false;
    }
    // An extension after 转 / ext / x / # (a landline's, e.g. 010-12345678 转 123).
    let lower = value.to_ascii_lowercase();
    let marker = ["转", "ext.", "ext", "x", "#"].iter().find_map(|m| lower.find(m).map(|at| (at, m.len())));
    let (main, ext) = match marker {
        Some((at, len)) => (&lower[..at], Some(lower[at + len..].trim())),
        None => (lower.as_str(), None),
    };
    if let Some(ext) = ext {
        return is_digits(ext, 1, 6) && is_landline(&digits_of(main).unwrap_or_default());
    }
    // A landline's extension may also be a third hyphen group: 010-12345678-123.
    let groups: Vec<&str> = main.split('-').map(str::trim).collect();
    if groups.len() == 3 && groups[0].starts_with('0') && is_digits(groups[2], 1, 6) {
        let number = format!("{}{}", groups[0], groups[1]);
        if is_landline(&number) {
            return true;
        }
    }
    let Some(digits) = digits_of(main) else {
        return false;
    };
    if main.trim_start().starts_with('+') {
        return match digits.strip_prefix("86") {
            Some(national) => is_mobile(national) || is_landline(&format!("0{national}")),
            None => (8..=15).contains(&digits.len()) && !digits.starts_with('0'),
        };
    }
    is_mobile(&digits) || is_landline(&digits) || is_400_800(&digits)
}

/// The digits of a number written with spaces, hyphens, brackets or a leading `+`;
/// `None` if anything else is in it.
fn digits_of(value: &str) -> Option<String> {
    let value = value.trim();
    let value = value.strip_prefix('+').unwrap_or(value);
    let mut digits = String::new();
    for c in value.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '(' | ')' => {}
            _ => return None,
        }
    }
    (!digits.is_empty()).then_some(digits)
}

fn is_digits(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_mobile(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])
}

/// 0 + area code (2 digits after the 0 for 01x/02x, 3 otherwise) + a 7–8 digit local
/// number that does not start with 0 or 1.
fn is_landline(d: &str) -> bool {
    let b = d.as_bytes();
    if b.len() < 3 || b[0] != b'0' || b[1] == b'0' {
        return false;
    }
    let area = if matches!(b[1], b'1' | b'2') { 3 } else { 4 };
    let local = &d[area.min(d.len())..];
    matches!(local.len(), 7 | 8) && !local.starts_with(['0', '1'])
}

fn is_400_800(d: &str) -> bool {
    d.len() == 10 && (d.starts_with("400") || d.starts_with("800"))
}

/// 服务邮箱: `local@domain.tld` with a dotted domain of letters, digits and hyphens.
pub fn is_email(value: &str) -> bool {
    let value = value.trim();
    if value.len() > RULES.s2_support.email_max_chars {
        return false;
    }
    let Some((local, domain)) = value.rsplit_once('@') else {
        return false;
    };
    let local_ok = (1..=64).contains(&local.len())
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            (1..=63).contains(&l.len())
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels.last().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    local_ok && domain_ok
}

/// Minutes since midnight of an `HH:MM` time (`24:00` allowed as an end).
pub fn minutes(value: &str) -> Option<u32> {
    let (h, m) = value.trim().split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(h * 60 + m)
}

/// 服务时间: 7×24, or at least one day of the week and a start before the end.
pub fn hours(field: &str, value: &ServiceHours) -> Check {
    let id = RuleId::S2Support;
    let ServiceHours::Weekly { days, start, end } = value else {
        return Ok(());
    };
    if days.is_empty() || days.iter().any(|d| !(1..=7).contains(d)) {
        return Err(FieldError::new(id, field, ErrorKey::HoursDays));
    }
    match (minutes(start), minutes(end)) {
        (Some(s), Some(e)) if s < e => Ok(()),
        _ => Err(FieldError::new(id, field, ErrorKey::HoursRange)),
    }
}

/// 服务支持: hotline, e-mail and hours, each on its own field.
pub fn support(value: &ServiceSupport) -> Vec<FieldError> {
    let id = RuleId::S2Support;
    let mut errors = Vec::new();
    let required_or = |v: &str, ok: bool, field: &str, key: ErrorKey| -> Option<FieldError> {
        if v.trim().is_empty() {
            Some(FieldError::new(id, field, ErrorKey::Required))
        } else if !ok {
            Some(FieldError::new(id, field, key))
        } else {
            None
        }
    };
    errors.extend(required_or(&value.hotline, is_phone(&value.hotline), "support.hotline", ErrorKey::Phone));
    errors.extend(required_or(&value.email, is_email(&value.email), "support.email", ErrorKey::Email));
    errors.extend(hours("support.hours", &value.hours).err());
    errors
}

/// 商品分类: a level-1 category and one of its level-2 children, both offered.
pub fn category(value: &Option<CategoryChoice>, catalog: &Catalog) -> Check {
    let id = RuleId::S3Category;
    let field = "category";
    let Some(choice) = value.as_ref().filter(|c| !c.level1.is_empty()) else {
        return Err(FieldError::new(id, field, ErrorKey::Required));
    };
    if choice.level2.is_empty() {
        return Err(FieldError::new(id, field, ErrorKey::CategoryLevel2));
    }
    let offered = catalog
        .categories
        .iter()
        .find(|c| c.id == choice.level1)
        .is_some_and(|c| c.children.iter().any(|child| child.id == choice.level2));
    if offered {
        Ok(())
    } else {
        Err(FieldError::new(id, field, ErrorKey::UnknownChoice))
    }
}

/// 商品标签（可选）: at most 8, no duplicates, each one offered.
pub fn tags(value: &[String], catalog: &Catalog) -> Vec<FieldError> {
    let limit = RULES.s3_tags;
    let mut errors: Vec<FieldError> = count(&limit, "tags", value.len()).err().into_iter().collect();
    let mut seen = HashSet::new();
    for (i, tag) in value.iter().enumerate() {
        let field = format!("tags[{i}]");
        if !seen.insert(tag) {
            errors.push(FieldError::new(limit.id, field, ErrorKey::Duplicate).with("value", tag));
        } else if !catalog.tags.iter().any(|t| &t.id == tag) {
            errors.push(FieldError::new(limit.id, field, ErrorKey::UnknownChoice));
        }
    }
    errors
}

/// 调用次数: a whole number from 1 to 10^9.
pub fn calls(field: &str, value: &str) -> Result<u64, FieldError> {
    let limit = RULES.s4_packages;
    whole_number(limit.id, field, value, limit.calls_min, limit.calls_max)
}

/// 有效期: a whole number from 1 to the unit's maximum.
pub fn validity(field: &str, value: &str, unit: crate::model::ValidityUnit) -> Result<u64, FieldError> {
    let limit = RULES.s4_packages;
    whole_number(limit.id, field, value, 1, u64::from(limit.validity_max[unit.index()]))
}

fn whole_number(id: RuleId, field: &str, value: &str, min: u64, max: u64) -> Result<u64, FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(FieldError::new(id, field, ErrorKey::Required));
    }
    if !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldError::new(id, field, ErrorKey::WholeNumber));
    }
    let range = || FieldError::new(id, field, ErrorKey::Range).with("min", min).with("max", max);
    let n: u64 = value.parse().map_err(|_| range())?; // only overflow is left
    if (min..=max).contains(&n) {
        Ok(n)
    } else {
        Err(range())
    }
}

/// 价格: yuan with at most two decimals, from 0 to 1 000 000. Returns fen.
pub fn price(field: &str, value: &str) -> Result<u64, FieldError> {
    let limit = RULES.s4_packages;
    let value = value.trim();
    if value.is_empty() {
        return Err(FieldError::new(limit.id, field, ErrorKey::Required));
    }
    let bad = || FieldError::new(limit.id, field, ErrorKey::Price);
    let (yuan, fen) = value.split_once('.').unwrap_or((value, ""));
    let decimals = limit.price_decimals as usize;
    let well_formed =
        is_digits(yuan, 1, 12) && (fen.is_empty() && !value.ends_with('.') || is_digits(fen, 1, decimals));
    if !well_formed {
        return Err(bad());
    }
    let yuan: u64 = yuan.parse().map_err(|_| bad())?;
    let fen_part: u64 = format!("{fen:0<decimals$}").parse().map_err(|_| bad())?;
    let total = yuan * 10u64.pow(limit.price_decimals) + fen_part;
    if total > limit.price_max_fen {
        return Err(FieldError::new(limit.id, field, ErrorKey::Range)
            .with("min", 0)
            .with("max", limit.price_max_fen / 10u64.pow(limit.price_decimals)));
    }
    Ok(total)
}

/// One package (`prefix` is its path, `specs[<id>].packages[<id>]`).
pub fn package(prefix: &str, value: &Package) -> Vec<FieldError> {
    let limit = RULES.s4_packages;
    let name_limit = TextLimit { id: limit.id, required: true, max_chars: limit.name_max_chars, single_line: true };
    let mut errors = Vec::new();
    errors.extend(text(&name_limit, &format!("{prefix}.name"), &value.name).err());
    errors.extend(calls(&format!("{prefix}.calls"), &value.calls).err());
    errors.extend(validity(&format!("{prefix}.validity"), &value.validity, value.validity_unit).err());
    errors.extend(price(&format!("{prefix}.price"), &value.price).err());
    errors
}

/// One spec at `index`: its name (unique among `all`), its service (one of the
/// seller's), its 1–20 packages, and that its own 保存 took its last change (S4-SAVE).
/// Its fields' paths name it by id (`specs[<id>].name`).
pub fn spec(index: usize, value: &Spec, all: &[Spec], catalog: &Catalog) -> Vec<FieldError> {
    let prefix = path::spec(&value.id);
    let mut errors = spec_content(index, value, all, catalog);
    if !value.saved {
        let name = value.name.trim();
        let name = if name.is_empty() { format!("#{}", index + 1) } else { name.to_owned() };
        errors.push(FieldError::new(RuleId::S4Save, prefix, ErrorKey::SpecUnsaved).with("name", name));
    }
    errors
}

/// What a spec's own 保存 checks: everything of [`spec`] but whether it was saved.
pub fn spec_content(index: usize, value: &Spec, all: &[Spec], catalog: &Catalog) -> Vec<FieldError> {
    let prefix = path::spec(&value.id);
    let mut errors = Vec::new();
    let name = text(&RULES.s4_name, &format!("{prefix}.name"), &value.name);
    errors.extend(name.clone().err());
    let key = value.name.trim();
    if name.is_ok() && all.iter().take(index).any(|other| other.name.trim() == key) {
        errors.push(FieldError::new(RuleId::S4Name, format!("{prefix}.name"), ErrorKey::Duplicate).with("value", key));
    }
    let service_field = format!("{prefix}.service_id");
    if value.service_id.is_empty() && catalog.services.is_empty() {
        // Nothing to choose: the seller has no service on the gateway yet.
        errors.push(FieldError::new(RuleId::S4Service, service_field, ErrorKey::NoService));
    } else if value.service_id.is_empty() {
        errors.push(FieldError::new(RuleId::S4Service, service_field, ErrorKey::Required));
    } else if !catalog.services.iter().any(|s| s.id == value.service_id) {
        errors.push(FieldError::new(RuleId::S4Service, service_field, ErrorKey::UnknownChoice));
    }
    errors.extend(count(&RULES.s4_packages.count, &format!("{prefix}.packages"), value.packages.len()).err());
    for p in &value.packages {
        errors.extend(package(&path::package(&value.id, &p.id), p));
    }
    errors
}

/// The fields of one publish step (1–4; step 5 has none of its own).
pub fn step(n: u8, content: &ProductContent, catalog: &Catalog) -> Vec<FieldError> {
    let c = content;
    let mut errors = Vec::new();
    match n {
        1 => {
            errors.extend(text(&RULES.s1_name, "name", &c.name).err());
            errors.extend(slot(FileSlot::Icon, c));
        }
        2 => {
            errors.extend(slot(FileSlot::Images, c));
            errors.extend(text(&RULES.s2_summary, "summary", &c.summary).err());
            errors.extend(text(&RULES.s2_detail, "detail", &c.detail).err());
            errors.extend(text(&RULES.s2_cases, "cases", &c.cases).err());
            errors.extend(slot(FileSlot::UsageDoc, c));
            errors.extend(support(&c.support));
        }
        3 => {
            errors.extend(category(&c.category, catalog).err());
            errors.extend(tags(&c.tags, catalog));
            for s in
                [FileSlot::CopyrightCerts, FileSlot::OssStatement, FileSlot::ServiceAgreement, FileSlot::TestReport]
            {
                errors.extend(slot(s, c));
            }
        }
        4 => {
            errors.extend(count(&RULES.s4_specs, "specs", c.specs.len()).err());
            for (i, s) in c.specs.iter().enumerate() {
                errors.extend(spec(i, s, &c.specs, catalog));
            }
        }
        _ => {}
    }
    errors
}

/// The whole product, as checked at 提交审核 by the app and again by the backend.
pub fn product(content: &ProductContent, catalog: &Catalog) -> Result<(), Vec<FieldError>> {
    let errors: Vec<FieldError> = (1..=4).flat_map(|n| step(n, content, catalog)).collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// What a draft must respect to be stored at all: nothing too long, nothing too many.
/// Missing or not-yet-valid values are fine in a draft (nothing a seller typed is
/// refused); [`product`] checks everything at 提交审核.
pub fn draft(content: &ProductContent, catalog: &Catalog) -> Result<(), Vec<FieldError>> {
    let mut hard: Vec<FieldError> = product(content, catalog)
        .err()
        .unwrap_or_default()
        .into_iter()
        .filter(|e| matches!(e.key, ErrorKey::TooLong | ErrorKey::TooMany))
        .collect();
    hard.extend(draft_caps(content));
    if hard.is_empty() {
        Ok(())
    } else {
        Err(hard)
    }
}

/// The stated caps on fields without a length rule ([`crate::rules::DRAFT_CAPS`]).
pub fn draft_caps(content: &ProductContent) -> Vec<FieldError> {
    let caps = crate::rules::DRAFT_CAPS;
    let mut errors = Vec::new();
    let mut cap = |id: RuleId, field: String, value: &str, max: usize| {
        let len = text_len(value);
        if len > max {
            errors.push(FieldError::new(id, field, ErrorKey::TooLong).with("max", max).with("len", len));
        }
    };
    let support = &content.support;
    cap(RuleId::S2Support, "support.hotline".into(), &support.hotline, caps.hotline);
    cap(RuleId::S2Support, "support.email".into(), &support.email, caps.email);
    if let ServiceHours::Weekly { start, end, .. } = &support.hours {
        cap(RuleId::S2Support, "support.hours.start".into(), start, caps.time);
        cap(RuleId::S2Support, "support.hours.end".into(), end, caps.time);
    }
    if let Some(choice) = &content.category {
        cap(RuleId::S3Category, "category".into(), &choice.level1, caps.id);
        cap(RuleId::S3Category, "category".into(), &choice.level2, caps.id);
    }
    for (i, tag) in content.tags.iter().enumerate() {
        cap(RuleId::S3Tags, format!("tags[{i}]"), tag, caps.id);
    }
    for spec in &content.specs {
        cap(RuleId::S4Service, path::spec_field(&spec.id, "service_id"), &spec.service_id, caps.id);
        cap(RuleId::S4Access, path::spec_field(&spec.id, "access_url"), &spec.access_url, caps.access_url);
        for p in &spec.packages {
            let at = path::package(&spec.id, &p.id);
            cap(RuleId::S4Packages, format!("{at}.calls"), &p.calls, caps.number);
            cap(RuleId::S4Packages, format!("{at}.validity"), &p.validity, caps.validity);
            cap(RuleId::S4Packages, format!("{at}.price"), &p.price, caps.number);
        }
    }
    if let ServiceHours::Weekly { days, .. } = &support.hours {
        if days.len() > 7 {
            errors.push(FieldError::new(RuleId::S2Support, "support.hours.days", ErrorKey::TooMany).with("max", 7));
        } else if days.iter().any(|d| !(1..=7).contains(d)) {
            // Only Monday (1) … Sunday (7) exist, in a draft too.
            errors.push(FieldError::new(RuleId::S2Support, "support.hours", ErrorKey::HoursDays));
        }
    }
    errors
}

/// A reviewer's reason for 驳回: required, at most 500 characters.
pub fn review_reason(reason: &str) -> Check {
    text(&RULES.rv_reason, "reason", reason)
}

#[cfg(test)]
mod tests;

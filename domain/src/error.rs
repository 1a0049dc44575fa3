//! What a validator or the backend says is wrong, as data: the rule, the field, an
//! i18n key and its parameters. The app turns the key into words in the seller's
//! locale; nothing here is user-facing text.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::rules::RuleId;

/// The i18n key of a message. Every key has an entry in each locale file of the app
/// (a browser test checks that).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ErrorKey {
    /// Empty where a value is needed.
    #[serde(rename = "error.required")]
    Required,
    /// `{max}` characters at most; `{len}` were given.
    #[serde(rename = "error.too_long")]
    TooLong,
    #[serde(rename = "error.one_line")]
    OneLine,
    /// At least `{min}`.
    #[serde(rename = "error.too_few")]
    TooFew,
    /// At most `{max}`.
    #[serde(rename = "error.too_many")]
    TooMany,
    /// `{value}` appears twice.
    #[serde(rename = "error.duplicate")]
    Duplicate,
    #[serde(rename = "error.phone")]
    Phone,
    #[serde(rename = "error.email")]
    Email,
    /// No day of the week chosen.
    #[serde(rename = "error.hours_days")]
    HoursDays,
    /// A time that is not HH:MM, or a start not before the end.
    #[serde(rename = "error.hours_range")]
    HoursRange,
    /// A level-1 category without a level-2 one.
    #[serde(rename = "error.category_level2")]
    CategoryLevel2,
    /// A category or tag or service that the backend does not offer.
    #[serde(rename = "error.unknown_choice")]
    UnknownChoice,
    /// The file is `{actual}` (a `kind.*` key); the field takes `{expected}`.
    #[serde(rename = "error.wrong_kind")]
    WrongKind,
    /// More than `{max}` bytes (`{max_mb}` MB).
    #[serde(rename = "error.too_big")]
    TooBig,
    /// Not `{width}`×`{height}` pixels.
    #[serde(rename = "error.pixels")]
    Pixels,
    /// An original image over `{max_mp}` megapixels.
    #[serde(rename = "error.too_many_pixels")]
    TooManyPixels,
    /// Not a whole number.
    #[serde(rename = "error.whole_number")]
    WholeNumber,
    /// Outside `{min}` … `{max}`.
    #[serde(rename = "error.range")]
    Range,
    /// Not an amount of yuan with at most two decimals.
    #[serde(rename = "error.price")]
    Price,
    /// The spec has changes not yet saved (S4-SAVE).
    #[serde(rename = "error.spec_unsaved")]
    SpecUnsaved,
    /// An image the browser cannot decode (damaged or cut short).
    #[serde(rename = "error.undecodable")]
    Undecodable,
    /// No API service of the seller is deployed on the gateway yet (S4-SERVICE): there is
    /// nothing to choose.
    #[serde(rename = "error.no_service")]
    NoService,
}

impl ErrorKey {
    pub const ALL: [ErrorKey; 22] = [
        ErrorKey::Required,
        ErrorKey::TooLong,
        ErrorKey::OneLine,
        ErrorKey::TooFew,
        ErrorKey::TooMany,
        ErrorKey::Duplicate,
        ErrorKey::Phone,
        ErrorKey::Email,
        ErrorKey::HoursDays,
        ErrorKey::HoursRange,
        ErrorKey::CategoryLevel2,
        ErrorKey::UnknownChoice,
        ErrorKey::WrongKind,
        ErrorKey::TooBig,
        ErrorKey::Pixels,
        ErrorKey::TooManyPixels,
        ErrorKey::WholeNumber,
        ErrorKey::Range,
        ErrorKey::Price,
        ErrorKey::SpecUnsaved,
        ErrorKey::Undecodable,
        ErrorKey::NoService,
    ];

    /// The key as it appears in the locale files.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKey::Required => "error.required",
            ErrorKey::TooLong => "error.too_long",
            ErrorKey::OneLine => "error.one_line",
            ErrorKey::TooFew => "error.too_few",
            ErrorKey::TooMany => "error.too_many",
            ErrorKey::Duplicate => "error.duplicate",
            ErrorKey::Phone => "error.phone",
            ErrorKey::Email => "error.email",
            ErrorKey::HoursDays => "error.hours_days",
            ErrorKey::HoursRange => "error.hours_range",
            ErrorKey::CategoryLevel2 => "error.category_level2",
            ErrorKey::UnknownChoice => "error.unknown_choice",
            ErrorKey::WrongKind => "error.wrong_kind",
            ErrorKey::TooBig => "error.too_big",
            ErrorKey::Pixels => "error.pixels",
            ErrorKey::TooManyPixels => "error.too_many_pixels",
            ErrorKey::WholeNumber => "error.whole_number",
            ErrorKey::Range => "error.range",
            ErrorKey::Price => "error.price",
            ErrorKey::SpecUnsaved => "error.spec_unsaved",
            ErrorKey::Undecodable => "error.undecodable",
            ErrorKey::NoService => "error.no_service",
        }
    }
}

/// One thing wrong with one field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub rule: RuleId,
    /// Path of the field in the product's JSON: `name`, `support.email`,
    /// `specs[2].packages[0].price`.
    pub field: String,
    pub key: ErrorKey,
    /// Values for the message's placeholders (`{max}` …).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, String>,
}

impl FieldError {
    pub fn new(rule: RuleId, field: impl Into<String>, key: ErrorKey) -> Self {
        FieldError { rule, field: field.into(), key, params: BTreeMap::new() }
    }

    /// Adds a placeholder value.
    pub fn with(mut self, name: &str, value: impl ToString) -> Self {
        self.params.insert(name.to_owned(), value.to_string());
        self
    }

    /// The publish step the field is on.
    pub fn step(&self) -> Option<u8> {
        self.rule.step()
    }
}

/// The one error shape of the API: a machine code, a message for people reading
/// logs, the offending field if there is one, and for a refused submit every field
/// error found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub code: String,
    pub message: String,
    #[serde(default)]
    pub field: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

impl ApiError {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError { code: code.into(), message: message.into(), field: None, errors: Vec::new() }
    }

    /// A refused product: every field error, the first one's field as `field`.
    pub fn invalid(errors: Vec<FieldError>) -> Self {
        ApiError {
            code: "invalid".into(),
            message: format!("{} field(s) need attention", errors.len()),
            field: errors.first().map(|e| e.field.clone()),
            errors,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_serialize_as_their_locale_key() {
        for key in ErrorKey::ALL {
            assert_eq!(serde_json::to_string(&key).unwrap(), format!("\"{}\"", key.as_str()));
        }
    }

    #[test]
    fn a_field_error_reads_as_json() {
        let e = FieldError::new(RuleId::S1Name, "name", ErrorKey::TooLong).with("max", 80);
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"rule":"S1-NAME","field":"name","key":"error.too_long","params":{"max":"80"}})
        );
        assert_eq!(e.step(), Some(1));
    }

    #[test]
    fn the_api_error_has_code_message_and_field() {
        let e = ApiError::invalid(vec![FieldError::new(RuleId::S2Doc, "usage_doc", ErrorKey::Required)]);
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["code"], "invalid");
        assert_eq!(json["field"], "usage_doc");
        assert_eq!(json["errors"][0]["rule"], "S2-DOC");
        let plain: ApiError =
            serde_json::from_str(r#"{"code":"not_found","message":"no such product","field":null}"#).unwrap();
        assert!(plain.errors.is_empty());
    }
}

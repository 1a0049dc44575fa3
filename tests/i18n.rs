//! Messages from the rules reach the seller in words, in both languages.

use apx_console::Locale;
use domain::{validate, FieldError, FileKind, RuleId, RULES};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The English texts, which come in a chunk of their own.
async fn english() {
    Locale::En.load().await.expect("the English texts");
    assert!(Locale::En.is_loaded());
}

#[wasm_bindgen_test]
async fn a_too_long_name_says_the_limit_and_the_count() {
    english().await;
    let error = validate::text(&RULES.s1_name, "name", &"名".repeat(81)).unwrap_err();
    assert_eq!(Locale::ZhCn.field_error(&error), "最多 80 个字，当前 81 个");
    assert_eq!(Locale::En.field_error(&error), "At most 80 characters; this has 81");
}

#[wasm_bindgen_test]
async fn a_wrong_file_kind_names_what_the_file_is_and_what_is_needed() {
    english().await;
    let pdf = domain::model::FileRef {
        id: "f".into(),
        kind: FileKind::Pdf,
        name: "logo.png".into(),
        size: 10,
        width: None,
        height: None,
    };
    let error = validate::file(&RULES.s1_icon, "icon", &pdf).unwrap_err();
    assert_eq!(Locale::ZhCn.field_error(&error), "这是PDF 文档，此处需要JPG 图片或PNG 图片");
    assert_eq!(Locale::En.field_error(&error), "This is a PDF document; this field needs a JPG image or a PNG image");
}

#[wasm_bindgen_test]
async fn every_error_key_has_words_in_both_locales() {
    english().await;
    for key in domain::ErrorKey::ALL {
        let error = FieldError::new(RuleId::S1Name, "name", key);
        let [zh, en] = Locale::ALL.map(|locale| locale.field_error(&error));
        for text in [&zh, &en] {
            assert!(!text.is_empty() && !text.starts_with("error."), "{key:?}: {text}");
        }
        assert_ne!(zh, en, "{key:?} has its own English words");
    }
}

use super::*;
use crate::model::{Category, GatewayService, Tag, ValidityUnit};
use crate::sniff::FileKind;

fn keys(errors: &[FieldError]) -> Vec<(String, ErrorKey)> {
    errors.iter().map(|e| (e.field.clone(), e.key)).collect()
}

fn image(w: u32, h: u32, size: u64) -> FileRef {
    FileRef { id: "f".into(), kind: FileKind::Png, name: "a.png".into(), size, width: Some(w), height: Some(h) }
}

fn doc(kind: FileKind, size: u64) -> FileRef {
    FileRef { id: "d".into(), kind, name: "doc".into(), size, width: None, height: None }
}

fn catalog() -> Catalog {
    Catalog {
        categories: vec![Category {
            id: "ai".into(),
            name: "人工智能".into(),
            children: vec![Category { id: "ocr".into(), name: "文字识别".into(), children: vec![] }],
        }],
        tags: (0..10).map(|i| Tag { id: format!("t{i}"), name: format!("标签{i}") }).collect(),
        services: vec![GatewayService {
            id: "svc1".into(),
            name: "天气".into(),
            access_url: "https://gw.example/weather".into(),
        }],
    }
}

fn valid_package() -> Package {
    Package {
        id: "pk1".into(),
        name: "基础包".into(),
        calls: "10000".into(),
        validity: "12".into(),
        validity_unit: ValidityUnit::Month,
        price: "99.90".into(),
    }
}

/// A spec whose id is made from its name (`s` and the name's bytes in hex).
fn valid_spec(name: &str) -> Spec {
    let id: String = name.bytes().map(|b| format!("{b:02x}")).collect();
    Spec {
        id: format!("s{}", &id[..id.len().min(31)]),
        name: name.into(),
        service_id: "svc1".into(),
        access_url: "https://gw.example/weather".into(),
        packages: vec![valid_package()],
        saved: true,
    }
}

fn valid_product() -> ProductContent {
    ProductContent {
        name: "天气查询 API".into(),
        icon: Some(image(96, 96, 20_000)),
        images: vec![image(1024, 768, 300_000)],
        summary: "全国天气，一次调用".into(),
        detail: "提供实时天气。\n支持 HTTPS。".into(),
        support: ServiceSupport {
            hotline: "400-123-4567".into(),
            email: "support@example.com".into(),
            hours: ServiceHours::default(),
        },
        category: Some(CategoryChoice { level1: "ai".into(), level2: "ocr".into() }),
        tags: vec!["t1".into()],
        usage_doc: Some(doc(FileKind::Pdf, 1_000)),
        service_agreement: Some(doc(FileKind::Pdf, 1_000)),
        test_report: Some(doc(FileKind::Docx, 1_000)),
        specs: vec![valid_spec("基础版")],
        ..ProductContent::default()
    }
}

// --- text -------------------------------------------------------------------------

#[test]
fn name_of_80_characters_is_accepted_and_81_refused() {
    let l = &RULES.s1_name;
    assert_eq!(text(l, "name", &"名".repeat(80)), Ok(()));
    let err = text(l, "name", &"名".repeat(81)).unwrap_err();
    assert_eq!(err.key, ErrorKey::TooLong);
    assert_eq!(err.params["max"], "80");
    assert_eq!(err.params["len"], "81");
    assert_eq!(err.rule, RuleId::S1Name);
}

#[test]
fn emoji_count_as_one_character_each_at_the_limit() {
    let l = &RULES.s2_summary;
    assert_eq!(text(l, "summary", &"👨‍👩‍👧".repeat(30)), Ok(()));
    assert_eq!(text(l, "summary", &"👨‍👩‍👧".repeat(31)).unwrap_err().key, ErrorKey::TooLong);
}

#[test]
fn surrounding_whitespace_does_not_count_and_blank_is_empty() {
    let l = &RULES.s2_summary;
    assert_eq!(text(l, "summary", &format!("  {}  ", "a".repeat(30))), Ok(()));
    assert_eq!(text(l, "summary", " \n ").unwrap_err().key, ErrorKey::Required);
}

#[test]
fn summary_is_one_line_but_detail_may_break_lines() {
    assert_eq!(text(&RULES.s2_summary, "summary", "a\nb").unwrap_err().key, ErrorKey::OneLine);
    assert_eq!(text(&RULES.s2_detail, "detail", "a\nb"), Ok(()));
}

#[test]
fn detail_and_cases_allow_300_characters_and_cases_may_be_empty() {
    assert_eq!(text(&RULES.s2_detail, "detail", &"详".repeat(300)), Ok(()));
    assert_eq!(text(&RULES.s2_detail, "detail", &"详".repeat(301)).unwrap_err().key, ErrorKey::TooLong);
    assert_eq!(text(&RULES.s2_detail, "detail", "").unwrap_err().key, ErrorKey::Required);
    assert_eq!(text(&RULES.s2_cases, "cases", ""), Ok(()));
    assert_eq!(text(&RULES.s2_cases, "cases", &"例".repeat(300)), Ok(()));
    assert_eq!(text(&RULES.s2_cases, "cases", &"例".repeat(301)).unwrap_err().key, ErrorKey::TooLong);
}

// --- files ------------------------------------------------------------------------

#[test]
fn icon_must_be_96_square_and_at_most_2_mb() {
    let l = &RULES.s1_icon;
    assert_eq!(file(l, "icon", &image(96, 96, 2 * 1024 * 1024)), Ok(()));
    assert_eq!(file(l, "icon", &image(96, 96, 2 * 1024 * 1024 + 1)).unwrap_err().key, ErrorKey::TooBig);
    let err = file(l, "icon", &image(97, 96, 100)).unwrap_err();
    assert_eq!((err.key, err.params["width"].as_str()), (ErrorKey::Pixels, "96"));
}

#[test]
fn a_pdf_offered_as_icon_names_what_it_is() {
    let err = file(&RULES.s1_icon, "icon", &doc(FileKind::Pdf, 10)).unwrap_err();
    assert_eq!(err.key, ErrorKey::WrongKind);
    assert_eq!(err.params["actual"], "kind.pdf");
    assert_eq!(err.params["expected"], "kind.jpeg,kind.png");
}

#[test]
fn one_to_six_product_images() {
    let l = &RULES.s2_images;
    assert_eq!(keys(&files(l, "images", &[])), [("images".into(), ErrorKey::Required)]);
    assert!(files(l, "images", &vec![image(1024, 768, 1); 6]).is_empty());
    assert_eq!(keys(&files(l, "images", &vec![image(1024, 768, 1); 7])), [("images".into(), ErrorKey::TooMany)]);
    let wrong = files(l, "images", &[image(1024, 768, 1), image(800, 600, 1)]);
    assert_eq!(keys(&wrong), [("images[1]".into(), ErrorKey::Pixels)]);
    assert!(files(l, "images", &[image(1024, 768, 10 * 1024 * 1024)]).is_empty());
    assert_eq!(files(l, "images", &[image(1024, 768, 10 * 1024 * 1024 + 1)])[0].key, ErrorKey::TooBig);
}

#[test]
fn usage_doc_is_one_pdf_or_zip_up_to_50_mb() {
    let l = &RULES.s2_doc;
    let mb = 1024 * 1024;
    assert!(one_file(l, "usage_doc", &Some(doc(FileKind::Zip, 50 * mb))).is_empty());
    assert_eq!(one_file(l, "usage_doc", &Some(doc(FileKind::Pdf, 50 * mb + 1)))[0].key, ErrorKey::TooBig);
    assert_eq!(one_file(l, "usage_doc", &Some(doc(FileKind::Docx, 1)))[0].key, ErrorKey::WrongKind);
    assert_eq!(one_file(l, "usage_doc", &None)[0].key, ErrorKey::Required);
}

#[test]
fn copyright_certificates_are_optional_up_to_three() {
    let l = &RULES.s3_copyright;
    assert!(files(l, "copyright_certs", &[]).is_empty());
    assert!(files(l, "copyright_certs", &vec![doc(FileKind::Pdf, 1); 3]).is_empty());
    assert_eq!(files(l, "copyright_certs", &vec![doc(FileKind::Pdf, 1); 4])[0].key, ErrorKey::TooMany);
    assert_eq!(files(l, "copyright_certs", &[doc(FileKind::Zip, 1)])[0].key, ErrorKey::WrongKind);
}

#[test]
fn test_report_takes_word_or_pdf_but_not_zip() {
    let l = &RULES.s3_test_report;
    for kind in [FileKind::Doc, FileKind::Docx, FileKind::Pdf] {
        assert!(one_file(l, "test_report", &Some(doc(kind, 10 * 1024 * 1024))).is_empty());
    }
    assert_eq!(one_file(l, "test_report", &Some(doc(FileKind::Zip, 1)))[0].key, ErrorKey::WrongKind);
    assert_eq!(one_file(l, "test_report", &Some(doc(FileKind::Pdf, 10 * 1024 * 1024 + 1)))[0].key, ErrorKey::TooBig);
}

#[test]
fn oss_statement_and_agreement_are_pdf_only() {
    assert!(one_file(&RULES.s3_oss, "oss_statement", &None).is_empty());
    assert_eq!(one_file(&RULES.s3_oss, "oss_statement", &Some(doc(FileKind::Doc, 1)))[0].key, ErrorKey::WrongKind);
    assert_eq!(one_file(&RULES.s3_agreement, "service_agreement", &None)[0].key, ErrorKey::Required);
}

#[test]
fn every_file_rule_takes_its_byte_limit_and_count_but_not_one_more() {
    for limit in crate::FileSlot::ALL.map(crate::FileSlot::limit) {
        let kind = limit.kinds[0];
        let (w, h) = limit.pixels.map_or((None, None), |(w, h)| (Some(w), Some(h)));
        let sized = |size| FileRef { id: "f".into(), kind, name: "f".into(), size, width: w, height: h };
        let field = "field";
        assert!(files(&limit, field, &vec![sized(limit.max_bytes); limit.max_count]).is_empty(), "{:?}", limit.id);
        let too_big = files(&limit, field, &[sized(limit.max_bytes + 1)]);
        assert_eq!(too_big.iter().map(|e| e.key).collect::<Vec<_>>(), [ErrorKey::TooBig], "{:?}", limit.id);
        let too_many = files(&limit, field, &vec![sized(1); limit.max_count + 1]);
        assert_eq!(too_many[0].key, ErrorKey::TooMany, "{:?}", limit.id);
        let none = files(&limit, field, &[]);
        assert_eq!(none.is_empty(), limit.min_count == 0, "{:?}", limit.id);
        assert!(too_big.iter().chain(&too_many).all(|e| e.rule == limit.id));
    }
}

#[test]
fn originals_over_100_megapixels_or_50_mb_are_refused() {
    assert_eq!(original_image("icon", 50 * 1024 * 1024, 10_000, 10_000), Ok(()));
    assert_eq!(original_image("icon", 1, 10_001, 10_000).unwrap_err().key, ErrorKey::TooManyPixels);
    assert_eq!(original_image("icon", 50 * 1024 * 1024 + 1, 10, 10).unwrap_err().key, ErrorKey::TooBig);
}

// --- service support ----------------------------------------------------------------

#[test]
fn hotlines_a_seller_would_write_are_accepted() {
    for ok in [
        "13862345678",
        "138 1234 5678",
        "138-1234-5678",
        "+86 138 1234 5678",
        "010-62345678",
        "(010) 62345678",
        "0755-6234567",
        "01062345678",
        "010-62345678-123",
        "010-62345678 转 123",
        "0755-62345678 ext 8001",
        "400-123-4567",
        "4001234567",
        "800-123-4567",
        "+1 415 555 2671",
        "+44 20 7946 0958",
        "+86 10 62345678",
    ] {
        assert!(is_phone(ok), "{ok} should be accepted");
    }
}

#[test]
fn hotlines_that_cannot_be_dialled_are_refused() {
    for bad in [
        "",
        "12345",
        "12862345678",  // no mobile range 12x
        "1381234567",   // 10 digits
        "138623456789", // 12 digits
        "010-0234567",  // local number starting with 0
        "010-123456",   // 6-digit local number
        "400-123-456",  // short 400
        "010-62345678 转 1234567",
        "13862345678 转 12", // mobiles have no extension
        "+0 623456789",
        "+1 23",
        "call me",
        "１３８１２３４５６７８", // full-width digits
        "0106234567890623456789062345678",
    ] {
        assert!(!is_phone(bad), "{bad} should be refused");
    }
}

#[test]
fn email_addresses() {
    for ok in ["support@example.com", "a.b+c@mail.example.cn", "x@a-b.co"] {
        assert!(is_email(ok), "{ok}");
    }
    for bad in [
        "",
        "support",
        "@example.com",
        "a@b",
        "a@.com",
        "a..b@example.com",
        "a@-x.com",
        "a@x.c0m",
        "客服@example.com",
        "a b@example.com",
    ] {
        assert!(!is_email(bad), "{bad}");
    }
    let long_local = format!("{}@example.com", "a".repeat(65));
    assert!(!is_email(&long_local));
}

#[test]
fn service_hours_need_days_and_a_start_before_the_end() {
    let weekly = |days: Vec<u8>, s: &str, e: &str| ServiceHours::Weekly { days, start: s.into(), end: e.into() };
    assert_eq!(hours("h", &ServiceHours::Always), Ok(()));
    assert_eq!(hours("h", &weekly(vec![1, 2, 3, 4, 5], "09:00", "18:00")), Ok(()));
    assert_eq!(hours("h", &weekly(vec![6, 7], "00:00", "24:00")), Ok(()));
    assert_eq!(hours("h", &weekly(vec![], "09:00", "18:00")).unwrap_err().key, ErrorKey::HoursDays);
    assert_eq!(hours("h", &weekly(vec![8], "09:00", "18:00")).unwrap_err().key, ErrorKey::HoursDays);
    assert_eq!(hours("h", &weekly(vec![1], "18:00", "09:00")).unwrap_err().key, ErrorKey::HoursRange);
    assert_eq!(hours("h", &weekly(vec![1], "09:00", "09:00")).unwrap_err().key, ErrorKey::HoursRange);
    assert_eq!(hours("h", &weekly(vec![1], "9:00", "18:00")).unwrap_err().key, ErrorKey::HoursRange);
    assert_eq!(hours("h", &weekly(vec![1], "09:00", "24:01")).unwrap_err().key, ErrorKey::HoursRange);
}

#[test]
fn support_reports_each_missing_part_on_its_own_field() {
    let errors = support(&ServiceSupport { hotline: String::new(), email: "nope".into(), hours: ServiceHours::Always });
    assert_eq!(
        keys(&errors),
        [("support.hotline".into(), ErrorKey::Required), ("support.email".into(), ErrorKey::Email)]
    );
}

// --- category and tags ------------------------------------------------------------

#[test]
fn category_needs_both_levels_from_the_tree() {
    let c = catalog();
    let choice = |a: &str, b: &str| Some(CategoryChoice { level1: a.into(), level2: b.into() });
    assert_eq!(category(&choice("ai", "ocr"), &c), Ok(()));
    assert_eq!(category(&None, &c).unwrap_err().key, ErrorKey::Required);
    assert_eq!(category(&choice("ai", ""), &c).unwrap_err().key, ErrorKey::CategoryLevel2);
    assert_eq!(category(&choice("ai", "nope"), &c).unwrap_err().key, ErrorKey::UnknownChoice);
    assert_eq!(category(&choice("nope", "ocr"), &c).unwrap_err().key, ErrorKey::UnknownChoice);
}

#[test]
fn up_to_eight_unique_tags() {
    let c = catalog();
    let ids = |n: usize| (0..n).map(|i| format!("t{i}")).collect::<Vec<_>>();
    assert!(tags(&[], &c).is_empty());
    assert!(tags(&ids(8), &c).is_empty());
    assert_eq!(keys(&tags(&ids(9), &c)), [("tags".into(), ErrorKey::TooMany)]);
    assert_eq!(keys(&tags(&["t1".into(), "t1".into()], &c)), [("tags[1]".into(), ErrorKey::Duplicate)]);
    assert_eq!(keys(&tags(&["zz".into()], &c)), [("tags[0]".into(), ErrorKey::UnknownChoice)]);
}

// --- packages and specs -------------------------------------------------------------

#[test]
fn calls_are_whole_numbers_from_1_to_a_billion() {
    assert_eq!(calls("c", "1"), Ok(1));
    assert_eq!(calls("c", " 1000000000 "), Ok(1_000_000_000));
    assert_eq!(calls("c", "0").unwrap_err().key, ErrorKey::Range);
    assert_eq!(calls("c", "1000000001").unwrap_err().key, ErrorKey::Range);
    assert_eq!(calls("c", "99999999999999999999999").unwrap_err().key, ErrorKey::Range);
    assert_eq!(calls("c", "1.5").unwrap_err().key, ErrorKey::WholeNumber);
    assert_eq!(calls("c", "-3").unwrap_err().key, ErrorKey::WholeNumber);
    assert_eq!(calls("c", "").unwrap_err().key, ErrorKey::Required);
}

#[test]
fn validity_is_bounded_per_unit() {
    assert_eq!(validity("v", "3650", ValidityUnit::Day), Ok(3650));
    assert_eq!(validity("v", "3651", ValidityUnit::Day).unwrap_err().key, ErrorKey::Range);
    assert_eq!(validity("v", "120", ValidityUnit::Month), Ok(120));
    assert_eq!(validity("v", "121", ValidityUnit::Month).unwrap_err().key, ErrorKey::Range);
    assert_eq!(validity("v", "10", ValidityUnit::Year), Ok(10));
    assert_eq!(validity("v", "11", ValidityUnit::Year).unwrap_err().key, ErrorKey::Range);
    assert_eq!(validity("v", "0", ValidityUnit::Year).unwrap_err().key, ErrorKey::Range);
}

#[test]
fn prices_have_at_most_two_decimals_and_a_million_yuan_cap() {
    assert_eq!(price("p", "0"), Ok(0));
    assert_eq!(price("p", "0.5"), Ok(50));
    assert_eq!(price("p", "99.90"), Ok(9990));
    assert_eq!(price("p", "1000000"), Ok(100_000_000));
    assert_eq!(price("p", "1000000.00"), Ok(100_000_000));
    assert_eq!(price("p", "1000000.01").unwrap_err().key, ErrorKey::Range);
    assert_eq!(price("p", "12.345").unwrap_err().key, ErrorKey::Price);
    assert_eq!(price("p", "-1").unwrap_err().key, ErrorKey::Price);
    assert_eq!(price("p", "1e3").unwrap_err().key, ErrorKey::Price);
    assert_eq!(price("p", "12.").unwrap_err().key, ErrorKey::Price);
    assert_eq!(price("p", ".5").unwrap_err().key, ErrorKey::Price);
    assert_eq!(price("p", "").unwrap_err().key, ErrorKey::Required);
}

#[test]
fn a_package_reports_each_field() {
    let p = Package {
        id: "pk1".into(),
        name: "套".repeat(31),
        calls: "x".into(),
        validity: "".into(),
        validity_unit: ValidityUnit::Day,
        price: "1.234".into(),
    };
    assert_eq!(
        keys(&package("specs[s1].packages[pk1]", &p)),
        [
            ("specs[s1].packages[pk1].name".into(), ErrorKey::TooLong),
            ("specs[s1].packages[pk1].calls".into(), ErrorKey::WholeNumber),
            ("specs[s1].packages[pk1].validity".into(), ErrorKey::Required),
            ("specs[s1].packages[pk1].price".into(), ErrorKey::Price),
        ]
    );
    assert!(package("p", &Package { name: "套".repeat(30), ..valid_package() }).is_empty());
}

#[test]
fn spec_names_are_unique_within_the_product() {
    let c = catalog();
    let specs = vec![valid_spec("基础版"), valid_spec(" 基础版 ")];
    assert!(spec(0, &specs[0], &specs, &c).is_empty());
    let second = format!("specs[{}].name", specs[1].id);
    assert_eq!(keys(&spec(1, &specs[1], &specs, &c)), [(second, ErrorKey::Duplicate)]);
}

#[test]
fn spec_name_is_at_most_30_characters() {
    let c = catalog();
    let ok = valid_spec(&"规".repeat(30));
    assert!(spec(0, &ok, std::slice::from_ref(&ok), &c).is_empty());
    let long = valid_spec(&"规".repeat(31));
    let at = format!("specs[{}].name", long.id);
    assert_eq!(keys(&spec(0, &long, std::slice::from_ref(&long), &c)), [(at, ErrorKey::TooLong)]);
}

#[test]
fn a_spec_needs_a_service_of_the_seller_and_1_to_20_packages() {
    let c = catalog();
    let at = |field: &str| format!("specs[s61].{field}");
    let no_service = Spec { service_id: String::new(), ..valid_spec("a") };
    assert_eq!(keys(&spec(0, &no_service, &[], &c)), [(at("service_id"), ErrorKey::Required)]);
    let other = Spec { service_id: "svc-of-someone-else".into(), ..valid_spec("a") };
    assert_eq!(keys(&spec(0, &other, &[], &c)), [(at("service_id"), ErrorKey::UnknownChoice)]);
    let none = Spec { packages: vec![], ..valid_spec("a") };
    assert_eq!(keys(&spec(0, &none, &[], &c)), [(at("packages"), ErrorKey::Required)]);
    let twenty = Spec { packages: vec![valid_package(); 20], ..valid_spec("a") };
    assert!(spec(0, &twenty, &[], &c).is_empty());
    let too_many = Spec { packages: vec![valid_package(); 21], ..valid_spec("a") };
    assert_eq!(keys(&spec(0, &too_many, &[], &c)), [(at("packages"), ErrorKey::TooMany)]);
}

#[test]
fn one_to_twenty_specs() {
    let c = catalog();
    let with_specs = |n: usize| ProductContent {
        specs: (0..n).map(|i| valid_spec(&format!("规格{i}"))).collect(),
        ..valid_product()
    };
    assert_eq!(keys(&step(4, &with_specs(0), &c)), [("specs".into(), ErrorKey::Required)]);
    assert!(step(4, &with_specs(20), &c).is_empty());
    assert_eq!(keys(&step(4, &with_specs(21), &c)), [("specs".into(), ErrorKey::TooMany)]);
}

// --- the whole product ----------------------------------------------------------------

#[test]
fn a_complete_product_passes_the_submit_check() {
    assert_eq!(product(&valid_product(), &catalog()), Ok(()));
}

#[test]
fn an_empty_product_gets_every_required_field_in_step_order() {
    let errors = product(&ProductContent::default(), &catalog()).unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "name",
            "icon",
            "images",
            "summary",
            "detail",
            "usage_doc",
            "support.hotline",
            "support.email",
            "category",
            "service_agreement",
            "test_report",
            "specs"
        ]
    );
    let steps: Vec<Option<u8>> = errors.iter().map(FieldError::step).collect();
    assert!(steps.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn validators_never_panic_on_odd_input() {
    let odd = ["\u{0}", "\u{200d}", "🏳️‍🌈", "٣", "9".repeat(400).as_str(), "+", "转", "(", "@", ":"].map(str::to_owned);
    for s in &odd {
        let _ = is_phone(s);
        let _ = is_email(s);
        let _ = price("p", s);
        let _ = calls("c", s);
        let _ = minutes(s);
        let _ = text(&RULES.s1_name, "name", s);
    }
}

#[test]
fn a_draft_may_be_incomplete_but_not_too_long_or_too_many() {
    let c = catalog();
    assert_eq!(draft(&ProductContent::default(), &c), Ok(()));
    let half = ProductContent {
        name: "天气".into(),
        support: ServiceSupport { hotline: "12".into(), ..ServiceSupport::default() },
        ..ProductContent::default()
    };
    assert_eq!(draft(&half, &c), Ok(()));
    let long = ProductContent {
        name: "名".repeat(81),
        tags: (0..9).map(|i| format!("t{i}")).collect(),
        ..ProductContent::default()
    };
    assert_eq!(
        keys(&draft(&long, &c).unwrap_err()),
        [("name".into(), ErrorKey::TooLong), ("tags".into(), ErrorKey::TooMany)]
    );
}

#[test]
fn a_rejection_needs_a_reason_of_at_most_500_characters() {
    assert_eq!(review_reason("图片与描述不符"), Ok(()));
    assert_eq!(review_reason("  ").unwrap_err().key, ErrorKey::Required);
    assert_eq!(review_reason(&"因".repeat(500)), Ok(()));
    assert_eq!(review_reason(&"因".repeat(501)).unwrap_err().key, ErrorKey::TooLong);
}

#[test]
fn a_spec_not_saved_by_its_own_save_blocks_submit_but_not_a_draft() {
    let c = catalog();
    let mut product = valid_product();
    product.specs = vec![
        valid_spec("基础版"),
        Spec { saved: false, ..valid_spec("专业版") },
        Spec { saved: false, name: String::new(), ..valid_spec("") },
    ];
    let errors = crate::validate::product(&product, &c).unwrap_err();
    let unsaved: Vec<(String, String)> = errors
        .iter()
        .filter(|e| e.key == ErrorKey::SpecUnsaved)
        .map(|e| {
            (
                e.field.clone(),
                e.params.iter().find(|(k, _)| k.as_str() == "name").map(|(_, v)| v.clone()).unwrap_or_default(),
            )
        })
        .collect();
    let (second, third) = (format!("specs[{}]", product.specs[1].id), format!("specs[{}]", product.specs[2].id));
    assert_eq!(unsaved, [(second, "专业版".to_owned()), (third, "#3".to_owned())]);
    assert!(errors
        .iter()
        .filter(|e| e.key == ErrorKey::SpecUnsaved)
        .all(|e| e.rule == RuleId::S4Save && e.step() == Some(4)));
    assert!(crate::validate::draft(&product, &c).is_ok(), "a draft may hold a spec not saved yet");
    assert!(spec_content(1, &product.specs[1], &product.specs, &c).is_empty(), "its own 保存 checks the rest");
}

#[test]
fn a_spec_from_an_older_draft_without_the_flag_counts_as_saved() {
    let spec: Spec = serde_json::from_str(r#"{"name":"基础版","service_id":"svc1","packages":[]}"#).unwrap();
    assert!(spec.saved);
    assert!(Spec::default().saved);
}

#[test]
fn a_moved_package_keeps_its_field_errors() {
    let c = catalog();
    let mut spec_value = valid_spec("基础版");
    spec_value.packages = vec![
        Package { id: "first".into(), ..valid_package() },
        Package { id: "second".into(), price: "oops".into(), ..valid_package() },
    ];
    let before = keys(&spec(0, &spec_value, std::slice::from_ref(&spec_value), &c));
    spec_value.packages.swap(0, 1); // 上移
    let after = keys(&spec(0, &spec_value, std::slice::from_ref(&spec_value), &c));
    assert_eq!(before, after, "the error stays with the package it is about");
    assert_eq!(after, [(format!("specs[{}].packages[second].price", spec_value.id), ErrorKey::Price)]);
}

#[test]
fn a_seller_without_a_deployed_service_is_told_so() {
    let none = Catalog { services: Vec::new(), ..catalog() };
    let spec_value = Spec { service_id: String::new(), ..valid_spec("a") };
    assert_eq!(keys(&spec(0, &spec_value, &[], &none)), [("specs[s61].service_id".into(), ErrorKey::NoService)]);
    assert!(crate::validate::draft(&ProductContent { specs: vec![spec_value], ..valid_product() }, &none).is_ok());
}

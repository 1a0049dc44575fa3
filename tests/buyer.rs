//! The buyer's page and the seed's own words, in the browser: each step shows the seed's
//! hints (both languages); a seller without a deployed service sees the seed's 前提条件
//! and still saves a draft; on the preview the price, calls, validity and access address
//! follow the chosen spec and package, and 立即购买 is disabled saying why.

mod common;

use apx_console::api::Client;
use apx_console::{AppConfig, Locale};
use common::*;
use domain::model::{Package, ProductContent, Spec, ValidityUnit};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SELLER_C: &str = "demo-seller-c";

/// The seed's hints, step by step (SPEC §3), in zh-CN.
const HINTS_ZH: [(u8, &[&str]); 4] = [
    (1, &["图片支持 JPG、JPEG 和 PNG 格式"]),
    (
        2,
        &[
            "图片用于商品上架后的商品详情页展示。",
            "支持 JPG 和 PNG 格式",
            "用一句话简要介绍自己的产品。",
            "对产品进行详细描述，如产品简介、产品特性、核心功能、可提供的服务、接口调用方式以及使用流程等。",
            "填写产品成功合作的案例详情。",
            "文档需详细描述如何使用购买的产品。",
            "仅支持 pdf 和 zip 格式",
            "必须包含服务热线、服务邮箱、服务时间三项内容，并确保在服务时间内能及时响应。",
        ],
    ),
    (
        3,
        &[
            "选择商品对应的一级分类以及二级分类。",
            "标签可以使商品被用户快速检索。",
            "支持 JPG、JPEG、PNG 和 PDF 格式",
            "软件商品代码如果开源，可选择上传开源软件声明，以声明相关权益。",
            "服务商与用户间的商品服务协议文件。",
            "仅用于审核流程，不会对外展示。",
            "支持 WORD 文档和 PDF 文档",
        ],
    ),
    (
        4,
        &[
            "规格是用户购买时的重要参考，请规范命名。",
            "说明：API 服务需要提前在 API 网关进行部署。",
            "用户购买后用于调用 API 服务的地址，默认关联所选 API 服务，无需填写。",
            "可添加多个套餐包，多个套餐可点击上移或下移进行排序。",
        ],
    ),
];

/// The same hints in English (a few per step: the translation is complete, these say so).
const HINTS_EN: [(u8, &[&str]); 4] = [
    (1, &["JPG, JPEG and PNG images"]),
    (2, &["The images are shown on the product's page once it is on sale.", "Describe cases where customers"]),
    (3, &["Tags help buyers find the product quickly.", "Word documents and PDF"]),
    (4, &["Add as many packages as you need", "it follows the chosen API service"]),
];

async fn hints_on_every_step(config: impl Fn() -> AppConfig, hints: &[(u8, &[&str])]) {
    for (step, texts) in hints {
        let console = open(&format!("/publish/new/{step}"), config());
        wait_for(&format!("step {step}"), || console.find(".apx-form").is_some()).await;
        for text in *texts {
            console.wait_text(text).await;
        }
    }
}

#[wasm_bindgen_test]
async fn each_step_shows_the_seeds_hints_in_both_languages() {
    hints_on_every_step(|| signed_in(SELLER_A), &HINTS_ZH).await;
    Locale::En.load().await.expect("the English texts");
    let english = || AppConfig { locale: Some(Locale::En), ..signed_in(SELLER_A) };
    hints_on_every_step(english, &HINTS_EN).await;
}

#[wasm_bindgen_test]
async fn a_seller_without_a_deployed_service_sees_the_prerequisite_and_saves_a_draft() {
    let console = open("/publish/new/1", signed_in(SELLER_C));
    console.type_into("#apx-f-name", "还没有服务的商品").await;
    console.click("button", "保存草稿").await;
    wait_for("the draft saved", || console.text().contains("草稿已保存") && !pathname().contains("/new/")).await;
    // The step is the last segment (an id may hold "/1" too: `/publish/1f…/1`).
    let step_4 = format!("{}/4", pathname().strip_suffix("/1").expect("on step 1"));
    drop(console);
    let console = open(&step_4, signed_in(SELLER_C));
    console.wait_text("前提条件").await;
    console.wait_text("此账号在 API 网关上还没有已部署的 API 服务").await;
    let link = console.containing(".apx-prerequisite a", "API 网关文档").expect("the gateway's documentation");
    assert_eq!(link.get_attribute("href").as_deref(), Some(apx_console::host::GATEWAY_DOCS));
    assert!(console.find(&format!("{}-service_id", console.spec(0))).is_none(), "no empty choice of services");
    // 下一步 says what is missing, by the field.
    console.click("button", "下一步：提交审核").await;
    console.click(".apx-spec button", "保存").await;
    console.wait_text("还没有部署在 API 网关上的 API 服务").await;
}

fn package(id: &str, name: &str, calls: &str, validity: &str, unit: ValidityUnit, price: &str) -> Package {
    Package {
        id: id.into(),
        name: name.into(),
        calls: calls.into(),
        validity: validity.into(),
        validity_unit: unit,
        price: price.into(),
    }
}

/// A draft with two specs on two services, made through the API.
async fn two_specs() -> String {
    let content = ProductContent {
        name: unique("两个规格"),
        specs: vec![
            Spec {
                id: "basic".into(),
                name: "基础版".into(),
                service_id: "svc-a-weather".into(),
                packages: vec![
                    package("trial", "体验包", "100", "7", ValidityUnit::Day, "0.00"),
                    package("standard", "标准包", "10000", "12", ValidityUnit::Month, "99.00"),
                ],
                ..Spec::default()
            },
            Spec {
                id: "pro".into(),
                name: "专业版".into(),
                service_id: "svc-a-air".into(),
                packages: vec![package("enterprise", "企业包", "1000000", "1", ValidityUnit::Year, "999.00")],
                ..Spec::default()
            },
        ],
        ..ProductContent::default()
    };
    Client::new(API, Some(SELLER_A.into())).create(&content).await.expect("a draft").id
}

fn choose_radio(console: &Console, text: &str) {
    let label = console.containing(".apx-listing__choices label", text).expect(text);
    let input: web_sys::HtmlInputElement = label.query_selector("input").unwrap().unwrap().unchecked_into();
    input.click();
}

fn price_line(console: &Console) -> String {
    console.find(".apx-listing__price").and_then(|p| p.text_content()).unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_price_calls_validity_and_address_follow_the_chosen_spec_and_package() {
    let id = two_specs().await;
    let console = open(&format!("/product/{id}/preview"), signed_in(SELLER_A));
    console.wait_text("预览：商品上架后买家看到的页面").await;
    wait_for("the first package", || price_line(&console).contains("¥ 0.00")).await;
    assert!(price_line(&console).contains("100 次调用") && price_line(&console).contains("有效期 7 天"));
    console.wait_text("https://gw.example.com/seller-a/weather/v1").await;
    // The spec and package choices are radio groups a keyboard and a screen reader know.
    let specs = console.all(".apx-listing__choices input[type=radio]");
    assert_eq!(specs.len(), 4, "2 specs and the first spec's 2 packages");
    assert!(console.containing(".apx-listing__choices legend", "规格").is_some());

    choose_radio(&console, "标准包");
    wait_for("the chosen package", || price_line(&console).contains("¥ 99.00")).await;
    let line = price_line(&console);
    assert!(line.contains("10,000 次调用") && line.contains("有效期 12 个月"), "{line}");

    choose_radio(&console, "专业版");
    wait_for("the other spec's package", || price_line(&console).contains("¥ 999.00")).await;
    assert!(price_line(&console).contains("1,000,000 次调用") && price_line(&console).contains("有效期 1 年"));
    console.wait_text("https://gw.example.com/seller-a/air-quality/v1").await;
    assert!(console.text().contains("密钥") && console.text().contains("购买后可见"));

    // 立即购买: disabled, saying why.
    let buy = console.by_text(".apx-listing__purchase button", "立即购买").expect("立即购买");
    assert!(buy.has_attribute("disabled"));
    let why = buy.get_attribute("aria-describedby").unwrap();
    let reason = console.find(&format!("#{why}")).unwrap().text_content().unwrap();
    assert!(reason.contains("这是预览"), "{reason}");
    assert!(console.text().contains("购买即表示同意《商品服务协议》"));
}

#[wasm_bindgen_test]
async fn the_preview_switches_to_a_phone_width() {
    let id = two_specs().await;
    let console = open(&format!("/product/{id}/preview"), signed_in(SELLER_A));
    wait_for("the page", || console.find(".apx-listing__buy").is_some()).await;
    let frame = || {
        f64::from(console.find(".apx-preview__frame").unwrap().unchecked_into::<web_sys::HtmlElement>().offset_width())
    };
    let wide = frame();
    console.click(".apx-preview__bar button", "手机（390 px）").await;
    wait_for("390 px", || (frame() - 390.0).abs() < 1.0).await;
    assert!(wide > 390.0, "the desktop width is wider than a phone ({wide})");
    let pressed = console.by_text(".apx-preview__bar button", "手机（390 px）").unwrap();
    assert_eq!(pressed.get_attribute("aria-pressed").as_deref(), Some("true"));
    console.click(".apx-preview__bar button", "桌面").await;
    wait_for("desktop again", || (frame() - wide).abs() < 1.0).await;
}

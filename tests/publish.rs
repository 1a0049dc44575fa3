//! 发布商品 as a seller meets it, against the reference backend: the rules of each step
//! at their boundaries, 下一步 gating and focus, files checked by content, the spec and
//! package editor, the preview, drafts that resume, and a whole product published.

mod common;

use common::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn new_product() -> Console {
    let console = open("/publish/1", signed_in(SELLER_A));
    wait_for("step 1", || console.find("#apx-f-name").is_some()).await;
    console
}

async fn next(console: &Console, button: &str, path_ends: &str) {
    console.click("button", button).await;
    wait_for(path_ends, || pathname().ends_with(path_ends)).await;
}

/// The names in the uploaded lists (not the files still on their way).
fn uploaded(console: &Console) -> Vec<String> {
    console
        .all("ul.apx-files:not(.apx-files--pending) .apx-files__name")
        .iter()
        .map(|e| e.text_content().unwrap())
        .collect()
}

/// Chooses a file and waits until it is uploaded. Images are prepared first (an RGB
/// PNG comes back as a JPEG), so the name is compared without its extension.
async fn upload(console: &Console, input: &str, name: &str, bytes: Vec<u8>) {
    console.choose_files(input, &[(name, bytes)]).await;
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem).to_owned();
    wait_for(&format!("{name} uploaded"), || {
        console.all(".apx-files__job").is_empty() && uploaded(console).iter().any(|n| n.starts_with(&stem))
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_name_counts_chinese_and_emoji_as_one_and_refuses_81() {
    let console = new_product().await;
    console.type_into("#apx-f-name", &"名".repeat(80)).await;
    assert_eq!(console.find("#apx-f-name-count").unwrap().text_content().unwrap(), "80/80");
    assert_eq!(console.find("#apx-f-name-error").unwrap().text_content().unwrap(), "");
    console.type_into("#apx-f-name", &"名".repeat(81)).await;
    assert_eq!(console.find("#apx-f-name-count").unwrap().text_content().unwrap(), "81/80");
    console.wait_text("最多 80 个字，当前 81 个").await;
    assert_eq!(console.find("#apx-f-name").unwrap().get_attribute("aria-invalid").as_deref(), Some("true"));
    console.type_into("#apx-f-name", "👨‍👩‍👧‍👦天气🇨🇳").await;
    assert_eq!(console.find("#apx-f-name-count").unwrap().text_content().unwrap(), "4/80");
}

#[wasm_bindgen_test]
async fn next_stays_on_an_invalid_step_shows_every_error_and_focuses_the_first() {
    let console = new_product().await;
    console.click("button", "下一步：基本信息").await;
    console.wait_text("本步骤有 2 处需要修改").await;
    assert!(pathname().ends_with("/1"), "still on step 1: {}", pathname());
    assert_eq!(console.focused(), "apx-f-name");
    let name = console.find("#apx-f-name").unwrap();
    assert_eq!(name.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(name.get_attribute("aria-describedby").unwrap().contains("apx-f-name-error"));
    assert_eq!(console.find("#apx-f-name-error").unwrap().text_content().unwrap(), "请填写此项");
    assert_eq!(console.find("#apx-f-icon-error").unwrap().text_content().unwrap(), "请填写此项");
}

#[wasm_bindgen_test]
async fn a_pdf_offered_as_the_icon_is_refused_naming_what_it_is() {
    let console = new_product().await;
    console.choose_files("#apx-f-icon", &[("logo.png", fixtures::pdf())]).await;
    console.wait_text("这是PDF 文档，此处需要JPG 图片或PNG 图片").await;
    // The refused file stays in view with its reason until removed; it takes no room.
    console.click(".apx-files__job button", "删除").await;
    upload(&console, "#apx-f-icon", "icon.png", fixtures::png(96, 96)).await;
    assert_eq!(uploaded(&console), ["icon.jpg"], "prepared: no transparency, so a JPEG");
}

#[wasm_bindgen_test]
async fn going_back_and_forth_between_steps_keeps_everything() {
    let console = new_product().await;
    let name = unique("天气");
    console.type_into("#apx-f-name", &name).await;
    upload(&console, "#apx-f-icon", "icon.png", fixtures::png(96, 96)).await;
    next(&console, "下一步：基本信息", "/2").await;
    console.type_into("#apx-f-summary", "一句话简介").await;
    console.click("button", "上一步").await;
    wait_for("step 1", || pathname().ends_with("/1")).await;
    wait_for("name kept", || console.value("#apx-f-name") == name).await;
    assert_eq!(uploaded(&console), ["icon.jpg"]);
    next(&console, "下一步：基本信息", "/2").await;
    wait_for("summary kept", || console.value("#apx-f-summary") == "一句话简介").await;
}

#[wasm_bindgen_test]
async fn a_saved_draft_resumes_after_a_reload() {
    let name = unique("草稿");
    let address = {
        let console = new_product().await;
        console.type_into("#apx-f-name", &name).await;
        console.click("button", "保存草稿").await;
        console.wait_text("草稿已保存").await;
        // The address names the draft now (it said `new`).
        wait_for("the draft's address", || pathname().starts_with("/publish/") && !pathname().contains("/new/")).await;
        let address = pathname();
        assert!(address.ends_with("/1"), "{address}");
        address
    };
    let console = open(&address, signed_in(SELLER_A));
    wait_for("the draft's name", || console.find("#apx-f-name").is_some() && console.value("#apx-f-name") == name)
        .await;
}

/// Fills steps 1–3 of a complete product; ends on step 4.
async fn fill_steps_1_to_3(console: &Console, name: &str) {
    console.type_into("#apx-f-name", name).await;
    upload(console, "#apx-f-icon", "icon.png", fixtures::png(96, 96)).await;
    next(console, "下一步：基本信息", "/2").await;
    upload(console, "#apx-f-images", "cover.png", fixtures::png(1024, 768)).await;
    console.type_into("#apx-f-summary", "全国天气，一次调用").await;
    console.type_into("#apx-f-detail", "实时天气与预报。\n支持 HTTPS。").await;
    upload(console, "#apx-f-usage_doc", "guide.pdf", fixtures::pdf()).await;
    console.type_into("#apx-f-support-hotline", "400-123-4567").await;
    console.type_into("#apx-f-support-email", "support@example.com").await;
    next(console, "下一步：业务信息", "/3").await;
    console.choose("#apx-f-category", "data").await;
    console.choose("#apx-f-category-2", "data-weather").await;
    console.choose("#apx-f-tags", "tag-01").await;
    console.click("button", "添加标签").await;
    upload(console, "#apx-f-service_agreement", "agreement.pdf", fixtures::pdf()).await;
    upload(console, "#apx-f-test_report", "report.docx", fixtures::docx()).await;
    next(console, "下一步：销售信息", "/4").await;
}

async fn fill_spec(console: &Console, i: usize, name: &str) {
    wait_for("the spec", || console.all(".apx-spec").len() > i).await;
    let (spec, package) = (console.spec(i), console.package(i, 0));
    console.type_into(&format!("{spec}-name"), name).await;
    console.choose(&format!("{spec}-service_id"), "svc-a-weather").await;
    console.type_into(&format!("{package}-name"), "1 万次").await;
    console.type_into(&format!("{package}-calls"), "10000").await;
    console.type_into(&format!("{package}-validity"), "12").await;
    console.type_into(&format!("{package}-price"), "99.00").await;
}

fn click_element(console: &Console, selector: &str) {
    console.find(selector).unwrap().dyn_into::<web_sys::HtmlElement>().unwrap().click();
}

#[wasm_bindgen_test]
async fn the_spec_editor_fills_access_info_saves_each_spec_and_blocks_leaving_unsaved() {
    let console = new_product().await;
    fill_steps_1_to_3(&console, &unique("规格")).await;
    // The step opens with one spec; its access information comes from the service.
    wait_for("a spec", || !console.all(".apx-spec").is_empty()).await;
    let spec = console.spec(0);
    let access = format!("#apx-spec-{}-access", console.spec_id(0));
    console.choose(&format!("{spec}-service_id"), "svc-a-weather").await;
    wait_for("access info", || console.value(&access) == "https://gw.example.com/seller-a/weather/v1").await;
    assert!(console.text().contains("说明：API 服务需要提前在 API 网关进行部署。"));
    fill_spec(&console, 0, "基础版").await;
    console.click("button", "下一步：提交审核").await;
    console.wait_text("规格「基础版」有未保存的修改，请先保存").await;
    assert_eq!(format!("#{}", console.focused()), console.spec_save(0));
    assert!(pathname().ends_with("/4"));
    // Packages: add one, reorder with 上移 / 下移, disabled at the ends.
    console.click("button", "添加套餐").await;
    wait_for("a second package", || console.all(".apx-package").len() == 2).await;
    let (first, second) = (console.package(0, 0), console.package(0, 1));
    console.type_into(&format!("{second}-name"), "10 万次").await;
    console.type_into(&format!("{second}-calls"), "100000").await;
    console.type_into(&format!("{second}-validity"), "1").await;
    console.choose(&format!("{second}-validity_unit"), "year").await;
    console.type_into(&format!("{second}-price"), "7.999").await;
    // Its 保存 shows the wrong price next to it…
    click_element(&console, &console.spec_save(0));
    let price_error = format!("{second}-price-error");
    wait_for("the price error", || {
        console.find(&price_error).and_then(|e| e.text_content()).is_some_and(|t| !t.is_empty())
    })
    .await;
    // …and 上移 takes the package with its fields and its error: paths by id.
    console.click(".apx-package:nth-of-type(2) button", "上移").await;
    wait_for("reordered", || console.package(0, 0) == second).await;
    assert_eq!(console.value(&format!("{}-name", console.package(0, 0))), "10 万次");
    assert_eq!(console.value(&format!("{}-name", console.package(0, 1))), "1 万次");
    assert_eq!(console.package(0, 1), first);
    let moved = console.all(".apx-package")[0].text_content().unwrap();
    assert!(
        moved.contains("价格") && console.find(&price_error).unwrap().text_content().unwrap().contains("两位小数"),
        "{moved}"
    );
    assert_eq!(console.find(&format!("{first}-price-error")).unwrap().text_content().unwrap(), "");
    let first_up = console.by_text(".apx-package:nth-of-type(1) button", "上移").unwrap();
    assert!(first_up.has_attribute("disabled"), "the first package cannot move up");
    console.type_into(&format!("{second}-price"), "799.5").await;
    // A second spec with the same name is refused when saved.
    console.click("button", "添加新规格").await;
    fill_spec(&console, 1, "基础版").await;
    click_element(&console, &console.spec_save(1));
    console.wait_text("“基础版”重复了").await;
    console.type_into(&format!("{}-name", console.spec(1)), "专业版").await;
    for i in 0..2 {
        click_element(&console, &console.spec_save(i));
        tick().await;
    }
    wait_for("both saved", || {
        console.all(".apx-spec .apx-badge").iter().all(|b| b.text_content().unwrap() == "已保存")
    })
    .await;
    next(&console, "下一步：提交审核", "/5").await;
}

use wasm_bindgen::JsCast;

#[wasm_bindgen_test]
async fn up_to_20_specs_then_the_button_says_why_not() {
    // Step 4 opened by its address: this test is about the editor alone.
    let console = open("/publish/4", signed_in(SELLER_A));
    wait_for("step 4", || console.find("#apx-f-specs").is_some()).await;
    while console.all(".apx-spec").len() < 20 {
        console.click("button", "添加新规格").await;
    }
    let add = console.find("#apx-f-specs").unwrap();
    assert!(add.has_attribute("disabled"));
    console.wait_text("最多支持 20 个规格，已达上限").await;
}

#[wasm_bindgen_test]
async fn a_whole_product_is_published_and_lands_on_pending_in_review() {
    // As a new seller: sign in on the standalone page, then 商品管理 › 发布商品.
    local_storage().remove_item("apx.token").unwrap();
    let console = open("/", standalone());
    console.wait_text("演示账号").await;
    console.containing(".apx-session__accounts button", "示例服务商 A").unwrap().click();
    console.click("a", "发布商品").await;
    wait_for("step 1", || console.find("#apx-f-name").is_some()).await;
    let name = unique("天气查询 API");
    fill_steps_1_to_3(&console, &name).await;
    fill_spec(&console, 0, "基础版").await;
    click_element(&console, &console.spec_save(0));
    wait_for("saved", || console.find(".apx-spec .apx-badge").unwrap().text_content().unwrap() == "已保存").await;
    next(&console, "下一步：提交审核", "/5").await;
    // The preview is the buyer's listing: no test report in it.
    console.wait_text("全国天气，一次调用").await;
    let listing = console.find(".apx-listing").unwrap().text_content().unwrap();
    assert!(
        listing.contains(&name) && listing.contains("数据服务 / 天气数据") && listing.contains("¥ 99.00"),
        "{listing}"
    );
    assert!(
        !listing.contains("report.docx") && !listing.contains("测试报告"),
        "the test report is never on the listing"
    );
    console.click("button", "提交审核").await;
    wait_for("the pending tab", || pathname() == "/products/pending").await;
    wait_for("the product in review", || {
        console.all("tbody tr").iter().any(|row| {
            let text = row.text_content().unwrap();
            text.contains(&name) && text.contains("上架审核中")
        })
    })
    .await;
    local_storage().remove_item("apx.token").unwrap();
}

/// The product `id` as the backend has it, read the way another tab would.
async fn backend_product(id: &str) -> domain::model::Product {
    let client = apx_console::api::Client::new(API, Some(SELLER_A.into()));
    client.product(id).await.expect("product")
}

fn draft_id() -> String {
    pathname().trim_start_matches("/publish/").split('/').next().unwrap_or_default().to_owned()
}

#[wasm_bindgen_test]
async fn a_newer_save_from_another_tab_offers_both_versions() {
    let console = new_product().await;
    console.type_into("#apx-f-name", &unique("本页")).await;
    console.click("button", "保存草稿").await;
    console.wait_text("草稿已保存").await;
    let id = draft_id();
    // Another tab saves first.
    let theirs = backend_product(&id).await;
    let mut content = theirs.content.clone();
    content.name = "另一个标签页的名称".into();
    let client = apx_console::api::Client::new(API, Some(SELLER_A.into()));
    client.update(&id, theirs.version, &content, false).await.map_err(|_| "update").unwrap();
    // This tab saves on top of the old version: nothing is overwritten, both are offered.
    console.type_into("#apx-f-name", "本页的新名称").await;
    console.click("button", "保存草稿").await;
    console.wait_text("此商品已在其他页面保存了更新的版本").await;
    assert_eq!(backend_product(&id).await.content.name, "另一个标签页的名称");
    console.click("button", "使用已保存的版本").await;
    wait_for("their name", || console.value("#apx-f-name") == "另一个标签页的名称").await;
    // From there, the next change saves on top of the version now held.
    console.type_into("#apx-f-name", "最终名称").await;
    console.click("button", "保存草稿").await;
    console.wait_text("草稿已保存").await;
    assert_eq!(backend_product(&id).await.content.name, "最终名称");
}

#[wasm_bindgen_test]
async fn a_draft_is_continued_and_cloned_from_product_management() {
    let name = unique("继续编辑");
    let id = {
        let console = new_product().await;
        console.type_into("#apx-f-name", &name).await;
        console.click("button", "保存草稿").await;
        console.wait_text("草稿已保存").await;
        draft_id()
    };
    let console = open("/products/pending", signed_in(SELLER_A));
    let row = || console.all("tbody tr").into_iter().find(|r| r.text_content().unwrap().contains(&name));
    wait_for("the draft row", || row().is_some()).await;
    assert!(row().unwrap().text_content().unwrap().contains("草稿"));
    // 编辑 continues the same draft.
    let edit: web_sys::HtmlElement = row().unwrap().query_selector("a").unwrap().unwrap().dyn_into().unwrap();
    edit.click();
    wait_for("the draft in the form", || pathname() == format!("/publish/{id}/1")).await;
    wait_for("its name", || console.find("#apx-f-name").is_some() && console.value("#apx-f-name") == name).await;
    drop(console);
    // 克隆 opens a new draft with a copy.
    let console = open("/products/pending", signed_in(SELLER_A));
    wait_for("the draft row", || console.all("tbody tr").iter().any(|r| r.text_content().unwrap().contains(&name)))
        .await;
    let row = console.all("tbody tr").into_iter().find(|r| r.text_content().unwrap().contains(&name)).unwrap();
    let clone: web_sys::HtmlElement = row.query_selector("button[data-op=clone]").unwrap().unwrap().dyn_into().unwrap();
    clone.click();
    wait_for("a new draft", || pathname().starts_with("/publish/") && !pathname().contains(&id)).await;
    wait_for("the copied name", || console.find("#apx-f-name").is_some() && console.value("#apx-f-name") == name).await;
}

#[wasm_bindgen_test]
async fn step_2_rules_summary_length_one_line_hotline_and_email() {
    let console = open("/publish/2", signed_in(SELLER_A));
    wait_for("step 2", || console.find("#apx-f-summary").is_some()).await;
    console.type_into("#apx-f-summary", &"简".repeat(30)).await;
    assert_eq!(console.find("#apx-f-summary-count").unwrap().text_content().unwrap(), "30/30");
    console.type_into("#apx-f-summary", &"简".repeat(31)).await;
    console.wait_text("最多 30 个字，当前 31 个").await;
    // A one-line input: the browser drops a pasted line break (the backend refuses one).
    console.type_into("#apx-f-summary", "第一行\n第二行").await;
    assert_eq!(console.value("#apx-f-summary"), "第一行第二行");
    console.type_into("#apx-f-support-hotline", "12345").await;
    console.wait_text("请输入可拨打的号码").await;
    console.type_into("#apx-f-support-hotline", "010-62345678 转 123").await;
    wait_for("a landline with extension is fine", || {
        console.find("#apx-f-support-hotline-error").unwrap().text_content().unwrap().is_empty()
    })
    .await;
    console.type_into("#apx-f-support-email", "support@").await;
    console.wait_text("请输入有效的邮箱地址").await;
    console.type_into("#apx-f-detail", &"详".repeat(300)).await;
    assert_eq!(console.find("#apx-f-detail-count").unwrap().text_content().unwrap(), "300/300");
}

#[wasm_bindgen_test]
async fn step_3_takes_at_most_8_tags_each_once() {
    let console = open("/publish/3", signed_in(SELLER_A));
    for i in 1..=8 {
        console.choose("#apx-f-tags", &format!("tag-{i:02}")).await;
        console.click("button", "添加标签").await;
    }
    console.wait_text("已选 8 个，最多 8 个").await;
    assert!(console.find("#apx-f-tags").unwrap().has_attribute("disabled"), "no ninth tag");
    assert!(console.find("#apx-f-tags option[value='tag-01']").is_none(), "a chosen tag is not offered again");
    console.click(".apx-tag button", "×").await;
    console.wait_text("已选 7 个，最多 8 个").await;
}

#[wasm_bindgen_test]
async fn a_save_that_meets_a_network_failure_keeps_everything_and_retries() {
    let console = new_product().await;
    let name = unique("断网");
    console.type_into("#apx-f-name", &name).await;
    // The next request fails as if the network were gone.
    js_sys::Function::new_no_args(
        "const real = window.fetch;
         window.fetch = function () { window.fetch = real; return Promise.reject(new TypeError('offline')); };",
    )
    .call0(&wasm_bindgen::JsValue::NULL)
    .unwrap();
    console.click("button", "保存草稿").await;
    console.wait_text("网络异常，稍后自动重试；已填写的内容不会丢失").await;
    assert_eq!(console.value("#apx-f-name"), name, "nothing typed is lost");
    console.wait_text("草稿已保存").await;
    assert_eq!(backend_product(&draft_id()).await.content.name, name, "saved by the retry");
}

#[wasm_bindgen_test]
async fn leaving_the_page_with_unsaved_changes_asks_first() {
    let console = new_product().await;
    let leave = || {
        let init = web_sys::EventInit::new();
        init.set_cancelable(true);
        let event = web_sys::Event::new_with_event_init_dict("beforeunload", &init).unwrap();
        web_sys::window().unwrap().dispatch_event(&event).unwrap();
        event.default_prevented()
    };
    assert!(!leave(), "nothing entered, nothing to ask");
    console.type_into("#apx-f-name", &unique("离开")).await;
    assert!(leave(), "unsaved changes: the browser asks");
    console.click("button", "保存草稿").await;
    console.wait_text("草稿已保存").await;
    assert!(!leave(), "saved: leaving is fine");
}

/// The accessible name of `el` from its `aria-labelledby`, as a screen reader reads it.
fn accessible_name(console: &Console, el: &web_sys::Element) -> String {
    let ids = el.get_attribute("aria-labelledby").unwrap_or_default();
    ids.split_whitespace()
        .filter_map(|id| console.find(&format!("#{id}")))
        .map(|e| e.text_content().unwrap_or_default().trim().to_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

#[wasm_bindgen_test]
async fn every_upload_field_is_found_by_its_seed_label() {
    for (step, labels) in [
        (1, &["商品图标"][..]),
        (2, &["商品图片", "使用文档"][..]),
        (3, &["软件著作权证书（可选）", "开源软件声明（可选）", "商品服务协议", "测试报告"][..]),
    ] {
        let console = open(&format!("/publish/{step}"), signed_in(SELLER_A));
        wait_for("the file inputs", || console.all("input[type=file]").len() == labels.len()).await;
        let inputs = console.all("input[type=file]");
        for label in labels {
            let found: Vec<String> = inputs
                .iter()
                .map(|input| accessible_name(&console, input))
                .filter(|name| name.starts_with(&format!("{label} ")))
                .collect();
            assert_eq!(found.len(), 1, "one file input named after {label}: {found:?}");
        }
        let names: Vec<String> = inputs.iter().map(|i| accessible_name(&console, i)).collect();
        assert!(names.iter().all(|n| n != "选择文件"), "no input is named only 选择文件: {names:?}");
    }
}

#[wasm_bindgen_test]
async fn switching_language_re_renders_every_message_on_screen() {
    let console = new_product().await;
    // A refused file, a field error and the step's notice, all in Chinese.
    console.choose_files("#apx-f-icon", &[("logo.png", fixtures::pdf())]).await;
    console.wait_text("这是PDF 文档，此处需要JPG 图片或PNG 图片").await;
    console.click("button", "下一步：基本信息").await;
    console.wait_text("请填写此项").await;
    console.wait_text("本步骤有").await;
    // Switching language changes each of them, not only the labels.
    let select: web_sys::HtmlSelectElement =
        wasm_bindgen::JsCast::unchecked_into(console.find(".apx-locale select").unwrap());
    select.set_value("en");
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    console.wait_text("This is a PDF document; this field needs a JPG image or a PNG image").await;
    console.wait_text("This is required").await;
    console.wait_text("fields in this step need attention").await;
    let text = console.text();
    assert!(!text.contains("这是PDF 文档") && !text.contains("请填写此项") && !text.contains("本步骤有"), "{text}");
    local_storage().remove_item("apx.locale").unwrap();
}

#[wasm_bindgen_test]
async fn a_draft_that_does_not_exist_says_so_and_offers_a_retry() {
    let console = open("/publish/0000000000000000000000000000dead/1", signed_in(SELLER_A));
    console.wait_text("该商品已不存在").await;
    assert!(console.by_text("button", "重试").is_some());
    assert!(console.find("#apx-f-name").is_none(), "no empty form pretending to be the draft");
}

#[wasm_bindgen_test]
async fn leaving_a_screen_aborts_its_requests() {
    // Requests to the backend hang; the test keeps their AbortSignals.
    let patch = js_sys::Function::new_no_args(
        "window.__apxFetch = window.fetch; window.__apxSignals = [];
         window.fetch = function (request, init) {
           const url = typeof request === 'string' ? request : request.url;
           if (url.includes('/products?')) {
             window.__apxSignals.push(request.signal || (init && init.signal));
             return new Promise(() => {});
           }
           return window.__apxFetch.apply(this, arguments);
         };",
    );
    patch.call0(&wasm_bindgen::JsValue::NULL).unwrap();
    let console = open("/products/listed", signed_in(SELLER_A));
    let signals = || js_sys::Reflect::get(&web_sys::window().unwrap(), &"__apxSignals".into()).unwrap();
    wait_for("the list requested", || js_sys::Array::from(&signals()).length() > 0).await;
    let signal = js_sys::Array::from(&signals()).get(0);
    let aborted = || js_sys::Reflect::get(&signal, &"aborted".into()).unwrap().as_bool();
    assert_eq!(aborted(), Some(false), "in flight while the list is on screen");
    drop(console);
    let restore = js_sys::Function::new_no_args("window.fetch = window.__apxFetch;");
    restore.call0(&wasm_bindgen::JsValue::NULL).unwrap();
    assert_eq!(aborted(), Some(true), "aborted once the screen went away");
}

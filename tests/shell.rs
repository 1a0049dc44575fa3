//! The console's frame as a seller meets it: navigation, tabs, steps, language and
//! a base path.

mod common;

use apx_console::AppConfig;
use common::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn zh() -> AppConfig {
    signed_in(SELLER_A)
}

#[wasm_bindgen_test]
async fn opening_the_console_shows_product_management_on_the_listed_tab() {
    let console = open("/", zh());
    wait_for("redirect to the default tab", || pathname() == "/products/listed").await;
    console.wait_text("商品管理").await;
    console.wait_current(".apx-tabs", "已上架").await;
    assert_eq!(console.current(".apx-nav").as_deref(), Some("商品管理"));
    let tabs: Vec<String> = console.all(".apx-tabs a").iter().map(|a| a.text_content().unwrap()).collect();
    assert_eq!(tabs, ["已上架", "待上架", "已下架"]);
    assert!(console.text().contains("商品 › 商品管理"));
}

#[wasm_bindgen_test]
async fn clicking_a_tab_shows_it_and_changes_the_address() {
    let console = open("/products/listed", zh());
    console.click(".apx-tabs a", "待上架").await;
    console.wait_current(".apx-tabs", "待上架").await;
    assert_eq!(pathname(), "/products/pending");
    console.click(".apx-tabs a", "已下架").await;
    wait_for("delisted tab", || pathname() == "/products/delisted").await;
    assert_eq!(console.find(".apx-tabs__panel").unwrap().get_attribute("data-tab").as_deref(), Some("delisted"));
}

#[wasm_bindgen_test]
async fn the_five_steps_carry_the_seed_titles_and_button_texts() {
    let console = open("/products/listed", zh());
    console.click("a", "发布商品").await;
    wait_for("step 1", || pathname() == "/publish/new/1").await;
    console.wait_current(".apx-steps", "1接入信息").await;
    let steps: Vec<String> = console.all(".apx-steps__name").iter().map(|e| e.text_content().unwrap()).collect();
    assert_eq!(steps, ["接入信息", "基本信息", "业务信息", "销售信息", "提交审核"]);
    assert!(console.by_text("button", "上一步").is_none(), "step 1 has no way back");
    assert!(console.text().contains("商品 › 商品管理 › 发布商品"));
    drop(console);
    for (step, title, next) in [
        (1, "1接入信息", "下一步：基本信息"),
        (2, "2基本信息", "下一步：业务信息"),
        (3, "3业务信息", "下一步：销售信息"),
        (4, "4销售信息", "下一步：提交审核"),
    ] {
        let console = open(&format!("/publish/{step}"), zh());
        console.wait_current(".apx-steps", title).await;
        wait_for(next, || console.by_text("button", next).is_some()).await;
    }
    let console = open("/publish/5", zh());
    console.wait_current(".apx-steps", "5提交审核").await;
    assert!(console.by_text("a", "预览").is_some());
    assert!(console.by_text("button", "提交审核").is_some());
    console.click("button", "上一步").await;
    wait_for("back to step 4", || pathname() == "/publish/new/4").await;
    console.wait_current(".apx-steps", "4销售信息").await;
}

#[wasm_bindgen_test]
async fn each_identity_lands_on_its_own_pages() {
    {
        let console = open("/products/listed", signed_in(REVIEWER));
        wait_for("the review queue", || pathname() == "/review").await;
        console.wait_current(".apx-nav", "审核队列").await;
        console.wait_text("申请类型").await;
        let trail = console.find(".apx-breadcrumb").unwrap().text_content().unwrap();
        assert_eq!(trail, "商品 › 审核队列");
    }
    let console = open("/review", signed_in(SELLER_A));
    wait_for("商品管理", || pathname() == "/products/listed").await;
    console.wait_current(".apx-tabs", "已上架").await;
    assert_eq!(console.find(".apx-breadcrumb").unwrap().text_content().unwrap(), "商品 › 商品管理");
    console.click("a", "发布商品").await;
    wait_for("the trail", || {
        console.find(".apx-breadcrumb").unwrap().text_content().unwrap() == "商品 › 商品管理 › 发布商品"
    })
    .await;
}

#[wasm_bindgen_test]
async fn an_unknown_address_says_the_page_does_not_exist() {
    let console = open("/publish/9", zh());
    console.wait_text("页面不存在").await;
    console.click("a", "返回商品管理").await;
    wait_for("back to products", || pathname() == "/products/listed").await;
}

#[wasm_bindgen_test]
async fn switching_to_english_translates_the_console_and_is_remembered() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.remove_item("apx.locale").unwrap();
    {
        let console = open("/products/pending", AppConfig { locale: None, ..signed_in(SELLER_A) });
        console.wait_text("待上架").await;
        assert_eq!(console.find(".apx-root").unwrap().get_attribute("lang").as_deref(), Some("zh-CN"));
        let select: web_sys::HtmlSelectElement = console.find(".apx-locale select").unwrap().unchecked_into();
        select.set_value("en");
        select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
        console.wait_text("Product management").await;
        console.wait_current(".apx-tabs", "Pending").await;
        assert_eq!(console.find(".apx-root").unwrap().get_attribute("lang").as_deref(), Some("en"));
    }
    // A new visit starts in the language the seller chose.
    let console = open("/publish/1", AppConfig { locale: None, ..signed_in(SELLER_A) });
    console.wait_text("Next: Basics").await;
    storage.remove_item("apx.locale").unwrap();
}

#[wasm_bindgen_test]
async fn the_console_works_under_a_base_path() {
    let config = AppConfig { base_path: "/seller/api-products".into(), ..zh() };
    let console = open("/seller/api-products/products/pending", config);
    console.wait_current(".apx-tabs", "待上架").await;
    let href = console.by_text(".apx-tabs a", "已下架").unwrap().get_attribute("href").unwrap();
    assert_eq!(href, "/seller/api-products/products/delisted");
    console.click(".apx-tabs a", "已下架").await;
    wait_for("address keeps the base path", || pathname() == "/seller/api-products/products/delisted").await;
    console.click("a", "发布商品").await;
    wait_for("publish under the base path", || pathname() == "/seller/api-products/publish/new/1").await;
}

#[wasm_bindgen_test]
async fn a_host_address_outside_the_base_path_is_not_rewritten() {
    let config = AppConfig { base_path: "/seller/api-products".into(), ..zh() };
    let console = open("/seller/overview", config);
    // The console opens on its home page without touching the host's address.
    console.wait_current(".apx-tabs", "已上架").await;
    assert_eq!(pathname(), "/seller/overview");
    // Following one of its links goes to the console's own address.
    console.click(".apx-tabs a", "已下架").await;
    wait_for("the console's address", || pathname() == "/seller/api-products/products/delisted").await;
}

#[wasm_bindgen_test]
async fn the_back_button_returns_to_the_previous_tab() {
    let console = open("/products/listed", zh());
    console.wait_current(".apx-tabs", "已上架").await;
    console.click(".apx-tabs a", "已下架").await;
    console.wait_current(".apx-tabs", "已下架").await;
    web_sys::window().unwrap().history().unwrap().back().unwrap();
    console.wait_current(".apx-tabs", "已上架").await;
    assert_eq!(pathname(), "/products/listed");
}

/// Clicks a link the test adds to the page (outside the console) and says whether
/// anything on the page took the click (prevented the browser's navigation).
async fn click_page_link(href: &str) -> bool {
    let link: web_sys::HtmlElement = document().create_element("a").unwrap().unchecked_into();
    link.set_attribute("href", href).unwrap();
    document().body().unwrap().append_child(&link).unwrap();
    let seen = std::rc::Rc::new(std::cell::Cell::new(None));
    let record = {
        let seen = seen.clone();
        wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
            seen.set(Some(ev.default_prevented()));
            ev.prevent_default(); // keep the test page where it is
        })
    };
    // Registered on window after the console's listeners: it runs after them.
    let window = web_sys::window().unwrap();
    window.add_event_listener_with_callback("click", record.as_ref().unchecked_ref()).unwrap();
    link.click();
    tick().await;
    window.remove_event_listener_with_callback("click", record.as_ref().unchecked_ref()).unwrap();
    link.remove();
    seen.get().expect("the click reached the window")
}

#[wasm_bindgen_test]
async fn links_of_the_host_page_are_left_to_the_browser() {
    let config = AppConfig { base_path: "/seller/api-products".into(), ..zh() };
    let console = open("/seller/api-products/products/listed", config);
    console.wait_current(".apx-tabs", "已上架").await;
    // A host link outside the console's base path.
    assert!(!click_page_link("/seller/orders").await, "the console did not take the host's click");
    assert_eq!(console.current(".apx-tabs").as_deref(), Some("已上架"));
    assert_eq!(pathname(), "/seller/api-products/products/listed");
}

#[wasm_bindgen_test]
async fn after_unmount_the_router_listens_to_nothing() {
    let config = AppConfig { base_path: "/seller/api-products".into(), ..zh() };
    let console = open("/seller/api-products/products/listed", config);
    console.wait_current(".apx-tabs", "已上架").await;
    // While mounted, a link to one of its addresses is the console's.
    assert!(click_page_link("/seller/api-products/products/pending").await, "the router follows its own links");
    console.wait_current(".apx-tabs", "待上架").await;
    drop(console);
    set_path("/seller/api-products/products/listed");
    // Unmounted: the same link is the browser's again.
    assert!(!click_page_link("/seller/api-products/products/pending").await, "nothing took the click");
    assert_eq!(pathname(), "/seller/api-products/products/listed");
}

#[wasm_bindgen_test]
async fn a_click_with_a_modifier_is_left_to_the_browser() {
    let console = open("/products/listed", zh());
    console.wait_current(".apx-tabs", "已上架").await;
    let link = console.by_text(".apx-tabs a", "待上架").unwrap();
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_ctrl_key(true);
    let click = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap();
    // Keep the browser from really opening a tab: cancel at the window, after the console.
    let stop =
        wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new(|ev: web_sys::Event| ev.prevent_default());
    let window = web_sys::window().unwrap();
    window.add_event_listener_with_callback("click", stop.as_ref().unchecked_ref()).unwrap();
    link.dispatch_event(&click).unwrap();
    tick().await;
    window.remove_event_listener_with_callback("click", stop.as_ref().unchecked_ref()).unwrap();
    assert_eq!(console.current(".apx-tabs").as_deref(), Some("已上架"), "ctrl-click opens a new tab instead");
}

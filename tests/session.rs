//! Signing in against the reference backend: demo identities, a typed token, a bad
//! token, switching identity, and a host's token.

mod common;

use common::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_demo_seller_is_picked_remembered_and_switched_away_from() {
    local_storage().remove_item("apx.token").unwrap();
    {
        let console = open("/products/pending", standalone());
        console.wait_text("演示账号").await;
        assert!(console.find(".apx-nav").is_none(), "nothing but the sign-in screen before signing in");
        console.containing(".apx-session__accounts button", "示例服务商 A").unwrap().click();
        console.wait_current(".apx-tabs", "待上架").await;
        assert!(console.find(".apx-identity").unwrap().text_content().unwrap().contains("示例服务商 A"));
    }
    // The next visit in this browser is still signed in.
    let console = open("/products/listed", standalone());
    console.wait_current(".apx-tabs", "已上架").await;
    console.click(".apx-identity button", "切换身份").await;
    console.wait_text("登录卖家中心").await;
    assert!(console.find(".apx-identity").is_none());
    assert_eq!(local_storage().get_item("apx.token").unwrap(), None);
}

#[wasm_bindgen_test]
async fn a_bad_token_is_refused_next_to_the_field_and_kept() {
    local_storage().remove_item("apx.token").unwrap();
    let console = open("/", standalone());
    console.type_into("#apx-session-token", "not-a-real-token").await;
    console.click("button", "登录").await;
    wait_for("the error", || {
        console.find("#apx-session-token-error").unwrap().text_content().unwrap().contains("令牌无效")
    })
    .await;
    let input: web_sys::HtmlInputElement = console.find("#apx-session-token").unwrap().unchecked_into();
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(input.get_attribute("aria-describedby").unwrap().contains("apx-session-token-error"));
    assert_eq!(input.value(), "not-a-real-token", "what was typed is kept");
}

#[wasm_bindgen_test]
async fn an_empty_token_is_required_and_a_typed_one_signs_in() {
    local_storage().remove_item("apx.token").unwrap();
    let console = open("/", standalone());
    console.click("button", "登录").await;
    wait_for("required", || {
        console.find("#apx-session-token-error").unwrap().text_content().unwrap().contains("请填写此项")
    })
    .await;
    console.type_into("#apx-session-token", REVIEWER).await;
    console.click("button", "登录").await;
    wait_for("the reviewer lands on the review queue", || pathname() == "/review").await;
    console.wait_current(".apx-nav", "审核队列").await;
    assert!(console.by_text(".apx-nav a", "商品管理").is_none(), "a reviewer has no product management");
    local_storage().remove_item("apx.token").unwrap();
}

#[wasm_bindgen_test]
async fn a_host_token_signs_in_without_a_switch_or_storage() {
    local_storage().remove_item("apx.token").unwrap();
    let console = open("/products/listed", signed_in(SELLER_A));
    wait_for("identity", || console.find(".apx-identity").is_some()).await;
    assert!(console.find(".apx-identity button").is_none(), "the host owns the identity");
    assert_eq!(local_storage().get_item("apx.token").unwrap(), None);
}

#[wasm_bindgen_test]
fn the_first_screen_is_asked_for_by_the_address_the_start_script_builds() {
    use apx_console::api::boot::first_screen;
    let list = |tab: &str, q: &str, n: u32| format!("/products?tab={tab}&q={q}&page={n}&per_page=10");
    assert_eq!(first_screen("/", ""), ["/me".to_owned(), list("listed", "", 1)], "the home page is 已上架");
    assert_eq!(first_screen("/products", ""), ["/me".to_owned(), list("listed", "", 1)]);
    assert_eq!(
        first_screen("/products/pending/", "?q=%20%E5%A4%A9%E6%B0%94%20&page=2"),
        ["/me".to_owned(), list("pending", "%E5%A4%A9%E6%B0%94", 2)],
        "the search trimmed and encoded, the page kept"
    );
    assert_eq!(first_screen("/products/delisted", "?page=0"), ["/me".to_owned(), list("delisted", "", 1)]);
    assert_eq!(first_screen("/products/nope", ""), ["/me"], "no list for an address that is not a tab");
    assert_eq!(first_screen("/publish/new/1", ""), ["/me"]);
}

#[wasm_bindgen_test]
async fn an_answer_asked_before_the_console_is_adopted_once_and_only_for_its_token() {
    use apx_console::api::boot::{adopt, ask_first};
    let api = format!("{API}/api/v1");
    ask_first(&api, SELLER_A, "/products/pending", "");
    let me = format!("{api}/me");
    // Asked with another token: never another identity's answer (and dropped).
    assert!(adopt(&me, Some(REVIEWER)).is_none());
    assert!(adopt(&me, Some(SELLER_A)).is_none(), "dropped once looked at");
    // The list is adopted by the console: it shows 待上架 without asking again.
    let list = format!("{api}/products?tab=pending&q=&page=1&per_page=10");
    let answer = adopt(&list, Some(SELLER_A)).expect("the early list");
    let response: web_sys::Response =
        wasm_bindgen_futures::JsFuture::from(answer).await.expect("answered").dyn_into().unwrap();
    assert_eq!(response.status(), 200);
    assert!(adopt(&list, Some(SELLER_A)).is_none(), "taken");
}

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

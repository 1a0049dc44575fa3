//! The event stream in a real browser (SPEC §5b): messages read as the backend writes
//! them, and 商品管理 following what happens elsewhere without a reload.

mod common;

use apx_console::api::Client;
use common::*;
use domain::model::ProductContent;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn a_message_is_its_data_and_a_keep_alive_is_nothing() {
    assert_eq!(apx_console::live::parse(":\n\n"), None, "a keep-alive comment");
    let message = "id: 7\ndata: {\"id\":7,\"kind\":\"decided\",\"product_id\":\"p1\",\"name\":\"天气\",\
        \"status\":\"listing_rejected\",\"decision\":\"rejected\",\"request\":\"listing\",\"comments\":2,\"at\":1}\n\n";
    let event = apx_console::live::parse(message).expect("an event");
    assert_eq!((event.id, event.product_id.as_str(), event.comments), (7, "p1", 2));
    assert_eq!(event.decision, Some(domain::review::Decision::Rejected));
}

#[wasm_bindgen_test]
async fn the_list_shows_a_product_made_in_another_tab_without_a_reload() {
    let console = open("/products/pending", signed_in(SELLER_A));
    // The list has loaded (before the product exists), and the stream had a moment to
    // open, as a seller's console would have long before.
    wait_for("the list", || console.find(".apx-pager").is_some()).await;
    apx_console::host::sleep(500).await;
    let name = unique("另一个标签页里新建的商品");
    let client = Client::new(API, Some(SELLER_A.into()));
    client.create(&ProductContent { name: name.clone(), ..ProductContent::default() }).await.expect("a draft");
    console.wait_text(&name).await;
}

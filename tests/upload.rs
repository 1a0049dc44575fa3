//! The upload pipeline in the browser: images decoded with EXIF orientation, cropped,
//! resized to the field's exact size and re-encoded; the byte limit on the prepared
//! file; impostors refused by content; count limits when choosing.

mod common;

use apx_console::upload::{centre_crop, prepare, Crop};
use common::*;
use domain::{FileKind, FileSlot, RULES};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// An image made by the browser: `w`×`h`, painted by `paint`, encoded as `mime`.
async fn image(w: u32, h: u32, mime: &str, paint: impl Fn(&web_sys::OffscreenCanvasRenderingContext2d)) -> Vec<u8> {
    let canvas = web_sys::OffscreenCanvas::new(w, h).unwrap();
    let ctx: web_sys::OffscreenCanvasRenderingContext2d = canvas.get_context("2d").unwrap().unwrap().unchecked_into();
    paint(&ctx);
    let options = web_sys::ImageEncodeOptions::new();
    options.set_type(mime);
    options.set_quality(0.95);
    let blob: web_sys::Blob =
        JsFuture::from(canvas.convert_to_blob_with_options(&options).unwrap()).await.unwrap().unchecked_into();
    js_sys::Uint8Array::new(&JsFuture::from(blob.array_buffer()).await.unwrap()).to_vec()
}

fn rect(ctx: &web_sys::OffscreenCanvasRenderingContext2d, color: &str, x: f64, y: f64, w: f64, h: f64) {
    ctx.set_fill_style_str(color);
    ctx.fill_rect(x, y, w, h);
}

fn file(name: &str, bytes: &[u8]) -> web_sys::File {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    web_sys::File::new_with_u8_array_sequence(&parts, name).unwrap()
}

/// Inserts an EXIF segment saying "rotate 90° clockwise to display" (orientation 6).
fn with_orientation_6(jpeg: &[u8]) -> Vec<u8> {
    let mut exif = vec![0xFF, 0xE1, 0x00, 0x22];
    exif.extend_from_slice(b"Exif\0\0II\x2A\0\x08\0\0\0");
    exif.extend_from_slice(&[1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0]);
    let mut out = jpeg[..2].to_vec();
    out.extend(exif);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// The RGBA of pixel (x, y) of a prepared image, decoded back by the browser.
async fn pixel(blob: &web_sys::Blob, x: f64, y: f64) -> [u8; 4] {
    let window = web_sys::window().unwrap();
    let bitmap: web_sys::ImageBitmap =
        JsFuture::from(window.create_image_bitmap_with_blob(blob).unwrap()).await.unwrap().unchecked_into();
    let canvas = web_sys::OffscreenCanvas::new(bitmap.width(), bitmap.height()).unwrap();
    let ctx: web_sys::OffscreenCanvasRenderingContext2d = canvas.get_context("2d").unwrap().unwrap().unchecked_into();
    ctx.draw_image_with_image_bitmap(&bitmap, 0.0, 0.0).unwrap();
    let data = ctx.get_image_data(x, y, 1.0, 1.0).unwrap().data();
    [data[0], data[1], data[2], data[3]]
}

fn is_red(p: [u8; 4]) -> bool {
    p[0] > 200 && p[1] < 60 && p[2] < 60
}

fn is_blue(p: [u8; 4]) -> bool {
    p[2] > 200 && p[0] < 60 && p[1] < 60
}

#[wasm_bindgen_test]
fn the_centre_crop_keeps_the_target_ratio() {
    assert_eq!(centre_crop((4000, 3000), (1024, 768)), Crop { x: 0.0, y: 0.0, width: 4000.0, height: 3000.0 });
    assert_eq!(centre_crop((200, 100), (96, 96)), Crop { x: 50.0, y: 0.0, width: 100.0, height: 100.0 });
    assert_eq!(centre_crop((1000, 1000), (1024, 768)), Crop { x: 0.0, y: 125.0, width: 1000.0, height: 750.0 });
}

#[wasm_bindgen_test]
async fn a_phone_photo_with_exif_orientation_6_becomes_an_upright_96_square_icon() {
    // Stored sideways: red on the left, blue on the right; displayed rotated 90° clockwise.
    let stored = image(200, 100, "image/jpeg", |ctx| {
        rect(ctx, "#ff0000", 0.0, 0.0, 100.0, 100.0);
        rect(ctx, "#0000ff", 100.0, 0.0, 100.0, 100.0);
    })
    .await;
    let photo = file("IMG_0001.JPG", &with_orientation_6(&stored));
    let icon = prepare(FileSlot::Icon, &photo, None).await.unwrap();
    assert_eq!((icon.kind, icon.width, icon.height), (FileKind::Jpeg, Some(96), Some(96)));
    assert_eq!(icon.name, "IMG_0001.jpg");
    // Upright, the left half is on top.
    assert!(is_red(pixel(&icon.blob, 48.0, 12.0).await), "top is red");
    assert!(is_blue(pixel(&icon.blob, 48.0, 84.0).await), "bottom is blue");
}

#[wasm_bindgen_test]
async fn a_large_phone_photo_with_exif_orientation_6_is_upright_at_every_size() {
    // Stored sideways in four colours; displayed rotated 90° clockwise, the stored
    // bottom-left (blue) is top-left, top-left (red) top-right, bottom-right (yellow)
    // bottom-left, top-right (green) bottom-right. Large enough to be decoded scaled.
    let stored = image(4000, 3000, "image/jpeg", |ctx| {
        rect(ctx, "#ff0000", 0.0, 0.0, 2000.0, 1500.0);
        rect(ctx, "#00ff00", 2000.0, 0.0, 2000.0, 1500.0);
        rect(ctx, "#0000ff", 0.0, 1500.0, 2000.0, 1500.0);
        rect(ctx, "#ffff00", 2000.0, 1500.0, 2000.0, 1500.0);
    })
    .await;
    let photo = file("IMG_0002.JPG", &with_orientation_6(&stored));
    let is_green = |p: [u8; 4]| p[1] > 200 && p[0] < 60 && p[2] < 60;
    let is_yellow = |p: [u8; 4]| p[0] > 200 && p[1] > 200 && p[2] < 60;
    for (slot, (w, h)) in [(FileSlot::Images, (1024.0, 768.0)), (FileSlot::Icon, (96.0, 96.0))] {
        let ready = prepare(slot, &photo, None).await.unwrap();
        assert_eq!((ready.width, ready.height), (Some(w as u32), Some(h as u32)));
        let at = |fx: f64, fy: f64| pixel(&ready.blob, w * fx, h * fy);
        assert!(is_blue(at(0.1, 0.1).await), "{slot:?}: top-left is blue");
        assert!(is_red(at(0.9, 0.1).await), "{slot:?}: top-right is red");
        assert!(is_yellow(at(0.1, 0.9).await), "{slot:?}: bottom-left is yellow");
        assert!(is_green(at(0.9, 0.9).await), "{slot:?}: bottom-right is green");
    }
}

#[wasm_bindgen_test]
async fn a_png_with_transparency_stays_a_png_with_transparency() {
    let logo = image(300, 300, "image/png", |ctx| rect(ctx, "#ff0000", 100.0, 100.0, 100.0, 100.0)).await;
    let icon = prepare(FileSlot::Icon, &file("logo.png", &logo), None).await.unwrap();
    assert_eq!(icon.kind, FileKind::Png);
    assert_eq!(pixel(&icon.blob, 2.0, 2.0).await[3], 0, "the corner is still transparent");
    assert!(is_red(pixel(&icon.blob, 48.0, 48.0).await));
}

#[wasm_bindgen_test]
async fn a_4000_by_3000_jpeg_becomes_exactly_1024_by_768_with_the_chosen_crop() {
    let photo = image(4000, 3000, "image/jpeg", |ctx| {
        rect(ctx, "#ff0000", 0.0, 0.0, 2000.0, 1500.0);
        rect(ctx, "#0000ff", 2000.0, 0.0, 2000.0, 1500.0);
        rect(ctx, "#00ff00", 0.0, 1500.0, 4000.0, 1500.0);
    })
    .await;
    let photo = file("product.jpg", &photo);
    let whole = prepare(FileSlot::Images, &photo, None).await.unwrap();
    assert_eq!((whole.width, whole.height, whole.kind), (Some(1024), Some(768), FileKind::Jpeg));
    assert!(is_red(pixel(&whole.blob, 100.0, 100.0).await) && is_blue(pixel(&whole.blob, 900.0, 100.0).await));
    // The seller's crop: the top-right quadrant only.
    let crop = Crop { x: 2000.0, y: 0.0, width: 2000.0, height: 1500.0 };
    let cropped = prepare(FileSlot::Images, &photo, Some(crop)).await.unwrap();
    assert_eq!((cropped.width, cropped.height), (Some(1024), Some(768)));
    assert!(is_blue(pixel(&cropped.blob, 100.0, 100.0).await) && is_blue(pixel(&cropped.blob, 900.0, 700.0).await));
}

#[wasm_bindgen_test]
async fn a_6_mb_photo_is_a_fine_icon_because_the_limit_is_on_the_prepared_file() {
    // Noise compresses badly: a 3200×2100 noisy JPEG is about 6.8 MB.
    let mut seed = 7u32;
    let mut noise = vec![0u8; 3200 * 2100 * 4];
    for (i, b) in noise.iter_mut().enumerate() {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        *b = if i % 4 == 3 { 255 } else { (seed >> 16) as u8 };
    }
    let photo = image(3200, 2100, "image/jpeg", |ctx| {
        let data =
            web_sys::ImageData::new_with_u8_clamped_array_and_sh(wasm_bindgen::Clamped(&noise), 3200, 2100).unwrap();
        ctx.put_image_data(&data, 0.0, 0.0).unwrap();
    })
    .await;
    assert!(photo.len() > 6 * 1024 * 1024, "a 6 MB original: {}", photo.len());
    let icon = prepare(FileSlot::Icon, &file("noisy.jpg", &photo), None).await.unwrap();
    assert!((icon.blob.size() as u64) < RULES.s1_icon.max_bytes);
    assert_eq!((icon.width, icon.height), (Some(96), Some(96)));
}

#[wasm_bindgen_test]
async fn impostors_and_broken_images_are_refused_saying_why() {
    let text = prepare(FileSlot::Icon, &file("logo.png", b"not a picture at all"), None).await.err().unwrap();
    assert_eq!(apx_console::Locale::ZhCn.field_error(&text), "这是无法识别的文件，此处需要JPG 图片或PNG 图片");
    let pdf = prepare(FileSlot::Images, &file("photo.jpg", &fixtures::pdf()), None).await.err().unwrap();
    assert_eq!(apx_console::Locale::ZhCn.field_error(&pdf), "这是PDF 文档，此处需要JPG 图片或PNG 图片");
    let jpeg = image(400, 300, "image/jpeg", |ctx| rect(ctx, "#336699", 0.0, 0.0, 400.0, 300.0)).await;
    let truncated = prepare(FileSlot::Icon, &file("cut.jpg", &jpeg[..jpeg.len() / 2]), None).await.err().unwrap();
    assert_eq!(truncated.key, domain::ErrorKey::Undecodable);
    assert_eq!(apx_console::Locale::ZhCn.field_error(&truncated), "无法读取这张图片，文件可能已损坏或不完整");
}

#[wasm_bindgen_test]
async fn an_image_cut_anywhere_is_refused_before_upload_in_every_image_slot() {
    // Chromium decodes these (grey where the data stops): the structure check does not.
    let png = fixtures::png(1024, 768);
    let jpeg = image(1024, 768, "image/jpeg", |ctx| rect(ctx, "#336699", 0.0, 0.0, 1024.0, 768.0)).await;
    let cases = [
        (FileSlot::Images, "a PNG cut inside its data", file("cut.png", &png[..png.len() * 2 / 3])),
        (FileSlot::Images, "a PNG without IEND", file("no-end.png", &png[..png.len() - 12])),
        (FileSlot::Images, "a JPEG without its end marker", file("no-eoi.jpg", &jpeg[..jpeg.len() - 2])),
        (FileSlot::CopyrightCerts, "a certificate PNG cut short", file("cert.png", &png[..png.len() / 2])),
    ];
    for (slot, what, broken) in cases {
        let refused = prepare(slot, &broken, None).await.err().unwrap_or_else(|| panic!("{what} was taken"));
        assert_eq!(refused.key, domain::ErrorKey::Undecodable, "{what}");
    }
    // Whole, they are taken.
    assert!(prepare(FileSlot::Images, &file("whole.png", &png), None).await.is_ok());
    assert!(prepare(FileSlot::CopyrightCerts, &file("cert.jpg", &jpeg), None).await.is_ok());
}

#[wasm_bindgen_test]
async fn documents_are_recognised_by_content_and_kept_as_they_are() {
    for (bytes, kind) in [(fixtures::pdf(), FileKind::Pdf), (fixtures::zip(), FileKind::Zip)] {
        let doc = prepare(FileSlot::UsageDoc, &file("guide", &bytes), None).await.unwrap();
        assert_eq!(doc.kind, kind);
        assert_eq!(doc.blob.size() as usize, bytes.len());
    }
    for (bytes, kind) in [(fixtures::doc(), FileKind::Doc), (fixtures::docx(), FileKind::Docx)] {
        assert_eq!(prepare(FileSlot::TestReport, &file("r", &bytes), None).await.unwrap().kind, kind);
    }
    let zip = prepare(FileSlot::TestReport, &file("report.docx", &fixtures::zip()), None).await.err().unwrap();
    assert_eq!(
        apx_console::Locale::ZhCn.field_error(&zip),
        "这是ZIP 压缩包，此处需要Word 文档（.doc）或Word 文档（.docx）或PDF 文档"
    );
}

#[wasm_bindgen_test]
async fn a_seventh_image_is_refused_with_the_count_message() {
    let console = open("/publish/2", signed_in(SELLER_A));
    let small = fixtures::png(64, 48);
    let seven: Vec<(&str, Vec<u8>)> = ["1.png", "2.png", "3.png", "4.png", "5.png", "6.png", "7.png"]
        .into_iter()
        .map(|n| (n, small.clone()))
        .collect();
    console.choose_files("#apx-f-images", &seven).await;
    console.wait_text("最多 6 个，本次只保留了前 6 个").await;
    wait_for("six prepared and uploaded", || {
        console.all(".apx-files__job").is_empty() && console.all("ul.apx-files:not(.apx-files--pending) li").len() == 6
    })
    .await;
    assert!(console.find("#apx-f-images").unwrap().has_attribute("disabled"), "no room for more");
}

fn client() -> apx_console::api::Client {
    apx_console::api::Client::new(API, Some(SELLER_A.into()))
}

/// A `len`-byte PDF (a header and zeros).
fn big_pdf(len: usize) -> web_sys::Blob {
    let mut bytes = vec![0u8; len];
    bytes[..5].copy_from_slice(b"%PDF-");
    file("guide.pdf", &bytes).into()
}

#[wasm_bindgen_test]
async fn a_50_mb_document_uploads_with_progress_reported() {
    let seen = std::rc::Rc::new(std::cell::RefCell::new(Vec::<(f64, f64)>::new()));
    let record = seen.clone();
    let size = 50 * 1024 * 1024;
    let uploaded = client()
        .upload(
            FileSlot::UsageDoc,
            &big_pdf(size),
            "guide.pdf",
            move |sent, total| record.borrow_mut().push((sent, total)),
            |_| {},
        )
        .await
        .unwrap();
    assert_eq!((uploaded.kind, uploaded.size), (FileKind::Pdf, size as u64));
    let seen = seen.borrow();
    assert!(!seen.is_empty(), "progress events arrived");
    let (sent, total) = *seen.last().unwrap();
    assert!(total >= size as f64 && sent == total, "the last event is complete: {sent}/{total}");
    assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0), "progress only goes up");
}

#[wasm_bindgen_test]
async fn cancel_stops_an_upload() {
    let result = client()
        .upload(FileSlot::UsageDoc, &big_pdf(40 * 1024 * 1024), "guide.pdf", |_, _| {}, |upload| upload.cancel())
        .await;
    assert_eq!(result.err(), Some(apx_console::api::UploadError::Cancelled));
}

#[wasm_bindgen_test]
async fn a_refused_file_is_not_retried_and_says_why() {
    let result = client()
        .upload(FileSlot::Icon, &file("icon.png", &fixtures::png(97, 96)).into(), "icon.png", |_, _| {}, |_| {})
        .await;
    match result {
        Err(apx_console::api::UploadError::Refused(422, Some(body))) => {
            assert_eq!(body.errors[0].key, domain::ErrorKey::Pixels)
        }
        other => panic!("expected a 422 refusal, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn a_dropped_connection_is_retried_and_the_file_arrives() {
    // The next upload's connection fails (a closed port), as a dropped network would.
    let patch = js_sys::Function::new_no_args(
        "const open = XMLHttpRequest.prototype.open;
         XMLHttpRequest.prototype.open = function (method, url, ...rest) {
           XMLHttpRequest.prototype.open = open;
           return open.call(this, method, 'http://127.0.0.1:9/api/v1/files', ...rest);
         };",
    );
    patch.call0(&wasm_bindgen::JsValue::NULL).unwrap();
    let console = open("/publish/2", signed_in(SELLER_A));
    console.choose_files("#apx-f-usage_doc", &[("guide.pdf", fixtures::pdf())]).await;
    console.wait_text("网络中断，1 秒后重试").await;
    wait_for("uploaded on the second try", || {
        console.all(".apx-files__job").is_empty()
            && console
                .all("ul.apx-files:not(.apx-files--pending) .apx-files__name")
                .iter()
                .any(|e| e.text_content().unwrap() == "guide.pdf")
    })
    .await;
}

fn press(target: &web_sys::Element, key: &str, shift: bool) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn the_crop_box_moves_and_resizes_by_keyboard_and_the_crop_is_used() {
    let console = open("/publish/1", signed_in(SELLER_A));
    // Red on the left half, blue on the right: the centre crop is half and half.
    let photo = image(400, 200, "image/jpeg", |ctx| {
        rect(ctx, "#ff0000", 0.0, 0.0, 200.0, 200.0);
        rect(ctx, "#0000ff", 200.0, 0.0, 200.0, 200.0);
    })
    .await;
    console.choose_files("#apx-f-icon", &[("two.jpg", photo)]).await;
    let item = "ul.apx-files:not(.apx-files--pending) li";
    wait_for("uploaded", || console.find(item).is_some() && console.all(".apx-files__job").is_empty()).await;
    let first_id = console.find(item).unwrap().get_attribute("data-file-id").unwrap();
    // The autosave names the new draft in the address; the step must stay as it is.
    console.wait_text("草稿已保存").await;
    wait_for("the draft in the address", || !pathname().contains("/new/")).await;
    console.click(&format!("{item} button"), "调整裁剪").await;
    wait_for("the crop box", || console.find(".apx-crop__box").is_some()).await;
    let the_box = console.find(".apx-crop__box").unwrap();
    let width_before = the_box.get_attribute("style").unwrap();
    press(&the_box, "ArrowDown", true); // Shift+↓: smaller
    tick().await;
    assert_ne!(console.find(".apx-crop__box").unwrap().get_attribute("style").unwrap(), width_before, "resized");
    press(&the_box, "ArrowUp", true); // and back
    for _ in 0..40 {
        press(&the_box, "ArrowLeft", false);
    }
    tick().await;
    assert!(
        console.find(".apx-crop__box").unwrap().get_attribute("style").unwrap().starts_with("left: 0%"),
        "at the left edge"
    );
    console.click(".apx-crop button", "确定").await;
    wait_for("replaced by the cropped icon", || {
        console.find(item).and_then(|li| li.get_attribute("data-file-id")).is_some_and(|id| id != first_id)
    })
    .await;
    let new_id = console.find(item).unwrap().get_attribute("data-file-id").unwrap();
    let blob = apx_console::api::Client::new(API, Some(SELLER_A.into())).file_blob(&new_id).await.unwrap();
    assert!(is_red(pixel(&blob, 48.0, 48.0).await) && is_red(pixel(&blob, 90.0, 48.0).await), "the left (red) square");
    assert_eq!(console.all(item).len(), 1, "replaced in place, not added");
    // Once the draft no longer refers to it, the replaced file is gone from the backend.
    let mut status = 0;
    for _ in 0..500 {
        status = file_status(&first_id).await;
        if status == 404 {
            break;
        }
        tick().await;
    }
    assert_eq!(status, 404, "the file the crop replaced was released");
}

/// The status of `GET /files/{id}` for seller A, past the browser's cache.
async fn file_status(id: &str) -> u16 {
    let init = web_sys::RequestInit::new();
    init.set_cache(web_sys::RequestCache::NoStore);
    let headers = web_sys::Headers::new().unwrap();
    headers.set("Authorization", &format!("Bearer {SELLER_A}")).unwrap();
    init.set_headers(&headers);
    let request = web_sys::Request::new_with_str_and_init(&format!("{API}/api/v1/files/{id}"), &init).unwrap();
    let response: web_sys::Response =
        JsFuture::from(web_sys::window().unwrap().fetch_with_request(&request)).await.unwrap().unchecked_into();
    response.status()
}

fn pointer(kind: &str, x: i32, y: i32) -> web_sys::PointerEvent {
    let init = web_sys::PointerEventInit::new();
    init.set_client_x(x);
    init.set_client_y(y);
    init.set_pointer_id(1);
    init.set_bubbles(true);
    init.set_cancelable(true);
    web_sys::PointerEvent::new_with_event_init_dict(kind, &init).unwrap()
}

#[wasm_bindgen_test]
async fn the_crop_box_follows_a_pointer_drag() {
    let console = open("/publish/1", signed_in(SELLER_A));
    let photo = image(400, 200, "image/jpeg", |ctx| rect(ctx, "#808080", 0.0, 0.0, 400.0, 200.0)).await;
    console.choose_files("#apx-f-icon", &[("grey.jpg", photo)]).await;
    let item = "ul.apx-files:not(.apx-files--pending) li";
    wait_for("uploaded", || console.find(item).is_some() && console.all(".apx-files__job").is_empty()).await;
    console.click(&format!("{item} button"), "调整裁剪").await;
    wait_for("the crop box", || console.find(".apx-crop__box").is_some()).await;
    let style = || console.find(".apx-crop__box").unwrap().get_attribute("style").unwrap();
    assert!(style().starts_with("left: 25%"), "centred: {}", style());
    let the_box = console.find(".apx-crop__box").unwrap();
    let frame = console.find(".apx-crop__frame").unwrap();
    the_box.dispatch_event(&pointer("pointerdown", 200, 100)).unwrap();
    frame.dispatch_event(&pointer("pointermove", 100, 100)).unwrap();
    frame.dispatch_event(&pointer("pointerup", 100, 100)).unwrap();
    tick().await;
    assert!(style().starts_with("left: 0%"), "dragged to the left edge: {}", style());
    // After the pointer is up, moving does nothing.
    frame.dispatch_event(&pointer("pointermove", 400, 100)).unwrap();
    tick().await;
    assert!(style().starts_with("left: 0%"));
}

#[wasm_bindgen_test]
async fn a_file_dropped_on_the_field_is_uploaded() {
    let console = open("/publish/2", signed_in(SELLER_A));
    wait_for("step 2", || console.find("#apx-f-usage_doc").is_some()).await;
    let transfer = web_sys::DataTransfer::new().unwrap();
    transfer.items().add_with_file(&file("dropped.pdf", &fixtures::pdf())).unwrap();
    let init = web_sys::DragEventInit::new();
    init.set_data_transfer(Some(&transfer));
    init.set_bubbles(true);
    init.set_cancelable(true);
    let drop = web_sys::DragEvent::new_with_event_init_dict("drop", &init).unwrap();
    let zone = console.find("#apx-f-usage_doc").unwrap().parent_element().unwrap();
    zone.dispatch_event(&drop).unwrap();
    assert!(drop.default_prevented(), "the browser does not open the dropped file");
    wait_for("uploaded", || {
        console.all(".apx-files__job").is_empty()
            && console
                .all("ul.apx-files:not(.apx-files--pending) .apx-files__name")
                .iter()
                .any(|e| e.text_content().unwrap() == "dropped.pdf")
    })
    .await;
}

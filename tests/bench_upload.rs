//! Benchmark figures, not a test (`make bench-upload` runs it; `cargo test` skips it):
//! in headless Chromium, the time from a 12-megapixel photo `File` — a JPEG, the same
//! JPEG upright by EXIF orientation 6 as phones write it, and a PNG — to a
//! ready-to-upload `Blob` at 1024×768 and at 96×96, next to a bare `createImageBitmap`
//! decode of the same file (the floor), the ratio to that floor, and the longest
//! main-thread task while preparing.

use apx_console::upload::prepare;
use domain::FileSlot;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const RUNS: usize = 9;

fn now() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// A photo-like 4000×3000 image (gradients with fine noise), encoded by the browser as
/// `mime`.
async fn photo(mime: &str, name: &str) -> web_sys::File {
    let (w, h) = (4000u32, 3000u32);
    let mut pixels = vec![0u8; (w * h * 4) as usize];
    let mut seed = 1u32;
    for y in 0..h {
        for x in 0..w {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let n = (seed >> 27) as u8;
            let i = ((y * w + x) * 4) as usize;
            pixels[i..i + 4].copy_from_slice(&[(x / 16) as u8 ^ n, (y / 12) as u8 ^ n, ((x + y) / 28) as u8, 255]);
        }
    }
    let canvas = web_sys::OffscreenCanvas::new(w, h).unwrap();
    let ctx: web_sys::OffscreenCanvasRenderingContext2d = canvas.get_context("2d").unwrap().unwrap().unchecked_into();
    let data = web_sys::ImageData::new_with_u8_clamped_array_and_sh(wasm_bindgen::Clamped(&pixels), w, h).unwrap();
    ctx.put_image_data(&data, 0.0, 0.0).unwrap();
    let options = web_sys::ImageEncodeOptions::new();
    options.set_type(mime);
    options.set_quality(0.9);
    let blob: web_sys::Blob =
        JsFuture::from(canvas.convert_to_blob_with_options(&options).unwrap()).await.unwrap().unchecked_into();
    let parts = js_sys::Array::of1(&blob);
    web_sys::File::new_with_blob_sequence(&parts, name).unwrap()
}

/// The same JPEG as a phone writes it when held upright: the pixels as the sensor saw
/// them and an EXIF segment saying "rotate 90° clockwise to display" (orientation 6).
async fn rotated(jpeg: &web_sys::File) -> web_sys::File {
    let bytes = js_sys::Uint8Array::new(&JsFuture::from(jpeg.array_buffer()).await.unwrap()).to_vec();
    let mut exif = vec![0xFF, 0xE1, 0x00, 0x22];
    exif.extend_from_slice(b"Exif\0\0II\x2A\0\x08\0\0\0");
    exif.extend_from_slice(&[1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0]);
    let mut out = bytes[..2].to_vec();
    out.extend(exif);
    out.extend_from_slice(&bytes[2..]);
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(out.as_slice()));
    web_sys::File::new_with_u8_array_sequence(&parts, "upright.jpg").unwrap()
}

/// Lets the performance observer deliver what it saw.
async fn settle(window: &web_sys::Window) {
    JsFuture::from(js_sys::Promise::new(&mut |r, _| {
        window.set_timeout_with_callback_and_timeout_and_arguments_0(&r, 200).unwrap();
    }))
    .await
    .unwrap();
}

/// One bare decode of `file`: what the browser needs just to decode it, EXIF
/// orientation applied (the floor).
async fn decode(window: &web_sys::Window, file: &web_sys::File) -> f64 {
    let t = now();
    let bitmap: web_sys::ImageBitmap =
        JsFuture::from(window.create_image_bitmap_with_blob(file).unwrap()).await.unwrap().unchecked_into();
    let took = now() - t;
    bitmap.close();
    took
}

/// One preparation of `file` for `slot`.
async fn prepared(file: &web_sys::File, slot: FileSlot) -> f64 {
    let t = now();
    let ready = prepare(slot, file, None).await.unwrap();
    let took = now() - t;
    let (w, h) = slot.limit().pixels.unwrap();
    assert_eq!((ready.width, ready.height), (Some(w), Some(h)));
    took
}

/// The long tasks seen since the last call.
async fn long_tasks(window: &web_sys::Window) -> Vec<f64> {
    settle(window).await;
    let long: Vec<f64> = js_sys::Reflect::get(window, &"__apxLongTasks".into())
        .ok()
        .map(|v| js_sys::Array::from(&v).iter().filter_map(|d| d.as_f64()).collect())
        .unwrap_or_default();
    js_sys::Reflect::set(window, &"__apxLongTasks".into(), &js_sys::Array::new()).unwrap();
    long
}

#[wasm_bindgen_test]
#[ignore]
async fn prepare_12_megapixel_photos() {
    let jpeg = photo("image/jpeg", "photo.jpg").await;
    let upright = rotated(&jpeg).await;
    let png = photo("image/png", "screenshot.png").await;
    // Long tasks (> 50 ms) on the main thread while the work runs.
    js_sys::Function::new_no_args(
        "window.__apxLongTasks = [];
         new PerformanceObserver(list => window.__apxLongTasks.push(...list.getEntries().map(e => e.duration)))
           .observe({ type: 'longtask' });",
    )
    .call0(&wasm_bindgen::JsValue::NULL)
    .unwrap();
    let window = web_sys::window().unwrap();
    console_log!("12-megapixel photos prepared in headless Chromium, median of {RUNS} runs (targets: ≤ 1.2 × the bare decode, no main-thread task over 50 ms):");
    let sources = [("JPEG", &jpeg), ("JPEG, EXIF orientation 6", &upright), ("PNG", &png)];
    for (name, file) in sources {
        // Decodes and preparations take turns, so the machine's drift touches both alike;
        // the ratio is the median of each run's own ratio.
        let (mut floor, mut large, mut small) = (Vec::new(), Vec::new(), Vec::new());
        let (mut large_ms, mut small_ms, mut long) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..RUNS {
            let bare = decode(&window, file).await;
            // Long tasks are counted during the preparation only (a bare decode shows one too).
            long_tasks(&window).await;
            let to_large = prepared(file, FileSlot::Images).await;
            let to_small = prepared(file, FileSlot::Icon).await;
            long.extend(long_tasks(&window).await);
            floor.push(bare);
            large.push(to_large / bare);
            small.push(to_small / bare);
            large_ms.push(to_large);
            small_ms.push(to_small);
        }
        let floor = median(floor);
        let (large, small) = (median(large), median(small));
        console_log!("  {name} ({:.1} MB)", file.size() / 1_048_576.0);
        console_log!("    bare decode (the floor)                 {floor:7.1} ms");
        let (large_ms, small_ms) = (median(large_ms), median(small_ms));
        console_log!("    → 1024×768 ready to upload             {large_ms:7.1} ms   {large:.2} × the floor");
        console_log!("    → 96×96 icon ready to upload           {small_ms:7.1} ms   {small:.2} × the floor");
        match long.iter().copied().reduce(f64::max) {
            Some(max) => console_log!("    longest main-thread task: {max:.0} ms ({} tasks over 50 ms)", long.len()),
            None => console_log!("    longest main-thread task: none over 50 ms"),
        }
    }
}

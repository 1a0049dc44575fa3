//! Benchmark figures, not a test (`make bench-upload` runs it; `cargo test` skips it):
//! in headless Chromium, the time from a 12-megapixel JPEG `File` to a ready-to-upload
//! `Blob` at 1024×768 and at 96×96, next to a bare `createImageBitmap` decode of the
//! same file (the floor), the ratio to that floor, and the longest main-thread task.

use apx_console::upload::prepare;
use domain::FileSlot;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const RUNS: usize = 5;

fn now() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// A photo-like 4000×3000 JPEG: gradients with fine noise, encoded by the browser.
async fn photo() -> web_sys::File {
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
    options.set_type("image/jpeg");
    options.set_quality(0.9);
    let blob: web_sys::Blob =
        JsFuture::from(canvas.convert_to_blob_with_options(&options).unwrap()).await.unwrap().unchecked_into();
    let parts = js_sys::Array::of1(&blob);
    web_sys::File::new_with_blob_sequence(&parts, "photo.jpg").unwrap()
}

/// Lets the performance observer deliver what it saw.
async fn settle(window: &web_sys::Window) {
    JsFuture::from(js_sys::Promise::new(&mut |r, _| {
        window.set_timeout_with_callback_and_timeout_and_arguments_0(&r, 200).unwrap();
    }))
    .await
    .unwrap();
}

#[wasm_bindgen_test]
#[ignore]
async fn prepare_a_12_megapixel_photo() {
    let file = photo().await;
    // Long tasks (> 50 ms) on the main thread while the work runs.
    js_sys::Function::new_no_args(
        "window.__apxLongTasks = [];
         new PerformanceObserver(list => window.__apxLongTasks.push(...list.getEntries().map(e => e.duration)))
           .observe({ type: 'longtask' });",
    )
    .call0(&wasm_bindgen::JsValue::NULL)
    .unwrap();
    let window = web_sys::window().unwrap();
    let mut floor = Vec::new();
    let mut large = Vec::new();
    let mut small = Vec::new();
    for _ in 0..RUNS {
        let t = now();
        let bitmap: web_sys::ImageBitmap =
            JsFuture::from(window.create_image_bitmap_with_blob(&file).unwrap()).await.unwrap().unchecked_into();
        floor.push(now() - t);
        bitmap.close();
    }
    // Long tasks are counted during the preparation only (a bare decode shows one too).
    settle(&window).await;
    js_sys::Reflect::set(&window, &"__apxLongTasks".into(), &js_sys::Array::new()).unwrap();
    for _ in 0..RUNS {
        let t = now();
        prepare(FileSlot::Images, &file, None).await.unwrap();
        large.push(now() - t);
        let t = now();
        prepare(FileSlot::Icon, &file, None).await.unwrap();
        small.push(now() - t);
    }
    settle(&window).await;
    let long: Vec<f64> = js_sys::Reflect::get(&window, &"__apxLongTasks".into())
        .ok()
        .map(|v| js_sys::Array::from(&v).iter().filter_map(|d| d.as_f64()).collect())
        .unwrap_or_default();
    let (floor, large, small) = (median(floor), median(large), median(small));
    console_log!("12 MP JPEG ({:.1} MB), median of {RUNS} runs in headless Chromium:", file.size() / 1_048_576.0);
    console_log!("  createImageBitmap decode (the floor)   {floor:7.1} ms");
    console_log!(
        "  File → 1024×768 JPEG ready to upload    {large:7.1} ms   {:.2} × the floor (target ≤ 1.3)",
        large / floor
    );
    console_log!(
        "  File → 96×96 icon ready to upload        {small:7.1} ms   {:.2} × the floor (target ≤ 1.3)",
        small / floor
    );
    match long.iter().copied().reduce(f64::max) {
        Some(max) => {
            console_log!("  longest main-thread task: {max:.0} ms ({} tasks over 50 ms; target: none)", long.len())
        }
        None => console_log!("  longest main-thread task: none over 50 ms (target met)"),
    }
}

//! Files prepared in the browser before upload. Images are decoded by the browser
//! itself (`createImageBitmap`, EXIF orientation applied), cropped to the target
//! aspect ratio (centred unless a crop is given), resized with high quality to the
//! field's exact pixel size and encoded — PNG when the result has transparency, JPEG
//! otherwise. The byte limit applies to the prepared file. No image crate: the browser
//! decodes and scales.

pub mod crop;
mod queue;

pub use queue::{use_upload_queue, CropSession, Job, JobState, UploadQueue, UploadQueueOptions};

use domain::model::FileRef;
use domain::rules::FileLimit;
use domain::sniff::{image_size, jpeg_orientation, oriented_size, png_may_have_alpha, SNIFF_PREFIX};
use domain::structure::{Broken, StructureCheck};
use domain::{sniff, validate, ErrorKey, FieldError, FileKind, FileSlot};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

// WebCodecs' ImageDecoder decodes a JPEG straight at a reduced scale (DCT scaling):
// about half the time of a full decode for a 12 MP photo. Resolves to an ImageBitmap,
// or null where ImageDecoder is missing or fails (the caller then decodes in full).
#[wasm_bindgen(inline_js = r#"
export async function decode_scaled(blob, type, width, height) {
  if (typeof ImageDecoder === 'undefined') return null;
  try {
    const decoder = new ImageDecoder({ data: await blob.arrayBuffer(), type, desiredWidth: width, desiredHeight: height });
    const { image } = await decoder.decode();
    decoder.close();
    const bitmap = await createImageBitmap(image);
    image.close();
    return bitmap;
  } catch (e) {
    return null;
  }
}

// Whether any pixel of the canvas is not fully opaque, looked at where the pixels are
// (copying 3 MB into wasm memory to look at every fourth byte costs more than the look).
export function has_transparency(context, width, height) {
  const data = context.getImageData(0, 0, width, height).data;
  for (let i = 3; i < data.length; i += 4) {
    if (data[i] !== 255) return true;
  }
  return false;
}
"#)]
extern "C" {
    fn decode_scaled(blob: &web_sys::Blob, mime: &str, width: u32, height: u32) -> js_sys::Promise;
    fn has_transparency(context: &web_sys::OffscreenCanvasRenderingContext2d, width: u32, height: u32) -> bool;
}

/// A rectangle of the (oriented) original, in its pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Crop {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// The largest rectangle of the target's aspect ratio, centred in the source.
pub fn centre_crop(source: (u32, u32), target: (u32, u32)) -> Crop {
    let (sw, sh) = (f64::from(source.0), f64::from(source.1));
    let ratio = f64::from(target.0) / f64::from(target.1);
    let (width, height) = if sw / sh > ratio { (sh * ratio, sh) } else { (sw, sw / ratio) };
    Crop { x: (sw - width) / 2.0, y: (sh - height) / 2.0, width, height }
}

/// A file ready to upload.
pub struct Prepared {
    pub blob: web_sys::Blob,
    pub name: String,
    pub kind: FileKind,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// Bytes `start..end` of a blob (end clamped to its size).
async fn bytes(blob: &web_sys::Blob, start: f64, end: f64) -> Vec<u8> {
    let Ok(slice) = blob.slice_with_f64_and_f64(start, end) else { return Vec::new() };
    match JsFuture::from(slice.array_buffer()).await {
        Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
        Err(_) => Vec::new(),
    }
}

/// Whether the image in `blob` is whole to its end marker ([`domain::structure`]), read
/// four megabytes at a time so the check never holds the main thread long.
async fn whole(blob: &web_sys::Blob, kind: FileKind) -> Result<(), Broken> {
    const SLICE: f64 = 4.0 * 1024.0 * 1024.0;
    let Some(mut check) = StructureCheck::new(kind) else { return Ok(()) };
    let size = blob.size();
    // One buffer for every slice: the bytes are copied into wasm memory once each.
    let mut buffer = vec![0u8; SLICE.min(size) as usize];
    let mut at = 0.0;
    while at < size {
        let end = (at + SLICE).min(size);
        let read = match blob.slice_with_f64_and_f64(at, end) {
            Ok(slice) => JsFuture::from(slice.array_buffer()).await.ok(),
            Err(_) => None,
        };
        let Some(read) = read else { return Err(Broken::Truncated) };
        let view = js_sys::Uint8Array::new(&read);
        let piece = &mut buffer[..view.length() as usize];
        view.copy_to(piece);
        check.feed(piece);
        at = end;
    }
    check.finish()
}

/// The displayed size of an image file, from its header (EXIF orientation applied).
pub async fn original_size(file: &web_sys::File) -> Option<(u32, u32)> {
    oriented_size(&bytes(file, 0.0, SNIFF_PREFIX as f64).await)
}

/// Checks a chosen file against its slot's rule and prepares it: documents as they
/// are (kind by content, bytes), images decoded, cropped, resized and re-encoded.
pub async fn prepare(slot: FileSlot, file: &web_sys::File, crop: Option<Crop>) -> Result<Prepared, FieldError> {
    let (limit, field) = (&slot.limit(), slot.name());
    let head = bytes(file, 0.0, SNIFF_PREFIX as f64).await;
    let kind = sniff(&head);
    let size = file.size() as u64;
    let as_is = |kind| {
        let (width, height) = image_size(&head).map_or((None, None), |(w, h)| (Some(w), Some(h)));
        FileRef { id: String::new(), kind, name: file.name(), size, width, height }
    };
    match (limit.pixels, kind.is_image() && limit.accepts(kind)) {
        (Some(target), true) => prepare_image(limit, field, file, &head, kind, target, crop).await,
        _ => {
            validate::file(limit, field, &as_is(kind))?;
            // An image sent as it is (a copyright certificate): whole, within the guards.
            if kind.is_image() {
                validate::whole_image(limit, field, &as_is(kind), whole(file, kind).await)?;
            }
            let (width, height) = image_size(&head).map_or((None, None), |(w, h)| (Some(w), Some(h)));
            Ok(Prepared { blob: file.clone().into(), name: file.name(), kind, width, height })
        }
    }
}

async fn prepare_image(
    limit: &FileLimit,
    field: &str,
    file: &web_sys::File,
    head: &[u8],
    kind: FileKind,
    target: (u32, u32),
    crop: Option<Crop>,
) -> Result<Prepared, FieldError> {
    let undecodable = || FieldError::new(limit.id, field, ErrorKey::Undecodable);
    let size = file.size() as u64;
    validate::original_image(field, size, 0, 0)?;
    // The size as displayed, from the header: huge originals are refused before any
    // decoding, and the decoder can scale down off the main thread.
    let oriented = oriented_size(head);
    if let Some((width, height)) = oriented {
        validate::original_image(field, size, width, height)?;
    }
    // An image cut short may still decode (grey at the bottom): its structure is
    // checked to the end marker while the browser decodes it, off the main thread.
    let decoded = async {
        let window = web_sys::window().ok_or_else(undecodable)?;
        let scale = oriented.map_or(1.0, |(w, h)| {
            let crop = crop.unwrap_or_else(|| centre_crop((w, h), target));
            (f64::from(target.0) / crop.width).max(f64::from(target.1) / crop.height).min(1.0)
        });
        // JPEGs shrunk at least 2×: ImageDecoder decodes straight at a reduced scale (DCT
        // scaling, in eighths: the largest eighth not above the size asked for), about half
        // the time of a full decode. Ask for the smallest eighth that still covers the crop
        // at the target size; a high-quality draw does the rest. Everything else: a full
        // decode, then the draw scales. Both apply the EXIF orientation.
        let eighths = (scale * 8.0).ceil().max(1.0);
        let scaled = match oriented {
            Some((w, h)) if kind == FileKind::Jpeg && eighths <= 4.0 => {
                // The decoder is sized in stored pixels, before the orientation turns them.
                let (sw, sh) = if jpeg_orientation(head) >= 5 { (h, w) } else { (w, h) };
                let at = |n: u32| (f64::from(n) * eighths / 8.0).ceil() as u32;
                JsFuture::from(decode_scaled(file, kind.mime(), at(sw), at(sh)))
                    .await
                    .ok()
                    .and_then(|v| v.dyn_into::<web_sys::ImageBitmap>().ok())
                    .and_then(|bitmap| {
                        // A browser that hands back the stored pixels unturned: decode in full.
                        let upright = w == h || (bitmap.width() > bitmap.height()) == (w > h);
                        if !upright {
                            bitmap.close();
                        }
                        upright.then_some(bitmap)
                    })
            }
            _ => None,
        };
        let bitmap = match scaled {
            Some(bitmap) => bitmap,
            None => {
                // (Asking createImageBitmap to resize as well measured slower for a 12 MP
                // PNG, with long main-thread tasks: the draw below scales instead.)
                let promise = window.create_image_bitmap_with_blob(file).map_err(|_| undecodable())?;
                JsFuture::from(promise).await.map_err(|_| undecodable())?.unchecked_into()
            }
        };
        Ok::<_, FieldError>(bitmap)
    };
    let (bitmap, structure) = futures::join!(decoded, whole(file, kind));
    let bitmap = bitmap?;
    if structure.is_err() {
        bitmap.close();
        return Err(undecodable());
    }
    // The original's displayed size, and the factor the decoder scaled it by.
    let (width, height) = oriented.unwrap_or((bitmap.width(), bitmap.height()));
    let checked = validate::original_image(field, size, width, height);
    if let Err(e) = checked {
        bitmap.close();
        return Err(e);
    }
    let crop = crop.unwrap_or_else(|| centre_crop((width, height), target));
    let (sx, sy) = (f64::from(bitmap.width()) / f64::from(width), f64::from(bitmap.height()) / f64::from(height));
    let crop = Crop { x: crop.x * sx, y: crop.y * sy, width: crop.width * sx, height: crop.height * sy };
    let drawn = draw(&bitmap, crop, target);
    bitmap.close();
    let (canvas, context) = drawn.map_err(|_| undecodable())?;
    // Only a PNG with an alpha channel or a transparent colour can come out transparent;
    // its pixels are looked at in a task of their own, after the draw's.
    let transparent = kind == FileKind::Png && png_may_have_alpha(head) && {
        next_task().await;
        has_transparency(&context, target.0, target.1)
    };
    let (mime, extension, kind) =
        if transparent { ("image/png", "png", FileKind::Png) } else { ("image/jpeg", "jpg", FileKind::Jpeg) };
    let mut blob = encode(&canvas, mime, 0.92).await.ok_or_else(undecodable)?;
    if !transparent && blob.size() as u64 > limit.max_bytes {
        blob = encode(&canvas, mime, 0.75).await.ok_or_else(undecodable)?;
    }
    let prepared = FileRef {
        id: String::new(),
        kind,
        name: file.name(),
        size: blob.size() as u64,
        width: Some(target.0),
        height: Some(target.1),
    };
    validate::file(limit, field, &prepared)?;
    let stem = file.name().rsplit_once('.').map(|(stem, _)| stem.to_owned()).unwrap_or_else(|| file.name());
    Ok(Prepared { blob, name: format!("{stem}.{extension}"), kind, width: Some(target.0), height: Some(target.1) })
}

/// Draws `crop` of the bitmap at the target size, with high-quality smoothing.
fn draw(
    bitmap: &web_sys::ImageBitmap,
    crop: Crop,
    target: (u32, u32),
) -> Result<(web_sys::OffscreenCanvas, web_sys::OffscreenCanvasRenderingContext2d), JsValue> {
    let canvas = web_sys::OffscreenCanvas::new(target.0, target.1)?;
    let context: web_sys::OffscreenCanvasRenderingContext2d =
        canvas.get_context("2d")?.ok_or(JsValue::NULL)?.unchecked_into();
    context.set_image_smoothing_enabled(true);
    // No web-sys binding for imageSmoothingQuality.
    js_sys::Reflect::set(&context, &"imageSmoothingQuality".into(), &"high".into())?;
    context.draw_image_with_image_bitmap_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
        bitmap,
        crop.x,
        crop.y,
        crop.width,
        crop.height,
        0.0,
        0.0,
        f64::from(target.0),
        f64::from(target.1),
    )?;
    Ok((canvas, context))
}

/// Lets the browser run what waits (a frame, input) before the next step.
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = JsFuture::from(promise).await;
}

async fn encode(canvas: &web_sys::OffscreenCanvas, mime: &str, quality: f64) -> Option<web_sys::Blob> {
    let options = web_sys::ImageEncodeOptions::new();
    options.set_type(mime);
    options.set_quality(quality);
    let promise = canvas.convert_to_blob_with_options(&options).ok()?;
    Some(JsFuture::from(promise).await.ok()?.unchecked_into())
}

//! The crop box's geometry: a rectangle of the target's aspect ratio over the original,
//! moved and resized, always inside the image. The editor that moves it is
//! `ui::crop::CropEditor`.

use super::Crop;

/// Keeps `crop` inside a `width`×`height` image, at least `min` wide, at `ratio`.
pub fn clamp(crop: Crop, (width, height): (u32, u32), ratio: f64, min: f64) -> Crop {
    let (w, h) = (f64::from(width), f64::from(height));
    let max_width = w.min(h * ratio);
    let cw = crop.width.clamp(min.min(max_width), max_width);
    let ch = cw / ratio;
    Crop { x: crop.x.clamp(0.0, w - cw), y: crop.y.clamp(0.0, h - ch), width: cw, height: ch }
}

/// Moves by (`dx`, `dy`) and grows by `grow` (in original pixels, about the centre).
pub fn adjust(crop: Crop, image: (u32, u32), ratio: f64, dx: f64, dy: f64, grow: f64) -> Crop {
    let width = crop.width + grow;
    let moved = Crop { x: crop.x + dx - grow / 2.0, y: crop.y + dy - grow / ratio / 2.0, width, height: width / ratio };
    clamp(moved, image, ratio, f64::from(image.0.min(image.1)) / 10.0)
}

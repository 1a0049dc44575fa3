//! The crop editor: the original with a box of the target's aspect ratio over it,
//! moved and resized by pointer (mouse, touch, pen) and keyboard. The geometry is
//! `upload::crop`; the re-crop itself is the upload queue's.

use leptos::prelude::*;

use super::{Button, Look};
use crate::i18n::{k, use_i18n};
use crate::upload::crop::adjust;
use crate::upload::{centre_crop, CropSession};

/// The editor on `session` (the original as displayed, the crop to start from);
/// `on_done` gets the chosen crop, or `None` for 取消.
#[component]
pub fn CropEditor(session: CropSession, #[prop(into)] on_done: Callback<Option<crate::upload::Crop>>) -> impl IntoView {
    let i18n = use_i18n();
    let CropSession { src, image, target, initial, .. } = session;
    let ratio = f64::from(target.0) / f64::from(target.1);
    let crop = RwSignal::new(initial);
    let step = f64::from(image.0.min(image.1)) / 50.0;
    let change = move |dx: f64, dy: f64, grow: f64| crop.update(|c| *c = adjust(*c, image, ratio, dx, dy, grow));
    // Pointer drags, in screen pixels converted to original pixels.
    let drag = StoredValue::new(None::<(f64, f64, bool)>);
    // Screen pixels to original pixels, from the image as rendered.
    let shown = NodeRef::<leptos::html::Img>::new();
    let scale =
        move || shown.get_untracked().map_or(1.0, |el| f64::from(image.0) / f64::from(el.client_width().max(1)));
    let down = move |resize: bool| {
        move |ev: leptos::ev::PointerEvent| {
            ev.prevent_default();
            ev.stop_propagation();
            if let Some(target) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok()) {
                let _ = target.set_pointer_capture(ev.pointer_id());
            }
            drag.set_value(Some((f64::from(ev.client_x()), f64::from(ev.client_y()), resize)));
        }
    };
    let moved = move |ev: leptos::ev::PointerEvent| {
        let Some((x, y, resize)) = drag.get_value() else { return };
        let (nx, ny) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        let s = scale();
        if resize {
            change(0.0, 0.0, (nx - x).max((ny - y) * ratio) * s * 2.0);
        } else {
            change((nx - x) * s, (ny - y) * s, 0.0);
        }
        drag.set_value(Some((nx, ny, resize)));
    };
    let up = move |_: leptos::ev::PointerEvent| drag.set_value(None);
    let key = move |ev: leptos::ev::KeyboardEvent| {
        let (dx, dy) = match ev.key().as_str() {
            "ArrowLeft" => (-step, 0.0),
            "ArrowRight" => (step, 0.0),
            "ArrowUp" => (0.0, -step),
            "ArrowDown" => (0.0, step),
            _ => return,
        };
        ev.prevent_default();
        if ev.shift_key() {
            // Shift: larger with → / ↑, smaller with ← / ↓.
            change(0.0, 0.0, if dx > 0.0 || dy < 0.0 { step } else { -step });
        } else {
            change(dx, dy, 0.0);
        }
    };
    // Thousandths of a percent, formatted as integers (float formatting costs ~8 KB of wasm).
    let percent = move |v: f64, of: u32| {
        let m = (v * 100_000.0 / f64::from(of.max(1))).round().max(0.0) as u64;
        format!("{}.{:03}%", m / 1000, m % 1000)
    };
    // Set through the CSSOM (`style:`), not as a style attribute: a host page's
    // Content-Security-Policy may refuse inline style attributes.
    let left = move || percent(crop.get().x, image.0);
    let top = move || percent(crop.get().y, image.1);
    let width = move || percent(crop.get().width, image.0);
    let height = move || percent(crop.get().height, image.1);
    view! {
        <div class="apx-crop" role="group" aria-label=i18n.tr(k::CROP_TITLE)>
            <div class="apx-crop__frame" on:pointermove=moved on:pointerup=up on:pointercancel=up>
                <img class="apx-crop__image" node_ref=shown src=src alt="" draggable="false"/>
                <div class="apx-crop__box" style:left=left style:top=top style:width=width style:height=height tabindex="0" role="application"
                    aria-label=i18n.tr(k::CROP_BOX) aria-describedby="apx-crop-help"
                    on:pointerdown=down(false) on:keydown=key>
                    <span class="apx-crop__handle" on:pointerdown=down(true)></span>
                </div>
            </div>
            <p id="apx-crop-help" class="apx-field__hint">{i18n.tr(k::CROP_HELP)}</p>
            <div class="apx-actions">
                <Button look=Look::Primary on_click=move |_| on_done.run(Some(crop.get_untracked()))>
                    {i18n.tr(k::CROP_APPLY)}
                </Button>
                <Button on_click=move |_| crop.set(centre_crop(image, target))>
                    {i18n.tr(k::CROP_CENTRE)}
                </Button>
                <Button on_click=move |_| on_done.run(None)>{i18n.tr(k::CROP_CANCEL)}</Button>
            </div>
        </div>
    }
}

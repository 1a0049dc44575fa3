//! What happens elsewhere, as it happens (SPEC §5b): the signed-in user's event stream
//! (`GET /api/v1/events`, Server-Sent Events read from a `fetch` so the bearer token
//! goes in a header). One stream per signed-in console, opened by the layout and closed
//! with it; when it drops it reconnects with backoff (1 s doubling to 30 s), resuming
//! after the last event it had (`Last-Event-ID`), and tells the screens it is back so
//! they refresh what they show. A tab in the background closes its stream and opens it
//! again when shown; leaving the page closes it at once. Screens work without it.

use std::cell::RefCell;
use std::rc::Rc;

use domain::review::Event;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::Code;
use crate::session::Session;

/// The stream as screens see it; `Copy`.
#[derive(Clone, Copy)]
pub struct Live {
    event: RwSignal<Option<Event>>,
    reconnected: RwSignal<u32>,
}

impl Live {
    fn quiet() -> Live {
        Live { event: RwSignal::new(None), reconnected: RwSignal::new(0) }
    }

    /// The last event received (tracked).
    pub fn event(self) -> ReadSignal<Option<Event>> {
        self.event.read_only()
    }

    /// Bumped each time the stream is back after being down: what a screen shows may
    /// be out of date.
    pub fn reconnected(self) -> ReadSignal<u32> {
        self.reconnected.read_only()
    }

    /// Runs `refresh` whenever an event passes `about` or the stream comes back (not on
    /// the screen's first render).
    pub fn on_change(self, about: impl Fn(&Event) -> bool + 'static, refresh: impl Fn() + 'static) {
        let start = (self.event.with_untracked(|e| e.as_ref().map(|e| e.id)), self.reconnected.get_untracked());
        Effect::new(move |seen: Option<(Option<u64>, u32)>| {
            let seen = seen.unwrap_or(start);
            let event = self.event.with(|e| e.as_ref().map(|e| (e.id, about(e))));
            let reconnected = self.reconnected.get();
            let new_event = matches!(event, Some((id, true)) if Some(id) != seen.0);
            if new_event || reconnected != seen.1 {
                refresh();
            }
            (event.map(|(id, _)| id).or(seen.0), reconnected)
        });
    }
}

/// The stream of the screens below; a quiet one where there is none (a share link's page).
pub fn use_live() -> Live {
    use_context::<Live>().unwrap_or_else(Live::quiet)
}

/// The stream's reader, in a chunk of its own (`crate::chunk`): the first screen does
/// not wait for it.
type Reader = Box<dyn FnOnce(Session, Live, Attempt) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>>;

crate::split_point!(live, preload_live: fn reader() -> Reader {
    Box::new(|session, live, attempt| Box::pin(run(session, live, attempt)))
});

/// Opens the signed-in user's stream for the screens below once `ready` (the first
/// screen shows its data), until the calling component goes away or the page is left.
/// A tab in the background holds none (a browser gives a host six HTTP/1.1 connections,
/// shared by every tab): it resumes when the tab is shown again, and the screens
/// refresh — as they do when it first opens (what they show was read before).
pub fn provide_live(session: Session, ready: Signal<bool>) -> Live {
    let live = Live::quiet();
    provide_context(live);
    let attempt: Attempt = Rc::new(RefCell::new(Some(None)));
    let end = {
        let attempt = attempt.clone();
        move || {
            if let Some(Some(controller)) = attempt.replace(None) {
                controller.abort();
            }
        }
    };
    let hidden = {
        let attempt = attempt.clone();
        move |_| {
            if page_hidden() {
                if let Some(Some(controller)) = attempt.borrow().as_ref() {
                    controller.abort();
                }
            }
        }
    };
    let on_hide = window_event_listener_untyped("pagehide", {
        let end = end.clone();
        move |_| end()
    });
    let on_visibility = window_event_listener_untyped("visibilitychange", hidden);
    // The cleanup runs on this (the only) thread; the wrapper says so to `on_cleanup`.
    let cleanup = send_wrapper::SendWrapper::new(move || {
        end();
        on_hide.remove();
        on_visibility.remove();
    });
    on_cleanup(move || cleanup.take()());
    Effect::new(move |started: Option<bool>| {
        if started == Some(true) || !ready.get() {
            return started.unwrap_or(false);
        }
        let attempt = attempt.clone();
        leptos::task::spawn_local(async move {
            // A chunk that cannot be had: the screens work without the stream.
            if let Ok(read) = reader().await {
                read(session, live, attempt).await;
            }
        });
        true
    });
    live
}

/// The stream's current attempt: `None` once the stream is closed for good, `Some(None)`
/// between attempts, `Some(Some(controller))` while one is open (aborting it ends it).
type Attempt = Rc<RefCell<Option<Option<web_sys::AbortController>>>>;

fn page_hidden() -> bool {
    web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden())
}

/// Backoff between attempts, in milliseconds.
const FIRST_WAIT: i32 = 1000;
const LONGEST_WAIT: i32 = 30_000;

async fn run(session: Session, live: Live, attempt: Attempt) {
    let mut last: Option<u64> = None;
    let mut wait = FIRST_WAIT;
    loop {
        // Not while the tab is in the background.
        while page_hidden() {
            if attempt.borrow().is_none() {
                return;
            }
            crate::host::sleep(500).await;
        }
        let Ok(controller) = web_sys::AbortController::new() else { return };
        let signal = controller.signal();
        match &mut *attempt.borrow_mut() {
            Some(current) => *current = Some(controller),
            None => return,
        }
        let client = session.client().with_abort(signal.clone());
        let answer = client.events(last).await;
        let opened = answer.is_ok();
        match answer {
            Ok(body) => {
                if live.reconnected.try_update(|n| *n += 1).is_none() {
                    return;
                }
                wait = FIRST_WAIT;
                if read(body, live, &mut last).await.is_err() {
                    return;
                }
            }
            // Signed out: nothing to wait for.
            Err(e) if matches!(e.code(), Some(Code::Unauthorized | Code::Forbidden)) => return,
            Err(_) => {}
        }
        match &mut *attempt.borrow_mut() {
            Some(current) => *current = None,
            None => return,
        }
        // Hidden meanwhile: back as soon as the tab is shown. Otherwise after a while.
        if !(opened && signal.aborted()) {
            crate::host::sleep(wait).await;
            wait = (wait * 2).min(LONGEST_WAIT);
        }
    }
}

/// Reads messages until the stream ends; `Err` once the screens are gone.
async fn read(body: web_sys::ReadableStream, live: Live, last: &mut Option<u64>) -> Result<(), ()> {
    let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let mut buffer: Vec<u8> = Vec::new();
    loop {
        let Ok(chunk) = wasm_bindgen_futures::JsFuture::from(reader.read()).await else { return Ok(()) };
        let done = js_sys::Reflect::get(&chunk, &"done".into()).ok().and_then(|d| d.as_bool()).unwrap_or(true);
        if done {
            return Ok(());
        }
        if let Ok(value) = js_sys::Reflect::get(&chunk, &"value".into()) {
            buffer.extend(js_sys::Uint8Array::new(&value).to_vec());
        }
        while let Some(end) = message_end(&buffer) {
            let message: Vec<u8> = buffer.drain(..end).collect();
            if let Some(event) = parse(&String::from_utf8_lossy(&message)) {
                *last = Some(event.id);
                if live.event.try_set(Some(event)).is_some() {
                    return Err(());
                }
            }
        }
    }
}

/// Where the first complete message ends (after its blank line).
fn message_end(buffer: &[u8]) -> Option<usize> {
    buffer.windows(2).position(|w| w == b"\n\n").map(|at| at + 2)
}

/// One message's event: its `data` lines as JSON (a keep-alive comment has none).
pub fn parse(message: &str) -> Option<Event> {
    let data: Vec<&str> = message
        .lines()
        .filter_map(|line| line.strip_prefix("data:"))
        .map(|d| d.strip_prefix(' ').unwrap_or(d))
        .collect();
    if data.is_empty() {
        return None;
    }
    serde_json::from_str(&data.join("\n")).ok()
}

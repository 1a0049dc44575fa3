//! What the console says when a reviewer decides one of the seller's requests (SPEC
//! §5b): a notice ("「天气查询」上架审核通过，现在可以上架") in a polite live region, and,
//! embedded, `apx-reviewed` on the mount element. The screens refresh themselves
//! (`live::Live::on_change`).

use domain::model::RequestKind;
use domain::review::{Decision, Event, EventKind};
use leptos::prelude::*;

use crate::host::{use_host, HostEvent};
use crate::i18n::{k, use_i18n, Key};
use crate::live::use_live;
use crate::ui::Button;

/// The notice of the last decision, until dismissed or the next one.
#[derive(Clone, PartialEq)]
struct Decided {
    key: Key,
    name: String,
    comments: u32,
}

fn decided_key(e: &Event) -> Option<Key> {
    Some(match (e.request?, e.decision?) {
        (RequestKind::Listing, Decision::Approved) => k::LIVE_LISTING_APPROVED,
        (RequestKind::Listing, Decision::Rejected) => k::LIVE_LISTING_REJECTED,
        (RequestKind::Delist, Decision::Approved) => k::LIVE_DELIST_APPROVED,
        (RequestKind::Delist, Decision::Rejected) => k::LIVE_DELIST_REJECTED,
        (RequestKind::Change, Decision::Approved) => k::LIVE_CHANGE_APPROVED,
        (RequestKind::Change, Decision::Rejected) => k::LIVE_CHANGE_REJECTED,
    })
}

/// The live region the decisions are announced in; present from the start so screen
/// readers hear what appears in it.
#[component]
pub fn DecisionNotice() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let host = use_host();
    let shown = RwSignal::new(None::<Decided>);
    Effect::new(move |_| {
        let Some(e) = live.event().get().filter(|e| e.kind == EventKind::Decided) else { return };
        let Some(key) = decided_key(&e) else { return };
        shown.set(Some(Decided { key, name: e.name.clone(), comments: e.comments }));
        let decision = if e.decision == Some(Decision::Approved) { "approved" } else { "rejected" };
        let request = match e.request {
            Some(RequestKind::Change) => "change",
            Some(RequestKind::Delist) => "delist",
            _ => "listing",
        };
        let comments = e.comments.to_string();
        host.emit_fields(
            HostEvent::Reviewed,
            &[
                ("id", &e.product_id),
                ("name", &e.name),
                ("status", e.status.slug()),
                ("decision", decision),
                ("request", request),
                ("comments", &comments),
            ],
        );
    });
    let text = move || {
        shown.get().map(|d| {
            let name = if d.name.trim().is_empty() { i18n.t(k::LISTING_EMPTY).to_owned() } else { d.name.clone() };
            let message = i18n.format(d.key, &[("name", &name)]);
            if d.comments > 0 {
                i18n.format(k::LIVE_COMMENTS, &[("message", &message), ("n", &d.comments.to_string())])
            } else {
                message
            }
        })
    };
    view! {
        <div class="apx-live" role="status" aria-live="polite" aria-label=i18n.tr(k::LIVE_LABEL)>
            {move || text().map(|text| view! {
                <div class="apx-banner apx-live__notice">
                    <p class="apx-banner__text">{text}</p>
                    <Button on_click=move |_| shown.set(None)>{i18n.tr(k::LIVE_DISMISS)}</Button>
                </div>
            })}
        </div>
    }
}

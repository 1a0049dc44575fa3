//! The product being published, shared by the five steps: its content (a Leptos store,
//! specs and packages keyed by their ids), its draft on the backend (id and version),
//! what the backend offers to choose from, and which errors are on screen. Saving is
//! here too: 保存草稿, a debounced autosave, a retry with backoff when the network
//! fails, and both choices when another tab saved first. One save runs at a time (an
//! async lock, not a poll); a change made while the seller leaves the form is still
//! saved. Every change is also kept in this browser until the backend confirms it
//! (`kept.rs`): reopening the draft restores what the backend did not get. A decided
//! product (approved, rejected, withdrawn) opens read-only until the seller confirms
//! that changing it reopens it.
//!
//! The same form edits the change of a product on sale (修改, SPEC §5a): it holds the
//! live product, starts from the change (or from the live content when there is none
//! yet), saves to the change with the change's version, and submits it with 提交变更.
//!
//! The wizard's state is read through read-only signals and changed through its verbs
//! (`edit`, `save`, `submit`, `resolve`, `confirm_edit` …), as leptos-use's capabilities.

use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

use domain::model::{Catalog, Change, ChangeSummary, Product, ProductContent};
use domain::{validate, ChangeStatus, FieldError, Status};
use futures::lock::Mutex;
use leptos::prelude::*;
use leptos::task::spawn_local;
use reactive_stores::Store;

use super::kept::{self, Kept};
use crate::api::{ApiError, Code};
use crate::host::{use_host, Host, HostEvent};
use crate::i18n::{k, Message};
use crate::session::{use_backend, use_session, Session};
use crate::ui::field::FieldErrors;

/// Where the draft stands against the backend.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
    /// Nothing changed since the last save (or since loading).
    Saved,
    /// Changes not saved yet (an autosave is coming).
    Unsaved,
    Saving,
    /// The backend could not be reached; a retry is scheduled.
    Offline,
    /// Another tab saved a newer version: the seller chooses.
    Conflict(Box<Product>),
}

/// Whether the product may be changed now (SPEC §5: editing an approved, rejected or
/// withdrawn product makes it a draft that needs a new review).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditGate {
    /// A draft, or a new product.
    Open,
    /// A decided product, read-only until the seller confirms; nothing is written.
    Locked(Status),
    /// The seller confirmed: the next save makes it a draft.
    Confirmed(Status),
    /// A change in review (变更审核中): read-only, nothing to confirm here.
    InReview,
}

/// What the form edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// A new product or a draft (or a product in another state the form only shows).
    Draft,
    /// An approved, rejected or withdrawn product: changing it makes it a draft again.
    Decided,
    /// The change of a product on sale (修改).
    Change,
}

/// How a save ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Saved {
    /// The backend has exactly this content.
    Done,
    /// Saved, but the seller changed more meanwhile: saving again.
    Again,
    /// Nothing was written: a conflict to choose, a confirmation to give, field errors,
    /// the network (retrying), or a form that is no longer open.
    NotWritten,
}

impl Saved {
    pub fn is_done(&self) -> bool {
        *self == Saved::Done
    }
}

/// Why the backend did not take a save, read once from its answer.
enum Refusal {
    /// Another tab saved first: both versions are offered.
    Conflict(Product),
    /// The product was decided meanwhile: the seller confirms before anything is written.
    Decided(Product),
    /// The change was submitted elsewhere, or the product left sale: kept here only.
    ChangeClosed(Option<ChangeSummary>),
    /// Field errors, back to their fields.
    Invalid(Vec<FieldError>),
    /// The network or the server: try again later.
    Unreachable,
}

impl Refusal {
    /// Reads the backend's answer to a write of `stored`.
    fn of(e: &ApiError, stored: &Stored) -> Refusal {
        let conflict = e.status() == Some(409);
        if let (Some(live), Some(current)) = (&stored.live, e.current_change()) {
            // Another tab saved the change first.
            return Refusal::Conflict(as_product(live, current));
        }
        match (&stored.live, e.code()) {
            (Some(_), Some(Code::Stale)) => match e.current::<Product>() {
                // The change went meanwhile (删除变更 in another tab): mine starts a new one.
                Some(current) => Refusal::Conflict(fresh_change(&current)),
                None => Refusal::Unreachable,
            },
            (Some(_), _) if conflict => Refusal::ChangeClosed(e.current::<Product>().and_then(|p| p.change)),
            (None, Some(Code::ConfirmEdit)) => match e.current::<Product>() {
                Some(current) => Refusal::Decided(current),
                None => Refusal::Unreachable,
            },
            (None, _) if conflict => match e.current::<Product>() {
                Some(current) => Refusal::Conflict(current),
                None => Refusal::Unreachable,
            },
            (_, Some(Code::Invalid)) => Refusal::Invalid(e.field_errors()),
            _ => Refusal::Unreachable,
        }
    }
}

/// Autosave waits this long after the last change.
const AUTOSAVE_MS: u64 = 1500;

#[derive(Clone, Copy)]
pub struct Wizard {
    content: Store<ProductContent>,
    id: RwSignal<Option<String>>,
    status: RwSignal<Option<Status>>,
    mode: RwSignal<Mode>,
    /// The live product when the form edits its change (修改 on a product on sale).
    live: RwSignal<Option<Product>>,
    /// The change's state and reason as last saved (`None`: no change saved yet).
    change: RwSignal<Option<ChangeSummary>>,
    /// Comments on fields with the last rejection of what the form edits (SPEC §5b).
    comments: RwSignal<u32>,
    save: RwSignal<SaveState>,
    gate: RwSignal<EditGate>,
    /// Said when the form opened with changes this browser kept (and saves them now).
    restored: RwSignal<Option<Message>>,
    /// What the backend offers to choose from (services, categories, tags).
    catalog: Memo<Catalog>,
    /// Whether the catalog has come (an empty list of services means something then).
    catalog_loaded: Memo<bool>,
    /// Fields whose errors are on screen (left once, or checked by 下一步).
    shown: RwSignal<HashSet<String>>,
    /// Field errors the backend returned, until the field changes.
    server_errors: RwSignal<Vec<FieldError>>,
    /// Bumped by every change, so a pending autosave knows it is stale.
    generation: RwSignal<u64>,
    retry_ms: RwSignal<u64>,
    /// Every rule checked against the content, once per change.
    errors: Memo<Vec<FieldError>>,
    /// Saves are not tied to a screen: a save under way finishes when the seller leaves.
    session: Session,
    host: Host,
    /// Held while a save runs.
    lock: StoredValue<Rc<Mutex<()>>, LocalStorage>,
    /// The draft's id and version on the backend, outside the reactive graph so that a
    /// save finishing after the form went away still tells the one that follows.
    stored: StoredValue<Rc<RefCell<Stored>>, LocalStorage>,
}

/// A draft's id and version on the backend, and whether the seller confirmed that the
/// next write reopens a decided product. When the form edits a change, `live` is the
/// product on sale and `version` the change's (0 before it is saved).
#[derive(Clone, Debug, Default)]
struct Stored {
    id: Option<String>,
    version: u64,
    reopen: bool,
    live: Option<Product>,
}

impl Stored {
    /// Writes `content` where it belongs: a new draft, the draft, or the change; the
    /// answer as a product (a change as [`as_product`]).
    async fn write(&self, client: &crate::api::Client, content: &ProductContent) -> Result<Product, ApiError> {
        match (&self.live, &self.id) {
            (Some(live), _) => client.save_change(&live.id, self.version, content).await.map(|c| as_product(live, c)),
            (None, None) => client.create(content).await,
            (None, Some(id)) => client.update(id, self.version, content, self.reopen).await,
        }
    }
}

/// A change seen as the product the form edits: the live product's id and status, the
/// change's version, content and state.
pub fn as_product(live: &Product, change: Change) -> Product {
    Product {
        version: change.version,
        updated_at: change.updated_at,
        review_reason: change.review_reason.clone(),
        comments: change.comments,
        change: Some(change.summary()),
        content: change.content,
        ..live.clone()
    }
}

/// The product a change starts from when there is none yet: the live content, version 0.
fn fresh_change(live: &Product) -> Product {
    Product { version: 0, change: None, comments: 0, ..live.clone() }
}

/// A new id for a spec or package made in this browser (12 hex digits; the backend
/// keeps it, and gives a new one only to an id that is malformed or taken).
pub fn new_item_id() -> String {
    let random = || (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
    format!("{:08x}{:04x}", random(), random() & 0xffff)
}

impl Wizard {
    /// The form's state, starting with a new product; the catalog loads for as long as
    /// the form is open (a component's owner).
    pub fn start() -> Self {
        let backend = use_backend();
        let loaded = LocalResource::new(move || {
            let client = backend.client();
            async move { client.catalog(true).await }
        });
        let catalog = Memo::new(move |_| loaded.get().and_then(Result::ok).unwrap_or_default());
        let catalog_loaded = Memo::new(move |_| loaded.with(|l| l.as_ref().is_some_and(Result::is_ok)));
        let content = Store::new(ProductContent::default());
        let errors = Memo::new(move |_| {
            content.with(|c| catalog.with(|cat| validate::product(c, cat).err().unwrap_or_default()))
        });
        Wizard {
            content,
            id: RwSignal::new(None),
            status: RwSignal::new(None),
            mode: RwSignal::new(Mode::Draft),
            live: RwSignal::new(None),
            change: RwSignal::new(None),
            comments: RwSignal::new(0),
            save: RwSignal::new(SaveState::Saved),
            gate: RwSignal::new(EditGate::Open),
            restored: RwSignal::new(None),
            catalog,
            catalog_loaded,
            shown: RwSignal::new(HashSet::new()),
            server_errors: RwSignal::new(Vec::new()),
            generation: RwSignal::new(0),
            retry_ms: RwSignal::new(2000),
            errors,
            session: use_session(),
            host: use_host(),
            lock: StoredValue::new_local(Rc::new(Mutex::new(()))),
            stored: StoredValue::new_local(Rc::default()),
        }
    }

    /// The content, to read (fields track only themselves); change it with [`Wizard::edit`].
    pub fn content(self) -> Store<ProductContent> {
        self.content
    }

    /// The draft's id on the backend, once it has one.
    pub fn id(self) -> ReadSignal<Option<String>> {
        self.id.read_only()
    }

    pub fn mode(self) -> ReadSignal<Mode> {
        self.mode.read_only()
    }

    /// The product on sale whose change the form edits.
    pub fn live(self) -> ReadSignal<Option<Product>> {
        self.live.read_only()
    }

    /// The change's state and reason as last saved.
    pub fn change(self) -> ReadSignal<Option<ChangeSummary>> {
        self.change.read_only()
    }

    /// Whether what the form edits was rejected and no decision came since (its reason
    /// and comments are to be shown): rejected, or with comments kept (tracked).
    pub fn was_rejected(self) -> bool {
        self.comments.get() > 0
            || self.status.get() == Some(Status::ListingRejected)
            || self.change.with(|c| c.as_ref().is_some_and(|c| c.status == ChangeStatus::Rejected))
    }

    pub fn save_state(self) -> ReadSignal<SaveState> {
        self.save.read_only()
    }

    pub fn gate(self) -> ReadSignal<EditGate> {
        self.gate.read_only()
    }

    pub fn restored(self) -> ReadSignal<Option<Message>> {
        self.restored.read_only()
    }

    pub fn catalog(self) -> Memo<Catalog> {
        self.catalog
    }

    /// Whether the seller has no API service deployed on the gateway (known once the
    /// catalog has come).
    pub fn has_no_service(self) -> bool {
        self.catalog_loaded.get() && self.catalog.with(|c| c.services.is_empty())
    }

    /// The form's errors, for its fields.
    pub fn field_errors(self) -> FieldErrors {
        FieldErrors {
            error: Callback::new(move |path: String| self.error(&path)),
            reveal: Callback::new(move |paths: Vec<String>| self.reveal(paths)),
        }
    }

    /// Makes the wizard hold the product the address names: `new`, or a draft's id.
    /// Nothing happens when it already does; otherwise what is open is saved first.
    /// Changes this browser kept and the backend did not get come back (said, and
    /// saved); if the backend's copy changed meanwhile, both are offered. Offline, the
    /// kept changes open the draft all the same.
    pub async fn open(self, target: String) -> Result<(), ApiError> {
        // `{id}/change`: the change of the product on sale `id`.
        let (id, change) = match target.strip_suffix("/change") {
            Some(id) => (id.to_owned(), true),
            None => (target, false),
        };
        let wanted = (id != "new").then_some(id);
        if wanted == self.id.get_untracked() && change == self.is_change() {
            return Ok(());
        }
        if self.has_unsaved_changes() {
            self.save().await;
        }
        if change {
            return self.open_change(wanted.unwrap_or_default()).await;
        }
        let kept = kept::load(&self.kept_key_for(wanted.as_deref(), false));
        let product = match &wanted {
            Some(id) => match self.session.client().product(id).await {
                Ok(product) => Some(product),
                Err(ApiError::Network) if kept.is_some() => None,
                Err(e) => return Err(e),
            },
            None => None,
        };
        self.reset();
        self.settle(product, kept);
        Ok(())
    }

    /// Opens the change of the product on sale `id`: the change the backend has (or
    /// the live content when it has none yet), with what this browser kept of it.
    async fn open_change(self, id: String) -> Result<(), ApiError> {
        let client = self.session.client();
        let live = client.product(&id).await?;
        let change = match client.change(&id).await {
            Ok(change) => Some(change),
            Err(e) if e.code() == Some(Code::NotFound) => None,
            Err(e) => return Err(e),
        };
        let kept = kept::load(&self.kept_key_for(Some(&id), true));
        self.reset();
        self.stored.with_value(|s| s.borrow_mut().live = Some(live.clone()));
        self.live.set(Some(live.clone()));
        self.mode.set(Mode::Change);
        let product = change.map_or_else(|| fresh_change(&live), |c| as_product(&live, c));
        self.settle(Some(product), kept);
        Ok(())
    }

    /// Whether the form edits the change of a product on sale.
    pub fn is_change(self) -> bool {
        self.stored.try_with_value(|s| s.borrow().live.is_some()).unwrap_or(false)
    }

    /// Takes what was loaded, and what this browser kept, as the form's state.
    fn settle(self, product: Option<Product>, kept: Option<Kept>) {
        match (product, kept) {
            (Some(product), None) => self.accept(product, true),
            (Some(product), Some(kept)) if kept.content == product.content => {
                kept::forget(&self.kept_key(Some(&product.id)));
                self.accept(product, true);
            }
            // A change in review is not edited: what was kept of it waits.
            (Some(product), Some(_)) if product.change.as_ref().is_some_and(|c| c.status == ChangeStatus::Review) => {
                self.accept(product, true);
            }
            (Some(product), Some(kept)) if kept.version == product.version => {
                self.accept(product, true);
                self.restore(kept, false);
            }
            // Changed elsewhere since: the seller chooses, as with another tab.
            (Some(product), Some(kept)) => {
                self.accept(product.clone(), true);
                self.restore(kept, true);
                self.save.set(SaveState::Conflict(Box::new(product)));
            }
            (None, Some(kept)) => {
                let id = kept.id.clone();
                self.stored.with_value(|s| {
                    *s.borrow_mut() = Stored { id: id.clone(), version: kept.version, reopen: kept.reopen, live: None };
                });
                self.id.set(id);
                self.restore(kept, false);
            }
            (None, None) => {}
        }
    }

    /// Puts kept changes back into the form, says so, and saves them (unless the seller
    /// first chooses between them and the backend's newer copy).
    fn restore(self, kept: Kept, conflict: bool) {
        self.set_content(kept.content);
        if kept.reopen {
            self.confirm_edit();
        }
        self.generation.update(|g| *g += 1);
        self.restored.set(Some(Message::new(if conflict { k::DRAFT_RESTORED_CONFLICT } else { k::DRAFT_RESTORED })));
        if !conflict {
            self.save.set(SaveState::Unsaved);
            self.save_now();
        }
    }

    /// Replaces the whole content (a product opened, a version chosen); specs and
    /// packages made before ids existed get theirs.
    fn set_content(self, mut content: ProductContent) {
        content.ensure_ids(new_item_id);
        self.content.set(content);
    }

    /// Where this browser keeps the draft `id` (or the new product) of the signed-in
    /// user, or the change of the product `id` when the form edits one.
    fn kept_key(self, id: Option<&str>) -> String {
        self.kept_key_for(id, self.is_change())
    }

    fn kept_key_for(self, id: Option<&str>, change: bool) -> String {
        let user = self.session.user_untracked().map(|u| u.id).unwrap_or_default();
        match (id, change) {
            (Some(id), true) => kept::key(&user, Some(&format!("{id}.change"))),
            _ => kept::key(&user, id),
        }
    }

    /// Keeps the content as it is now, until the backend confirms it.
    fn keep(self) {
        let Stored { id, version, reopen, .. } = self.stored.with_value(|s| s.borrow().clone());
        let key = self.kept_key(id.as_deref());
        self.content.with_untracked(|content| {
            kept::store(&key, &Kept { id, version, content: content.clone(), reopen });
        });
    }

    fn reset(self) {
        self.content.set(ProductContent::default());
        self.stored.with_value(|s| *s.borrow_mut() = Stored::default());
        self.id.set(None);
        self.status.set(None);
        self.mode.set(Mode::Draft);
        self.live.set(None);
        self.change.set(None);
        self.comments.set(0);
        self.save.set(SaveState::Saved);
        self.gate.set(EditGate::Open);
        self.restored.set(None);
        self.shown.set(HashSet::new());
        self.server_errors.set(Vec::new());
        self.generation.set(0);
    }

    /// Takes the backend's product as the state of the draft (its content too, when the
    /// form opens it).
    fn accept(self, product: Product, with_content: bool) {
        let reopen = self.stored.with_value(|s| s.borrow().reopen) && product.status.edit_reopens();
        self.stored.with_value(|s| {
            let live = s.borrow().live.clone();
            *s.borrow_mut() = Stored { id: Some(product.id.clone()), version: product.version, reopen, live };
        });
        self.id.set(Some(product.id.clone()));
        self.status.set(Some(product.status));
        self.comments.set(product.comments);
        let in_review = product.change.as_ref().is_some_and(|c| c.status == ChangeStatus::Review);
        self.change.set(product.change.clone());
        let mode = match () {
            _ if self.is_change() => Mode::Change,
            _ if product.status.edit_reopens() => Mode::Decided,
            _ => Mode::Draft,
        };
        self.mode.set(mode);
        let gate = match self.gate.get_untracked() {
            _ if mode == Mode::Change && in_review => EditGate::InReview,
            _ if mode != Mode::Decided => EditGate::Open,
            EditGate::Confirmed(_) if !with_content => EditGate::Confirmed(product.status),
            _ => EditGate::Locked(product.status),
        };
        self.gate.set(gate);
        if with_content {
            self.set_content(product.content);
        }
    }

    /// The seller confirmed that changing this decided product reopens it.
    pub fn confirm_edit(self) {
        if let EditGate::Locked(status) = self.gate.get_untracked() {
            self.gate.set(EditGate::Confirmed(status));
            self.stored.with_value(|s| s.borrow_mut().reopen = true);
        }
    }

    /// Changes the content: `change` writes to the store (to the one field it changes,
    /// so only what reads that field runs again); the error of the changed field at
    /// `path` goes, and an autosave is scheduled. Nothing changes while a decided product
    /// waits for the seller's confirmation.
    pub fn edit(self, path: &str, change: impl FnOnce(Store<ProductContent>)) {
        // Generic only in the write itself: the rest is one function for every field.
        if self.editable() {
            change(self.content);
            self.changed(path);
        }
    }

    fn editable(self) -> bool {
        !matches!(self.gate.get_untracked(), EditGate::Locked(_) | EditGate::InReview)
    }

    /// After a change at `path`: kept in this browser, its backend error gone, an
    /// autosave scheduled.
    fn changed(self, path: &str) {
        self.keep();
        self.server_errors.update(|errors| errors.retain(|e| !e.field.starts_with(path)));
        self.generation.update(|g| *g += 1);
        if !matches!(self.save.get_untracked(), SaveState::Conflict(_)) {
            self.save.set(SaveState::Unsaved);
        }
        let generation = self.generation.get_untracked();
        set_timeout(
            move || {
                // The form may be gone by now (it saved what was left when it went).
                let current = self.generation.try_get_untracked();
                if current == Some(generation) && self.save.try_get_untracked() == Some(SaveState::Unsaved) {
                    self.save_now();
                }
            },
            std::time::Duration::from_millis(AUTOSAVE_MS),
        );
    }

    /// Shows the errors of `fields` from now on (a field was left, or 下一步 pressed).
    pub fn reveal(self, fields: impl IntoIterator<Item = String>) {
        self.shown.update(|shown| shown.extend(fields));
    }

    /// The error of the field at `path`, if it is shown.
    pub fn error(self, path: &str) -> Option<FieldError> {
        if let Some(e) = self.server_errors.with(|errors| errors.iter().find(|e| e.field == path).cloned()) {
            return Some(e);
        }
        let shown = self.shown.with(|s| s.contains(path));
        // Too long is shown at once: the counter has gone past the limit.
        self.errors.with(|errors| {
            errors.iter().find(|e| e.field == path && (shown || e.key == domain::ErrorKey::TooLong)).cloned()
        })
    }

    /// Whether step `n` has anything to fix now (from the rules or the backend); reads
    /// the memo of all errors, so the step indicator costs nothing per keystroke.
    pub fn has_errors_on_step(self, n: u8) -> bool {
        self.errors.with(|errors| errors.iter().any(|e| e.step() == Some(n)))
            || self.server_errors.with(|errors| errors.iter().any(|e| e.step() == Some(n)))
    }

    /// The errors of step `n` now.
    pub fn step_errors(self, n: u8) -> Vec<FieldError> {
        self.content.with_untracked(|c| self.catalog.with_untracked(|cat| validate::step(n, c, cat)))
    }

    /// Saves now (保存草稿) in the background.
    pub fn save_now(self) {
        spawn_local(async move {
            self.save().await;
        });
    }

    /// Saves: creates the draft the first time, then writes it against the version it
    /// was based on. A save asked for while one runs waits for it, then saves whatever
    /// changed since.
    pub async fn save(self) -> Saved {
        let (Some(lock), Some(stored)) = (self.lock.try_get_value(), self.stored.try_get_value()) else {
            return Saved::NotWritten;
        };
        let _turn = lock.lock().await;
        match self.save.try_get_untracked() {
            None | Some(SaveState::Conflict(_)) => return Saved::NotWritten,
            Some(SaveState::Saved) if self.id.get_untracked().is_some() => return Saved::Done,
            _ => {}
        }
        // A decided product is not written before the seller confirms; a change in
        // review not at all.
        if matches!(self.gate.get_untracked(), EditGate::Locked(_) | EditGate::InReview) {
            return Saved::NotWritten;
        }
        self.save.set(SaveState::Saving);
        let generation = self.generation.get_untracked();
        let content = self.content.get_untracked();
        let client = self.session.client();
        let before = stored.borrow().clone();
        let kept_key = self.kept_key(before.id.as_deref());
        let written = before.write(&client, &content).await;
        if let Ok(p) = &written {
            *stored.borrow_mut() =
                Stored { id: Some(p.id.clone()), version: p.version, reopen: false, live: before.live.clone() };
            // The backend has this content: what the browser kept of it can go.
            kept::forget_if(&kept_key, &content);
        }
        // The form may have gone meanwhile: what it held is saved, nothing to show.
        if self.generation.try_get_untracked().is_none() {
            return if written.is_ok() { Saved::Done } else { Saved::NotWritten };
        }
        match written {
            Ok(product) => {
                self.accept(product, false);
                self.retry_ms.set(2000);
                if self.generation.get_untracked() == generation {
                    self.save.set(SaveState::Saved);
                    Saved::Done
                } else {
                    // Changed meanwhile: kept under the draft's id now, and saved again.
                    self.keep();
                    self.save.set(SaveState::Unsaved);
                    self.save_now();
                    Saved::Again
                }
            }
            Err(e) => {
                self.refused(Refusal::of(&e, &before));
                Saved::NotWritten
            }
        }
    }

    /// Shows why a save was not taken, and what the seller can do.
    fn refused(self, refusal: Refusal) {
        match refusal {
            Refusal::Conflict(current) => self.save.set(SaveState::Conflict(Box::new(current))),
            Refusal::Decided(current) => {
                self.stored.with_value(|s| s.borrow_mut().version = current.version);
                self.status.set(Some(current.status));
                self.mode.set(Mode::Decided);
                self.gate.set(EditGate::Locked(current.status));
                self.save.set(SaveState::Unsaved);
            }
            Refusal::ChangeClosed(change) => {
                self.change.set(change);
                self.gate.set(EditGate::InReview);
                self.save.set(SaveState::Unsaved);
            }
            Refusal::Invalid(errors) => {
                self.server_errors.set(errors);
                self.save.set(SaveState::Unsaved);
            }
            Refusal::Unreachable => self.offline(),
        }
    }

    /// Keeps everything and tries again later, waiting longer each time.
    fn offline(self) {
        self.save.set(SaveState::Offline);
        let wait = self.retry_ms.get_untracked();
        self.retry_ms.set((wait * 2).min(30_000));
        set_timeout(
            move || {
                if self.save.try_get_untracked() == Some(SaveState::Offline) {
                    self.save.set(SaveState::Unsaved);
                    self.save_now();
                }
            },
            std::time::Duration::from_millis(wait),
        );
    }

    /// 提交审核: checks every rule here first (the backend checks them again), saves,
    /// then submits. Field errors from the backend go to their fields.
    pub async fn submit(self) -> Result<(), Vec<FieldError>> {
        let errors = self.errors.get_untracked();
        if !errors.is_empty() {
            return Err(errors);
        }
        if !self.save().await.is_done() {
            return Err(self.server_errors.get_untracked());
        }
        let id = self.id.get_untracked().unwrap_or_default();
        let client = self.session.client();
        let submitted = if self.is_change() { client.submit_change(&id).await } else { client.submit(&id).await };
        let product = submitted.map_err(|e| {
            let errors = e.field_errors();
            self.server_errors.set(errors.clone());
            errors
        })?;
        if self.is_change() {
            let change = product.change.as_ref().map(|c| c.status);
            let name = self.content.with_untracked(|c| c.name.clone());
            self.host.emit_with_change(HostEvent::ChangeSubmitted, &product.id, &name, product.status, change);
            self.change.set(product.change.clone());
            self.gate.set(EditGate::InReview);
        } else {
            self.host.emit(HostEvent::Submitted, &product.id, &product.content.name, product.status);
            self.accept(product, false);
        }
        Ok(())
    }

    /// Resolves a conflict: keep this tab's content (written over the newer version),
    /// or take the version the other tab saved.
    pub fn resolve(self, keep_mine: bool) {
        let SaveState::Conflict(current) = self.save.get_untracked() else {
            return;
        };
        self.restored.set(None);
        if keep_mine {
            self.accept(*current, false);
            self.save.set(SaveState::Unsaved);
            self.save_now();
        } else {
            let key = self.kept_key(Some(&current.id));
            self.accept(*current, true);
            kept::forget(&key);
            self.save.set(SaveState::Saved);
        }
    }

    /// Whether 提交审核 applies: a new product or a draft, or a decided product the
    /// seller chose to change (its save makes it a draft); for a change, one that is
    /// not in review.
    pub fn may_submit(self) -> bool {
        match self.mode.get() {
            Mode::Change => self.gate.get() == EditGate::Open,
            Mode::Decided => matches!(self.gate.get(), EditGate::Confirmed(_)),
            Mode::Draft => matches!(self.status.get(), None | Some(Status::Draft)),
        }
    }

    pub fn has_unsaved_changes(self) -> bool {
        !matches!(self.save.try_get_untracked(), None | Some(SaveState::Saved))
    }

    /// When the form goes away: changes not saved yet are saved all the same, after any
    /// save under way (nothing on screen is told; the next visit shows them).
    pub fn flush_on_leave(self) {
        if matches!(self.save.get_untracked(), SaveState::Saved | SaveState::Conflict(_))
            || matches!(self.gate.get_untracked(), EditGate::Locked(_) | EditGate::InReview)
        {
            return;
        }
        let content = self.content.get_untracked();
        let key = self.kept_key(self.id.get_untracked().as_deref());
        let (client, lock, stored) = (self.session.client(), self.lock.get_value(), self.stored.get_value());
        spawn_local(async move {
            let _turn = lock.lock().await;
            let before = stored.borrow().clone();
            if let Ok(p) = before.write(&client, &content).await {
                kept::forget_if(&key, &content);
                *stored.borrow_mut() = Stored { id: Some(p.id), version: p.version, reopen: false, live: before.live };
            }
        });
    }
}

pub fn use_wizard() -> Wizard {
    expect_context::<Wizard>()
}

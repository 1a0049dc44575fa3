//! The product being published, shared by the five steps: its content, its draft on
//! the backend (id and version), what the backend offers to choose from, and which
//! errors are on screen. Saving is here too: 保存草稿, a debounced autosave, a retry
//! with backoff when the network fails, and both choices when another tab saved first.
//! One save runs at a time (an async lock, not a poll); a change made while the
//! seller leaves the form is still saved.

use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

use domain::model::{Catalog, Product, ProductContent};
use domain::{validate, FieldError, Status};
use futures::lock::Mutex;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiError;
use crate::host::{use_host, Host, HostEvent};
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

/// Autosave waits this long after the last change.
const AUTOSAVE_MS: u64 = 1500;

#[derive(Clone, Copy)]
pub struct Wizard {
    pub content: RwSignal<ProductContent>,
    pub id: RwSignal<Option<String>>,
    pub status: RwSignal<Option<Status>>,
    pub save: RwSignal<SaveState>,
    /// What the backend offers to choose from (services, categories, tags).
    pub catalog: Memo<Catalog>,
    /// Fields whose errors are on screen (left once, or checked by 下一步).
    shown: RwSignal<HashSet<String>>,
    /// Field errors the backend returned, until the field changes.
    pub server_errors: RwSignal<Vec<FieldError>>,
    /// Specs (by index) with changes not saved by their own 保存.
    pub unsaved_specs: RwSignal<HashSet<usize>>,
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

/// A draft's id and version on the backend.
#[derive(Clone, Debug, Default)]
struct Stored {
    id: Option<String>,
    version: u64,
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
        let content = RwSignal::new(ProductContent::default());
        let errors = Memo::new(move |_| {
            content.with(|c| catalog.with(|cat| validate::product(c, cat).err().unwrap_or_default()))
        });
        Wizard {
            content,
            id: RwSignal::new(None),
            status: RwSignal::new(None),
            save: RwSignal::new(SaveState::Saved),
            catalog,
            shown: RwSignal::new(HashSet::new()),
            server_errors: RwSignal::new(Vec::new()),
            unsaved_specs: RwSignal::new(HashSet::new()),
            generation: RwSignal::new(0),
            retry_ms: RwSignal::new(2000),
            errors,
            session: use_session(),
            host: use_host(),
            lock: StoredValue::new_local(Rc::new(Mutex::new(()))),
            stored: StoredValue::new_local(Rc::default()),
        }
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
    pub async fn open(self, id: String) -> Result<(), ApiError> {
        let wanted = (id != "new").then_some(id);
        if wanted == self.id.get_untracked() {
            return Ok(());
        }
        if self.has_unsaved_changes() {
            self.save().await;
        }
        let product = match &wanted {
            Some(id) => Some(self.session.client().product(id).await?),
            None => None,
        };
        self.reset();
        if let Some(product) = product {
            self.accept(product, true);
        }
        Ok(())
    }

    fn reset(self) {
        self.content.set(ProductContent::default());
        self.stored.with_value(|s| *s.borrow_mut() = Stored::default());
        self.id.set(None);
        self.status.set(None);
        self.save.set(SaveState::Saved);
        self.shown.set(HashSet::new());
        self.server_errors.set(Vec::new());
        self.unsaved_specs.set(HashSet::new());
        self.generation.set(0);
    }

    /// Takes the backend's product as the state of the draft.
    fn accept(self, product: Product, with_content: bool) {
        self.stored.with_value(|s| *s.borrow_mut() = Stored { id: Some(product.id.clone()), version: product.version });
        self.id.set(Some(product.id.clone()));
        self.status.set(Some(product.status));
        if with_content {
            self.content.set(product.content);
        }
    }

    /// Changes the content: the error of a changed field goes, an autosave is scheduled.
    pub fn edit(self, field: &str, change: impl FnOnce(&mut ProductContent)) {
        self.content.update(change);
        self.server_errors.update(|errors| errors.retain(|e| !e.field.starts_with(field)));
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
    /// was based on. True when the backend has exactly this content. A save asked for
    /// while one runs waits for it, then saves whatever changed since.
    pub async fn save(self) -> bool {
        let (Some(lock), Some(stored)) = (self.lock.try_get_value(), self.stored.try_get_value()) else { return false };
        let _turn = lock.lock().await;
        match self.save.try_get_untracked() {
            None | Some(SaveState::Conflict(_)) => return false,
            Some(SaveState::Saved) if self.id.get_untracked().is_some() => return true,
            _ => {}
        }
        self.save.set(SaveState::Saving);
        let generation = self.generation.get_untracked();
        let content = self.content.get_untracked();
        let client = self.session.client();
        let Stored { id, version } = stored.borrow().clone();
        let saved = match id {
            None => client.create(&content).await,
            Some(id) => client.update(&id, version, &content).await,
        };
        if let Ok(p) = &saved {
            *stored.borrow_mut() = Stored { id: Some(p.id.clone()), version: p.version };
        }
        // The form may have gone meanwhile: what it held is saved, nothing to show.
        if self.generation.try_get_untracked().is_none() {
            return saved.is_ok();
        }
        match saved {
            Ok(product) => {
                self.accept(product, false);
                self.retry_ms.set(2000);
                if self.generation.get_untracked() == generation {
                    self.save.set(SaveState::Saved);
                    true
                } else {
                    self.save.set(SaveState::Unsaved);
                    self.save_now();
                    false
                }
            }
            Err(e) => {
                if let Some(current) = e.current::<Product>().filter(|_| e.status() == Some(409)) {
                    self.save.set(SaveState::Conflict(Box::new(current)));
                } else if e.status() == Some(422) {
                    self.server_errors.set(e.field_errors());
                    self.save.set(SaveState::Unsaved);
                } else {
                    self.offline();
                }
                false
            }
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

    /// 提交审核: saves, then submits. Field errors from the backend go to their fields.
    pub async fn submit(self) -> Result<(), Vec<FieldError>> {
        if !self.save().await {
            return Err(self.server_errors.get_untracked());
        }
        let id = self.id.get_untracked().unwrap_or_default();
        match self.session.client().submit(&id).await {
            Ok(product) => {
                self.host.emit(HostEvent::Submitted, &product.id, &product.content.name, product.status);
                self.accept(product, false);
                Ok(())
            }
            Err(e) => {
                let errors = e.field_errors();
                self.server_errors.set(errors.clone());
                Err(errors)
            }
        }
    }

    /// Resolves a conflict: keep this tab's content (written over the newer version),
    /// or take the version the other tab saved.
    pub fn resolve(self, keep_mine: bool) {
        let SaveState::Conflict(current) = self.save.get_untracked() else {
            return;
        };
        if keep_mine {
            self.accept(*current, false);
            self.save.set(SaveState::Unsaved);
            self.save_now();
        } else {
            self.accept(*current, true);
            self.save.set(SaveState::Saved);
        }
    }

    pub fn has_unsaved_changes(self) -> bool {
        !matches!(self.save.try_get_untracked(), None | Some(SaveState::Saved))
    }

    /// When the form goes away: changes not saved yet are saved all the same, after any
    /// save under way (nothing on screen is told; the next visit shows them).
    pub fn flush_on_leave(self) {
        if matches!(self.save.get_untracked(), SaveState::Saved | SaveState::Conflict(_)) {
            return;
        }
        let content = self.content.get_untracked();
        let (client, lock, stored) = (self.session.client(), self.lock.get_value(), self.stored.get_value());
        spawn_local(async move {
            let _turn = lock.lock().await;
            let Stored { id, version } = stored.borrow().clone();
            let saved = match id {
                None => client.create(&content).await,
                Some(id) => client.update(&id, version, &content).await,
            };
            if let Ok(p) = saved {
                *stored.borrow_mut() = Stored { id: Some(p.id), version: p.version };
            }
        });
    }
}

pub fn use_wizard() -> Wizard {
    expect_context::<Wizard>()
}

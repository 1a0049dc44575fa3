//! The product being published, shared by the five steps: its content, its draft on
//! the backend (id and version), what the backend offers to choose from, and which
//! errors are on screen. Saving is here too: 保存草稿, a debounced autosave, a retry
//! with backoff when the network fails, and both choices when another tab saved first.

use std::collections::HashSet;

use domain::model::{Catalog, Product, ProductContent};

use crate::host::{use_host, Host, HostEvent};
use domain::{validate, FieldError, Status};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiError;
use crate::router::Router;
use crate::session::Session;
use crate::ui::sleep;

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
const AUTOSAVE_MS: i32 = 1500;

#[derive(Clone, Copy)]
pub struct Wizard {
    pub content: RwSignal<ProductContent>,
    pub id: RwSignal<Option<String>>,
    version: RwSignal<u64>,
    pub status: RwSignal<Option<Status>>,
    pub save: RwSignal<SaveState>,
    pub catalog: RwSignal<Catalog>,
    /// Fields whose errors are on screen (left once, or checked by 下一步).
    shown: RwSignal<HashSet<String>>,
    /// Field errors the backend returned, until the field changes.
    pub server_errors: RwSignal<Vec<FieldError>>,
    /// Specs (by index) with changes not saved by their own 保存.
    pub unsaved_specs: RwSignal<HashSet<usize>>,
    /// Bumped by every change, so a pending autosave knows it is stale.
    generation: RwSignal<u64>,
    retry_ms: RwSignal<i32>,
    pub loading: RwSignal<bool>,
    /// Every rule checked against the content, once per change.
    errors: Memo<Vec<FieldError>>,
    session: Session,
    router: Router,
    host: Host,
}

impl Wizard {
    pub fn new(session: Session, router: Router) -> Self {
        let content = RwSignal::new(ProductContent::default());
        let catalog = RwSignal::new(Catalog::default());
        let errors = Memo::new(move |_| {
            content.with(|c| catalog.with(|cat| validate::product(c, cat).err().unwrap_or_default()))
        });
        Wizard {
            content,
            id: RwSignal::new(None),
            version: RwSignal::new(0),
            status: RwSignal::new(None),
            save: RwSignal::new(SaveState::Saved),
            catalog,
            shown: RwSignal::new(HashSet::new()),
            server_errors: RwSignal::new(Vec::new()),
            unsaved_specs: RwSignal::new(HashSet::new()),
            host: use_host(),
            generation: RwSignal::new(0),
            retry_ms: RwSignal::new(2000),
            loading: RwSignal::new(false),
            errors,
            session,
            router,
        }
    }

    /// Starts a new product, or loads the draft `id` (unless it is the one open).
    pub fn open(self, id: Option<String>) {
        if self.catalog.with_untracked(|c| c.categories.is_empty()) {
            self.load_catalog();
        }
        if id == self.id.get_untracked() && (id.is_some() || self.generation.get_untracked() > 0) {
            return;
        }
        self.content.set(ProductContent::default());
        self.id.set(id.clone());
        self.version.set(0);
        self.status.set(None);
        self.save.set(SaveState::Saved);
        self.shown.set(HashSet::new());
        self.server_errors.set(Vec::new());
        self.unsaved_specs.set(HashSet::new());
        let Some(id) = id else { return };
        self.loading.set(true);
        let client = self.session.client();
        spawn_local(async move {
            if let Ok(product) = client.product(&id).await {
                self.accept(product, true);
            }
            self.loading.set(false);
        });
    }

    fn load_catalog(self) {
        let client = self.session.client();
        spawn_local(async move {
            let (services, categories, tags) =
                (client.services().await, client.categories().await, client.tags().await);
            self.catalog.set(Catalog {
                services: services.unwrap_or_default(),
                categories: categories.unwrap_or_default(),
                tags: tags.unwrap_or_default(),
            });
        });
    }

    /// Takes the backend's product as the state of the draft.
    fn accept(self, product: Product, with_content: bool) {
        self.id.set(Some(product.id.clone()));
        self.version.set(product.version);
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
                // The console may be gone by now (unmounted, or signed out).
                let current = self.generation.try_get_untracked();
                if current == Some(generation) && self.save.try_get_untracked() == Some(SaveState::Unsaved) {
                    self.save_now();
                }
            },
            std::time::Duration::from_millis(AUTOSAVE_MS as u64),
        );
    }

    /// Shows the errors of `fields` from now on (a field was left, or 下一步 pressed).
    pub fn reveal(self, fields: impl IntoIterator<Item = String>) {
        self.shown.update(|shown| shown.extend(fields));
    }

    /// The message key and parameters for the field at `path`, if it is shown.
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
    /// was based on. True when the backend has exactly this content.
    pub async fn save(self) -> bool {
        // One save at a time: wait for the one under way (an autosave), then save
        // whatever changed since.
        for _ in 0..100 {
            if self.save.try_get_untracked() != Some(SaveState::Saving) {
                break;
            }
            sleep(100).await;
        }
        if matches!(self.save.try_get_untracked(), None | Some(SaveState::Saving | SaveState::Conflict(_))) {
            return false;
        }
        if self.save.get_untracked() == SaveState::Saved && self.id.get_untracked().is_some() {
            return true;
        }
        self.save.set(SaveState::Saving);
        let generation = self.generation.get_untracked();
        let content = self.content.get_untracked();
        let client = self.session.client();
        let saved = match self.id.get_untracked() {
            None => client.create(&content).await.map_err(Err),
            Some(id) => client.update(&id, self.version.get_untracked(), &content).await,
        };
        match saved {
            Ok(product) => {
                let first = self.id.get_untracked().is_none();
                self.accept(product, false);
                self.retry_ms.set(2000);
                if first {
                    // The address now names the draft, so a reload resumes it.
                    let path = self.router.path_untracked();
                    if let Some(step) = path.strip_prefix("/publish/") {
                        let id = self.id.get_untracked().unwrap_or_default();
                        self.router.replace(&format!("/publish/{id}/{step}"));
                    }
                }
                if self.generation.get_untracked() == generation {
                    self.save.set(SaveState::Saved);
                    true
                } else {
                    self.save.set(SaveState::Unsaved);
                    self.save_now();
                    false
                }
            }
            Err(Ok(current)) => {
                self.save.set(SaveState::Conflict(Box::new(current)));
                false
            }
            Err(Err(ApiError::Status(422, Some(e)))) => {
                self.server_errors.set(e.errors);
                self.save.set(SaveState::Unsaved);
                false
            }
            Err(Err(_)) => {
                // Keep everything; try again later, waiting longer each time.
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
                    std::time::Duration::from_millis(wait as u64),
                );
                false
            }
        }
    }

    /// 提交审核: saves, then submits. Field errors from the backend go to their fields.
    pub async fn submit(self) -> Result<(), Vec<FieldError>> {
        if !self.save().await {
            return Err(self.server_errors.get_untracked());
        }
        let id = self.id.get_untracked().unwrap_or_default();
        match self.session.client().submit(&id).await {
            Ok(product) => {
                self.host.emit(HostEvent::Submitted, &product);
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
        !matches!(self.save.get_untracked(), SaveState::Saved)
    }
}

pub fn use_wizard() -> Wizard {
    expect_context::<Wizard>()
}

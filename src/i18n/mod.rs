//! The seller's language: zh-CN by default, en complete too. Texts live in
//! `locales/*.json`; `build.rs` turns them into the tables included here. The default
//! locale is part of the first load; the English texts are a chunk of their own,
//! loaded when a seller or host chooses English.

use std::sync::OnceLock;

use domain::FieldError;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::chunk::ChunkError;
use crate::host::local_storage as storage;

include!(concat!(env!("OUT_DIR"), "/locales.rs"));

crate::split_point!(locale_en, preload_en: fn en_texts() -> &'static [&'static str] { &EN });

/// The English texts, once their chunk is here.
static EN_TEXTS: OnceLock<&'static [&'static str]> = OnceLock::new();

/// Every Chinese text, once a screen's chunk brought them ([`complete_texts`]).
#[cfg(feature = "split")]
static ZH_CN_ALL: OnceLock<&'static [&'static str]> = OnceLock::new();

/// The default locale's texts: in the page build, those the first load can show
/// (`build.rs` keeps the keys its code names) until a screen's chunk brings every one.
#[cfg(feature = "split")]
fn zh_cn() -> &'static [&'static str] {
    ZH_CN_ALL.get().copied().unwrap_or(&ZH_CN_FIRST)
}

#[cfg(not(feature = "split"))]
fn zh_cn() -> &'static [&'static str] {
    &ZH_CN
}

/// Brings every Chinese text: called by the screens' chunks, before they render (the
/// texts are then in the chunk, not in the first load).
pub fn complete_texts() {
    #[cfg(feature = "split")]
    let _ = ZH_CN_ALL.set(&ZH_CN);
}

/// A locale key; use the constants in [`k`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key(usize);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Locale {
    #[default]
    ZhCn,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::ZhCn, Locale::En];

    /// The BCP 47 tag (`zh-CN`, `en`), used for `lang` and storage.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Locale> {
        Locale::ALL.into_iter().find(|l| l.tag().eq_ignore_ascii_case(tag))
    }

    fn table(self) -> &'static [&'static str] {
        match self {
            Locale::ZhCn => zh_cn(),
            // Until its chunk is here (see `load`), the default locale's words.
            Locale::En => EN_TEXTS.get().copied().unwrap_or(zh_cn()),
        }
    }

    /// Whether this locale's texts are here.
    pub fn is_loaded(self) -> bool {
        self == Locale::ZhCn || EN_TEXTS.get().is_some()
    }

    /// Brings this locale's texts (the English chunk) if they are not here yet.
    pub async fn load(self) -> Result<(), ChunkError> {
        if !self.is_loaded() {
            let texts = en_texts().await?;
            let _ = EN_TEXTS.set(texts);
        }
        Ok(())
    }

    /// The text of `key` in this locale.
    pub fn text(self, key: Key) -> &'static str {
        self.table()[key.0]
    }

    /// The text of a key known only by name: an error's or a file kind's, as they come
    /// from `domain` or the API.
    pub fn text_by_name(self, name: &str) -> Option<&'static str> {
        NAMED.binary_search_by(|(key, _)| (*key).cmp(name)).ok().map(|at| self.table()[NAMED[at].1])
    }

    /// `key`'s text with `{name}` placeholders filled in.
    pub fn format(self, key: Key, params: &[(&str, &str)]) -> String {
        fill(self.text(key), params.iter().map(|(n, v)| (*n, (*v).to_owned())))
    }

    /// A field error in words: its key's text with its parameters, file kinds named.
    pub fn field_error(self, error: &FieldError) -> String {
        let Some(template) = self.text_by_name(error.key.as_str()) else {
            return error.key.as_str().to_owned();
        };
        let separator = if self == Locale::ZhCn { "或" } else { " or " };
        let params = error.params.iter().map(|(name, value)| {
            let value = match name.as_str() {
                // Kinds travel as their own keys: "kind.pdf" or "kind.jpeg,kind.png".
                "actual" | "expected" => value
                    .split(',')
                    .map(|kind| self.text_by_name(kind).unwrap_or(kind))
                    .collect::<Vec<_>>()
                    .join(separator),
                _ => value.clone(),
            };
            (name.as_str(), value)
        });
        fill(template, params)
    }
}

/// A value in a message: plain text (a product's name) or a text of its own (a status,
/// an operation), translated when the message is shown.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Text(String),
    Key(Key),
}

impl From<String> for Arg {
    fn from(text: String) -> Self {
        Arg::Text(text)
    }
}

impl From<&str> for Arg {
    fn from(text: &str) -> Self {
        Arg::Text(text.to_owned())
    }
}

impl From<Key> for Arg {
    fn from(key: Key) -> Self {
        Arg::Key(key)
    }
}

/// Something to tell the seller, kept as a key and its parameters — never as text — so
/// it is shown in whatever language is chosen when it is shown.
#[derive(Clone, Debug, PartialEq)]
pub enum Message {
    /// A locale text with `{name}` placeholders.
    Text(Key, Vec<(&'static str, Arg)>),
    /// A field error from `domain` (the browser's check or the backend's).
    Field(domain::FieldError),
}

impl Message {
    pub fn new(key: Key) -> Self {
        Message::Text(key, Vec::new())
    }

    /// Adds the parameter `{name}`.
    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        if let Message::Text(_, args) = &mut self {
            args.push((name, value.into()));
        }
        self
    }
}

impl From<Key> for Message {
    fn from(key: Key) -> Self {
        Message::new(key)
    }
}

impl From<domain::FieldError> for Message {
    fn from(error: domain::FieldError) -> Self {
        Message::Field(error)
    }
}

impl Locale {
    /// The message in this locale.
    pub fn message(self, message: &Message) -> String {
        match message {
            Message::Text(key, args) => fill(
                self.text(*key),
                args.iter().map(|(name, arg)| {
                    let value = match arg {
                        Arg::Text(text) => text.clone(),
                        Arg::Key(key) => self.text(*key).to_owned(),
                    };
                    (*name, value)
                }),
            ),
            Message::Field(error) => self.field_error(error),
        }
    }
}

fn fill<'a>(template: &str, params: impl Iterator<Item = (&'a str, String)>) -> String {
    params.fold(template.to_owned(), |text, (name, value)| text.replace(&format!("{{{name}}}"), &value))
}

/// The name of a day of the week (Monday = 1 … Sunday = 7); `None` outside 1–7.
pub fn day_key(day: domain::model::Weekday) -> Option<Key> {
    const DAYS: [Key; 7] = [k::DAY_1, k::DAY_2, k::DAY_3, k::DAY_4, k::DAY_5, k::DAY_6, k::DAY_7];
    DAYS.get(usize::from(day).checked_sub(1)?).copied()
}

/// The name of a validity unit (天 / 月 / 年).
pub fn unit_key(unit: domain::model::ValidityUnit) -> Key {
    use domain::model::ValidityUnit;
    match unit {
        ValidityUnit::Day => k::UNIT_DAY,
        ValidityUnit::Month => k::UNIT_MONTH,
        ValidityUnit::Year => k::UNIT_YEAR,
    }
}

const STORAGE_KEY: &str = "apx.locale";

/// The locale in force, shared through context. `Copy`, so closures take it freely.
#[derive(Clone, Copy)]
pub struct I18n {
    locale: RwSignal<Locale>,
    /// The first locale's texts are here (the console waits for them, so it does not
    /// show one language and then another).
    ready: RwSignal<bool>,
}

impl I18n {
    /// Starts from the host's choice, else the seller's saved choice, else zh-CN.
    pub fn new(initial: Option<Locale>) -> Self {
        let wanted = initial.or_else(saved_locale).unwrap_or_default();
        let i18n = I18n { locale: RwSignal::new(Locale::ZhCn), ready: RwSignal::new(wanted.is_loaded()) };
        i18n.switch(wanted);
        i18n
    }

    pub fn locale(self) -> Locale {
        self.locale.get()
    }

    /// Whether the first locale's texts are here (or could not be had: then zh-CN).
    pub fn ready(self) -> bool {
        self.ready.get()
    }

    /// Switches the language and remembers it for the next visit.
    pub fn set_locale(self, locale: Locale) {
        self.switch(locale);
        if let Some(storage) = storage() {
            let _ = storage.set_item(STORAGE_KEY, locale.tag());
        }
    }

    /// Switches once the locale's texts are here; if they cannot be loaded, the
    /// language stays as it is.
    fn switch(self, locale: Locale) {
        if locale.is_loaded() {
            self.locale.set(locale);
            return;
        }
        spawn_local(async move {
            if locale.load().await.is_ok() {
                let _ = self.locale.try_set(locale);
            }
            // Only the first time: the console is built once.
            if self.ready.try_get_untracked() == Some(false) {
                self.ready.set(true);
            }
        });
    }

    /// `key`'s text, tracking the locale when called inside a reactive closure.
    pub fn t(self, key: Key) -> &'static str {
        self.locale.get().text(key)
    }

    /// A reactive text for `view!`: `{i18n.tr(k::NAV_GOODS)}` updates with the locale.
    pub fn tr(self, key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || self.t(key)
    }

    pub fn format(self, key: Key, params: &[(&str, &str)]) -> String {
        self.locale.get().format(key, params)
    }

    /// A message in the chosen language, tracking the locale.
    pub fn show(self, message: &Message) -> String {
        self.locale.get().message(message)
    }
}

fn saved_locale() -> Option<Locale> {
    Locale::from_tag(&storage()?.get_item(STORAGE_KEY).ok()??)
}

/// The [`I18n`] provided by the app shell.
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

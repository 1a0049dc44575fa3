//! Who is signed in. A host page may hand the console a token (embedding); otherwise
//! the seller signs in with one — or, when the backend runs in demo mode, picks a demo
//! identity — and the token is remembered in this browser until 切换身份.

use domain::model::{DemoAccount, User};
use domain::Role;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiError, Client};
use crate::i18n::{k, use_i18n, Key};

const STORAGE_KEY: &str = "apx.token";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The session, shared through context; `Copy`.
#[derive(Clone, Copy)]
pub struct Session {
    api_base: StoredValue<String>,
    /// The host's token: not stored, and the console offers no switch.
    hosted: bool,
    token: RwSignal<Option<String>>,
    user: RwSignal<Option<User>>,
}

impl Session {
    pub fn new(api_base: &str, host_token: Option<String>) -> Self {
        let hosted = host_token.is_some();
        let token = host_token.or_else(|| storage()?.get_item(STORAGE_KEY).ok()?);
        Session {
            api_base: StoredValue::new(api_base.to_owned()),
            hosted,
            token: RwSignal::new(token),
            user: RwSignal::new(None),
        }
    }

    /// A client for the backend, signed in if there is a token.
    pub fn client(self) -> Client {
        Client::new(&self.api_base.get_value(), self.token.get_untracked())
    }

    pub fn user(self) -> Option<User> {
        self.user.get()
    }

    pub fn is_reviewer(self) -> bool {
        self.user.with(|u| u.as_ref().is_some_and(|u| u.role == Role::Reviewer))
    }

    pub fn hosted(self) -> bool {
        self.hosted
    }

    fn sign_in(self, token: String, user: User) {
        if !self.hosted {
            if let Some(s) = storage() {
                let _ = s.set_item(STORAGE_KEY, &token);
            }
        }
        self.token.set(Some(token));
        self.user.set(Some(user));
    }

    /// Forgets the identity; the sign-in screen comes back.
    pub fn sign_out(self) {
        if let Some(s) = storage() {
            let _ = s.remove_item(STORAGE_KEY);
        }
        self.token.set(None);
        self.user.set(None);
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

fn role_key(role: Role) -> Key {
    match role {
        Role::Seller => k::ROLE_SELLER,
        Role::Reviewer => k::ROLE_REVIEWER,
    }
}

/// Shows `children` once the caller is known; the sign-in screen until then.
#[component]
pub fn SessionGate(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let checking = RwSignal::new(false);
    let unreachable = RwSignal::new(false);
    let check = move || {
        if session.token.get_untracked().is_none() {
            return;
        }
        checking.set(true);
        unreachable.set(false);
        spawn_local(async move {
            match session.client().me().await {
                Ok(user) => session.user.set(Some(user)),
                Err(ApiError::Status(401, _)) if !session.hosted => session.sign_out(),
                Err(_) => unreachable.set(true),
            }
            checking.set(false);
        });
    };
    check();
    move || {
        if session.user.with(Option::is_some) {
            children().into_any()
        } else if checking.get() {
            view! { <p class="apx-session__status" role="status">{i18n.tr(k::SESSION_CHECKING)}</p> }.into_any()
        } else if unreachable.get() {
            view! {
                <div class="apx-session__status" role="alert">
                    <p>{i18n.tr(k::SESSION_NETWORK)}</p>
                    <button type="button" class="apx-button" on:click=move |_| check()>{i18n.tr(k::SESSION_RETRY)}</button>
                </div>
            }
            .into_any()
        } else {
            view! { <SignIn/> }.into_any()
        }
    }
}

/// The sign-in screen: a token field, and the demo identities when there are any.
#[component]
fn SignIn() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let token = RwSignal::new(String::new());
    let error = RwSignal::new(None::<Key>);
    let busy = RwSignal::new(false);
    let demo = RwSignal::new(Vec::<DemoAccount>::new());
    spawn_local(async move { demo.set(session.client().demo_accounts().await.unwrap_or_default()) });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = token.get_untracked().trim().to_owned();
        if typed.is_empty() {
            error.set(Some(k::ERROR_REQUIRED));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let client = Client::new(&session.api_base.get_value(), Some(typed.clone()));
            match client.me().await {
                Ok(user) => session.sign_in(typed, user),
                Err(ApiError::Status(401, _)) => error.set(Some(k::SESSION_INVALID)),
                Err(_) => error.set(Some(k::SESSION_NETWORK)),
            }
            busy.set(false);
        });
    };

    view! {
        <div class="apx-page apx-session" role=crate::host::use_host().content_role() aria-labelledby="apx-session-title">
            <h1 id="apx-session-title" class="apx-page__title">{i18n.tr(k::SESSION_TITLE)}</h1>
            <form class="apx-session__form" on:submit=submit novalidate=true>
                <label class="apx-field__label" for="apx-session-token">{i18n.tr(k::SESSION_TOKEN)}</label>
                <input
                    id="apx-session-token"
                    class="apx-input"
                    type="password"
                    autocomplete="off"
                    prop:value=token
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                    aria-describedby="apx-session-token-hint apx-session-token-error"
                    on:input=move |ev| {
                        token.set(event_target_value(&ev));
                        error.set(None);
                    }
                />
                <p id="apx-session-token-hint" class="apx-field__hint">{i18n.tr(k::SESSION_TOKEN_HINT)}</p>
                <p id="apx-session-token-error" class="apx-field__error" role="alert">
                    {move || error.get().map(|key| i18n.t(key))}
                </p>
                <button type="submit" class="apx-button apx-button--primary" disabled=busy>
                    {i18n.tr(k::SESSION_SIGN_IN)}
                </button>
            </form>
            {move || {
                    let accounts = demo.get();
                    (!accounts.is_empty()).then(|| view! {
                        <div class="apx-session__demo">
                            <h2 class="apx-session__subtitle">{i18n.tr(k::SESSION_DEMO)}</h2>
                            <p class="apx-field__hint">{i18n.tr(k::SESSION_DEMO_HINT)}</p>
                            <ul class="apx-session__accounts">
                                {accounts
                                    .into_iter()
                                    .map(|account| {
                                        let role = role_key(account.user.role);
                                        let name = account.user.name.clone();
                                        let pick = move |_| session.sign_in(account.token.clone(), account.user.clone());
                                        view! {
                                            <li>
                                                <button type="button" class="apx-button" on:click=pick>
                                                    {name} " · " {i18n.tr(role)}
                                                </button>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </div>
                    })
            }}
        </div>
    }
}

/// The signed-in identity in the header, with 切换身份 (not when a host signed in).
#[component]
pub fn Identity() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    move || {
        session.user().map(|user| {
            view! {
                <span class="apx-identity">
                    <span class="apx-identity__name">{user.name.clone()}</span>
                    <span class="apx-identity__role">{i18n.tr(role_key(user.role))}</span>
                    {(!session.hosted()).then(|| view! {
                        <button type="button" class="apx-button apx-button--ghost" on:click=move |_| session.sign_out()>
                            {i18n.tr(k::SESSION_SWITCH)}
                        </button>
                    })}
                </span>
            }
        })
    }
}

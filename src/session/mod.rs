//! Who is signed in, and the backend on their behalf. A host page may hand the console
//! a token (embedding); otherwise the seller signs in with one — or, when the backend
//! runs in demo mode, picks a demo identity — and the token is remembered in this
//! browser until 切换身份. Screens talk to the backend through [`use_backend`], whose
//! requests end when the screen goes away.

pub mod kept;

use domain::model::User;
use domain::Role;
use leptos::prelude::*;

use crate::api::{ApiError, Client};
use crate::host::local_storage as storage;

const STORAGE_KEY: &str = "apx.token";

/// Where signing in stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    /// No token: the sign-in screen.
    SignedOut,
    /// A token, its owner being asked for.
    Checking,
    /// A token, but the backend could not be asked.
    Unreachable,
    /// Known: the console.
    SignedIn,
}

/// The session, shared through context; `Copy`.
#[derive(Clone, Copy)]
pub struct Session {
    api_base: StoredValue<String>,
    /// The host's token: not stored, and the console offers no switch.
    hosted: bool,
    token: RwSignal<Option<String>>,
    /// The token's owner (`GET /me`), asked again whenever the token changes.
    me: LocalResource<Result<Option<User>, ApiError>>,
}

impl Session {
    pub fn new(api_base: &str, host_token: Option<String>) -> Self {
        let hosted = host_token.is_some();
        let token = RwSignal::new(host_token.or_else(|| storage()?.get_item(STORAGE_KEY).ok()?));
        let api_base = StoredValue::new(api_base.to_owned());
        let me = LocalResource::new(move || {
            let client = token.get().map(|t| Client::new(&api_base.get_value(), Some(t)));
            async move {
                let Some(client) = client else { return Ok(None) };
                match client.me().await {
                    Ok(user) => Ok(Some(user)),
                    // A remembered token that no longer works: sign in again.
                    Err(e) if e.status() == Some(401) && !hosted => {
                        forget_token();
                        let _ = token.try_set(None);
                        Ok(None)
                    }
                    Err(e) => Err(e),
                }
            }
        });
        Session { api_base, hosted, token, me }
    }

    /// A client for the backend, signed in if there is a token. Its requests are not
    /// tied to a screen: screens use [`use_backend`].
    pub fn client(self) -> Client {
        Client::new(&self.api_base.get_value(), self.token.get_untracked())
    }

    /// The signed-in user, tracked.
    pub fn user(self) -> Option<User> {
        self.me.get().and_then(Result::ok).flatten()
    }

    /// The signed-in user, not tracked.
    pub fn user_untracked(self) -> Option<User> {
        self.me.get_untracked().and_then(Result::ok).flatten()
    }

    pub fn is_reviewer(self) -> bool {
        self.me.with(|me| matches!(me, Some(Ok(Some(u))) if u.role == Role::Reviewer))
    }

    pub fn is_reviewer_untracked(self) -> bool {
        self.me.with_untracked(|me| matches!(me, Some(Ok(Some(u))) if u.role == Role::Reviewer))
    }

    /// Whether the host signed the console in (then there is no 切换身份).
    pub fn hosted(self) -> bool {
        self.hosted
    }

    /// Where signing in stands, tracked.
    pub fn gate(self) -> Gate {
        let has_token = self.token.with(Option::is_some);
        self.me.with(|me| match me {
            _ if !has_token => Gate::SignedOut,
            None => Gate::Checking,
            Some(Ok(Some(_))) => Gate::SignedIn,
            Some(Ok(None)) => Gate::SignedOut,
            Some(Err(_)) => Gate::Unreachable,
        })
    }

    /// Asks the backend again who the token belongs to (after it was unreachable).
    pub fn recheck(self) {
        self.me.refetch();
    }

    /// Signs in with a token known to work; it is remembered unless a host gave it.
    pub fn sign_in(self, token: String) {
        if !self.hosted {
            if let Some(s) = storage() {
                let _ = s.set_item(STORAGE_KEY, &token);
            }
        }
        self.token.set(Some(token));
    }

    /// Forgets the identity; the sign-in screen comes back.
    pub fn sign_out(self) {
        forget_token();
        self.token.set(None);
    }

    /// A client for a token not signed in yet (to check it).
    pub fn client_for(self, token: String) -> Client {
        Client::new(&self.api_base.get_value(), Some(token))
    }
}

fn forget_token() {
    if let Some(s) = storage() {
        let _ = s.remove_item(STORAGE_KEY);
    }
    // What this identity was shown goes with it.
    kept::forget();
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// The backend as one screen talks to it: every request made through it is aborted
/// when the screen (the component that called [`use_backend`]) goes away.
#[derive(Clone, Copy)]
pub struct Backend {
    session: Session,
    abort: StoredValue<Option<web_sys::AbortController>, LocalStorage>,
}

impl Backend {
    /// A client whose requests end with the screen.
    pub fn client(self) -> Client {
        let client = self.session.client();
        match self.abort.try_with_value(|a| a.as_ref().map(web_sys::AbortController::signal)).flatten() {
            Some(signal) => client.with_abort(signal),
            None => client,
        }
    }

    pub fn session(self) -> Session {
        self.session
    }
}

/// The backend for the calling component's requests; they are aborted when it is
/// cleaned up.
pub fn use_backend() -> Backend {
    let abort = StoredValue::new_local(web_sys::AbortController::new().ok());
    // Cleanups run before the owner's values are dropped, so the controller is there.
    on_cleanup(move || {
        abort.try_with_value(|c| c.as_ref().map(web_sys::AbortController::abort));
    });
    Backend { session: use_session(), abort }
}

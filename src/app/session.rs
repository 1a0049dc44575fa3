//! Signing in, as the shell shows it: the gate before the console, the sign-in screen
//! (a token, or a demo identity when the backend offers them), and who is signed in, in
//! the header.

use domain::model::DemoAccount;
use domain::Role;
use leptos::prelude::*;

use crate::host::use_host;
use crate::i18n::{k, use_i18n, Key};
use crate::session::{use_session, Gate};
use crate::ui::{Button, Look};

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
    let gate = Memo::new(move |_| session.gate());
    move || match gate.get() {
        Gate::SignedIn => children().into_any(),
        Gate::Checking => {
            view! { <p class="apx-session__status" role="status">{i18n.tr(k::SESSION_CHECKING)}</p> }.into_any()
        }
        Gate::Unreachable => view! {
            <div class="apx-session__status" role="alert">
                <p>{i18n.tr(k::SESSION_NETWORK)}</p>
                <Button on_click=move |_| session.recheck()>{i18n.tr(k::SESSION_RETRY)}</Button>
            </div>
        }
        .into_any(),
        Gate::SignedOut => view! { <super::Lazy load=|| Box::pin(sign_in_screen())/> }.into_any(),
    }
}

// A seller whose token is remembered never sees the sign-in screen: it is a chunk.
crate::split_point!(sign_in, preload_sign_in: fn sign_in_screen() -> AnyView { view! { <SignIn/> }.into_any() });

/// The sign-in screen: a token field, and the demo identities when there are any.
#[component]
fn SignIn() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let token = RwSignal::new(String::new());
    let error = RwSignal::new(None::<Key>);
    // Not a resource: the screen is in a chunk's `<Transition>`, which would wait for it.
    let demo = RwSignal::new(Vec::<DemoAccount>::new());
    leptos::task::spawn_local({
        let client = session.client();
        async move {
            let accounts = client.demo_accounts().await.unwrap_or_default();
            let _ = demo.try_set(accounts);
        }
    });
    // A typed token is checked before it is kept.
    let check = Action::new_local(move |typed: &String| {
        let (typed, client) = (typed.clone(), session.client_for(typed.clone()));
        async move {
            match client.me().await {
                Ok(_) => session.sign_in(typed),
                Err(e) if e.status() == Some(401) => error.set(Some(k::SESSION_INVALID)),
                Err(_) => error.set(Some(k::SESSION_NETWORK)),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = token.get_untracked().trim().to_owned();
        if typed.is_empty() {
            error.set(Some(k::ERROR_REQUIRED));
        } else {
            check.dispatch_local(typed);
        }
    };
    let accounts = move || {
        let accounts = demo.get();
        (!accounts.is_empty()).then(|| {
            view! {
                <div class="apx-session__demo">
                    <h2 class="apx-session__subtitle">{i18n.tr(k::SESSION_DEMO)}</h2>
                    <p class="apx-field__hint">{i18n.tr(k::SESSION_DEMO_HINT)}</p>
                    <ul class="apx-session__accounts">
                        {accounts.into_iter().map(|account| {
                            let role = role_key(account.user.role);
                            let name = account.user.name.clone();
                            let pick = move |_| session.sign_in(account.token.clone());
                            view! {
                                <li>
                                    <Button on_click=pick>{name} " · " {i18n.tr(role)}</Button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </div>
            }
        })
    };
    view! {
        <div class="apx-page apx-session" role=use_host().content_role() aria-labelledby="apx-session-title">
            <h1 id="apx-session-title" class="apx-page__title">{i18n.tr(k::SESSION_TITLE)}</h1>
            <form class="apx-session__form" on:submit=submit novalidate=true>
                <label class="apx-field__label" for="apx-session-token">{i18n.tr(k::SESSION_TOKEN)}</label>
                <input id="apx-session-token" class="apx-input" type="password" autocomplete="off" prop:value=token
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                    aria-describedby="apx-session-token-hint apx-session-token-error"
                    on:input=move |ev| {
                        token.set(event_target_value(&ev));
                        error.set(None);
                    }/>
                <p id="apx-session-token-hint" class="apx-field__hint">{i18n.tr(k::SESSION_TOKEN_HINT)}</p>
                <p id="apx-session-token-error" class="apx-field__error" role="alert">
                    {move || error.get().map(|key| i18n.t(key))}
                </p>
                <button type="submit" class="apx-button apx-button--primary" disabled=check.pending()>
                    {i18n.tr(k::SESSION_SIGN_IN)}
                </button>
            </form>
            {accounts}
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
                        <Button look=Look::Ghost on_click=move |_| session.sign_out()>
                            {i18n.tr(k::SESSION_SWITCH)}
                        </Button>
                    })}
                </span>
            }
        })
    }
}

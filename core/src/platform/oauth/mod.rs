//! OAuth 2.0: PKCE (RFC 7636) verifiers and challenges, the anti-CSRF `state` value,
//! per-platform endpoint presets ([`OAuthProvider`]), the authorisation URL, and (feature
//! `net`) the code exchange and refresh ([`exchange_code`], [`refresh`]) over
//! [`HttpClient`](crate::http::HttpClient).
//!
//! The presets, the URL and [`TokenSet`] need no network and are always compiled.
//!
//! ```
//! use brandpilot::platform::oauth::{OAuthState, PkceVerifier};
//!
//! // Start of the flow: keep both (sealed) in the host's session store.
//! let verifier = PkceVerifier::generate().unwrap();
//! let state = OAuthState::generate().unwrap();
//! let authorize_query = format!(
//!     "code_challenge={}&code_challenge_method={}&state={}",
//!     verifier.challenge_s256(),
//!     PkceVerifier::CHALLENGE_METHOD,
//!     state.as_str(),
//! );
//! assert!(authorize_query.contains("code_challenge_method=S256"));
//!
//! // Callback: the `state` query parameter must match before the code is exchanged.
//! assert!(state.matches(state.as_str()));
//! assert!(!state.matches("forged"));
//! ```

mod authorize;
#[cfg(feature = "net")]
mod flow;
mod host;
#[cfg(feature = "net")]
pub(crate) mod long_lived;
mod pkce;
mod provider;
mod token_set;

pub use authorize::{AuthorizationRequest, authorize_url};
#[cfg(feature = "net")]
pub use flow::{exchange_code, refresh};
#[cfg(feature = "net")]
pub(crate) use host::parse_verifier;
pub use host::{
    AuthorizationStart, OAuthClientSpec, ProviderRef, authorize_url_for, start_authorization,
};
#[cfg(feature = "net")]
pub use host::{exchange_code_for, refresh_for};
pub use pkce::{OAuthState, PkceVerifier};
pub use provider::{ClientAuth, LongLivedGrant, OAuthClient, OAuthProvider, PkceSupport};
pub use token_set::TokenSet;

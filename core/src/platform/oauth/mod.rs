//! OAuth 2.0 building blocks that need no network: PKCE (RFC 7636) verifiers and challenges,
//! and the anti-CSRF `state` value.
//!
//! The authorisation-code exchange and refresh (which do speak HTTP) come in a later slice.
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

mod pkce;

pub use pkce::{OAuthState, PkceVerifier};

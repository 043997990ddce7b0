//! Tokens at rest and in use: [`TokenVault`] seals secrets (AES-256-GCM, NIST SP 800-38D)
//! under host-supplied keys, with key ids for rotation. With feature `net`: [`TokenStore`]
//! (in memory, or sealed into a host's [`SealedStore`] by [`VaultTokenStore`]) and
//! [`TokenManager`], which refreshes ahead of expiry, once per account.
//!
//! ```
//! use brandpilot::Secret;
//! use brandpilot::token::TokenVault;
//!
//! let vault = TokenVault::new(vec![("2026-11".into(), [7u8; 32])], "2026-11").unwrap();
//! let sealed = vault.seal(&Secret::new("refresh-token"), "user:42/linkedin").unwrap();
//! assert!(sealed.starts_with("bp1.2026-11."));
//! let opened = vault.open(&sealed, "user:42/linkedin").unwrap();
//! assert_eq!(opened.expose(), "refresh-token");
//! ```

#[cfg(feature = "net")]
mod manager;
mod sealed_set;
#[cfg(feature = "net")]
mod store;
mod vault;

#[cfg(feature = "net")]
pub use manager::TokenManager;
pub use sealed_set::VaultSpec;
#[cfg(feature = "net")]
pub use store::{MemorySealedStore, MemoryTokenStore, SealedStore, TokenStore, VaultTokenStore};
pub use vault::TokenVault;

//! Tokens at rest: [`TokenVault`] seals secrets (AES-256-GCM, NIST SP 800-38D) under
//! host-supplied keys, with key ids for rotation.
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

mod vault;

pub use vault::TokenVault;

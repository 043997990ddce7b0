//! Where connected accounts' tokens live: the [`TokenStore`] trait, an in-memory default,
//! and [`VaultTokenStore`], which seals every [`TokenSet`] with the [`TokenVault`] before a
//! host's [`SealedStore`] sees it.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use async_trait::async_trait;

use super::TokenVault;
use crate::Result;
use crate::platform::oauth::TokenSet;

/// Token sets by account id (the host's own key, e.g. `user:42/linkedin`).
///
/// Implementations must be safe to call concurrently; [`TokenManager`](super::TokenManager)
/// serialises refreshes per account itself.
#[async_trait]
pub trait TokenStore: Send + Sync {
    /// The token set of `account`, if one is stored.
    async fn get(&self, account: &str) -> Result<Option<TokenSet>>;
    /// Stores (replaces) the token set of `account`.
    async fn put(&self, account: &str, tokens: &TokenSet) -> Result<()>;
    /// Forgets `account`'s tokens (no error if there were none).
    async fn delete(&self, account: &str) -> Result<()>;
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic elsewhere while holding the lock leaves the map itself consistent.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A [`TokenStore`] in process memory (lost on restart): the default, and for tests.
/// `Debug` shows how many accounts it holds, never a token.
///
/// ```
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// use brandpilot::platform::oauth::TokenSet;
/// use brandpilot::token::{MemoryTokenStore, TokenStore};
/// use brandpilot::Secret;
/// let store = MemoryTokenStore::default();
/// store.put("ada", &TokenSet::bearer(Secret::new("t"))).await.unwrap();
/// assert!(store.get("ada").await.unwrap().is_some());
/// store.delete("ada").await.unwrap();
/// assert!(store.get("ada").await.unwrap().is_none());
/// # });
/// ```
#[derive(Default)]
pub struct MemoryTokenStore {
    tokens: Mutex<HashMap<String, TokenSet>>,
}

impl fmt::Debug for MemoryTokenStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryTokenStore")
            .field("accounts", &lock(&self.tokens).len())
            .finish()
    }
}

#[async_trait]
impl TokenStore for MemoryTokenStore {
    async fn get(&self, account: &str) -> Result<Option<TokenSet>> {
        Ok(lock(&self.tokens).get(account).cloned())
    }

    async fn put(&self, account: &str, tokens: &TokenSet) -> Result<()> {
        lock(&self.tokens).insert(account.to_owned(), tokens.clone());
        Ok(())
    }

    async fn delete(&self, account: &str) -> Result<()> {
        lock(&self.tokens).remove(account);
        Ok(())
    }
}

/// Storage of sealed strings by account id: what a host implements (a database row, a
/// keychain entry, a callback from Python, Node or Kotlin). It only ever sees
/// `bp1.<key_id>.<nonce>.<ciphertext>` text from [`TokenVault::seal`].
#[async_trait]
pub trait SealedStore: Send + Sync {
    /// The sealed text stored for `account`, if any.
    async fn get(&self, account: &str) -> Result<Option<String>>;
    /// Stores (replaces) the sealed text of `account`.
    async fn put(&self, account: &str, sealed: String) -> Result<()>;
    /// Forgets `account` (no error if absent).
    async fn delete(&self, account: &str) -> Result<()>;
}

/// A [`SealedStore`] in process memory, for tests and examples.
#[derive(Debug, Default)]
pub struct MemorySealedStore {
    sealed: Mutex<HashMap<String, String>>,
}

impl MemorySealedStore {
    /// The sealed text stored for `account` (what a host's database would hold).
    pub fn raw(&self, account: &str) -> Option<String> {
        lock(&self.sealed).get(account).cloned()
    }
}

#[async_trait]
impl SealedStore for MemorySealedStore {
    async fn get(&self, account: &str) -> Result<Option<String>> {
        Ok(lock(&self.sealed).get(account).cloned())
    }

    async fn put(&self, account: &str, sealed: String) -> Result<()> {
        lock(&self.sealed).insert(account.to_owned(), sealed);
        Ok(())
    }

    async fn delete(&self, account: &str) -> Result<()> {
        lock(&self.sealed).remove(account);
        Ok(())
    }
}

#[async_trait]
impl<S: SealedStore + ?Sized> SealedStore for Arc<S> {
    async fn get(&self, account: &str) -> Result<Option<String>> {
        (**self).get(account).await
    }

    async fn put(&self, account: &str, sealed: String) -> Result<()> {
        (**self).put(account, sealed).await
    }

    async fn delete(&self, account: &str) -> Result<()> {
        (**self).delete(account).await
    }
}

/// A [`TokenStore`] that keeps each [`TokenSet`] as its JSON sealed with AES-256-GCM
/// ([`TokenVault`]) in a host's [`SealedStore`]. The associated data binds the sealed text
/// to its account id (`brandpilot/token_set/<account>`), so a row copied to another account
/// does not open.
///
/// Opening with a vault that lacks the key, or text that was tampered with or moved, fails
/// with `invalid_input` on field `sealed` (never a token in the message).
///
/// ```
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// use std::sync::Arc;
/// use brandpilot::platform::oauth::TokenSet;
/// use brandpilot::token::{MemorySealedStore, TokenStore, TokenVault, VaultTokenStore};
/// use brandpilot::Secret;
/// let vault = Arc::new(TokenVault::new(vec![("k1".into(), [7u8; 32])], "k1").unwrap());
/// let rows = Arc::new(MemorySealedStore::default());
/// let store = VaultTokenStore::new(vault, rows.clone());
/// store.put("ada", &TokenSet::bearer(Secret::new("at-1"))).await.unwrap();
/// assert!(rows.raw("ada").unwrap().starts_with("bp1.k1."));
/// assert!(!rows.raw("ada").unwrap().contains("at-1"));
/// assert_eq!(store.get("ada").await.unwrap().unwrap().access_token.expose(), "at-1");
/// # });
/// ```
pub struct VaultTokenStore<S> {
    vault: Arc<TokenVault>,
    sealed: S,
}

impl<S> VaultTokenStore<S> {
    /// Seals with `vault` into `sealed`.
    pub fn new(vault: Arc<TokenVault>, sealed: S) -> Self {
        VaultTokenStore { vault, sealed }
    }
}

impl<S> fmt::Debug for VaultTokenStore<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VaultTokenStore")
            .field("vault", &self.vault)
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl<S: SealedStore> TokenStore for VaultTokenStore<S> {
    async fn get(&self, account: &str) -> Result<Option<TokenSet>> {
        match self.sealed.get(account).await? {
            Some(sealed) => self.vault.open_token_set(account, &sealed).map(Some),
            None => Ok(None),
        }
    }

    async fn put(&self, account: &str, tokens: &TokenSet) -> Result<()> {
        let sealed = self.vault.seal_token_set(account, tokens)?;
        self.sealed.put(account, sealed).await
    }

    async fn delete(&self, account: &str) -> Result<()> {
        self.sealed.delete(account).await
    }
}

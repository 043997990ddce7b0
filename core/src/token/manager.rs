//! [`TokenManager`]: a valid access token per account, refreshed ahead of expiry, once.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::{SealedStore, TokenStore, VaultSpec, VaultTokenStore};
use crate::http::{HttpClient, Request, Response};
use crate::platform::oauth::long_lived;
use crate::platform::oauth::{
    OAuthClient, OAuthClientSpec, PkceVerifier, TokenSet, exchange_code, refresh,
};
use crate::{Error, Result, Secret};

/// Keeps the accounts of one OAuth app connected: hands out valid access tokens, refreshing
/// them [`TokenManager::DEFAULT_SKEW`] (5 minutes) before they expire, and retries a request
/// once with a fresh token when the platform answers 401.
///
/// **Single flight.** Refreshes are serialised per account by an async lock, and the stored
/// set is read again once the lock is held: a hundred concurrent callers holding an expired
/// token cause one refresh request; the others get its result. Across processes, a host
/// whose [`TokenStore`] is shared should still expect the occasional duplicate refresh; a
/// refresh rejected because another process already rotated the token picks up the stored
/// one instead of failing.
///
/// **Re-authorisation.** No tokens, no refresh token, a rejected refresh, or a 401 on a token
/// fresh from a refresh → `reauth_required`; the stored grant is then deleted (when it is
/// still the one that failed) so the stale token is never used again.
///
/// Time is an argument (`now`), so tests and replays are deterministic.
///
/// ```no_run
/// # async fn demo() -> brandpilot::Result<()> {
/// use std::sync::Arc;
/// use brandpilot::http::{HttpClient, Request, Route};
/// use brandpilot::platform::oauth::{OAuthClient, OAuthProvider};
/// use brandpilot::token::{MemoryTokenStore, TokenManager};
/// let http = HttpClient::new(Default::default())?;
/// let client = OAuthClient::new(OAuthProvider::x(), "app-id", "https://app.example/cb");
/// let manager = TokenManager::new(http, client, Arc::new(MemoryTokenStore::default()));
/// let response = manager
///     .send_authorized("user:42/x", chrono::Utc::now(), |token| {
///         Request::get("https://api.x.com/2/users/me", Route::new("x", "users.read")).bearer(token)
///     })
///     .await?;
/// # let _ = response;
/// # Ok(()) }
/// ```
pub struct TokenManager {
    http: HttpClient,
    client: OAuthClient,
    store: Arc<dyn TokenStore>,
    skew: Duration,
    locks: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl fmt::Debug for TokenManager {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenManager")
            .field("client", &self.client)
            .field("skew", &self.skew)
            .finish_non_exhaustive()
    }
}

impl TokenManager {
    /// How long before expiry a token is refreshed by default: 5 minutes.
    pub const DEFAULT_SKEW: Duration = Duration::from_secs(300);

    /// A manager for `client`'s accounts, sending through `http`, storing in `store`.
    pub fn new(http: HttpClient, client: OAuthClient, store: Arc<dyn TokenStore>) -> Self {
        TokenManager {
            http,
            client,
            store,
            skew: Self::DEFAULT_SKEW,
            locks: Mutex::new(HashMap::new()),
        }
    }

    /// A manager as hosts configure one from a binding: the app as an [`OAuthClientSpec`],
    /// the vault as a [`VaultSpec`], and the host's own storage of sealed text (a
    /// [`SealedStore`], e.g. a callback object over its database). Every token set is sealed
    /// (bound to its account) before the host's store sees it. A bad spec is `invalid_input`
    /// under `client` or `vault`.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use brandpilot::http::{HttpClient, HttpConfig};
    /// use brandpilot::platform::oauth::OAuthClientSpec;
    /// use brandpilot::token::{MemorySealedStore, TokenManager, VaultSpec};
    /// let client: OAuthClientSpec = serde_json::from_value(serde_json::json!({
    ///     "provider": "linkedin", "client_id": "app", "redirect_uri": "https://app.example/cb"
    /// })).unwrap();
    /// let vault: VaultSpec = serde_json::from_value(serde_json::json!({
    ///     "current_key_id": "k1", "keys": {"k1": "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8="}
    /// })).unwrap();
    /// let http = HttpClient::new(HttpConfig::default()).unwrap();
    /// let manager = TokenManager::for_host(http, &client, &vault, Arc::new(MemorySealedStore::default()));
    /// assert!(manager.is_ok());
    /// ```
    pub fn for_host(
        http: HttpClient,
        client: &OAuthClientSpec,
        vault: &VaultSpec,
        sealed: Arc<dyn SealedStore>,
    ) -> Result<Self> {
        let client = client.to_client().map_err(|e| e.within("client"))?;
        let vault = vault.to_vault().map_err(|e| e.within("vault"))?;
        let store = VaultTokenStore::new(Arc::new(vault), sealed);
        Ok(TokenManager::new(http, client, Arc::new(store)))
    }

    /// [`connect`](Self::connect) with the PKCE verifier as the string the host kept from
    /// [`start_authorization`](crate::platform::oauth::start_authorization); a malformed one is
    /// `invalid_input` at `code_verifier`.
    pub async fn connect_with_verifier(
        &self,
        account: &str,
        code: &str,
        code_verifier: &str,
        now: DateTime<Utc>,
    ) -> Result<TokenSet> {
        if code.trim().is_empty() {
            return Err(Error::invalid("code", "must not be empty"));
        }
        let verifier = crate::platform::oauth::parse_verifier(code_verifier)?;
        self.connect(account, code, &verifier, now).await
    }

    /// Refreshes tokens that expire within `skew` instead of 5 minutes.
    pub fn with_skew(mut self, skew: Duration) -> Self {
        self.skew = skew;
        self
    }

    /// The OAuth app this manager serves.
    pub fn client(&self) -> &OAuthClient {
        &self.client
    }

    /// The token store.
    pub fn store(&self) -> &Arc<dyn TokenStore> {
        &self.store
    }

    /// Completes a connection: exchanges `code` ([`exchange_code`]) and stores the tokens
    /// under `account`. When the provider sends no refresh token this time (Google after the
    /// first consent), a refresh token already stored for the account is kept: a reconnect
    /// never wipes it.
    pub async fn connect(
        &self,
        account: &str,
        code: &str,
        verifier: &PkceVerifier,
        now: DateTime<Utc>,
    ) -> Result<TokenSet> {
        let tokens = exchange_code(&self.http, &self.client, code, verifier, now).await?;
        // Meta and Threads: the short-lived token becomes a long-lived one before it is stored.
        let mut tokens = long_lived::after_code_exchange(&self.http, &self.client, tokens).await?;
        let lock = self.lock_for(account);
        let _guard = lock.lock().await;
        if tokens.refresh_token.is_none()
            && let Some(previous) = self.store.get(account).await?
        {
            tokens.refresh_token = previous.refresh_token;
        }
        self.store.put(account, &tokens).await?;
        Ok(tokens)
    }

    /// A valid access token for `account` at `now`: the stored one, or — when it expires
    /// within the skew — a refreshed one (one refresh per account at a time).
    ///
    /// If the refresh fails for a transient reason (network, timeout, rate limit, 5xx) while
    /// the stored token has not actually expired yet, the stored token is returned.
    pub async fn access_token(&self, account: &str, now: DateTime<Utc>) -> Result<Secret> {
        let tokens = self.load(account).await?;
        if !tokens.expires_within(now, self.skew) {
            return Ok(tokens.access_token);
        }
        let lock = self.lock_for(account);
        let result = {
            let _guard = lock.lock().await;
            // Another caller may have refreshed while this one waited.
            let tokens = self.load(account).await?;
            if tokens.expires_within(now, self.skew) {
                self.refresh_locked(account, tokens, now, true)
                    .await
                    .map(|t| t.access_token)
            } else {
                Ok(tokens.access_token)
            }
        };
        self.release(account, lock);
        result
    }

    /// Refreshes `account` because the platform rejected `rejected` (a 401), unless another
    /// caller already replaced that token, in which case the replacement is returned.
    pub async fn force_refresh(
        &self,
        account: &str,
        rejected: &Secret,
        now: DateTime<Utc>,
    ) -> Result<Secret> {
        let lock = self.lock_for(account);
        let result = {
            let _guard = lock.lock().await;
            let tokens = self.load(account).await?;
            if tokens.access_token != *rejected {
                Ok(tokens.access_token)
            } else {
                self.refresh_locked(account, tokens, now, false)
                    .await
                    .map(|t| t.access_token)
            }
        };
        self.release(account, lock);
        result
    }

    /// Sends the request `build` makes with `account`'s access token. On 401 the token is
    /// refreshed ([`TokenManager::force_refresh`]) and the request rebuilt and sent once
    /// more; a second 401 is `reauth_required` and the stored grant is deleted. Any other
    /// response is returned as it is (map its status yourself).
    pub async fn send_authorized<F>(
        &self,
        account: &str,
        now: DateTime<Utc>,
        build: F,
    ) -> Result<Response>
    where
        F: Fn(Secret) -> Request + Send + Sync,
    {
        let token = self.access_token(account, now).await?;
        let response = self.http.send(build(token.clone())).await?;
        if response.status != 401 {
            return Ok(response);
        }
        let fresh = self.force_refresh(account, &token, now).await?;
        let response = self.http.send(build(fresh.clone())).await?;
        if response.status != 401 {
            return Ok(response);
        }
        let lock = self.lock_for(account);
        {
            let _guard = lock.lock().await;
            if let Some(stored) = self.store.get(account).await?
                && stored.access_token == fresh
            {
                self.store.delete(account).await?;
            }
        }
        self.release(account, lock);
        Err(Error::ReauthRequired {
            message: format!(
                "{} rejected a freshly refreshed access token (HTTP 401 twice)",
                self.client.provider.name
            ),
        })
    }

    async fn load(&self, account: &str) -> Result<TokenSet> {
        self.store
            .get(account)
            .await?
            .ok_or_else(|| Error::ReauthRequired {
                message: "no tokens are stored for this account".to_owned(),
            })
    }

    /// Refreshes `current` and stores the result; the caller holds `account`'s lock.
    async fn refresh_locked(
        &self,
        account: &str,
        current: TokenSet,
        now: DateTime<Utc>,
        allow_unexpired_fallback: bool,
    ) -> Result<TokenSet> {
        if current.refresh_token.is_none()
            && let Some(extended) = long_lived::extend(&self.http, &self.client, &current).await
        {
            // Threads extends its long-lived tokens with the token itself.
            return match extended {
                Ok(fresh) => {
                    self.store.put(account, &fresh).await?;
                    Ok(fresh)
                }
                Err(e)
                    if allow_unexpired_fallback
                        && e.is_retryable()
                        && !current.expires_within(now, Duration::ZERO) =>
                {
                    Ok(current)
                }
                Err(e) => Err(e),
            };
        }
        let Some(refresh_token) = current.refresh_token.clone() else {
            return Err(Error::ReauthRequired {
                message: "the access token expired and no refresh token is stored".to_owned(),
            });
        };
        match refresh(&self.http, &self.client, &refresh_token, now).await {
            Ok(mut fresh) => {
                if fresh.scopes.is_empty() {
                    fresh.scopes = current.scopes.clone();
                }
                self.store.put(account, &fresh).await?;
                Ok(fresh)
            }
            Err(e) if e.code() == "reauth_required" => {
                match self.store.get(account).await? {
                    // Another process rotated the refresh token meanwhile: use its result.
                    Some(stored)
                        if stored.refresh_token.as_ref() != Some(&refresh_token)
                            && !stored.expires_within(now, self.skew) =>
                    {
                        Ok(stored)
                    }
                    Some(stored) if stored.refresh_token.as_ref() == Some(&refresh_token) => {
                        self.store.delete(account).await?;
                        Err(e)
                    }
                    _ => Err(e),
                }
            }
            Err(e)
                if allow_unexpired_fallback
                    && e.is_retryable()
                    && !current.expires_within(now, Duration::ZERO) =>
            {
                Ok(current)
            }
            Err(e) => Err(e),
        }
    }

    fn lock_for(&self, account: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self.locks.lock().unwrap_or_else(|p| p.into_inner());
        locks.entry(account.to_owned()).or_default().clone()
    }

    /// Drops `account`'s lock from the map once nobody else holds or awaits it, so the map
    /// does not grow with every account ever seen.
    fn release(&self, account: &str, lock: Arc<tokio::sync::Mutex<()>>) {
        let mut locks = self.locks.lock().unwrap_or_else(|p| p.into_inner());
        // One reference in the map, one here: no other task can reach it (cloning happens
        // under this same map lock).
        if Arc::strong_count(&lock) == 2 {
            locks.remove(account);
        }
    }
}

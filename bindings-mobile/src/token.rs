//! Tokens kept in the host's own storage: [`SealedStore`], the interface the app implements
//! (Kotlin `interface SealedStore` with `suspend` methods, Swift `protocol SealedStore` with
//! `async throws` methods), and [`TokenManager`], the core's
//! [`brandpilot::token::TokenManager`] built on it.
//!
//! The host stores one opaque text per account (`bp1.<key_id>.<nonce>.<ciphertext>`, what a
//! database keeps in one text column): every `TokenSet` is sealed with the vault
//! (AES-256-GCM, bound to its account) before the host's store sees it, so the store never
//! holds a token in the clear.
//!
//! Bridging: the manager's work runs on the binding's tokio runtime ([`run`]). When the core
//! needs the store, a tokio worker calls the foreign method through uniffi's vtable; Kotlin
//! starts a coroutine for it (uniffi uses `GlobalScope`, i.e. `Dispatchers.Default`) and
//! completes a Rust oneshot channel when it returns, so no tokio thread blocks on the host.
//! A host whose store blocks (JDBC, files) should switch to `Dispatchers.IO` inside its
//! methods. Cancelling the awaiting coroutine drops the Rust future, which aborts the task and
//! cancels a pending store coroutine.
//!
//! Errors: whatever the host's store throws (a `BrandpilotException`, any other exception,
//! uniffi's `UnexpectedUniFFICallbackError`) becomes `BrandpilotException.Storage`
//! (retryable); text in the store that is not a sealed set of this account is `InvalidInput`
//! at `sealed`. No token is ever part of an error message.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use brandpilot::Secret;
use brandpilot::platform::oauth::{OAuthClientSpec, TokenSet};
use brandpilot::token::VaultSpec;

use crate::runtime::{http, run};
use crate::{BrandpilotError, guard, json};

/// The host's storage of sealed token sets, one opaque string per account id (the host's own
/// key, e.g. `user:42/linkedin`). Implement it over a database table, the Keychain, encrypted
/// preferences, ...; it only ever sees text sealed by the vault.
///
/// Called concurrently from the binding's runtime threads: implementations must be
/// thread-safe. Throw from a method (any exception) to report a failure: the manager's call
/// then fails with `BrandpilotException.Storage`.
#[uniffi::export(with_foreign)]
#[async_trait]
pub trait SealedStore: Send + Sync {
    /// The sealed text stored for `account`, or null when there is none.
    async fn get(&self, account: String) -> Result<Option<String>, BrandpilotError>;
    /// Stores (replaces) the sealed text of `account`.
    async fn put(&self, account: String, sealed: String) -> Result<(), BrandpilotError>;
    /// Forgets `account` (no error when nothing is stored).
    async fn delete(&self, account: String) -> Result<(), BrandpilotError>;
}

/// The host's [`SealedStore`] as the core's [`brandpilot::token::SealedStore`]: every failure
/// of the host becomes the core's `Storage` error.
struct HostStore(Arc<dyn SealedStore>);

/// The core's `Storage` error for a failed `operation` of the host's store.
fn storage(operation: &str, err: BrandpilotError) -> brandpilot::Error {
    let message = match err {
        BrandpilotError::Storage { message } => message,
        other => other.to_string(),
    };
    brandpilot::Error::Storage {
        message: format!("the host's SealedStore.{operation} failed: {message}"),
    }
}

#[async_trait]
impl brandpilot::token::SealedStore for HostStore {
    async fn get(&self, account: &str) -> brandpilot::Result<Option<String>> {
        self.0
            .get(account.to_owned())
            .await
            .map_err(|e| storage("get", e))
    }

    async fn put(&self, account: &str, sealed: String) -> brandpilot::Result<()> {
        self.0
            .put(account.to_owned(), sealed)
            .await
            .map_err(|e| storage("put", e))
    }

    async fn delete(&self, account: &str) -> brandpilot::Result<()> {
        self.0
            .delete(account.to_owned())
            .await
            .map_err(|e| storage("delete", e))
    }
}

/// Keeps the accounts of one OAuth app connected, with their tokens sealed in the host's
/// [`SealedStore`]: completes connections, hands out valid access tokens (refreshed ahead of
/// expiry, by default 5 minutes before), and refreshes after a 401.
///
/// **Single flight**: refreshes are serialised per account, so any number of concurrent
/// `accessToken` calls on an expired token cause one refresh request; all get its token.
///
/// Methods are Kotlin `suspend` / Swift `async`; time is an argument (`now`). A rejected
/// refresh, or an account with nothing stored, is `ReauthRequired` (the person must connect
/// again); the host store failing is `Storage`.
#[derive(uniffi::Object)]
pub struct TokenManager {
    inner: Arc<brandpilot::token::TokenManager>,
}

impl std::fmt::Debug for TokenManager {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.inner.fmt(f)
    }
}

/// `skew_seconds` as a [`Duration`]: finite and not negative.
fn skew(skew_seconds: Option<f64>) -> Result<Option<Duration>, BrandpilotError> {
    skew_seconds
        .map(|s| {
            Duration::try_from_secs_f64(s).map_err(|_| BrandpilotError::InvalidInput {
                field: "skew_seconds".into(),
                message: format!("must be a finite number of seconds >= 0, got {s}"),
            })
        })
        .transpose()
}

fn build(
    client: &OAuthClientSpec,
    vault: &VaultSpec,
    store: Arc<dyn SealedStore>,
    skew_seconds: Option<f64>,
) -> Result<Arc<TokenManager>, BrandpilotError> {
    let skew = skew(skew_seconds)?;
    let mut inner = brandpilot::token::TokenManager::for_host(
        http()?,
        client,
        vault,
        Arc::new(HostStore(store)),
    )?;
    if let Some(skew) = skew {
        inner = inner.with_skew(skew);
    }
    Ok(Arc::new(TokenManager {
        inner: Arc::new(inner),
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ManagerJson {
    client: OAuthClientSpec,
    vault: VaultSpec,
    #[serde(default)]
    skew_seconds: Option<f64>,
}

impl TokenManager {
    /// The core manager, shared with the platform clients it serves.
    pub(crate) fn core(&self) -> Arc<brandpilot::token::TokenManager> {
        Arc::clone(&self.inner)
    }
}

#[uniffi::export]
impl TokenManager {
    /// A manager for `client`'s accounts, sealing with `vault` into the host's `store`;
    /// tokens expiring within `skew_seconds` (default 300) are refreshed.
    ///
    /// Throws `InvalidInput` at `client.<field>` (`client.provider` for an unknown preset),
    /// `vault.keys.<id>` (not base64 of 32 bytes), `vault.current_key_id`, or `skew_seconds`
    /// (negative, NaN or infinite).
    #[uniffi::constructor(default(skew_seconds = None))]
    pub fn new(
        client: OAuthClientSpec,
        vault: VaultSpec,
        store: Arc<dyn SealedStore>,
        skew_seconds: Option<f64>,
    ) -> Result<Arc<Self>, BrandpilotError> {
        guard(|| build(&client, &vault, store, skew_seconds))
    }

    /// The same from JSON text: `{"client", "vault", "skew_seconds"?}` (snake_case, as in the
    /// other languages). A value of the wrong type names its path (`client.provider`).
    #[uniffi::constructor]
    pub fn from_json(
        input_json: String,
        store: Arc<dyn SealedStore>,
    ) -> Result<Arc<Self>, BrandpilotError> {
        guard(|| {
            let ManagerJson {
                client,
                vault,
                skew_seconds,
            } = json::parse(&input_json)?;
            build(&client, &vault, store, skew_seconds)
        })
    }

    /// Completes a connection: exchanges the callback's `code` (with the flow's
    /// `code_verifier`) and stores the sealed tokens under `account`. A reconnect that brings
    /// no refresh token keeps the stored one. Returns the tokens.
    ///
    /// Throws `InvalidInput` at `code` / `code_verifier`, the token endpoint's errors
    /// (`Upstream` for a rejected code, `InvalidResponse`, `Network`, ...), or `Storage`.
    pub async fn connect(
        &self,
        account: String,
        code: String,
        code_verifier: String,
        now: DateTime<Utc>,
    ) -> Result<TokenSet, BrandpilotError> {
        let inner = Arc::clone(&self.inner);
        run(async move {
            Ok(inner
                .connect_with_verifier(&account, &code, &code_verifier, now)
                .await?)
        })
        .await
    }

    /// A valid access token for `account` at `now`: the stored one while it is fresh
    /// (no request), otherwise a refreshed one (one refresh per account at a time; the
    /// rotated set is stored). Throws `ReauthRequired` when nothing is stored or the refresh
    /// is rejected, `Storage` when the host's store fails, `InvalidInput` at `sealed` when the
    /// stored text does not open.
    pub async fn access_token(
        &self,
        account: String,
        now: DateTime<Utc>,
    ) -> Result<Secret, BrandpilotError> {
        let inner = Arc::clone(&self.inner);
        run(async move { Ok(inner.access_token(&account, now).await?) }).await
    }

    /// After the platform rejected `rejected_token` (HTTP 401): refreshes `account`, unless
    /// another call already replaced that token, whose replacement is returned. Errors as
    /// [`TokenManager::access_token`].
    pub async fn force_refresh(
        &self,
        account: String,
        rejected_token: Secret,
        now: DateTime<Utc>,
    ) -> Result<Secret, BrandpilotError> {
        let inner = Arc::clone(&self.inner);
        run(async move { Ok(inner.force_refresh(&account, &rejected_token, now).await?) }).await
    }

    /// The token set stored for `account` (opened), or null when none is stored. Throws
    /// `Storage` or `InvalidInput` at `sealed` as [`TokenManager::access_token`].
    pub async fn stored_tokens(
        &self,
        account: String,
    ) -> Result<Option<TokenSet>, BrandpilotError> {
        let inner = Arc::clone(&self.inner);
        run(async move { Ok(inner.store().get(&account).await?) }).await
    }

    /// Forgets `account`'s tokens (the host's `delete`), e.g. when the person disconnects.
    pub async fn disconnect(&self, account: String) -> Result<(), BrandpilotError> {
        let inner = Arc::clone(&self.inner);
        run(async move { Ok(inner.store().delete(&account).await?) }).await
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// A map-backed store that counts calls; `fail` makes every call throw, `garbage` makes
    /// `get` return text that is not sealed.
    #[derive(Default)]
    struct MapStore {
        rows: Mutex<HashMap<String, String>>,
        gets: AtomicUsize,
        puts: AtomicUsize,
        fail: bool,
        garbage: bool,
        panics: bool,
    }

    #[async_trait]
    impl SealedStore for MapStore {
        async fn get(&self, account: String) -> Result<Option<String>, BrandpilotError> {
            self.gets.fetch_add(1, Ordering::SeqCst);
            if self.panics {
                panic!("the store panicked");
            }
            if self.fail {
                return Err(BrandpilotError::Storage {
                    message: "database is down".into(),
                });
            }
            if self.garbage {
                return Ok(Some("not sealed".into()));
            }
            Ok(self.rows.lock().unwrap().get(&account).cloned())
        }

        async fn put(&self, account: String, sealed: String) -> Result<(), BrandpilotError> {
            self.puts.fetch_add(1, Ordering::SeqCst);
            if self.fail {
                return Err(BrandpilotError::Internal {
                    message: "disk full".into(),
                });
            }
            self.rows.lock().unwrap().insert(account, sealed);
            Ok(())
        }

        async fn delete(&self, account: String) -> Result<(), BrandpilotError> {
            self.rows.lock().unwrap().remove(&account);
            Ok(())
        }
    }

    fn client() -> OAuthClientSpec {
        serde_json::from_value(serde_json::json!({
            "provider": "linkedin", "client_id": "app", "redirect_uri": "https://app.example/cb",
            "base_url": "http://127.0.0.1:9"
        }))
        .unwrap()
    }

    fn vault() -> VaultSpec {
        serde_json::from_value(serde_json::json!({
            "current_key_id": "k1", "keys": {"k1": "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8="}
        }))
        .unwrap()
    }

    fn now() -> DateTime<Utc> {
        "2026-11-23T09:00:00Z".parse().unwrap()
    }

    fn field(err: BrandpilotError) -> String {
        match err {
            BrandpilotError::InvalidInput { field, .. } => field,
            other => panic!("expected InvalidInput, got {other:?}"),
        }
    }

    /// Seals `tokens` for `account` into `store` as the manager would.
    fn seed(store: &MapStore, account: &str, tokens: &TokenSet) {
        let sealed = vault()
            .to_vault()
            .unwrap()
            .seal_token_set(account, tokens)
            .unwrap();
        store.rows.lock().unwrap().insert(account.into(), sealed);
    }

    #[tokio::test]
    async fn a_fresh_token_comes_from_the_host_store_without_a_request() {
        let store = Arc::new(MapStore::default());
        let tokens = TokenSet::bearer("at-1".into())
            .with_refresh_token("rt-1".into())
            .expiring_in(now(), 3600);
        seed(&store, "ada", &tokens);
        let manager = TokenManager::new(client(), vault(), store.clone(), None).unwrap();
        // The base URL is a closed port: any request would fail.
        let token = manager.access_token("ada".into(), now()).await.unwrap();
        assert_eq!(token.expose(), "at-1");
        assert_eq!(
            manager.stored_tokens("ada".into()).await.unwrap(),
            Some(tokens)
        );
        let err = manager.access_token("bob".into(), now()).await.unwrap_err();
        assert_eq!(err.code(), "reauth_required", "{err:?}");
        manager.disconnect("ada".into()).await.unwrap();
        assert_eq!(manager.stored_tokens("ada".into()).await.unwrap(), None);
    }

    #[tokio::test]
    async fn host_failures_are_storage_and_garbage_is_invalid_input_at_sealed() {
        let failing = Arc::new(MapStore {
            fail: true,
            ..MapStore::default()
        });
        let manager = TokenManager::new(client(), vault(), failing.clone(), None).unwrap();
        let err = manager.access_token("ada".into(), now()).await.unwrap_err();
        assert!(
            matches!(&err, BrandpilotError::Storage { message } if message.contains("database is down") && message.contains("get")),
            "{err:?}"
        );
        assert!(err.is_retryable());
        let garbage = Arc::new(MapStore {
            garbage: true,
            ..MapStore::default()
        });
        let manager = TokenManager::new(client(), vault(), garbage, Some(60.0)).unwrap();
        let err = manager.access_token("ada".into(), now()).await.unwrap_err();
        assert_eq!(field(err), "sealed");
        // uniffi's unexpected callback error (a foreign exception of another type) too.
        let err = storage(
            "put",
            uniffi::UnexpectedUniFFICallbackError::new("java.lang.IllegalStateException: x").into(),
        );
        assert_eq!(err.code(), "storage");
    }

    #[tokio::test]
    async fn a_panicking_store_is_internal_and_the_runtime_survives() {
        let store = Arc::new(MapStore {
            panics: true,
            ..MapStore::default()
        });
        let manager = TokenManager::new(client(), vault(), store, None).unwrap();
        let err = manager.access_token("ada".into(), now()).await.unwrap_err();
        assert!(
            matches!(&err, BrandpilotError::Internal { message } if message.contains("the store panicked")),
            "{err:?}"
        );
        assert_eq!(run(async { Ok(1) }).await.unwrap(), 1);
    }

    #[test]
    fn bad_constructor_input_names_the_field() {
        let store: Arc<dyn SealedStore> = Arc::new(MapStore::default());
        let mut bad_client = client();
        bad_client.provider = brandpilot::platform::oauth::ProviderRef::Preset("myspace".into());
        let err = TokenManager::new(bad_client, vault(), store.clone(), None).unwrap_err();
        assert_eq!(field(err), "client.provider");
        let mut bad_vault = vault();
        bad_vault.keys.insert("k1".into(), "AAAA".into());
        let err = TokenManager::new(client(), bad_vault, store.clone(), None).unwrap_err();
        assert_eq!(field(err), "vault.keys.k1");
        for s in [-1.0, f64::NAN, f64::INFINITY] {
            let err = TokenManager::new(client(), vault(), store.clone(), Some(s)).unwrap_err();
            assert_eq!(field(err), "skew_seconds");
        }
        let ok = serde_json::json!({"client": {"provider": "x", "client_id": "a",
            "redirect_uri": "https://a.example/cb"}, "vault": {"current_key_id": "k1",
            "keys": {"k1": "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8="}}, "skew_seconds": 30});
        assert!(TokenManager::from_json(ok.to_string(), store.clone()).is_ok());
        let err = TokenManager::from_json(r#"{"client": {"provider": 5}}"#.into(), store.clone())
            .unwrap_err();
        assert_eq!(field(err), "client.provider");
        let err = TokenManager::from_json("[]".into(), store).unwrap_err();
        assert_eq!(field(err), "");
    }
}

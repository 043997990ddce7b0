//! The Node face of `brandpilot::token::TokenManager` over a host-implemented store: the
//! native half of the `TokenManager` class of `index.js`.
//!
//! The host's store is a JS object `{ get(account), put(account, sealed), delete(account) }`
//! whose methods may return a value or a Promise. `index.js` wraps it in one *dispatch*
//! function, `async (op, account, sealed) => reply`, which calls the method named `op` and
//! answers with one JSON text (the binding's boundary convention):
//!
//! ```text
//! {"ok": "bp1.…" | null}    the method's result (get: the sealed text or nothing)
//! {"error": "message"}      the method threw or its Promise rejected  -> `storage`
//! {"invalid": "message"}    get returned something that is not a string or null
//!                                                                -> `invalid_input` at `sealed`
//! ```
//!
//! Bridging (see [`JsSealedStore`]):
//!
//! ```text
//! tokio runtime thread (the core's TokenManager)      JS main thread
//! ──────────────────────────────────────────────      ──────────────
//! SealedStore::get(account)
//!   dispatch.call_with_return_value(("get", account)) ──► dispatch("get", account)
//!                                                          returns a Promise; napi attaches
//!   oneshot ◄──────────────────────────────────────────    then/catch and hands it back
//!   promise.await  ◄── settled on the JS thread ──────     store.get(account) settles
//!   parse the reply: Ok(Some(sealed)) / storage / invalid_input
//! ```
//!
//! The dispatch function is a napi `ThreadsafeFunction` created *weak* (unreferenced): it never
//! keeps the event loop alive by itself, so a process that used a `TokenManager` exits on its
//! own. While a call is in flight the loop is alive anyway (the pending Promise of the
//! manager's method holds it). The threadsafe function is released when the manager is
//! garbage-collected (the last `Arc` of the core manager drops it).

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use brandpilot::Secret;
use brandpilot::platform::oauth::OAuthClientSpec;
use brandpilot::token::{SealedStore, TokenManager, VaultSpec};
use chrono::{DateTime, Utc};
use napi::bindgen_prelude::{FnArgs, Function, Promise, PromiseRaw};
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{Env, Status};
use napi_derive::napi;
use serde::Deserialize;

use crate::convert::{from_json, to_json};
use crate::task::{call_async, http_client};
use crate::{error, guard};

/// The dispatch function's arguments: the method (`get`, `put`, `delete`), the account id,
/// and the sealed text for `put` (`null` otherwise).
type DispatchArgs = FnArgs<(String, String, Option<String>)>;

/// The dispatch function as a threadsafe function: called with [`DispatchArgs`] (no leading
/// error argument), returning a Promise of the JSON reply, weak (does not keep Node alive).
type Dispatch =
    ThreadsafeFunction<DispatchArgs, Promise<String>, DispatchArgs, Status, false, true>;

/// The reply of the dispatch function (see the module docs).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
enum Reply {
    /// The method's result: the sealed text for `get`, `null` otherwise.
    #[serde(rename = "ok")]
    Ok(Option<String>),
    /// The host's store failed with this message.
    #[serde(rename = "error")]
    Error(String),
    /// `get` returned a value that is not a sealed string (or null/undefined).
    #[serde(rename = "invalid")]
    Invalid(String),
}

/// A `storage` error (the host's store failed).
fn storage(message: impl Into<String>) -> brandpilot::Error {
    brandpilot::Error::Storage {
        message: message.into(),
    }
}

/// The host's JS store as the core's [`SealedStore`]: every call goes to the JS main thread
/// through the dispatch function and is awaited on the tokio runtime.
pub(crate) struct JsSealedStore {
    dispatch: Dispatch,
}

impl JsSealedStore {
    /// Calls `store[op](account, sealed?)` on the JS thread and awaits its settled reply.
    async fn call(
        &self,
        op: &'static str,
        account: &str,
        sealed: Option<String>,
    ) -> brandpilot::Result<Option<String>> {
        let (tx, rx) = tokio::sync::oneshot::channel::<napi::Result<Promise<String>>>();
        // Runs on the JS thread with what the dispatch function returned (or threw). Always
        // Ok: an Err here would become an uncaught exception in Node.
        let deliver = move |returned: napi::Result<Promise<String>>, _env: Env| {
            let _ = tx.send(returned);
            Ok(())
        };
        let args = FnArgs::from((op.to_owned(), account.to_owned(), sealed));
        let status = self.dispatch.call_with_return_value(
            args,
            ThreadsafeFunctionCallMode::NonBlocking,
            deliver,
        );
        if status != Status::Ok {
            return Err(storage(format!(
                "could not call the store's {op} on the JS thread ({status}; is Node shutting down?)"
            )));
        }
        let returned = rx.await.map_err(|_| {
            storage(format!(
                "the store's {op} was never called (the JS environment is shutting down)"
            ))
        })?;
        let promise =
            returned.map_err(|e| storage(format!("the store's {op} failed: {}", e.reason)))?;
        let text = promise
            .await
            .map_err(|e| storage(format!("the store's {op} failed: {}", e.reason)))?;
        match serde_json::from_str::<Reply>(&text) {
            Ok(Reply::Ok(value)) => Ok(value),
            Ok(Reply::Error(message)) => Err(storage(message)),
            Ok(Reply::Invalid(message)) => Err(brandpilot::Error::invalid("sealed", message)),
            Err(e) => Err(brandpilot::Error::internal(format!(
                "the store's dispatch function answered malformed JSON: {e}"
            ))),
        }
    }
}

#[async_trait]
impl SealedStore for JsSealedStore {
    async fn get(&self, account: &str) -> brandpilot::Result<Option<String>> {
        self.call("get", account, None).await
    }

    async fn put(&self, account: &str, sealed: String) -> brandpilot::Result<()> {
        self.call("put", account, Some(sealed)).await.map(drop)
    }

    async fn delete(&self, account: &str) -> brandpilot::Result<()> {
        self.call("delete", account, None).await.map(drop)
    }
}

/// Native half of the `TokenManager` class (`index.js` wraps it; its docs are in
/// `index.d.ts`): the core's `TokenManager` for one OAuth app, sealing every token set with
/// the vault before the host's store sees it. Arguments are JSON texts; results are JSON
/// texts (or the raw access token).
#[napi(js_name = "NativeTokenManager")]
pub struct NativeTokenManager {
    inner: Arc<TokenManager>,
}

impl NativeTokenManager {
    /// The core manager, shared with the platform clients it serves.
    pub(crate) fn inner(&self) -> Arc<TokenManager> {
        Arc::clone(&self.inner)
    }
}

#[napi]
impl NativeTokenManager {
    /// Builds a manager: `client` (an `OAuthClientSpec`), `vault` (a `VaultSpec`) and
    /// `skew_seconds` (whole seconds, or null for the default 300) as JSON texts, `dispatch`
    /// the wrapper's dispatch function over the host's store. Throws `invalid_input` with
    /// `field` (`client.provider`, `vault.keys.<id>`, `skew_seconds`, ...).
    #[napi(constructor)]
    pub fn new(
        env: Env,
        client: String,
        vault: String,
        dispatch: Function<DispatchArgs, Promise<String>>,
        skew_seconds: String,
    ) -> napi::Result<Self> {
        guard(&env, || {
            let dispatch: Dispatch = dispatch
                .build_threadsafe_function::<DispatchArgs>()
                .callee_handled::<false>()
                .weak::<true>()
                .build()?;
            let build = || -> brandpilot::Result<TokenManager> {
                let client: OAuthClientSpec = from_json(&client, "client")?;
                let vault: VaultSpec = from_json(&vault, "vault")?;
                let skew: Option<u64> = from_json(&skew_seconds, "skew_seconds")?;
                let store = Arc::new(JsSealedStore { dispatch });
                let manager = TokenManager::for_host(http_client()?, &client, &vault, store)?;
                Ok(match skew {
                    Some(seconds) => manager.with_skew(Duration::from_secs(seconds)),
                    None => manager,
                })
            };
            let manager = build().map_err(|e| error::to_js_err(&env, &e))?;
            Ok(NativeTokenManager {
                inner: Arc::new(manager),
            })
        })
    }

    /// Completes a connection: `account`, `code`, `code_verifier` and `now` as JSON texts;
    /// returns a Promise of the `TokenSet` as JSON text, stored (sealed) under `account`.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn connect<'env>(
        &self,
        env: &'env Env,
        account: String,
        code: String,
        code_verifier: String,
        now: String,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let manager = self.inner.clone();
        call_async(env, || {
            let account: String = from_json(&account, "account")?;
            let code: String = from_json(&code, "code")?;
            let code_verifier: String = from_json(&code_verifier, "code_verifier")?;
            let now: DateTime<Utc> = from_json(&now, "now")?;
            Ok(async move {
                let tokens = manager
                    .connect_with_verifier(&account, &code, &code_verifier, now)
                    .await?;
                to_json(&tokens)
            })
        })
    }

    /// A valid access token: `account` and `now` as JSON texts; returns a Promise of the
    /// token itself (not JSON), refreshed (once per account) when it expires within the skew.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn access_token<'env>(
        &self,
        env: &'env Env,
        account: String,
        now: String,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let manager = self.inner.clone();
        call_async(env, || {
            let account: String = from_json(&account, "account")?;
            let now: DateTime<Utc> = from_json(&now, "now")?;
            Ok(async move {
                let token = manager.access_token(&account, now).await?;
                Ok(token.expose().to_owned())
            })
        })
    }

    /// Refreshes after a 401: `account`, `rejected_token` and `now` as JSON texts; returns a
    /// Promise of the new access token itself (or the one another caller already obtained).
    #[napi(ts_return_type = "Promise<string>")]
    pub fn force_refresh<'env>(
        &self,
        env: &'env Env,
        account: String,
        rejected_token: String,
        now: String,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let manager = self.inner.clone();
        call_async(env, || {
            let account: String = from_json(&account, "account")?;
            let rejected: String = from_json(&rejected_token, "rejected_token")?;
            let now: DateTime<Utc> = from_json(&now, "now")?;
            Ok(async move {
                let token = manager
                    .force_refresh(&account, &Secret::new(rejected), now)
                    .await?;
                Ok(token.expose().to_owned())
            })
        })
    }

    /// A `NativePlatformClient` for `spec` (a `ClientSpec` as JSON text) whose tokens this
    /// manager keeps for `account` (JSON text): refreshed ahead of expiry and once on a 401.
    #[napi]
    pub fn platform_client(
        &self,
        env: Env,
        spec: String,
        account: String,
    ) -> napi::Result<crate::platform::NativePlatformClient> {
        self.client_for(&env, &spec, &account)
    }

    /// The stored token set: `account` as JSON text; returns a Promise of the `TokenSet` as
    /// JSON text, or of `null` when none is stored.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn tokens<'env>(
        &self,
        env: &'env Env,
        account: String,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let manager = self.inner.clone();
        call_async(env, || {
            let account: String = from_json(&account, "account")?;
            Ok(async move { to_json(&manager.store().get(&account).await?) })
        })
    }

    /// Test hook: reads `account` through the host's store, then panics on the tokio
    /// runtime, to prove the panic becomes a rejection with `code === 'internal'` and the
    /// manager keeps working. Hidden from the type declarations.
    #[napi(js_name = "_triggerPanic", skip_typescript)]
    pub fn trigger_panic<'env>(
        &self,
        env: &'env Env,
        account: String,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let manager = self.inner.clone();
        call_async(env, || {
            Ok(async move {
                let stored = manager.store().get(&account).await?;
                panic!(
                    "deliberate panic in TokenManager._triggerPanic (tokens stored: {})",
                    stored.is_some()
                )
            })
        })
    }
}

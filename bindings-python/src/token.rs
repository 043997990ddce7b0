//! The Python face of `brandpilot::token::TokenManager`: the host keeps the (sealed) tokens
//! in its own storage, a Python object with `get` / `put` / `delete` methods.
//!
//! **The store bridge** ([`PyStore`], the core's `SealedStore`). The core calls the store
//! from a task on the binding's tokio runtime. A Python method may take the GIL for as long
//! as it likes (a database round trip), so it is never called on a tokio worker thread:
//! each call runs in `tokio::task::spawn_blocking`, attached to the interpreter there, and
//! the tokio task awaits that blocking job. The store's methods therefore run on a worker
//! thread of the runtime's blocking pool, possibly several at once (one per account being
//! read or written concurrently), and must be thread-safe.
//!
//! A method may also be an `async def`: when it returns a coroutine, the coroutine is run
//! on the event loop of the awaitable call that led to it (`asyncio.run_coroutine_threadsafe`;
//! the blocking thread waits for it, the loop stays free), or, under a `*_blocking` call,
//! to completion on the worker thread with `asyncio.run`.
//!
//! A Python exception from the store becomes the core's `storage` error (`StorageError`,
//! retryable) carrying the exception's type name and message; `get` returning something
//! other than `str` or `None` is `invalid_input` at `sealed`, like text that does not open.
//! A panic anywhere on the way (in the blocking job included) is `internal`.
//!
//! Cancelling an awaitable aborts the manager's task, but a store method already running
//! on its worker thread runs to the end (Python code cannot be interrupted from outside).
//! The manager holds a strong reference to the store object for its whole life.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use brandpilot::platform::oauth::{OAuthClientSpec, TokenSet};
use brandpilot::token::{SealedStore, TokenManager, VaultSpec};
use brandpilot::{Error, Secret};
use chrono::{DateTime, Utc};
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::convert::from_py;
use crate::error::{panic_error, to_py_err};
use crate::guard;
use crate::runtime::{awaitable, blocking, http_client};

tokio::task_local! {
    /// The asyncio event loop of the awaitable call whose manager task is running, if any:
    /// where the store's `async def` methods run.
    static EVENT_LOOP: Arc<Py<PyAny>>;
}

/// The running asyncio event loop of the calling thread, if there is one.
pub(crate) fn running_loop(py: Python<'_>) -> Option<Arc<Py<PyAny>>> {
    py.import("asyncio")
        .and_then(|asyncio| asyncio.call_method0("get_running_loop"))
        .ok()
        .map(|event_loop| Arc::new(event_loop.unbind()))
}

/// Runs `f` attached to the interpreter on a thread of the runtime's blocking pool (never
/// on a tokio worker) and awaits it; a panic in `f` becomes `internal`.
pub(crate) async fn on_python_thread<T, F>(f: F) -> brandpilot::Result<T>
where
    F: FnOnce(Python<'_>) -> brandpilot::Result<T> + Send + 'static,
    T: Send + 'static,
{
    match tokio::task::spawn_blocking(move || Python::attach(f)).await {
        Ok(result) => result,
        Err(e) if e.is_panic() => Err(panic_error(e.into_panic().as_ref())),
        Err(e) => Err(Error::internal(format!(
            "the store call did not finish: {e}"
        ))),
    }
}

/// A store method's result, awaited if it is a coroutine (an `async def` method): on
/// `event_loop` when the call came from an awaitable, else with `asyncio.run` right here.
fn settle<'py>(
    py: Python<'py>,
    value: Bound<'py, PyAny>,
    event_loop: Option<&Py<PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let asyncio = py.import("asyncio")?;
    if !asyncio
        .call_method1("iscoroutine", (&value,))?
        .is_truthy()?
    {
        return Ok(value);
    }
    match event_loop {
        // Blocks this (blocking-pool) thread, GIL released, until the loop ran it.
        Some(event_loop) => asyncio
            .call_method1("run_coroutine_threadsafe", (value, event_loop))?
            .call_method0("result"),
        None => asyncio.call_method1("run", (value,)),
    }
}

/// The `storage` error for an exception raised by the store's `method`: its type name and
/// message (the host's text; the store only ever handles sealed strings).
fn storage_error(py: Python<'_>, method: &str, err: &PyErr) -> Error {
    let kind = err
        .get_type(py)
        .name()
        .map_or_else(|_| "Exception".to_owned(), |n| n.to_string());
    let message = err
        .value(py)
        .str()
        .map_or_else(|_| String::new(), |s| s.to_string());
    let message = if message.is_empty() {
        format!("the token store's {method} raised {kind}")
    } else {
        format!("the token store's {method} raised {kind}: {message}")
    };
    Error::Storage { message }
}

/// The host's store object as the core's `SealedStore` (see the module docs).
struct PyStore {
    obj: Arc<Py<PyAny>>,
}

impl PyStore {
    /// Calls `method` with `args` on the store (on a blocking-pool thread), awaits a
    /// coroutine result, converts the result with `convert`.
    async fn call<A, T, C>(
        &self,
        method: &'static str,
        args: A,
        convert: C,
    ) -> brandpilot::Result<T>
    where
        A: for<'py> pyo3::call::PyCallArgs<'py> + Send + 'static,
        C: FnOnce(&Bound<'_, PyAny>) -> brandpilot::Result<T> + Send + 'static,
        T: Send + 'static,
    {
        let obj = Arc::clone(&self.obj);
        let event_loop = EVENT_LOOP.try_with(Arc::clone).ok();
        on_python_thread(move |py| {
            let result = obj
                .bind(py)
                .call_method1(method, args)
                .and_then(|value| settle(py, value, event_loop.as_deref()))
                .map_err(|e| storage_error(py, method, &e))?;
            convert(&result)
        })
        .await
    }
}

#[async_trait]
impl SealedStore for PyStore {
    async fn get(&self, account: &str) -> brandpilot::Result<Option<String>> {
        self.call("get", (account.to_owned(),), |value| {
            if value.is_none() {
                return Ok(None);
            }
            let type_name = value
                .get_type()
                .name()
                .map_or_else(|_| "?".to_owned(), |n| n.to_string());
            match value.cast::<PyString>() {
                Ok(s) => s.extract::<String>().map(Some).map_err(|_| {
                    Error::invalid("sealed", "the token store's get returned an invalid str")
                }),
                Err(_) => Err(Error::invalid(
                    "sealed",
                    format!("the token store's get returned {type_name}, expected str or None"),
                )),
            }
        })
        .await
    }

    async fn put(&self, account: &str, sealed: String) -> brandpilot::Result<()> {
        self.call("put", (account.to_owned(), sealed), |_| Ok(()))
            .await
    }

    async fn delete(&self, account: &str) -> brandpilot::Result<()> {
        self.call("delete", (account.to_owned(),), |_| Ok(())).await
    }
}

/// `skew_seconds` of the constructor, read strictly like every other input (a `from_py_with`
/// extractor so the default stays the plain literal `300.0` in the signature).
fn strict_skew(obj: &Bound<'_, PyAny>) -> PyResult<f64> {
    guard(|| from_py(obj, "skew_seconds").map_err(|e| to_py_err(&e)))
}

/// Checks that `store` has callable `get`, `put` and `delete` methods.
fn check_store(store: &Bound<'_, PyAny>) -> brandpilot::Result<()> {
    for method in ["get", "put", "delete"] {
        let callable = store
            .getattr(method)
            .map(|m| m.is_callable())
            .unwrap_or(false);
        if !callable {
            return Err(Error::invalid(
                "store",
                format!("must have a callable `{method}` method (get, put and delete)"),
            ));
        }
    }
    Ok(())
}

/// Keeps the accounts of one OAuth app connected, with the tokens in the host's storage.
///
/// `TokenManager(client, vault, store, *, skew_seconds=300.0)`: `client` is an
/// `OAuthClientSpec` dict, `vault` a `VaultSpec` dict, `store` the host's storage of sealed
/// strings by account id: an object with plain methods `get(account) -> str | None`,
/// `put(account, sealed) -> None` and `delete(account) -> None` (what a host keeps in one
/// text column). Every token set is sealed (AES-256-GCM, bound to its account) before the
/// store sees it. The store's methods are called on a worker thread of brandpilot's runtime,
/// possibly concurrently: they must be thread-safe. They may be `async def` (run on the
/// caller's event loop under the awaitable methods, with `asyncio.run` under the `_blocking`
/// ones). An exception from the store raises `StorageError` (type name and message of the
/// exception); `get` returning text that does not open raises `InvalidInputError` at
/// `sealed`.
///
/// Access tokens are refreshed `skew_seconds` before they expire, once per account however
/// many callers ask at the same time. Each method is awaitable (a coroutine) with a
/// `_blocking` form that waits with the GIL released. Raises `InvalidInputError` on bad
/// constructor input (`.field` e.g. `client.provider`, `vault.keys.k1`, `store`,
/// `skew_seconds`).
#[pyclass(name = "TokenManager", module = "brandpilot", frozen)]
pub struct PyTokenManager {
    pub(crate) inner: Arc<TokenManager>,
    /// The refresh skew, for `repr`.
    skew_seconds: f64,
}

impl fmt::Debug for PyTokenManager {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.fmt(f)
    }
}

/// The arguments of `connect`.
struct Connect {
    account: String,
    code: String,
    code_verifier: String,
    now: DateTime<Utc>,
}

/// The arguments of `access_token`.
struct Access {
    account: String,
    now: DateTime<Utc>,
}

/// The arguments of `force_refresh`.
struct Force {
    account: String,
    rejected: Secret,
    now: DateTime<Utc>,
}

fn read_connect(
    account: &Bound<'_, PyAny>,
    code: &Bound<'_, PyAny>,
    code_verifier: &Bound<'_, PyAny>,
    now: &Bound<'_, PyAny>,
) -> brandpilot::Result<Connect> {
    Ok(Connect {
        account: from_py(account, "account")?,
        code: from_py(code, "code")?,
        code_verifier: from_py(code_verifier, "code_verifier")?,
        now: from_py(now, "now")?,
    })
}

fn read_access(account: &Bound<'_, PyAny>, now: &Bound<'_, PyAny>) -> brandpilot::Result<Access> {
    Ok(Access {
        account: from_py(account, "account")?,
        now: from_py(now, "now")?,
    })
}

fn read_force(
    account: &Bound<'_, PyAny>,
    rejected_token: &Bound<'_, PyAny>,
    now: &Bound<'_, PyAny>,
) -> brandpilot::Result<Force> {
    Ok(Force {
        account: from_py(account, "account")?,
        rejected: Secret::new(from_py::<String>(rejected_token, "rejected_token")?),
        now: from_py(now, "now")?,
    })
}

async fn connect(m: Arc<TokenManager>, a: Connect) -> brandpilot::Result<TokenSet> {
    m.connect_with_verifier(&a.account, &a.code, &a.code_verifier, a.now)
        .await
}

async fn access_token(m: Arc<TokenManager>, a: Access) -> brandpilot::Result<Secret> {
    m.access_token(&a.account, a.now).await
}

async fn force_refresh(m: Arc<TokenManager>, a: Force) -> brandpilot::Result<Secret> {
    m.force_refresh(&a.account, &a.rejected, a.now).await
}

/// The arguments of an awaitable call: its own, and the caller's event loop.
pub(crate) type WithLoop<A> = (A, Option<Arc<Py<PyAny>>>);

/// Runs `work(ctx, args)` with the caller's running event loop (if any) in scope, so a host
/// store's `async def` methods run on that loop.
pub(crate) fn in_loop<C, A, T, Fut>(
    ctx: C,
    work: fn(C, A) -> Fut,
) -> impl FnOnce(brandpilot::http::HttpClient, WithLoop<A>) -> BoxedTask<T>
where
    Fut: std::future::Future<Output = brandpilot::Result<T>> + Send + 'static,
    C: 'static,
    A: 'static,
    T: 'static,
{
    move |_http, (args, event_loop)| match event_loop {
        Some(event_loop) => Box::pin(EVENT_LOOP.scope(event_loop, work(ctx, args))),
        None => Box::pin(work(ctx, args)),
    }
}

pub(crate) type BoxedTask<T> =
    std::pin::Pin<Box<dyn std::future::Future<Output = brandpilot::Result<T>> + Send>>;

#[pymethods]
impl PyTokenManager {
    /// Builds a manager; see the class docstring. Raises `InvalidInputError` with `.field`
    /// `client.*`, `vault.*`, `store` or `skew_seconds`.
    #[new]
    #[pyo3(signature = (client, vault, store, *, skew_seconds = 300.0))]
    fn new(
        client: &Bound<'_, PyAny>,
        vault: &Bound<'_, PyAny>,
        store: &Bound<'_, PyAny>,
        #[pyo3(from_py_with = strict_skew)] skew_seconds: f64,
    ) -> PyResult<Self> {
        guard(|| {
            let build = || -> brandpilot::Result<TokenManager> {
                let client: OAuthClientSpec = from_py(client, "client")?;
                let vault: VaultSpec = from_py(vault, "vault")?;
                check_store(store)?;
                let skew = Duration::try_from_secs_f64(skew_seconds).map_err(|_| {
                    Error::invalid("skew_seconds", "must be a finite number of seconds >= 0")
                })?;
                let sealed = Arc::new(PyStore {
                    obj: Arc::new(store.clone().unbind()),
                });
                Ok(
                    TokenManager::for_host(http_client()?, &client, &vault, sealed)?
                        .with_skew(skew),
                )
            };
            let inner = build().map_err(|e| to_py_err(&e))?;
            Ok(PyTokenManager {
                inner: Arc::new(inner),
                skew_seconds,
            })
        })
    }

    /// Completes a connection (awaitable; `connect_blocking` is the blocking form): exchanges
    /// the callback's `code` with the flow's `code_verifier` and stores the tokens, sealed,
    /// under `account` (a reconnect that brings no refresh token keeps the stored one).
    ///
    /// `now` is an RFC 3339 string or aware `datetime`. Returns the `TokenSet` dict. Raised
    /// by `await`: `InvalidInputError`, `ReauthRequiredError` (grant rejected),
    /// `StorageError`, and the token endpoint's errors as `oauth_exchange_code`.
    #[pyo3(signature = (account, code, code_verifier, now))]
    async fn connect(
        &self,
        account: Py<PyAny>,
        code: Py<PyAny>,
        code_verifier: Py<PyAny>,
        now: Py<PyAny>,
    ) -> PyResult<Py<PyAny>> {
        let m = Arc::clone(&self.inner);
        awaitable(
            move |py| {
                let args = read_connect(
                    account.bind(py),
                    code.bind(py),
                    code_verifier.bind(py),
                    now.bind(py),
                )?;
                Ok((args, running_loop(py)))
            },
            in_loop(m, connect),
        )
        .await
    }

    /// The blocking form of `connect`: waits with the GIL released. Same arguments, result
    /// and errors.
    #[pyo3(signature = (account, code, code_verifier, now))]
    fn connect_blocking<'py>(
        &self,
        py: Python<'py>,
        account: &Bound<'py, PyAny>,
        code: &Bound<'py, PyAny>,
        code_verifier: &Bound<'py, PyAny>,
        now: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let m = Arc::clone(&self.inner);
        blocking(
            py,
            || read_connect(account, code, code_verifier, now),
            move |_http, args| connect(m, args),
        )
    }

    /// A valid access token (str) for `account` at `now` (awaitable; `access_token_blocking`
    /// is the blocking form): the stored one, or, when it expires within the skew, a
    /// refreshed one. Concurrent callers for one account share a single refresh.
    ///
    /// Raised by `await`: `ReauthRequiredError` (no tokens stored, no refresh token, refresh
    /// rejected: the person must reconnect), `StorageError`, `InvalidInputError` (bad
    /// arguments; stored text that does not open: `.field == "sealed"`), and the token
    /// endpoint's errors as `oauth_refresh`.
    #[pyo3(signature = (account, now))]
    async fn access_token(&self, account: Py<PyAny>, now: Py<PyAny>) -> PyResult<Py<PyAny>> {
        let m = Arc::clone(&self.inner);
        awaitable(
            move |py| {
                let args = read_access(account.bind(py), now.bind(py))?;
                Ok((args, running_loop(py)))
            },
            in_loop(m, access_token),
        )
        .await
    }

    /// The blocking form of `access_token`: waits with the GIL released. Same arguments,
    /// result and errors.
    #[pyo3(signature = (account, now))]
    fn access_token_blocking<'py>(
        &self,
        py: Python<'py>,
        account: &Bound<'py, PyAny>,
        now: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let m = Arc::clone(&self.inner);
        blocking(
            py,
            || read_access(account, now),
            move |_http, args| access_token(m, args),
        )
    }

    /// After the platform answered 401 to `rejected_token`: refreshes `account` and returns
    /// the new access token (awaitable; `force_refresh_blocking` is the blocking form). If
    /// another caller already replaced that token, the replacement is returned without a
    /// request. Errors as `access_token`.
    #[pyo3(signature = (account, rejected_token, now))]
    async fn force_refresh(
        &self,
        account: Py<PyAny>,
        rejected_token: Py<PyAny>,
        now: Py<PyAny>,
    ) -> PyResult<Py<PyAny>> {
        let m = Arc::clone(&self.inner);
        awaitable(
            move |py| {
                let args = read_force(account.bind(py), rejected_token.bind(py), now.bind(py))?;
                Ok((args, running_loop(py)))
            },
            in_loop(m, force_refresh),
        )
        .await
    }

    /// The blocking form of `force_refresh`: waits with the GIL released. Same arguments,
    /// result and errors.
    #[pyo3(signature = (account, rejected_token, now))]
    fn force_refresh_blocking<'py>(
        &self,
        py: Python<'py>,
        account: &Bound<'py, PyAny>,
        rejected_token: &Bound<'py, PyAny>,
        now: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let m = Arc::clone(&self.inner);
        blocking(
            py,
            || read_force(account, rejected_token, now),
            move |_http, args| force_refresh(m, args),
        )
    }

    /// `TokenManager(provider=..., skew_seconds=...)`: never a token.
    fn __repr__(&self) -> String {
        format!(
            "TokenManager(provider={:?}, skew_seconds={:?})",
            self.inner.client().provider.name,
            self.skew_seconds
        )
    }
}

/// Test hook: a panic inside the store bridge's blocking job (where the store's methods run,
/// attached to the interpreter), on the shared runtime; raises `InternalError`.
#[pyfunction]
pub fn _trigger_panic_in_store(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    blocking(
        py,
        || Ok(()),
        |_http, ()| {
            on_python_thread(|_py| -> brandpilot::Result<()> {
                panic!("deliberate panic in the token store bridge")
            })
        },
    )
}

//! The async path of the binding, shared by every I/O export (OAuth today; platform clients
//! and the AI layer later).
//!
//! - One process-wide tokio runtime ([`runtime`]) and one process-wide
//!   [`HttpClient`] (`HttpConfig::default()`), both created lazily on first use, never one
//!   per call.
//! - Two helpers, one per calling convention, that every I/O export goes through:
//!   [`blocking`] (the `*_blocking` form: waits with the GIL released) and [`awaitable`]
//!   (the body of a `#[pyfunction] async fn`, i.e. a real Python coroutine).
//!
//! Both read the arguments while attached to the interpreter, run the core future as a task
//! on the shared runtime (never attached: no Python object ever enters a tokio task), and
//! convert the result back while attached again. Coded core errors become the same
//! `BrandpilotError` subclasses as in the sync functions; a panic while reading or
//! converting, or inside the task, becomes `InternalError` (code `internal`).
//!
//! Cancelling the coroutine (`task.cancel()`, `asyncio.wait_for` timing out) drops the
//! Python-side future, which aborts the tokio task and with it the HTTP request.

use std::future::Future;
use std::pin::Pin;
use std::sync::OnceLock;
use std::task::{Context, Poll};

use brandpilot::Error;
use brandpilot::http::{HttpClient, HttpConfig};
use pyo3::prelude::*;
use serde::Serialize;
use tokio::runtime::Runtime;
use tokio::task::JoinHandle;

use crate::error::{panic_error, to_py_err};
use crate::{convert, guard};

/// The process-wide runtime (multi-threaded, IO and time drivers on), created on first use.
pub(crate) fn runtime() -> brandpilot::Result<&'static Runtime> {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    if let Some(rt) = RUNTIME.get() {
        return Ok(rt);
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("brandpilot-io")
        .build()
        .map_err(|e| Error::internal(format!("cannot start the tokio runtime: {e}")))?;
    // Should two threads race here, the first stored runtime wins; the other one is dropped
    // before any task ran on it.
    Ok(RUNTIME.get_or_init(|| rt))
}

/// The process-wide HTTP client (a cheap `Arc` clone), created on first use.
pub(crate) fn http_client() -> brandpilot::Result<HttpClient> {
    static HTTP: OnceLock<HttpClient> = OnceLock::new();
    if let Some(client) = HTTP.get() {
        return Ok(client.clone());
    }
    // Built inside the runtime's context, should the HTTP stack ever need a reactor.
    let _context = runtime()?.enter();
    let client = HttpClient::new(HttpConfig::default())?;
    Ok(HTTP.get_or_init(|| client).clone())
}

/// A task on the shared runtime: awaiting it yields the task's result (a panic in the task
/// becomes an `internal` error); dropping it before it finished aborts the task.
pub(crate) struct Task<T>(JoinHandle<brandpilot::Result<T>>);

impl<T> Drop for Task<T> {
    fn drop(&mut self) {
        // A no-op when the task has finished.
        self.0.abort();
    }
}

impl<T> Future for Task<T> {
    type Output = brandpilot::Result<T>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.0).poll(cx).map(|joined| match joined {
            Ok(result) => result,
            Err(e) if e.is_panic() => Err(panic_error(e.into_panic().as_ref())),
            Err(e) => Err(Error::internal(format!("the task did not finish: {e}"))),
        })
    }
}

/// Starts `work(http, args)` as a task on the shared runtime, with the shared client.
fn spawn<A, T, Fut>(args: A, work: impl FnOnce(HttpClient, A) -> Fut) -> brandpilot::Result<Task<T>>
where
    Fut: Future<Output = brandpilot::Result<T>> + Send + 'static,
    T: Send + 'static,
{
    let rt = runtime()?;
    let http = http_client()?;
    Ok(Task(rt.spawn(work(http, args))))
}

/// The `*_blocking` form of an I/O export: read the arguments (attached), run
/// `work(http, args)` on the shared runtime and wait for it detached from the interpreter
/// (other Python threads run meanwhile), convert the result (attached).
pub(crate) fn blocking<'py, A, T, Fut>(
    py: Python<'py>,
    read: impl FnOnce() -> brandpilot::Result<A>,
    work: impl FnOnce(HttpClient, A) -> Fut,
) -> PyResult<Bound<'py, PyAny>>
where
    Fut: Future<Output = brandpilot::Result<T>> + Send + 'static,
    T: Serialize + Send + 'static,
{
    guard(|| {
        let args = read().map_err(|e| to_py_err(&e))?;
        let task = spawn(args, work).map_err(|e| to_py_err(&e))?;
        let rt = runtime().map_err(|e| to_py_err(&e))?;
        let out = py.detach(|| rt.block_on(task)).map_err(|e| to_py_err(&e))?;
        convert::to_py(py, &out)
    })
}

/// The body of an awaitable I/O export (`#[pyfunction] async fn`): on the first step of the
/// coroutine, read the arguments and start `work(http, args)` on the shared runtime; the
/// event loop stays free while it runs; then convert the result on the event loop's thread.
/// Every failure, bad input included, is raised by `await`, not by the call.
pub(crate) async fn awaitable<A, T, Fut>(
    read: impl FnOnce(Python<'_>) -> brandpilot::Result<A>,
    work: impl FnOnce(HttpClient, A) -> Fut,
) -> PyResult<Py<PyAny>>
where
    Fut: Future<Output = brandpilot::Result<T>> + Send + 'static,
    T: Serialize + Send + 'static,
{
    let task = Python::attach(|py| {
        guard(|| {
            let args = read(py).map_err(|e| to_py_err(&e))?;
            spawn(args, work).map_err(|e| to_py_err(&e))
        })
    })?;
    let out = task.await.map_err(|e| to_py_err(&e))?;
    Python::attach(|py| guard(|| convert::to_py(py, &out).map(Bound::unbind)))
}

//! The async path of the mobile binding: one process-wide tokio runtime, one process-wide
//! [`HttpClient`], and [`run`], the helper every async export goes through.
//!
//! uniffi turns an `async fn` export into a Kotlin `suspend fun` / Swift `async func` whose
//! Rust future is polled from the foreign side's threads. Those threads have no tokio
//! context, so [`run`] spawns the real work onto the binding's own runtime and awaits its
//! `JoinHandle` (which needs no runtime to be awaited). That gives, for every async export:
//!
//! - I/O on a tokio runtime (reqwest needs its reactor: "there is no reactor running"
//!   otherwise), created lazily on first use and shared by every call, never one per call;
//! - one [`HttpClient`] (its connection pool, limits and breaker state) shared by every call;
//! - a panic anywhere in the work, argument parsing included, reported as
//!   [`BrandpilotError::Internal`] (tokio catches it in the task; the runtime and the process
//!   keep running);
//! - cancellation: when the Kotlin coroutine is cancelled (or the Swift task), uniffi drops
//!   the future and the spawned task is aborted with it;
//! - core errors mapped exactly as in the sync exports (`BrandpilotError::from`).
//!
//! Because the work runs on this runtime, the exports do not need uniffi's
//! `async_runtime = "tokio"` wrapper (which would start a second, hidden runtime).

use std::future::Future;
use std::sync::LazyLock;

use brandpilot::http::{HttpClient, HttpConfig};
use tokio::runtime::Runtime;
use tokio::task::JoinHandle;

use crate::BrandpilotError;

/// Worker threads of the runtime: the work is I/O-bound, so two suffice on a phone and on a
/// server alike.
const WORKER_THREADS: usize = 2;

/// The process-wide runtime, built on first use. A build failure (the OS refusing threads)
/// is kept as text and reported by every call as `Internal`.
static RUNTIME: LazyLock<Result<Runtime, String>> = LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(WORKER_THREADS)
        .thread_name("brandpilot-rt")
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the tokio runtime: {e}"))
});

/// The process-wide HTTP client (`HttpConfig::default()`), built on first use.
static HTTP: LazyLock<Result<HttpClient, String>> = LazyLock::new(|| {
    HttpClient::new(HttpConfig::default()).map_err(|e| format!("cannot build the HTTP client: {e}"))
});

fn internal(message: &str) -> BrandpilotError {
    BrandpilotError::Internal {
        message: message.to_owned(),
    }
}

/// The shared [`HttpClient`] (a cheap clone of one `Arc`).
pub(crate) fn http() -> Result<HttpClient, BrandpilotError> {
    HTTP.as_ref().cloned().map_err(|e| internal(e))
}

/// Aborts the spawned task when the awaiting future is dropped (a cancelled coroutine).
struct AbortOnDrop<T>(JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Runs `work` on the shared runtime and returns its result: the one helper every async
/// export goes through. A panic in `work` becomes [`BrandpilotError::Internal`] with the
/// panic's message; core errors arrive already mapped (`?` on a `brandpilot::Result` inside
/// `work` converts them).
pub(crate) async fn run<T, F>(work: F) -> Result<T, BrandpilotError>
where
    T: Send + 'static,
    F: Future<Output = Result<T, BrandpilotError>> + Send + 'static,
{
    let runtime = RUNTIME.as_ref().map_err(|e| internal(e))?;
    let mut task = AbortOnDrop(runtime.spawn(work));
    match (&mut task.0).await {
        Ok(result) => result,
        Err(e) if e.is_panic() => Err(crate::panic_error(e.into_panic())),
        Err(_) => Err(internal("the brandpilot task was cancelled")),
    }
}

/// Test hook: panics inside an async export, so the foreign test suites can prove a panic
/// in async work reaches them as `Internal` and the process keeps running. Never call it
/// otherwise.
#[doc(hidden)]
#[uniffi::export]
pub async fn trigger_async_panic_for_test() -> Result<(), BrandpilotError> {
    run(async { panic!("trigger_async_panic_for_test") }).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_in_async_work_is_internal_and_the_runtime_survives() {
        let err = trigger_async_panic_for_test().await.unwrap_err();
        assert!(
            matches!(&err, BrandpilotError::Internal { message } if message.contains("trigger_async_panic_for_test")),
            "{err:?}"
        );
        assert_eq!(run(async { Ok(7) }).await.unwrap(), 7);
    }

    #[test]
    fn runs_without_any_ambient_runtime() {
        // A foreign thread: no tokio context at all, as when Kotlin polls the future.
        let out = futures_lite_block_on(run(async {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            Ok("slept")
        }));
        assert_eq!(out.unwrap(), "slept");
    }

    #[tokio::test]
    async fn dropping_the_future_aborts_the_task() {
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let fut = run(async move {
            let _tx = tx; // dropped (closing the channel) when the task is aborted
            std::future::pending::<Result<(), BrandpilotError>>().await
        });
        // Poll once so the task is spawned, then drop the future.
        let _ = tokio::time::timeout(std::time::Duration::from_millis(20), fut).await;
        // Without the abort the task would hold the sender forever: time out, then fail.
        let closed = tokio::time::timeout(std::time::Duration::from_secs(5), rx).await;
        assert!(
            matches!(closed, Ok(Err(_))),
            "the task was not aborted: {closed:?}"
        );
    }

    /// A minimal executor (one thread, no tokio): parks until woken.
    fn futures_lite_block_on<F: Future>(fut: F) -> F::Output {
        use std::sync::Arc;
        use std::task::{Context, Poll, Wake, Waker};
        struct Unpark(std::thread::Thread);
        impl Wake for Unpark {
            fn wake(self: Arc<Self>) {
                self.0.unpark();
            }
        }
        let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
        let mut cx = Context::from_waker(&waker);
        let mut fut = std::pin::pin!(fut);
        loop {
            match fut.as_mut().poll(&mut cx) {
                Poll::Ready(out) => return out,
                Poll::Pending => std::thread::park(),
            }
        }
    }
}

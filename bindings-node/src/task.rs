//! The async path: every async export goes through [`call_async`], and every one that does
//! HTTP uses the one [`http_client`].
//!
//! ```text
//! JS thread                          napi's tokio runtime (one per process)
//! ─────────                          ──────────────────────────────────────
//! call_async(env, || {
//!   parse the JSON arguments   ──►   the returned future runs here, panics caught
//!   Ok(async move { core … })        (CatchUnwind)
//! })                                          │
//! returns a Promise                           ▼
//!   resolved with JSON text   ◄──   settle(): back on the JS thread, the outcome becomes
//!   or rejected with the            the JSON text or the same coded `Error` object a sync
//!   coded Error                     function throws (error::to_js_err / from_panic)
//! ```
//!
//! Why not `#[napi] async fn`: its rejections can only carry a napi `Status` as `code`
//! (RECIPE-bindings.md, pitfall 5). Building the error object in the callback of
//! `Env::spawn_future_with_callback`, which runs on the JS thread, keeps `err.code`,
//! `err.field`, `err.retryAfter`, `err.status` and `err.retryable` identical to sync errors.
//!
//! Runtime: napi's `tokio_rt` feature owns one multi-thread tokio runtime for the process,
//! created lazily on first use; nothing here creates another. The HTTP client (connection
//! pools, rate-limit state) is likewise created once, lazily, inside that runtime.

use std::any::Any;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::OnceLock;
use std::task::{Context, Poll};

use brandpilot::http::{HttpClient, HttpConfig};
use napi::Env;
use napi::bindgen_prelude::PromiseRaw;

use crate::{error, guard};

/// The process-wide HTTP client every async export sends through: created on first use
/// (on a runtime thread), then shared (cloning it clones an `Arc`). A creation failure is
/// kept too, and reported as that error by every call.
pub(crate) fn http_client() -> brandpilot::Result<HttpClient> {
    static CLIENT: OnceLock<brandpilot::Result<HttpClient>> = OnceLock::new();
    CLIENT
        .get_or_init(|| HttpClient::new(HttpConfig::default()))
        .clone()
}

/// What a spawned future ended with: its result, or the payload of its panic.
type Outcome = Result<brandpilot::Result<String>, Box<dyn Any + Send>>;

/// The shape of every async function: on the JS thread, `body` parses the JSON arguments
/// and returns the future that does the work (its output is JSON text, or the raw text a
/// function returns); that future runs on napi's tokio runtime. Returns the Promise that
/// settles with the text, or rejects with the coded `Error` (a panic in the future becomes
/// `code === 'internal'`).
///
/// Errors in `body` itself (bad arguments, a panic while parsing) are returned as `Err`,
/// which napi throws synchronously; the JS wrapper (`index.js`) calls the native function
/// from an `async` function, so the caller sees every error as a rejection.
pub(crate) fn call_async<'env, F>(
    env: &'env Env,
    body: impl FnOnce() -> brandpilot::Result<F>,
) -> napi::Result<PromiseRaw<'env, String>>
where
    F: Future<Output = brandpilot::Result<String>> + Send + 'static,
{
    guard(env, || {
        let work = body().map_err(|e| error::to_js_err(env, &e))?;
        let caught = CatchUnwind(Box::pin(work));
        env.spawn_future_with_callback(async move { Ok(caught.await) }, settle)
    })
}

/// Turns an [`Outcome`] into the Promise's value, or into the rejection (an `Err` holding
/// the JS `Error` object). Runs on the JS thread.
fn settle(env: &Env, outcome: Outcome) -> napi::Result<String> {
    match outcome {
        Ok(Ok(text)) => Ok(text),
        Ok(Err(e)) => Err(error::to_js_err(env, &e)),
        Err(payload) => Err(error::from_panic(env, payload)),
    }
}

/// A future that resolves to `Err(panic payload)` instead of unwinding when polling `F`
/// panics, so a panic in the core becomes a rejection rather than napi's generic one (or
/// worse). Boxing `F` makes it `Unpin`, so no unsafe pin projection is needed.
struct CatchUnwind<F>(Pin<Box<F>>);

impl<F: Future<Output = brandpilot::Result<String>>> Future for CatchUnwind<F> {
    type Output = Outcome;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Outcome> {
        let inner = self.0.as_mut();
        match catch_unwind(AssertUnwindSafe(|| inner.poll(cx))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(result)) => Poll::Ready(Ok(result)),
            Err(payload) => Poll::Ready(Err(payload)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Polls `fut` to completion on the current thread (the futures here never wait).
    fn run<F: Future>(fut: F) -> F::Output {
        let mut fut = Box::pin(fut);
        let mut cx = Context::from_waker(std::task::Waker::noop());
        loop {
            if let Poll::Ready(v) = fut.as_mut().poll(&mut cx) {
                return v;
            }
        }
    }

    #[test]
    fn results_pass_through() {
        let ok = run(CatchUnwind(Box::pin(async { Ok("[]".to_owned()) })));
        assert_eq!(ok.unwrap().unwrap(), "[]");
        let err = run(CatchUnwind(Box::pin(async {
            Err(brandpilot::Error::invalid("code", "must not be empty"))
        })));
        assert_eq!(err.unwrap().unwrap_err().field(), Some("code"));
    }

    #[test]
    fn a_panic_becomes_its_payload() {
        let boom = || -> brandpilot::Result<String> { panic!("boom") };
        let outcome = run(CatchUnwind(Box::pin(async move { boom() })));
        let payload = outcome.unwrap_err();
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"boom"));
    }

    #[test]
    fn the_http_client_is_shared() {
        assert!(http_client().is_ok());
        assert!(http_client().is_ok());
    }
}

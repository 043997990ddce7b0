//! Python binding of brandpilot: the extension module `brandpilot._brandpilot`, re-exported
//! by the pure-Python package `brandpilot`.
//!
//! A thin layer, mirroring the core's modules one file each: [`score`], [`goal`], [`schedule`],
//! [`content`], [`insight`], [`oauth`], [`token`] (the
//! `TokenManager` class over a host-implemented store); plus [`error`] (the whole error mapping), `convert`
//! (dicts in and out through serde) and `runtime` (the shared tokio runtime and HTTP client
//! behind every I/O function: an awaitable `name` and a blocking `name_blocking`).
//! Every function takes and returns plain dicts in the snake_case JSON shape of the core's
//! serde types, releases the GIL around the core call, and turns any panic into
//! `brandpilot.InternalError` instead of letting it cross into Python.

use std::panic::{AssertUnwindSafe, catch_unwind};

use pyo3::prelude::*;

pub mod content;
mod convert;
pub mod error;
pub mod goal;
pub mod insight;
pub mod oauth;
pub mod platform;
mod runtime;
pub mod schedule;
pub mod score;
pub mod token;

/// Runs a `#[pyfunction]` body, turning a panic into `InternalError` (code `internal`).
///
/// Without it a panic surfaces as pyo3's `PanicException`, a `BaseException` that
/// `except Exception` does not catch.
pub(crate) fn guard<T>(body: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|payload| Err(error::from_panic(payload)))
}

/// The shape of every function: read the arguments (holding the GIL), run the core without
/// it, convert the result to Python. Coded errors become `BrandpilotError` subclasses and
/// panics `InternalError`, via [`guard`].
pub(crate) fn call<'py, A, T>(
    py: Python<'py>,
    read: impl FnOnce() -> brandpilot::Result<A>,
    work: impl FnOnce(A) -> brandpilot::Result<T> + Send,
) -> PyResult<Bound<'py, PyAny>>
where
    A: Send,
    T: serde::Serialize + Send,
{
    guard(|| {
        let args = read().map_err(|e| error::to_py_err(&e))?;
        let out = py.detach(|| work(args)).map_err(|e| error::to_py_err(&e))?;
        convert::to_py(py, &out)
    })
}

/// Test hook: panics inside the boundary guard, to prove panics become `InternalError`.
#[pyfunction]
fn _trigger_panic() -> PyResult<()> {
    guard(|| panic!("deliberate panic from brandpilot._trigger_panic"))
}

/// Test hook: raises the example core error with `code` (see `brandpilot::Error::example`),
/// to prove every code maps onto its exception class with its attributes.
#[pyfunction]
fn _raise_example_error(code: &str) -> PyResult<()> {
    guard(|| {
        let err = brandpilot::Error::example(code).unwrap_or_else(|| {
            brandpilot::Error::invalid("code", format!("unknown code {code:?}"))
        });
        Err(error::to_py_err(&err))
    })
}

/// The body of [`_trigger_panic_async`]: panics inside a tokio task of the shared runtime.
async fn panicking_task(_http: brandpilot::http::HttpClient, (): ()) -> brandpilot::Result<()> {
    panic!("deliberate panic in a brandpilot tokio task")
}

/// Test hook: an awaitable whose task panics on the shared runtime, to prove such a panic
/// becomes `InternalError` on `await` (and that the runtime keeps serving other calls).
#[pyfunction]
async fn _trigger_panic_async() -> PyResult<Py<PyAny>> {
    runtime::awaitable(|_| Ok(()), panicking_task).await
}

/// Test hook: the blocking form of [`_trigger_panic_async`].
#[pyfunction]
fn _trigger_panic_async_blocking(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    runtime::blocking(py, || Ok(()), panicking_task)
}

/// The extension module `brandpilot._brandpilot`.
#[pymodule]
fn _brandpilot(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    error::register(m)?;
    m.add_function(wrap_pyfunction!(score::score_brand, m)?)?;
    m.add_function(wrap_pyfunction!(score::compare_analyses, m)?)?;
    m.add_function(wrap_pyfunction!(goal::evaluate_goal, m)?)?;
    m.add_function(wrap_pyfunction!(schedule::best_times, m)?)?;
    m.add_function(wrap_pyfunction!(schedule::plan, m)?)?;
    m.add_function(wrap_pyfunction!(content::analyze_content, m)?)?;
    m.add_function(wrap_pyfunction!(content::analyze_content_batch, m)?)?;
    m.add_function(wrap_pyfunction!(content::fit_engagement_model, m)?)?;
    m.add_function(wrap_pyfunction!(content::predict_engagement, m)?)?;
    m.add_function(wrap_pyfunction!(content::suggest_hashtags, m)?)?;
    m.add_function(wrap_pyfunction!(content::optimize_content, m)?)?;
    m.add_function(wrap_pyfunction!(insight::generate_insights, m)?)?;
    m.add_function(wrap_pyfunction!(insight::update_feedback, m)?)?;
    m.add_function(wrap_pyfunction!(insight::insight_digest, m)?)?;
    m.add_function(wrap_pyfunction!(insight::render_digest_html, m)?)?;
    m.add_function(wrap_pyfunction!(oauth::oauth_authorize_url, m)?)?;
    m.add_function(wrap_pyfunction!(oauth::oauth_start, m)?)?;
    m.add_function(wrap_pyfunction!(oauth::oauth_exchange_code, m)?)?;
    m.add_function(wrap_pyfunction!(oauth::oauth_exchange_code_blocking, m)?)?;
    m.add_function(wrap_pyfunction!(oauth::oauth_refresh, m)?)?;
    m.add_function(wrap_pyfunction!(oauth::oauth_refresh_blocking, m)?)?;
    m.add_function(wrap_pyfunction!(oauth::seal_token_set, m)?)?;
    m.add_function(wrap_pyfunction!(oauth::open_token_set, m)?)?;
    m.add_class::<token::PyTokenManager>()?;
    m.add_class::<platform::PyPlatformClient>()?;
    m.add_function(wrap_pyfunction!(_trigger_panic, m)?)?;
    m.add_function(wrap_pyfunction!(_trigger_panic_async, m)?)?;
    m.add_function(wrap_pyfunction!(_trigger_panic_async_blocking, m)?)?;
    m.add_function(wrap_pyfunction!(token::_trigger_panic_in_store, m)?)?;
    m.add_function(wrap_pyfunction!(_raise_example_error, m)?)?;
    Ok(())
}

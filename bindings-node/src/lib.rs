//! Node binding of brandpilot: the napi-rs addon behind the npm package `brandpilot`.
//!
//! A thin layer, mirroring the core's modules one file each: [`score`] (`scoreBrand`,
//! `compareAnalyses`), [`goal`] (`evaluateGoal`), [`schedule`] (`bestTimes`, `plan`) and
//! [`content`] (`analyzeContent`, `analyzeContentBatch`, `fitEngagementModel`,
//! `predictEngagement`, `suggestHashtags`, `optimizeContent`) and [`insight`]
//! (`generateInsights`, `updateFeedback`, `insightDigest`, `renderDigestHtml`) and
//! [`oauth`] (`oauthAuthorizeUrl`, `oauthStart`, `oauthExchangeCode`, `oauthRefresh`,
//! `sealTokenSet`, `openTokenSet`) and [`manager`] (the `TokenManager` class over the host's
//! own token store, called back through a threadsafe function); plus [`error`] (the whole error mapping), `convert`
//! (JSON text in and out through serde) and `task` (the async path: one helper every
//! async export goes through, napi's process-wide tokio runtime, the shared HTTP client).
//!
//! The package's public face is `index.js` / `index.mjs` / `index.d.ts`: plain objects in
//! the snake_case JSON shape of the core's serde types (only the function names are
//! camelCase), `Date` accepted wherever a time is expected. That wrapper passes each
//! argument to this addon as JSON text and parses the JSON text it returns (see `convert`
//! for why). Every export turns a panic into a thrown `Error` with `code === 'internal'`
//! instead of aborting Node; an async export turns it into a rejection with that error.

use std::panic::{AssertUnwindSafe, catch_unwind};

use napi::Env;
use napi::bindgen_prelude::PromiseRaw;
use napi_derive::napi;

pub mod content;
mod convert;
pub mod error;
pub mod goal;
pub mod insight;
pub mod manager;
pub mod oauth;
pub mod platform;
pub mod schedule;
pub mod score;
mod task;

/// Runs an exported function's body, turning a panic into a thrown `Error` with code
/// `internal` (a panic crossing the FFI boundary would abort the Node process).
pub(crate) fn guard<T>(env: &Env, body: impl FnOnce() -> napi::Result<T>) -> napi::Result<T> {
    catch_unwind(AssertUnwindSafe(body))
        .unwrap_or_else(|payload| Err(error::from_panic(env, payload)))
}

/// The shape of every function: run `body` (parse the JSON arguments, call the core,
/// serialise the result) inside [`guard`], mapping a coded error to the thrown `Error`.
pub(crate) fn call(
    env: &Env,
    body: impl FnOnce() -> brandpilot::Result<String>,
) -> napi::Result<String> {
    guard(env, || body().map_err(|e| error::to_js_err(env, &e)))
}

/// Builds (does not throw) the `invalid_input` error the JS wrapper throws when an argument
/// cannot become JSON (NaN, an invalid Date, a function, a cycle): the same mapping as every
/// other error, so all errors have one shape.
#[napi(js_name = "inputError", skip_typescript)]
pub fn input_error(env: &Env, field: String, message: String) -> napi::Error {
    error::to_js_err(env, &brandpilot::Error::invalid(field, message))
}

/// Test hook: panics inside the boundary guard, to prove a panic becomes a thrown `Error`
/// with `code === 'internal'`. Hidden from the type declarations.
#[napi(js_name = "_triggerPanic", skip_typescript)]
pub fn trigger_panic(env: &Env) -> napi::Result<()> {
    guard(env, || {
        panic!("deliberate panic from brandpilot._triggerPanic")
    })
}

/// Test hook: throws the example core error with `code` (`brandpilot::Error::example`), to
/// prove every code reaches JS with its properties. Hidden from the type declarations.
#[napi(js_name = "_throwExampleError", skip_typescript)]
pub fn throw_example_error(env: &Env, code: String) -> napi::Result<()> {
    guard(env, || {
        let err = brandpilot::Error::example(&code).unwrap_or_else(|| {
            brandpilot::Error::invalid("code", format!("unknown code {code:?}"))
        });
        Err(error::to_js_err(env, &err))
    })
}

/// Test hook: an async export whose future panics on napi's tokio runtime, to prove the
/// panic becomes a rejection with `code === 'internal'` and Node keeps running. Hidden from
/// the type declarations.
#[napi(js_name = "_triggerPanicAsync", skip_typescript)]
pub fn trigger_panic_async(env: &Env) -> napi::Result<PromiseRaw<'_, String>> {
    fn boom() -> brandpilot::Result<String> {
        panic!("deliberate panic from brandpilot._triggerPanicAsync")
    }
    task::call_async(env, || Ok(async { boom() }))
}

/// Test hook: an async export rejecting with the example core error with `code`, to prove
/// rejections carry the same properties as thrown errors. Hidden from the type declarations.
#[napi(js_name = "_rejectExampleError", skip_typescript)]
pub fn reject_example_error(env: &Env, code: String) -> napi::Result<PromiseRaw<'_, String>> {
    task::call_async(env, || {
        let err = brandpilot::Error::example(&code).unwrap_or_else(|| {
            brandpilot::Error::invalid("code", format!("unknown code {code:?}"))
        });
        Ok(async move { Err(err) })
    })
}

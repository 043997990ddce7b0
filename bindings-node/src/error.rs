//! The whole error mapping of the Node binding, in one place.
//!
//! JS sees plain `Error` objects carrying the core's stable machine-readable code:
//!
//! ```text
//! err instanceof Error   // true
//! err.code               // 'invalid_input' | 'internal' | ... (brandpilot::Error::code)
//! err.field              // 'snapshot.posts[3].metrics.likes', or null when not about one
//! err.message            // 'snapshot.posts[3].metrics.likes: must be >= 0'
//! err.retryAfter         // seconds until a retry may succeed, or null
//! err.status             // the platform's HTTP status (`upstream`, `invalid_response`), or null
//! err.retryable          // whether repeating the call later may succeed
//! ```
//!
//! Every [`brandpilot::Error`] is mapped by its [`code`](brandpilot::Error::code), so codes
//! added to the core later reach JS unchanged, with no edit here.

use std::any::Any;

use napi::bindgen_prelude::{JsObjectValue, JsValue};
use napi::{Env, Status};

/// Converts a core error into a JS `Error` object with `.code` and `.field` set, wrapped so
/// that returning it from an exported function throws exactly that object.
pub(crate) fn to_js_err(env: &Env, err: &brandpilot::Error) -> napi::Error {
    let build = || -> napi::Result<napi::Error> {
        let mut obj =
            env.create_error(napi::Error::new(Status::GenericFailure, err.to_string()))?;
        obj.set_named_property("code", err.code())?;
        obj.set_named_property("field", err.field())?;
        obj.set_named_property("retryAfter", err.retry_after().map(|d| d.as_secs_f64()))?;
        obj.set_named_property("status", err.status().map(u32::from))?;
        obj.set_named_property("retryable", err.is_retryable())?;
        Ok(napi::Error::from(obj.to_unknown()))
    };
    // Creating the object only fails when the JS engine is in trouble; then fall back to a
    // plain napi error (its `code` is napi's status, the message keeps ours).
    build().unwrap_or_else(|e| {
        napi::Error::new(
            Status::GenericFailure,
            format!("{err} (and creating the JS error failed: {e})"),
        )
    })
}

/// A JS `Error` with code `internal` for a panic caught at the boundary, carrying the panic
/// message.
pub(crate) fn from_panic(env: &Env, payload: Box<dyn Any + Send>) -> napi::Error {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic payload".to_owned());
    to_js_err(
        env,
        &brandpilot::Error::internal(format!("panic: {message}")),
    )
}

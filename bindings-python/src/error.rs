//! The whole error mapping of the Python binding, in one place.
//!
//! Python sees one exception hierarchy:
//!
//! ```text
//! Exception
//! └── brandpilot.BrandpilotError      .code, .field, .message, .retry_after, .status, .retryable
//!     ├── brandpilot.InvalidInputError         code "invalid_input"
//!     ├── brandpilot.InternalError             code "internal" (a bug, e.g. a caught panic)
//!     ├── brandpilot.RateLimitedError          code "rate_limited"
//!     ├── brandpilot.UpstreamError             code "upstream"
//!     ├── brandpilot.UpstreamUnavailableError  code "upstream_unavailable"
//!     ├── brandpilot.RequestTimeoutError       code "timeout"
//!     ├── brandpilot.NetworkError              code "network"
//!     ├── brandpilot.InvalidResponseError      code "invalid_response"
//!     ├── brandpilot.ReauthRequiredError       code "reauth_required"
//!     ├── brandpilot.StorageError              code "storage" (the host's token store failed)
//!     └── brandpilot.UnsupportedError          code "unsupported" (the platform cannot do it)
//! ```
//!
//! `.retry_after` is seconds (float) or None, `.status` the platform's HTTP status or None.
//! Every [`brandpilot::Error`] is mapped by its stable [`code`](brandpilot::Error::code). A
//! code without a subclass here (codes added to the core later) still raises
//! `BrandpilotError` with that `.code`, so no error is ever lost or mislabelled.

use std::any::Any;

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::PyType;

create_exception!(
    brandpilot,
    BrandpilotError,
    PyException,
    "Base class of every brandpilot error. `.code` is the stable machine-readable code \
     (`invalid_input`, `internal`, `rate_limited`, ...); `.field` is the path of the offending \
     input (`snapshot.posts[3].metrics.likes`) or None; `.retry_after` is seconds or None; \
     `.status` is the platform's HTTP status or None; `.retryable` says whether a retry may \
     succeed."
);
create_exception!(
    brandpilot,
    InvalidInputError,
    BrandpilotError,
    "The input is malformed or out of range (code `invalid_input`); `.field` names it."
);
create_exception!(
    brandpilot,
    InternalError,
    BrandpilotError,
    "A bug in brandpilot, such as a panic caught at the boundary (code `internal`)."
);
create_exception!(
    brandpilot,
    RateLimitedError,
    BrandpilotError,
    "A rate limit denies the call now (code `rate_limited`); `.retry_after` says when to retry."
);
create_exception!(
    brandpilot,
    UpstreamError,
    BrandpilotError,
    "The platform answered with an error status (code `upstream`); `.status` is it."
);
create_exception!(
    brandpilot,
    UpstreamUnavailableError,
    BrandpilotError,
    "The platform's circuit breaker is open: failed fast (code `upstream_unavailable`)."
);
create_exception!(
    brandpilot,
    RequestTimeoutError,
    BrandpilotError,
    "The request did not complete in time (code `timeout`)."
);
create_exception!(
    brandpilot,
    NetworkError,
    BrandpilotError,
    "The connection failed: refused, reset, DNS, TLS (code `network`)."
);
create_exception!(
    brandpilot,
    InvalidResponseError,
    BrandpilotError,
    "The platform's response did not parse (code `invalid_response`)."
);
create_exception!(
    brandpilot,
    ReauthRequiredError,
    BrandpilotError,
    "The stored grant no longer works; the person must reconnect (code `reauth_required`)."
);

create_exception!(
    brandpilot,
    StorageError,
    BrandpilotError,
    "The host's token store (a callback object) failed (code `storage`); usually transient."
);

create_exception!(
    brandpilot,
    UnsupportedError,
    BrandpilotError,
    "The platform cannot do this (check the client's capabilities first); retrying cannot help (code `unsupported`)."
);

/// (Python class name, its class, the code it stands for), one row per core code.
fn classes(py: Python<'_>) -> [(&'static str, Bound<'_, PyType>, &'static str); 11] {
    [
        (
            "InvalidInputError",
            py.get_type::<InvalidInputError>(),
            "invalid_input",
        ),
        ("InternalError", py.get_type::<InternalError>(), "internal"),
        (
            "RateLimitedError",
            py.get_type::<RateLimitedError>(),
            "rate_limited",
        ),
        ("UpstreamError", py.get_type::<UpstreamError>(), "upstream"),
        (
            "UpstreamUnavailableError",
            py.get_type::<UpstreamUnavailableError>(),
            "upstream_unavailable",
        ),
        (
            "RequestTimeoutError",
            py.get_type::<RequestTimeoutError>(),
            "timeout",
        ),
        ("NetworkError", py.get_type::<NetworkError>(), "network"),
        (
            "InvalidResponseError",
            py.get_type::<InvalidResponseError>(),
            "invalid_response",
        ),
        (
            "ReauthRequiredError",
            py.get_type::<ReauthRequiredError>(),
            "reauth_required",
        ),
        ("StorageError", py.get_type::<StorageError>(), "storage"),
        (
            "UnsupportedError",
            py.get_type::<UnsupportedError>(),
            "unsupported",
        ),
    ]
}

/// The exception class raised for `code`: a dedicated subclass where one exists, else the
/// base class (which still carries the code).
fn exception_type<'py>(py: Python<'py>, code: &str) -> Bound<'py, PyType> {
    classes(py)
        .into_iter()
        .find(|(_, _, c)| *c == code)
        .map_or_else(|| py.get_type::<BrandpilotError>(), |(_, ty, _)| ty)
}

/// Converts a core error into the matching Python exception, with `.code`, `.field`,
/// `.message` (the text without the field prefix), `.retry_after`, `.status` and
/// `.retryable` set on the instance.
pub(crate) fn to_py_err(err: &brandpilot::Error) -> PyErr {
    Python::attach(|py| {
        let exc = PyErr::from_type(exception_type(py, err.code()), err.to_string());
        let value = exc.value(py);
        let attrs = value
            .setattr("code", err.code())
            .and_then(|()| value.setattr("field", err.field()))
            .and_then(|()| value.setattr("message", err.message()))
            .and_then(|()| value.setattr("retry_after", err.retry_after().map(|d| d.as_secs_f64())))
            .and_then(|()| value.setattr("status", err.status()))
            .and_then(|()| value.setattr("retryable", err.is_retryable()));
        match attrs {
            Ok(()) => exc,
            Err(e) => e,
        }
    })
}

/// An `InternalError` for a panic caught at the boundary, carrying the panic message.
pub(crate) fn from_panic(payload: Box<dyn Any + Send>) -> PyErr {
    to_py_err(&panic_error(payload.as_ref()))
}

/// The core `internal` error for a caught panic (on the caller's thread or in a tokio task),
/// carrying the panic message.
pub(crate) fn panic_error(payload: &(dyn Any + Send)) -> brandpilot::Error {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic payload".to_owned());
    brandpilot::Error::internal(format!("panic: {message}"))
}

/// Registers the exception classes on the module, with class-level defaults for `.code`,
/// `.field`, `.message`, `.retry_after`, `.status` and `.retryable` (so the attributes exist
/// even on instances raised by Python code).
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let base = ("BrandpilotError", py.get_type::<BrandpilotError>(), "error");
    for (name, ty, code) in std::iter::once(base).chain(classes(py)) {
        ty.setattr("code", code)?;
        ty.setattr("field", py.None())?;
        ty.setattr("message", "")?;
        ty.setattr("retry_after", py.None())?;
        ty.setattr("status", py.None())?;
        ty.setattr("retryable", false)?;
        ty.setattr("__module__", "brandpilot")?;
        m.add(name, ty)?;
    }
    Ok(())
}

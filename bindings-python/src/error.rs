//! The whole error mapping of the Python binding, in one place.
//!
//! Python sees one exception hierarchy:
//!
//! ```text
//! Exception
//! └── brandpilot.BrandpilotError      .code: str, .field: str | None
//!     ├── brandpilot.InvalidInputError   code "invalid_input"
//!     └── brandpilot.InternalError       code "internal" (a bug, e.g. a caught panic)
//! ```
//!
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
     (`invalid_input`, `internal`, ...); `.field` is the path of the offending input \
     (`snapshot.posts[3].metrics.likes`) or None."
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

/// The exception class raised for `code`: a dedicated subclass where one exists, else the
/// base class (which still carries the code).
fn exception_type<'py>(py: Python<'py>, code: &str) -> Bound<'py, PyType> {
    match code {
        "invalid_input" => py.get_type::<InvalidInputError>(),
        "internal" => py.get_type::<InternalError>(),
        _ => py.get_type::<BrandpilotError>(),
    }
}

/// Converts a core error into the matching Python exception, with `.code`, `.field` and
/// `.message` (the text without the field prefix) set on the instance.
pub(crate) fn to_py_err(err: &brandpilot::Error) -> PyErr {
    Python::attach(|py| {
        let exc = PyErr::from_type(exception_type(py, err.code()), err.to_string());
        let value = exc.value(py);
        let attrs = value
            .setattr("code", err.code())
            .and_then(|()| value.setattr("field", err.field()))
            .and_then(|()| value.setattr("message", err.message()));
        match attrs {
            Ok(()) => exc,
            Err(e) => e,
        }
    })
}

/// An `InternalError` for a panic caught at the boundary, carrying the panic message.
pub(crate) fn from_panic(payload: Box<dyn Any + Send>) -> PyErr {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic payload".to_owned());
    to_py_err(&brandpilot::Error::internal(format!("panic: {message}")))
}

/// Registers the exception classes on the module, with class-level defaults for `.code`,
/// `.field` and `.message` (so the attributes exist even on instances raised by Python code).
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    for (name, ty, code) in [
        ("BrandpilotError", py.get_type::<BrandpilotError>(), "error"),
        (
            "InvalidInputError",
            py.get_type::<InvalidInputError>(),
            "invalid_input",
        ),
        ("InternalError", py.get_type::<InternalError>(), "internal"),
    ] {
        ty.setattr("code", code)?;
        ty.setattr("field", py.None())?;
        ty.setattr("message", "")?;
        ty.setattr("__module__", "brandpilot")?;
        m.add(name, ty)?;
    }
    Ok(())
}

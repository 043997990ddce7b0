//! Python objects in, Python objects out, through serde (pythonize): the core's serde types
//! stay the single source of truth for the shape of every dict.
//!
//! Two conversions happen here and nowhere else:
//! - deserialisation errors become `invalid_input` with the field path
//!   (`snapshot.posts[3].created_at`), found by `serde_path_to_error` in a second pass that
//!   only runs after the plain (faster, untracked) pass has failed;
//! - `datetime.datetime` and `datetime.date` objects anywhere in the input become ISO 8601
//!   strings. Aware datetimes are converted to UTC; **naive datetimes are rejected**
//!   (`invalid_input` naming the field), because guessing a time zone would silently shift
//!   every window. This walk only runs when the first, direct deserialisation fails, so
//!   inputs made of plain JSON values pay nothing for it.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyTuple, PyType};
use serde::Serialize;
use serde::de::DeserializeOwned;

use brandpilot::Error;

/// Deserialises `obj` into `T`; errors name the path below `field`.
pub(crate) fn from_py<T: DeserializeOwned>(
    obj: &Bound<'_, PyAny>,
    field: &str,
) -> Result<T, Error> {
    // Fast path without path tracking; on failure, deserialise again to find the path.
    if let Ok(value) = pythonize::depythonize(obj) {
        return Ok(value);
    }
    match deserialize(obj) {
        Ok(value) => Ok(value),
        Err(first) => match normalize_datetimes(obj, field)? {
            Some(converted) => deserialize(&converted).map_err(|e| path_error(field, e)),
            None => Err(path_error(field, first)),
        },
    }
}

/// Serialises a core output into plain dicts, lists, strings and numbers.
pub(crate) fn to_py<'py, T: Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, value).map_err(|e| {
        crate::error::to_py_err(&Error::internal(format!("cannot convert the output: {e}")))
    })
}

type PathError = serde_path_to_error::Error<pythonize::PythonizeError>;

fn deserialize<T: DeserializeOwned>(obj: &Bound<'_, PyAny>) -> Result<T, PathError> {
    let mut de = pythonize::Depythonizer::from_object(obj);
    serde_path_to_error::deserialize(&mut de)
}

fn path_error(field: &str, err: PathError) -> Error {
    let path = err.path().to_string();
    let full = if path == "." {
        field.to_owned()
    } else {
        join(field, &path)
    };
    Error::invalid(full, err.into_inner().to_string())
}

/// `join("snapshot", "posts[3].id") == "snapshot.posts[3].id"`, `join("obs", "[2]") == "obs[2]"`.
fn join(prefix: &str, rest: &str) -> String {
    match (prefix.is_empty(), rest.is_empty()) {
        (true, _) => rest.to_owned(),
        (_, true) => prefix.to_owned(),
        _ if rest.starts_with('[') => format!("{prefix}{rest}"),
        _ => format!("{prefix}.{rest}"),
    }
}

struct DateTypes {
    datetime: Py<PyType>,
    date: Py<PyType>,
    utc: Py<PyAny>,
}

fn date_types(py: Python<'_>) -> PyResult<&DateTypes> {
    static TYPES: PyOnceLock<DateTypes> = PyOnceLock::new();
    TYPES.get_or_try_init(py, || {
        let module = py.import("datetime")?;
        Ok(DateTypes {
            datetime: module.getattr("datetime")?.cast_into::<PyType>()?.unbind(),
            date: module.getattr("date")?.cast_into::<PyType>()?.unbind(),
            utc: module.getattr("timezone")?.getattr("utc")?.unbind(),
        })
    })
}

fn py_failure(field: &str, e: PyErr) -> Error {
    Error::invalid(field, format!("cannot read the value: {e}"))
}

/// A copy of `obj` with every date/datetime replaced by its ISO string, or `None` when
/// `obj` holds none (walks dicts, lists and tuples).
fn normalize_datetimes<'py>(
    obj: &Bound<'py, PyAny>,
    field: &str,
) -> Result<Option<Bound<'py, PyAny>>, Error> {
    let py = obj.py();
    let types = date_types(py).map_err(|e| Error::internal(e.to_string()))?;
    if obj.is_instance(types.datetime.bind(py)).unwrap_or(false) {
        let offset = obj
            .call_method0("utcoffset")
            .map_err(|e| py_failure(field, e))?;
        if offset.is_none() {
            return Err(Error::invalid(
                field,
                "is a naive datetime (no tzinfo); pass an aware one, e.g. \
                 datetime.now(timezone.utc) or dt.replace(tzinfo=timezone.utc)",
            ));
        }
        let iso = obj
            .call_method1("astimezone", (types.utc.bind(py),))
            .and_then(|utc| utc.call_method0("isoformat"))
            .map_err(|e| py_failure(field, e))?;
        return Ok(Some(iso));
    }
    if obj.is_instance(types.date.bind(py)).unwrap_or(false) {
        let iso = obj
            .call_method0("isoformat")
            .map_err(|e| py_failure(field, e))?;
        return Ok(Some(iso));
    }
    if let Ok(dict) = obj.cast::<PyDict>() {
        let mut copy: Option<Bound<'py, PyDict>> = None;
        for (key, value) in dict.iter() {
            let key_name = key.extract::<String>().unwrap_or_else(|_| "?".to_owned());
            if let Some(new) = normalize_datetimes(&value, &join(field, &key_name))? {
                let target = match &copy {
                    Some(c) => c,
                    None => copy.insert(dict.copy().map_err(|e| py_failure(field, e))?),
                };
                target
                    .set_item(&key, new)
                    .map_err(|e| py_failure(field, e))?;
            }
        }
        return Ok(copy.map(Bound::into_any));
    }
    let items: Vec<Bound<'py, PyAny>> = if let Ok(list) = obj.cast::<PyList>() {
        list.iter().collect()
    } else if let Ok(tuple) = obj.cast::<PyTuple>() {
        tuple.iter().collect()
    } else {
        return Ok(None);
    };
    let mut changed = false;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        match normalize_datetimes(&item, &format!("{field}[{i}]"))? {
            Some(new) => {
                changed = true;
                out.push(new);
            }
            None => out.push(item),
        }
    }
    if !changed {
        return Ok(None);
    }
    let list = PyList::new(py, out).map_err(|e| py_failure(field, e))?;
    Ok(Some(list.into_any()))
}

//! Python objects in, Python objects out: the core's serde types stay the single source of
//! truth for the shape of every dict.
//!
//! **In** ([`from_py`]): a strict serde `Deserializer` reads the Python object directly (no
//! intermediate copy) and accepts exactly the JSON data model, checked by type, never by
//! truthiness or `__index__`:
//!
//! | Python                              | JSON                                          |
//! |-------------------------------------|-----------------------------------------------|
//! | `None`                              | `null`                                        |
//! | `bool` (checked before `int`)       | `true` / `false`                              |
//! | `int`                               | a number, if it fits `i64` or `u64`           |
//! | `float`                             | a number, if finite (NaN and ±inf are errors) |
//! | `str`                               | a string (lone surrogates are errors)         |
//! | `list`, `tuple`                     | an array                                      |
//! | `dict` with `str` keys              | an object (any other key is an error)         |
//! | aware `datetime.datetime`           | its ISO 8601 string in UTC                    |
//! | `datetime.date`                     | its ISO 8601 string                           |
//!
//! The core types then decide: `"no"` where a bool is expected, `1.5`, `2.0` or `True` where
//! a count is expected, a `str` where a list is expected are all errors. Anything else,
//! naive datetimes (guessing a time zone would silently shift every window) and nesting
//! deeper than [`MAX_DEPTH`] are errors too. Every error is `invalid_input` with the field
//! path (`snapshot.posts[3].created_at`), found by `serde_path_to_error` in a second pass that
//! only runs after the plain (faster, untracked) pass has failed.
//!
//! **Out** ([`to_py`]): pythonize (plain dicts in the structs' field order). Going through
//! `serde_json::Value` measured slower and sorts the keys.

use std::fmt;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::iter::BoundDictIterator;
use pyo3::types::{
    PyBool, PyBytes, PyBytesMethods, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType,
};
use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, Visitor};
use serde::{Serialize, forward_to_deserialize_any};

use brandpilot::Error;

/// Containers (dicts, lists, tuples) nested deeper than this are rejected, so hostile input
/// cannot overflow the stack of the walk or of serde.
pub(crate) const MAX_DEPTH: usize = 200;

/// Deserialises `obj` into `T`; errors name the path below `field`.
pub(crate) fn from_py<T: DeserializeOwned>(
    obj: &Bound<'_, PyAny>,
    field: &str,
) -> Result<T, Error> {
    // Fast path without path tracking (it allocates a copy of every key); on failure,
    // deserialise again with tracking to find the path.
    if let Ok(value) = T::deserialize(Strict::new(obj)) {
        return Ok(value);
    }
    serde_path_to_error::deserialize(Strict::new(obj)).map_err(|e| path_error(field, e))
}

/// Serialises a core output into plain dicts, lists, strings and numbers (pythonize keeps
/// the structs' field order, and measured faster than going through `serde_json::Value`).
pub(crate) fn to_py<'py, T: Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, value).map_err(|e| {
        crate::error::to_py_err(&Error::internal(format!("cannot convert the output: {e}")))
    })
}

type PathError = serde_path_to_error::Error<DeError>;

fn path_error(field: &str, err: PathError) -> Error {
    let mut path = err.path().to_string();
    if err.inner().bad_key {
        // The key itself is bad: name the dict, not the unknown key (`?`) inside it.
        if let Some(dict) = path.strip_suffix('?') {
            path = match dict.strip_suffix('.') {
                Some(dict) if !dict.is_empty() => dict.to_owned(),
                _ => ".".to_owned(),
            };
        }
    }
    if path == "." {
        path.clear();
    }
    // `within` joins `field` and the path the way core errors are joined.
    Error::invalid(path, err.into_inner().to_string()).within(field)
}

/// A deserialisation error: the message only (the path is added by `serde_path_to_error`).
#[derive(Debug)]
pub(crate) struct DeError {
    message: String,
    /// A dict key that is not a `str` (or not valid Unicode): the path names the dict.
    bad_key: bool,
}

impl DeError {
    fn new(message: impl Into<String>) -> Self {
        DeError {
            message: message.into(),
            bad_key: false,
        }
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<M: fmt::Display>(msg: M) -> Self {
        DeError::new(msg.to_string())
    }
}

fn py_failure(e: PyErr) -> DeError {
    DeError::new(format!("cannot read the value: {e}"))
}

/// A strict serde `Deserializer` over one Python object (see the module docs for the
/// accepted types). `depth` counts the containers around it.
struct Strict<'a, 'py> {
    obj: &'a Bound<'py, PyAny>,
    depth: usize,
}

impl<'a, 'py> Strict<'a, 'py> {
    fn new(obj: &'a Bound<'py, PyAny>) -> Self {
        Strict { obj, depth: 0 }
    }

    /// The depth for the children of this container, or an error past [`MAX_DEPTH`].
    fn nested(&self) -> Result<usize, DeError> {
        if self.depth >= MAX_DEPTH {
            return Err(DeError::new(format!(
                "is nested more than {MAX_DEPTH} levels deep"
            )));
        }
        Ok(self.depth + 1)
    }
}

/// The UTF-8 encoding of `s`; a `str` that is not valid Unicode (lone surrogates) is an
/// error. (Under the abi3 API before Python 3.10 there is no borrowed UTF-8 view of a `str`.)
fn utf8<'py>(s: &Bound<'py, PyString>) -> Result<Bound<'py, PyBytes>, DeError> {
    s.encode_utf8().map_err(|e| {
        DeError::new(format!(
            "is not a valid Unicode string (it cannot be encoded as UTF-8: {e})"
        ))
    })
}

/// Calls `f` with the text of `s` (see [`utf8`]).
fn with_str<R>(
    s: &Bound<'_, PyString>,
    f: impl FnOnce(&str) -> Result<R, DeError>,
) -> Result<R, DeError> {
    let bytes = utf8(s)?;
    let text = std::str::from_utf8(bytes.as_bytes()).map_err(de::Error::custom)?;
    f(text)
}

impl<'de> Deserializer<'de> for Strict<'_, '_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let obj = self.obj;
        if let Ok(s) = obj.cast::<PyString>() {
            return with_str(s, |text| visitor.visit_str(text));
        }
        if let Ok(dict) = obj.cast::<PyDict>() {
            let depth = self.nested()?;
            return visitor.visit_map(DictAccess {
                iter: dict.iter(),
                value: None,
                depth,
            });
        }
        // bool before int: `bool` is a subclass of `int`.
        if let Ok(b) = obj.cast::<PyBool>() {
            return visitor.visit_bool(b.is_true());
        }
        if let Ok(int) = obj.cast::<PyInt>() {
            if let Ok(i) = int.extract::<i64>() {
                return visitor.visit_i64(i);
            }
            if let Ok(u) = int.extract::<u64>() {
                return visitor.visit_u64(u);
            }
            return Err(DeError::new(format!(
                "integer {} is out of range (it must fit in 64 bits)",
                int.str().map(|s| s.to_string()).unwrap_or_default()
            )));
        }
        if let Ok(float) = obj.cast::<PyFloat>() {
            let f = float.value();
            if !f.is_finite() {
                return Err(DeError::new(format!(
                    "must be a finite number, got {f} (JSON has no NaN or infinity)"
                )));
            }
            return visitor.visit_f64(f);
        }
        if let Ok(list) = obj.cast::<PyList>() {
            let depth = self.nested()?;
            return visitor.visit_seq(SeqAccess {
                iter: list.iter(),
                depth,
            });
        }
        if obj.is_none() {
            return visitor.visit_unit();
        }
        if let Ok(tuple) = obj.cast::<PyTuple>() {
            let depth = self.nested()?;
            return visitor.visit_seq(SeqAccess {
                iter: tuple.iter(),
                depth,
            });
        }
        let iso = date_or_datetime(obj)?;
        with_str(&iso, |text| visitor.visit_str(text))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.obj.is_none() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    /// A unit variant is a `str` (`"linkedin"`); a variant with data a dict with one key.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        if let Ok(s) = self.obj.cast::<PyString>() {
            return with_str(s, |text| {
                visitor.visit_enum(de::IntoDeserializer::<DeError>::into_deserializer(text))
            });
        }
        if let Ok(dict) = self.obj.cast::<PyDict>()
            && dict.len() == 1
        {
            let depth = self.nested()?;
            return visitor.visit_enum(de::value::MapAccessDeserializer::new(DictAccess {
                iter: dict.iter(),
                value: None,
                depth,
            }));
        }
        Err(de::Error::invalid_type(
            de::Unexpected::Other(&type_name(self.obj)),
            &"a string or a dict with one key",
        ))
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

/// The items of a list or tuple.
struct SeqAccess<I> {
    iter: I,
    depth: usize,
}

impl<'de, 'py, I: Iterator<Item = Bound<'py, PyAny>>> de::SeqAccess<'de> for SeqAccess<I> {
    type Error = DeError;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, DeError> {
        match self.iter.next() {
            Some(item) => seed
                .deserialize(Strict {
                    obj: &item,
                    depth: self.depth,
                })
                .map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        self.iter.size_hint().1
    }
}

/// The entries of a dict; every key must be a `str`.
struct DictAccess<'py> {
    iter: BoundDictIterator<'py>,
    value: Option<Bound<'py, PyAny>>,
    depth: usize,
}

impl<'de> de::MapAccess<'de> for DictAccess<'_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some((key, value)) = self.iter.next() else {
            return Ok(None);
        };
        let Ok(key) = key.cast::<PyString>() else {
            let repr = key
                .repr()
                .map(|r| r.to_string())
                .unwrap_or_else(|_| "?".to_owned());
            return Err(DeError {
                message: format!(
                    "dict keys must be str, found the key {repr} of type {}",
                    type_name(&key)
                ),
                bad_key: true,
            });
        };
        self.value = Some(value);
        let bytes = utf8(key).map_err(|mut e| {
            e.bad_key = true;
            e
        })?;
        let text = std::str::from_utf8(bytes.as_bytes()).map_err(de::Error::custom)?;
        seed.deserialize(de::IntoDeserializer::<DeError>::into_deserializer(text))
            .map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, DeError> {
        let value = self
            .value
            .take()
            .ok_or_else(|| DeError::new("a dict value was read before its key".to_owned()))?;
        seed.deserialize(Strict {
            obj: &value,
            depth: self.depth,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".to_owned())
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

/// An aware datetime as its UTC ISO string, a date as its ISO string; anything else (the
/// last case of [`Strict::deserialize_any`]) is an unsupported type.
fn date_or_datetime<'py>(obj: &Bound<'py, PyAny>) -> Result<Bound<'py, PyString>, DeError> {
    let py = obj.py();
    let types = date_types(py).map_err(py_failure)?;
    let iso = if obj.is_instance(types.datetime.bind(py)).unwrap_or(false) {
        let offset = obj.call_method0("utcoffset").map_err(py_failure)?;
        if offset.is_none() {
            return Err(DeError::new(
                "is a naive datetime (no tzinfo); pass an aware one, e.g. \
                 datetime.now(timezone.utc) or dt.replace(tzinfo=timezone.utc)"
                    .to_owned(),
            ));
        }
        obj.call_method1("astimezone", (types.utc.bind(py),))
            .and_then(|utc| utc.call_method0("isoformat"))
            .map_err(py_failure)?
    } else if obj.is_instance(types.date.bind(py)).unwrap_or(false) {
        obj.call_method0("isoformat").map_err(py_failure)?
    } else {
        return Err(DeError::new(format!(
            "unsupported type {}: expected None, bool, int, float, str, list, tuple, dict, \
             datetime or date",
            type_name(obj)
        )));
    };
    iso.cast_into::<PyString>()
        .map_err(|e| py_failure(e.into()))
}

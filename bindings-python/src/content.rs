//! The Python face of `brandpilot::content`: `analyze_content` and `analyze_content_batch`.

use brandpilot::content;
use brandpilot::model::Platform;
use pyo3::prelude::*;

use crate::convert::{from_py, to_py};
use crate::error::to_py_err;
use crate::guard;

/// Everything brandpilot reads from one post for one platform.
///
/// `text` is the post (a `str`), `platform` a platform slug (`"linkedin"`, `"x"`, ...).
/// Returns a `ContentAnalysis` dict: entities, length against the platform's limit,
/// readability, sentiment, structure, issues (most severe first) and a 0–100 quality score.
/// Raises `InvalidInputError` (`.field` `text` or `platform`) on bad input, e.g. an empty,
/// whitespace-only or oversized text. Deterministic; releases the GIL.
#[pyfunction]
#[pyo3(signature = (text, platform))]
pub fn analyze_content<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyAny>,
    platform: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    guard(|| {
        let parse = || -> brandpilot::Result<(String, Platform)> {
            Ok((from_py(text, "text")?, from_py(platform, "platform")?))
        };
        let (text, platform) = parse().map_err(|e| to_py_err(&e))?;
        let analysis = py
            .detach(|| content::analyze(&text, platform))
            .map_err(|e| to_py_err(&e))?;
        to_py(py, &analysis)
    })
}

/// [`analyze_content`] on many posts for one platform.
///
/// `texts` is a list of `str`, `platform` a platform slug. Returns a list of
/// `ContentAnalysis` dicts, in the order of `texts`. An invalid text fails the whole batch
/// with `InvalidInputError` naming its index (`.field == "texts[3]"`). Deterministic;
/// releases the GIL.
#[pyfunction]
#[pyo3(signature = (texts, platform))]
pub fn analyze_content_batch<'py>(
    py: Python<'py>,
    texts: &Bound<'py, PyAny>,
    platform: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    guard(|| {
        let parse = || -> brandpilot::Result<(Vec<String>, Platform)> {
            Ok((from_py(texts, "texts")?, from_py(platform, "platform")?))
        };
        let (texts, platform) = parse().map_err(|e| to_py_err(&e))?;
        let analyses = py
            .detach(|| content::analyze_batch(&texts, platform))
            .map_err(|e| to_py_err(&e))?;
        to_py(py, &analyses)
    })
}

//! The Python face of `brandpilot::score`: `score_brand` and `compare_analyses`.

use brandpilot::score::{self, BrandAnalysis, BrandInput, ScoringConfig};
use pyo3::prelude::*;

use crate::call;
use crate::convert::from_py;

/// Scores one account against its peers and recommends what to do next.
///
/// `snapshot` is an `AccountSnapshot` dict (`{"profile": {...}, "posts": [...], "series":
/// [...]}`), `industry` the peer group's slug (`"technology"`, `"all"`, ...), `now` the
/// moment of the analysis (an RFC 3339 string or an aware `datetime`), `config` an optional
/// `ScoringConfig` dict (`None` or `{}` is the default). Returns a `BrandAnalysis` dict.
///
/// Raises `InvalidInputError` (`.field` names the value, e.g.
/// `snapshot.posts[3].metrics.likes`) on bad input. Deterministic; releases the GIL.
#[pyfunction]
#[pyo3(signature = (snapshot, *, industry, now, config = None))]
pub fn score_brand<'py>(
    py: Python<'py>,
    snapshot: &Bound<'py, PyAny>,
    industry: &Bound<'py, PyAny>,
    now: &Bound<'py, PyAny>,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    call(
        py,
        || -> brandpilot::Result<(BrandInput, ScoringConfig)> {
            let config = match config {
                Some(c) if !c.is_none() => from_py(c, "config")?,
                _ => ScoringConfig::default(),
            };
            let input = BrandInput {
                snapshot: from_py(snapshot, "snapshot")?,
                industry: from_py(industry, "industry")?,
                now: from_py(now, "now")?,
            };
            Ok((input, config))
        },
        move |(input, config)| score::analyze(&input, &config),
    )
}

/// Per-dimension deltas and trend labels between two analyses of the same account.
///
/// `previous` and `current` are `BrandAnalysis` dicts (as returned by `score_brand`, e.g.
/// stored as JSON and loaded back). Returns an `AnalysisComparison` dict. Raises
/// `InvalidInputError` when they are malformed or of different platforms.
#[pyfunction]
#[pyo3(signature = (previous, current))]
pub fn compare_analyses<'py>(
    py: Python<'py>,
    previous: &Bound<'py, PyAny>,
    current: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    call(
        py,
        || -> brandpilot::Result<(BrandAnalysis, BrandAnalysis)> {
            Ok((from_py(previous, "previous")?, from_py(current, "current")?))
        },
        move |(previous, current)| score::compare(&previous, &current),
    )
}

//! The Python face of `brandpilot::goal`: `evaluate_goal`.

use brandpilot::goal::{self, Goal, Observation};
use pyo3::prelude::*;

use crate::call;
use crate::convert::from_py;

/// Where a goal stands at `now`: progress, pace, trend, forecast and milestones.
///
/// `goal` is a `Goal` dict, `observations` a list of `Observation` dicts (`{"at", "value"}`,
/// in any order), `now` an RFC 3339 string or an aware `datetime`. Returns a `GoalProgress`
/// dict. Raises `InvalidInputError` (`.field` e.g. `observations[2].value`) on bad input.
/// Deterministic; releases the GIL.
#[pyfunction]
#[pyo3(signature = (goal, observations, now))]
pub fn evaluate_goal<'py>(
    py: Python<'py>,
    goal: &Bound<'py, PyAny>,
    observations: &Bound<'py, PyAny>,
    now: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    call(
        py,
        || -> brandpilot::Result<_> {
            let goal: Goal = from_py(goal, "goal")?;
            let observations: Vec<Observation> = from_py(observations, "observations")?;
            Ok((goal, observations, from_py(now, "now")?))
        },
        move |(goal, observations, now)| goal::evaluate(&goal, &observations, now),
    )
}

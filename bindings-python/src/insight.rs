//! The Python face of `brandpilot::insight`: `generate_insights`, `update_feedback`,
//! `insight_digest` and `render_digest_html`.
//!
//! Field paths in errors are those of the core: relative to the insight input
//! (`time_zone`, `snapshot.posts[0].metrics.likes`, `goals[1].goal.target`), or under
//! `period`, `now`, `feedback.*`, `config.*`, `state.*`, `events[i].*`, `digest.*`. The
//! `input` argument is read the same way, so a value of the wrong type and a value out of
//! range name the same path; an unknown key names itself (`timezone`), and only an `input`
//! that is not a dict at all, has a non-`str` key or lacks a required key names `input`.
//!
//! `period` and `now` are keyword-only (after the positional `input`), like `industry` and
//! `now` of `score_brand`; `period` defaults to `"week"`, the digest's usual cadence, and
//! `now` is required (no hidden clock).

use brandpilot::insight::{
    self, Digest, FeedbackEvent, FeedbackState, InsightConfig, InsightInput, Period,
};
use pyo3::prelude::*;
use serde::Deserialize;
use serde::de::IntoDeserializer;

use crate::convert::from_py;
use crate::error::to_py_err;
use crate::{call, guard};

/// `period` of [`generate_insights`] and [`insight_digest`], read strictly (`"week"` or
/// `"month"`; anything else is `InvalidInputError` with `.field == "period"`). A
/// `from_py_with` extractor returning the slug, so the default stays the plain literal
/// `"week"`, which pyo3 shows in the signature (`period='week'`).
fn strict_period(obj: &Bound<'_, PyAny>) -> PyResult<&'static str> {
    guard(|| {
        let period: Period = from_py(obj, "period").map_err(|e| to_py_err(&e))?;
        Ok(period.as_str())
    })
}

/// The [`Period`] of a slug [`strict_period`] returned (or of the default `"week"`).
fn period_of(slug: &str) -> brandpilot::Result<Period> {
    Period::deserialize(IntoDeserializer::<serde::de::value::Error>::into_deserializer(slug))
        .map_err(|e| brandpilot::Error::invalid("period", e.to_string()))
}

/// The insight input, with paths relative to it like the core's validation errors
/// (`snapshot.posts[0].created_at`, not `input.snapshot...`); an error at its root (not a
/// dict, a missing key) names `input`.
fn read_input(obj: &Bound<'_, PyAny>) -> brandpilot::Result<InsightInput> {
    from_py(obj, "").map_err(|e| match e.field() {
        Some(_) => e,
        None => brandpilot::Error::invalid("input", e.message().to_owned()),
    })
}

/// The arguments of `generate` and `digest` but `now` (which the callers read, so its type
/// is inferred without a chrono dependency here).
fn read_args(
    input: &Bound<'_, PyAny>,
    period: &str,
    feedback: Option<&Bound<'_, PyAny>>,
    config: Option<&Bound<'_, PyAny>>,
) -> brandpilot::Result<(InsightInput, Period, FeedbackState, InsightConfig)> {
    let input = read_input(input)?;
    let period = period_of(period)?;
    let feedback = match feedback {
        Some(f) if !f.is_none() => from_py(f, "feedback")?,
        _ => FeedbackState::default(),
    };
    let config = match config {
        Some(c) if !c.is_none() => from_py(c, "config")?,
        _ => InsightConfig::default(),
    };
    Ok((input, period, feedback, config))
}

/// Insights for the week or month ending at `now`, ranked by priority × the user's
/// feedback and narrated.
///
/// `input` is an `InsightInput` dict (`{"snapshot", "time_zone", "analysis",
/// "previous_analysis", "goals", "granted_achievements", "posts_per_week_goal"}`; only
/// `snapshot` and `time_zone` are required), `period` `"week"` (the default: the seven local
/// days before `now`'s local day) or `"month"`, `now` an RFC 3339 string or an aware
/// `datetime`, `feedback` the stored `FeedbackState` dict from `update_feedback` (`None`:
/// every kind at the prior), `config` an optional `InsightConfig` dict (`None` or `{}` is
/// the default). Returns a list of `Insight` dicts (`id`, `kind`, `priority`,
/// `rank_score`, `title`, `body`, `evidence`, `actions`, `facts`, ...), best first.
/// Raises `InvalidInputError` with `.field` `time_zone`, `snapshot.posts[3].id`,
/// `goals[0].goal.target`, `period`, `now`, `feedback.preferences[0].alpha`,
/// `config.max_insights`, ... (paths inside `input` are relative to it, like the core's),
/// or `input` when it is not a dict or lacks a key. Deterministic; releases the GIL.
#[pyfunction]
#[pyo3(signature = (input, *, period = "week", now, feedback = None, config = None))]
pub fn generate_insights<'py>(
    py: Python<'py>,
    input: &Bound<'py, PyAny>,
    #[pyo3(from_py_with = strict_period)] period: &'static str,
    now: &Bound<'py, PyAny>,
    feedback: Option<&Bound<'py, PyAny>>,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    call(
        py,
        || -> brandpilot::Result<_> {
            let (input, period, feedback, config) = read_args(input, period, feedback, config)?;
            Ok((input, period, from_py(now, "now")?, feedback, config))
        },
        move |(input, period, now, feedback, config)| {
            insight::generate(&input, period, now, &feedback, &config)
        },
    )
}

/// Folds feedback events into the user's per-kind preferences.
///
/// `state` is the stored `FeedbackState` dict (`{"preferences": []}` for a new user; the
/// result of an earlier call, e.g. stored as JSON and loaded back), `events` a list of
/// `FeedbackEvent` dicts (`{"kind", "signal", "insight_id"?}`; signals `helpful`,
/// `not_helpful`, `read`, `dismissed`). Returns the new `FeedbackState` dict (one
/// preference per kind with feedback, in kind order) to store and pass to
/// `generate_insights` / `insight_digest`. Raises `InvalidInputError` with `.field`
/// `state.preferences[0].alpha`, `events[2].signal`, `events` (too many), ... on bad
/// input. Deterministic; releases the GIL.
#[pyfunction]
#[pyo3(signature = (state, events))]
pub fn update_feedback<'py>(
    py: Python<'py>,
    state: &Bound<'py, PyAny>,
    events: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    call(
        py,
        || -> brandpilot::Result<(FeedbackState, Vec<FeedbackEvent>)> {
            Ok((from_py(state, "state")?, from_py(events, "events")?))
        },
        move |(state, events)| insight::update_feedback(&state, &events),
    )
}

/// The weekly or monthly review: headline, score change, insights, achievements, goals,
/// next week's plan at the best posting times and chart data.
///
/// Takes exactly the arguments of `generate_insights` (same defaults, same errors).
/// Returns a `Digest` dict, plain JSON-safe data to store or pass to
/// `render_digest_html`. Deterministic; releases the GIL.
#[pyfunction]
#[pyo3(signature = (input, *, period = "week", now, feedback = None, config = None))]
pub fn insight_digest<'py>(
    py: Python<'py>,
    input: &Bound<'py, PyAny>,
    #[pyo3(from_py_with = strict_period)] period: &'static str,
    now: &Bound<'py, PyAny>,
    feedback: Option<&Bound<'py, PyAny>>,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    call(
        py,
        || -> brandpilot::Result<_> {
            let (input, period, feedback, config) = read_args(input, period, feedback, config)?;
            Ok((input, period, from_py(now, "now")?, feedback, config))
        },
        move |(input, period, now, feedback, config)| {
            insight::digest(&input, period, now, &feedback, &config)
        },
    )
}

/// A digest as one email-safe HTML document (a `str`): inline CSS, no scripts, no external
/// assets, inline SVG charts (score radar, follower and engagement sparklines, weekday ×
/// hour heat map); every user-supplied text is escaped.
///
/// `digest` is a `Digest` dict as returned by `insight_digest` (e.g. stored as JSON and
/// loaded back). Raises `InvalidInputError` with `.field` `digest...` when it is
/// malformed. Deterministic; releases the GIL.
#[pyfunction]
#[pyo3(signature = (digest,))]
pub fn render_digest_html<'py>(
    py: Python<'py>,
    digest: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    call(
        py,
        || from_py::<Digest>(digest, "digest"),
        move |digest| Ok(insight::render_html(&digest)),
    )
}

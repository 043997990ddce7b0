//! The Python face of `brandpilot::schedule`: `best_times` and `plan`.

use brandpilot::model::{Platform, Post};
use brandpilot::schedule::{self, PlanDraft, PlanRules, PlanWindow};
use pyo3::prelude::*;

use crate::convert::from_py;
use crate::error::to_py_err;
use crate::{call, guard};

/// `k` of [`best_times`], read strictly like every other input (`True`, `2.0`, `-1` or
/// `None` are `InvalidInputError` with `.field == "k"`). A `from_py_with` extractor so the
/// default stays the plain literal `3`, which pyo3 shows in the signature (`k=3`).
fn strict_k(obj: &Bound<'_, PyAny>) -> PyResult<u32> {
    guard(|| from_py(obj, "k").map_err(|e| to_py_err(&e)))
}

/// Best local posting times for `platform` from the user's `posts`.
///
/// `posts` is a list of `Post` dicts (e.g. `snapshot["posts"]`; posts of other platforms
/// are ignored), `time_zone` an IANA name (`"Europe/Amsterdam"`), `platform` a platform
/// slug, `k` how many top slots to return (default 3), `followers` an optional follower
/// count (the rate basis when fewer than half the posts report impressions). Returns a
/// `BestTimes` dict: the top `k` slots and the full 168-slot grid, shrunk toward the
/// platform prior. Raises `InvalidInputError` (`.field` e.g. `time_zone`,
/// `posts[3].metrics.likes`) on bad input. Deterministic; releases the GIL.
#[pyfunction]
#[pyo3(signature = (posts, *, time_zone, platform, k = 3, followers = None))]
pub fn best_times<'py>(
    py: Python<'py>,
    posts: &Bound<'py, PyAny>,
    time_zone: &Bound<'py, PyAny>,
    platform: &Bound<'py, PyAny>,
    #[pyo3(from_py_with = strict_k)] k: u32,
    followers: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    call(
        py,
        || -> brandpilot::Result<(Vec<Post>, String, Platform, Option<i64>)> {
            let posts: Vec<Post> = from_py(posts, "posts")?;
            let time_zone: String = from_py(time_zone, "time_zone")?;
            let platform: Platform = from_py(platform, "platform")?;
            let followers: Option<i64> = match followers {
                Some(f) => from_py(f, "followers")?,
                None => None,
            };
            Ok((posts, time_zone, platform, followers))
        },
        move |(posts, time_zone, platform, followers)| {
            schedule::best_times(&posts, &time_zone, platform, k, followers)
        },
    )
}

/// A deterministic, staggered posting plan for a batch of drafts across platforms.
///
/// `drafts` is a list of `PlanDraft` dicts (`{"id", "platforms"?}`), `platforms` a list of
/// platform slugs, `window` a `PlanWindow` dict (`{"start", "end"}`, RFC 3339 strings or
/// aware `datetime`s), `rules` a `PlanRules` dict (`{"time_zone", "min_gap_minutes"?,
/// "max_per_day"?, "best_times"?, ...}`). Returns a `PostingPlan` dict. Raises
/// `InvalidInputError` (`.field` e.g. `rules.time_zone`, `drafts[2].id`) on bad input.
/// Deterministic; releases the GIL.
#[pyfunction]
#[pyo3(signature = (drafts, platforms, window, rules))]
pub fn plan<'py>(
    py: Python<'py>,
    drafts: &Bound<'py, PyAny>,
    platforms: &Bound<'py, PyAny>,
    window: &Bound<'py, PyAny>,
    rules: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    call(
        py,
        || -> brandpilot::Result<(Vec<PlanDraft>, Vec<Platform>, PlanWindow, PlanRules)> {
            Ok((
                from_py(drafts, "drafts")?,
                from_py(platforms, "platforms")?,
                from_py(window, "window")?,
                from_py(rules, "rules")?,
            ))
        },
        move |(drafts, platforms, window, rules)| {
            schedule::plan(&drafts, &platforms, &window, &rules)
        },
    )
}

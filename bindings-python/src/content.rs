//! The Python face of `brandpilot::content`: `analyze_content`, `analyze_content_batch`,
//! `fit_engagement_model`, `predict_engagement`, `suggest_hashtags` and `optimize_content`.

use brandpilot::content::{self, EngagementModel, FitOptions};
use brandpilot::model::{MediaKind, Platform, Post};
use pyo3::prelude::*;

use crate::convert::from_py;
use crate::error::to_py_err;
use crate::{call, guard};

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
    call(
        py,
        || -> brandpilot::Result<(String, Platform)> {
            Ok((from_py(text, "text")?, from_py(platform, "platform")?))
        },
        move |(text, platform)| content::analyze(&text, platform),
    )
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
    call(
        py,
        || -> brandpilot::Result<(Vec<String>, Platform)> {
            Ok((from_py(texts, "texts")?, from_py(platform, "platform")?))
        },
        move |(texts, platform)| content::analyze_batch(&texts, platform),
    )
}

/// Fits an engagement model on the user's own post history.
///
/// `history` is a list of `Post` dicts (e.g. `snapshot["posts"]`; posts without
/// impressions are skipped), `options` an optional `FitOptions` dict (`{"time_zone",
/// "folds", "lambdas"}`, every key optional; `None` or `{}` is the default: UTC, 5 folds,
/// the default penalties). Returns an `EngagementModel` dict: plain JSON-safe data
/// (`feature_names`, `weights`, `intercept`, `cross_validation`, `notes`, ...) to store
/// (e.g. `json.dumps`) and pass back to `predict_engagement`. Raises `InvalidInputError`
/// with `.field` `history` (fewer than 10 usable posts, or too many),
/// `history[3].metrics.likes`, `options.time_zone`, `options.folds`, `options.lambdas[2]`,
/// ... on bad input. Deterministic; releases the GIL.
#[pyfunction]
#[pyo3(signature = (history, options = None))]
pub fn fit_engagement_model<'py>(
    py: Python<'py>,
    history: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    call(
        py,
        || -> brandpilot::Result<(Vec<Post>, FitOptions)> {
            let history = from_py(history, "history")?;
            let options = match options {
                Some(o) if !o.is_none() => from_py(o, "options")?,
                _ => FitOptions::default(),
            };
            Ok((history, options))
        },
        move |(history, options)| EngagementModel::fit(&history, &options),
    )
}

/// Predicts the engagement rate of a draft with a model from `fit_engagement_model`.
///
/// `model` is an `EngagementModel` dict (as returned by `fit_engagement_model`, e.g.
/// stored as JSON and loaded back), `draft` the post text, `platform` a platform slug,
/// `at` the planned posting time (an RFC 3339 string or an aware `datetime`; read in the
/// model's time zone), `media_kind` an optional `MediaKind` slug (`"image"`, `"document"`,
/// ...; `None` is text only). Returns an `EngagementPrediction` dict: `engagement_rate`
/// (0–1), the 80% interval `low`..`high`, `coverage` and the five largest
/// `contributions` (`feature`, `value`, `effect` in natural-log units). Raises
/// `InvalidInputError` with `.field` `draft` (empty, whitespace only, oversized),
/// `platform`, `at`, `media_kind`, or `model...` (`model.weights`, ...) for a malformed or
/// tampered model. Deterministic; releases the GIL.
#[pyfunction]
#[pyo3(signature = (model, draft, platform, at, media_kind = None))]
pub fn predict_engagement<'py>(
    py: Python<'py>,
    model: &Bound<'py, PyAny>,
    draft: &Bound<'py, PyAny>,
    platform: &Bound<'py, PyAny>,
    at: &Bound<'py, PyAny>,
    media_kind: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    call(
        py,
        || -> brandpilot::Result<_> {
            let model: EngagementModel = from_py(model, "model")?;
            let draft: String = from_py(draft, "draft")?;
            let platform: Platform = from_py(platform, "platform")?;
            let media_kind: Option<MediaKind> = match media_kind {
                Some(m) => from_py(m, "media_kind")?,
                None => None,
            };
            Ok((
                model,
                draft,
                platform,
                from_py(at, "at")?,
                media_kind.unwrap_or_default(),
            ))
        },
        // `predict_with_media` validates the model first (errors name `model.*`).
        move |(model, draft, platform, at, media_kind)| {
            model.predict_with_media(&draft, platform, media_kind, at)
        },
    )
}

/// `k` of [`suggest_hashtags`], read strictly like every other input (`True`, `2.0`, `-1`
/// or `None` are `InvalidInputError` with `.field == "k"`). A `from_py_with` extractor so
/// the default stays the plain literal `10`, which pyo3 shows in the signature (`k=10`).
fn strict_k(obj: &Bound<'_, PyAny>) -> PyResult<usize> {
    guard(|| from_py(obj, "k").map_err(|e| to_py_err(&e)))
}

/// Hashtags for a draft, drawn only from the user's own history (none is invented).
///
/// `draft` is the post text (a `str`; tags it already has are not suggested), `history` a
/// list of `Post` dicts (e.g. `snapshot["posts"]`, any platforms), `k` how many to return
/// at most (1–100, default 10). Returns a list of `HashtagSuggestion` dicts (`tag`, `uses`,
/// `rated_uses`, `relevance` 0–1, `lift` (1.0 = the user's average), `score` = relevance ×
/// lift, `matched_terms`), best first; fewer than `k` (possibly none) when fewer tags share
/// a word with the draft. Raises `InvalidInputError` with `.field` `draft` (empty,
/// whitespace only, oversized), `k`, `history` (too many posts), `history[1].metrics.likes`,
/// ... on bad input. Deterministic; releases the GIL.
#[pyfunction]
#[pyo3(signature = (draft, history, k = 10))]
pub fn suggest_hashtags<'py>(
    py: Python<'py>,
    draft: &Bound<'py, PyAny>,
    history: &Bound<'py, PyAny>,
    #[pyo3(from_py_with = strict_k)] k: usize,
) -> PyResult<Bound<'py, PyAny>> {
    call(
        py,
        || -> brandpilot::Result<(String, Vec<Post>)> {
            Ok((from_py(draft, "draft")?, from_py(history, "history")?))
        },
        move |(draft, history)| content::suggest_hashtags(&draft, &history, k),
    )
}

/// Rewrites of a post that fix the issues `analyze_content` finds for `platform`.
///
/// `text` is the post (a `str`), `platform` a platform slug. Returns a list of `Variant`
/// dicts (`strategy` such as `trim_to_limit`, `cap_hashtags`, `break_hook`,
/// `move_link_to_comment`, ... or `all`; the rewritten `text`; `changes`; `fixes` (issue
/// codes removed); its full `analysis`; `quality` and `quality_gain`), best quality first.
/// Every variant fits the platform's length limit; the list is empty when there is nothing
/// to fix. The user's words are never reworded. Raises `InvalidInputError` (`.field`
/// `text` or `platform`) on bad input, like `analyze_content`. Deterministic; releases the
/// GIL.
#[pyfunction]
#[pyo3(signature = (text, platform))]
pub fn optimize_content<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyAny>,
    platform: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    call(
        py,
        || -> brandpilot::Result<(String, Platform)> {
            Ok((from_py(text, "text")?, from_py(platform, "platform")?))
        },
        move |(text, platform)| content::optimize(&text, platform),
    )
}

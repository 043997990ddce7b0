//! The Node face of `brandpilot::content`: `analyzeContent`, `analyzeContentBatch`,
//! `fitEngagementModel`, `predictEngagement`, `suggestHashtags` and `optimizeContent`.

use brandpilot::content::{self, EngagementModel, FitOptions};
use brandpilot::model::{MediaKind, Platform, Post};
use chrono::{DateTime, Utc};
use napi::Env;
use napi_derive::napi;

use crate::call;
use crate::convert::{from_json, to_json};

/// Everything brandpilot reads from one post for one platform.
///
/// Native half of `analyzeContent` (see `index.d.ts`): `text` (a string) and `platform` (a
/// `Platform`), both as JSON text; returns the `ContentAnalysis` as JSON text. Throws an
/// `Error` with `code === 'invalid_input'` and `field` (`text`, `platform`) on bad input
/// (empty or whitespace-only text, a NUL, more than 256 KiB, a lone surrogate, an unknown
/// platform). Deterministic.
#[napi(js_name = "analyzeContent")]
pub fn analyze_content(env: &Env, text: String, platform: String) -> napi::Result<String> {
    call(env, || {
        let text: String = from_json(&text, "text")?;
        let platform: Platform = from_json(&platform, "platform")?;
        to_json(&content::analyze(&text, platform)?)
    })
}

/// `analyzeContent` on many posts for one platform.
///
/// Native half of `analyzeContentBatch`: `texts` (`string[]`) and `platform` as JSON texts;
/// returns the `ContentAnalysis[]` as JSON text, in the order of `texts`. An invalid text
/// fails the whole batch with `field` naming its index (`texts[3]`). Deterministic.
#[napi(js_name = "analyzeContentBatch")]
pub fn analyze_content_batch(env: &Env, texts: String, platform: String) -> napi::Result<String> {
    call(env, || {
        let texts: Vec<String> = from_json(&texts, "texts")?;
        let platform: Platform = from_json(&platform, "platform")?;
        to_json(&content::analyze_batch(&texts, platform)?)
    })
}

/// Fits a user's engagement model on their post history.
///
/// Native half of `fitEngagementModel`: `history` (`Post[]`) and `options` (a `FitOptions`,
/// or `null` for the default) as JSON texts; returns the `EngagementModel` as JSON text, plain
/// data the host stores and passes back to `predictEngagement`. Throws an `Error` with
/// `code === 'invalid_input'` and `field` (`options.time_zone`, `options.folds`,
/// `history[3].metrics.likes`, `history` when fewer than ten posts are usable) on bad input.
/// Deterministic.
#[napi(js_name = "fitEngagementModel")]
pub fn fit_engagement_model(env: &Env, history: String, options: String) -> napi::Result<String> {
    call(env, || {
        let history: Vec<Post> = from_json(&history, "history")?;
        let options: Option<FitOptions> = from_json(&options, "options")?;
        to_json(&EngagementModel::fit(
            &history,
            &options.unwrap_or_default(),
        )?)
    })
}

/// Predicts the engagement rate of a draft with a fitted model.
///
/// Native half of `predictEngagement`: `model` (an `EngagementModel`), `draft` (a string),
/// `platform`, `at` (a time string) and `media_kind` (a `MediaKind`, or `null` for text
/// only) as JSON texts; returns the `EngagementPrediction` as JSON text. The core validates
/// the model before use, so a stored model edited by hand is `invalid_input` with `field`
/// under `model` (`model.weights`); a bad draft names `draft`. Deterministic.
#[napi(js_name = "predictEngagement")]
pub fn predict_engagement(
    env: &Env,
    model: String,
    draft: String,
    platform: String,
    at: String,
    media_kind: String,
) -> napi::Result<String> {
    call(env, || {
        let model: EngagementModel = from_json(&model, "model")?;
        let draft: String = from_json(&draft, "draft")?;
        let platform: Platform = from_json(&platform, "platform")?;
        let at: DateTime<Utc> = from_json(&at, "at")?;
        let media_kind: Option<MediaKind> = from_json(&media_kind, "media_kind")?;
        to_json(&model.predict_with_media(&draft, platform, media_kind.unwrap_or_default(), at)?)
    })
}

/// The user's own hashtags ranked for a draft.
///
/// Native half of `suggestHashtags`: `draft` (a string), `history` (`Post[]`) and `k` (an
/// integer; the wrapper defaults it to 10) as JSON texts; returns the `HashtagSuggestion[]`
/// as JSON text, best first, only tags the history used. Throws an `Error` with
/// `code === 'invalid_input'` and `field` (`draft`, `k`, `history`,
/// `history[1].metrics.likes`) on bad input. Deterministic.
#[napi(js_name = "suggestHashtags")]
pub fn suggest_hashtags(
    env: &Env,
    draft: String,
    history: String,
    k: String,
) -> napi::Result<String> {
    call(env, || {
        let draft: String = from_json(&draft, "draft")?;
        let history: Vec<Post> = from_json(&history, "history")?;
        let k: usize = from_json(&k, "k")?;
        to_json(&content::suggest_hashtags(&draft, &history, k)?)
    })
}

/// Deterministic rewrites of a post that fix the issues `analyzeContent` finds.
///
/// Native half of `optimizeContent`: `text` (a string) and `platform` as JSON texts; returns
/// the `Variant[]` as JSON text (best quality first; empty when there is nothing to fix).
/// Throws an `Error` with `code === 'invalid_input'` and `field` (`text`, `platform`) on bad
/// input, as `analyzeContent`. Deterministic.
#[napi(js_name = "optimizeContent")]
pub fn optimize_content(env: &Env, text: String, platform: String) -> napi::Result<String> {
    call(env, || {
        let text: String = from_json(&text, "text")?;
        let platform: Platform = from_json(&platform, "platform")?;
        to_json(&content::optimize(&text, platform)?)
    })
}

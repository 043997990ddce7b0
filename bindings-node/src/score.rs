//! The Node face of `brandpilot::score`: `scoreBrand` and `compareAnalyses`.

use brandpilot::score::{self, BrandAnalysis, BrandInput, ScoringConfig};
use chrono::{DateTime, Utc};
use napi::Env;
use napi_derive::napi;
use serde::Deserialize;

use crate::call;
use crate::convert::{from_json, to_json};

/// The second argument of `scoreBrand`. Field errors are reported under these names
/// (`industry`, `now`, `config.window_weeks`), as the core and the Python binding name them.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScoreOptions {
    industry: String,
    now: DateTime<Utc>,
    #[serde(default)]
    config: Option<ScoringConfig>,
}

/// Scores one account against its peers and recommends what to do next.
///
/// Native half of `scoreBrand` (see `index.d.ts`): `snapshot` is an `AccountSnapshot` and
/// `options` `{ industry, now, config? }`, both as JSON text; returns the `BrandAnalysis`
/// as JSON text. Throws an `Error` with `code === 'invalid_input'` and `field` naming the
/// value (e.g. `snapshot.posts[3].metrics.likes`) on bad input. Deterministic.
#[napi(js_name = "scoreBrand")]
pub fn score_brand(env: &Env, snapshot: String, options: String) -> napi::Result<String> {
    call(env, || {
        let options: ScoreOptions = from_json(&options, "")?;
        let input = BrandInput {
            snapshot: from_json(&snapshot, "snapshot")?,
            industry: options.industry,
            now: options.now,
        };
        let config = options.config.unwrap_or_default();
        to_json(&score::analyze(&input, &config)?)
    })
}

/// Per-dimension deltas and trend labels between two analyses of the same account.
///
/// Native half of `compareAnalyses`: `previous` and `current` are `BrandAnalysis` JSON
/// texts; returns the `AnalysisComparison` as JSON text. Throws an `Error` with
/// `code === 'invalid_input'` when they are malformed or of different platforms.
#[napi(js_name = "compareAnalyses")]
pub fn compare_analyses(env: &Env, previous: String, current: String) -> napi::Result<String> {
    call(env, || {
        let previous: BrandAnalysis = from_json(&previous, "previous")?;
        let current: BrandAnalysis = from_json(&current, "current")?;
        to_json(&score::compare(&previous, &current)?)
    })
}

//! Brand scoring: [`score_brand`], [`compare_analyses`] and their JSON-string forms.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use brandpilot::model::AccountSnapshot;
use brandpilot::score::{self, AnalysisComparison, BrandAnalysis, BrandInput, ScoringConfig};

use crate::{BrandpilotError, guard, json};

/// Scores one account against its peers (five dimensions, an overall 0–100 score, the
/// factors behind each, and recommendations ranked by expected gain).
///
/// `industry` is the peer group's slug (`technology`, `finance`, ...; `all` for everyone);
/// `now` is the moment of the analysis (windows end there; the clock is never read).
/// `config` `null` uses the default configuration.
///
/// Throws `InvalidInput` naming the field (`snapshot.posts[3].metrics.likes`) for bad input.
#[uniffi::export(default(config = None))]
pub fn score_brand(
    snapshot: AccountSnapshot,
    industry: String,
    now: DateTime<Utc>,
    config: Option<ScoringConfig>,
) -> Result<BrandAnalysis, BrandpilotError> {
    guard(|| {
        let input = BrandInput {
            snapshot,
            industry,
            now,
        };
        Ok(score::analyze(&input, &config.unwrap_or_default())?)
    })
}

/// Per-dimension deltas and trend labels between two analyses of the same account
/// (`previous` the earlier one).
#[uniffi::export]
pub fn compare_analyses(
    previous: BrandAnalysis,
    current: BrandAnalysis,
) -> Result<AnalysisComparison, BrandpilotError> {
    guard(|| Ok(score::compare(&previous, &current)?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScoreBrandJson {
    snapshot: AccountSnapshot,
    industry: String,
    now: DateTime<Utc>,
    #[serde(default)]
    config: Option<ScoringConfig>,
}

/// [`score_brand`] on JSON text: `{"snapshot", "industry", "now", "config"?}` in (snake_case,
/// RFC 3339 times), the `BrandAnalysis` as JSON out.
#[uniffi::export]
pub fn score_brand_json(input_json: String) -> Result<String, BrandpilotError> {
    guard(|| {
        let ScoreBrandJson {
            snapshot,
            industry,
            now,
            config,
        } = json::parse(&input_json)?;
        let input = BrandInput {
            snapshot,
            industry,
            now,
        };
        json::to_string(&score::analyze(&input, &config.unwrap_or_default())?)
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CompareJson {
    previous: BrandAnalysis,
    current: BrandAnalysis,
}

/// [`compare_analyses`] on JSON text: `{"previous", "current"}` in, the
/// `AnalysisComparison` as JSON out.
#[uniffi::export]
pub fn compare_analyses_json(input_json: String) -> Result<String, BrandpilotError> {
    guard(|| {
        let CompareJson { previous, current } = json::parse(&input_json)?;
        json::to_string(&score::compare(&previous, &current)?)
    })
}

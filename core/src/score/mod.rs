//! Brand scoring: five dimensions, each a percentile against peers, an overall score, and
//! recommendations ranked by the gain they would bring.
//!
//! - **presence**: profile completeness (a checklist: photo, headline, summary, ...);
//! - **visibility**: impressions per post per follower, profile views;
//! - **engagement**: weighted engagement rate (comments ×2, shares ×3, likes and saves ×1)
//!   and the comment + share rate;
//! - **network**: audience size and follower growth;
//! - **consistency**: posts per week and the share of weeks with a post.
//!
//! Benchmarked factors score as the percentile of the user's value in a log-normal peer
//! distribution for the platform × industry ([`BenchmarkTable`]), so 70 means "ahead of
//! 70% of comparable profiles". The features are extracted once; recommendations re-score
//! changed features, which is why a full analysis takes microseconds.

mod benchmark;
mod compare;
mod engine;
mod features;
mod recommend;
mod types;

pub use benchmark::{
    ALL_INDUSTRIES, BenchmarkEntry, BenchmarkLookup, BenchmarkMetric, BenchmarkTable,
};
pub use compare::{STEADY_THRESHOLD, compare};
pub use types::{
    ActionKind, AnalysisComparison, BrandAnalysis, BrandInput, Dimension, DimensionChange,
    DimensionScore, DimensionWeights, Effort, EngagementBasis, Factor, Recommendation,
    ScoringConfig, Trend,
};

use benchmark::BenchmarkIndex;
use engine::Engine;

use crate::{Error, Result};

/// Longest industry slug accepted.
const MAX_INDUSTRY_LEN: usize = 100;

/// Scores one account against its peers and recommends what to do next.
///
/// Validates the input first ([`Error::InvalidInput`] names the field, e.g.
/// `snapshot.posts[3].metrics.likes`). Deterministic: same input, same output.
///
/// ```
/// use brandpilot::model::{AccountSnapshot, Platform, Profile};
/// use brandpilot::score::{analyze, BrandInput, Dimension, ScoringConfig};
///
/// let input: BrandInput = serde_json::from_str(r#"{
///     "snapshot": {"profile": {"platform": "linkedin", "handle": "ada", "has_photo": true, "followers": 800}},
///     "industry": "technology",
///     "now": "2026-11-23T09:00:00Z"
/// }"#).unwrap();
/// let analysis = analyze(&input, &ScoringConfig::default()).unwrap();
/// let presence = analysis.dimension(Dimension::Presence).unwrap();
/// assert!(presence.score.unwrap() > 0.0);
/// ```
pub fn analyze(input: &BrandInput, config: &ScoringConfig) -> Result<BrandAnalysis> {
    config.validate().map_err(|e| e.within("config"))?;
    input.validate()?;
    let index;
    let index_ref = match &config.benchmarks {
        Some(table) => {
            index = BenchmarkIndex::new(table);
            &index
        }
        None => BenchmarkIndex::bundled(),
    };
    let snapshot = &input.snapshot;
    let features = features::extract(snapshot, input.now, config.window_weeks);
    let platform = snapshot.profile.platform;
    let engine = Engine::new(
        index_ref,
        platform,
        &input.industry,
        &config.weights,
        &features,
    );
    let factor_scores = engine.factor_scores(&features, None);
    let scores = engine.combine(&factor_scores);
    let recommendations = recommend::recommend(
        &engine,
        &features,
        &factor_scores,
        &scores,
        config.max_recommendations as usize,
    );
    let dimensions = engine.explain(&factor_scores, &scores);
    let basis = engine.basis;
    let mut notes = engine.notes;
    if features.posts_in_window == 0 {
        notes.push(format!(
            "No posts in the last {:.0} weeks: engagement and visibility can't be measured.",
            features.window_weeks
        ));
    }
    Ok(BrandAnalysis {
        overall: scores.overall,
        platform,
        industry: input.industry.clone(),
        engagement_basis: basis,
        dimensions,
        recommendations,
        notes,
        analyzed_at: input.now,
    })
}

impl BrandInput {
    /// Checks the industry slug (non-empty, at most 100 bytes) and the snapshot as of
    /// `now`; errors name the field (`snapshot.posts[3].metrics.likes`). [`analyze`] runs it.
    pub fn validate(&self) -> Result<()> {
        let industry = self.industry.trim();
        if industry.is_empty() {
            return Err(Error::invalid("industry", "must not be empty (use `all`)"));
        }
        if industry.len() > MAX_INDUSTRY_LEN {
            return Err(Error::invalid(
                "industry",
                format!("must be at most {MAX_INDUSTRY_LEN} bytes"),
            ));
        }
        self.snapshot
            .validate(self.now)
            .map_err(|e| e.within("snapshot"))
    }
}

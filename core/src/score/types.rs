//! Inputs and outputs of brand scoring.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::BenchmarkTable;
use crate::model::{AccountSnapshot, Platform};
use crate::{Error, Result};

/// What [`analyze`](super::analyze) scores: one account's snapshot, the industry of its
/// peer group, and the moment of the analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BrandInput {
    /// The account: profile, posts, daily series.
    pub snapshot: AccountSnapshot,
    /// Industry slug of the peer group (`technology`, `finance`, ...; `all` for everyone).
    /// An industry without benchmark figures falls back to `all`, and the output says so.
    pub industry: String,
    /// The moment of the analysis; windows end here. Never read from the clock.
    pub now: DateTime<Utc>,
}

/// One of the five brand dimensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Dimension {
    /// Profile completeness and quality.
    Presence,
    /// How many people see the account's posts and profile.
    Visibility,
    /// How strongly the audience responds, comments and shares weighted above likes.
    Engagement,
    /// Audience size and growth.
    Network,
    /// Posting cadence and its regularity.
    Consistency,
}

impl Dimension {
    /// The five dimensions, in output order.
    pub const ALL: [Dimension; 5] = [
        Dimension::Presence,
        Dimension::Visibility,
        Dimension::Engagement,
        Dimension::Network,
        Dimension::Consistency,
    ];

    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Presence => "presence",
            Dimension::Visibility => "visibility",
            Dimension::Engagement => "engagement",
            Dimension::Network => "network",
            Dimension::Consistency => "consistency",
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// Weights of the dimensions in the overall score (any non-negative numbers with a
/// positive sum; they are normalised).
///
/// Defaults: presence 0.15, visibility 0.20, engagement 0.30, network 0.15,
/// consistency 0.20 — engagement weighs most because it is the signal platforms' ranking
/// rewards and peers notice; presence least because it is a one-time fix.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DimensionWeights {
    /// Weight of presence.
    #[cfg_attr(feature = "uniffi", uniffi(default = 0.15))]
    pub presence: f64,
    /// Weight of visibility.
    #[cfg_attr(feature = "uniffi", uniffi(default = 0.2))]
    pub visibility: f64,
    /// Weight of engagement.
    #[cfg_attr(feature = "uniffi", uniffi(default = 0.3))]
    pub engagement: f64,
    /// Weight of network.
    #[cfg_attr(feature = "uniffi", uniffi(default = 0.15))]
    pub network: f64,
    /// Weight of consistency.
    #[cfg_attr(feature = "uniffi", uniffi(default = 0.2))]
    pub consistency: f64,
}

impl Default for DimensionWeights {
    fn default() -> Self {
        DimensionWeights {
            presence: 0.15,
            visibility: 0.20,
            engagement: 0.30,
            network: 0.15,
            consistency: 0.20,
        }
    }
}

impl DimensionWeights {
    /// The weight of `dimension`.
    pub fn get(&self, dimension: Dimension) -> f64 {
        match dimension {
            Dimension::Presence => self.presence,
            Dimension::Visibility => self.visibility,
            Dimension::Engagement => self.engagement,
            Dimension::Network => self.network,
            Dimension::Consistency => self.consistency,
        }
    }

    /// Checks every weight is finite and >= 0, and their sum is > 0.
    pub fn validate(&self) -> Result<()> {
        let mut sum = 0.0;
        for d in Dimension::ALL {
            let w = self.get(d);
            if !w.is_finite() || w < 0.0 {
                return Err(Error::invalid(d.as_str(), "must be a finite number >= 0"));
            }
            sum += w;
        }
        if sum <= 0.0 {
            return Err(Error::invalid("", "weights must not all be 0"));
        }
        Ok(())
    }
}

fn default_max_recommendations() -> u32 {
    5
}

fn default_window_weeks() -> u32 {
    12
}

/// How to score: dimension weights, the benchmark table, how many recommendations to
/// return and how many weeks of posting history to look at.
///
/// `{}` in JSON is the default configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScoringConfig {
    /// Dimension weights in the overall score.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub weights: DimensionWeights,
    /// A host's own benchmark table; `None` uses the bundled one.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub benchmarks: Option<BenchmarkTable>,
    /// How many recommendations to return (default 5; 0 skips them).
    #[serde(default = "default_max_recommendations")]
    #[cfg_attr(feature = "uniffi", uniffi(default = 5))]
    pub max_recommendations: u32,
    /// Weeks of history (ending at `now`) used for posting and engagement (default 12).
    #[serde(default = "default_window_weeks")]
    #[cfg_attr(feature = "uniffi", uniffi(default = 12))]
    pub window_weeks: u32,
}

impl Default for ScoringConfig {
    fn default() -> Self {
        ScoringConfig {
            weights: DimensionWeights::default(),
            benchmarks: None,
            max_recommendations: default_max_recommendations(),
            window_weeks: default_window_weeks(),
        }
    }
}

impl ScoringConfig {
    /// Checks weights, the window (1..=104 weeks), the recommendation count (<= 50) and a
    /// host-supplied benchmark table.
    pub fn validate(&self) -> Result<()> {
        self.weights.validate().map_err(|e| e.within("weights"))?;
        if !(1..=104).contains(&self.window_weeks) {
            return Err(Error::invalid("window_weeks", "must be between 1 and 104"));
        }
        if self.max_recommendations > 50 {
            return Err(Error::invalid("max_recommendations", "must be <= 50"));
        }
        if let Some(table) = &self.benchmarks {
            table.validate().map_err(|e| e.within("benchmarks"))?;
        }
        Ok(())
    }
}

/// Which denominator an engagement rate uses (say it wherever a rate is shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum EngagementBasis {
    /// Engagements ÷ impressions × 100, mean over posts.
    Impressions,
    /// Engagements ÷ followers on the day of the post × 100, mean over posts.
    Followers,
}

/// One measured input to a dimension, with how it compares to peers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Factor {
    /// Stable identifier (`engagement_rate`, `has_photo`, `posts_per_week`, ...).
    pub id: String,
    /// Human-readable label.
    pub label: String,
    /// The measured value; `None` when the data to compute it is missing.
    pub value: Option<f64>,
    /// Unit of `value` and `benchmark_median` (`%`, `posts/week`, `followers`, ...).
    pub unit: String,
    /// Median of the peer group, for benchmarked factors.
    pub benchmark_median: Option<f64>,
    /// Share of peers this value is ahead of (0–100), for benchmarked factors.
    pub percentile: Option<f64>,
    /// The factor's 0–100 contribution: the percentile, or for checklist factors the
    /// completeness.
    pub score: Option<f64>,
    /// Weight of the factor within its dimension.
    pub weight: f64,
    /// `platform/industry` of the benchmark used (`linkedin/all` after a fallback).
    pub benchmark_segment: Option<String>,
    /// Citation of the benchmark figure.
    pub benchmark_source: Option<String>,
}

/// A dimension's score and the factors that made it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DimensionScore {
    /// Which dimension.
    pub dimension: Dimension,
    /// 0–100: the weighted mean of the available factors' scores; `None` when no factor
    /// had data (the overall score then re-weights the other dimensions).
    pub score: Option<f64>,
    /// Normalised weight of the dimension in the overall score.
    pub weight: f64,
    /// The factors, in order of weight.
    pub factors: Vec<Factor>,
}

/// How much effort an action takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Effort {
    /// Minutes, once.
    Low,
    /// An hour or a small weekly habit.
    Medium,
    /// A sustained weekly commitment.
    High,
}

/// A concrete action from the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum ActionKind {
    /// Upload a profile photo.
    AddPhoto,
    /// Write (or lengthen) the headline.
    WriteHeadline,
    /// Write an about / summary section.
    WriteSummary,
    /// Upload a banner image.
    AddBanner,
    /// List at least five skills.
    AddSkills,
    /// Link a website or portfolio.
    AddWebsite,
    /// Add a location.
    AddLocation,
    /// Post three times a week.
    PostThreeTimesAWeek,
    /// Post at least once every week.
    PostEveryWeek,
    /// Add images, video, carousels or documents to half of the posts.
    AddVisualMedia,
    /// Reply to every comment within a day.
    ReplyToComments,
    /// End posts with a question.
    AskQuestions,
    /// Grow the audience by 10% over the next month.
    GrowNetwork,
}

/// A recommended action with its expected effect, found by re-scoring the input as the
/// action would change it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Recommendation {
    /// Which action.
    pub action: ActionKind,
    /// Short imperative title.
    pub title: String,
    /// Why, with the user's own numbers.
    pub detail: String,
    /// The dimension it moves most.
    pub dimension: Dimension,
    /// Expected change of the overall score, in points.
    pub expected_gain: f64,
    /// Expected change of `dimension`'s score, in points.
    pub dimension_gain: f64,
    /// Effort level.
    pub effort: Effort,
}

/// The result of [`analyze`](super::analyze).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BrandAnalysis {
    /// Overall score 0–100: the weighted mean of the dimensions that have a score.
    pub overall: f64,
    /// The platform of the analysed account.
    pub platform: Platform,
    /// The industry asked for.
    pub industry: String,
    /// The denominator of the engagement rate used, if one could be computed.
    pub engagement_basis: Option<EngagementBasis>,
    /// The five dimensions, in the order of [`Dimension::ALL`].
    pub dimensions: Vec<DimensionScore>,
    /// Top actions by expected overall gain.
    pub recommendations: Vec<Recommendation>,
    /// Fallbacks and missing data, in plain words.
    pub notes: Vec<String>,
    /// The `now` of the input.
    pub analyzed_at: DateTime<Utc>,
}

impl BrandAnalysis {
    /// The score of `dimension`, if it has one.
    pub fn dimension(&self, dimension: Dimension) -> Option<&DimensionScore> {
        self.dimensions.iter().find(|d| d.dimension == dimension)
    }
}

/// Direction of a change between two analyses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Trend {
    /// Up by more than the steadiness threshold.
    Improved,
    /// Within the steadiness threshold.
    Steady,
    /// Down by more than the steadiness threshold.
    Declined,
    /// One of the two analyses has no score for it.
    Unknown,
}

/// The change of one dimension between two analyses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DimensionChange {
    /// Which dimension.
    pub dimension: Dimension,
    /// Its previous score.
    pub previous: Option<f64>,
    /// Its current score.
    pub current: Option<f64>,
    /// `current − previous`, when both exist.
    pub delta: Option<f64>,
    /// Trend label.
    pub trend: Trend,
}

/// The result of [`compare`](super::compare): per-dimension deltas and trend labels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AnalysisComparison {
    /// Previous overall score.
    pub previous_overall: f64,
    /// Current overall score.
    pub current_overall: f64,
    /// `current_overall − previous_overall`.
    pub overall_delta: f64,
    /// Trend of the overall score.
    pub overall_trend: Trend,
    /// Per-dimension changes, in the order of [`Dimension::ALL`].
    pub dimensions: Vec<DimensionChange>,
    /// Days between the two analyses.
    pub days_between: f64,
    /// The dimension that rose most, if any rose.
    pub biggest_gain: Option<Dimension>,
    /// The dimension that fell most, if any fell.
    pub biggest_drop: Option<Dimension>,
}

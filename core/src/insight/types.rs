//! Outputs of [`generate`](super::generate): insights, their evidence and structured facts.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::PeriodWindow;
use crate::goal::{GoalMetric, GoalStatus};
use crate::model::{MediaKind, SeriesMetric};
use crate::schedule::{RateBasis, Weekday};
use crate::score::{ActionKind, Dimension, Effort, Trend};

/// What an insight is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum InsightKind {
    /// A metric this period against the previous one, beyond or within its usual noise.
    Trend,
    /// A day far outside a metric's recent range (a spike or a drop).
    Anomaly,
    /// The period's best post and what set it apart.
    TopPost,
    /// Posting rhythm: streaks kept or broken, gaps, the weekly target.
    Cadence,
    /// A milestone crossed for the first time (granted once, ever).
    Achievement,
    /// A goal's status changed, or its deadline is near.
    Goal,
    /// The brand score or a dimension moved against peers.
    Benchmark,
    /// A next step from the brand analysis.
    Recommendation,
}

impl InsightKind {
    /// Every kind, in declaration order.
    pub const ALL: [InsightKind; 8] = [
        InsightKind::Trend,
        InsightKind::Anomaly,
        InsightKind::TopPost,
        InsightKind::Cadence,
        InsightKind::Achievement,
        InsightKind::Goal,
        InsightKind::Benchmark,
        InsightKind::Recommendation,
    ];

    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            InsightKind::Trend => "trend",
            InsightKind::Anomaly => "anomaly",
            InsightKind::TopPost => "top_post",
            InsightKind::Cadence => "cadence",
            InsightKind::Achievement => "achievement",
            InsightKind::Goal => "goal",
            InsightKind::Benchmark => "benchmark",
            InsightKind::Recommendation => "recommendation",
        }
    }

    /// Whether insights of this kind are pinned: always returned, whatever the feedback
    /// and the insight budget (goal status changes and deadlines, achievements).
    pub fn is_pinned(self) -> bool {
        matches!(self, InsightKind::Goal | InsightKind::Achievement)
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl std::fmt::Display for InsightKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One labelled number behind an insight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Evidence {
    /// Stable machine key (`current`, `previous`, `change_percent`, `z_score`, ...).
    pub key: String,
    /// Human-readable label ("Impressions this week").
    pub label: String,
    /// The number.
    pub value: f64,
    /// Its unit (`impressions`, `%`, `posts`, `days`, `points`, ...).
    pub unit: String,
}

/// One insight: what happened, the numbers behind it, and what to do next.
///
/// `title` and `body` are prose from a [`Narrator`](super::Narrator) (the template narrator
/// in [`generate`](super::generate)'s output); everything else is structured, so a host can
/// narrate again, translate or render its own way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Insight {
    /// Stable id: a hash of the kind, the period's first day (except for achievements,
    /// which happen once ever) and the key facts. Same facts, same id; use it for feedback.
    pub id: String,
    /// What the insight is about.
    pub kind: InsightKind,
    /// Intrinsic importance, 0–1, before the user's feedback is applied.
    pub priority: f64,
    /// The ranking key: `priority` × the user's preference for the kind (see
    /// [`FeedbackState::weight`](super::FeedbackState::weight)); insights come sorted by it.
    pub rank_score: f64,
    /// Whether the insight is pinned (goal changes and deadlines, achievements): always
    /// returned and never demoted by feedback.
    pub pinned: bool,
    /// One-line headline.
    pub title: String,
    /// Two or three sentences of explanation.
    pub body: String,
    /// The numbers behind it, labelled, with units.
    pub evidence: Vec<Evidence>,
    /// Suggested next steps, imperative.
    pub actions: Vec<String>,
    /// The period the insight covers.
    pub period: PeriodWindow,
    /// The structured facts, by kind (what a narrator reads).
    pub facts: InsightFacts,
}

/// The structured facts of an insight: exactly one field is set, the one named by
/// [`Insight::kind`] (a record of options rather than a tagged enum, so that every
/// language's generated types can express it).
///
/// JSON: `{"trend": {...}, "anomaly": null, ...}`; on input, absent keys are `null`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InsightFacts {
    /// Facts of a [`InsightKind::Trend`] insight.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub trend: Option<TrendFacts>,
    /// Facts of a [`InsightKind::Anomaly`] insight.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub anomaly: Option<AnomalyFacts>,
    /// Facts of a [`InsightKind::TopPost`] insight.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub top_post: Option<TopPostFacts>,
    /// Facts of a [`InsightKind::Cadence`] insight.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub cadence: Option<CadenceFacts>,
    /// Facts of a [`InsightKind::Achievement`] insight.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub achievement: Option<AchievementFacts>,
    /// Facts of a [`InsightKind::Goal`] insight.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub goal: Option<GoalFacts>,
    /// Facts of a [`InsightKind::Benchmark`] insight.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub benchmark: Option<BenchmarkFacts>,
    /// Facts of a [`InsightKind::Recommendation`] insight.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub recommendation: Option<RecommendationFacts>,
}

impl InsightFacts {
    /// The kind of the first field set (`None` when none is).
    pub fn kind(&self) -> Option<InsightKind> {
        let set = [
            self.trend.is_some(),
            self.anomaly.is_some(),
            self.top_post.is_some(),
            self.cadence.is_some(),
            self.achievement.is_some(),
            self.goal.is_some(),
            self.benchmark.is_some(),
            self.recommendation.is_some(),
        ];
        set.iter().position(|&b| b).map(|i| InsightKind::ALL[i])
    }
}

macro_rules! facts_from {
    ($($t:ty => $field:ident),* $(,)?) => {$(
        impl From<$t> for InsightFacts {
            fn from(f: $t) -> Self {
                InsightFacts { $field: Some(f), ..InsightFacts::default() }
            }
        }
    )*};
}

facts_from!(
    TrendFacts => trend,
    AnomalyFacts => anomaly,
    TopPostFacts => top_post,
    CadenceFacts => cadence,
    AchievementFacts => achievement,
    GoalFacts => goal,
    BenchmarkFacts => benchmark,
    RecommendationFacts => recommendation,
);

/// A metric followed period over period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum TrendMetric {
    /// Net new followers in the period (from the `followers` series).
    Followers,
    /// Impressions in the period (the `impressions` series, else the posts' impressions).
    Impressions,
    /// Mean engagement rate of the period's posts, percent.
    EngagementRate,
    /// Profile views in the period (the `profile_views` series).
    ProfileViews,
}

impl TrendMetric {
    /// The four metrics, in output order.
    pub const ALL: [TrendMetric; 4] = [
        TrendMetric::Followers,
        TrendMetric::Impressions,
        TrendMetric::EngagementRate,
        TrendMetric::ProfileViews,
    ];

    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            TrendMetric::Followers => "followers",
            TrendMetric::Impressions => "impressions",
            TrendMetric::EngagementRate => "engagement_rate",
            TrendMetric::ProfileViews => "profile_views",
        }
    }
}

/// Which way a metric moved, judged against its own noise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Direction {
    /// Up by more than `noise_k` × the noise.
    Up,
    /// Within the noise (or too little data to tell).
    Steady,
    /// Down by more than `noise_k` × the noise.
    Down,
}

impl Direction {
    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Up => "up",
            Direction::Steady => "steady",
            Direction::Down => "down",
        }
    }
}

/// Where a trend's noise estimate came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum NoiseBasis {
    /// The typical period-to-period change over earlier periods (robust: 1.4826 × the
    /// median absolute change).
    History,
    /// The spread of the daily values (or posts) inside the two periods compared (not
    /// enough earlier periods).
    WithinPeriods,
    /// Neither could be estimated: the change is reported as steady.
    Insufficient,
}

/// Facts of a trend insight. Values are in the metric's unit for one period; the previous
/// period's flow values are scaled to the current period's length.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TrendFacts {
    /// The metric.
    pub metric: TrendMetric,
    /// Up, down or steady, against the noise.
    pub direction: Direction,
    /// This period's value.
    pub current: f64,
    /// The previous period's value.
    pub previous: f64,
    /// `current − previous`.
    pub change: f64,
    /// `change ÷ |previous| × 100`; `None` when `previous` is 0.
    pub change_percent: Option<f64>,
    /// The noise a change is judged against (same unit as `change`), floored at
    /// `min_relative_change × |previous|`.
    pub noise: f64,
    /// Where `noise` came from.
    pub noise_basis: NoiseBasis,
    /// Earlier period-to-period changes the history noise used (0 without history).
    pub history_periods: u32,
    /// For followers: the follower count at the end of the period.
    pub level: Option<f64>,
}

/// A spike or a drop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum AnomalyDirection {
    /// Far above the baseline.
    Spike,
    /// Far below the baseline.
    Drop,
}

/// Facts of an anomaly insight: the most extreme day of one metric in one direction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AnomalyFacts {
    /// The daily series; for level metrics (followers, connections) the day-over-day change.
    pub metric: SeriesMetric,
    /// Spike or drop.
    pub direction: AnomalyDirection,
    /// The most extreme day (local date).
    pub date: NaiveDate,
    /// That day's value.
    pub value: f64,
    /// Median of the baseline days before the period.
    pub baseline_median: f64,
    /// Robust z-score: `(value − median) ÷ (1.4826 × MAD)` (Iglewicz & Hoaglin's modified
    /// z-score, `0.6745 (x − median) ÷ MAD`).
    pub z_score: f64,
    /// Days of the period beyond the threshold in this direction.
    pub anomalous_days: u32,
    /// Baseline days used.
    pub baseline_days: u32,
    /// The post that explains a spike: the most engaged post published that day or the day
    /// before.
    pub post_id: Option<String>,
    /// The first line of that post (at most 80 characters).
    pub post_snippet: Option<String>,
    /// For a drop: days since the last post before that day, when there was one.
    pub days_since_post: Option<u32>,
}

/// One feature of the top post against the user's typical post.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PostTrait {
    /// Stable key: `characters`, `visual_media`, `question`, `hashtags`, `link`,
    /// `local_hour`, `call_to_action`, `hook_fits_fold`, `quality_score`.
    pub key: String,
    /// Human-readable label.
    pub label: String,
    /// The top post's value (1/0 for yes/no features).
    pub value: f64,
    /// The typical post's value: the median, or the share of posts with the feature;
    /// `None` when there are no other posts to compare with.
    pub typical: Option<f64>,
    /// Unit of `value` and `typical`.
    pub unit: String,
    /// Whether this feature sets the top post apart from the typical one.
    pub stands_out: bool,
}

/// Facts of a top-post insight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TopPostFacts {
    /// The post's id.
    pub post_id: String,
    /// Its first line (at most 80 characters).
    pub snippet: String,
    /// When it was published.
    pub created_at: DateTime<Utc>,
    /// Local weekday of publication.
    pub weekday: Weekday,
    /// Local hour of publication, 0–23.
    pub hour: u32,
    /// Its media.
    pub media_kind: MediaKind,
    /// Its engagements (likes + comments + shares + saves).
    pub engagements: i64,
    /// Its comments, where reported.
    pub comments: Option<i64>,
    /// Its impressions, where reported.
    pub impressions: Option<i64>,
    /// What posts are compared by.
    pub basis: RateBasis,
    /// Its value on that basis (percent for rates, a count for raw engagements).
    pub rate: f64,
    /// The median of the user's other posts up to the period's end, same basis.
    pub median_rate: Option<f64>,
    /// `rate ÷ median_rate`; `None` without at least two other posts or a zero median.
    pub lift: Option<f64>,
    /// Other posts compared with.
    pub posts_compared: u32,
    /// Its features against the typical post.
    pub traits: Vec<PostTrait>,
}

/// How the posting rhythm went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum CadenceStatus {
    /// No post yet, ever.
    NotStarted,
    /// Every week of the period met the target and the streak is at least two weeks.
    StreakKept,
    /// The period met the target (a streak is starting).
    OnTarget,
    /// Some posts, fewer than the target, and no streak was running.
    BelowTarget,
    /// A running streak ended in this period.
    StreakBroken,
    /// No post this period, and no streak was running.
    Silent,
}

/// Where the weekly posting target came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum TargetSource {
    /// `InsightInput::posts_per_week_goal`.
    Input,
    /// The target of a `posts_per_week` goal among the input's goals.
    Goal,
    /// `InsightConfig::default_posts_per_week`.
    Default,
}

/// Facts of a cadence insight. Weeks are the seven-day blocks that end where the period
/// ends (calendar weeks for a digest on Monday).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CadenceFacts {
    /// How it went.
    pub status: CadenceStatus,
    /// Posts published in the period.
    pub posts: u32,
    /// Posts the target asks for in the period (`target_per_week` × weeks, rounded).
    pub target: u32,
    /// The weekly target.
    pub target_per_week: u32,
    /// Where the weekly target came from.
    pub target_source: TargetSource,
    /// Consecutive weeks meeting the target, up to the period's end.
    pub streak_weeks: u32,
    /// The streak as it stood when the period began.
    pub previous_streak_weeks: u32,
    /// Longest run of days without a post within the period (counting from its start and
    /// to its end).
    pub longest_gap_days: u32,
    /// Days from the last post to the period's end; `None` without any post.
    pub days_since_last_post: Option<u32>,
}

/// The family of an achievement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum AchievementKind {
    /// Followers passed a threshold (`followers_1000`).
    FollowerMilestone,
    /// A post set a new best engagement rate (`best_engagement_rate:<post id>`).
    BestEngagement,
    /// The first post with N or more comments (`first_post_100_comments`).
    CommentMilestone,
    /// N consecutive weeks meeting the posting target (`streak_4_weeks`).
    PostingStreak,
    /// A goal passed 25 %, 50 % or 75 % of the way (`goal:<goal id>:milestone_50`).
    GoalMilestone,
}

/// Facts of an achievement insight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AchievementFacts {
    /// The achievement's stable id; add it to `InsightInput::granted_achievements` so it is
    /// never granted again.
    pub achievement_id: String,
    /// Its family.
    pub achievement: AchievementKind,
    /// The threshold crossed (followers, comments, weeks, goal fraction, or the previous
    /// best rate for a best engagement).
    pub threshold: f64,
    /// The value reached.
    pub value: f64,
    /// Unit of `threshold` and `value` (`followers`, `comments`, `%`, `engagements`,
    /// `weeks`, `progress`).
    pub unit: String,
    /// The local day it happened, where known.
    pub date: Option<NaiveDate>,
    /// The post behind it (best engagement, comment milestone).
    pub post_id: Option<String>,
    /// That post's first line.
    pub post_snippet: Option<String>,
    /// The goal behind it (goal milestones).
    pub goal_id: Option<String>,
    /// That goal's name.
    pub goal_name: Option<String>,
}

/// What changed about a goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum GoalChange {
    /// The target was reached during the period.
    Achieved,
    /// The goal slipped to at risk.
    NowAtRisk,
    /// The goal slipped to off track.
    NowOffTrack,
    /// The goal recovered to on track.
    BackOnTrack,
    /// The deadline passed without the target.
    Missed,
    /// No status change, but the deadline is within two periods and the target is not met.
    DeadlineNear,
}

/// Facts of a goal insight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GoalFacts {
    /// The goal's id (its hash when the host gave none).
    pub goal_id: String,
    /// Its name.
    pub name: Option<String>,
    /// What it measures.
    pub metric: GoalMetric,
    /// What changed.
    pub change: GoalChange,
    /// Status one period before `now`.
    pub previous_status: GoalStatus,
    /// Status at `now`.
    pub status: GoalStatus,
    /// Progress (0 at the baseline, 1 at the target).
    pub progress: f64,
    /// Progress a linear pace would have reached by now.
    pub expected_progress: f64,
    /// Latest measured value.
    pub current_value: f64,
    /// The target.
    pub target: f64,
    /// Days to the deadline (0 after it).
    pub days_remaining: f64,
    /// Change per week still needed to make the deadline.
    pub required_per_week: Option<f64>,
    /// The deadline.
    pub deadline: DateTime<Utc>,
}

/// Facts of a benchmark insight: the overall score (`dimension` = `None`) or a dimension,
/// each a percentile against peers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BenchmarkFacts {
    /// The dimension, or `None` for the overall score.
    pub dimension: Option<Dimension>,
    /// Its current score, 0–100.
    pub current: f64,
    /// Its score in the previous analysis.
    pub previous: Option<f64>,
    /// `current − previous`.
    pub delta: Option<f64>,
    /// Improved / steady / declined (±2 points, [`STEADY_THRESHOLD`](crate::score::STEADY_THRESHOLD));
    /// unknown without a previous analysis.
    pub trend: Trend,
    /// The strongest dimension now.
    pub strongest: Option<Dimension>,
    /// The weakest dimension now.
    pub weakest: Option<Dimension>,
}

/// Facts of a recommendation insight (from the current brand analysis).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RecommendationFacts {
    /// The action.
    pub action: ActionKind,
    /// Its title in the analysis.
    pub title: String,
    /// Its detail in the analysis.
    pub detail: String,
    /// The dimension it moves most.
    pub dimension: Dimension,
    /// Expected overall gain, points.
    pub expected_gain: f64,
    /// Effort.
    pub effort: Effort,
    /// 1 for the analysis's top recommendation, 2 for the next, ...
    pub rank: u32,
}

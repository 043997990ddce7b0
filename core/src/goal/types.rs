//! Inputs and outputs of goal evaluation.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What a goal measures. The unit is the host's: brandpilot only compares numbers, so
/// `engagement_rate` may be a fraction (`0.042`) or a percentage (`4.2`) as long as the
/// baseline, target and observations agree.
///
/// Every metric except `custom` is a count or a rate and must never be negative.
///
/// ```
/// use brandpilot::goal::GoalMetric;
/// let m: GoalMetric = serde_json::from_str("\"posts_per_week\"").unwrap();
/// assert_eq!(m, GoalMetric::PostsPerWeek);
/// assert!(m.is_non_negative());
/// assert!(!GoalMetric::Custom.is_non_negative());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum GoalMetric {
    /// Follower (or connection) count.
    Followers,
    /// Engagement rate, in the host's unit (fraction or percentage).
    EngagementRate,
    /// Impressions per period chosen by the host.
    Impressions,
    /// Posting cadence.
    PostsPerWeek,
    /// Profile views per period chosen by the host.
    ProfileViews,
    /// Anything else; the only metric that may be negative.
    Custom,
}

impl GoalMetric {
    /// Whether values of this metric must be `>= 0` (every metric except `custom`).
    pub fn is_non_negative(self) -> bool {
        !matches!(self, GoalMetric::Custom)
    }

    /// Whether the metric is a running total (followers, custom), where reaching the target
    /// once achieves the goal. The others are rates per period (engagement rate, posts per
    /// week, impressions, profile views): one good week does not make a habit, so such a
    /// goal is achieved only while its latest observation meets the target.
    ///
    /// ```
    /// use brandpilot::goal::GoalMetric;
    /// assert!(GoalMetric::Followers.is_running_total());
    /// assert!(!GoalMetric::PostsPerWeek.is_running_total());
    /// ```
    pub fn is_running_total(self) -> bool {
        matches!(self, GoalMetric::Followers | GoalMetric::Custom)
    }
}

/// Which way the metric should move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum GoalDirection {
    /// The target is above the baseline (grow followers).
    Increase,
    /// The target is below the baseline (cut a cost, a response time, ...).
    Decrease,
}

/// A goal: move `metric` from `baseline` (its value at `start`) to `target` by `deadline`.
///
/// JSON: `id` and `name` may be omitted; everything else is required.
///
/// ```
/// use brandpilot::goal::Goal;
/// let goal: Goal = serde_json::from_str(r#"{
///     "metric": "followers", "direction": "increase",
///     "baseline": 1000, "target": 2000,
///     "start": "2026-01-01T00:00:00Z", "deadline": "2026-07-01T00:00:00Z"
/// }"#).unwrap();
/// assert_eq!(goal.id, None);
/// assert_eq!(goal.target, 2000.0);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Goal {
    /// The host's id for the goal, echoed in [`GoalProgress::goal_id`].
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub id: Option<String>,
    /// A human-readable name ("Reach 2,000 followers").
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub name: Option<String>,
    /// What is measured.
    pub metric: GoalMetric,
    /// Which way the metric should move; must agree with `baseline` and `target`.
    pub direction: GoalDirection,
    /// The metric's value at `start`: progress 0.
    pub baseline: f64,
    /// The value to reach: progress 1. Must differ from `baseline`.
    pub target: f64,
    /// When the goal starts (RFC 3339).
    pub start: DateTime<Utc>,
    /// When the target should be reached (RFC 3339); must be after `start`.
    pub deadline: DateTime<Utc>,
}

/// One measurement of the goal's metric.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Observation {
    /// When the value was measured (RFC 3339).
    pub at: DateTime<Utc>,
    /// The measured value, in the goal's unit.
    pub value: f64,
}

/// Where a goal stands. The rules that pick it are documented on
/// [`evaluate`](super::evaluate), in this order of precedence:
/// `achieved`, `not_started`, `missed`, then `on_track` / `at_risk` / `off_track`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum GoalStatus {
    /// `now` is before the goal's start (and the target has not been reached).
    NotStarted,
    /// Keeping pace with the deadline, or trending to reach the target by it.
    OnTrack,
    /// Behind, but could still make it with a push (or within a short grace period).
    AtRisk,
    /// Well behind, and the trend does not reach the target in time.
    OffTrack,
    /// The target was reached (see [`GoalProgress::achieved_at`]).
    Achieved,
    /// The deadline has passed without the target being reached.
    Missed,
}

/// A quarter-way mark of a goal.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Milestone {
    /// The fraction of the way from baseline to target: 0.25, 0.5, 0.75 or 1.0.
    pub fraction: f64,
    /// The metric value at that fraction: `baseline + fraction * (target - baseline)`.
    pub value: f64,
    /// The time of the first observation (in `[start, now]`, in time order) whose progress
    /// reached `fraction`; `None` while not reached.
    pub reached_at: Option<DateTime<Utc>>,
}

/// The result of [`evaluate`](super::evaluate): where a goal stands at `now`, its pace,
/// trend, forecast and milestones. Every number is finite.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GoalProgress {
    /// The goal's `id`, echoed.
    pub goal_id: Option<String>,
    /// Where the goal stands (rules on [`evaluate`](super::evaluate)).
    pub status: GoalStatus,
    /// The latest observation at or before `now` (of any time, even before `start`);
    /// the baseline when there is none.
    pub current_value: f64,
    /// When `current_value` was measured; `None` when it is the baseline.
    pub current_at: Option<DateTime<Utc>>,
    /// The fraction of the way from baseline to target that `current_value` has covered:
    /// `(current_value - baseline) / (target - baseline)`, which works for both
    /// directions. It is negative when the metric moved away from the target and above 1
    /// when it overshot: it is deliberately not clamped.
    pub progress: f64,
    /// The fraction of the goal's time elapsed at `now`, clamped to `0..=1`: the progress
    /// a steady, linear pace would have reached by now.
    pub expected_progress: f64,
    /// The Theil–Sen slope of the observations in `[start, now]`, in metric units per week
    /// (signed: negative when the metric falls). `None` with fewer than two observations
    /// at distinct times.
    pub trend_per_week: Option<f64>,
    /// When the Theil–Sen line reaches the target, rounded to the second; `now` itself when
    /// the line has already passed the target but no observation has. `None` when the goal is already achieved (see `achieved_at`), when there is
    /// no trend, when the trend is flat or moving away from the target, or when the
    /// crossing is more than 100 years away.
    pub projected_completion: Option<DateTime<Utc>>,
    /// The signed change per week still needed from `current_value` to hit the target by
    /// the deadline: `(target - current_value) / weeks from now to deadline`. `None` once
    /// achieved or at/after the deadline.
    pub required_per_week: Option<f64>,
    /// Days from `now` to the deadline (fractional); 0 at or after the deadline.
    pub days_remaining: f64,
    /// The first observation in `[start, now]` at which progress reached 1; `None` if none.
    pub achieved_at: Option<DateTime<Utc>>,
    /// How many observations lie in `[start, now]` (the ones the trend, milestones and
    /// achievement are computed from).
    pub observations_used: u32,
    /// The 25 %, 50 %, 75 % and 100 % marks, in that order.
    pub milestones: Vec<Milestone>,
}

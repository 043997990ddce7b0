//! Inputs of [`generate`](super::generate) and [`digest`](super::digest), and their checks.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::goal::{Goal, Observation};
use crate::model::{AccountSnapshot, validate};
use crate::score::BrandAnalysis;
use crate::{Error, Result};

/// Longest accepted achievement id, in bytes.
const MAX_ACHIEVEMENT_ID: usize = 300;
/// Most granted achievement ids accepted.
const MAX_GRANTED: usize = 10_000;
/// Most goals accepted.
const MAX_GOALS: usize = 100;

/// A goal with its measurements, as [`goal::evaluate`](crate::goal::evaluate) takes them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GoalWithObservations {
    /// The goal.
    pub goal: Goal,
    /// Its measurements, in any order.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub observations: Vec<Observation>,
}

/// Everything the mentor knows about one user.
///
/// Only `snapshot` and `time_zone` are required in JSON.
///
/// ```
/// use brandpilot::insight::InsightInput;
/// let input: InsightInput = serde_json::from_str(r#"{
///     "snapshot": {"profile": {"platform": "linkedin", "handle": "ada"}},
///     "time_zone": "Europe/Amsterdam"
/// }"#).unwrap();
/// assert!(input.goals.is_empty() && input.analysis.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InsightInput {
    /// The account: profile, posts, daily series (series dates are local days).
    pub snapshot: AccountSnapshot,
    /// The user's IANA time zone (`Europe/Amsterdam`): periods, weeks and posting hours are
    /// local to it.
    pub time_zone: String,
    /// The latest brand analysis ([`score::analyze`](crate::score::analyze)), for benchmark
    /// and recommendation insights.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub analysis: Option<BrandAnalysis>,
    /// The analysis before it (typically one period earlier), for score movements.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub previous_analysis: Option<BrandAnalysis>,
    /// The user's goals with their observations.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub goals: Vec<GoalWithObservations>,
    /// Ids of achievements already granted (from earlier insights'
    /// [`AchievementFacts::achievement_id`](super::AchievementFacts::achievement_id)): each
    /// achievement is granted once, ever.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub granted_achievements: Vec<String>,
    /// The user's posting goal, posts per week (1–100); else a `posts_per_week` goal's
    /// target, else [`InsightConfig::default_posts_per_week`].
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub posts_per_week_goal: Option<u32>,
}

impl InsightInput {
    /// An input with only the snapshot and the time zone.
    pub fn new(snapshot: AccountSnapshot, time_zone: impl Into<String>) -> Self {
        InsightInput {
            snapshot,
            time_zone: time_zone.into(),
            analysis: None,
            previous_analysis: None,
            goals: Vec::new(),
            granted_achievements: Vec::new(),
            posts_per_week_goal: None,
        }
    }

    /// Checks everything but the time zone and goals (checked where they are used, so each
    /// is parsed or evaluated once); errors name the field (`snapshot.posts[3].id`).
    pub(crate) fn validate_shallow(&self, now: DateTime<Utc>) -> Result<()> {
        self.snapshot
            .validate(now)
            .map_err(|e| e.within("snapshot"))?;
        let platform = self.snapshot.profile.platform;
        for (name, analysis) in [
            ("analysis", &self.analysis),
            ("previous_analysis", &self.previous_analysis),
        ] {
            let Some(a) = analysis else { continue };
            check_analysis(a, platform).map_err(|e| e.within(name))?;
        }
        if self.goals.len() > MAX_GOALS {
            return Err(Error::invalid(
                "goals",
                format!("at most {MAX_GOALS} goals are accepted"),
            ));
        }
        for (i, g) in self.goals.iter().enumerate() {
            let Some(id) = &g.goal.id else { continue };
            if self.goals[..i]
                .iter()
                .any(|e| e.goal.id.as_ref() == Some(id))
            {
                return Err(Error::invalid(
                    format!("goals[{i}].goal.id"),
                    format!("duplicate goal id `{id}`"),
                ));
            }
        }
        if self.granted_achievements.len() > MAX_GRANTED {
            return Err(Error::invalid(
                "granted_achievements",
                format!("at most {MAX_GRANTED} ids are accepted"),
            ));
        }
        for (i, id) in self.granted_achievements.iter().enumerate() {
            validate::max_len(
                &format!("granted_achievements[{i}]"),
                id,
                MAX_ACHIEVEMENT_ID,
            )?;
        }
        if let Some(n) = self.posts_per_week_goal {
            if !(1..=100).contains(&n) {
                return Err(Error::invalid(
                    "posts_per_week_goal",
                    "must be between 1 and 100",
                ));
            }
        }
        Ok(())
    }
}

fn check_analysis(a: &BrandAnalysis, platform: crate::model::Platform) -> Result<()> {
    let score = |field: &str, v: f64| -> Result<()> {
        validate::finite(field, v)?;
        if !(0.0..=100.0).contains(&v) {
            return Err(Error::invalid(field, "must be between 0 and 100"));
        }
        Ok(())
    };
    score("overall", a.overall)?;
    if a.platform != platform {
        return Err(Error::invalid(
            "platform",
            format!("is {} but the snapshot is on {platform}", a.platform),
        ));
    }
    for (i, d) in a.dimensions.iter().enumerate() {
        if let Some(s) = d.score {
            score(&format!("dimensions[{i}].score"), s)?;
        }
    }
    for (i, r) in a.recommendations.iter().enumerate() {
        validate::finite(
            &format!("recommendations[{i}].expected_gain"),
            r.expected_gain,
        )?;
    }
    Ok(())
}

fn default_max_insights() -> u32 {
    8
}
fn default_noise_k() -> f64 {
    2.0
}
fn default_min_relative_change() -> f64 {
    0.05
}
fn default_trend_history() -> u32 {
    8
}
fn default_anomaly_z() -> f64 {
    3.5
}
fn default_anomaly_baseline_days() -> u32 {
    28
}
fn default_anomaly_min_relative() -> f64 {
    0.25
}
fn default_follower_milestones() -> Vec<u64> {
    vec![
        100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000,
        1_000_000,
    ]
}
fn default_comment_milestones() -> Vec<u32> {
    vec![100]
}
fn default_streak_milestones() -> Vec<u32> {
    vec![4, 8, 12, 26, 52]
}
fn default_posts_per_week() -> u32 {
    1
}
fn default_best_engagement_min_posts() -> u32 {
    5
}
fn default_max_recommendations() -> u32 {
    2
}

/// How insights are found and ranked. `{}` in JSON is the default configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InsightConfig {
    /// Most insights returned (default 8). Pinned insights (goals, achievements) are always
    /// returned, even beyond it.
    #[serde(default = "default_max_insights")]
    #[cfg_attr(feature = "uniffi", uniffi(default = 8))]
    pub max_insights: u32,
    /// A trend is up or down when its change exceeds `noise_k` × its noise (default 2: a
    /// change twice the typical period-to-period change, outside ~95 % of ordinary moves
    /// for normal noise).
    #[serde(default = "default_noise_k")]
    #[cfg_attr(feature = "uniffi", uniffi(default = 2.0))]
    pub noise_k: f64,
    /// The noise is at least this fraction of the previous value (default 0.05): moves
    /// under `noise_k` × 5 % are steady however calm the series.
    #[serde(default = "default_min_relative_change")]
    #[cfg_attr(feature = "uniffi", uniffi(default = 0.05))]
    pub min_relative_change: f64,
    /// Earlier period-to-period changes used to estimate a trend's noise (default 8; at
    /// least 3 must exist, else the spread inside the two periods is used).
    #[serde(default = "default_trend_history")]
    #[cfg_attr(feature = "uniffi", uniffi(default = 8))]
    pub trend_history: u32,
    /// Robust z-score beyond which a day is an anomaly (default 3.5, Iglewicz & Hoaglin
    /// 1993, "How to Detect and Handle Outliers", for the modified z-score).
    #[serde(default = "default_anomaly_z")]
    #[cfg_attr(feature = "uniffi", uniffi(default = 3.5))]
    pub anomaly_z: f64,
    /// Days before the period that form an anomaly baseline (default 28; at least 7 points
    /// must exist).
    #[serde(default = "default_anomaly_baseline_days")]
    #[cfg_attr(feature = "uniffi", uniffi(default = 28))]
    pub anomaly_baseline_days: u32,
    /// An anomaly must also differ from the baseline median by this fraction of it (default
    /// 0.25): a statistically clear 3 % move of a very steady series is not news.
    #[serde(default = "default_anomaly_min_relative")]
    #[cfg_attr(feature = "uniffi", uniffi(default = 0.25))]
    pub anomaly_min_relative: f64,
    /// Follower counts that are achievements when crossed.
    #[serde(default = "default_follower_milestones")]
    pub follower_milestones: Vec<u64>,
    /// Comment counts whose first post reaching them is an achievement.
    #[serde(default = "default_comment_milestones")]
    pub comment_milestones: Vec<u32>,
    /// Posting-streak lengths (weeks) that are achievements.
    #[serde(default = "default_streak_milestones")]
    pub streak_milestones: Vec<u32>,
    /// Weekly posting target without a posting goal (default 1: post every week).
    #[serde(default = "default_posts_per_week")]
    #[cfg_attr(feature = "uniffi", uniffi(default = 1))]
    pub default_posts_per_week: u32,
    /// Earlier posts with a rate needed before a "best engagement ever" counts (default 5).
    #[serde(default = "default_best_engagement_min_posts")]
    #[cfg_attr(feature = "uniffi", uniffi(default = 5))]
    pub best_engagement_min_posts: u32,
    /// Recommendations of the analysis turned into insights (default 2).
    #[serde(default = "default_max_recommendations")]
    #[cfg_attr(feature = "uniffi", uniffi(default = 2))]
    pub max_recommendations: u32,
}

impl Default for InsightConfig {
    fn default() -> Self {
        InsightConfig {
            max_insights: default_max_insights(),
            noise_k: default_noise_k(),
            min_relative_change: default_min_relative_change(),
            trend_history: default_trend_history(),
            anomaly_z: default_anomaly_z(),
            anomaly_baseline_days: default_anomaly_baseline_days(),
            anomaly_min_relative: default_anomaly_min_relative(),
            follower_milestones: default_follower_milestones(),
            comment_milestones: default_comment_milestones(),
            streak_milestones: default_streak_milestones(),
            default_posts_per_week: default_posts_per_week(),
            best_engagement_min_posts: default_best_engagement_min_posts(),
            max_recommendations: default_max_recommendations(),
        }
    }
}

impl InsightConfig {
    /// Checks every bound; errors name the field (`noise_k`).
    pub fn validate(&self) -> Result<()> {
        let range = |field: &str, v: f64, lo: f64, hi: f64| -> Result<()> {
            if !v.is_finite() || v < lo || v > hi {
                return Err(Error::invalid(
                    field,
                    format!("must be a number between {lo} and {hi}"),
                ));
            }
            Ok(())
        };
        let count = |field: &str, v: u32, lo: u32, hi: u32| -> Result<()> {
            if !(lo..=hi).contains(&v) {
                return Err(Error::invalid(
                    field,
                    format!("must be between {lo} and {hi}"),
                ));
            }
            Ok(())
        };
        count("max_insights", self.max_insights, 0, 100)?;
        range("noise_k", self.noise_k, 0.0, 100.0)?;
        range("min_relative_change", self.min_relative_change, 0.0, 10.0)?;
        count("trend_history", self.trend_history, 0, 104)?;
        range("anomaly_z", self.anomaly_z, 0.5, 100.0)?;
        count("anomaly_baseline_days", self.anomaly_baseline_days, 7, 366)?;
        range(
            "anomaly_min_relative",
            self.anomaly_min_relative,
            0.0,
            100.0,
        )?;
        count(
            "default_posts_per_week",
            self.default_posts_per_week,
            1,
            100,
        )?;
        count(
            "best_engagement_min_posts",
            self.best_engagement_min_posts,
            1,
            10_000,
        )?;
        count("max_recommendations", self.max_recommendations, 0, 50)?;
        let lists: [(&str, Vec<u64>); 3] = [
            ("follower_milestones", self.follower_milestones.clone()),
            (
                "comment_milestones",
                self.comment_milestones
                    .iter()
                    .map(|&v| u64::from(v))
                    .collect(),
            ),
            (
                "streak_milestones",
                self.streak_milestones
                    .iter()
                    .map(|&v| u64::from(v))
                    .collect(),
            ),
        ];
        for (field, list) in lists {
            if list.len() > 100 {
                return Err(Error::invalid(field, "at most 100 thresholds are accepted"));
            }
            if let Some(i) = list.iter().position(|&v| v == 0) {
                return Err(Error::invalid(format!("{field}[{i}]"), "must be > 0"));
            }
        }
        Ok(())
    }
}

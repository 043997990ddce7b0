//! The mentor: weekly and monthly insights, achievements, feedback-adaptive ranking,
//! narration and the digest email.
//!
//! - [`generate`] finds what the data supports — trends beyond their noise, anomalous
//!   days, the top post, posting cadence, achievements, goal status changes, benchmark
//!   moves and next steps — and ranks it by priority × the user's feedback.
//! - [`update_feedback`] folds helpful / not helpful / read / dismissed events into a
//!   per-kind Beta posterior ([`FeedbackState`]) the host stores.
//! - [`Narrator`] turns the structured facts into prose; [`TemplateNarrator`] is the
//!   deterministic default that [`generate`] uses.
//! - [`digest`] assembles the weekly or monthly review and [`render_html`] renders it as
//!   email-safe HTML with inline SVG charts.
//!
//! Periods are whole local days in the user's time zone ending where `now`'s local day
//! begins ([`Period`]). Everything is a pure function of its inputs and `now`.
//!
//! ```
//! use brandpilot::insight::{generate, FeedbackState, InsightConfig, InsightInput, InsightKind, Period};
//! let input: InsightInput = serde_json::from_str(r#"{
//!     "snapshot": {"profile": {"platform": "linkedin", "handle": "ada", "followers": 120},
//!                  "posts": [{"id": "p1", "platform": "linkedin", "created_at": "2026-11-18T08:00:00Z",
//!                             "text": "Hello, world", "metrics": {"impressions": 400, "likes": 12, "comments": 3}}]},
//!     "time_zone": "Europe/Amsterdam"
//! }"#).unwrap();
//! let now = "2026-11-23T09:00:00Z".parse().unwrap();
//! let insights = generate(&input, Period::Week, now, &FeedbackState::default(), &InsightConfig::default()).unwrap();
//! assert!(insights.iter().any(|i| i.kind == InsightKind::TopPost));
//! assert!(insights.iter().any(|i| i.kind == InsightKind::Achievement)); // 100 followers
//! assert!(insights.iter().all(|i| !i.title.is_empty()));
//! ```

mod achievement;
mod anomaly;
mod benchmark;
mod cadence;
mod context;
mod digest;
mod goal;
mod html;
mod input;
mod narrate;
mod period;
mod rank;
mod recommend;
mod stats;
mod svg;
mod top_post;
mod trend;
mod types;

pub use anomaly::MIN_BASELINE_DAYS;
pub use digest::{
    ChartPoint, Digest, DigestAccount, DigestCharts, DigestGoal, MAX_SPARKLINE_POINTS, PlannedSlot,
    RadarAxis, ScoreSummary, WeekPlan, digest,
};
pub use html::render_html;
pub use input::{GoalWithObservations, InsightConfig, InsightInput};
pub use narrate::{Narration, Narrator, TemplateNarrator};
pub use period::{Period, PeriodWindow};
pub use rank::{
    FeedbackEvent, FeedbackSignal, FeedbackState, KindPreference, MAX_EVIDENCE, PRIOR_ALPHA,
    PRIOR_BETA, update_feedback,
};
pub use top_post::CONTENT_SAMPLE;
pub use types::{
    AchievementFacts, AchievementKind, AnomalyDirection, AnomalyFacts, BenchmarkFacts,
    CadenceFacts, CadenceStatus, Direction, Evidence, GoalChange, GoalFacts, Insight, InsightFacts,
    InsightKind, NoiseBasis, PostTrait, RecommendationFacts, TargetSource, TopPostFacts,
    TrendFacts, TrendMetric,
};

use chrono::{DateTime, Utc};

use crate::Result;
use crate::schedule::time::parse_time_zone;
use context::Ctx;

/// An insight before ranking and narration.
pub(crate) struct Draft {
    pub id: String,
    pub priority: f64,
    pub evidence: Vec<Evidence>,
    pub actions: Vec<String>,
    pub facts: InsightFacts,
}

/// An [`Evidence`] row.
pub(crate) fn ev(key: &str, label: impl Into<String>, value: f64, unit: &str) -> Evidence {
    Evidence {
        key: key.to_owned(),
        label: label.into(),
        value: if value == 0.0 { 0.0 } else { value },
        unit: unit.to_owned(),
    }
}

/// Insights for the `period` ending at `now`, ranked and narrated.
///
/// Each kind appears only when the data supports it (see each kind's facts type for the
/// rules): trends need the metric in both periods; anomalies need at least
/// [`MIN_BASELINE_DAYS`] baseline days; the top post needs a post with engagement in the
/// period; benchmarks and recommendations need `input.analysis`; goal insights need a
/// status change or a near deadline; achievements need a milestone crossed in the period
/// and not in `input.granted_achievements`. The cadence insight is always there.
///
/// Ranking: `rank_score = priority × feedback.weight(kind)`, best first; the top
/// `config.max_insights` are kept, plus every pinned insight (goals, achievements), which
/// feedback never demotes below its own priority.
///
/// # Errors
/// [`Error::InvalidInput`](crate::Error::InvalidInput) naming the field: `config.*`,
/// `feedback.*`, `time_zone` (not an IANA name), `snapshot.*` (as
/// [`AccountSnapshot::validate`](crate::model::AccountSnapshot::validate) as of `now`),
/// `analysis.*` / `previous_analysis.*` (score outside 0–100, another platform),
/// `goals[i].*` (as [`goal::evaluate`](crate::goal::evaluate)), `granted_achievements[i]`,
/// `posts_per_week_goal`.
pub fn generate(
    input: &InsightInput,
    period: Period,
    now: DateTime<Utc>,
    feedback: &FeedbackState,
    config: &InsightConfig,
) -> Result<Vec<Insight>> {
    let (_, insights, _) = run(input, period, now, feedback, config, config.max_insights)?;
    Ok(insights)
}

/// Validates, builds the context and returns it with the ranked, narrated insights (at
/// most `max` unpinned ones) and the evaluated goals.
fn run<'a>(
    input: &'a InsightInput,
    period: Period,
    now: DateTime<Utc>,
    feedback: &FeedbackState,
    config: &'a InsightConfig,
    max: u32,
) -> Result<(Ctx<'a>, Vec<Insight>, Vec<goal::GoalEval<'a>>)> {
    config.validate().map_err(|e| e.within("config"))?;
    feedback.validate().map_err(|e| e.within("feedback"))?;
    let tz = parse_time_zone("time_zone", &input.time_zone)?;
    input.validate_shallow(now)?;
    let ctx = Ctx::new(input, config, tz, period, now);
    let goals = goal::evaluate_all(&ctx)?;

    let mut drafts = goal::detect(&ctx, &goals);
    drafts.extend(achievement::detect(&ctx, &goals));
    drafts.extend(trend::detect(&ctx));
    drafts.extend(anomaly::detect(&ctx));
    drafts.extend(top_post::detect(&ctx));
    drafts.push(cadence::detect(&ctx));
    drafts.extend(benchmark::detect(&ctx));
    drafts.extend(recommend::detect(&ctx));

    let mut insights = rank::rank(&ctx.window, drafts, feedback, max as usize);
    TemplateNarrator.narrate_all(&mut insights);
    Ok((ctx, insights, goals))
}

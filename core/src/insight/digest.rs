//! The weekly / monthly review: headline, score change, top insights, goals,
//! achievements, next week's plan with best posting times, and the data of its charts.

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::context::Ctx;
use super::goal::GoalEval;
use super::period::{self, Block};
use super::{
    FeedbackState, Insight, InsightConfig, InsightInput, InsightKind, Period, PeriodWindow, run,
};
use crate::Result;
use crate::goal::{GoalMetric, GoalStatus};
use crate::model::{Platform, SeriesMetric};
use crate::schedule::time::local_hour_start;
use crate::schedule::{Weekday, best_times};
use crate::score::{Dimension, STEADY_THRESHOLD, Trend};

/// Most points of a sparkline (longer series are thinned evenly, keeping the last point).
pub const MAX_SPARKLINE_POINTS: usize = 120;

/// Most slots in the posting plan.
const MAX_PLAN_SLOTS: usize = 14;

/// Who the digest is for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DigestAccount {
    /// The platform.
    pub platform: Platform,
    /// The handle.
    pub handle: String,
    /// The display name, where known.
    pub display_name: Option<String>,
}

/// The brand score and its change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScoreSummary {
    /// Overall score now, 0–100.
    pub overall: f64,
    /// Overall score in the previous analysis.
    pub previous: Option<f64>,
    /// `overall − previous`.
    pub delta: Option<f64>,
    /// Improved / steady / declined (±2 points); unknown without a previous analysis.
    pub trend: Trend,
}

/// One axis of the dimension radar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RadarAxis {
    /// The dimension.
    pub dimension: Dimension,
    /// Its score now (0–100).
    pub score: Option<f64>,
    /// Its score in the previous analysis.
    pub previous: Option<f64>,
}

/// A point of a sparkline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChartPoint {
    /// The day (for per-period values, the period's first day).
    pub date: NaiveDate,
    /// The value.
    pub value: f64,
}

/// The data behind the digest's charts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DigestCharts {
    /// The five dimensions (empty without an analysis).
    pub radar: Vec<RadarAxis>,
    /// Daily follower counts: the last 90 days for a weekly digest, 365 for a monthly one.
    pub followers: Vec<ChartPoint>,
    /// Mean engagement rate (percent) of the posts of each of the last 12 periods
    /// (periods without posts left out).
    pub engagement_rate: Vec<ChartPoint>,
    /// Expected engagement lift of the 168 local (weekday, hour) slots, Monday 00:00
    /// first ([`schedule::best_times`](crate::schedule::best_times)'s grid).
    pub heatmap: Vec<f64>,
}

/// A goal as the digest shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DigestGoal {
    /// The goal's id (its hash when the host gave none).
    pub goal_id: String,
    /// Its name.
    pub name: Option<String>,
    /// What it measures.
    pub metric: GoalMetric,
    /// Its status now.
    pub status: GoalStatus,
    /// Progress, 0 at the baseline, 1 at the target (unclamped).
    pub progress: f64,
    /// Progress a linear pace would have reached.
    pub expected_progress: f64,
    /// Latest value.
    pub current_value: f64,
    /// The target.
    pub target: f64,
    /// Days to the deadline.
    pub days_remaining: f64,
    /// The deadline.
    pub deadline: DateTime<Utc>,
    /// When the trend reaches the target, if it does.
    pub projected_completion: Option<DateTime<Utc>>,
}

/// A suggested posting time in the next seven days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlannedSlot {
    /// Local date.
    pub date: NaiveDate,
    /// Local weekday.
    pub weekday: Weekday,
    /// Local hour, 0–23.
    pub hour: u32,
    /// The instant the slot begins.
    pub starts_at: DateTime<Utc>,
    /// Expected engagement relative to the user's mean (1.25 = 25 % above).
    pub expected_lift: f64,
}

/// Next week's plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WeekPlan {
    /// Posts to publish in the next seven days (the weekly target).
    pub posts: u32,
    /// When: the best slots, at most one per weekday while the target allows, in time order.
    pub slots: Vec<PlannedSlot>,
    /// The top next steps from the insights, deduplicated.
    pub actions: Vec<String>,
}

/// The weekly or monthly review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Digest {
    /// The period reviewed.
    pub period: PeriodWindow,
    /// "Week of 16–22 November 2026".
    pub period_label: String,
    /// Who it is for.
    pub account: DigestAccount,
    /// One line: the most important news of the period.
    pub headline: String,
    /// The brand score and its change (without an analysis: `None`).
    pub score: Option<ScoreSummary>,
    /// The top insights, best first (achievements are listed separately).
    pub insights: Vec<Insight>,
    /// Achievements granted in this period.
    pub achievements: Vec<Insight>,
    /// Every goal's standing.
    pub goals: Vec<DigestGoal>,
    /// Next week's plan.
    pub plan: WeekPlan,
    /// The charts' data.
    pub charts: DigestCharts,
    /// `input.granted_achievements` plus the ones granted here: store it for next time.
    pub granted_achievements: Vec<String>,
}

/// The review of the `period` ending at `now`: [`generate`](super::generate)'s insights
/// plus the score, goals, a posting plan for the next seven days and chart data. Render
/// it with [`render_html`](super::render_html). Same errors as `generate`.
///
/// ```
/// use brandpilot::insight::{digest, render_html, FeedbackState, InsightConfig, InsightInput, Period};
/// let input: InsightInput = serde_json::from_str(r#"{
///     "snapshot": {"profile": {"platform": "linkedin", "handle": "ada"}},
///     "time_zone": "America/New_York"
/// }"#).unwrap();
/// let d = digest(&input, Period::Week, "2026-11-23T14:00:00Z".parse().unwrap(),
///                &FeedbackState::default(), &InsightConfig::default()).unwrap();
/// assert_eq!(d.plan.slots.len(), 1);
/// assert_eq!(d.charts.heatmap.len(), 168);
/// assert!(render_html(&d).contains("<svg"));
/// ```
pub fn digest(
    input: &InsightInput,
    period: Period,
    now: DateTime<Utc>,
    feedback: &FeedbackState,
    config: &InsightConfig,
) -> Result<Digest> {
    let (ctx, insights, goals) = run(input, period, now, feedback, config, config.max_insights)?;
    let (achievements, insights): (Vec<Insight>, Vec<Insight>) = insights
        .into_iter()
        .partition(|i| i.kind == InsightKind::Achievement);

    let profile = &input.snapshot.profile;
    let account = DigestAccount {
        platform: profile.platform,
        handle: profile.handle.clone(),
        display_name: profile.display_name.clone(),
    };
    let score = input.analysis.as_ref().map(|a| {
        let previous = input.previous_analysis.as_ref().map(|p| p.overall);
        let delta = previous.map(|p| a.overall - p);
        ScoreSummary {
            overall: a.overall,
            previous,
            delta,
            trend: match delta {
                None => Trend::Unknown,
                Some(d) if d > STEADY_THRESHOLD => Trend::Improved,
                Some(d) if d < -STEADY_THRESHOLD => Trend::Declined,
                Some(_) => Trend::Steady,
            },
        }
    });
    let headline = achievements
        .first()
        .or_else(|| insights.first())
        .map_or_else(|| "A quiet period".to_owned(), |i| i.title.clone());
    let mut granted = input.granted_achievements.clone();
    for a in &achievements {
        if let Some(f) = &a.facts.achievement {
            if !granted.contains(&f.achievement_id) {
                granted.push(f.achievement_id.clone());
            }
        }
    }
    let mut actions: Vec<String> = Vec::new();
    for a in insights.iter().flat_map(|i| i.actions.iter()) {
        if actions.len() < 3 && !actions.contains(a) {
            actions.push(a.clone());
        }
    }
    let (slots, heatmap) = plan_slots(&ctx)?;
    Ok(Digest {
        period_label: period_label(&ctx.window),
        period: ctx.window.clone(),
        account,
        headline,
        score,
        goals: goals.iter().map(digest_goal).collect(),
        plan: WeekPlan {
            posts: ctx.target_per_week,
            slots,
            actions,
        },
        charts: DigestCharts {
            radar: radar(input),
            followers: followers_chart(&ctx),
            engagement_rate: engagement_chart(&ctx),
            heatmap,
        },
        insights,
        achievements,
        granted_achievements: granted,
    })
}

/// "Week of 16–22 November 2026", "Month of 23 October–22 November 2026".
fn period_label(w: &PeriodWindow) -> String {
    let (a, b) = (w.first_day, w.last_day);
    let head = match w.period {
        Period::Week => "Week of",
        Period::Month => "Month of",
    };
    use chrono::Datelike;
    let range = if a.year() != b.year() {
        format!("{}–{}", a.format("%-d %B %Y"), b.format("%-d %B %Y"))
    } else if a.month() != b.month() {
        format!("{}–{}", a.format("%-d %B"), b.format("%-d %B %Y"))
    } else {
        format!("{}–{}", a.format("%-d"), b.format("%-d %B %Y"))
    };
    format!("{head} {range}")
}

fn digest_goal(g: &GoalEval) -> DigestGoal {
    let p = &g.now;
    DigestGoal {
        goal_id: g.id.clone(),
        name: g.entry.goal.name.clone(),
        metric: g.entry.goal.metric,
        status: p.status,
        progress: p.progress,
        expected_progress: p.expected_progress,
        current_value: p.current_value,
        target: g.entry.goal.target,
        days_remaining: p.days_remaining,
        deadline: g.entry.goal.deadline,
        projected_completion: p.projected_completion,
    }
}

fn radar(input: &InsightInput) -> Vec<RadarAxis> {
    let Some(a) = &input.analysis else {
        return vec![];
    };
    let prev = |d: Dimension| {
        input
            .previous_analysis
            .as_ref()
            .and_then(|p| p.dimension(d))
            .and_then(|s| s.score)
    };
    Dimension::ALL
        .iter()
        .map(|&d| RadarAxis {
            dimension: d,
            score: a.dimension(d).and_then(|s| s.score),
            previous: prev(d),
        })
        .collect()
}

/// At most `max` points of `points`, evenly spaced by index, the last one included.
fn thin(points: Vec<ChartPoint>, max: usize) -> Vec<ChartPoint> {
    let n = points.len();
    if n <= max || max < 2 {
        return points;
    }
    (0..max)
        .map(|k| points[k * (n - 1) / (max - 1)].clone())
        .collect()
}

fn followers_chart(ctx: &Ctx) -> Vec<ChartPoint> {
    let end = ctx.current().end;
    let days = match ctx.period {
        Period::Week => 90,
        Period::Month => 365,
    };
    let start = end.checked_sub_days(Days::new(days)).unwrap_or(end);
    let pts = ctx.series(SeriesMetric::Followers);
    let lo = pts.partition_point(|p| p.date < start);
    let hi = pts.partition_point(|p| p.date < end);
    let points = pts[lo..hi.max(lo)]
        .iter()
        .map(|p| ChartPoint {
            date: p.date,
            value: p.value,
        })
        .collect();
    thin(points, MAX_SPARKLINE_POINTS)
}

fn engagement_chart(ctx: &Ctx) -> Vec<ChartPoint> {
    let mut blocks: Vec<Block> = period::blocks(ctx.period, ctx.current().end, 12);
    blocks.reverse();
    blocks
        .into_iter()
        .filter_map(|b| {
            let rates: Vec<f64> = ctx.posts_in(b).iter().filter_map(|p| p.rate).collect();
            (!rates.is_empty()).then(|| ChartPoint {
                date: b.start,
                value: rates.iter().sum::<f64>() / rates.len() as f64,
            })
        })
        .collect()
}

/// The next seven days' best slots and the 168-slot heat map.
fn plan_slots(ctx: &Ctx) -> Result<(Vec<PlannedSlot>, Vec<f64>)> {
    let profile = &ctx.input.snapshot.profile;
    let bt = best_times(
        &ctx.input.snapshot.posts,
        &ctx.input.time_zone,
        profile.platform,
        168,
        profile.audience(),
    )?;
    let heatmap: Vec<f64> = bt.grid.iter().map(|s| s.expected_lift).collect();
    let wanted = (ctx.target_per_week as usize).min(MAX_PLAN_SLOTS);
    let today = period::local_day(ctx.tz, ctx.now);
    // The date of each weekday in the next seven days (tomorrow first).
    let date_of = |w: Weekday| -> Option<NaiveDate> {
        (1..=7u64)
            .filter_map(|k| today.checked_add_days(Days::new(k)))
            .find(|d| Weekday::from_chrono(chrono::Datelike::weekday(d)) == w)
    };
    let mut chosen: Vec<PlannedSlot> = Vec::new();
    // First pass: one slot per weekday; second pass (targets above 7): any slot.
    for one_per_day in [true, false] {
        for s in &bt.slots {
            if chosen.len() >= wanted {
                break;
            }
            if chosen
                .iter()
                .any(|c| c.weekday == s.weekday && c.hour == s.hour)
                || (one_per_day && chosen.iter().any(|c| c.weekday == s.weekday))
            {
                continue;
            }
            let Some(date) = date_of(s.weekday) else {
                continue;
            };
            let Some(starts_at) = local_hour_start(ctx.tz, date, s.hour) else {
                continue;
            };
            chosen.push(PlannedSlot {
                date,
                weekday: s.weekday,
                hour: s.hour,
                starts_at,
                expected_lift: s.expected_lift,
            });
        }
    }
    chosen.sort_by_key(|s| s.starts_at);
    Ok((chosen, heatmap))
}

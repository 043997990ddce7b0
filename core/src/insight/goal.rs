//! Goal insights: status changes between one period before `now` and `now`, and near
//! deadlines.
//!
//! Each goal is evaluated twice with [`goal::evaluate`](crate::goal::evaluate): at `now`,
//! and one period earlier with the observations known then. A change to achieved, missed,
//! at risk or off track, or back to on track, is an insight; without a change, a goal
//! whose deadline is within two periods and whose target is not met gets a reminder.

use chrono::{DateTime, Utc};

use super::context::Ctx;
use super::stats::stable_id;
use super::{Draft, GoalChange, GoalFacts, ev};
use crate::Result;
use crate::goal::{Goal, GoalMetric, GoalProgress, GoalStatus, Observation, evaluate};
use crate::insight::GoalWithObservations;

/// A goal evaluated now and one period earlier.
pub(crate) struct GoalEval<'a> {
    pub id: String,
    pub entry: &'a GoalWithObservations,
    pub now: GoalProgress,
    pub before: GoalProgress,
    pub before_at: DateTime<Utc>,
}

/// The host's id of `goal`, or a stable hash of its definition.
pub(crate) fn goal_id(goal: &Goal) -> String {
    match &goal.id {
        Some(id) => id.clone(),
        None => format!(
            "goal-{}",
            &stable_id(&[
                &format!("{:?}", goal.metric),
                &goal.baseline.to_string(),
                &goal.target.to_string(),
                &goal.start.to_rfc3339(),
                &goal.deadline.to_rfc3339(),
            ])[..8]
        ),
    }
}

/// Evaluates every goal; errors name the goal (`goals[1].goal.target`).
pub(crate) fn evaluate_all<'a>(ctx: &Ctx<'a>) -> Result<Vec<GoalEval<'a>>> {
    let span = ctx.window.end - ctx.window.start;
    let before_at = ctx.now.checked_sub_signed(span).unwrap_or(ctx.now);
    ctx.input
        .goals
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let now = evaluate(&entry.goal, &entry.observations, ctx.now)
                .map_err(|e| e.within(&format!("goals[{i}]")))?;
            let known: Vec<Observation> = entry
                .observations
                .iter()
                .filter(|o| o.at <= before_at)
                .copied()
                .collect();
            let before = evaluate(&entry.goal, &known, before_at)
                .map_err(|e| e.within(&format!("goals[{i}]")))?;
            Ok(GoalEval {
                id: goal_id(&entry.goal),
                entry,
                now,
                before,
                before_at,
            })
        })
        .collect()
}

fn change(g: &GoalEval, ctx: &Ctx) -> Option<GoalChange> {
    use GoalStatus as S;
    let (was, is) = (g.before.status, g.now.status);
    let active = matches!(is, S::OnTrack | S::AtRisk | S::OffTrack);
    match (was, is) {
        (w, S::Achieved) if w != S::Achieved => Some(GoalChange::Achieved),
        (w, S::Missed) if w != S::Missed => Some(GoalChange::Missed),
        (S::OnTrack | S::NotStarted, S::AtRisk) => Some(GoalChange::NowAtRisk),
        (S::OnTrack | S::NotStarted | S::AtRisk, S::OffTrack) => Some(GoalChange::NowOffTrack),
        (S::AtRisk | S::OffTrack, S::OnTrack) => Some(GoalChange::BackOnTrack),
        _ if active && g.now.days_remaining <= 2.0 * f64::from(ctx.window.days) => {
            Some(GoalChange::DeadlineNear)
        }
        _ => None,
    }
}

/// The unit of a goal metric's values (empty where it is the host's: engagement rate in
/// percent or as a fraction, custom metrics).
fn metric_unit(m: GoalMetric) -> &'static str {
    match m {
        GoalMetric::Followers => "followers",
        GoalMetric::Impressions => "impressions",
        GoalMetric::PostsPerWeek => "posts/week",
        GoalMetric::ProfileViews => "views",
        GoalMetric::EngagementRate | GoalMetric::Custom => "",
    }
}

pub(crate) fn change_key(c: GoalChange) -> &'static str {
    match c {
        GoalChange::Achieved => "achieved",
        GoalChange::NowAtRisk => "now_at_risk",
        GoalChange::NowOffTrack => "now_off_track",
        GoalChange::BackOnTrack => "back_on_track",
        GoalChange::Missed => "missed",
        GoalChange::DeadlineNear => "deadline_near",
    }
}

pub(crate) fn detect(ctx: &Ctx, goals: &[GoalEval]) -> Vec<Draft> {
    goals
        .iter()
        .filter_map(|g| {
            let change = change(g, ctx)?;
            let goal = &g.entry.goal;
            let p = &g.now;
            let facts = GoalFacts {
                goal_id: g.id.clone(),
                name: goal.name.clone(),
                metric: goal.metric,
                change,
                previous_status: g.before.status,
                status: p.status,
                progress: p.progress,
                expected_progress: p.expected_progress,
                current_value: p.current_value,
                target: goal.target,
                days_remaining: p.days_remaining,
                required_per_week: p.required_per_week,
                deadline: goal.deadline,
            };
            let unit = metric_unit(goal.metric);
            let mut evidence = vec![
                ev("progress", "Progress", p.progress * 100.0, "%"),
                ev(
                    "expected_progress",
                    "Expected by now",
                    p.expected_progress * 100.0,
                    "%",
                ),
                ev("current_value", "Now", p.current_value, unit),
                ev("target", "Target", goal.target, unit),
                ev(
                    "days_remaining",
                    "Days left",
                    p.days_remaining.floor(),
                    "days",
                ),
            ];
            if let Some(r) = p.required_per_week {
                let per_week = if unit.is_empty() {
                    "per week".to_owned()
                } else {
                    format!("{unit} per week")
                };
                evidence.push(ev("required_per_week", "Needed per week", r, &per_week));
            }
            let (priority, action) = match change {
                GoalChange::Achieved => (0.95, "Celebrate, then set your next goal.".to_owned()),
                GoalChange::Missed => (
                    0.85,
                    "Review the goal: set a new deadline or a nearer target.".to_owned(),
                ),
                GoalChange::NowOffTrack | GoalChange::NowAtRisk | GoalChange::DeadlineNear => (
                    match change {
                        GoalChange::NowOffTrack => 0.85,
                        GoalChange::NowAtRisk => 0.8,
                        _ => 0.75,
                    },
                    match p.required_per_week {
                        Some(r) => format!(
                            "Aim for {}{} a week until the deadline.",
                            if r >= 0.0 { "+" } else { "" },
                            super::narrate::num(r)
                        ),
                        None => "Focus this week's effort on this goal.".to_owned(),
                    },
                ),
                GoalChange::BackOnTrack => (0.7, "Keep this pace.".to_owned()),
            };
            Some(Draft {
                id: stable_id(&["goal", &ctx.period_key(), &g.id, change_key(change)]),
                priority,
                evidence,
                actions: vec![action],
                facts: facts.into(),
            })
        })
        .collect()
}

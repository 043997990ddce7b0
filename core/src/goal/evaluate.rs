//! [`evaluate`]: progress, pace, trend, forecast, status and milestones of one goal.

use chrono::{DateTime, TimeDelta, Utc};

use super::trend::{Point, theil_sen};
use super::{Goal, GoalProgress, GoalStatus, Milestone, Observation, validate};
use crate::Result;

/// Progress within this much of a threshold counts as reaching it, so that float rounding
/// (`0.1 + 0.2`) never hides a milestone or an achievement.
pub const PROGRESS_EPSILON: f64 = 1e-9;

/// How far behind the linear pace (in progress, i.e. 5 percentage points) still counts as
/// on track.
pub const ON_TRACK_TOLERANCE: f64 = 0.05;

/// Without a trend, how far behind the linear pace (25 percentage points) still counts as
/// at risk rather than off track.
pub const AT_RISK_GAP: f64 = 0.25;

/// With a trend, a goal is at risk (not off track) when the projection reaches the target
/// within this fraction of the goal's duration after the deadline.
pub const AT_RISK_GRACE: f64 = 0.25;

/// Projections further than this many days after `now` are reported as `None` (flat).
pub const MAX_PROJECTION_DAYS: i64 = 36_525;

/// The milestone fractions, in output order.
pub const MILESTONE_FRACTIONS: [f64; 4] = [0.25, 0.5, 0.75, 1.0];

const MS_PER_WEEK: f64 = 604_800_000.0;
const MS_PER_DAY: f64 = 86_400_000.0;

/// Evaluates `goal` at `now` from measurements of its metric.
///
/// # Observations
/// They may come in any order; they are sorted by time (ties by value, so the order of the
/// input never matters). Observations after `now` are ignored, and rejected when more than
/// one day after `now` (`observations[i].at`). `current_value` is the latest observation at
/// or before `now` (even one before `start`), else the baseline. The trend, the milestones
/// and the achievement use the observations in `[start, now]` only.
///
/// # Numbers (see [`GoalProgress`] for every field)
/// - `progress = (current_value - baseline) / (target - baseline)`, unclamped: negative when
///   moving away, above 1 when overshooting; it works the same for decreasing goals.
/// - `expected_progress` = fraction of `[start, deadline]` elapsed at `now`, in `0..=1`.
/// - `trend_per_week`: Theil–Sen slope (median of pairwise slopes) of the observations in
///   `[start, now]`, per week; above 2,000 observations, 2,000 evenly spaced ones are used.
/// - `projected_completion`: when the Theil–Sen line reaches the target (not before `now`).
///
/// # Status rules, first match wins
/// 1. `achieved`: for running totals (followers, custom; see
///    [`GoalMetric::is_running_total`](super::GoalMetric::is_running_total)) some
///    observation in `[start, now]` has progress >= 1, the first one being `achieved_at`;
///    for rates (engagement rate, posts per week, impressions, profile views) the latest
///    observations in `[start, now]` have progress >= 1, `achieved_at` being the first of
///    that final run. A target reached after the deadline still counts, and `achieved_at`
///    tells how late.
/// 2. `not_started`: `now < start`.
/// 3. `missed`: `now > deadline`.
/// 4. `on_track`: progress >= expected_progress − 0.05, or the projected completion is at
///    or before the deadline.
/// 5. With a trend (two or more observations at distinct times in `[start, now]`):
///    `at_risk` when the projected completion is at most 25 % of the goal's duration after
///    the deadline, else `off_track` (also when the trend is flat or moving away).
/// 6. Without a trend: `at_risk` when progress >= expected_progress − 0.25, else
///    `off_track`.
///
/// # Errors
/// [`Error::InvalidInput`](crate::Error::InvalidInput) naming the field:
/// - `goal.baseline`, `goal.target`, `observations[i].value`: NaN or infinite, magnitude
///   above 10^15, or negative for any metric but `custom`;
/// - `goal.target`: equal (within 1e-9) to the baseline;
/// - `goal.deadline`: not after `start`;
/// - `goal.direction`: `increase` with a target below the baseline, or `decrease` with a
///   target above it;
/// - `observations[i].at`: more than one day after `now`;
/// - `goal.id`, `goal.name`: longer than 1,000 / 10,000 bytes.
///
/// ```
/// use brandpilot::goal::{evaluate, Goal, GoalDirection, GoalMetric, GoalStatus, Observation};
/// let t = |s: &str| s.parse().unwrap();
/// let goal = Goal {
///     id: Some("g1".into()),
///     name: None,
///     metric: GoalMetric::Followers,
///     direction: GoalDirection::Increase,
///     baseline: 1000.0,
///     target: 2000.0,
///     start: t("2026-01-01T00:00:00Z"),
///     deadline: t("2026-01-29T00:00:00Z"),
/// };
/// let obs = [
///     Observation { at: t("2026-01-08T00:00:00Z"), value: 1250.0 },
///     Observation { at: t("2026-01-15T00:00:00Z"), value: 1500.0 },
/// ];
/// let p = evaluate(&goal, &obs, t("2026-01-15T00:00:00Z")).unwrap();
/// assert_eq!(p.progress, 0.5);
/// assert_eq!(p.expected_progress, 0.5);
/// assert_eq!(p.trend_per_week, Some(250.0));
/// assert_eq!(p.projected_completion, Some(t("2026-01-29T00:00:00Z")));
/// assert_eq!(p.status, GoalStatus::OnTrack);
/// ```
pub fn evaluate(
    goal: &Goal,
    observations: &[Observation],
    now: DateTime<Utc>,
) -> Result<GoalProgress> {
    validate::check(goal, observations, now)?;
    let span = goal.target - goal.baseline;
    // `+ 0.0` turns the -0.0 of a decreasing goal at its baseline into 0.0 in the JSON.
    let progress_of = |v: f64| (v - goal.baseline) / span + 0.0;
    let reached = |v: f64, fraction: f64| progress_of(v) >= fraction - PROGRESS_EPSILON;

    let mut past: Vec<Observation> = observations
        .iter()
        .filter(|o| o.at <= now)
        .copied()
        .collect();
    past.sort_by(|a, b| a.at.cmp(&b.at).then(a.value.total_cmp(&b.value)));
    let window: &[Observation] = {
        let first = past.partition_point(|o| o.at < goal.start);
        &past[first..]
    };

    let (current_value, current_at) = past
        .last()
        .map_or((goal.baseline, None), |o| (o.value, Some(o.at)));
    let progress = progress_of(current_value);

    let milestones: Vec<Milestone> = MILESTONE_FRACTIONS
        .iter()
        .map(|&fraction| Milestone {
            fraction,
            // Exactly the target at 1.0 (`baseline + span` may be off by an ulp).
            value: if fraction == 1.0 {
                goal.target
            } else {
                goal.baseline + fraction * span
            },
            reached_at: window
                .iter()
                .find(|o| reached(o.value, fraction))
                .map(|o| o.at),
        })
        .collect();
    let achieved_at = if goal.metric.is_running_total() {
        window.iter().find(|o| reached(o.value, 1.0)).map(|o| o.at)
    } else {
        // A rate: achieved while the latest observations meet the target; since when is
        // the first observation of that final run.
        let run = window
            .iter()
            .rev()
            .take_while(|o| reached(o.value, 1.0))
            .count();
        (run > 0).then(|| window[window.len() - run].at)
    };

    let duration_ms = ms(goal.deadline - goal.start);
    let expected_progress = (ms(now - goal.start) / duration_ms).clamp(0.0, 1.0);
    let remaining_ms = ms(goal.deadline - now);
    let days_remaining = (remaining_ms / MS_PER_DAY).max(0.0);

    let points: Vec<Point> = window
        .iter()
        .map(|o| Point {
            x: ms(o.at - goal.start) / MS_PER_WEEK,
            y: o.value,
        })
        .collect();
    let line = theil_sen(&points);
    let trend_per_week = line.map(|l| l.slope);

    let projected_completion = match (achieved_at, line) {
        (None, Some(l)) if l.slope != 0.0 && (l.slope > 0.0) == (span > 0.0) => {
            let weeks = (goal.target - l.intercept) / l.slope;
            project(goal.start, weeks, now)
        }
        _ => None,
    };

    let required_per_week = if achieved_at.is_none() && remaining_ms > 0.0 {
        Some((goal.target - current_value) / (remaining_ms / MS_PER_WEEK))
    } else {
        None
    };

    let status = if achieved_at.is_some() {
        GoalStatus::Achieved
    } else if now < goal.start {
        GoalStatus::NotStarted
    } else if now > goal.deadline {
        GoalStatus::Missed
    } else if progress >= expected_progress - ON_TRACK_TOLERANCE
        || projected_completion.is_some_and(|p| p <= goal.deadline)
    {
        GoalStatus::OnTrack
    } else if line.is_some() {
        let grace = TimeDelta::try_milliseconds((duration_ms * AT_RISK_GRACE) as i64);
        let latest = grace.and_then(|g| goal.deadline.checked_add_signed(g));
        match (projected_completion, latest) {
            (Some(p), Some(latest)) if p <= latest => GoalStatus::AtRisk,
            (Some(_), None) => GoalStatus::AtRisk,
            _ => GoalStatus::OffTrack,
        }
    } else if progress >= expected_progress - AT_RISK_GAP {
        GoalStatus::AtRisk
    } else {
        GoalStatus::OffTrack
    };

    Ok(GoalProgress {
        goal_id: goal.id.clone(),
        status,
        current_value,
        current_at,
        progress,
        expected_progress,
        trend_per_week,
        projected_completion,
        required_per_week,
        days_remaining,
        achieved_at,
        observations_used: u32::try_from(window.len()).unwrap_or(u32::MAX),
        milestones,
    })
}

/// A duration in milliseconds, as a float (exact up to 2^53 ms, about 285,000 years).
fn ms(d: TimeDelta) -> f64 {
    d.num_milliseconds() as f64
}

/// The instant `weeks` after `start`, rounded to the second and never before `now`;
/// `None` when it lies more than [`MAX_PROJECTION_DAYS`] after `now` or outside chrono's
/// range.
fn project(start: DateTime<Utc>, weeks: f64, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let weeks_from_now = weeks - ms(now - start) / MS_PER_WEEK;
    if weeks_from_now.is_nan() || weeks_from_now * 7.0 > MAX_PROJECTION_DAYS as f64 {
        return None;
    }
    if weeks_from_now <= 0.0 {
        return Some(now);
    }
    // |weeks * 604800| is below ~1e13 here (start and now are within chrono's range and the
    // projection within 100 years of now), so the cast is exact enough and cannot saturate.
    let secs = (weeks * 604_800.0).round() as i64;
    let at = start.checked_add_signed(TimeDelta::try_seconds(secs)?)?;
    Some(at.max(now))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::goal::{GoalDirection, GoalMetric};

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn goal(direction: GoalDirection, baseline: f64, target: f64) -> Goal {
        Goal {
            id: Some("g".into()),
            name: None,
            metric: GoalMetric::Followers,
            direction,
            baseline,
            target,
            start: t("2026-01-01T00:00:00Z"),
            deadline: t("2026-04-01T00:00:00Z"), // 90 days
        }
    }

    fn obs(at: &str, value: f64) -> Observation {
        Observation { at: t(at), value }
    }

    #[test]
    fn no_observations_uses_the_baseline() {
        let g = goal(GoalDirection::Increase, 100.0, 200.0);
        let p = evaluate(&g, &[], g.start).unwrap();
        assert_eq!(p.current_value, 100.0);
        assert_eq!(p.current_at, None);
        assert_eq!(p.progress, 0.0);
        assert_eq!(p.expected_progress, 0.0);
        assert_eq!(p.status, GoalStatus::OnTrack);
        assert_eq!(p.trend_per_week, None);
        assert_eq!(p.projected_completion, None);
        assert_eq!(p.days_remaining, 90.0);
        // 100 more in 90 days = 100 / (90 / 7) per week.
        assert!((p.required_per_week.unwrap() - 100.0 * 7.0 / 90.0).abs() < 1e-12);
        assert_eq!(p.observations_used, 0);
        assert!(p.milestones.iter().all(|m| m.reached_at.is_none()));
        assert_eq!(
            p.milestones.iter().map(|m| m.value).collect::<Vec<_>>(),
            [125.0, 150.0, 175.0, 200.0]
        );
    }

    #[test]
    fn decreasing_goal_at_baseline_has_positive_zero_progress() {
        let g = goal(GoalDirection::Decrease, 100.0, 60.0);
        let p = evaluate(&g, &[], g.start).unwrap();
        assert!(p.progress == 0.0 && p.progress.is_sign_positive());
        assert_eq!(
            serde_json::to_value(p.progress).unwrap(),
            serde_json::json!(0.0)
        );
    }

    #[test]
    fn decreasing_goal_progress() {
        let g = goal(GoalDirection::Decrease, 100.0, 60.0);
        let p = evaluate(
            &g,
            &[obs("2026-01-10T00:00:00Z", 90.0)],
            t("2026-01-10T00:00:00Z"),
        )
        .unwrap();
        assert_eq!(p.progress, 0.25);
        assert_eq!(p.milestones[0].value, 90.0);
        assert_eq!(p.milestones[0].reached_at, Some(t("2026-01-10T00:00:00Z")));
        assert_eq!(p.milestones[1].reached_at, None);
        assert!(p.required_per_week.unwrap() < 0.0);
    }

    #[test]
    fn pre_start_observations_only_set_the_current_value() {
        let g = goal(GoalDirection::Increase, 100.0, 200.0);
        let p = evaluate(&g, &[obs("2025-12-01T00:00:00Z", 250.0)], g.start).unwrap();
        assert_eq!(p.current_value, 250.0);
        assert_eq!(p.achieved_at, None);
        assert_eq!(p.observations_used, 0);
        assert_ne!(p.status, GoalStatus::Achieved);
    }

    #[test]
    fn projection_is_clamped_to_now() {
        // The line passes the target before now, but no observation reached it yet.
        let start = t("2026-01-01T00:00:00Z");
        let now = t("2026-01-29T12:34:56.789Z");
        assert_eq!(project(start, 1.0, now), Some(now));
        assert_eq!(project(start, 5.0, now), Some(t("2026-02-05T00:00:00Z")));
        assert_eq!(project(start, 1e12, now), None);
        assert_eq!(project(start, f64::INFINITY, now), None);
    }

    #[test]
    fn rounding_does_not_hide_achievement() {
        let mut g = goal(GoalDirection::Increase, 0.1, 0.1 + 0.2);
        g.metric = GoalMetric::EngagementRate;
        // The target is 0.30000000000000004: 0.3 is a hair short of it in floats.
        assert!((0.3 - 0.1) / (g.target - 0.1) < 1.0);
        let p = evaluate(
            &g,
            &[obs("2026-01-05T00:00:00Z", 0.3)],
            t("2026-01-06T00:00:00Z"),
        )
        .unwrap();
        assert_eq!(p.status, GoalStatus::Achieved);
        assert_eq!(p.achieved_at, Some(t("2026-01-05T00:00:00Z")));
    }
}

//! Input checks of [`evaluate`](super::evaluate); errors name the field path.

use chrono::{DateTime, Utc};

use super::{Goal, GoalDirection, Observation};
use crate::model::validate;
use crate::{Error, Result};

/// Largest magnitude accepted for a baseline, target or observation (10^15, far beyond any
/// follower or impression count). Bounding values keeps every derived number finite.
pub const MAX_ABS_VALUE: f64 = 1e15;

/// Smallest accepted `|target - baseline|`: below it, progress is numerically meaningless.
pub const MIN_SPAN: f64 = 1e-9;

/// Longest accepted goal id, in bytes.
const MAX_ID_LEN: usize = 1_000;

/// Longest accepted goal name, in bytes.
const MAX_NAME_LEN: usize = 10_000;

impl Goal {
    /// Checks the goal on its own: finite, bounded baseline and target (non-negative for
    /// every metric but `custom`), target different from the baseline, deadline after the
    /// start, direction consistent with the target, id and name sizes. Errors name the field
    /// (`goal.deadline`); [`evaluate`](super::evaluate) runs this and checks observations.
    ///
    /// ```
    /// use brandpilot::goal::Goal;
    /// let goal: Goal = serde_json::from_str(r#"{"metric": "followers", "direction": "increase",
    ///     "baseline": 100, "target": 100,
    ///     "start": "2026-01-01T00:00:00Z", "deadline": "2026-06-01T00:00:00Z"}"#).unwrap();
    /// assert_eq!(goal.validate().unwrap_err().field(), Some("goal.target"));
    /// ```
    pub fn validate(&self) -> Result<()> {
        check_goal(self)
    }
}

/// Checks the goal and the observations (see [`evaluate`](super::evaluate) for the rules).
pub(crate) fn check(goal: &Goal, observations: &[Observation], now: DateTime<Utc>) -> Result<()> {
    check_goal(goal)?;
    check_observations(goal, observations, now)
}

fn check_goal(goal: &Goal) -> Result<()> {
    if let Some(id) = &goal.id {
        validate::max_len("goal.id", id, MAX_ID_LEN)?;
    }
    if let Some(name) = &goal.name {
        validate::max_len("goal.name", name, MAX_NAME_LEN)?;
    }
    let non_negative = goal.metric.is_non_negative();
    value("goal.baseline", goal.baseline, non_negative)?;
    value("goal.target", goal.target, non_negative)?;
    if (goal.target - goal.baseline).abs() < MIN_SPAN {
        return Err(Error::invalid(
            "goal.target",
            format!("must differ from the baseline ({})", goal.baseline),
        ));
    }
    if goal.deadline <= goal.start {
        return Err(Error::invalid(
            "goal.deadline",
            format!("must be after start ({})", goal.start.to_rfc3339()),
        ));
    }
    match goal.direction {
        GoalDirection::Increase if goal.target < goal.baseline => {
            return Err(Error::invalid(
                "goal.direction",
                format!(
                    "is increase but the target ({}) is below the baseline ({})",
                    goal.target, goal.baseline
                ),
            ));
        }
        GoalDirection::Decrease if goal.target > goal.baseline => {
            return Err(Error::invalid(
                "goal.direction",
                format!(
                    "is decrease but the target ({}) is above the baseline ({})",
                    goal.target, goal.baseline
                ),
            ));
        }
        _ => {}
    }
    Ok(())
}

fn check_observations(goal: &Goal, observations: &[Observation], now: DateTime<Utc>) -> Result<()> {
    let non_negative = goal.metric.is_non_negative();
    for (i, o) in observations.iter().enumerate() {
        // Field paths are formatted only when a check fails.
        value("value", o.value, non_negative)
            .and_then(|()| validate::not_future("at", o.at, now))
            .map_err(|e| e.within(&format!("observations[{i}]")))?;
    }
    Ok(())
}

/// A finite value within [`MAX_ABS_VALUE`], and `>= 0` when the metric requires it.
fn value(field: &str, v: f64, non_negative: bool) -> Result<()> {
    validate::finite(field, v)?;
    if v.abs() > MAX_ABS_VALUE {
        return Err(Error::invalid(field, "must be between -1e15 and 1e15"));
    }
    if non_negative && v < 0.0 {
        return Err(Error::invalid(field, "must be >= 0 for this metric"));
    }
    Ok(())
}

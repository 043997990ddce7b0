//! Goal progress: [`evaluate_goal`] and its JSON-string form.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use brandpilot::goal::{self, Goal, GoalProgress, Observation};

use crate::{BrandpilotError, guard, json};

/// Where a goal stands at `now`: progress, pace, Theil–Sen trend, forecast, status
/// (`ACHIEVED`, `NOT_STARTED`, `MISSED`, `ON_TRACK`, `AT_RISK`, `OFF_TRACK`) and milestones.
///
/// Throws `InvalidInput` naming the field (`observations[2].value`) for bad input.
#[uniffi::export]
pub fn evaluate_goal(
    goal: Goal,
    observations: Vec<Observation>,
    now: DateTime<Utc>,
) -> Result<GoalProgress, BrandpilotError> {
    guard(|| Ok(goal::evaluate(&goal, &observations, now)?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EvaluateGoalJson {
    goal: Goal,
    #[serde(default)]
    observations: Vec<Observation>,
    now: DateTime<Utc>,
}

/// [`evaluate_goal`] on JSON text: `{"goal", "observations", "now"}` in, the `GoalProgress`
/// as JSON out.
#[uniffi::export]
pub fn evaluate_goal_json(input_json: String) -> Result<String, BrandpilotError> {
    guard(|| {
        let EvaluateGoalJson {
            goal,
            observations,
            now,
        } = json::parse(&input_json)?;
        json::to_string(&goal::evaluate(&goal, &observations, now)?)
    })
}

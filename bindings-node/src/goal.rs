//! The Node face of `brandpilot::goal`: `evaluateGoal`.

use brandpilot::goal::{self, Goal, Observation};
use chrono::{DateTime, Utc};
use napi::Env;
use napi_derive::napi;

use crate::call;
use crate::convert::{from_json, to_json};

/// Where a goal stands at `now`: progress, pace, trend, forecast and milestones.
///
/// Native half of `evaluateGoal` (see `index.d.ts`): `goal` (a `Goal`), `observations` (an
/// array of `Observation`s, in any order) and `now` (a time string) as JSON texts; returns
/// the `GoalProgress` as JSON text. Throws an `Error` with `code === 'invalid_input'` and
/// `field` (e.g. `observations[2].value`) on bad input. Deterministic.
#[napi(js_name = "evaluateGoal")]
pub fn evaluate_goal(
    env: &Env,
    goal: String,
    observations: String,
    now: String,
) -> napi::Result<String> {
    call(env, || {
        let goal: Goal = from_json(&goal, "goal")?;
        let observations: Vec<Observation> = from_json(&observations, "observations")?;
        let now: DateTime<Utc> = from_json(&now, "now")?;
        to_json(&goal::evaluate(&goal, &observations, now)?)
    })
}

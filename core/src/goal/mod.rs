//! Goal progress: how far a goal has come, whether it keeps pace with its deadline, where
//! its trend leads, and which milestones it has passed.
//!
//! One entry point, [`evaluate`], a pure function of a [`Goal`], its [`Observation`]s and
//! `now`. Its documentation states the status rules; [`GoalProgress`] documents every
//! output field.
//!
//! ```
//! use brandpilot::goal::{evaluate, Goal, GoalStatus, Observation};
//! let goal: Goal = serde_json::from_str(r#"{
//!     "id": "followers-2k", "metric": "followers", "direction": "increase",
//!     "baseline": 1000, "target": 2000,
//!     "start": "2026-01-01T00:00:00Z", "deadline": "2026-12-31T00:00:00Z"
//! }"#).unwrap();
//! let obs: Vec<Observation> = serde_json::from_str(r#"[
//!     {"at": "2026-03-01T00:00:00Z", "value": 1900},
//!     {"at": "2026-04-01T00:00:00Z", "value": 2010}
//! ]"#).unwrap();
//! let p = evaluate(&goal, &obs, "2026-04-02T00:00:00Z".parse().unwrap()).unwrap();
//! assert_eq!(p.status, GoalStatus::Achieved);
//! assert_eq!(p.achieved_at, Some("2026-04-01T00:00:00Z".parse().unwrap()));
//! ```

mod evaluate;
mod trend;
mod types;
mod validate;

pub use evaluate::{
    AT_RISK_GAP, AT_RISK_GRACE, MAX_PROJECTION_DAYS, MILESTONE_FRACTIONS, ON_TRACK_TOLERANCE,
    PROGRESS_EPSILON, evaluate,
};
pub use types::{
    Goal, GoalDirection, GoalMetric, GoalProgress, GoalStatus, Milestone, Observation,
};
pub use validate::{MAX_ABS_VALUE, MIN_SPAN};

//! Posting times: when a user's posts do best ([`best_times`]) and a staggered
//! cross-platform plan for a batch of drafts ([`plan`]).
//!
//! Both work in an IANA time zone given by name (`"Europe/Amsterdam"`), through
//! `chrono-tz`, and are correct across DST changes: a post is counted at the local hour
//! its audience saw, and a plan never uses a local hour that a spring-forward change skips.
//! Both are pure functions of their inputs: no clock, no randomness.
//!
//! ```
//! use brandpilot::model::Platform;
//! use brandpilot::schedule::{best_times, plan, PlanDraft, PlanRules, PlanWindow, PlatformSlots};
//!
//! // No history yet: the platform prior alone.
//! let best = best_times(&[], "America/New_York", Platform::Linkedin, 5, None).unwrap();
//! let mut rules = PlanRules::new("America/New_York");
//! rules.best_times.push(PlatformSlots::from_best_times(&best));
//! let drafts: Vec<PlanDraft> = serde_json::from_str(r#"[{"id": "a"}, {"id": "b"}]"#).unwrap();
//! let window = PlanWindow {
//!     start: "2026-11-02T00:00:00Z".parse().unwrap(),
//!     end: "2026-11-16T00:00:00Z".parse().unwrap(),
//! };
//! let p = plan(&drafts, &[Platform::Linkedin], &window, &rules).unwrap();
//! assert_eq!(p.scheduled.len(), 2);
//! assert!(p.unscheduled.is_empty());
//! ```

mod best_times;
mod plan;
mod prior;
pub(crate) mod time;

pub use best_times::{BestTimes, PRIOR_WEIGHT, RateBasis, Slot, best_times};
pub use plan::{
    MAX_DRAFTS, MAX_GAP_MINUTES, MAX_WINDOW_DAYS, MINUTE_STEP, PRIOR_TOP_SLOTS, PlanDraft,
    PlanRules, PlanWindow, PlatformGap, PlatformSlots, PostingPlan, ScheduledPost, SlotSource,
    SlotTime, UnscheduledPost, UnscheduledReason, plan,
};
pub use prior::{PRIOR_STRENGTH, prior_lift};
pub use time::Weekday;

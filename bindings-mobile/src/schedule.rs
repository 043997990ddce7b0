//! Posting times: [`best_times`], [`plan`] and their JSON-string forms.

use serde::Deserialize;

use brandpilot::model::{Platform, Post};
use brandpilot::schedule::{self, BestTimes, PlanDraft, PlanRules, PlanWindow, PostingPlan};

use crate::{BrandpilotError, guard, json};

/// Best local posting times for `platform` from the user's `posts`: the top `k` (weekday,
/// hour) slots in the IANA `time_zone` (`"Europe/Amsterdam"`; DST-aware), each the user's own
/// rate shrunk toward the platform prior, plus the whole 168-slot grid for heat maps.
///
/// Rates are engagements per impression when at least half the posts report impressions,
/// else per `followers` (when given and positive), else raw engagements; `basis` says which.
/// Without posts the prior alone ranks the slots.
///
/// Throws `InvalidInput` naming the field (`time_zone`, `followers`,
/// `posts[3].metrics.likes`) for bad input.
#[uniffi::export(default(followers = None))]
pub fn best_times(
    posts: Vec<Post>,
    time_zone: String,
    platform: Platform,
    k: u32,
    followers: Option<i64>,
) -> Result<BestTimes, BrandpilotError> {
    guard(|| {
        Ok(schedule::best_times(
            &posts, &time_zone, platform, k, followers,
        )?)
    })
}

/// A deterministic staggered posting plan: each draft on each of its platforms (drafts in the
/// order given, platforms in the order of `platforms`), inside `window`, under `rules`
/// (time zone, minimum gaps, a daily cap, preferred slots such as `best_times` results via
/// `PlatformSlots`). Drafts that cannot be placed are listed in `unscheduled` with a reason.
///
/// Throws `InvalidInput` naming the field (`rules.time_zone`, `window.end`, `platforms[1]`,
/// ...) for bad input.
#[uniffi::export]
pub fn plan(
    drafts: Vec<PlanDraft>,
    platforms: Vec<Platform>,
    window: PlanWindow,
    rules: PlanRules,
) -> Result<PostingPlan, BrandpilotError> {
    guard(|| Ok(schedule::plan(&drafts, &platforms, &window, &rules)?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BestTimesJson {
    #[serde(default)]
    posts: Vec<Post>,
    time_zone: String,
    platform: Platform,
    k: u32,
    #[serde(default)]
    followers: Option<i64>,
}

/// [`best_times`] on JSON text: `{"posts"?, "time_zone", "platform", "k", "followers"?}` in,
/// the `BestTimes` as JSON out.
#[uniffi::export]
pub fn best_times_json(input_json: String) -> Result<String, BrandpilotError> {
    guard(|| {
        let BestTimesJson {
            posts,
            time_zone,
            platform,
            k,
            followers,
        } = json::parse(&input_json)?;
        json::to_string(&schedule::best_times(
            &posts, &time_zone, platform, k, followers,
        )?)
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanJson {
    drafts: Vec<PlanDraft>,
    platforms: Vec<Platform>,
    window: PlanWindow,
    rules: PlanRules,
}

/// [`plan`] on JSON text: `{"drafts", "platforms", "window", "rules"}` in (snake_case,
/// RFC 3339 times; rule defaults as in Rust), the `PostingPlan` as JSON out.
#[uniffi::export]
pub fn plan_json(input_json: String) -> Result<String, BrandpilotError> {
    guard(|| {
        let PlanJson {
            drafts,
            platforms,
            window,
            rules,
        } = json::parse(&input_json)?;
        json::to_string(&schedule::plan(&drafts, &platforms, &window, &rules)?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prior_only_best_times_and_a_plan() {
        let best = best_times(Vec::new(), "America/New_York".into(), Platform::X, 3, None).unwrap();
        assert_eq!(best.slots.len(), 3);
        assert_eq!(best.grid.len(), 168);
        let mut rules = PlanRules::new("America/New_York");
        rules
            .best_times
            .push(schedule::PlatformSlots::from_best_times(&best));
        let window = PlanWindow {
            start: "2026-11-02T00:00:00Z".parse().unwrap(),
            end: "2026-11-16T00:00:00Z".parse().unwrap(),
        };
        let drafts = vec![PlanDraft {
            id: "a".into(),
            platforms: None,
        }];
        let p = plan(drafts, vec![Platform::X], window, rules).unwrap();
        assert_eq!(p.scheduled.len(), 1);
    }

    #[test]
    fn invalid_time_zone_names_the_field() {
        let err = best_times(Vec::new(), "Mars/Base".into(), Platform::X, 3, None).unwrap_err();
        assert!(
            matches!(&err, BrandpilotError::InvalidInput { field, .. } if field == "time_zone"),
            "{err:?}"
        );
        let err = best_times_json(r#"{"time_zone": "Mars/Base", "platform": "x", "k": 3}"#.into())
            .unwrap_err();
        assert!(
            matches!(&err, BrandpilotError::InvalidInput { field, .. } if field == "time_zone"),
            "{err:?}"
        );
    }

    #[test]
    fn json_forms_reject_unknown_fields() {
        let err = plan_json(r#"{"drafts": [], "platforms": [], "window": {"start": "2026-11-02T00:00:00Z", "end": "2026-11-03T00:00:00Z"}, "rules": {"time_zone": "UTC"}, "extra": 1}"#.into())
            .unwrap_err();
        assert_eq!(err.code(), "invalid_input");
    }
}

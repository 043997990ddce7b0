//! The Node face of `brandpilot::schedule`: `bestTimes` and `plan`.

use brandpilot::model::{Platform, Post};
use brandpilot::schedule::{self, PlanDraft, PlanRules, PlanWindow};
use napi::Env;
use napi_derive::napi;
use serde::Deserialize;

use crate::call;
use crate::convert::{from_json, to_json};

/// The second argument of `bestTimes`. Field errors are reported under these names
/// (`time_zone`, `platform`, `k`, `followers`), as the core and the shared vectors name them.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BestTimesOptions {
    time_zone: String,
    platform: Platform,
    k: u32,
    #[serde(default)]
    followers: Option<i64>,
}

/// Best local posting times for one platform from the user's posts.
///
/// Native half of `bestTimes` (see `index.d.ts`): `posts` (an array of `Post`s) and
/// `options` `{ time_zone, platform, k, followers? }`, both as JSON text; returns the
/// `BestTimes` as JSON text. Throws an `Error` with `code === 'invalid_input'` and `field`
/// (e.g. `time_zone`, `posts[2].metrics.likes`) on bad input. Deterministic.
#[napi(js_name = "bestTimes")]
pub fn best_times(env: &Env, posts: String, options: String) -> napi::Result<String> {
    call(env, || {
        let posts: Vec<Post> = from_json(&posts, "posts")?;
        let options: BestTimesOptions = from_json(&options, "")?;
        to_json(&schedule::best_times(
            &posts,
            &options.time_zone,
            options.platform,
            options.k,
            options.followers,
        )?)
    })
}

/// A deterministic staggered posting plan for a batch of drafts across platforms.
///
/// Native half of `plan`: `drafts` (`PlanDraft[]`), `platforms` (`Platform[]`), `window`
/// (`PlanWindow`) and `rules` (`PlanRules`) as JSON texts; returns the `PostingPlan` as
/// JSON text. Throws an `Error` with `code === 'invalid_input'` and `field` (e.g.
/// `rules.time_zone`, `drafts[1].id`, `window.end`) on bad input. Deterministic.
#[napi(js_name = "plan")]
pub fn plan(
    env: &Env,
    drafts: String,
    platforms: String,
    window: String,
    rules: String,
) -> napi::Result<String> {
    call(env, || {
        let drafts: Vec<PlanDraft> = from_json(&drafts, "drafts")?;
        let platforms: Vec<Platform> = from_json(&platforms, "platforms")?;
        let window: PlanWindow = from_json(&window, "window")?;
        let rules: PlanRules = from_json(&rules, "rules")?;
        to_json(&schedule::plan(&drafts, &platforms, &window, &rules)?)
    })
}

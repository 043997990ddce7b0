//! The Node face of `brandpilot::insight`: `generateInsights`, `updateFeedback`,
//! `insightDigest` and `renderDigestHtml`.

use brandpilot::Error;
use brandpilot::insight::{
    self, Digest, FeedbackEvent, FeedbackState, InsightConfig, InsightInput, Period,
};
use chrono::{DateTime, Utc};
use napi::Env;
use napi_derive::napi;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::call;
use crate::convert::{from_json, to_json};

/// The second argument of `generateInsights` and `insightDigest`: every parameter of the
/// core's `generate_insights` / `insight_digest` but the input. Field errors are reported
/// under these names (`period`, `now`, `feedback.preferences[0].alpha`,
/// `config.max_insights`), as the core and the other bindings name them.
///
/// `period` and `now` are options here only so that leaving one out names it in the error
/// (a missing key would otherwise be an error about the whole object).
#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "an object { period, now, feedback?, config? }"
)]
struct InsightOptions {
    #[serde(default)]
    period: Option<Period>,
    #[serde(default)]
    now: Option<DateTime<Utc>>,
    #[serde(default)]
    feedback: Option<FeedbackState>,
    #[serde(default)]
    config: Option<InsightConfig>,
}

/// The parsed arguments of `generateInsights` / `insightDigest`.
struct InsightArgs {
    input: InsightInput,
    period: Period,
    now: DateTime<Utc>,
    feedback: FeedbackState,
    config: InsightConfig,
}

/// Deserialises `text` into `T` with paths named as the core names them: relative to the
/// value itself (`time_zone`, `snapshot.posts[0].metrics.likes`, as in the shared vectors),
/// and `name` for an error about the whole value (not an object, a missing key) or an
/// index into it (`input[0]`: serde reads a struct from an array too).
fn from_json_root<T: DeserializeOwned>(text: &str, name: &str) -> brandpilot::Result<T> {
    from_json(text, "").map_err(|e| match e.field() {
        Some(field) if !field.starts_with('[') => e,
        _ => e.within(name),
    })
}

/// Parses the two JSON texts of `generateInsights` / `insightDigest`.
fn insight_args(input: &str, options: &str) -> brandpilot::Result<InsightArgs> {
    let options: InsightOptions = from_json_root(options, "options")?;
    let input: InsightInput = from_json_root(input, "input")?;
    Ok(InsightArgs {
        input,
        period: options
            .period
            .ok_or_else(|| Error::invalid("period", "is required: 'week' or 'month'"))?,
        now: options
            .now
            .ok_or_else(|| Error::invalid("now", "is required: a Date or an RFC 3339 time"))?,
        feedback: options.feedback.unwrap_or_default(),
        config: options.config.unwrap_or_default(),
    })
}

/// The mentor's insights for one user and one period, ranked by priority × feedback.
///
/// Native half of `generateInsights` (see `index.d.ts`): `input` (an `InsightInput`) and
/// `options` (`{ period, now, feedback?, config? }`) as JSON texts; returns the `Insight[]`
/// as JSON text. Throws an `Error` with `code === 'invalid_input'` and `field` on bad input:
/// paths inside the input as the core names them (`time_zone`, `snapshot.posts[0].id`,
/// `goals[1].goal.target`), `input` or `options` for a value that is not an object,
/// `period`, `now`, `feedback.*`, `config.*`. Deterministic.
#[napi(js_name = "generateInsights")]
pub fn generate_insights(env: &Env, input: String, options: String) -> napi::Result<String> {
    call(env, || {
        let a = insight_args(&input, &options)?;
        to_json(&insight::generate(
            &a.input,
            a.period,
            a.now,
            &a.feedback,
            &a.config,
        )?)
    })
}

/// The feedback state after some events, for the host to store.
///
/// Native half of `updateFeedback`: `state` (a `FeedbackState`) and `events`
/// (`FeedbackEvent[]`) as JSON texts; returns the new `FeedbackState` as JSON text. Throws
/// an `Error` with `code === 'invalid_input'` and `field` (`state.preferences[0].alpha`,
/// `events[2].kind`, `events[0].insight_id`) on bad input. Deterministic.
#[napi(js_name = "updateFeedback")]
pub fn update_feedback(env: &Env, state: String, events: String) -> napi::Result<String> {
    call(env, || {
        let state: FeedbackState = from_json(&state, "state")?;
        let events: Vec<FeedbackEvent> = from_json(&events, "events")?;
        to_json(&insight::update_feedback(&state, &events)?)
    })
}

/// The weekly or monthly review: insights, score, goals, next week's plan, chart data.
///
/// Native half of `insightDigest`: the same arguments and errors as `generateInsights`;
/// returns the `Digest` as JSON text. Deterministic.
#[napi(js_name = "insightDigest")]
pub fn insight_digest(env: &Env, input: String, options: String) -> napi::Result<String> {
    call(env, || {
        let a = insight_args(&input, &options)?;
        to_json(&insight::digest(
            &a.input,
            a.period,
            a.now,
            &a.feedback,
            &a.config,
        )?)
    })
}

/// A digest as one self-contained, email-safe HTML document.
///
/// Native half of `renderDigestHtml`: `digest` (a `Digest`) as JSON text; returns the HTML
/// itself (not JSON). The core's rendering cannot fail, but the digest is parsed here: a
/// malformed one throws an `Error` with `code === 'invalid_input'` and `field` under
/// `digest` (`digest.period.first_day`). Deterministic.
#[napi(js_name = "renderDigestHtml")]
pub fn render_digest_html(env: &Env, digest: String) -> napi::Result<String> {
    call(env, || {
        let digest: Digest = from_json(&digest, "digest")?;
        Ok(insight::render_html(&digest))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const INPUT: &str =
        r#"{"snapshot": {"profile": {"platform": "x", "handle": "ada"}}, "time_zone": "UTC"}"#;

    fn field(err: Error) -> Option<String> {
        assert_eq!(err.code(), "invalid_input");
        err.field().map(str::to_owned)
    }

    #[test]
    fn paths_inside_the_input_are_relative_to_it() {
        let bad = r#"{"snapshot": {"profile": {"platform": "myspace", "handle": "ada"}}, "time_zone": "UTC"}"#;
        let err = from_json_root::<InsightInput>(bad, "input").unwrap_err();
        assert_eq!(field(err).as_deref(), Some("snapshot.profile.platform"));
    }

    #[test]
    fn the_whole_value_is_named() {
        for (text, expected) in [
            ("null", "input"),
            (r#"{"time_zone": "UTC"}"#, "input"),
            ("[1]", "input[0]"),
            ("{} 1", "input"),
        ] {
            let err = from_json_root::<InsightInput>(text, "input").unwrap_err();
            assert_eq!(field(err).as_deref(), Some(expected), "{text}");
        }
    }

    #[test]
    fn period_and_now_are_required_by_name() {
        let missing = |options: &str| field(insight_args(INPUT, options).err().unwrap());
        assert_eq!(
            missing(r#"{"now": "2026-11-23T09:00:00Z"}"#).as_deref(),
            Some("period")
        );
        assert_eq!(missing(r#"{"period": "week"}"#).as_deref(), Some("now"));
        assert_eq!(missing("null").as_deref(), Some("options"));
        let a = insight_args(
            INPUT,
            r#"{"period": "month", "now": "2026-11-23T09:00:00Z", "feedback": null}"#,
        )
        .unwrap();
        assert_eq!(a.period, Period::Month);
        assert_eq!(a.feedback, FeedbackState::default());
        assert_eq!(a.config, InsightConfig::default());
    }
}

//! Mentor insights: [`generate_insights`], [`update_feedback`], [`insight_digest`],
//! [`render_digest_html`] and their JSON-string forms, plus [`default_insight_config`].

use chrono::{DateTime, Utc};
use serde::Deserialize;

use brandpilot::insight::{
    self, Digest, FeedbackEvent, FeedbackState, Insight, InsightConfig, InsightInput, Period,
};

use crate::{BrandpilotError, guard, json};

/// The insights of the `period` (`WEEK` or `MONTH` of whole local days in
/// `input.timeZone`) that ends where `now`'s local day begins, ranked and narrated: trends
/// beyond their noise, anomalous days, the top post and what set it apart, posting cadence,
/// achievements, goal status changes, benchmark moves and next steps, each only when the
/// data supports it (the cadence insight is always there). Every insight carries its
/// evidence (labelled numbers), suggested actions, structured `facts` (exactly the field
/// named by its `kind` is set) and a stable `id`: same facts, same id.
///
/// Ranking: `rankScore = priority × feedback weight of the kind`, best first; the top
/// `config.maxInsights` are kept, plus every pinned insight (goals, achievements), which
/// feedback never demotes. `feedback` `null` is the prior (no feedback yet); `config` `null`
/// is `InsightConfig`'s defaults (the Rust defaults, as JSON `{}`). Deterministic: the
/// same input and `now` give the same insights.
///
/// Throws `InvalidInput` naming the field, relative to the parameters: `time_zone` (not an
/// IANA name), `snapshot.posts[3].metrics.likes` (a negative count; `snapshot.*` as the
/// snapshot's own checks at `now`), `analysis.overall` / `previous_analysis.platform` (a
/// score outside 0–100, another platform), `goals[1].goal.id` (a duplicate) and
/// `goals[i].*` (as `evaluateGoal`), `granted_achievements[i]`, `posts_per_week_goal`
/// (outside 1–100), `feedback.preferences[0].alpha` (not finite or outside (0, 1e6], a kind
/// twice), `config.noise_k` / `config.max_insights` / ... (out of range).
#[uniffi::export(default(feedback = None, config = None))]
pub fn generate_insights(
    input: InsightInput,
    period: Period,
    now: DateTime<Utc>,
    feedback: Option<FeedbackState>,
    config: Option<InsightConfig>,
) -> Result<Vec<Insight>, BrandpilotError> {
    guard(|| {
        Ok(insight::generate(
            &input,
            period,
            now,
            &feedback.unwrap_or_default(),
            &config.unwrap_or_default(),
        )?)
    })
}

/// The feedback `state` after `events`, in order: each event updates its kind's Beta
/// posterior (`HELPFUL` α + 1, `NOT_HELPFUL` β + 1, `READ` α + ¼, `DISMISSED` β + ½; past
/// 50 events' worth both shrink, so old feedback fades). Pure: store the returned state
/// (as a record or as `updateFeedbackJson`'s JSON) and pass it to [`generate_insights`] /
/// [`insight_digest`] as `feedback`, and to the next `updateFeedback` as `state`. Start
/// from `FeedbackState()` (no feedback). Preferences come back in kind order.
///
/// Throws `InvalidInput` naming the field: `state.preferences[0].alpha` (not finite or
/// outside (0, 1e6]), `state.preferences[1].kind` (a kind twice), `events` (over 100,000),
/// `events[2].insight_id` (over 300 bytes).
#[uniffi::export]
pub fn update_feedback(
    state: FeedbackState,
    events: Vec<FeedbackEvent>,
) -> Result<FeedbackState, BrandpilotError> {
    guard(|| Ok(insight::update_feedback(&state, &events)?))
}

/// The weekly or monthly review of the `period` ending at `now`: [`generate_insights`]'s
/// insights (achievements listed apart), a headline, the brand score and its change
/// (`null` without `input.analysis`), every goal's standing, a posting plan for the next
/// seven days at the best local times, the charts' data (dimension radar, follower and
/// engagement-rate sparklines, the 168-slot weekday × hour heat map) and
/// `grantedAchievements` (store it and pass it back as `input.grantedAchievements` so each
/// achievement is granted once). Render it with [`render_digest_html`].
///
/// `feedback` and `config` `null` as in [`generate_insights`]. Throws the same
/// `InvalidInput` errors as [`generate_insights`], naming the same fields.
#[uniffi::export(default(feedback = None, config = None))]
pub fn insight_digest(
    input: InsightInput,
    period: Period,
    now: DateTime<Utc>,
    feedback: Option<FeedbackState>,
    config: Option<InsightConfig>,
) -> Result<Digest, BrandpilotError> {
    guard(|| {
        Ok(insight::digest(
            &input,
            period,
            now,
            &feedback.unwrap_or_default(),
            &config.unwrap_or_default(),
        )?)
    })
}

/// `digest` as one self-contained, email-safe HTML document: table layout and inline CSS,
/// no `<script>`, `<style>`, `<link>` or external resource; the charts are inline `<svg>`
/// elements. All user text (names, post snippets, goal names) is escaped.
///
/// Never throws `InvalidInput` (any digest renders); `Internal` only on a bug.
#[uniffi::export]
pub fn render_digest_html(digest: Digest) -> Result<String, BrandpilotError> {
    guard(|| Ok(insight::render_html(&digest)))
}

/// `InsightConfig`'s defaults: the Rust `InsightConfig::default()`, the same as `config`
/// `null` or JSON `{}`. Start from it to change a setting:
/// `defaultInsightConfig().copy(maxInsights = 3u)` (Kotlin). Needed because the milestone
/// lists' defaults are not empty, which a uniffi record default cannot express, so the
/// generated `InsightConfig` constructor requires `followerMilestones`,
/// `commentMilestones` and `streakMilestones`. Never throws.
#[uniffi::export]
pub fn default_insight_config() -> Result<InsightConfig, BrandpilotError> {
    guard(|| Ok(InsightConfig::default()))
}

/// The parameters of `generate_insights_json` and `insight_digest_json`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InsightArgsJson {
    input: InsightInput,
    period: Period,
    now: DateTime<Utc>,
    #[serde(default)]
    feedback: Option<FeedbackState>,
    #[serde(default)]
    config: Option<InsightConfig>,
}

/// [`generate_insights`] on JSON text: `{"input", "period", "now", "feedback"?, "config"?}`
/// in (snake_case, RFC 3339 times; `period` `"week"` or `"month"`; `feedback` and `config`
/// absent or `null` for the defaults, `config` `{}` too), the list of `Insight` as JSON out.
/// A value of the wrong type names its path (`input.snapshot.posts[0].created_at`,
/// `period`); the core's checks name fields as [`generate_insights`] does (`time_zone`,
/// `snapshot.posts[0].metrics.likes`).
#[uniffi::export]
pub fn generate_insights_json(input_json: String) -> Result<String, BrandpilotError> {
    guard(|| {
        let InsightArgsJson {
            input,
            period,
            now,
            feedback,
            config,
        } = json::parse(&input_json)?;
        json::to_string(&insight::generate(
            &input,
            period,
            now,
            &feedback.unwrap_or_default(),
            &config.unwrap_or_default(),
        )?)
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UpdateFeedbackJson {
    state: FeedbackState,
    events: Vec<FeedbackEvent>,
}

/// [`update_feedback`] on JSON text: `{"state", "events"}` in (`state` `{}` for no
/// feedback yet; events `{"insight_id"?, "kind", "signal"}` with snake_case `kind` and
/// `signal`: `helpful`, `not_helpful`, `read`, `dismissed`), the new `FeedbackState` as JSON
/// out: the document a host stores and passes back as `feedback` / `state`.
#[uniffi::export]
pub fn update_feedback_json(input_json: String) -> Result<String, BrandpilotError> {
    guard(|| {
        let UpdateFeedbackJson { state, events } = json::parse(&input_json)?;
        json::to_string(&insight::update_feedback(&state, &events)?)
    })
}

/// [`insight_digest`] on JSON text: the parameters of `generate_insights_json`
/// (`{"input", "period", "now", "feedback"?, "config"?}`) in, the `Digest` as JSON out.
#[uniffi::export]
pub fn insight_digest_json(input_json: String) -> Result<String, BrandpilotError> {
    guard(|| {
        let InsightArgsJson {
            input,
            period,
            now,
            feedback,
            config,
        } = json::parse(&input_json)?;
        json::to_string(&insight::digest(
            &input,
            period,
            now,
            &feedback.unwrap_or_default(),
            &config.unwrap_or_default(),
        )?)
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RenderDigestHtmlJson {
    digest: Digest,
}

/// [`render_digest_html`] on JSON text: `{"digest"}` in (as returned by
/// `insight_digest_json`), the HTML as a JSON string out (`"<!DOCTYPE html>..."`, like
/// every `*Json` function's output: parse it, or call `renderDigestHtml` for the bare
/// HTML). A `digest` that does not parse is `InvalidInput` naming its path
/// (`digest.charts.heatmap[3]`).
#[uniffi::export]
pub fn render_digest_html_json(input_json: String) -> Result<String, BrandpilotError> {
    guard(|| {
        let RenderDigestHtmlJson { digest } = json::parse(&input_json)?;
        json::to_string(&insight::render_html(&digest))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use brandpilot::goal::{Goal, Observation};
    use brandpilot::insight::{FeedbackSignal, GoalWithObservations, InsightKind};
    use brandpilot::model::AccountSnapshot;

    /// The demo account as an insight input, as `examples/brand_report.rs` builds it (no
    /// analysis here), with its JSON form and `now`.
    fn demo() -> (InsightInput, serde_json::Value, DateTime<Utc>) {
        let demo: serde_json::Value =
            serde_json::from_str(include_str!("../../examples/data/demo_account.json")).unwrap();
        let input_json = serde_json::json!({
            "snapshot": demo["snapshot"],
            "time_zone": demo["time_zone"],
            "goals": demo["goals"],
        });
        let snapshot: AccountSnapshot = serde_json::from_value(demo["snapshot"].clone()).unwrap();
        #[derive(Deserialize)]
        struct Entry {
            goal: Goal,
            observations: Vec<Observation>,
        }
        let goals: Vec<Entry> = serde_json::from_value(demo["goals"].clone()).unwrap();
        let mut input = InsightInput::new(snapshot, demo["time_zone"].as_str().unwrap());
        input.goals = goals
            .into_iter()
            .map(|e| GoalWithObservations {
                goal: e.goal,
                observations: e.observations,
            })
            .collect();
        let now = demo["now"].as_str().unwrap().parse().unwrap();
        (input, input_json, now)
    }

    fn args(input: &serde_json::Value, period: &str, extra: serde_json::Value) -> String {
        let mut doc = serde_json::json!({
            "input": input, "period": period, "now": "2026-11-23T09:00:00Z",
        });
        if let serde_json::Value::Object(extra) = extra {
            doc.as_object_mut().unwrap().extend(extra);
        }
        doc.to_string()
    }

    fn invalid_field(err: BrandpilotError) -> String {
        match err {
            BrandpilotError::InvalidInput { field, .. } => field,
            other => panic!("expected InvalidInput, got {other:?}"),
        }
    }

    #[test]
    fn generate_typed_and_json_forms_agree() {
        let (input, input_json, now) = demo();
        let week = generate_insights(input.clone(), Period::Week, now, None, None).unwrap();
        assert!(!week.is_empty());
        assert!(
            week.iter()
                .all(|i| !i.evidence.is_empty() && !i.title.is_empty())
        );
        // Same input, same ids; defaults = explicit defaults.
        let again = generate_insights(
            input.clone(),
            Period::Week,
            now,
            Some(FeedbackState::default()),
            Some(InsightConfig::default()),
        )
        .unwrap();
        assert_eq!(week, again);
        assert_eq!(default_insight_config().unwrap(), InsightConfig::default());
        let json_out =
            generate_insights_json(args(&input_json, "week", serde_json::json!({}))).unwrap();
        assert_eq!(json_out, serde_json::to_string(&week).unwrap());
        let json_out = generate_insights_json(args(
            &input_json,
            "week",
            serde_json::json!({"feedback": null, "config": {}}),
        ))
        .unwrap();
        assert_eq!(json_out, serde_json::to_string(&week).unwrap());
        let month = generate_insights(input, Period::Month, now, None, None).unwrap();
        assert_eq!(
            generate_insights_json(args(&input_json, "month", serde_json::json!({}))).unwrap(),
            serde_json::to_string(&month).unwrap()
        );
    }

    #[test]
    fn feedback_typed_and_json_forms_agree_and_lower_the_rank() {
        let (input, input_json, now) = demo();
        let before = generate_insights(input.clone(), Period::Week, now, None, None).unwrap();
        let kind = before.iter().find(|i| !i.pinned).unwrap().kind;
        let events = vec![
            FeedbackEvent {
                insight_id: None,
                kind,
                signal: FeedbackSignal::NotHelpful,
            };
            5
        ];
        let state = update_feedback(FeedbackState::default(), events.clone()).unwrap();
        assert!(state.weight(kind) < 1.0);
        let state_json =
            update_feedback_json(serde_json::json!({"state": {}, "events": events}).to_string())
                .unwrap();
        assert_eq!(state_json, serde_json::to_string(&state).unwrap());
        let after = generate_insights(input, Period::Week, now, Some(state.clone()), None).unwrap();
        let score = |list: &[Insight]| list.iter().find(|i| i.kind == kind).map(|i| i.rank_score);
        assert!(score(&after).unwrap_or(0.0) < score(&before).unwrap());
        let json_after = generate_insights_json(args(
            &input_json,
            "week",
            serde_json::json!({"feedback": serde_json::from_str::<serde_json::Value>(&state_json).unwrap()}),
        ))
        .unwrap();
        assert_eq!(json_after, serde_json::to_string(&after).unwrap());
    }

    #[test]
    fn digest_and_html_typed_and_json_forms_agree() {
        let (mut input, mut input_json, now) = demo();
        input.snapshot.profile.display_name = Some("Ada <script>alert(1)</script>".into());
        input_json["snapshot"]["profile"]["display_name"] =
            serde_json::json!("Ada <script>alert(1)</script>");
        let d = insight_digest(input, Period::Week, now, None, None).unwrap();
        assert_eq!(d.charts.heatmap.len(), 168);
        let d_json = insight_digest_json(args(&input_json, "week", serde_json::json!({}))).unwrap();
        assert_eq!(d_json, serde_json::to_string(&d).unwrap());
        let html = render_digest_html(d).unwrap();
        assert!(html.contains("<svg"));
        assert!(!html.contains("<script"));
        assert!(html.contains("&lt;script&gt;"));
        let html_json = render_digest_html_json(format!(r#"{{"digest": {d_json}}}"#)).unwrap();
        assert_eq!(serde_json::from_str::<String>(&html_json).unwrap(), html);
    }

    #[test]
    fn odd_digests_render_without_panicking() {
        let (input, _, now) = demo();
        let mut d = insight_digest(input, Period::Month, now, None, None).unwrap();
        d.charts.heatmap = vec![f64::NAN; 3];
        d.charts.followers.truncate(1);
        d.charts.engagement_rate.clear();
        for g in &mut d.goals {
            g.progress = f64::INFINITY;
            g.days_remaining = -1e300;
        }
        let html = render_digest_html(d).unwrap();
        assert!(html.contains("<svg") && !html.contains("<script"));
    }

    #[test]
    fn bad_input_names_the_field() {
        let (input, input_json, now) = demo();
        let mut bad_zone = input.clone();
        bad_zone.time_zone = "Mars/Olympus_Mons".into();
        let err = generate_insights(bad_zone.clone(), Period::Week, now, None, None).unwrap_err();
        assert_eq!(invalid_field(err), "time_zone");
        let err = insight_digest(bad_zone, Period::Week, now, None, None).unwrap_err();
        assert_eq!(invalid_field(err), "time_zone");
        let mut negative = input.clone();
        negative.snapshot.posts[0].metrics.likes = Some(-1);
        let err = insight_digest(negative, Period::Week, now, None, None).unwrap_err();
        assert_eq!(invalid_field(err), "snapshot.posts[0].metrics.likes");
        let config = InsightConfig {
            noise_k: f64::NAN,
            ..InsightConfig::default()
        };
        let err =
            generate_insights(input.clone(), Period::Week, now, None, Some(config)).unwrap_err();
        assert_eq!(invalid_field(err), "config.noise_k");
        let mut state = FeedbackState::default();
        state.preferences.push(insight::KindPreference {
            kind: InsightKind::Trend,
            alpha: -1.0,
            beta: 2.0,
            events: 0,
        });
        let err =
            generate_insights(input, Period::Week, now, Some(state.clone()), None).unwrap_err();
        assert_eq!(invalid_field(err), "feedback.preferences[0].alpha");
        let err = update_feedback(state, vec![]).unwrap_err();
        assert_eq!(invalid_field(err), "state.preferences[0].alpha");

        for (text, field) in [
            ("{not json".to_owned(), ""),
            ("[]".to_owned(), ""),
            ("null".to_owned(), ""),
            (
                args(&input_json, "fortnight", serde_json::json!({})),
                "period",
            ),
            (
                args(&input_json, "week", serde_json::json!({"now": 5})),
                "now",
            ),
            (
                args(
                    &input_json,
                    "week",
                    serde_json::json!({"now": "next monday"}),
                ),
                "now",
            ),
            (
                args(&serde_json::json!(7), "week", serde_json::json!({})),
                "input",
            ),
            (
                args(
                    &input_json,
                    "week",
                    serde_json::json!({"config": {"noise_k": "big"}}),
                ),
                "config.noise_k",
            ),
            (
                args(&input_json, "week", serde_json::json!({"extra": 1})),
                "extra",
            ),
            (
                serde_json::json!({"period": "week", "now": "2026-11-23T09:00:00Z"}).to_string(),
                "",
            ),
        ] {
            // (the message names the case by its expected field: `text` holds the demo)
            let err = generate_insights_json(text.clone()).unwrap_err();
            assert_eq!(invalid_field(err), field, "case `{field}`");
            let err = insight_digest_json(text).unwrap_err();
            assert_eq!(invalid_field(err), field, "case `{field}`");
        }
        for (text, field) in [
            (r#"{"state": {}, "events": {}}"#, "events"),
            (
                r#"{"state": {}, "events": [{"kind": "gossip", "signal": "helpful"}]}"#,
                "events[0].kind",
            ),
            (
                r#"{"state": {}, "events": [{"kind": "trend", "signal": "meh"}]}"#,
                "events[0].signal",
            ),
            (r#"{"state": 1, "events": []}"#, "state"),
            (r#"{"events": []}"#, ""),
        ] {
            let err = update_feedback_json(text.into()).unwrap_err();
            assert_eq!(invalid_field(err), field, "{text}");
        }
        for (text, field) in [
            (r#"{"digest": 1}"#, "digest"),
            (r#"{"digest": {}}"#, "digest"),
            ("[]", ""),
        ] {
            let err = render_digest_html_json(text.into()).unwrap_err();
            assert_eq!(invalid_field(err), field, "{text}");
        }
    }
}

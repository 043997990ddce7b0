//! Content intelligence: [`analyze_content`], [`analyze_content_batch`], engagement prediction
//! ([`fit_engagement_model`], [`predict_engagement`]), [`suggest_hashtags`],
//! [`optimize_content`] and their JSON-string forms.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use brandpilot::content::{
    self, ContentAnalysis, EngagementModel, EngagementPrediction, FitOptions, HashtagSuggestion,
    Variant,
};
use brandpilot::model::{MediaKind, Platform, Post};

use crate::{BrandpilotError, guard, json};

/// Everything brandpilot reads from one post for `platform`: entities (hashtags, mentions,
/// URLs, cashtags), length against the platform's limit, readability, sentiment, structure
/// features, issues (most severe first) and a 0–100 quality score.
///
/// Throws `InvalidInput` with field `text` for empty, whitespace-only, NUL-containing or
/// oversized text.
#[uniffi::export]
pub fn analyze_content(
    text: String,
    platform: Platform,
) -> Result<ContentAnalysis, BrandpilotError> {
    guard(|| Ok(content::analyze(&text, platform)?))
}

/// [`analyze_content`] on many posts for one platform, in order. An invalid text fails the
/// whole batch with `InvalidInput` naming its index (`texts[3]`).
#[uniffi::export]
pub fn analyze_content_batch(
    texts: Vec<String>,
    platform: Platform,
) -> Result<Vec<ContentAnalysis>, BrandpilotError> {
    guard(|| Ok(content::analyze_batch(&texts, platform)?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnalyzeContentJson {
    text: String,
    platform: Platform,
}

/// [`analyze_content`] on JSON text: `{"text", "platform"}` in, the `ContentAnalysis` as JSON
/// out.
#[uniffi::export]
pub fn analyze_content_json(input_json: String) -> Result<String, BrandpilotError> {
    guard(|| {
        let AnalyzeContentJson { text, platform } = json::parse(&input_json)?;
        json::to_string(&content::analyze(&text, platform)?)
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnalyzeContentBatchJson {
    texts: Vec<String>,
    platform: Platform,
}

/// [`analyze_content_batch`] on JSON text: `{"texts", "platform"}` in, the list of
/// `ContentAnalysis` as JSON out.
#[uniffi::export]
pub fn analyze_content_batch_json(input_json: String) -> Result<String, BrandpilotError> {
    guard(|| {
        let AnalyzeContentBatchJson { texts, platform } = json::parse(&input_json)?;
        json::to_string(&content::analyze_batch(&texts, platform)?)
    })
}

/// Fits an engagement model on the user's `history`: a ridge regression of each post's
/// engagement rate (engagements ÷ impressions) on what it says (length, hashtags, question,
/// call to action, sentiment, quality, ...), the media it carries and when it went out (hour
/// and weekend in `options.time_zone`), with the penalty chosen by time-ordered
/// cross-validation and an 80 % prediction interval from the out-of-fold residuals.
///
/// Posts without impressions, or with empty text, are skipped (the model's `notes` say how
/// many); at least 10 usable posts are needed. `options` `null` uses `FitOptions()`: UTC,
/// 5 folds, the default penalties. The returned model is plain data: store it (as a record
/// or via `fitEngagementModelJson`'s JSON) and pass it back to [`predict_engagement`].
///
/// Throws `InvalidInput` naming the field: `options.time_zone` (unknown IANA zone),
/// `options.folds` (outside 2–20), `options.lambdas[2]` (negative or not finite), `history`
/// (over 20,000 posts, or fewer than 10 usable), `history[3].metrics.likes` (a negative count).
#[uniffi::export(default(options = None))]
pub fn fit_engagement_model(
    history: Vec<Post>,
    options: Option<FitOptions>,
) -> Result<EngagementModel, BrandpilotError> {
    guard(|| {
        Ok(EngagementModel::fit(
            &history,
            &options.unwrap_or_default(),
        )?)
    })
}

/// Predicts the engagement rate (0–1) of `draft` posted on `platform` at `at` with a model
/// from [`fit_engagement_model`]: the typical rate of such a post, an interval meant to hold
/// 80 % of such posts' rates (`low`–`high`), and the five features with the largest effect
/// (`effect` in natural-log units: `exp(effect)` is the factor on the rate). `media_kind`
/// `null` means text only (`MediaKind.NONE`). A platform the model was not fit on is allowed
/// and predicted like the history's platforms (check `model.platforms` to warn the user).
///
/// The model is validated first, so a stored model that was altered is rejected rather than
/// trusted. Throws `InvalidInput` naming the field: `draft` (empty, whitespace only, NUL, or
/// over 256 KiB), `model.weights` / `model.format_version` / `model.time_zone` / ... (a model
/// that fails validation: wrong lengths, non-finite numbers, another format version).
#[uniffi::export(default(media_kind = None))]
pub fn predict_engagement(
    model: EngagementModel,
    draft: String,
    platform: Platform,
    at: DateTime<Utc>,
    media_kind: Option<MediaKind>,
) -> Result<EngagementPrediction, BrandpilotError> {
    guard(|| Ok(model.predict_with_media(&draft, platform, media_kind.unwrap_or_default(), at)?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FitEngagementModelJson {
    history: Vec<Post>,
    #[serde(default)]
    options: Option<FitOptions>,
}

/// [`fit_engagement_model`] on JSON text: `{"history", "options"?}` in (snake_case, RFC 3339
/// times; `options` `{}` or absent for the defaults), the `EngagementModel` as JSON out: the
/// form a host stores and later passes back to `predict_engagement_json` as `model`.
#[uniffi::export]
pub fn fit_engagement_model_json(input_json: String) -> Result<String, BrandpilotError> {
    guard(|| {
        let FitEngagementModelJson { history, options } = json::parse(&input_json)?;
        json::to_string(&EngagementModel::fit(
            &history,
            &options.unwrap_or_default(),
        )?)
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PredictEngagementJson {
    model: EngagementModel,
    draft: String,
    platform: Platform,
    at: DateTime<Utc>,
    #[serde(default)]
    media_kind: Option<MediaKind>,
}

/// [`predict_engagement`] on JSON text: `{"model", "draft", "platform", "at", "media_kind"?}`
/// in (`model` as returned by `fit_engagement_model_json`), the `EngagementPrediction` as
/// JSON out. A `model` that does not parse is `InvalidInput` naming its path
/// (`model.weights[2]`).
#[uniffi::export]
pub fn predict_engagement_json(input_json: String) -> Result<String, BrandpilotError> {
    guard(|| {
        let PredictEngagementJson {
            model,
            draft,
            platform,
            at,
            media_kind,
        } = json::parse(&input_json)?;
        json::to_string(&model.predict_with_media(
            &draft,
            platform,
            media_kind.unwrap_or_default(),
            at,
        )?)
    })
}

/// Suggests up to `k` (1–100) hashtags for `draft`, drawn only from the user's own `history`
/// (no tag is ever invented): each tag the user has used, ranked by relevance to the draft
/// (TF-IDF cosine similarity, 0–1, with the draft words that matched) × lift (how the user's
/// posts with the tag performed against their platform's average, shrunk toward 1.0).
/// Tags already in the draft, and tags sharing no word with it, are left out, so fewer than
/// `k` may come back (none when the history has no hashtags). Best first.
///
/// Throws `InvalidInput` naming the field: `draft` (empty, whitespace only, NUL, over
/// 256 KiB), `k` (outside 1–100), `history` (over 10,000 posts), `history[3].text` (over
/// 256 KiB), `history[3].metrics.likes` (a negative count).
#[uniffi::export]
pub fn suggest_hashtags(
    draft: String,
    history: Vec<Post>,
    k: u32,
) -> Result<Vec<HashtagSuggestion>, BrandpilotError> {
    guard(|| Ok(content::suggest_hashtags(&draft, &history, k as usize)?))
}

/// Rewrites `text` to fix the issues `analyze_content` finds for `platform`: one variant per
/// applicable strategy (`trim_to_limit`, `cap_hashtags`, `move_hashtags_to_end`,
/// `break_hook`, `move_link_to_comment`, `split_paragraphs`, `calm_shouting`) plus `all`
/// when several apply. The user's words are never reworded; every variant fits the
/// platform's length limit and carries its full analysis, its quality and the gain over
/// the original. Best quality first; empty when there is nothing to fix. Deterministic.
///
/// Throws `InvalidInput` with field `text` for empty, whitespace-only, NUL-containing or
/// oversized text.
#[uniffi::export]
pub fn optimize_content(text: String, platform: Platform) -> Result<Vec<Variant>, BrandpilotError> {
    guard(|| Ok(content::optimize(&text, platform)?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SuggestHashtagsJson {
    draft: String,
    history: Vec<Post>,
    k: u32,
}

/// [`suggest_hashtags`] on JSON text: `{"draft", "history", "k"}` in (snake_case, RFC 3339
/// times), the list of `HashtagSuggestion` as JSON out.
#[uniffi::export]
pub fn suggest_hashtags_json(input_json: String) -> Result<String, BrandpilotError> {
    guard(|| {
        let SuggestHashtagsJson { draft, history, k } = json::parse(&input_json)?;
        json::to_string(&content::suggest_hashtags(&draft, &history, k as usize)?)
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OptimizeContentJson {
    text: String,
    platform: Platform,
}

/// [`optimize_content`] on JSON text: `{"text", "platform"}` in, the list of `Variant` as
/// JSON out.
#[uniffi::export]
pub fn optimize_content_json(input_json: String) -> Result<String, BrandpilotError> {
    guard(|| {
        let OptimizeContentJson { text, platform } = json::parse(&input_json)?;
        json::to_string(&content::optimize(&text, platform)?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_and_json_forms_agree() {
        let text = "Thrilled to share our new data platform 🚀\n\nWhat would you build on it? #dataengineering";
        let a = analyze_content(text.into(), Platform::Linkedin).unwrap();
        assert_eq!(a.platform, Platform::Linkedin);
        assert_eq!(a.entities.len(), 1);
        assert!((0.0..=100.0).contains(&a.quality.score));
        let input = serde_json::json!({"text": text, "platform": "linkedin"}).to_string();
        // Same serialised output (JSON floats do not round-trip to the last bit).
        assert_eq!(
            analyze_content_json(input).unwrap(),
            serde_json::to_string(&a).unwrap()
        );
        let batch = analyze_content_batch(vec![text.into(), "hello".into()], Platform::X).unwrap();
        assert_eq!(batch.len(), 2);
    }

    #[test]
    fn invalid_text_names_the_field() {
        let err = analyze_content("  \n ".into(), Platform::Linkedin).unwrap_err();
        assert!(
            matches!(&err, BrandpilotError::InvalidInput { field, .. } if field == "text"),
            "{err:?}"
        );
        let err = analyze_content_batch_json(r#"{"texts": ["fine", ""], "platform": "x"}"#.into())
            .unwrap_err();
        assert!(
            matches!(&err, BrandpilotError::InvalidInput { field, .. } if field == "texts[1]"),
            "{err:?}"
        );
        let err = analyze_content_json(r#"{"text": "hi", "platform": "x", "extra": 1}"#.into())
            .unwrap_err();
        assert_eq!(err.code(), "invalid_input");
    }

    /// The demo account's 45 LinkedIn posts (examples/data/demo_account.json).
    fn demo_posts() -> (Vec<Post>, serde_json::Value) {
        let demo: serde_json::Value =
            serde_json::from_str(include_str!("../../examples/data/demo_account.json")).unwrap();
        let posts = demo["snapshot"]["posts"].clone();
        (serde_json::from_value(posts.clone()).unwrap(), posts)
    }

    fn at() -> DateTime<Utc> {
        "2026-11-24T07:15:00Z".parse().unwrap()
    }

    const DRAFT: &str = "How we cut our warehouse bill by 38%: three changes, no deleted data.\n\nWhich would you try first? #dataengineering";

    #[test]
    fn engagement_typed_and_json_forms_agree() {
        let (posts, posts_json) = demo_posts();
        let options = FitOptions {
            time_zone: "Europe/Amsterdam".into(),
            ..FitOptions::default()
        };
        let model = fit_engagement_model(posts.clone(), Some(options.clone())).unwrap();
        assert_eq!(model.n_train, 45);
        assert_eq!(model.time_zone, "Europe/Amsterdam");
        assert_eq!(model.platforms, vec![Platform::Linkedin]);
        let input = serde_json::json!({
            "history": posts_json,
            "options": {"time_zone": "Europe/Amsterdam"},
        });
        let model_json = fit_engagement_model_json(input.to_string()).unwrap();
        assert_eq!(model_json, serde_json::to_string(&model).unwrap());
        // The stored JSON model comes back as the same record.
        let back: EngagementModel = serde_json::from_str(&model_json).unwrap();
        assert_eq!(back, model);

        // No options = FitOptions::default(), in both forms.
        let default = fit_engagement_model(posts, None).unwrap();
        assert_eq!(default.time_zone, "UTC");
        let input = serde_json::json!({"history": posts_json}).to_string();
        assert_eq!(
            fit_engagement_model_json(input).unwrap(),
            serde_json::to_string(&default).unwrap()
        );

        let p = predict_engagement(
            model.clone(),
            DRAFT.into(),
            Platform::Linkedin,
            at(),
            Some(MediaKind::Document),
        )
        .unwrap();
        assert!(p.low <= p.engagement_rate && p.engagement_rate <= p.high);
        assert!((0.0..=1.0).contains(&p.engagement_rate));
        assert!(!p.contributions.is_empty() && p.contributions.len() <= 5);
        let input = serde_json::json!({
            "model": serde_json::from_str::<serde_json::Value>(&model_json).unwrap(),
            "draft": DRAFT,
            "platform": "linkedin",
            "at": "2026-11-24T07:15:00Z",
            "media_kind": "document",
        });
        assert_eq!(
            predict_engagement_json(input.to_string()).unwrap(),
            serde_json::to_string(&p).unwrap()
        );

        // No media_kind = text only, in both forms.
        let text_only =
            predict_engagement(model.clone(), DRAFT.into(), Platform::Linkedin, at(), None)
                .unwrap();
        assert_eq!(
            text_only,
            predict_engagement(
                model,
                DRAFT.into(),
                Platform::Linkedin,
                at(),
                Some(MediaKind::None)
            )
            .unwrap()
        );
        let mut input = input;
        input.as_object_mut().unwrap().remove("media_kind");
        assert_eq!(
            predict_engagement_json(input.to_string()).unwrap(),
            serde_json::to_string(&text_only).unwrap()
        );
    }

    fn invalid_field(err: BrandpilotError) -> String {
        match err {
            BrandpilotError::InvalidInput { field, .. } => field,
            other => panic!("expected InvalidInput, got {other:?}"),
        }
    }

    #[test]
    fn tampered_models_are_invalid_input_naming_model() {
        let (posts, _) = demo_posts();
        let model = fit_engagement_model(posts, None).unwrap();
        let predict = |m: EngagementModel| {
            predict_engagement(m, DRAFT.into(), Platform::Linkedin, at(), None).unwrap_err()
        };
        let mut m = model.clone();
        m.weights.pop();
        assert_eq!(invalid_field(predict(m)), "model.weights");
        let mut m = model.clone();
        m.weights[0] = f64::NAN;
        assert_eq!(invalid_field(predict(m)), "model.weights[0]");
        let mut m = model.clone();
        m.scales[1] = 0.0;
        assert_eq!(invalid_field(predict(m)), "model.scales[1]");
        let mut m = model.clone();
        m.format_version = 99;
        assert_eq!(invalid_field(predict(m)), "model.format_version");
        let mut m = model.clone();
        m.time_zone = "Mars/Olympus_Mons".into();
        assert_eq!(invalid_field(predict(m)), "model.time_zone");
        let mut m = model;
        m.feature_names[0] = "shoe_size".into();
        assert_eq!(invalid_field(predict(m)), "model.feature_names[0]");
    }

    #[test]
    fn engagement_bad_input_names_the_field() {
        let (posts, posts_json) = demo_posts();
        // Typed: options and history.
        let nan = FitOptions {
            lambdas: Some(vec![1.0, f64::NAN]),
            ..FitOptions::default()
        };
        let err = fit_engagement_model(posts.clone(), Some(nan)).unwrap_err();
        assert_eq!(invalid_field(err), "options.lambdas[1]");
        let err = fit_engagement_model(posts[..5].to_vec(), None).unwrap_err();
        assert_eq!(invalid_field(err), "history");
        let mut negative = posts.clone();
        negative[3].metrics.likes = Some(-1);
        let err = fit_engagement_model(negative, None).unwrap_err();
        assert_eq!(invalid_field(err), "history[3].metrics.likes");
        let model = fit_engagement_model(posts, None).unwrap();
        let err =
            predict_engagement(model.clone(), " \n".into(), Platform::X, at(), None).unwrap_err();
        assert_eq!(invalid_field(err), "draft");

        // JSON: garbage, wrong types, unknown fields, missing fields.
        for (input, field) in [
            ("{not json".to_owned(), ""),
            ("[]".to_owned(), ""),
            (r#"{"history": 5}"#.to_owned(), "history"),
            (r#"{"options": {}}"#.to_owned(), ""),
            (
                serde_json::json!({"history": posts_json, "options": {"folds": "five"}})
                    .to_string(),
                "options.folds",
            ),
            (
                serde_json::json!({"history": posts_json, "options": {"time_zone": "UTC", "shoe": 1}})
                    .to_string(),
                "options",
            ),
            (
                serde_json::json!({"history": posts_json, "extra": true}).to_string(),
                "",
            ),
        ] {
            let err = fit_engagement_model_json(input.clone()).unwrap_err();
            assert_eq!(err.code(), "invalid_input", "{input}");
            let got = invalid_field(err);
            assert!(got.starts_with(field), "{input}: field {got}");
        }
        let mut model_json = serde_json::to_value(&model).unwrap();
        model_json["weights"][2] = serde_json::json!("heavy");
        let input = serde_json::json!({
            "model": model_json, "draft": DRAFT, "platform": "linkedin", "at": "2026-11-24T07:15:00Z",
        });
        let err = predict_engagement_json(input.to_string()).unwrap_err();
        assert_eq!(invalid_field(err), "model.weights[2]");
        let input = serde_json::json!({
            "model": model, "draft": DRAFT, "platform": "myspace", "at": "2026-11-24T07:15:00Z",
        });
        let err = predict_engagement_json(input.to_string()).unwrap_err();
        assert_eq!(invalid_field(err), "platform");
        let input = serde_json::json!({
            "model": model, "draft": DRAFT, "platform": "x", "at": "next tuesday",
        });
        let err = predict_engagement_json(input.to_string()).unwrap_err();
        assert_eq!(invalid_field(err), "at");
    }

    /// Lowercased tags (without `#`) of every post in `posts`.
    fn history_tags(posts: &[Post]) -> Vec<String> {
        posts
            .iter()
            .flat_map(|p| content::entities::extract_entities(&p.text))
            .filter(|e| e.kind == content::entities::EntityKind::Hashtag)
            .map(|e| e.text.to_lowercase())
            .collect()
    }

    #[test]
    fn hashtags_typed_and_json_forms_agree() {
        let (posts, posts_json) = demo_posts();
        let draft = "Our data pipelines in dbt: the SQL tests that caught most bugs";
        let s = suggest_hashtags(draft.into(), posts.clone(), 5).unwrap();
        assert!(!s.is_empty() && s.len() <= 5, "{s:?}");
        let tags = history_tags(&posts);
        for h in &s {
            assert!(
                tags.contains(&h.tag.to_lowercase()),
                "{} not in history",
                h.tag
            );
            assert!((0.0..=1.0).contains(&h.relevance) && h.score > 0.0);
        }
        let input = serde_json::json!({"draft": draft, "history": posts_json, "k": 5});
        assert_eq!(
            suggest_hashtags_json(input.to_string()).unwrap(),
            serde_json::to_string(&s).unwrap()
        );
        // Without history: nothing to suggest, not an error.
        assert!(
            suggest_hashtags(draft.into(), Vec::new(), 3)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn optimize_typed_and_json_forms_agree() {
        let text = "WE CUT OUR CLOUD BILL BY 38% IN ONE QUARTER and here is every step we took, from tagging to rightsizing to the weekly review that keeps it down. https://example.com/post #cloud #finops #devops #aws #costs #engineering #sre #platform";
        let v = optimize_content(text.into(), Platform::Linkedin).unwrap();
        assert!(!v.is_empty());
        for variant in &v {
            assert!(variant.analysis.length.fits, "{}", variant.strategy);
            assert_eq!(variant.quality, variant.analysis.quality.score);
        }
        let input = serde_json::json!({"text": text, "platform": "linkedin"});
        assert_eq!(
            optimize_content_json(input.to_string()).unwrap(),
            serde_json::to_string(&v).unwrap()
        );
        let x = optimize_content("a".repeat(400), Platform::X).unwrap();
        assert!(
            x.iter()
                .all(|v| v.analysis.length.fits && v.analysis.length.length <= 280)
        );
    }

    #[test]
    fn hashtags_and_optimize_bad_input_names_the_field() {
        let (posts, posts_json) = demo_posts();
        let err = suggest_hashtags("draft".into(), posts.clone(), 0).unwrap_err();
        assert_eq!(invalid_field(err), "k");
        let err = suggest_hashtags("draft".into(), posts.clone(), 101).unwrap_err();
        assert_eq!(invalid_field(err), "k");
        let err = suggest_hashtags(" ".into(), posts.clone(), 3).unwrap_err();
        assert_eq!(invalid_field(err), "draft");
        let mut negative = posts;
        negative[2].metrics.impressions = Some(-3);
        let err = suggest_hashtags("draft".into(), negative, 3).unwrap_err();
        assert_eq!(invalid_field(err), "history[2].metrics.impressions");
        for (input, field) in [
            ("{not json".to_owned(), ""),
            (r#"{"draft": "d", "history": [], "k": -1}"#.to_owned(), "k"),
            (r#"{"draft": "d", "history": [], "k": 2.5}"#.to_owned(), "k"),
            (r#"{"draft": "d", "history": [], "k": "5"}"#.to_owned(), "k"),
            (
                r#"{"draft": "d", "history": [], "k": 4294967296}"#.to_owned(),
                "k",
            ),
            (r#"{"draft": 7, "history": [], "k": 1}"#.to_owned(), "draft"),
            (
                r#"{"draft": "d", "history": {}, "k": 1}"#.to_owned(),
                "history",
            ),
            (r#"{"draft": "d", "k": 1}"#.to_owned(), ""),
            (
                serde_json::json!({"draft": "d", "history": posts_json, "k": 0}).to_string(),
                "k",
            ),
        ] {
            let err = suggest_hashtags_json(input.clone()).unwrap_err();
            assert_eq!(invalid_field(err), field, "{input}");
        }
        let err = optimize_content("bad\0text".into(), Platform::Linkedin).unwrap_err();
        assert_eq!(invalid_field(err), "text");
        for (input, field) in [
            ("[1, 2]".to_owned(), ""),
            (r#"{"text": "", "platform": "x"}"#.to_owned(), "text"),
            (
                r#"{"text": "hi", "platform": "myspace"}"#.to_owned(),
                "platform",
            ),
            (r#"{"text": ["hi"], "platform": "x"}"#.to_owned(), "text"),
        ] {
            let err = optimize_content_json(input.clone()).unwrap_err();
            assert_eq!(invalid_field(err), field, "{input}");
        }
    }
}

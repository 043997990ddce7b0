//! `content::EngagementModel` end to end: it beats the mean on the demo account, recovers a
//! planted effect, keeps its interval's promise, survives a JSON round trip, never panics
//! and rejects bad input and tampered models with coded errors.

use brandpilot::content::engagement::{FEATURE_NAMES, MAX_POSTS};
use brandpilot::content::{EngagementModel, FitOptions};
use brandpilot::model::{MediaKind, Platform, Post, PostMetrics};
use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;

fn demo_posts() -> Vec<Post> {
    let doc: serde_json::Value =
        serde_json::from_str(include_str!("../../examples/data/demo_account.json")).unwrap();
    serde_json::from_value(doc["snapshot"]["posts"].clone()).unwrap()
}

fn amsterdam() -> FitOptions {
    FitOptions {
        time_zone: "Europe/Amsterdam".into(),
        ..Default::default()
    }
}

/// SplitMix64: a tiny deterministic generator for synthetic histories.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Standard normal (Box–Muller).
    fn normal(&mut self) -> f64 {
        let u = self.unit().max(1e-12);
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const OPENERS: [&str; 6] = [
    "We rebuilt our reporting stack this quarter.",
    "Three things I learned running a platform team.",
    "Our warehouse bill dropped by a third.",
    "A small habit that saves our analysts hours.",
    "Hiring senior engineers is mostly about listening.",
    "The migration is finally done.",
];
const BODIES: [&str; 4] = [
    "",
    "\n\nThe short version: fewer tools, clearer owners.",
    "\n\nIt took longer than planned, and it was worth it. Here is the checklist we used.",
    "\n\nNothing fancy: tests at the entry point, a changelog, and a weekly review.\n- Owners\n- Tests\n- Reviews",
];

/// A synthetic post whose rate is `base × (question ? lift : 1) × lognormal(sigma)`.
fn synthetic_post(
    rng: &mut Rng,
    i: usize,
    t0: DateTime<Utc>,
    question: bool,
    lift: f64,
    sigma: f64,
) -> Post {
    let mut text = format!("{}{}", rng.pick(&OPENERS), rng.pick(&BODIES));
    if question {
        text.push_str("\n\nAny ideas?");
    }
    let rate = 0.03 * if question { lift } else { 1.0 } * (sigma * rng.normal()).exp();
    let impressions = 5_000 + (rng.next() % 5_000) as i64;
    Post {
        id: format!("p{i}"),
        platform: Platform::Linkedin,
        created_at: t0 + Duration::minutes(1_307 * i as i64),
        text,
        media_kind: MediaKind::None,
        metrics: PostMetrics {
            impressions: Some(impressions),
            likes: Some((rate * impressions as f64).round() as i64),
            ..Default::default()
        },
    }
}

fn synthetic_history(seed: u64, n: usize, lift: f64, sigma: f64) -> Vec<Post> {
    let mut rng = Rng(seed);
    let t0: DateTime<Utc> = "2026-01-05T07:00:00Z".parse().unwrap();
    (0..n)
        .map(|i| {
            let q = rng.unit() < 0.4;
            synthetic_post(&mut rng, i, t0, q, lift, sigma)
        })
        .collect()
}

fn rate(p: &Post) -> f64 {
    p.metrics.engagements() as f64 / p.metrics.impressions.unwrap() as f64
}

#[test]
fn the_demo_account_model_beats_the_mean() {
    let posts = demo_posts();
    let model = EngagementModel::fit(&posts, &amsterdam()).unwrap();
    let cv = &model.cross_validation;
    println!(
        "demo account: {} posts, {} features, lambda {}, CV ({} time-ordered folds) MAE {:.5} vs mean baseline {:.5}, skill {:.3}",
        model.n_train,
        model.feature_names.len(),
        model.chosen_lambda,
        cv.folds,
        cv.mae,
        cv.baseline_mae,
        cv.skill
    );
    assert_eq!(model.n_train as usize, posts.len());
    assert_eq!(cv.folds, 5);
    assert!(cv.mae < cv.baseline_mae, "{cv:?}");
    assert!(cv.skill > 0.0, "no better than predicting the mean: {cv:?}");
    assert!((cv.skill - (1.0 - cv.mae / cv.baseline_mae)).abs() < 1e-12);
    // Not just the log scale's median beating the arithmetic mean: the features add skill
    // over an intercept-only model (a penalty so large every weight is ~0).
    let intercept_only = EngagementModel::fit(
        &posts,
        &FitOptions {
            lambdas: Some(vec![1e9]),
            ..amsterdam()
        },
    )
    .unwrap();
    assert!(intercept_only.weights.iter().all(|w| w.abs() < 1e-6));
    println!(
        "intercept-only model: MAE {:.5}",
        intercept_only.cross_validation.mae
    );
    assert!(cv.mae < intercept_only.cross_validation.mae);
    // The planted effects of generate_demo.py point the right way (whole effects, through
    // every feature they move: a closing question also raises the quality score).
    let at: DateTime<Utc> = "2026-11-24T16:30:00Z".parse().unwrap(); // Tuesday 17:30 local
    let text = "Our incident review template, free to copy\n\nHere is what happened, what we changed, and what I would do differently.\n\n#dataengineering #analytics";
    let er = |text: &str, media: MediaKind, at: DateTime<Utc>| {
        model
            .predict_with_media(text, Platform::Linkedin, media, at)
            .unwrap()
            .engagement_rate
    };
    let plain = er(text, MediaKind::None, at);
    let asked = er(
        &format!("{text}\n\nWhat would you add?"),
        MediaKind::None,
        at,
    );
    println!(
        "demo predictions: text only {plain:.4}, with a closing question {asked:.4}, as a document {:.4}, at 08:30 {:.4}",
        er(text, MediaKind::Document, at),
        er(text, MediaKind::None, at - Duration::hours(9)),
    );
    assert!(asked > plain);
    assert!(er(text, MediaKind::Document, at) > plain);
    assert!(er(text, MediaKind::None, at - Duration::hours(9)) < plain);
    assert!(model.residual_low < 0.0 && model.residual_high > 0.0);
    assert_eq!(model.platforms, vec![Platform::Linkedin]);
    assert!(!model.notes.is_empty());
}

#[test]
fn a_planted_question_effect_is_recovered() {
    let history = synthetic_history(7, 150, 2.0, 0.15);
    let model = EngagementModel::fit(&history, &FitOptions::default()).unwrap();
    assert!(
        model.cross_validation.skill > 0.3,
        "{:?}",
        model.cross_validation
    );
    let top = model
        .weights
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .unwrap()
        .0;
    assert_eq!(model.feature_names[top], "has_question", "{model:#?}");

    let at: DateTime<Utc> = "2026-11-24T07:30:00Z".parse().unwrap();
    let with = model
        .predict(
            "We rebuilt our reporting stack this quarter.\n\nAny ideas?",
            Platform::Linkedin,
            at,
        )
        .unwrap();
    let without = model
        .predict(
            "We rebuilt our reporting stack this quarter.",
            Platform::Linkedin,
            at,
        )
        .unwrap();
    assert_eq!(with.contributions[0].feature, "has_question");
    assert_eq!(with.contributions[0].value, 1.0);
    assert!(with.contributions[0].effect > 0.0);
    let ratio = with.engagement_rate / without.engagement_rate;
    assert!((1.6..2.5).contains(&ratio), "question lift {ratio}");
    assert!((0.045..0.075).contains(&with.engagement_rate), "{with:?}");
    // Contributions: at most 5, largest |effect| first, effects in log units adding up.
    assert!(with.contributions.len() <= 5);
    assert!(
        with.contributions
            .windows(2)
            .all(|w| w[0].effect.abs() >= w[1].effect.abs())
    );
}

#[test]
fn the_interval_holds_about_its_coverage_of_new_posts() {
    let history = synthetic_history(11, 200, 1.5, 0.3);
    let model = EngagementModel::fit(&history, &FitOptions::default()).unwrap();
    assert_eq!(model.coverage, 0.8);
    let fresh = synthetic_history(12, 400, 1.5, 0.3);
    let mut inside = 0;
    for p in &fresh {
        let pred = model.predict(&p.text, p.platform, p.created_at).unwrap();
        assert!(pred.low <= pred.engagement_rate && pred.engagement_rate <= pred.high);
        assert_eq!(pred.coverage, 0.8);
        let r = rate(p);
        if pred.low <= r && r <= pred.high {
            inside += 1;
        }
    }
    let share = inside as f64 / fresh.len() as f64;
    println!("interval coverage on 400 new posts: {share:.3} (nominal 0.8)");
    assert!((0.72..=0.90).contains(&share), "coverage {share}");
}

#[test]
fn a_json_round_trip_predicts_identically() {
    let model = EngagementModel::fit(&demo_posts(), &amsterdam()).unwrap();
    let json = serde_json::to_string(&model).unwrap();
    let back: EngagementModel = serde_json::from_str(&json).unwrap();
    assert_eq!(back, model);
    back.validate().unwrap();
    let at: DateTime<Utc> = "2026-11-25T16:15:00Z".parse().unwrap();
    for (draft, media) in [
        (
            "Our incident review template, free to copy\n\nWhat would you add? #dataengineering",
            MediaKind::Document,
        ),
        ("Short one.", MediaKind::None),
        ("🚀🚀🚀 #a #b #c #d #e #f", MediaKind::Poll),
    ] {
        let a = model
            .predict_with_media(draft, Platform::Linkedin, media, at)
            .unwrap();
        let b = back
            .predict_with_media(draft, Platform::Linkedin, media, at)
            .unwrap();
        assert_eq!(a, b);
    }
    // The JSON shape hosts store.
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    for key in [
        "format_version",
        "time_zone",
        "platforms",
        "n_train",
        "feature_names",
        "means",
        "scales",
        "feature_min",
        "feature_max",
        "weights",
        "intercept",
        "chosen_lambda",
        "log_offset",
        "mean_engagement_rate",
        "coverage",
        "residual_low",
        "residual_high",
        "cross_validation",
        "notes",
    ] {
        assert!(v.get(key).is_some(), "{key}");
    }
    assert_eq!(v.as_object().unwrap().len(), 19);
}

#[test]
fn fitting_is_deterministic_and_skips_unusable_posts() {
    let mut history = synthetic_history(3, 30, 2.0, 0.2);
    let a = EngagementModel::fit(&history, &FitOptions::default()).unwrap();
    assert_eq!(
        a,
        EngagementModel::fit(&history, &FitOptions::default()).unwrap()
    );
    history[0].metrics.impressions = None;
    history[1].metrics.impressions = Some(0);
    history[2].text = "  ".into();
    let b = EngagementModel::fit(&history, &FitOptions::default()).unwrap();
    assert_eq!(b.n_train, 27);
    assert!(
        b.notes
            .iter()
            .any(|n| n.starts_with("2 post(s) without impressions"))
    );
    assert!(
        b.notes
            .iter()
            .any(|n| n.starts_with("1 post(s) with empty"))
    );
    // Every feature name is one of the catalog's, and constant features are dropped.
    assert!(
        b.feature_names
            .iter()
            .all(|f| FEATURE_NAMES.contains(&f.as_str()))
    );
    assert!(!b.feature_names.iter().any(|f| f.starts_with("media_")));
    assert!(!b.feature_names.iter().any(|f| f.starts_with("platform_")));
}

#[test]
fn several_platforms_get_platform_features_and_unseen_ones_are_allowed() {
    let mut history = synthetic_history(5, 40, 1.5, 0.2);
    for (i, p) in history.iter_mut().enumerate() {
        if i % 2 == 0 {
            p.platform = Platform::X;
        }
    }
    let model = EngagementModel::fit(&history, &FitOptions::default()).unwrap();
    assert_eq!(model.platforms, vec![Platform::Linkedin, Platform::X]);
    assert!(model.feature_names.contains(&"platform_x".to_owned()));
    assert!(
        model
            .feature_names
            .contains(&"platform_linkedin".to_owned())
    );
    let at = "2026-11-24T12:00:00Z".parse().unwrap();
    let p = model
        .predict("A fine post about data.", Platform::Bluesky, at)
        .unwrap();
    assert!(p.engagement_rate > 0.0 && p.engagement_rate <= 1.0);
    // An unseen platform sits at the history's average platform: no platform effect.
    assert!(
        p.contributions
            .iter()
            .filter(|c| c.feature.starts_with("platform_"))
            .all(|c| c.effect == 0.0)
    );
}

#[test]
fn options_and_history_errors_are_coded_with_their_field() {
    let history = synthetic_history(1, 20, 1.5, 0.2);
    let fit_err = |h: &[Post], o: FitOptions| EngagementModel::fit(h, &o).unwrap_err();
    let cases: Vec<(FitOptions, &str)> = vec![
        (
            FitOptions {
                time_zone: "Mars/Olympus_Mons".into(),
                ..Default::default()
            },
            "options.time_zone",
        ),
        (
            FitOptions {
                folds: 1,
                ..Default::default()
            },
            "options.folds",
        ),
        (
            FitOptions {
                folds: 21,
                ..Default::default()
            },
            "options.folds",
        ),
        (
            FitOptions {
                lambdas: Some(vec![]),
                ..Default::default()
            },
            "options.lambdas",
        ),
        (
            FitOptions {
                lambdas: Some(vec![1.0, f64::NAN]),
                ..Default::default()
            },
            "options.lambdas[1]",
        ),
        (
            FitOptions {
                lambdas: Some(vec![-0.5]),
                ..Default::default()
            },
            "options.lambdas[0]",
        ),
        (
            FitOptions {
                lambdas: Some(vec![f64::INFINITY]),
                ..Default::default()
            },
            "options.lambdas[0]",
        ),
    ];
    for (options, field) in cases {
        let err = fit_err(&history, options);
        assert_eq!(err.code(), "invalid_input");
        assert_eq!(err.field(), Some(field), "{err}");
    }

    let mut negative = history.clone();
    negative[3].metrics.likes = Some(-1);
    let err = fit_err(&negative, FitOptions::default());
    assert_eq!(err.field(), Some("history[3].metrics.likes"));

    let err = fit_err(&history[..9], FitOptions::default());
    assert_eq!(err.field(), Some("history"));
    assert!(
        err.message().starts_with("9 of 9 posts are usable"),
        "{err}"
    );
    let mut few = history.clone();
    for p in &mut few[..12] {
        p.metrics.impressions = None;
    }
    let err = fit_err(&few, FitOptions::default());
    assert!(
        err.message().starts_with("8 of 20 posts are usable"),
        "{err}"
    );

    let huge = vec![history[0].clone(); MAX_POSTS + 1];
    assert_eq!(
        fit_err(&huge, FitOptions::default()).field(),
        Some("history")
    );

    // More folds than posts: one post per fold, and a note.
    let model = EngagementModel::fit(
        &history[..12],
        &FitOptions {
            folds: 20,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(model.cross_validation.folds, 12);
    assert!(model.notes.iter().any(|n| n.contains("20 folds")));
}

#[test]
fn fit_options_json_defaults_and_strictness() {
    let o: FitOptions = serde_json::from_str("{}").unwrap();
    assert_eq!(o, FitOptions::default());
    assert_eq!((o.time_zone.as_str(), o.folds, o.lambdas), ("UTC", 5, None));
    let o: FitOptions = serde_json::from_str(r#"{"folds": 3, "lambdas": [0.1, 1]}"#).unwrap();
    assert_eq!(o.folds, 3);
    assert!(serde_json::from_str::<FitOptions>(r#"{"fold": 3}"#).is_err());
}

#[test]
fn draft_errors_name_the_draft() {
    let model =
        EngagementModel::fit(&synthetic_history(2, 20, 1.5, 0.2), &FitOptions::default()).unwrap();
    let at = "2026-11-24T12:00:00Z".parse().unwrap();
    for draft in ["", " \n\t", "a\0b"] {
        let err = model.predict(draft, Platform::Linkedin, at).unwrap_err();
        assert_eq!((err.code(), err.field()), ("invalid_input", Some("draft")));
    }
    let huge = "a ".repeat(200_000);
    assert_eq!(
        model
            .predict(&huge, Platform::Linkedin, at)
            .unwrap_err()
            .field(),
        Some("draft")
    );
}

#[test]
fn tampered_models_are_rejected_by_validate_and_predict() {
    let model = EngagementModel::fit(&demo_posts(), &amsterdam()).unwrap();
    model.validate().unwrap();
    type Tamper = Box<dyn Fn(&mut EngagementModel)>;
    let cases: Vec<(Tamper, &str)> = vec![
        (Box::new(|m| m.format_version = 2), "format_version"),
        (
            Box::new(|m| m.time_zone = "Nowhere/Land".into()),
            "time_zone",
        ),
        (
            Box::new(|m| {
                m.weights.pop();
            }),
            "weights",
        ),
        (Box::new(|m| m.means.push(0.0)), "means"),
        (
            Box::new(|m| {
                m.feature_names.pop();
            }),
            "means",
        ),
        (Box::new(|m| m.weights[2] = f64::NAN), "weights[2]"),
        (Box::new(|m| m.means[0] = f64::INFINITY), "means[0]"),
        (Box::new(|m| m.scales[1] = 0.0), "scales[1]"),
        (
            Box::new(|m| m.feature_min[3] = m.feature_max[3] + 1.0),
            "feature_min[3]",
        ),
        (
            Box::new(|m| m.feature_names[0] = "charisma".into()),
            "feature_names[0]",
        ),
        (
            Box::new(|m| m.feature_names[1] = m.feature_names[0].clone()),
            "feature_names[1]",
        ),
        (Box::new(|m| m.intercept = f64::NAN), "intercept"),
        (Box::new(|m| m.chosen_lambda = -1.0), "chosen_lambda"),
        (Box::new(|m| m.log_offset = 0.0), "log_offset"),
        (Box::new(|m| m.coverage = 1.0), "coverage"),
        (
            Box::new(|m| m.residual_low = m.residual_high + 0.1),
            "residual_low",
        ),
        (Box::new(|m| m.platforms.clear()), "platforms"),
        (
            Box::new(|m| m.platforms.push(Platform::Linkedin)),
            "platforms[1]",
        ),
        (
            Box::new(|m| m.cross_validation.mae = f64::NAN),
            "cross_validation.mae",
        ),
    ];
    let at = "2026-11-24T12:00:00Z".parse().unwrap();
    for (tamper, field) in cases {
        let mut m = model.clone();
        tamper(&mut m);
        let err = m.validate().unwrap_err();
        assert_eq!(err.code(), "invalid_input");
        assert_eq!(err.field(), Some(field), "{err}");
        let err = m
            .predict("A fine post.", Platform::Linkedin, at)
            .unwrap_err();
        assert_eq!(
            err.field(),
            Some(format!("model.{field}").as_str()),
            "{err}"
        );
    }
    // Finite but absurd weights overflow to a coded error, not a NaN or a panic.
    let mut m = model.clone();
    m.weights.iter_mut().for_each(|w| *w = 1e308);
    m.scales.iter_mut().for_each(|s| *s = 1e-300);
    let err = m
        .predict("A fine post about data pipelines.", Platform::Linkedin, at)
        .unwrap_err();
    assert_eq!(err.field(), Some("model.weights"));
    // A JSON model with an unknown field does not parse.
    let mut v = serde_json::to_value(&model).unwrap();
    v["extra"] = serde_json::json!(1);
    assert!(serde_json::from_value::<EngagementModel>(v).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn predictions_are_rates_or_coded_errors(
        draft in prop_oneof![
            any::<String>(),
            "[a-zA-Z #@?!\n🚀.,:/]{0,400}",
            Just("?".repeat(5000)),
            Just("supercalifragilisticexpialidocious".into()),
            Just("#a #b #c #d #e #f #g #h #i #j #k #l".into()),
        ],
        platform in prop::sample::select(Platform::ALL.to_vec()),
        media in prop::sample::select(vec![
            MediaKind::None, MediaKind::Image, MediaKind::Video, MediaKind::Carousel,
            MediaKind::Document, MediaKind::Link, MediaKind::Poll,
        ]),
        secs in -4_000_000_000i64..8_000_000_000,
    ) {
        static MODEL: std::sync::OnceLock<EngagementModel> = std::sync::OnceLock::new();
        let model = MODEL.get_or_init(|| EngagementModel::fit(&demo_posts(), &amsterdam()).unwrap());
        let at = DateTime::from_timestamp(secs, 0).unwrap();
        match model.predict_with_media(&draft, platform, media, at) {
            Ok(p) => {
                prop_assert!(p.engagement_rate.is_finite());
                prop_assert!((0.0..=1.0).contains(&p.engagement_rate));
                prop_assert!(0.0 <= p.low && p.low <= p.engagement_rate);
                prop_assert!(p.engagement_rate <= p.high && p.high <= 1.0);
                prop_assert!(p.contributions.len() <= 5);
                prop_assert!(p.contributions.iter().all(|c| c.effect.is_finite() && c.value.is_finite()));
            }
            Err(e) => {
                prop_assert_eq!(e.code(), "invalid_input");
                prop_assert_eq!(e.field(), Some("draft"));
            }
        }
    }
}

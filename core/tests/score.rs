//! Brand scoring, end to end through the public API.

use brandpilot::model::{AccountSnapshot, MediaKind, Platform, Post, PostMetrics, Profile};
use brandpilot::score::{
    ActionKind, BrandAnalysis, BrandInput, Dimension, EngagementBasis, ScoringConfig, analyze,
};
use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;

fn demo() -> BrandInput {
    let doc: serde_json::Value =
        serde_json::from_str(include_str!("../../examples/data/demo_account.json")).unwrap();
    BrandInput {
        snapshot: serde_json::from_value(doc["snapshot"].clone()).unwrap(),
        industry: doc["industry"].as_str().unwrap().into(),
        now: doc["now"].as_str().unwrap().parse().unwrap(),
    }
}

fn score(input: &BrandInput) -> BrandAnalysis {
    analyze(input, &ScoringConfig::default()).unwrap()
}

fn dim(a: &BrandAnalysis, d: Dimension) -> Option<f64> {
    a.dimension(d).and_then(|s| s.score)
}

#[test]
fn demo_account_scores_every_dimension_with_explained_factors() {
    let a = score(&demo());
    assert!((0.0..=100.0).contains(&a.overall));
    assert_eq!(a.engagement_basis, Some(EngagementBasis::Impressions));
    assert_eq!(a.dimensions.len(), 5);
    for d in &a.dimensions {
        let s = d
            .score
            .unwrap_or_else(|| panic!("{:?} has no score", d.dimension));
        assert!((0.0..=100.0).contains(&s));
        // The dimension score is the weighted mean of its available factors.
        let (sum, w) = d
            .factors
            .iter()
            .filter_map(|f| f.score.map(|s| (s * f.weight, f.weight)))
            .fold((0.0, 0.0), |(a, b), (s, w)| (a + s, b + w));
        assert!((sum / w - s).abs() < 1e-9, "{:?}", d.dimension);
    }
    let er = a
        .dimension(Dimension::Engagement)
        .unwrap()
        .factors
        .iter()
        .find(|f| f.id == "engagement_rate")
        .unwrap();
    assert!(er.benchmark_median.is_some() && er.percentile.is_some());
    assert!(
        er.benchmark_source
            .as_deref()
            .is_some_and(|s| !s.is_empty())
    );
    assert_eq!(er.benchmark_segment.as_deref(), Some("linkedin/technology"));
    // The overall score is the weighted mean of the dimensions.
    let overall: f64 = a
        .dimensions
        .iter()
        .map(|d| d.weight * d.score.unwrap())
        .sum();
    assert!((overall - a.overall).abs() < 1e-9);
}

#[test]
fn recommendation_gains_match_rescoring_the_changed_input() {
    let base_input = demo();
    let base = score(&base_input);
    assert!(!base.recommendations.is_empty());
    let gains: Vec<f64> = base
        .recommendations
        .iter()
        .map(|r| r.expected_gain)
        .collect();
    assert!(
        gains.windows(2).all(|w| w[0] >= w[1]),
        "sorted by gain: {gains:?}"
    );
    assert!(gains.iter().all(|&g| g > 0.0));
    // Actions whose effect on the input is exact can be checked by re-running analyze.
    let mut checked = 0;
    for r in &base.recommendations {
        let mut changed = base_input.clone();
        let p = &mut changed.snapshot.profile;
        match r.action {
            ActionKind::AddBanner => p.has_banner = true,
            ActionKind::AddWebsite => p.website = Some("https://maya.example".into()),
            ActionKind::AddPhoto => p.has_photo = true,
            ActionKind::AddLocation => p.location = Some("Utrecht".into()),
            _ => continue,
        }
        let after = score(&changed);
        assert!(
            (after.overall - base.overall - r.expected_gain).abs() < 1e-9,
            "{:?}: {} vs {}",
            r.action,
            after.overall - base.overall,
            r.expected_gain
        );
        checked += 1;
    }
    assert!(
        checked >= 1,
        "the demo account lacks a banner and a website"
    );
}

#[test]
fn unknown_industry_falls_back_and_says_so() {
    let mut input = demo();
    input.industry = "underwater_basketry".into();
    let a = score(&input);
    assert!(a.notes.iter().any(|n| n.contains("underwater_basketry")));
    let er = &a.dimension(Dimension::Engagement).unwrap().factors[0];
    assert_eq!(er.benchmark_segment.as_deref(), Some("linkedin/all"));
}

#[test]
fn same_input_same_output() {
    let input = demo();
    assert_eq!(score(&input), score(&input));
}

#[test]
fn new_account_without_posts_gets_sensible_output() {
    let input = BrandInput {
        snapshot: AccountSnapshot {
            profile: Profile::new(Platform::X, "new"),
            posts: vec![],
            series: vec![],
        },
        industry: "all".into(),
        now: "2026-11-23T00:00:00Z".parse().unwrap(),
    };
    let a = score(&input);
    assert_eq!(dim(&a, Dimension::Engagement), None);
    assert_eq!(dim(&a, Dimension::Presence), Some(0.0));
    assert!(a.notes.iter().any(|n| n.contains("No posts")));
    assert!(
        a.recommendations
            .iter()
            .any(|r| r.action == ActionKind::AddPhoto)
    );
}

#[test]
fn validation_errors_name_the_field() {
    type Mutation = Box<dyn Fn(&mut BrandInput)>;
    let cases: Vec<(Mutation, &str)> = vec![
        (
            Box::new(|i| i.snapshot.posts[2].metrics.comments = Some(-3)),
            "snapshot.posts[2].metrics.comments",
        ),
        (
            Box::new(|i| i.snapshot.profile.followers = Some(-1)),
            "snapshot.profile.followers",
        ),
        (
            Box::new(|i| i.snapshot.series[0].points[4].value = f64::NAN),
            "snapshot.series[0].points[4].value",
        ),
        (
            Box::new(|i| i.snapshot.series[1].points[2].value = f64::INFINITY),
            "snapshot.series[1].points[2].value",
        ),
        (
            Box::new(|i| i.snapshot.posts[1].platform = Platform::X),
            "snapshot.posts[1].platform",
        ),
        (
            Box::new(|i| i.snapshot.posts[1].id = " ".into()),
            "snapshot.posts[1].id",
        ),
        (
            Box::new(|i| i.snapshot.profile.handle = String::new()),
            "snapshot.profile.handle",
        ),
        (
            Box::new(|i| i.snapshot.profile.summary = Some("x".repeat(200_000))),
            "snapshot.profile.summary",
        ),
        (
            Box::new(|i| {
                let s = i.snapshot.series[0].clone();
                i.snapshot.series.push(s);
            }),
            "snapshot.series[3].metric",
        ),
        (Box::new(|i| i.industry = String::new()), "industry"),
    ];
    for (mutate, field) in cases {
        let mut input = demo();
        mutate(&mut input);
        let err = analyze(&input, &ScoringConfig::default()).unwrap_err();
        assert_eq!(err.code(), "invalid_input");
        assert_eq!(err.field(), Some(field), "{err}");
    }
    let config = ScoringConfig {
        weights: brandpilot::score::DimensionWeights {
            presence: f64::NAN,
            ..Default::default()
        },
        ..Default::default()
    };
    let err = analyze(&demo(), &config).unwrap_err();
    assert_eq!(err.field(), Some("config.weights.presence"));
}

#[test]
fn unknown_enum_values_are_rejected_by_parsing() {
    let bad = r#"{"profile": {"platform": "linkedin", "handle": "a"}, "posts": [
        {"id": "1", "platform": "linkedin", "created_at": "2026-11-01T00:00:00Z", "media_kind": "hologram"}]}"#;
    assert!(serde_json::from_str::<AccountSnapshot>(bad).is_err());
    let bad = r#"{"profile": {"platform": "linkedin", "handle": "a", "follwers": 3}}"#;
    assert!(
        serde_json::from_str::<AccountSnapshot>(bad).is_err(),
        "typos are rejected"
    );
}

// ---- properties -------------------------------------------------------------------------

fn now() -> DateTime<Utc> {
    "2026-11-23T00:00:00Z".parse().unwrap()
}

prop_compose! {
    fn arb_post(i: usize)(
        age_hours in 1i64..2_500,
        impressions in proptest::option::of(0i64..1_000_000),
        likes in proptest::option::of(0i64..50_000),
        comments in proptest::option::of(0i64..5_000),
        shares in proptest::option::of(0i64..5_000),
        visual in any::<bool>(),
    ) -> Post {
        Post {
            id: format!("p{i}"),
            platform: Platform::Linkedin,
            created_at: now() - Duration::hours(age_hours),
            text: "post".into(),
            media_kind: if visual { MediaKind::Image } else { MediaKind::None },
            metrics: PostMetrics { impressions, likes, comments, shares, ..Default::default() },
        }
    }
}

fn arb_input() -> impl Strategy<Value = BrandInput> {
    (
        proptest::option::of(0i64..10_000_000),
        any::<(bool, bool, bool)>(),
        0usize..60,
        proptest::collection::vec(arb_post(0), 0..40),
    )
        .prop_map(
            |(followers, (photo, banner, website), headline_len, mut posts)| {
                for (i, p) in posts.iter_mut().enumerate() {
                    p.id = format!("p{i}");
                }
                let mut profile = Profile::new(Platform::Linkedin, "prop");
                profile.followers = followers;
                profile.has_photo = photo;
                profile.has_banner = banner;
                profile.website = website.then(|| "https://x.example".into());
                profile.headline = Some("h".repeat(headline_len));
                BrandInput {
                    snapshot: AccountSnapshot {
                        profile,
                        posts,
                        series: vec![],
                    },
                    industry: "technology".into(),
                    now: now(),
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_score_is_within_0_and_100(input in arb_input()) {
        let a = score(&input);
        prop_assert!((0.0..=100.0).contains(&a.overall));
        for d in &a.dimensions {
            if let Some(s) = d.score { prop_assert!((0.0..=100.0).contains(&s)); }
            for f in &d.factors {
                if let Some(s) = f.score { prop_assert!((0.0..=100.0).contains(&s)); }
            }
        }
        for r in &a.recommendations { prop_assert!(r.expected_gain > 0.0); }
    }

    #[test]
    fn more_followers_never_lower_network(input in arb_input(), extra in 1i64..1_000_000) {
        let before = score(&input);
        let mut more = input.clone();
        more.snapshot.profile.followers = Some(input.snapshot.profile.followers.unwrap_or(0) + extra);
        let after = score(&more);
        prop_assert!(dim(&after, Dimension::Network).unwrap_or(0.0) >= dim(&before, Dimension::Network).unwrap_or(0.0));
    }

    #[test]
    fn higher_engagement_never_lowers_engagement(input in arb_input(), factor in 1i64..20) {
        let before = score(&input);
        let mut more = input.clone();
        for p in &mut more.snapshot.posts {
            let m = &mut p.metrics;
            m.likes = m.likes.map(|x| x * factor);
            m.comments = m.comments.map(|x| x * factor);
            m.shares = m.shares.map(|x| x * factor);
        }
        let after = score(&more);
        prop_assert!(dim(&after, Dimension::Engagement).unwrap_or(0.0) + 1e-9 >= dim(&before, Dimension::Engagement).unwrap_or(0.0));
    }

    #[test]
    fn a_more_complete_profile_never_lowers_presence(input in arb_input()) {
        let before = score(&input);
        let mut more = input.clone();
        let p = &mut more.snapshot.profile;
        p.has_photo = true;
        p.skills = vec!["a".into(), "b".into()];
        p.location = Some("Amsterdam".into());
        let after = score(&more);
        prop_assert!(dim(&after, Dimension::Presence) >= dim(&before, Dimension::Presence));
    }

    #[test]
    fn analysis_is_deterministic(input in arb_input()) {
        prop_assert_eq!(score(&input), score(&input));
    }
}

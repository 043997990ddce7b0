//! `content::suggest_hashtags`: relevance × shrunk lift from the user's own history, never an
//! invented tag, coded errors.

use brandpilot::content::entities::{EntityKind, extract_entities};
use brandpilot::content::hashtags::{LIFT_PRIOR_POSTS, MAX_HISTORY};
use brandpilot::content::{MAX_TEXT_BYTES, suggest_hashtags};
use brandpilot::model::{Platform, Post, PostMetrics};
use proptest::prelude::*;

fn post(id: usize, platform: Platform, text: &str, impressions: Option<i64>, likes: i64) -> Post {
    Post {
        id: format!("p{id}"),
        platform,
        created_at: "2026-10-01T09:00:00Z".parse().unwrap(),
        text: text.to_owned(),
        media_kind: Default::default(),
        metrics: PostMetrics {
            impressions,
            likes: Some(likes),
            ..Default::default()
        },
    }
}

fn li(id: usize, text: &str, likes: i64) -> Post {
    post(id, Platform::Linkedin, text, Some(1_000), likes)
}

#[test]
fn high_engagement_tags_rank_above_low_ones_at_equal_relevance() {
    let mut history = Vec::new();
    for i in 0..4 {
        history.push(li(i, "Async Rust tips from production #alpha", 80));
        history.push(li(10 + i, "Async Rust tips from production #beta", 20));
    }
    let s = suggest_hashtags("Five async Rust tips I wish I knew", &history, 5).unwrap();
    assert_eq!(s.len(), 2);
    assert_eq!((s[0].tag.as_str(), s[1].tag.as_str()), ("alpha", "beta"));
    assert!((s[0].relevance - s[1].relevance).abs() < 1e-12, "{s:?}");
    assert!(s[0].lift > 1.0 && s[1].lift < 1.0, "{s:?}");
    assert!(s[0].score > s[1].score);
    // Mean rate 0.05: alpha's posts are at 1.6×, beta's at 0.4×; four posts each, m = 3.
    let expected = (4.0 * 1.6 + LIFT_PRIOR_POSTS) / (4.0 + LIFT_PRIOR_POSTS);
    assert!((s[0].lift - expected).abs() < 1e-12, "{}", s[0].lift);
    assert_eq!((s[0].uses, s[0].rated_uses), (4, 4));
    assert_eq!(s[0].score, s[0].relevance * s[0].lift);
    assert!(s[0].matched_terms.iter().any(|t| t == "async"));
    assert!(s[0].matched_terms.iter().any(|t| t == "tips"));
}

#[test]
fn one_use_tags_shrink_toward_the_average() {
    let mut history = vec![li(0, "Kubernetes autoscaling deep dive #k8s", 300)];
    for i in 1..10 {
        history.push(li(i, "Weekly notes on hiring and teams", 20));
    }
    // Mean rate (0.3 + 9 × 0.02) / 10 = 0.048: the tagged post is at 6.25×.
    let s = suggest_hashtags("Autoscaling Kubernetes without tears", &history, 3).unwrap();
    assert_eq!(s.len(), 1);
    let raw = 0.3 / 0.048;
    let expected = (raw + LIFT_PRIOR_POSTS) / (1.0 + LIFT_PRIOR_POSTS);
    assert!((s[0].lift - expected).abs() < 1e-9, "{}", s[0].lift);
    assert!(
        s[0].lift < raw / 2.0,
        "one post moves the lift a quarter of the way"
    );

    // More uses at the same rate: the lift moves toward the raw figure.
    let many: Vec<Post> = (0..30)
        .map(|i| {
            li(
                i,
                if i % 3 == 0 {
                    "Kubernetes autoscaling deep dive #k8s"
                } else {
                    "Weekly notes on hiring and teams"
                },
                if i % 3 == 0 { 300 } else { 20 },
            )
        })
        .collect();
    let s2 = suggest_hashtags("Autoscaling Kubernetes without tears", &many, 3).unwrap();
    assert_eq!(s2[0].uses, 10);
    let raw2 = 0.3 / ((10.0 * 0.3 + 20.0 * 0.02) / 30.0);
    assert!(s2[0].lift > 1.0 && s2[0].lift < raw2);
    assert!((raw2 - s2[0].lift) / raw2 < (raw - s[0].lift) / raw);
}

#[test]
fn tags_without_metrics_have_lift_one() {
    let mut p = li(0, "Sourdough baking at home #bread", 0);
    p.metrics = PostMetrics::default();
    let s = suggest_hashtags("My sourdough baking journey", &[p], 3).unwrap();
    assert_eq!(s.len(), 1);
    assert_eq!((s[0].lift, s[0].rated_uses, s[0].uses), (1.0, 0, 1));
    assert_eq!(s[0].score, s[0].relevance);
}

#[test]
fn raw_engagements_are_compared_when_no_post_reports_impressions() {
    let history = vec![
        post(0, Platform::X, "Shipping Rust daily #rustlang", None, 90),
        post(1, Platform::X, "Shipping Rust daily #rust", None, 10),
    ];
    let s = suggest_hashtags("Rust shipping notes", &history, 3).unwrap();
    assert_eq!(s[0].tag, "rustlang");
    assert!((s[0].lift - (1.8 + 3.0) / 4.0).abs() < 1e-12, "{s:?}");
    assert!((s[1].lift - (0.2 + 3.0) / 4.0).abs() < 1e-12, "{s:?}");
}

#[test]
fn platforms_are_compared_with_their_own_average() {
    // The same tag on both platforms, each time at its platform's mean: lift 1.
    let history = vec![
        post(
            0,
            Platform::Linkedin,
            "Data contracts in practice #data",
            Some(1_000),
            50,
        ),
        post(1, Platform::Linkedin, "Team offsite notes", Some(1_000), 50),
        post(
            2,
            Platform::X,
            "Data contracts thread #data",
            Some(10_000),
            40,
        ),
        post(3, Platform::X, "Offsite photos", Some(10_000), 40),
    ];
    let s = suggest_hashtags("Why data contracts matter", &history, 3).unwrap();
    assert_eq!(s.len(), 1);
    assert!((s[0].lift - 1.0).abs() < 1e-12, "{s:?}");
}

#[test]
fn never_invents_and_skips_tags_already_in_the_draft() {
    let history = vec![
        li(
            0,
            "Lakehouse migration lessons #DataEngineering #Analytics",
            40,
        ),
        li(
            1,
            "Our lakehouse costs, explained #dataengineering #FinOps",
            30,
        ),
        li(2, "Quarterly dashboard review #analytics", 20),
    ];
    let draft = "Lakehouse costs and dashboards, one year in #ANALYTICS";
    let s = suggest_hashtags(draft, &history, 10).unwrap();
    let tags: Vec<&str> = s.iter().map(|x| x.tag.as_str()).collect();
    assert!(
        !tags.iter().any(|t| t.eq_ignore_ascii_case("analytics")),
        "{tags:?}"
    );
    assert!(
        tags.contains(&"FinOps") && tags.contains(&"DataEngineering"),
        "{tags:?}"
    );
    let known: Vec<String> = history
        .iter()
        .flat_map(|p| extract_entities(&p.text))
        .filter(|e| e.kind == EntityKind::Hashtag)
        .map(|e| e.text)
        .collect();
    assert!(tags.iter().all(|t| known.iter().any(|k| k == t)));
    // Case-insensitive merge; the most used spelling wins (tie: alphabetical).
    let de = s.iter().find(|x| x.tag == "DataEngineering").unwrap();
    assert_eq!(de.uses, 2);
}

#[test]
fn unrelated_tags_are_not_returned_and_k_caps_the_list() {
    let history: Vec<Post> = (0..20)
        .map(|i| {
            li(
                i,
                &format!("Notes on topic {i} with rust #tag{i}"),
                10 + i as i64,
            )
        })
        .collect();
    assert!(
        suggest_hashtags("Gardening in spring", &history, 5)
            .unwrap()
            .is_empty()
    );
    let s = suggest_hashtags("More rust notes", &history, 5).unwrap();
    assert_eq!(s.len(), 5);
    assert!(s.windows(2).all(|w| w[0].score >= w[1].score));
    assert!(
        suggest_hashtags("More rust notes", &[], 5)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn ties_break_by_uses_then_tag() {
    let history = vec![
        post(0, Platform::X, "rust #b", None, 0),
        post(1, Platform::X, "rust #a", None, 0),
    ];
    // No engagement at all: every lift is 1 and relevances are equal.
    let s = suggest_hashtags("rust", &history, 5).unwrap();
    let tags: Vec<&str> = s.iter().map(|x| x.tag.as_str()).collect();
    assert_eq!(tags, ["a", "b"]);
}

#[test]
fn same_input_same_output() {
    let history: Vec<Post> = (0..200)
        .map(|i| {
            li(
                i,
                &format!(
                    "Post {i} about growth, hiring and product #growth #t{} #hiring",
                    i % 7
                ),
                (i * 37 % 101) as i64,
            )
        })
        .collect();
    let a = suggest_hashtags("Hiring for product growth", &history, 20).unwrap();
    let b = suggest_hashtags("Hiring for product growth", &history, 20).unwrap();
    assert_eq!(a, b);
    assert!(!a.is_empty());
}

#[test]
fn bad_input_is_a_coded_error() {
    let ok = vec![li(0, "fine #ok", 1)];
    for (draft, why) in [("", "empty"), (" \n", "blank"), ("a\0b", "NUL")] {
        let err = suggest_hashtags(draft, &ok, 3).unwrap_err();
        assert_eq!(
            (err.code(), err.field()),
            ("invalid_input", Some("draft")),
            "{why}"
        );
    }
    let huge = "a".repeat(MAX_TEXT_BYTES + 1);
    assert_eq!(
        suggest_hashtags(&huge, &ok, 3).unwrap_err().field(),
        Some("draft")
    );
    for k in [0, 101] {
        assert_eq!(
            suggest_hashtags("draft", &ok, k).unwrap_err().field(),
            Some("k")
        );
    }
    let too_many: Vec<Post> = (0..=MAX_HISTORY).map(|i| li(i, "", 1)).collect();
    assert_eq!(
        suggest_hashtags("draft", &too_many, 3).unwrap_err().field(),
        Some("history")
    );
    let mut bad = vec![li(0, "a", 1), li(1, "b", 1), li(2, "c", 1), li(3, "d", 1)];
    bad[3].metrics.likes = Some(-1);
    let err = suggest_hashtags("draft", &bad, 3).unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        ("invalid_input", Some("history[3].metrics.likes"))
    );
    bad[3].metrics.likes = Some(1);
    bad[2].text = "#x ".repeat(MAX_TEXT_BYTES);
    assert_eq!(
        suggest_hashtags("draft", &bad, 3).unwrap_err().field(),
        Some("history[2].text")
    );
}

const WORDS: [&str; 12] = [
    "rust", "data", "growth", "hiring", "the", "and", "Café", "日本", "launch", "team", "🚀", "42",
];

fn text_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(WORDS.to_vec()).prop_map(str::to_owned),
            1 => "#[A-Za-z_][A-Za-z0-9_]{0,10}",
            1 => prop::sample::select(vec!["#Rust", "#rust", "#DataEng", "#ＡＢＣ", "#données"]).prop_map(str::to_owned),
            1 => "\\PC{0,6}",
        ],
        0..20,
    )
    .prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn suggestions_come_from_the_history_and_are_ranked(
        texts in prop::collection::vec(text_strategy(), 0..30),
        likes in prop::collection::vec(0i64..500, 30),
        draft in text_strategy(),
        k in 1usize..12,
    ) {
        let history: Vec<Post> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| li(i, t, likes[i]))
            .collect();
        let Ok(s) = suggest_hashtags(&draft, &history, k) else {
            prop_assert!(draft.trim().is_empty() || draft.contains('\0'));
            return Ok(());
        };
        prop_assert!(s.len() <= k);
        let known: Vec<String> = history
            .iter()
            .flat_map(|p| extract_entities(&p.text))
            .filter(|e| e.kind == EntityKind::Hashtag)
            .map(|e| e.text)
            .collect();
        let in_draft: Vec<String> = extract_entities(&draft)
            .into_iter()
            .filter(|e| e.kind == EntityKind::Hashtag)
            .map(|e| e.text.to_lowercase())
            .collect();
        for x in &s {
            prop_assert!(known.contains(&x.tag), "{} invented", x.tag);
            prop_assert!(!in_draft.contains(&x.tag.to_lowercase()));
            prop_assert!(x.relevance > 0.0 && x.relevance <= 1.0);
            prop_assert!(x.lift.is_finite() && x.lift > 0.0);
            prop_assert!(x.uses >= 1 && x.rated_uses <= x.uses);
            prop_assert!(!x.matched_terms.is_empty());
        }
        prop_assert!(s.windows(2).all(|w| w[0].score >= w[1].score));
    }
}

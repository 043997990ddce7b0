//! `content::analyze` end to end: every part runs, issues match the platform, bad input is a
//! coded error, nothing panics.

use brandpilot::content::quality::Severity;
use brandpilot::content::{analyze, analyze_batch, limits, practice};
use brandpilot::model::Platform;
use proptest::prelude::*;

fn codes(a: &brandpilot::content::ContentAnalysis) -> Vec<&str> {
    a.issues.iter().map(|i| i.code.as_str()).collect()
}

#[test]
fn a_linkedin_post_is_analysed_in_full() {
    let text = "Thrilled to share: we cut our warehouse bill by 38% without deleting anything.\n\n\
                Three things made the difference:\n1. Clustering\n2. Fewer full refreshes\n3. Honest dashboards\n\n\
                What would you try first? #dataengineering #analytics";
    let a = analyze(text, Platform::Linkedin).unwrap();
    assert_eq!(a.entities.len(), 2);
    assert!(a.length.fits);
    assert!(a.readability.words > 20);
    assert!(a.sentiment.compound > 0.3, "{:?}", a.sentiment);
    assert_eq!(
        a.features.hook,
        "Thrilled to share: we cut our warehouse bill by 38% without deleting anything."
    );
    assert_eq!(a.features.hook_fits_fold, Some(true));
    assert!(a.features.has_question);
    assert!((0.0..=100.0).contains(&a.quality.score));
    assert_eq!(a.quality.factors.len(), 6);
}

#[test]
fn platform_rules_drive_the_issues() {
    let long = format!("{} https://example.com/a", "word ".repeat(60));
    let x = analyze(&long, Platform::X).unwrap();
    assert!(!x.length.fits);
    assert!(codes(&x).contains(&"over_limit"));
    assert_eq!(x.issues[0].severity, Severity::Error, "most severe first");
    let li = analyze(&long, Platform::Linkedin).unwrap();
    assert!(!codes(&li).contains(&"over_limit"));
    assert!(codes(&li).contains(&"link_in_body"));
    let tags = "Sunset over the dunes #a #b #c #d #e #f #g";
    let ig = analyze(tags, Platform::Instagram).unwrap();
    assert!(codes(&ig).contains(&"too_many_hashtags_for_platform"));
    assert!(
        ig.quality.score
            < analyze("Sunset over the dunes #a #b #c", Platform::Instagram)
                .unwrap()
                .quality
                .score
    );
}

#[test]
fn the_fold_figures_agree_between_rules_and_practice() {
    for p in Platform::ALL {
        if let (Some(a), Some(b)) = (
            limits::platform_rules(p).fold_chars,
            practice::post_practice(p).fold_chars,
        ) {
            assert_eq!(a, b, "{p}");
        }
    }
}

#[test]
fn bad_text_is_a_coded_error() {
    for (text, why) in [("", "empty"), ("  \n\t ", "whitespace"), ("a\0b", "NUL")] {
        let err = analyze(text, Platform::X).unwrap_err();
        assert_eq!(err.code(), "invalid_input", "{why}");
        assert_eq!(err.field(), Some("text"), "{why}");
    }
    let huge = "a ".repeat(5 * 1024 * 1024);
    assert_eq!(
        analyze(&huge, Platform::Facebook).unwrap_err().field(),
        Some("text")
    );
    let batch = vec!["fine".to_owned(), " ".to_owned()];
    let err = analyze_batch(&batch, Platform::Threads).unwrap_err();
    assert_eq!(err.field(), Some("texts[1]"));
    assert_eq!(
        analyze_batch(&batch[..1], Platform::Threads).unwrap().len(),
        1
    );
}

#[test]
fn same_text_same_analysis() {
    let t = "Big day 🎉 @ada joined the team! $ACME https://acme.example #hiring";
    assert_eq!(
        analyze(t, Platform::Bluesky).unwrap(),
        analyze(t, Platform::Bluesky).unwrap()
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn never_panics_and_scores_stay_in_range(text in "\\PC{0,400}", p in 0usize..9) {
        let platform = Platform::ALL[p];
        if let Ok(a) = analyze(&text, platform) {
            prop_assert!((0.0..=100.0).contains(&a.quality.score));
            prop_assert!((-1.0..=1.0).contains(&a.sentiment.compound));
            prop_assert!(a.readability.flesch_reading_ease.is_finite());
        }
    }
}

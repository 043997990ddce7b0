//! Sentiment: agreement with vaderSentiment 3.3.2 on a committed corpus, accuracy against the
//! VADER paper's human ratings, one test per rule, and properties on arbitrary input.
//!
//! The corpus, `core/data/content/sentiment_fixtures.jsonl`, is written by
//! `scripts/gen_sentiment_fixtures.py` (which runs the Python reference); these tests only
//! read it, so they run offline.

use brandpilot::content::sentiment::{Sentiment, sentiment};
use proptest::prelude::*;
use serde::Deserialize;

#[derive(Deserialize)]
struct Fixture {
    source: String,
    text: String,
    compound: f64,
    #[serde(default)]
    label: Option<f64>,
}

fn fixtures() -> Vec<Fixture> {
    let raw = include_str!("../data/content/sentiment_fixtures.jsonl");
    raw.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("fixture line is valid JSON"))
        .collect()
}

fn c(text: &str) -> f64 {
    sentiment(text).compound
}

#[test]
fn agrees_with_vader_sentiment_3_3_2() {
    let fx = fixtures();
    assert!(fx.len() >= 1000, "fixture has {} rows", fx.len());
    let mut diffs: Vec<(f64, &Fixture, f64)> = fx
        .iter()
        .map(|f| {
            let ours = c(&f.text);
            ((ours - f.compound).abs(), f, ours)
        })
        .collect();
    for source in ["generated", "tweets_gt"] {
        let rows: Vec<_> = diffs.iter().filter(|d| d.1.source == source).collect();
        let ok = rows.iter().filter(|d| d.0 <= 0.05).count();
        let exact = rows.iter().filter(|d| d.0 <= 0.0001).count();
        println!(
            "{source}: {ok}/{} within 0.05 ({:.2}%), {exact} within 1e-4",
            rows.len(),
            100.0 * ok as f64 / rows.len().max(1) as f64
        );
    }
    let ok = diffs.iter().filter(|d| d.0 <= 0.05).count();
    let rate = ok as f64 / diffs.len() as f64;
    println!(
        "all: {ok}/{} within 0.05 ({:.2}%)",
        diffs.len(),
        100.0 * rate
    );
    diffs.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!("worst cases (|diff|, ours, vader, text):");
    for (d, f, ours) in diffs.iter().take(10) {
        println!("  {d:.4}  {ours:+.4}  {:+.4}  {:?}", f.compound, f.text);
    }
    assert!(rate >= 0.95, "agreement {:.2}% < 95%", 100.0 * rate);
}

#[test]
fn accuracy_on_human_rated_tweets() {
    // Binary polarity: a text is positive when its mean human rating is > 0, negative when
    // < 0 (texts rated exactly 0 are left out); a compound of 0 counts as wrong.
    let fx = fixtures();
    let labelled: Vec<_> = fx
        .iter()
        .filter_map(|f| f.label.filter(|l| *l != 0.0).map(|l| (l, f)))
        .collect();
    assert!(labelled.len() > 4000);
    let hit = |pred: f64, label: f64| pred != 0.0 && (pred > 0.0) == (label > 0.0);
    let ours =
        labelled.iter().filter(|(l, f)| hit(c(&f.text), *l)).count() as f64 / labelled.len() as f64;
    let vader =
        labelled.iter().filter(|(l, f)| hit(f.compound, *l)).count() as f64 / labelled.len() as f64;
    println!(
        "sign accuracy on {} human-rated tweets: ours {:.2}%, vaderSentiment 3.3.2 {:.2}%",
        labelled.len(),
        100.0 * ours,
        100.0 * vader
    );
    assert!(ours >= vader - 0.01, "ours {ours} vs vader {vader}");
}

// ---- the rules, one by one ----

#[test]
fn lexicon_polarity() {
    assert!(c("The book was good.") > 0.4);
    assert!(c("The book was bad.") < -0.4);
    assert_eq!(c("The book was blue."), 0.0);
    // Reference values from vaderSentiment 3.3.2.
    assert!((c("The book was good.") - 0.4404).abs() < 1e-4);
    assert!((c("VADER is smart, handsome, and funny.") - 0.8316).abs() < 1e-4);
}

#[test]
fn negation_flips() {
    assert!(c("The launch was good") > 0.0);
    assert!(c("The launch was not good") < 0.0);
    assert!(c("The launch wasn't good") < 0.0);
    assert!(c("The launch was never good") < 0.0);
    assert!(c("The launch was not bad") > 0.0);
    // Negation within three words; "n't" anywhere in a word negates.
    assert!(c("I don't think it's good") < 0.0);
    // "never so / this" intensifies instead.
    assert!(c("It has never been this good!") > c("It has been good!"));
    // "without doubt" is not a negation.
    assert!(c("Without a doubt, excellent idea.") > 0.0);
}

#[test]
fn no_and_least() {
    // "no" before a lexicon word negates it rather than adding its own negativity.
    assert!(c("no problems at all") > 0.0);
    assert!(c("no") < 0.0);
    // "least" negates, except "at least" / "very least".
    assert!(c("the least compelling variation") < 0.0);
    assert!(c("at least compelling") > 0.0);
}

#[test]
fn boosters_and_dampeners() {
    let base = c("The service is good");
    assert!(c("The service is extremely good") > base);
    assert!(c("The service is marginally good") < base);
    assert!(c("The service is kind of good") < base);
    assert!(c("The service is extremely bad") < c("The service is bad"));
    // Farther boosters count less (×0.95, ×0.9).
    assert!(c("very good") > c("very , good") - 1e-12);
}

#[test]
fn all_caps_emphasis() {
    assert!(c("The launch was GREAT") > c("The launch was great"));
    assert!(c("The launch was AWFUL") < c("The launch was awful"));
    // Only when caps differ from the rest: an all-caps text gets no bonus.
    assert_eq!(c("GREAT LAUNCH"), c("great launch"));
    assert!((c("Today SUX!") - -0.5461).abs() < 1e-4);
}

#[test]
fn but_shifts_weight_to_the_second_clause() {
    assert!(
        c("The plot was good, but the characters are uncompelling and the dialog is not great.")
            < 0.0
    );
    assert!(c("The food was bad but the service was great") > 0.0);
    assert!(c("The food was great but the service was bad") < 0.0);
}

#[test]
fn punctuation_emphasis() {
    assert!(c("Great launch!") > c("Great launch"));
    assert!(c("Great launch!!") > c("Great launch!"));
    // At most four "!" count.
    assert_eq!(c("Great launch!!!!"), c("Great launch!!!!!!!"));
    assert!(c("Awful launch!!") < c("Awful launch"));
    // One "?" adds nothing; two or three add 0.18 each; more add 0.96.
    assert_eq!(c("Good launch?"), c("Good launch"));
    assert!(c("Good launch??") > c("Good launch"));
    assert!(c("Good launch????") > c("Good launch???"));
    // Punctuation alone carries no sentiment.
    assert_eq!(c("!!!"), 0.0);
}

#[test]
fn idioms_and_special_cases() {
    assert!(c("With VADER, sentiment analysis is the shit!") > 0.5);
    assert!(c("Most automated sentiment analysis tools are shit.") < 0.0);
    assert!(c("Honestly the new release is yeah right") < c("Honestly the new release is right"));
}

#[test]
fn emoji_and_emoticons() {
    assert!(c("Launch day 🎉🚀") > 0.0);
    assert!(c("Launch day 😢") < 0.0);
    assert!(c("Launch day 😍") > 0.4);
    // As in 3.3.2, an emoji whose description has no lexicon word ("pouting face") is neutral.
    assert_eq!(c("Launch day 😡"), 0.0);
    assert!(c(":) and :D") > 0.7);
    assert!(c("Launch day :(") < 0.0);
    // Reference: "Catch utf-8 emoji such as 💘 and 💋 and 😁" → 0.875 (run of 3.3.2).
    assert!((c("Catch utf-8 emoji such as 💘 and 💋 and 😁") - 0.875).abs() < 1e-4);
}

#[test]
fn shares_and_empty_input() {
    assert_eq!(sentiment(""), Sentiment::default());
    assert_eq!(sentiment("   \n\t "), Sentiment::default());
    let s = sentiment("Good morning, team. Busy week ahead, but a great one.");
    assert!((s.positive + s.neutral + s.negative - 1.0).abs() < 1e-9);
    assert!(s.positive > 0.0 && s.neutral > 0.0);
    let json = serde_json::to_value(s).unwrap();
    for key in ["compound", "positive", "neutral", "negative"] {
        assert!(json.get(key).is_some(), "{key} missing");
    }
}

#[test]
fn odd_and_huge_inputs_do_not_panic() {
    for t in [
        "\0\0\0",
        "\u{301}",
        "a\u{301}\u{301} \u{308}",
        "مرحبا بالعالم هذا رائع",
        "שלום עולם",
        "👩‍👩‍👧‍👦🏳️‍🌈🇫🇷❤️‍🔥",
        "İSTANBUL ΟΔΟΣ ǅ K",
        "\u{1c}\u{1d}good\u{1e}\u{1f}",
        "no",
        "but",
        "kind of",
        "least",
        "never so",
    ] {
        let s = sentiment(t);
        assert!((-1.0..=1.0).contains(&s.compound), "{t:?}");
    }
    let big = "Great news! But the rollout was not good at all 😡 #fail ".repeat(180_000);
    assert!(big.len() > 10_000_000);
    let s = sentiment(&big);
    assert!((-1.0..=1.0).contains(&s.compound));
    assert!((s.positive + s.neutral + s.negative - 1.0).abs() < 1e-6);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn bounded_and_shares_sum_to_one(text in any::<String>()) {
        check(&sentiment(&text));
    }

    #[test]
    fn bounded_on_wordy_text(words in prop::collection::vec(
        prop::sample::select(vec![
            "good", "BAD", "not", "but", "very", "kind", "of", "no", "least", "at", "the",
            "shit", "never", "so", "this", "!", "??", ":)", "😀", "😡", "isn't", "without",
            "doubt", "or", "great!!", "GREAT", "sort", "yeah", "right", "x",
        ]),
        0..60,
    )) {
        check(&sentiment(&words.join(" ")));
    }
}

fn check(s: &Sentiment) {
    assert!((-1.0..=1.0).contains(&s.compound));
    for share in [s.positive, s.neutral, s.negative] {
        assert!((0.0..=1.0).contains(&share));
    }
    let sum = s.positive + s.neutral + s.negative;
    assert!(sum == 0.0 || (sum - 1.0).abs() < 1e-9, "sum {sum}");
}

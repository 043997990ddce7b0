//! Readability and syllable counting: agreement with the CMU Pronouncing Dictionary,
//! hand-computed formula examples, social-text rules, and no panics on any input.

use brandpilot::content::readability::{Readability, readability, syllables};
use proptest::prelude::*;

/// `core/data/content/cmu_sample.tsv` (see scripts/gen_cmu_sample.py): rank, word, CMU
/// syllables of the first pronunciation, every count any pronunciation gives.
const CMU_SAMPLE: &str = include_str!("../data/content/cmu_sample.tsv");

struct Entry {
    rank: usize,
    word: &'static str,
    accepted: Vec<u32>,
}

fn sample() -> Vec<Entry> {
    CMU_SAMPLE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("rank\t") && !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Entry {
                rank: f[0].parse().unwrap(),
                word: f[1],
                accepted: f[3].split(',').map(|n| n.parse().unwrap()).collect(),
            }
        })
        .collect()
}

/// (agreeing, total) over the entries with rank in `range`, printing mismatches when
/// `BRANDPILOT_SHOW_MISMATCHES` is set.
fn agreement(entries: &[Entry], range: std::ops::RangeInclusive<usize>) -> (usize, usize) {
    let show = std::env::var_os("BRANDPILOT_SHOW_MISMATCHES").is_some();
    let mut ok = 0;
    let mut total = 0;
    for e in entries.iter().filter(|e| range.contains(&e.rank)) {
        total += 1;
        let got = syllables(e.word);
        if e.accepted.contains(&got) {
            ok += 1;
        } else if show {
            println!(
                "MISMATCH\t{}\t{}\t{}\t{:?}",
                e.rank, e.word, got, e.accepted
            );
        }
    }
    (ok, total)
}

#[test]
fn syllables_agree_with_cmudict() {
    let entries = sample();
    assert_eq!(entries.len(), 5000);
    let (ok_all, n_all) = agreement(&entries, 1..=5000);
    let (ok_a, n_a) = agreement(&entries, 1..=2500);
    let (ok_b, n_b) = agreement(&entries, 2501..=5000);
    let rate = |ok: usize, n: usize| ok as f64 / n as f64 * 100.0;
    println!(
        "CMUdict agreement: all {:.2}% ({ok_all}/{n_all}); ranks 1-2500 (exceptions drawn from here) {:.2}% ({ok_a}/{n_a}); held-out ranks 2501-5000 {:.2}% ({ok_b}/{n_b})",
        rate(ok_all, n_all),
        rate(ok_a, n_a),
        rate(ok_b, n_b),
    );
    assert!(rate(ok_all, n_all) >= 95.0);
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn cat_sat_on_the_mat() {
    let r = readability("The cat sat on the mat.");
    assert_eq!(
        (
            r.words,
            r.sentences,
            r.syllables,
            r.polysyllabic_words,
            r.characters
        ),
        (6, 1, 6, 0, 17)
    );
    // 206.835 − 1.015·6 − 84.6·1
    assert!(close(r.flesch_reading_ease, 116.145), "{r:?}");
    // 0.39·6 + 11.8·1 − 15.59
    assert!(close(r.flesch_kincaid_grade, -1.45), "{r:?}");
    // 0.4·(6 + 0)
    assert!(close(r.gunning_fog, 2.4));
    assert!(close(r.smog, 3.1291));
    // 0.0588·(17/6·100) − 0.296·(1/6·100) − 15.8
    assert!(close(
        r.coleman_liau,
        0.0588 * 1700.0 / 6.0 - 0.296 * 100.0 / 6.0 - 15.8
    ));
    // 4.71·17/6 + 0.5·6 − 21.43
    assert!(close(r.automated_readability_index, -5.085));
    assert!(close(r.avg_words_per_sentence, 6.0));
    assert!(close(r.avg_syllables_per_word, 1.0));
}

#[test]
fn two_sentences_with_a_polysyllable() {
    // read|a|bil|i|ty (5) mat|ters (2) sim|ple (2) words (1) win (1)
    let r = readability("Readability matters. Simple words win!");
    assert_eq!(
        (r.words, r.sentences, r.syllables, r.polysyllabic_words),
        (5, 2, 11, 1)
    );
    assert!(close(
        r.flesch_reading_ease,
        206.835 - 1.015 * 2.5 - 84.6 * 2.2
    ));
    assert!(close(
        r.flesch_kincaid_grade,
        0.39 * 2.5 + 11.8 * 2.2 - 15.59
    ));
    assert!(close(r.gunning_fog, 0.4 * (2.5 + 20.0)));
    assert!(close(r.smog, 1.0430 * 15f64.sqrt() + 3.1291));
}

#[test]
fn nothing_to_read_is_all_zeros() {
    for text in [
        "",
        "   \n\t  ",
        "🚀🔥",
        "#rust #dev @ada",
        "https://brandpilot.dev 2024 $5 3.5%",
        "... !!! ???",
    ] {
        assert_eq!(readability(text), Readability::default(), "{text:?}");
    }
}

#[test]
fn social_tokens_are_not_words() {
    let r = readability(
        "Big news!\nWe launched 🚀 #startup @ada https://x.com/a www.example.org brandpilot.dev 2024 $5 10x\n\n#tags #only\nThanks",
    );
    assert_eq!(r.words, 5, "{r:?}"); // Big news / We launched / Thanks
    assert_eq!(r.sentences, 3, "{r:?}"); // the hashtag-only line is no sentence
    assert_eq!(r.syllables, 5);
}

#[test]
fn line_breaks_end_sentences() {
    assert_eq!(readability("one\ntwo\n\n\nthree").sentences, 3);
    assert_eq!(readability("one\r\ntwo").sentences, 2);
    assert_eq!(readability("one two three").sentences, 1);
    assert_eq!(readability("Done. Next\nthing").sentences, 3);
}

#[test]
fn sentence_punctuation() {
    assert_eq!(readability("Dr. Smith arrived. He left.").sentences, 2);
    assert_eq!(readability("Use tools, e.g. Rust. Ship it").sentences, 2);
    assert_eq!(readability("Wait... what?! Really?”").sentences, 3);
    // A period inside a token ends nothing; Node.js is a word, brandpilot.dev a link.
    let r = readability("Node.js is fast. Visit brandpilot.dev.");
    assert_eq!((r.words, r.sentences), (4, 2));
    assert_eq!(readability("Pi is 3.14 or so").sentences, 1);
}

#[test]
fn words_keep_their_letters() {
    let r = readability("Well-known B2B café, don’t you think?");
    assert_eq!(r.words, 6);
    assert_eq!(r.characters, 9 + 3 + 4 + 4 + 3 + 5);
    assert_eq!(syllables("café"), 2);
    assert_eq!(syllables("don’t"), 1);
    assert_eq!(syllables("didn't"), 2);
    assert_eq!(syllables("George's"), 2);
}

#[test]
fn non_latin_scripts_count_one_syllable_per_word() {
    let r = readability("Привет мир. 日本語のテキスト");
    assert_eq!((r.words, r.sentences, r.syllables), (3, 2, 3));
}

#[test]
fn syllable_rules() {
    for (word, n) in [
        ("the", 1),
        ("cat", 1),
        ("table", 2),
        ("little", 2),
        ("make", 1),
        ("makes", 1),
        ("boxes", 2),
        ("changes", 2),
        ("wanted", 2),
        ("jumped", 1),
        ("handled", 2),
        ("happy", 2),
        ("yes", 1),
        ("player", 2),
        ("rhythm", 2),
        ("media", 3),
        ("social", 2),
        ("nation", 2),
        ("radio", 3),
        ("actual", 3),
        ("quality", 3),
        ("video", 3),
        ("quiet", 2),
        ("going", 2),
        ("flying", 2),
        ("statement", 2),
        ("something", 2),
        ("careful", 2),
        ("basically", 3),
        ("business", 2),
        ("people", 2),
        ("tv", 2),
        ("www", 9),
        ("Readability", 5),
        ("", 0),
        ("2024", 0),
        ("🚀", 0),
        ("a-b-c", 3),
    ] {
        assert_eq!(syllables(word), n, "{word}");
    }
}

#[test]
fn huge_and_hostile_inputs() {
    let post = "Shipped v2 of our analytics dashboard today! 🚀 Huge thanks to @ada and the team.\n\
                Read more: https://brandpilot.dev/blog #buildinpublic #rust\0\u{feff}";
    let big = post.repeat(10 * 1024 * 1024 / post.len() + 1);
    let r = readability(&big);
    assert!(r.words > 500_000 && r.flesch_reading_ease.is_finite());
    let long_word = "a".repeat(1_000_000);
    assert!(syllables(&long_word) >= 1);
    let r = readability(&"supercalifragilisticexpialidocious".repeat(1000));
    assert_eq!(r.words, 1);
    assert!(r.flesch_reading_ease.is_finite());
    assert_eq!(readability("\0\0\0").words, 0);
}

fn check(r: &Readability) {
    for v in [
        r.flesch_reading_ease,
        r.flesch_kincaid_grade,
        r.gunning_fog,
        r.smog,
        r.coleman_liau,
        r.automated_readability_index,
        r.avg_words_per_sentence,
        r.avg_syllables_per_word,
    ] {
        assert!(v.is_finite(), "{r:?}");
    }
    assert!(r.syllables >= r.words);
    assert!(r.polysyllabic_words <= r.words);
    assert!(r.characters >= r.words);
    assert_eq!(r.words == 0, r.sentences == 0, "{r:?}");
}

proptest! {
    #[test]
    fn never_panics_on_any_string(text in any::<String>()) {
        check(&readability(&text));
        let _ = syllables(&text);
    }

    #[test]
    fn never_panics_on_social_looking_text(
        text in "([a-zA-Z'’\\-]{0,12}|[#@][a-z]{1,8}|https?://[a-z./]{1,20}|[0-9.,%$]{1,6}|[.!?…\\n\\r ]|🚀|é|日本)( |\\n){0,2}{0,40}"
    ) {
        check(&readability(&text));
    }

    #[test]
    fn every_word_has_a_syllable(word in "[a-zA-Z]{1,60}") {
        prop_assert!(syllables(&word) >= 1);
    }
}

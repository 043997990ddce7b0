//! `content::optimize`: each rewrite fixes its issue, keeps the user's text, fits the
//! platform, and never panics.

use brandpilot::content::entities::{EntityKind, extract_entities};
use brandpilot::content::limits::check_length;
use brandpilot::content::{MAX_TEXT_BYTES, Variant, analyze, optimize};
use brandpilot::model::Platform;
use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

fn variant<'a>(vs: &'a [Variant], strategy: &str) -> &'a Variant {
    vs.iter()
        .find(|v| v.strategy == strategy)
        .unwrap_or_else(|| panic!("no {strategy} in {:?}", strategies(vs)))
}

fn strategies(vs: &[Variant]) -> Vec<&str> {
    vs.iter().map(|v| v.strategy.as_str()).collect()
}

/// Words with hashtags' `#` dropped, in order.
fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| w.trim_start_matches('#').to_owned())
        .collect()
}

/// The text without a final line made only of hashtags.
fn body(text: &str) -> &str {
    match text.rsplit_once('\n') {
        Some((head, last))
            if last
                .split_whitespace()
                .all(|w| w.starts_with('#') && w.len() > 1) =>
        {
            head.trim_end()
        }
        _ => text,
    }
}

/// Whether `variant` is a start of `text` (optionally followed by `…`) and then a final part
/// of it (a kept line of hashtags or links): nothing else changed.
fn is_cut_of(text: &str, variant: &str) -> bool {
    let common = text
        .char_indices()
        .zip(variant.chars())
        .take_while(|((_, a), b)| a == b)
        .last()
        .map_or(0, |((i, a), _)| i + a.len_utf8());
    let rest = &variant[common..];
    let rest = rest.strip_prefix('…').unwrap_or(rest);
    common > 0 && text.trim_end().ends_with(rest)
}

const X_LONG: &str = "Launch day! We shipped the new analytics dashboard after six months of work. \
    It shows every metric in one place. Teams can filter by date, channel and campaign. \
    Exports go to CSV and Sheets. Pricing starts at $10 a month. What would you build with it? \
    Tell me below. #analytics #saas #launch #product #startup";

#[test]
fn every_variant_of_an_over_limit_x_post_fits_and_ends_a_sentence() {
    let original = analyze(X_LONG, Platform::X).unwrap();
    assert!(!original.length.fits);
    let vs = optimize(X_LONG, Platform::X).unwrap();
    assert!(!vs.is_empty());
    assert!(strategies(&vs).contains(&"trim_to_limit"));
    assert!(strategies(&vs).contains(&"cap_hashtags"));
    for v in &vs {
        let check = check_length(&v.text, Platform::X);
        assert!(check.length <= check.limit, "{}: {check:?}", v.strategy);
        assert!(v.fixes.contains(&"over_limit".to_owned()), "{}", v.strategy);
        let b = body(&v.text);
        assert!(b.ends_with(['.', '!', '?']), "{}: {b:?}", v.strategy);
        assert!(
            X_LONG.starts_with(b),
            "{}: the body is the original's start",
            v.strategy
        );
        assert!(v.quality_gain > 0.0);
        assert_eq!(v.quality, v.analysis.quality.score);
    }
    let trim = variant(&vs, "trim_to_limit");
    assert_eq!(
        trim.text,
        "Launch day! We shipped the new analytics dashboard after six months of work. \
         It shows every metric in one place. Teams can filter by date, channel and campaign. \
         Exports go to CSV and Sheets. Pricing starts at $10 a month. What would you build with it? \
         Tell me below."
    );
    let cap = variant(&vs, "cap_hashtags");
    assert!(cap.text.ends_with("?\n\n#analytics #saas"), "{}", cap.text);
    assert!(cap.changes.iter().any(|c| c.contains("2 of 5")));
}

#[test]
fn trimming_keeps_a_final_hashtag_line_and_counts_the_platform_unit() {
    // Bluesky counts graphemes: each family emoji is one, so a cut must not split them.
    let family = "👨‍👩‍👧‍👦";
    let sentence = format!("Family day {family}{family}. ");
    let text = format!("{}\n\n#family #weekend", sentence.repeat(30).trim_end());
    let before = check_length(&text, Platform::Bluesky);
    assert!(before.length > 300, "{before:?}");
    let vs = optimize(&text, Platform::Bluesky).unwrap();
    let trim = variant(&vs, "trim_to_limit");
    let after = check_length(&trim.text, Platform::Bluesky);
    assert!(after.fits, "{after:?}");
    assert!(
        trim.text.ends_with(".\n\n#family #weekend"),
        "{}",
        trim.text
    );
    let b = body(&trim.text);
    assert!(text.starts_with(b));
    assert!(
        text.grapheme_indices(true).any(|(i, _)| i == b.len()),
        "cut at a grapheme boundary"
    );
}

#[test]
fn trimming_never_cuts_inside_an_entity_and_falls_back_to_a_word() {
    let text = format!(
        "{} https://example.com/a/very/long/path/to/the/launch/notes and @ada #launch",
        "word ".repeat(60)
    );
    let vs = optimize(&text, Platform::X).unwrap();
    let trim = variant(&vs, "trim_to_limit");
    assert!(check_length(&trim.text, Platform::X).fits);
    assert!(trim.text.ends_with('…'), "{}", trim.text);
    let head = trim.text.trim_end_matches('…');
    assert!(text.starts_with(head));
    let original = extract_entities(&text);
    for e in extract_entities(&trim.text) {
        assert!(
            original
                .iter()
                .any(|o| o.kind == e.kind && o.text == e.text && o.byte_start == e.byte_start),
            "{e:?} was cut"
        );
    }
}

#[test]
fn breaking_the_hook_fits_the_fold_and_changes_only_whitespace() {
    let text = "We cut our cloud bill by 38% in one quarter. Here is every step we took, from \
                tagging to rightsizing to the weekly review that keeps it down, and what we would \
                do differently next time if we had to start again from zero.\n\nWhat would you try first?";
    let original = analyze(text, Platform::Linkedin).unwrap();
    assert_eq!(original.features.hook_fits_fold, Some(false));
    let vs = optimize(text, Platform::Linkedin).unwrap();
    let hook = variant(&vs, "break_hook");
    assert_eq!(hook.analysis.features.hook_fits_fold, Some(true));
    assert_eq!(
        hook.analysis.features.hook,
        "We cut our cloud bill by 38% in one quarter."
    );
    assert_eq!(hook.fixes, ["hook_below_fold"]);
    assert_eq!(hook.text.replacen("\n\n", " ", 1), text);
    assert_eq!(words(&hook.text), words(text));
}

#[test]
fn a_long_first_sentence_breaks_at_a_clause_before_the_fold() {
    let text = "After three years of building data platforms for startups and enterprises across \
                Europe, I learned that the hardest problems are never technical but always about \
                people and incentives and the stories teams tell themselves.\n\nAgree?";
    let vs = optimize(text, Platform::Linkedin).unwrap();
    let hook = variant(&vs, "break_hook");
    assert!(
        hook.text
            .starts_with("After three years of building data platforms for startups and enterprises across Europe,\n\nI learned"),
        "{}",
        hook.text
    );
    assert_eq!(hook.analysis.features.hook_fits_fold, Some(true));
    assert_eq!(words(&hook.text), words(text));
}

#[test]
fn hashtags_are_moved_or_capped_without_touching_other_words() {
    let text = "Sunset at the beach with friends after a long week of work, the sky turned orange \
                and pink #sunset #beach #friends #summer #travel #photography #nature\n\nWho else was there?";
    let vs = optimize(text, Platform::Instagram).unwrap();
    let moved = variant(&vs, "move_hashtags_to_end");
    assert_eq!(
        moved.text,
        "Sunset at the beach with friends after a long week of work, the sky turned orange and pink\
         \n\nWho else was there?\n\n#sunset #beach #friends #summer #travel #photography #nature"
    );
    let mut a = words(text);
    let mut b = words(&moved.text);
    a.sort();
    b.sort();
    assert_eq!(a, b, "the same words, only moved");
    let cap = variant(&vs, "cap_hashtags");
    assert!(
        cap.text
            .ends_with("\n\n#sunset #beach #friends #summer #travel")
    );
    assert!(
        cap.fixes
            .contains(&"too_many_hashtags_for_platform".to_owned())
    );
    assert!(cap.analysis.length.fits);
    // Every kept word is the original's, in the original's order.
    let original = words(text);
    let mut it = original.iter();
    for w in words(body(&cap.text)) {
        assert!(it.any(|o| *o == w), "{w} invented or reordered");
    }
}

#[test]
fn inline_hashtags_stay_words() {
    let text = "I love #rust and #go for backend work, and #python for scripts. #coding #dev";
    let vs = optimize(text, Platform::X).unwrap();
    let cap = variant(&vs, "cap_hashtags");
    assert_eq!(
        cap.text,
        "I love #rust and #go for backend work, and python for scripts."
    );
    assert!(
        cap.changes
            .iter()
            .any(|c| c.contains("plain words (python)"))
    );
    assert_eq!(cap.analysis.features.hashtags, 2);
}

#[test]
fn calm_shouting_changes_case_only_and_keeps_acronyms() {
    let text = "THIS IS VERY BIG NEWS for the CEO and our AI team. Comment below!";
    let vs = optimize(text, Platform::X).unwrap();
    let calm = variant(&vs, "calm_shouting");
    assert_eq!(
        calm.text,
        "This is very big news for the CEO and our AI team. Comment below!"
    );
    assert_eq!(calm.text.to_lowercase(), text.to_lowercase());
    assert_eq!(calm.fixes, ["shouting"]);
}

#[test]
fn walls_of_text_are_split_at_sentence_ends() {
    let text = format!(
        "Short hook.\n\n{}\n\nWhat do you think?",
        "We tried a new approach to onboarding and it changed how the team works. ".repeat(12)
    );
    let vs = optimize(&text, Platform::Linkedin).unwrap();
    let split = variant(&vs, "split_paragraphs");
    assert!(split.analysis.features.longest_paragraph <= 600);
    assert_eq!(split.fixes, ["wall_of_text"]);
    assert_eq!(words(&split.text), words(&text));
    for para in split.text.split("\n\n") {
        assert!(para.trim_end().ends_with(['.', '?']), "{para:?}");
    }
}

#[test]
fn links_can_move_to_a_comment_on_linkedin() {
    let text = format!(
        "{}\n\nThe full write-up: https://example.com/post\n\nWhat would you add?",
        "We rebuilt our onboarding in six weeks and learned a lot about our customers. ".repeat(17)
    );
    let vs = optimize(&text, Platform::Linkedin).unwrap();
    let link = variant(&vs, "move_link_to_comment");
    assert!(!link.text.contains("https://"));
    assert!(
        link.text
            .contains("The full write-up:\n\nWhat would you add?")
    );
    assert!(link.fixes.contains(&"link_in_body".to_owned()));
    assert!(link.changes[0].contains("https://example.com/post"));
    assert!(link.quality_gain >= 0.0);
}

#[test]
fn all_combines_the_fixes_and_variants_are_sorted() {
    let text = "Big news from our team this quarter, because after months of quiet work on the platform \
                we finally shipped the analytics dashboard that so many of you asked for, and it is live \
                today for everyone who signed up in the beta programme last year. More soon.\n\n\
                What do you think? #analytics #data #product #launch";
    let vs = optimize(text, Platform::Linkedin).unwrap();
    let all = variant(&vs, "all");
    assert!(all.fixes.contains(&"too_many_hashtags".to_owned()));
    assert!(all.fixes.contains(&"hook_below_fold".to_owned()));
    assert!(vs.iter().all(|v| v.quality <= all.quality));
    assert!(vs.windows(2).all(|w| w[0].quality > w[1].quality
        || (w[0].quality == w[1].quality && w[0].strategy < w[1].strategy)));
    for v in &vs {
        assert!(v.quality_gain > 0.0 || !v.fixes.is_empty());
        let before = analyze(text, Platform::Linkedin).unwrap();
        for f in &v.fixes {
            assert!(before.issues.iter().any(|i| &i.code == f));
            assert!(!v.analysis.issues.iter().any(|i| &i.code == f));
        }
        assert_eq!(v.analysis, analyze(&v.text, Platform::Linkedin).unwrap());
    }
    assert_eq!(
        vs,
        optimize(text, Platform::Linkedin).unwrap(),
        "deterministic"
    );
}

#[test]
fn nothing_to_fix_gives_no_variant() {
    let text = "Short and sweet. What do you think?";
    assert!(analyze(text, Platform::Threads).unwrap().issues.is_empty());
    assert!(optimize(text, Platform::Threads).unwrap().is_empty());
    // Issues no rewrite can fix (a call to action would be new words): nothing either.
    assert!(
        optimize("Quiet day at the office", Platform::X)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn bad_text_is_a_coded_error() {
    for (text, why) in [("", "empty"), (" \t\n", "blank"), ("a\0b", "NUL")] {
        let err = optimize(text, Platform::X).unwrap_err();
        assert_eq!(
            (err.code(), err.field()),
            ("invalid_input", Some("text")),
            "{why}"
        );
    }
    let huge = "a ".repeat(MAX_TEXT_BYTES);
    assert_eq!(
        optimize(&huge, Platform::Facebook).unwrap_err().field(),
        Some("text")
    );
}

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(vec![
            "we", "shipped", "the", "new", "dashboard", "today", "Dr.", "1.", "e.g.", "and",
            "Café", "日本語。", "naïve", "👨‍👩‍👧‍👦", "🚀", "e\u{301}", "—", ",", "(see", "it)",
        ]).prop_map(str::to_owned),
        2 => prop::sample::select(vec![".", "!", "?", "…", "\n", "\n\n", ":"]).prop_map(str::to_owned),
        1 => "#[A-Za-z][A-Za-z0-9_]{0,8}",
        1 => "[A-Z]{2,7}",
        1 => prop::sample::select(vec!["https://example.com/a.b", "example.org", "@ada", "$ACME"]).prop_map(str::to_owned),
        1 => "\\PC{1,4}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn never_panics_and_every_variant_is_valid(
        tokens in prop::collection::vec(token(), 1..140),
        p in 0usize..9,
    ) {
        let text = tokens.join(" ");
        let platform = Platform::ALL[p];
        let Ok(original) = analyze(&text, platform) else {
            prop_assert!(optimize(&text, platform).is_err());
            return Ok(());
        };
        let vs = optimize(&text, platform).unwrap();
        for v in &vs {
            let a = analyze(&v.text, platform);
            prop_assert!(a.is_ok(), "{}: {:?}", v.strategy, v.text);
            prop_assert!(v.quality_gain > -1e-9);
            prop_assert!(v.quality_gain > 1e-9 || !v.fixes.is_empty());
            if !original.length.fits || v.strategy == "trim_to_limit" {
                let c = check_length(&v.text, platform);
                prop_assert!(c.length <= c.limit, "{}: {c:?}", v.strategy);
            }
            if v.strategy == "trim_to_limit" {
                prop_assert!(is_cut_of(&text, &v.text), "{:?} is not a cut of the text", v.text);
            }
            let hashtags = v.analysis.entities.iter().filter(|e| e.kind == EntityKind::Hashtag);
            for e in hashtags {
                prop_assert!(
                    original.entities.iter().any(|o| o.kind == EntityKind::Hashtag
                        && o.text.to_lowercase() == e.text.to_lowercase()),
                    "hashtag {} invented", e.text
                );
            }
        }
    }

    #[test]
    fn never_panics_on_any_text(text in "\\PC{0,700}", p in 0usize..9) {
        let platform = Platform::ALL[p];
        if let Ok(vs) = optimize(&text, platform) {
            for v in vs {
                prop_assert!(analyze(&v.text, platform).is_ok());
            }
        }
    }
}

//! Entities and platform length rules: the twitter-text conformance suite (`extract.yml`,
//! the weighted-length cases of `validate.yml`), Unicode edge cases, every platform's limit,
//! and inputs that must not panic.

use brandpilot::content::entities::{Entity, EntityKind, extract_entities, reply_to};
use brandpilot::content::limits::{LengthUnit, check_length, check_title_length, platform_rules};
use brandpilot::model::Platform;
use serde_yaml_ng::Value;

const EXTRACT_YML: &str = include_str!("../data/content/twitter-text-conformance/extract.yml");
const VALIDATE_YML: &str = include_str!("../data/content/twitter-text-conformance/validate.yml");

fn cases<'a>(doc: &'a Value, group: &str) -> &'a [Value] {
    doc["tests"][group]
        .as_sequence()
        .unwrap_or_else(|| panic!("group {group} missing"))
}

fn s(v: &Value) -> &str {
    v.as_str().expect("string")
}

fn of_kind(entities: &[Entity], kind: EntityKind) -> Vec<&Entity> {
    entities.iter().filter(|e| e.kind == kind).collect()
}

/// `(text, start, end)` of every entity of `kind`.
fn spans(text: &str, kind: EntityKind) -> Vec<(String, u32, u32)> {
    of_kind(&extract_entities(text), kind)
        .into_iter()
        .map(|e| (e.text.clone(), e.start, e.end))
        .collect()
}

fn texts(text: &str, kind: EntityKind) -> Vec<String> {
    spans(text, kind).into_iter().map(|(t, _, _)| t).collect()
}

fn indices(v: &Value) -> (u32, u32) {
    let seq = v["indices"].as_sequence().expect("indices");
    let n = |i: usize| u32::try_from(seq[i].as_u64().expect("index")).expect("u32");
    (n(0), n(1))
}

/// Checks that byte and code-point offsets address the same substring, sigil included.
fn assert_offsets_agree(text: &str) {
    for e in extract_entities(text) {
        let by_bytes = &text[e.byte_start as usize..e.byte_end as usize];
        let by_chars: String = text
            .chars()
            .skip(e.start as usize)
            .take((e.end - e.start) as usize)
            .collect();
        assert_eq!(by_bytes, by_chars, "{text:?} {e:?}");
        assert!(by_bytes.ends_with(&e.text), "{text:?} {e:?}");
    }
}

#[test]
fn twitter_text_extract_conformance() {
    let doc: Value = serde_yaml_ng::from_str(EXTRACT_YML).expect("extract.yml parses");
    let mut passed = 0usize;
    let mut failures: Vec<String> = Vec::new();
    let mut check = |group: &str, case: &Value, ok: bool, got: String| {
        if ok {
            passed += 1;
        } else {
            failures.push(format!(
                "[{group}] {}: text {:?}, got {got}",
                s(&case["description"]),
                s(&case["text"])
            ));
        }
    };

    // Plain lists of values.
    for (group, kind) in [
        ("mentions", EntityKind::Mention),
        ("urls", EntityKind::Url),
        ("tco_urls_with_params", EntityKind::Url),
        ("hashtags", EntityKind::Hashtag),
        ("hashtags_from_astral", EntityKind::Hashtag),
        ("cashtags", EntityKind::Cashtag),
    ] {
        for case in cases(&doc, group) {
            let text = s(&case["text"]);
            assert_offsets_agree(text);
            let expected: Vec<String> = case["expected"]
                .as_sequence()
                .expect("expected list")
                .iter()
                .map(|v| s(v).to_owned())
                .collect();
            let got = texts(text, kind);
            check(group, case, got == expected, format!("{got:?}"));
        }
    }

    // Values with [start, end] indices.
    for (group, kind, key) in [
        ("mentions_with_indices", EntityKind::Mention, "screen_name"),
        ("urls_with_indices", EntityKind::Url, "url"),
        ("urls_with_directional_markers", EntityKind::Url, "url"),
        ("hashtags_with_indices", EntityKind::Hashtag, "hashtag"),
        ("cashtags_with_indices", EntityKind::Cashtag, "cashtag"),
    ] {
        for case in cases(&doc, group) {
            let text = s(&case["text"]);
            assert_offsets_agree(text);
            let expected: Vec<(String, u32, u32)> = case["expected"]
                .as_sequence()
                .expect("expected list")
                .iter()
                .map(|v| {
                    let (a, b) = indices(v);
                    (s(&v[key]).to_owned(), a, b)
                })
                .collect();
            let got = spans(text, kind);
            check(group, case, got == expected, format!("{got:?}"));
        }
    }

    // Lists: brandpilot reports `@user/list` as a mention of `user` spanning `@user`, so the
    // expected end moves back by the slug's length; everything else must match exactly.
    for case in cases(&doc, "mentions_or_lists_with_indices") {
        let text = s(&case["text"]);
        assert_offsets_agree(text);
        let expected: Vec<(String, u32, u32)> = case["expected"]
            .as_sequence()
            .expect("expected list")
            .iter()
            .map(|v| {
                let (a, b) = indices(v);
                let slug = u32::try_from(s(&v["list_slug"]).chars().count()).expect("u32");
                (s(&v["screen_name"]).to_owned(), a, b - slug)
            })
            .collect();
        let got = spans(text, EntityKind::Mention);
        check(
            "mentions_or_lists_with_indices",
            case,
            got == expected,
            format!("{got:?}"),
        );
    }

    for case in cases(&doc, "replies") {
        let text = s(&case["text"]);
        let expected = case["expected"].as_str().map(str::to_owned);
        let got = reply_to(text);
        check("replies", case, got == expected, format!("{got:?}"));
    }

    let total = passed + failures.len();
    println!("extract.yml: {passed}/{total} cases pass");
    assert_eq!(total, 238, "extract.yml holds 238 cases");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn twitter_text_weighted_length_conformance() {
    let doc: Value = serde_yaml_ng::from_str(VALIDATE_YML).expect("validate.yml parses");
    let mut passed = 0usize;
    let mut failures = Vec::new();
    // The v3 groups (emoji parsing on): what X uses today.
    for group in [
        "WeightedTweetsWithDiscountedEmojiCounterTest",
        "UnicodeDirectionalMarkerCounterTest",
    ] {
        for case in cases(&doc, group) {
            let text = s(&case["text"]);
            let expected = case["expected"]["weightedLength"].as_u64().expect("length");
            let got = check_length(text, Platform::X);
            if u64::from(got.length) == expected && got.fits == (expected <= 280) {
                passed += 1;
            } else {
                failures.push(format!(
                    "[{group}] {}: expected {expected}, got {}",
                    s(&case["description"]),
                    got.length
                ));
            }
        }
    }
    println!(
        "validate.yml weighted (v3): {passed}/{} cases pass",
        passed + failures.len()
    );
    assert_eq!(passed + failures.len(), 24);
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // The v2 group (emoji counted per code point) is kept for the record: it agrees with v3
    // except where a text holds emoji.
    let v2 = cases(&doc, "WeightedTweetsCounterTest");
    let agree = v2
        .iter()
        .filter(|c| {
            u64::from(check_length(s(&c["text"]), Platform::X).length)
                == c["expected"]["weightedLength"].as_u64().unwrap_or(0)
        })
        .count();
    println!(
        "validate.yml weighted (v2 group, informational): {agree}/{} agree with v3",
        v2.len()
    );
}

#[test]
fn unicode_hashtags() {
    // Astral letters (mathematical script capital A, U+1D49C; CJK Ext. B U+20021).
    let found = extract_entities("Brand #𝒜lpha and #𠀡 ok");
    assert_eq!(
        texts("Brand #𝒜lpha and #𠀡 ok", EntityKind::Hashtag),
        ["𝒜lpha", "𠀡"]
    );
    assert_eq!((found[0].start, found[0].end), (6, 12));
    assert_eq!((found[0].byte_start, found[0].byte_end), (6, 15));
    assert_eq!((found[1].start, found[1].end), (17, 19));

    // RTL marks around and inside Arabic/Hebrew text.
    let rtl = "\u{200F}#مرحبا\u{200F} \u{202B}#שלום\u{202C} \u{200E}@ada\u{200E}";
    assert_eq!(texts(rtl, EntityKind::Hashtag), ["مرحبا", "שלום"]);
    assert_eq!(texts(rtl, EntityKind::Mention), ["ada"]);
    assert_offsets_agree(rtl);

    // Emoji right before and after a hashtag.
    let emoji = "🚀#launch 🎉 #party🎉 #👍 👨‍👩‍👧‍👦#family";
    assert_eq!(
        texts(emoji, EntityKind::Hashtag),
        ["launch", "party", "family"]
    );
    assert_offsets_agree(emoji);

    // Combining characters stay part of the tag (e + U+0301).
    let combining = "#cafe\u{301} time";
    assert_eq!(texts(combining, EntityKind::Hashtag), ["cafe\u{301}"]);
    assert_offsets_agree(combining);

    // Full-width sigils.
    assert_eq!(
        texts("＃ハッシュタグ ＠ada", EntityKind::Hashtag),
        ["ハッシュタグ"]
    );
    assert_eq!(texts("＃ハッシュタグ ＠ada", EntityKind::Mention), ["ada"]);
    assert_offsets_agree("＃ハッシュタグ ＠ada");
}

#[test]
fn long_texts_give_the_same_entities_as_their_parts() {
    // A long text of repeated posts gives each post's entities, shifted by its offsets.
    let post =
        "Launch day 🚀 #Rust @ada https://brandpilot.dev/a?b=1 $RUST 日本 #日本語 example.com/x\n";
    let long = post.repeat(200);
    assert!(long.len() > 4 * 4096);
    let single = extract_entities(post);
    let (chars, bytes) = (post.chars().count() as u32, post.len() as u32);
    let expected: Vec<Entity> = (0..200u32)
        .flat_map(|i| {
            single.iter().map(move |e| Entity {
                start: e.start + i * chars,
                end: e.end + i * chars,
                byte_start: e.byte_start + i * bytes,
                byte_end: e.byte_end + i * bytes,
                ..e.clone()
            })
        })
        .collect();
    assert_eq!(single.len(), 6);
    assert_eq!(extract_entities(&long), expected);
    let x_one = check_length(post, Platform::X).length;
    assert_eq!(check_length(&long, Platform::X).length, 200 * x_one);
    let m_one = check_length(post, Platform::Mastodon).length;
    assert_eq!(check_length(&long, Platform::Mastodon).length, 200 * m_one);
    assert_eq!(check_length(&long, Platform::Instagram).hashtags, 400);
}

#[test]
fn scheme_less_urls_are_entities() {
    // twitter-text 0.3.1 dropped these (`extract_entities_with_indices`); X counts them.
    assert_eq!(
        texts("see jobs.example.com/rust and ELPAÍS.com", EntityKind::Url),
        ["jobs.example.com/rust", "ELPAÍS.com"]
    );
    let found = extract_entities("docs at example.com/a and https://brandpilot.dev/x?y=1");
    let urls: Vec<_> = of_kind(&found, EntityKind::Url)
        .into_iter()
        .map(|e| e.text.as_str())
        .collect();
    assert_eq!(urls, ["example.com/a", "https://brandpilot.dev/x?y=1"]);
}

#[test]
fn hostile_inputs_do_not_panic() {
    // 10 MB in release builds; 1 MB in debug builds. Every scan is linear, so this stays fast.
    let ten_mb = if cfg!(debug_assertions) {
        1 << 20
    } else {
        10 << 20
    };
    let runs = ten_mb / (64 << 10);
    let inputs: Vec<String> = vec![
        String::new(),
        " \t\n\r ".into(),
        "\0#tag\0@ada\0$ABC\0example.com\0".into(),
        "#".repeat(ten_mb),
        "@".repeat(ten_mb),
        "a.".repeat(ten_mb / 2),
        format!("https://example.com/{}", "a".repeat(ten_mb)),
        "🚀#x ".repeat(ten_mb / 8),
        "\u{301}".repeat(ten_mb / 2),
        "\u{200F}".repeat(ten_mb / 3),
        "x".repeat(ten_mb),
        // Space-separated runs of dotted labels and of sigils.
        format!("{} ", "a.".repeat(511)).repeat(runs),
        format!("{} ", "@".repeat(1025)).repeat(runs),
        // Shapes that would make a naive "try every start" URL scan quadratic: labels that
        // cannot be subdomains, non-ASCII labels (every character is a possible start),
        // underscores, a domain followed by a long TLD-less run, dangling schemes and parens.
        "a-.".repeat(ten_mb / 3),
        format!("日.{}", "日a.a.".repeat(ten_mb / 8)),
        "日_日.".repeat(ten_mb / 8),
        "x.a_b.".repeat(ten_mb / 6),
        format!("a.com.{}", "b.".repeat(ten_mb / 2)),
        "http://".repeat(ten_mb / 7),
        "http://a.com/(".repeat(ten_mb / 14),
        "RT@a".repeat(ten_mb / 4),
        "@a@b.c ".repeat(ten_mb / 7),
    ];
    for text in &inputs {
        let found = extract_entities(text);
        assert!(
            found
                .iter()
                .all(|e| e.start <= e.end && e.byte_start <= e.byte_end)
        );
        for p in Platform::ALL {
            let c = check_length(text, p);
            assert_eq!(c.remaining, i64::from(c.limit) - i64::from(c.length));
        }
    }
}

#[test]
fn each_platform_limit() {
    let expected = [
        (Platform::X, 280, LengthUnit::Weighted),
        (Platform::Linkedin, 3_000, LengthUnit::Characters),
        (Platform::Instagram, 2_200, LengthUnit::Characters),
        (Platform::Facebook, 63_206, LengthUnit::Characters),
        (Platform::Threads, 500, LengthUnit::Characters),
        (Platform::Bluesky, 300, LengthUnit::Graphemes),
        (Platform::Mastodon, 500, LengthUnit::Graphemes),
        (Platform::Tiktok, 2_200, LengthUnit::Utf16Units),
        (Platform::Youtube, 5_000, LengthUnit::Bytes),
    ];
    for (platform, limit, unit) in expected {
        let rules = platform_rules(platform);
        assert_eq!((rules.max_length, rules.unit), (limit, unit), "{platform}");
        // ASCII letters weigh 1 in every unit.
        let at = "a".repeat(limit as usize);
        let check = check_length(&at, platform);
        assert_eq!((check.length, check.remaining), (limit, 0), "{platform}");
        assert!(check.fits, "{platform}");
        let over = check_length(&format!("{at}a"), platform);
        assert_eq!(over.remaining, -1, "{platform}");
        assert!(!over.fits, "{platform}");
    }
    assert_eq!(platform_rules(Platform::Linkedin).fold_chars, Some(210));
    assert_eq!(platform_rules(Platform::Instagram).fold_chars, Some(125));
}

#[test]
fn units_differ_on_astral_text() {
    let text = "🚀é"; // one astral emoji + one BMP letter
    assert_eq!(check_length(text, Platform::Linkedin).length, 2); // code points
    assert_eq!(check_length(text, Platform::Tiktok).length, 3); // UTF-16 units
    assert_eq!(check_length(text, Platform::Youtube).length, 6); // bytes
    assert_eq!(check_length(text, Platform::X).length, 3); // emoji 2 + é 1
}

#[test]
fn hashtag_limits() {
    let five = "#a1 #b2 #c3 #d4 #e5";
    let six = "#a1 #b2 #c3 #d4 #e5 #f6";
    let ok = check_length(five, Platform::Instagram);
    assert_eq!((ok.hashtags, ok.hashtag_limit, ok.fits), (5, Some(5), true));
    let too_many = check_length(six, Platform::Instagram);
    assert_eq!((too_many.hashtags, too_many.fits), (6, false));
    assert!(too_many.remaining > 0, "the length itself fits");
    assert!(!check_length("#one #two", Platform::Threads).fits);
    assert!(check_length(six, Platform::Linkedin).fits);
    assert_eq!(check_length(six, Platform::X).hashtags, 6);
}

#[test]
fn x_counts_every_url_as_23() {
    for url in [
        "example.com/a",
        "example.com",
        "http://example.com",
        "https://a-very-long-domain-name-for-testing.example.com/with/a/long/path?and=query",
    ] {
        assert_eq!(check_length(url, Platform::X).length, 23, "{url}");
    }
    assert_eq!(
        check_length("see example.com/a", Platform::X).length,
        4 + 23
    );
    assert_eq!(check_length("🚀", Platform::X).length, 2);
    assert_eq!(check_length("👨‍👩‍👧‍👦", Platform::X).length, 2);
    assert_eq!(check_length("日本", Platform::X).length, 4);
}

#[test]
fn bluesky_counts_graphemes_and_bytes() {
    let family = "👨‍👩‍👧‍👦"; // 7 code points, 25 bytes, 1 grapheme
    let one = check_length(family, Platform::Bluesky);
    assert_eq!(
        (one.length, one.bytes, one.unit),
        (1, 25, LengthUnit::Graphemes)
    );

    // 120 families: 120 graphemes (under 300) but 3,000 bytes: exactly at the byte cap.
    let at_cap = check_length(&family.repeat(120), Platform::Bluesky);
    assert_eq!(
        (at_cap.length, at_cap.bytes, at_cap.byte_limit),
        (120, 3_000, Some(3_000))
    );
    assert!(at_cap.fits);
    // 121 families: still only 121 graphemes, but over the lexicon's 3,000-byte maxLength.
    let over = check_length(&family.repeat(121), Platform::Bluesky);
    assert_eq!(over.length, 121);
    assert!(over.remaining > 0 && !over.fits);

    let flags = "🇫🇷🇯🇵"; // two regional-indicator pairs
    assert_eq!(check_length(flags, Platform::Bluesky).length, 2);
    assert_eq!(check_length("e\u{301}", Platform::Bluesky).length, 1);
}

#[test]
fn mastodon_counts_urls_as_23_and_remote_handles_short() {
    let long_url = format!("https://example.com/{}", "a".repeat(200));
    assert_eq!(check_length(&long_url, Platform::Mastodon).length, 23);
    assert_eq!(
        check_length(&format!("read {long_url} now"), Platform::Mastodon).length,
        5 + 23 + 4
    );
    // Only URLs with a scheme get the concession (extract_url_without_protocol: false).
    assert_eq!(check_length("example.com/a", Platform::Mastodon).length, 13);
    // `@user@domain` counts as `@user`.
    assert_eq!(
        check_length("hi @ada@mastodon.social", Platform::Mastodon).length,
        3 + 4
    );
    // Graphemes: a family emoji is one.
    assert_eq!(check_length("👨‍👩‍👧‍👦 ok", Platform::Mastodon).length, 4);
    // 500 = 477 letters + one URL.
    let text = format!("{} {}", "a".repeat(476), long_url);
    let c = check_length(&text, Platform::Mastodon);
    assert_eq!((c.length, c.fits), (500, true));
}

#[test]
fn youtube_title_is_checked_separately() {
    let title = check_title_length(&"t".repeat(100), Platform::Youtube).expect("has a title");
    assert_eq!((title.length, title.limit, title.fits), (100, 100, true));
    assert!(
        !check_title_length(&"t".repeat(101), Platform::Youtube)
            .unwrap()
            .fits
    );
    assert_eq!(
        platform_rules(Platform::Youtube).title_max_length,
        Some(100)
    );
    for p in Platform::ALL
        .into_iter()
        .filter(|p| *p != Platform::Youtube)
    {
        assert!(check_title_length("x", p).is_none(), "{p}");
    }
}

#[test]
fn json_shapes_are_snake_case() {
    let e = &extract_entities("#Rust")[0];
    assert_eq!(
        serde_json::to_value(e).unwrap(),
        serde_json::json!({"kind": "hashtag", "text": "Rust", "start": 0, "end": 5,
                           "byte_start": 0, "byte_end": 5})
    );
    let c = serde_json::to_value(check_length("hi", Platform::Tiktok)).unwrap();
    assert_eq!(c["unit"], "utf16_units");
    assert_eq!(c["hashtag_limit"], serde_json::Value::Null);
}

/// Throughput on a few hundred realistic posts:
/// `cargo test --release -p brandpilot --test content_entities -- --ignored --nocapture`.
#[test]
#[ignore = "timing, run on demand in release mode"]
fn throughput() {
    use std::time::Instant;
    let bodies = [
        "Shipped our Q3 roadmap today 🚀 Huge thanks to @ada and @grace for the late nights. Details: https://brandpilot.dev/blog/q3 #ProductManagement #Startups",
        "Three lessons from 10 years in data engineering:\n\n1. Boring tech wins.\n2. Measure before you optimise.\n3. Write it down.\n\nWhat would you add? #DataEngineering #CareerAdvice",
        "Nos vemos en la conferencia de Madrid 🇪🇸 — hablaré de liderazgo técnico. Entradas en example.com/madrid #liderazgo",
        "新製品を発表しました！詳しくはこちら https://example.jp/news #新製品 @brand_jp",
        "$AAPL up 3% after earnings; our take on what it means for creators 👇 https://t.co/abc123",
        "I was rejected from 14 jobs before landing my first PM role. Here's what changed (thread) 🧵",
        "مرحبا بالجميع! نطلق اليوم منتجنا الجديد #إطلاق https://example.com/ar",
        "Hiring! We're looking for a senior Rust engineer (remote, EU). DM me or apply at jobs.example.com/rust 🦀 #hiring #rustlang",
    ];
    let posts: Vec<String> = (0..400)
        .map(|i| {
            let body = bodies[i % bodies.len()];
            if i % 3 == 0 {
                format!("{body} {body}")
            } else {
                body.to_owned()
            }
        })
        .collect();
    let rounds = 50;
    let n = (posts.len() * rounds) as f64;

    let t = Instant::now();
    let mut sink = 0usize;
    for _ in 0..rounds {
        for p in &posts {
            sink += extract_entities(p).len();
        }
    }
    let entities = n / t.elapsed().as_secs_f64();

    for platform in Platform::ALL {
        let t = Instant::now();
        for _ in 0..rounds {
            for p in &posts {
                sink += check_length(p, platform).length as usize;
            }
        }
        println!(
            "check_length {platform}: {:.0} posts/s",
            n / t.elapsed().as_secs_f64()
        );
    }

    let t = Instant::now();
    for _ in 0..rounds {
        for p in &posts {
            sink += extract_entities(p).len();
            sink += check_length(p, Platform::X).length as usize;
            sink += check_length(p, Platform::Linkedin).length as usize;
        }
    }
    let both = n / t.elapsed().as_secs_f64();
    println!("extract_entities: {entities:.0} posts/s");
    println!("extract_entities + check_length(X) + check_length(LinkedIn): {both:.0} posts/s");
    assert!(sink > 0);
}

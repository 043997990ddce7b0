//! Per-platform length rules: how long a post may be, in which unit each platform counts,
//! how many hashtags it accepts, how URLs are counted, and where the feed folds the text.
//!
//! Every limit below cites the page it comes from. Platforms change these numbers; when one
//! does, change the constant and its citation together.
//!
//! ```
//! use brandpilot::content::limits::{check_length, LengthUnit};
//! use brandpilot::model::Platform;
//!
//! // On X every URL counts 23, with or without a scheme, and an emoji counts 2.
//! let check = check_length("Read this 🚀 example.com/a", Platform::X);
//! assert_eq!(check.unit, LengthUnit::Weighted);
//! assert_eq!(check.length, 10 + 2 + 1 + 23);
//! assert!(check.fits);
//!
//! // Bluesky counts graphemes: a family emoji is one.
//! assert_eq!(check_length("👨‍👩‍👧‍👦", Platform::Bluesky).length, 1);
//! ```

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
use unicode_segmentation::UnicodeSegmentation;

use crate::content::entities::{EntityKind, UrlSpan, extract_with_urls, url_spans};
use crate::content::segments::non_ascii_runs;
use crate::model::Platform;

/// The unit a platform counts a post's length in.
///
/// JSON: `"weighted"`, `"characters"`, `"graphemes"`, `"utf16_units"`, `"bytes"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum LengthUnit {
    /// X's weighted length (twitter-text v3): most Latin-script code points weigh 1, other
    /// code points and every emoji sequence weigh 2, every URL weighs 23; text is NFC
    /// normalised first.
    Weighted,
    /// Unicode code points (Python's `len(str)`, Rust's `chars().count()`).
    Characters,
    /// Extended grapheme clusters (what a reader sees as one character: `👨‍👩‍👧‍👦` is one).
    Graphemes,
    /// UTF-16 code units (JavaScript's `string.length`; an astral character counts 2).
    Utf16Units,
    /// UTF-8 bytes.
    Bytes,
}

/// The length rules of one platform's main post text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlatformRules {
    /// The platform these rules belong to.
    pub platform: Platform,
    /// Longest accepted post text, in `unit`.
    pub max_length: u32,
    /// The unit `max_length` is counted in.
    pub unit: LengthUnit,
    /// Second ceiling in UTF-8 bytes, when the platform has one besides `max_length`
    /// (Bluesky: 3,000 bytes as well as 300 graphemes).
    pub max_bytes: Option<u32>,
    /// Most hashtags the platform accepts (or turns into tags) in one post.
    pub max_hashtags: Option<u32>,
    /// Length every URL counts as, whatever its real length, when the platform shortens
    /// links for counting (X and Mastodon: 23).
    pub url_length: Option<u32>,
    /// Approximate number of characters shown in the feed before the text folds behind
    /// "see more" / "more" (a reading guideline, not a limit).
    pub fold_chars: Option<u32>,
    /// Longest title, in characters, for platforms whose posts also have a separate title
    /// (YouTube). Check a title with [`check_title_length`].
    pub title_max_length: Option<u32>,
    /// Where these numbers come from (documentation pages, space-separated).
    pub source: String,
}

/// How a text measures against a platform's rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LengthCheck {
    /// The platform checked against.
    pub platform: Platform,
    /// Length of the text in `unit`, with the platform's URL rule applied.
    pub length: u32,
    /// The unit `length` and `limit` are counted in.
    pub unit: LengthUnit,
    /// The platform's maximum, in `unit`.
    pub limit: u32,
    /// `limit - length`: negative when the text is too long.
    pub remaining: i64,
    /// Whether the text is within every limit: length, bytes (where the platform has a byte
    /// ceiling) and hashtag count. Empty text fits.
    pub fits: bool,
    /// Length of the text in UTF-8 bytes.
    pub bytes: u32,
    /// The platform's byte ceiling, if any (see [`PlatformRules::max_bytes`]).
    pub byte_limit: Option<u32>,
    /// The platform's hashtag ceiling, if any.
    pub hashtag_limit: Option<u32>,
    /// Number of hashtags in the text (twitter-text's hashtag rules).
    pub hashtags: u32,
}

/// Static form of [`PlatformRules`] so the table is a `const` and checks never allocate.
struct Rules {
    max_length: u32,
    unit: LengthUnit,
    max_bytes: Option<u32>,
    max_hashtags: Option<u32>,
    url_length: Option<u32>,
    fold_chars: Option<u32>,
    title_max_length: Option<u32>,
    source: &'static str,
}

const fn rules(platform: Platform) -> Rules {
    match platform {
        // X: 280 weighted characters, twitter-text v3 weighting (code points in U+0000–U+10FF,
        // U+2000–U+200D, U+2010–U+201F, U+2032–U+2037 weigh 1, everything else 2; an emoji
        // sequence weighs 2; every URL 23). Premium accounts may post longer; 280 is the
        // limit for everyone else.
        // https://docs.x.com/fundamentals/counting-characters
        // https://github.com/twitter/twitter-text/blob/master/config/v3.json
        Platform::X => Rules {
            max_length: 280,
            unit: LengthUnit::Weighted,
            max_bytes: None,
            max_hashtags: None,
            url_length: Some(23),
            fold_chars: None,
            title_max_length: None,
            source: "https://docs.x.com/fundamentals/counting-characters \
                     https://github.com/twitter/twitter-text/blob/master/config/v3.json",
        },
        // LinkedIn: 3,000 characters per post (the Posts API `commentary` field and the
        // composer). Feed folds behind "…see more" at about 210 characters on desktop
        // (third-party measurement; LinkedIn does not document it):
        // https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api
        // https://web-3-apps.com/char-counter/articles/linkedin-post-length/
        Platform::Linkedin => Rules {
            max_length: 3_000,
            unit: LengthUnit::Characters,
            max_bytes: None,
            max_hashtags: None,
            url_length: None,
            fold_chars: Some(210),
            title_max_length: None,
            source: "https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api \
                     https://web-3-apps.com/char-counter/articles/linkedin-post-length/",
        },
        // Instagram: captions up to 2,200 characters (Graph API media reference). Hashtags:
        // Instagram cut the cap from 30 to 5 per post or reel in December 2025 ("Instagram will
        // gradually update the number of hashtags that you can include in a caption for a
        // reel or post to five"). Captions fold at about 125 characters in the feed.
        // https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media
        // https://www.socialsamosa.com/news-2/instagram-hashtags-five-per-post-10923075
        Platform::Instagram => Rules {
            max_length: 2_200,
            unit: LengthUnit::Characters,
            max_bytes: None,
            max_hashtags: Some(5),
            url_length: None,
            fold_chars: Some(125),
            title_max_length: None,
            source: "https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media \
                     https://www.socialsamosa.com/news-2/instagram-hashtags-five-per-post-10923075",
        },
        // Facebook: 63,206 characters per post. Meta does not document the figure; it is
        // the composer's long-standing hard limit, measured by third parties:
        // https://blog.hootsuite.com/character-limits-social-media/
        Platform::Facebook => Rules {
            max_length: 63_206,
            unit: LengthUnit::Characters,
            max_bytes: None,
            max_hashtags: None,
            url_length: None,
            fold_chars: None,
            title_max_length: None,
            source: "https://blog.hootsuite.com/character-limits-social-media/",
        },
        // Threads: 500 characters of text per post (Threads API); one topic tag per post
        // (further hashtags stay plain text).
        // https://developers.facebook.com/docs/threads/create-posts
        // https://www.socialsamosa.com/news-2/instagram-hashtags-five-per-post-10923075
        Platform::Threads => Rules {
            max_length: 500,
            unit: LengthUnit::Characters,
            max_bytes: None,
            max_hashtags: Some(1),
            url_length: None,
            fold_chars: None,
            title_max_length: None,
            source: "https://developers.facebook.com/docs/threads/create-posts",
        },
        // Bluesky: the `app.bsky.feed.post` lexicon caps `text` at maxGraphemes 300 and
        // maxLength 3000 (UTF-8 bytes).
        // https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/feed/post.json
        Platform::Bluesky => Rules {
            max_length: 300,
            unit: LengthUnit::Graphemes,
            max_bytes: Some(3_000),
            max_hashtags: None,
            url_length: None,
            fold_chars: None,
            title_max_length: None,
            source: "https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/feed/post.json",
        },
        // Mastodon: 500 by default (instances may raise it: /api/v2/instance
        // `configuration.statuses.max_characters`). StatusLengthValidator counts grapheme
        // clusters, every http(s) URL as 23 (`characters_reserved_per_url`), and
        // `@user@domain` as `@user`.
        // https://github.com/mastodon/mastodon/blob/main/app/validators/status_length_validator.rb
        // https://docs.joinmastodon.org/entities/Instance/#statuses
        Platform::Mastodon => Rules {
            max_length: 500,
            unit: LengthUnit::Graphemes,
            max_bytes: None,
            max_hashtags: None,
            url_length: Some(23),
            fold_chars: None,
            title_max_length: None,
            source: "https://github.com/mastodon/mastodon/blob/main/app/validators/status_length_validator.rb \
                     https://docs.joinmastodon.org/entities/Instance/#statuses",
        },
        // TikTok: the Content Posting API (how brandpilot publishes) accepts a video caption
        // (`post_info.title`) of at most 2,200 UTF-16 runes. The app itself allows 4,000
        // characters, and photo posts take a 4,000-rune description, but a video caption
        // longer than 2,200 is rejected by the API.
        // https://developers.tiktok.com/doc/content-posting-api-reference-direct-post
        Platform::Tiktok => Rules {
            max_length: 2_200,
            unit: LengthUnit::Utf16Units,
            max_bytes: None,
            max_hashtags: None,
            url_length: None,
            fold_chars: None,
            title_max_length: None,
            source: "https://developers.tiktok.com/doc/content-posting-api-reference-direct-post",
        },
        // YouTube: the Data API caps `snippet.description` at 5,000 bytes and
        // `snippet.title` at 100 characters. More than 60 hashtags and YouTube ignores all
        // of them.
        // https://developers.google.com/youtube/v3/docs/videos#snippet.description
        // https://support.google.com/youtube/answer/6390658
        Platform::Youtube => Rules {
            max_length: 5_000,
            unit: LengthUnit::Bytes,
            max_bytes: None,
            max_hashtags: Some(60),
            url_length: None,
            fold_chars: None,
            title_max_length: Some(100),
            source: "https://developers.google.com/youtube/v3/docs/videos#snippet.description \
                     https://support.google.com/youtube/answer/6390658",
        },
    }
}

/// The length rules of `platform`'s main post text (for YouTube, the description).
///
/// ```
/// use brandpilot::content::limits::{platform_rules, LengthUnit};
/// use brandpilot::model::Platform;
/// let r = platform_rules(Platform::Linkedin);
/// assert_eq!((r.max_length, r.unit, r.fold_chars), (3_000, LengthUnit::Characters, Some(210)));
/// ```
pub fn platform_rules(platform: Platform) -> PlatformRules {
    let r = rules(platform);
    PlatformRules {
        platform,
        max_length: r.max_length,
        unit: r.unit,
        max_bytes: r.max_bytes,
        max_hashtags: r.max_hashtags,
        url_length: r.url_length,
        fold_chars: r.fold_chars,
        title_max_length: r.title_max_length,
        source: r.source.to_owned(),
    }
}

/// Measures `text` as `platform` counts its main post text (for YouTube, the description)
/// and says whether it fits. Never panics and does not allocate except on X, where the text
/// is NFC-normalised first as X does.
pub fn check_length(text: &str, platform: Platform) -> LengthCheck {
    let (hashtags, urls) = if text.contains(['#', '＃', '.', ':']) {
        let (entities, urls) = extract_with_urls(text);
        let n = entities
            .iter()
            .filter(|e| e.kind == EntityKind::Hashtag)
            .count();
        (saturate(n), urls)
    } else {
        (0, Vec::new())
    };
    check_length_scanned(text, platform, hashtags, &urls)
}

/// [`check_length`] for a text whose entities were already extracted: its hashtag count and
/// every URL span `url_spans` finds in it.
pub(crate) fn check_length_scanned(
    text: &str,
    platform: Platform,
    hashtags: u32,
    urls: &[UrlSpan],
) -> LengthCheck {
    let r = rules(platform);
    let length = match platform {
        Platform::X => x_weighted(text, urls),
        Platform::Mastodon => mastodon_length(text, urls),
        _ => measure(text, r.unit),
    };
    finish(platform, text, &r, r.max_length, r.unit, length, hashtags)
}

/// Measures a separate title (YouTube: 100 characters) when `platform` has one; `None`
/// otherwise.
///
/// ```
/// use brandpilot::content::limits::check_title_length;
/// use brandpilot::model::Platform;
/// assert!(check_title_length("How I ship Rust", Platform::Youtube).unwrap().fits);
/// assert!(check_title_length("Hi", Platform::X).is_none());
/// ```
pub fn check_title_length(text: &str, platform: Platform) -> Option<LengthCheck> {
    let r = rules(platform);
    let limit = r.title_max_length?;
    let unit = LengthUnit::Characters;
    let length = measure(text, unit);
    let title_rules = Rules {
        max_bytes: None,
        max_hashtags: None,
        ..r
    };
    Some(finish(platform, text, &title_rules, limit, unit, length, 0))
}

fn finish(
    platform: Platform,
    text: &str,
    r: &Rules,
    limit: u32,
    unit: LengthUnit,
    length: u32,
    hashtags: u32,
) -> LengthCheck {
    let bytes = saturate(text.len());
    let fits = length <= limit
        && r.max_bytes.is_none_or(|max| bytes <= max)
        && r.max_hashtags.is_none_or(|max| hashtags <= max);
    LengthCheck {
        platform,
        length,
        unit,
        limit,
        remaining: i64::from(limit) - i64::from(length),
        fits,
        bytes,
        byte_limit: r.max_bytes,
        hashtag_limit: r.max_hashtags,
        hashtags,
    }
}

fn measure(text: &str, unit: LengthUnit) -> u32 {
    saturate(match unit {
        LengthUnit::Characters | LengthUnit::Weighted => text.chars().count(),
        LengthUnit::Graphemes => text.graphemes(true).count(),
        LengthUnit::Utf16Units => text.chars().map(char::len_utf16).sum(),
        LengthUnit::Bytes => text.len(),
    })
}

/// twitter-text v3 weighting (config/v3.json): weights are in hundredths (`scale` 100).
const X_SCALE: u64 = 100;
/// Weight of a code point outside the ranges below, and of an emoji sequence.
const X_DEFAULT_WEIGHT: u64 = 200;
/// Code point ranges weighing 100 (U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F,
/// U+2032–U+2037).
const X_LIGHT_RANGES: [(u32, u32); 4] = [(0, 4351), (8192, 8205), (8208, 8223), (8242, 8247)];
/// Every URL weighs `transformedURLLength` (23) × scale.
const X_URL_WEIGHT: u64 = 23 * X_SCALE;

/// X's weighted length (twitter-text v3) and hashtag count. The text is NFC-normalised
/// first, as X does; then every URL (with or without a scheme) weighs 23, every emoji
/// sequence 2, and every other code point 1 or 2 by its range.
fn x_weighted(text: &str, urls: &[UrlSpan]) -> u32 {
    if text.is_empty() {
        return 0;
    }
    let normalized;
    let (nfc, urls): (&str, Cow<'_, [UrlSpan]>) =
        if text.is_ascii() || is_nfc_quick(text.chars()) == IsNormalized::Yes {
            (text, Cow::Borrowed(urls))
        } else {
            normalized = text.nfc().collect::<String>();
            let spans = url_spans(&normalized);
            (normalized.as_str(), Cow::Owned(spans))
        };
    let mut weighted = 0u64;
    let mut pos = 0usize;
    for u in urls.iter() {
        weighted += x_weigh_plain(nfc.get(pos..u.start).unwrap_or(""));
        weighted += X_URL_WEIGHT;
        pos = u.end;
    }
    weighted += x_weigh_plain(nfc.get(pos..).unwrap_or(""));
    saturate_u64(weighted / X_SCALE)
}

/// Weight (in hundredths) of text holding no URL.
fn x_weigh_plain(text: &str) -> u64 {
    if text.is_ascii() {
        return text.len() as u64 * X_SCALE;
    }
    // ASCII outside the non-ASCII runs weighs 1 a byte; only the runs are segmented (see
    // `segments`: every emoji sequence and keycap lies within one run).
    let mut run_bytes = 0usize;
    let mut weight = 0u64;
    for run in non_ascii_runs(text) {
        run_bytes += run.len();
        weight += x_weigh_clusters(run);
    }
    weight + (text.len() - run_bytes) as u64 * X_SCALE
}

/// Weight of `text` cluster by cluster: an emoji sequence weighs 2, anything else the sum
/// of its code points' weights.
fn x_weigh_clusters(text: &str) -> u64 {
    text.graphemes(true)
        .map(|g| {
            if is_emoji_sequence(g) {
                X_DEFAULT_WEIGHT
            } else {
                g.chars().map(x_char_weight).sum()
            }
        })
        .sum()
}

/// The weight twitter-text v3 gives one code point outside URLs and emoji sequences.
fn x_char_weight(c: char) -> u64 {
    let cp = u32::from(c);
    if X_LIGHT_RANGES
        .iter()
        .any(|&(lo, hi)| (lo..=hi).contains(&cp))
    {
        X_SCALE
    } else {
        X_DEFAULT_WEIGHT
    }
}

/// A grapheme cluster of several code points that twitter-text counts as one emoji: a
/// pictograph or keycap base with presentation selectors, skin-tone modifiers, ZWJ-joined
/// pictographs or tag characters, or a pair of regional indicators (a flag). A single code
/// point weighs by its range (every pictograph is above U+10FF, so weighs 2 anyway).
fn is_emoji_sequence(g: &str) -> bool {
    let mut chars = g.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let rest = chars.as_str();
    if rest.is_empty() {
        return false;
    }
    let keycap = matches!(first, '0'..='9' | '#' | '*') && rest.ends_with('\u{20E3}');
    (keycap || is_pictographic(first) || is_regional_indicator(first))
        && rest.chars().all(|c| {
            matches!(c, '\u{FE0F}' | '\u{200D}' | '\u{20E3}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0020}'..='\u{E007F}')
                || is_pictographic(c)
                || is_regional_indicator(c)
        })
}

fn is_regional_indicator(c: char) -> bool {
    matches!(c, '\u{1F1E6}'..='\u{1F1FF}')
}

/// Approximates Extended_Pictographic: the emoji blocks plus the older symbols emoji use.
fn is_pictographic(c: char) -> bool {
    matches!(c,
        '\u{A9}' | '\u{AE}' | '\u{203C}' | '\u{2049}' | '\u{2122}' | '\u{2139}'
        | '\u{2194}'..='\u{2199}' | '\u{21A9}' | '\u{21AA}' | '\u{231A}'..='\u{23FF}'
        | '\u{24C2}' | '\u{25AA}'..='\u{25FE}' | '\u{2600}'..='\u{27BF}' | '\u{2934}' | '\u{2935}'
        | '\u{2B05}'..='\u{2B55}' | '\u{3030}' | '\u{303D}' | '\u{3297}' | '\u{3299}'
        | '\u{1F000}'..='\u{1FAFF}' | '\u{1FC00}'..='\u{1FFFD}')
}

/// Mastodon's countable length: grapheme clusters, each http(s) URL as 23, `@user@domain`
/// as `@user` (StatusLengthValidator#countable_text).
fn mastodon_length(text: &str, urls: &[UrlSpan]) -> u32 {
    if !text.contains([':', '@', '＠']) {
        return measure(text, LengthUnit::Graphemes);
    }
    // (start, end, counted length) of every URL and remote mention, in order.
    let mut spans: Vec<(usize, usize, usize)> = urls
        .iter()
        .filter(|u| u.has_scheme)
        .map(|u| (u.start, u.end, 23))
        .collect();
    remote_mentions(text, &mut spans);
    spans.sort_by_key(|s| s.0);
    let mut total = 0usize;
    let mut cursor = 0usize;
    for (start, end, counted) in spans {
        if start < cursor {
            continue;
        }
        total += text
            .get(cursor..start)
            .map_or(0, |s| s.graphemes(true).count());
        total += counted;
        cursor = end;
    }
    total += text.get(cursor..).map_or(0, |s| s.graphemes(true).count());
    saturate(total)
}

/// `@user@domain` mentions (Mastodon's MENTION_RE): not after a word character, `/` or `=`;
/// counted as `@user`.
fn remote_mentions(text: &str, out: &mut Vec<(usize, usize, usize)>) {
    let bytes = text.as_bytes();
    let word = |c: char| c.is_alphanumeric() || c == '_';
    for (i, c) in text.char_indices() {
        if c != '@' {
            continue;
        }
        if text[..i]
            .chars()
            .next_back()
            .is_some_and(|p| word(p) || p == '/' || p == '=')
        {
            continue;
        }
        let user = bytes[i + 1..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
            .count();
        let at = i + 1 + user;
        if user == 0 || bytes.get(at) != Some(&b'@') {
            continue;
        }
        let domain = &text[at + 1..];
        let mut end = 0usize;
        for (o, d) in domain.char_indices() {
            if word(d) {
                end = o + d.len_utf8();
            } else if d != '.' && d != '-' {
                break;
            }
        }
        if end > 0 {
            out.push((i, at + 1 + end, 1 + user));
        }
    }
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn saturate_u64(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_keycap_after_a_prepend_character_still_weighs_as_an_emoji() {
        // U+0600 (Prepend) weighs 1; the keycap 1️⃣ after it is an emoji sequence (2), as
        // twitter-text's emoji pattern finds it wherever it stands.
        assert_eq!(x_weigh_plain("\u{600}1\u{FE0F}\u{20E3}"), 300);
    }

    proptest! {
        #[test]
        fn x_weight_on_runs_equals_weight_of_every_cluster(
            text in "([a-z0-9 #*\\n]|🚀|👨‍👩‍👧|🇳🇱|🇳|\u{FE0F}|\u{20E3}|\u{200D}|\u{301}|\u{1F3FD}|✅|❤️|©|é|日){0,24}"
        ) {
            prop_assert_eq!(x_weigh_plain(&text), x_weigh_clusters(&text));
        }
    }

    #[test]
    fn every_platform_has_rules_and_a_source() {
        for p in Platform::ALL {
            let r = platform_rules(p);
            assert!(r.max_length > 0);
            assert!(r.source.starts_with("https://"), "{p}");
            let empty = check_length("", p);
            assert_eq!(empty.length, 0);
            assert!(empty.fits);
        }
    }

    #[test]
    fn emoji_sequences() {
        assert!(is_emoji_sequence("1\u{20E3}"));
        assert!(is_emoji_sequence("🙋🏽"));
        assert!(is_emoji_sequence("🇫🇷"));
        assert!(
            !is_emoji_sequence("🚀"),
            "single code points weigh by their range"
        );
        assert!(!is_emoji_sequence("e\u{301}"));
        assert!(!is_emoji_sequence("क्ष"));
    }
}

//! What each platform's own guidance and published studies recommend for a post: how many
//! hashtags, what length, where the "see more" fold falls. These are norms to measure a draft
//! against, not hard limits (those live in [`limits`](super::limits)).

use serde::{Deserialize, Serialize};

use crate::model::Platform;

/// Recommended practice for posts on one platform, with where each figure comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PostPractice {
    /// The platform.
    pub platform: Platform,
    /// Fewest hashtags recommended.
    pub min_hashtags: u32,
    /// Most hashtags recommended.
    pub max_hashtags: u32,
    /// Shortest length (characters) of the best-performing range, when a study gives one.
    pub ideal_min_chars: Option<u32>,
    /// Longest length (characters) of the best-performing range, when a study gives one.
    pub ideal_max_chars: Option<u32>,
    /// Characters shown before the feed truncates the post ("see more"), when it does.
    pub fold_chars: Option<u32>,
    /// Where the figures come from.
    pub source: String,
}

/// The recommended practice for `platform`.
///
/// ```
/// use brandpilot::content::practice::post_practice;
/// use brandpilot::model::Platform;
/// let p = post_practice(Platform::Instagram);
/// assert_eq!((p.min_hashtags, p.max_hashtags), (3, 5));
/// ```
pub fn post_practice(platform: Platform) -> PostPractice {
    let (min_h, max_h, ideal, fold, source) = match platform {
        Platform::Linkedin => (
            1,
            3,
            Some((1_200, 1_600)),
            Some(210),
            "Hashtags: at most 3 (LinkedIn creator guidance, as relayed by wordcounter.nzuki.com, 2025). \
             Length: 1,200–1,600 characters perform best (charcounterpro.com, 2025; connectsafely.ai, 2026). \
             Fold: ~210 characters before \"see more\" on desktop (connectsafely.ai, 2026).",
        ),
        Platform::Instagram => (
            3,
            5,
            None,
            Some(125),
            "Hashtags: 3–5 (Instagram @creators, autumn 2021, as reported by basicthinking.com and \
             mediaalacarte.com). Fold: captions truncate after ~125 characters in the feed.",
        ),
        Platform::X => (
            0,
            2,
            Some((71, 100)),
            None,
            "Hashtags: 1–2 per post (X Business best practices). Length: posts of 71–100 characters \
             drew the most engagement (Buddy Media, 2012).",
        ),
        Platform::Facebook => (
            0,
            2,
            Some((40, 80)),
            Some(480),
            "Hashtags: 0–2 (Facebook posts gain little from hashtags; Hootsuite). Length: 40–80 \
             characters (Jeff Bullas / BlitzLocal study of brand posts). Fold: ~480 characters.",
        ),
        Platform::Threads => (
            0,
            1,
            None,
            None,
            "Hashtags: Threads links one topic tag per post (Threads help center).",
        ),
        Platform::Bluesky => (
            0,
            2,
            None,
            None,
            "Hashtags: used sparingly for feeds; 0–2 (Bluesky community practice, Buffer 2025).",
        ),
        Platform::Mastodon => (
            1,
            5,
            None,
            Some(500),
            "Hashtags: Mastodon has no algorithmic feed, so hashtags are the main way to be found; \
             a few CamelCase tags (joinmastodon.org guidance). Fold: long posts collapse (~500 chars).",
        ),
        Platform::Tiktok => (
            3,
            5,
            None,
            Some(100),
            "Hashtags: 3–5 relevant tags (TikTok Creator Academy guidance). Fold: captions truncate \
             after ~100 characters.",
        ),
        Platform::Youtube => (
            1,
            3,
            None,
            Some(100),
            "Hashtags: YouTube shows up to 3 hashtags above the title and ignores all of them past \
             60 (YouTube Help, hashtag policy). Fold: ~100 characters of description show.",
        ),
    };
    PostPractice {
        platform,
        min_hashtags: min_h,
        max_hashtags: max_h,
        ideal_min_chars: ideal.map(|(a, _)| a),
        ideal_max_chars: ideal.map(|(_, b)| b),
        fold_chars: fold,
        source: source.to_owned(),
    }
}

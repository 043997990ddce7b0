//! The features the engagement model reads from a post: its text analysis, media, local
//! posting time and platform, each under a stable name.

use chrono::{DateTime, Datelike, Timelike, Utc};
use chrono_tz::Tz;

use crate::content::ContentAnalysis;
use crate::model::{MediaKind, Platform};

/// Every feature the model knows, in a fixed order. A fitted model keeps the subset that
/// varied in its history, by name, so later versions may add names without breaking stored
/// models.
///
/// - `log_characters`: ln(1 + characters);
/// - `words`, `hashtags`, `mentions`, `urls`, `emoji`, `line_breaks`: counts;
/// - `has_question`, `has_call_to_action`: 0/1;
/// - `hook_fits_fold`: 1 when the first line ends before "see more" (or the platform has no
///   fold), else 0;
/// - `reading_ease`: Flesch Reading Ease, clamped to 0–120 (the formula is unbounded on
///   very short texts);
/// - `sentiment`: VADER compound, −1…+1;
/// - `quality`: the 0–100 quality score for the platform;
/// - `media_image` … `media_poll`: one-hot media kind (text-only is the reference, all 0);
/// - `hour_sin`, `hour_cos`: local time of day on a circle (so 23:30 is next to 00:30);
/// - `weekend`: 1 on a local Saturday or Sunday;
/// - `platform_<name>`: one-hot platform, used only when the history has more than one.
pub const FEATURE_NAMES: [&str; 31] = [
    "log_characters",
    "words",
    "hashtags",
    "mentions",
    "urls",
    "emoji",
    "line_breaks",
    "has_question",
    "has_call_to_action",
    "hook_fits_fold",
    "reading_ease",
    "sentiment",
    "quality",
    "media_image",
    "media_video",
    "media_carousel",
    "media_document",
    "media_link",
    "media_poll",
    "hour_sin",
    "hour_cos",
    "weekend",
    "platform_linkedin",
    "platform_x",
    "platform_facebook",
    "platform_instagram",
    "platform_threads",
    "platform_bluesky",
    "platform_mastodon",
    "platform_tiktok",
    "platform_youtube",
];

/// Number of features in [`FEATURE_NAMES`].
pub(crate) const N_FEATURES: usize = FEATURE_NAMES.len();

/// Index of the first `platform_*` feature.
pub(crate) const FIRST_PLATFORM: usize = 22;

/// Index of a feature name in [`FEATURE_NAMES`].
pub(crate) fn feature_index(name: &str) -> Option<usize> {
    FEATURE_NAMES.iter().position(|n| *n == name)
}

fn flag(b: bool) -> f64 {
    if b { 1.0 } else { 0.0 }
}

/// All [`FEATURE_NAMES`] values of one post. `platform` one-hots are always filled; the
/// caller decides whether the model uses them.
pub(crate) fn raw_features(
    analysis: &ContentAnalysis,
    media: MediaKind,
    at: DateTime<Utc>,
    tz: Tz,
) -> [f64; N_FEATURES] {
    let f = &analysis.features;
    let local = at.with_timezone(&tz);
    let hour = f64::from(local.hour()) + f64::from(local.minute()) / 60.0;
    let angle = hour / 24.0 * std::f64::consts::TAU;
    let weekend = local.weekday().num_days_from_monday() >= 5;
    let mut x = [0.0; N_FEATURES];
    let text = [
        f64::from(f.characters).ln_1p(),
        f64::from(analysis.readability.words),
        f64::from(f.hashtags),
        f64::from(f.mentions),
        f64::from(f.urls),
        f64::from(f.emoji),
        f64::from(f.line_breaks),
        flag(f.has_question),
        flag(f.has_call_to_action),
        flag(f.hook_fits_fold.unwrap_or(true)),
        analysis.readability.flesch_reading_ease.clamp(0.0, 120.0),
        analysis.sentiment.compound,
        analysis.quality.score,
    ];
    x[..text.len()].copy_from_slice(&text);
    let media_slot = match media {
        MediaKind::None => None,
        MediaKind::Image => Some(13),
        MediaKind::Video => Some(14),
        MediaKind::Carousel => Some(15),
        MediaKind::Document => Some(16),
        MediaKind::Link => Some(17),
        MediaKind::Poll => Some(18),
    };
    if let Some(i) = media_slot {
        x[i] = 1.0;
    }
    x[19] = angle.sin();
    x[20] = angle.cos();
    x[21] = flag(weekend);
    x[platform_feature(analysis.platform)] = 1.0;
    // NaN-free by construction (every input is a finite count or score), but a stray
    // non-finite value must not poison the fit.
    for v in &mut x {
        if !v.is_finite() {
            *v = 0.0;
        }
    }
    x
}

/// Index of the `platform_<name>` feature of `platform`.
pub(crate) fn platform_feature(platform: Platform) -> usize {
    FIRST_PLATFORM
        + Platform::ALL
            .iter()
            .position(|p| *p == platform)
            .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_line_up_with_their_slots() {
        assert_eq!(feature_index("media_image"), Some(13));
        assert_eq!(feature_index("media_poll"), Some(18));
        assert_eq!(feature_index("hour_sin"), Some(19));
        assert_eq!(feature_index("weekend"), Some(21));
        for p in Platform::ALL {
            assert_eq!(
                FEATURE_NAMES[platform_feature(p)],
                format!("platform_{}", p.as_str())
            );
        }
    }

    #[test]
    fn time_features_are_local() {
        let a = crate::content::analyze("Hello there, friends", Platform::Linkedin).unwrap();
        let tz: Tz = "Europe/Amsterdam".parse().unwrap();
        // Saturday 2026-11-21 23:30 UTC is Sunday 00:30 in Amsterdam.
        let at = "2026-11-21T23:30:00Z".parse().unwrap();
        let x = raw_features(&a, MediaKind::Carousel, at, tz);
        assert_eq!(x[21], 1.0);
        assert!((x[19] - (0.5f64 / 24.0 * std::f64::consts::TAU).sin()).abs() < 1e-12);
        assert_eq!(x[15], 1.0);
        assert_eq!(x[FIRST_PLATFORM], 1.0);
        // Friday 22:30 UTC is Friday 23:30 local: not the weekend.
        let at = "2026-11-20T22:30:00Z".parse().unwrap();
        assert_eq!(raw_features(&a, MediaKind::None, at, tz)[21], 0.0);
    }
}
